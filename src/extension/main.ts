// Extension entry point (stub: the editor features land with issue 3).
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rcuLens.checkLog', () => {
      void vscode.window.showInformationMessage('RCU Lens: not implemented yet');
    }),
  );
}

export function deactivate(): void {
  // nothing to release yet
}
