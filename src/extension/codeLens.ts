// CodeLens on each run's first line: "Show timeline" and "Diff with simulator".
import { wordsOf } from '../core/explain/words';
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { readConfig } from './config';
import type { KernelDocs } from './kernelDocs';
import { guardAsync } from './log';

export class LensCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService) {
    service.onDidUpdate(() => this.emitter.fire());
  }

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    return guardAsync('codeLens', [], async () => {
      if (!this.docs.isKernel(doc) || !readConfig(doc.uri).codeLens) return [];
      const r = await this.service.get(doc);
      const out: vscode.CodeLens[] = [];
      for (const run of r.analysis.runs) {
        if (run.startLine > doc.lineCount) continue;
        const at = new vscode.Range(run.startLine - 1, 0, run.startLine - 1, 0);
        const v = r.analysis.violations.filter((x) => x.run === run.id).length;
        // In the run's pattern's words: `RCU run 2 (rcu-list): 12 readers, 5 grace-period waits, no violation`.
        const w = wordsOf(r.analysis, run);
        const waits = run.pattern ? `, ${run.gracePeriods.length} grace-period wait${run.gracePeriods.length === 1 ? '' : 's'}` : '';
        const summary = `RCU run ${run.id + 1}${run.pattern ? ` (${run.pattern})` : ''}: ${run.readers.length} ${w.reader}${run.readers.length === 1 ? '' : 's'}${waits}, ${v ? `${v} violation${v === 1 ? '' : 's'}` : 'no violation'}`;
        out.push(
          new vscode.CodeLens(at, { title: summary, command: 'rcuLens.checkLog', arguments: [doc.uri], tooltip: 'Run the RCU checks and show the Problems panel' }),
          new vscode.CodeLens(at, { title: '$(graph-line) Show timeline', command: 'rcuLens.showTimeline', arguments: [doc.uri, run.id], tooltip: 'Open the timeline of this run beside the log' }),
          new vscode.CodeLens(at, { title: '$(diff) Diff with simulator', command: 'rcuLens.diffWithSimulator', arguments: [doc.uri, run.id], tooltip: 'Compare this run with what the RCU simulator predicts' }),
        );
      }
      return out;
    });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
