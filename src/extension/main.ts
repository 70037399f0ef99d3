// Extension entry point (desktop, remote and web: the same code, built twice by src/tools/build.mjs).
//
// Activation is cheap: it registers providers and commands and creates the small view objects;
// the analysis core is imported the first time a kernel log is analysed (analysisService.ts).
// Activation events: the `log` and `kernel-log` languages, the commands, the timeline panel.
import * as vscode from 'vscode';
import { type RcuLensApi, makeApi } from './api';
import { LensCodeLensProvider } from './codeLens';
import { checkLog } from './commands/checkLog';
import { exportReport } from './commands/exportReport';
import { openLargeLog } from './commands/openLargeLog';
import { diffWithSimulator } from './commands/diffWithSimulator';
import { selectProfile } from './commands/selectProfile';
import { showTimeline } from './commands/showTimeline';
import { whatIf } from './commands/whatIf';
import { SECTION } from './config';
import { LensFoldingProvider } from './folding';
import { LensHoverProvider } from './hover';
import { DOCUMENT_SELECTOR } from './kernelDocs';
import { type Lens, createLens } from './lens';
import { disposeOutput, logError } from './log';
import { stallExplainer } from './stallExplain';
import { LEGEND, LensSemanticTokens } from './semanticTokens';
import { LensSymbolProvider } from './symbols';

type Handler = (lens: Lens, ...args: unknown[]) => Promise<unknown>;

const COMMANDS: Record<string, Handler> = {
  'rcuLens.showTimeline': (l, a, r) => showTimeline(l, a, r),
  'rcuLens.checkLog': (l, a) => checkLog(l, a),
  'rcuLens.exportReport': (l, a, o) => exportReport(l, a, (o ?? {}) as Parameters<typeof exportReport>[2]),
  'rcuLens.diffWithSimulator': (l, a, r) => diffWithSimulator(l, a, r),
  'rcuLens.whatIf': (l, a, m) => whatIf(l, a, m),
  'rcuLens.selectProfile': (l, a) => selectProfile(l, a),
  'rcuLens.openLargeLog': (l, a, o) => openLargeLog(l, a, (o ?? {}) as Parameters<typeof openLargeLog>[2]),
};

export function activate(context: vscode.ExtensionContext): RcuLensApi {
  const lens = createLens(context);
  for (const [id, run] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(lens, ...args);
      } catch (e) {
        logError(id, e);
        void vscode.window.showErrorMessage(`RCU: ${id.replace('rcuLens.', '')} failed: ${(e as Error).message ?? e}`);
        return undefined;
      }
    }));
  }
  const semantic = new LensSemanticTokens(lens.docs, lens.service);
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new LensHoverProvider(lens.docs, lens.service, stallExplainer)),
    vscode.languages.registerDocumentSymbolProvider(DOCUMENT_SELECTOR, new LensSymbolProvider(lens.docs, lens.service), { label: 'RCU' }),
    vscode.languages.registerFoldingRangeProvider(DOCUMENT_SELECTOR, new LensFoldingProvider(lens.docs, lens.service)),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lens.codeLens as LensCodeLensProvider),
    semantic,
    vscode.languages.registerDocumentRangeSemanticTokensProvider(DOCUMENT_SELECTOR, semantic, LEGEND),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.profiles`)) void lens.profiles.reload();
      if (e.affectsConfiguration(`${SECTION}.detectKernelLogs`)) lens.docs.reset();
      lens.service.refreshAll();
      lens.decorations.refreshAll();
      lens.codeLens.refresh();
    }),
    lens.profiles.onDidChange(() => lens.service.refreshAll()),
  );
  // Documents already open when we activate (the one that triggered activation among them).
  for (const doc of vscode.workspace.textDocuments) if (lens.docs.isKernel(doc)) void lens.service.get(doc);
  lens.decorations.refreshAll();
  return makeApi(lens);
}

export function deactivate(): void {
  disposeOutput();
}
