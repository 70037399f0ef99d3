// Shared helpers for the extension-host suite (runs inside VS Code: `vscode` is the real API).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'rcu-lens.rcu-lens';
/** The bundled example log, relative to the workspace (a copy of test/fixtures/). */
export const SEED_LOG = 'seed/phased-state-change.log';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** A file of the test workspace, which holds a copy of test/fixtures/. */
export function fixtureUri(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the runner must open the fixtures workspace');
  return vscode.Uri.joinPath(folder.uri, ...relPath.split('/'));
}

/** Opens a fixture in an editor, as a user double-clicking it would. */
export async function openFixture(relPath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relPath));
  return vscode.window.showTextDocument(doc);
}

/** Waits until `check` returns a truthy value (polling; not a timing assertion) or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
