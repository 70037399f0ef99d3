// Helpers for the editor-feature tests: the extension's API (what activate() returns) and scratch
// files written into the test workspace (a fresh copy of test/fixtures/ per run).
import * as vscode from 'vscode';
import type { RcuLensApi } from '../../../src/extension/api';
import { extension, fixtureUri, waitFor } from './helpers';

export async function lensApi(): Promise<RcuLensApi> {
  const ext = extension();
  return (ext.isActive ? ext.exports : await ext.activate()) as RcuLensApi;
}

/** Writes a scratch file into the workspace (under scratch/) and returns its URI. */
export async function scratchFile(name: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = fixtureUri(`scratch/${name}`);
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return uri;
}

/** Opens a document and waits until RCU Lens has analysed its current version. */
export async function openAnalysed(uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; api: RcuLensApi }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const api = await lensApi();
  await api.analysis(uri);
  return { editor, api };
}

/** Waits until the decorations applied to the document match its current version. */
export async function decorationsOf(api: RcuLensApi, doc: vscode.TextDocument) {
  return waitFor(`decorations of ${doc.uri.path} at version ${doc.version}`, () => {
    const d = api.decorations(doc.uri);
    return d && d.version === doc.version ? d : undefined;
  });
}

/** The text of every hover at a position. */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
}

/** 0-based line of the first line of the document ending with `suffix`. */
export function lineEndingWith(doc: vscode.TextDocument, suffix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.endsWith(suffix)) return i;
  throw new Error(`no line ending with ${JSON.stringify(suffix)} in ${doc.uri.path}`);
}
