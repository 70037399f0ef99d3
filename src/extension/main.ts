// Extension entry point (desktop, remote and web: the same code, built twice by src/tools/build.mjs).
//
// Activation is cheap: it registers providers and commands and creates the small view objects;
// the analysis core is imported the first time a kernel log is analysed (analysisService.ts), the
// litmus checker the first time a test is checked (litmusLens.ts). test/unit/lazy-core.test.ts
// keeps it so (no static import path from here to src/core/analyze.ts); the extension-host
// suite prints the activation time (loadClock.ts).
import { clock } from './loadClock';
import * as vscode from 'vscode';
import { type RcuLensApi, makeApi } from './api';
import { LensCodeLensProvider } from './codeLens';
import { checkLog } from './commands/checkLog';
import { selectProfile } from './commands/selectProfile';
import { showTimeline } from './commands/showTimeline';
import { SECTION } from './config';
import { LensFoldingProvider } from './folding';
import { LensHoverProvider } from './hover';
import { checkLitmusCommand, LITMUS_LANGUAGE, LitmusLens, showLitmusExecution } from './litmusLens';
import { DOCUMENT_SELECTOR } from './kernelDocs';
import { type Lens, createLens } from './lens';
import { disposeOutput, logError } from './log';
import { stallExplainer } from './stallExplain';
import { LEGEND, LensSemanticTokens } from './semanticTokens';
import { LensSymbolProvider } from './symbols';

type Handler = (lens: Lens, ...args: unknown[]) => Promise<unknown>;

// The report renderer, the simulator and the streaming reader are loaded on first use (esbuild
// keeps them in the bundle but evaluates them only when imported).
const COMMANDS: Record<string, Handler> = {
  'rcuLens.showTimeline': (l, a, r) => showTimeline(l, a, r),
  'rcuLens.checkLog': (l, a) => checkLog(l, a),
  'rcuLens.exportReport': async (l, a, o) => (await import('./commands/exportReport')).exportReport(l, a, (o ?? {}) as object),
  'rcuLens.diffWithSimulator': async (l, a, r) => (await import('./commands/diffWithSimulator')).diffWithSimulator(l, a, r),
  'rcuLens.whatIf': async (l, a, m) => (await import('./commands/whatIf')).whatIf(l, a, m),
  'rcuLens.selectProfile': (l, a) => selectProfile(l, a),
  'rcuLens.openLargeLog': async (l, a, o) => (await import('./commands/openLargeLog')).openLargeLog(l, a, (o ?? {}) as object),
  'rcuLens.checkAllOrderings': async (l, a) => (await import('./commands/checkAllOrderings')).checkAllOrderings(l, a),
  'rcuLens.checkLitmus': (_l, a) => checkLitmusCommand(litmusLens(), a),
  'rcuLens.showLitmusExecution': (l, a) => showLitmusExecution(l, litmusLens(), a),
};

let litmus: LitmusLens | undefined;
const litmusLens = (): LitmusLens => (litmus ??= new LitmusLens());

clock.loadEnd = performance.now(); // every statically imported module has been evaluated

export function activate(context: vscode.ExtensionContext): RcuLensApi {
  const activateStart = performance.now();
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
    vscode.languages.registerCodeLensProvider({ language: LITMUS_LANGUAGE }, litmusLens()),
    litmusLens(),
    semantic,
    vscode.languages.registerDocumentRangeSemanticTokensProvider(DOCUMENT_SELECTOR, semantic, LEGEND),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.profiles`) || e.affectsConfiguration(`${SECTION}.patterns`)) void lens.profiles.reload();
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
  clock.activateMs = performance.now() - activateStart;
  return makeApi(lens);
}

export function deactivate(): void {
  litmus = undefined;
  disposeOutput();
}
