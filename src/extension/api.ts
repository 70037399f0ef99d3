// What activate() returns: a small read-only window on the extension's state, for the
// extension-host tests (decorations cannot be read back through the VS Code API) and for other
// extensions that want the analysis of a log.
import * as vscode from 'vscode';
import type { Analysis } from '../core/model';
import type { AppliedDecorations } from './decorations';
import type { Lens } from './lens';
import { activationCost } from './loadClock';

export interface RcuLensApi {
  /** The analysis of an open document's current version (undefined if it is not open). */
  analysis(uri: vscode.Uri): Promise<Analysis | undefined>;
  /** Whether RCU Lens treats the open document as a kernel log. */
  isKernelLog(uri: vscode.Uri): boolean;
  /** The decorations last applied to a document's editors (1-based lines). */
  decorations(uri: vscode.Uri): AppliedDecorations | undefined;
  /** The status bar item's text and tooltip, when shown. */
  statusBar(): { text: string; tooltip: string; visible: boolean };
  /** Whether a timeline panel is open for a log, and the analysis it draws. */
  timeline(uri: vscode.Uri): Promise<{ open: boolean; analysis: Analysis | undefined }>;
  /** What activation cost us: milliseconds evaluating the bundle's modules plus running activate(). */
  activation(): { ms: number; evaluateMs: number; activateMs: number };
  /** Why pattern files of rcuLens.patterns did not load (`path: line:column: what`), after the last load. */
  patternErrors(): Promise<string[]>;
}

export function makeApi(lens: Lens): RcuLensApi {
  const find = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const item = lens.statusBar.item;
  return {
    async analysis(uri) {
      const d = find(uri);
      return d ? (await lens.service.get(d)).analysis : undefined;
    },
    isKernelLog(uri) {
      const d = find(uri);
      return !!d && lens.docs.isKernel(d);
    },
    decorations: (uri) => lens.decorations.applied.get(uri.toString()),
    async timeline(uri) {
      const d = find(uri);
      const analysis = lens.external.get(uri.toString()) ?? (d ? (await lens.service.get(d)).analysis : undefined);
      return { open: lens.timeline.panelFor(uri) !== undefined, analysis };
    },
    activation: activationCost,
    async patternErrors() {
      await lens.profiles.patterns();
      return lens.profiles.patternErrors;
    },
    statusBar: () => ({ text: item.text, tooltip: typeof item.tooltip === 'string' ? item.tooltip : '', visible: lens.statusBar.visible }),
  };
}
