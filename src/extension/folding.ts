// Folding: stack traces, register dumps, module lists, stall reports, runs, and long quiet
// stretches of lines unrelated to RCU (src/core/explain/structure.ts finds them).
import * as vscode from 'vscode';
import { logStructure, type RegionKind } from '../core/explain/structure';
import type { AnalysisService } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guardAsync } from './log';

/** Beyond this many lines only the model's regions are offered (the text scan is skipped). */
const MAX_SCAN_LINES = 400_000;

const KIND: Record<RegionKind, vscode.FoldingRangeKind | undefined> = {
  trace: vscode.FoldingRangeKind.Region,
  registers: vscode.FoldingRangeKind.Region,
  modules: vscode.FoldingRangeKind.Imports,
  stall: vscode.FoldingRangeKind.Region,
  run: vscode.FoldingRangeKind.Region,
  quiet: vscode.FoldingRangeKind.Comment, // "Fold All Block Comments" folds the noise away
};

export class LensFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService) {}

  provideFoldingRanges(doc: vscode.TextDocument, _ctx: vscode.FoldingContext, token: vscode.CancellationToken): Promise<vscode.FoldingRange[]> {
    return guardAsync('folding', [], async () => {
      if (!this.docs.isKernel(doc)) return [];
      const r = await this.service.get(doc);
      if (token.isCancellationRequested) return [];
      const lines: string[] = [];
      const n = Math.min(doc.lineCount, MAX_SCAN_LINES);
      for (let i = 0; i < n; i++) lines.push(doc.lineAt(i).text);
      return logStructure(lines, r.analysis, { maxLines: n })
        .filter((x) => x.end <= doc.lineCount && x.start < x.end)
        .map((x) => new vscode.FoldingRange(x.start - 1, x.end - 1, KIND[x.kind]));
    });
  }
}
