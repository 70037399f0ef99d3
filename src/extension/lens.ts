// The extension's parts, created once at activation and handed to the commands.
import * as vscode from 'vscode';
import { AnalysisService } from './analysisService';
import { LensCodeLensProvider } from './codeLens';
import { Decorations } from './decorations';
import { Diagnostics } from './diagnostics';
import { KernelDocs } from './kernelDocs';
import { ProfileStore } from './profiles';
import { LensStatusBar } from './statusBar';

export interface Lens {
  context: vscode.ExtensionContext;
  docs: KernelDocs;
  profiles: ProfileStore;
  service: AnalysisService;
  decorations: Decorations;
  diagnostics: Diagnostics;
  codeLens: LensCodeLensProvider;
  statusBar: LensStatusBar;
}

export function createLens(context: vscode.ExtensionContext): Lens {
  const docs = new KernelDocs();
  const profiles = new ProfileStore();
  const service = new AnalysisService(docs, profiles);
  const lens: Lens = {
    context, docs, profiles, service,
    decorations: new Decorations(context.extensionUri, docs, service),
    diagnostics: new Diagnostics(docs, service),
    codeLens: new LensCodeLensProvider(docs, service),
    statusBar: new LensStatusBar(docs, service),
  };
  context.subscriptions.push(docs, profiles, service, lens.decorations, lens.diagnostics, lens.codeLens, lens.statusBar);
  return lens;
}

/** The document a command acts on: the URI it was given (CodeLens, menus), else the active editor's. */
export async function targetDocument(lens: Lens, arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
    return open ?? vscode.workspace.openTextDocument(arg);
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (doc) return doc;
  // A webview or the Problems panel may have focus: fall back to a visible kernel log.
  return vscode.window.visibleTextEditors.map((e) => e.document).find((d) => lens.docs.isKernel(d));
}

export function basename(uri: vscode.Uri): string {
  const p = uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || uri.toString();
}
