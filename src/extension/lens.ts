// The extension's parts, created once at activation and handed to the commands.
import * as vscode from 'vscode';
import type { Analysis } from '../core/model';
import { AnalysisService } from './analysisService';
import { LensCodeLensProvider } from './codeLens';
import { Decorations } from './decorations';
import { Diagnostics } from './diagnostics';
import { KernelDocs } from './kernelDocs';
import { ProfileStore } from './profiles';
import { SIM_SCHEME, SimDocuments } from './simView';
import { LensStatusBar } from './statusBar';
import { registerTimeline, type TimelineController } from './timeline/panel';

export interface Lens {
  context: vscode.ExtensionContext;
  docs: KernelDocs;
  profiles: ProfileStore;
  service: AnalysisService;
  decorations: Decorations;
  diagnostics: Diagnostics;
  codeLens: LensCodeLensProvider;
  statusBar: LensStatusBar;
  timeline: TimelineController;
  /** Analyses of logs read from disk without a document (Open Large Log), by URI string. */
  external: Map<string, Analysis>;
  /** The simulator's virtual documents (expected and actual event sequences for the diff editor). */
  sim: SimDocuments;
}

export function createLens(context: vscode.ExtensionContext): Lens {
  const docs = new KernelDocs();
  const profiles = new ProfileStore();
  const service = new AnalysisService(docs, profiles);
  const external = new Map<string, Analysis>();
  const sim = new SimDocuments();
  const lens: Lens = {
    context, docs, profiles, service, external, sim,
    timeline: registerTimeline(context, (uri) => analysisFor(uri)),
    decorations: new Decorations(context.extensionUri, docs, service),
    diagnostics: new Diagnostics(docs, service),
    codeLens: new LensCodeLensProvider(docs, service),
    statusBar: new LensStatusBar(docs, service),
  };
  /** The timeline's analysis source: a streamed large log, else the document (opened if need be,
   * e.g. for a panel restored after a reload). */
  async function analysisFor(uri: vscode.Uri): Promise<Analysis | undefined> {
    const ext = external.get(uri.toString());
    if (ext) return ext;
    try {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri);
      return (await service.get(doc)).analysis;
    } catch {
      return undefined; // gone, or too large for a document: the panel says it has nothing
    }
  }
  context.subscriptions.push(sim, vscode.workspace.registerTextDocumentContentProvider(SIM_SCHEME, sim));
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
