// Semantic tokens for the scenario lines of the *active* profile: the TextMate grammars know only
// the built-in profile's messages, so a custom profile's messages are coloured from the analysis
// instead (reader, updater and init events, and the task a message names). Range-based: only the
// visible lines are looked at, whatever the size of the log.
import * as vscode from 'vscode';
import type { EventKind, LogEvent } from '../core/model';
import type { AnalysisService } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guardAsync } from './log';

const TOKEN_TYPES = ['rcuReader', 'rcuUpdater', 'rcuInit', 'rcuTask'] as const;
export const LEGEND = new vscode.SemanticTokensLegend([...TOKEN_TYPES], []);

function typeOf(kind: EventKind): number {
  if (kind.startsWith('reader')) return 0;
  if (kind === 'init' || kind === 'spawn') return 2;
  return 1;
}

/** Lower bound: first event with line >= l (events are in line order). */
function firstAt(events: readonly LogEvent[], l: number): number {
  let lo = 0, hi = events.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (events[m]!.line < l) lo = m + 1; else hi = m; }
  return lo;
}

export class LensSemanticTokens implements vscode.DocumentRangeSemanticTokensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeSemanticTokens = this.emitter.event;

  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService) {
    service.onDidUpdate(() => this.emitter.fire());
  }

  provideDocumentRangeSemanticTokens(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.SemanticTokens | undefined> {
    return guardAsync('semanticTokens', undefined, async () => {
      if (!this.docs.isKernel(doc)) return undefined;
      const r = await this.service.get(doc);
      if (token.isCancellationRequested || r.version !== doc.version) return undefined;
      const events = r.analysis.events;
      const b = new vscode.SemanticTokensBuilder(LEGEND);
      for (let i = firstAt(events, range.start.line + 1); i < events.length && events[i]!.line <= range.end.line + 1; i++) {
        const e = events[i]!;
        if (e.line > doc.lineCount) break;
        const text = doc.lineAt(e.line - 1).text;
        const msg = e.text.trimEnd();
        const at = msg ? text.lastIndexOf(msg) : -1;
        if (at < 0) continue;
        const type = typeOf(e.kind);
        // Split out the task only where the message names it (spawn lines, or a task capture in the
        // profile's pattern); an inferred task that happens to be spelled in the text is not named.
        const named = e.kind === 'spawn' || e.attribution === 'known';
        const t = e.task && named ? msg.lastIndexOf(e.task) : -1;
        if (t > 0 && /\W/.test(msg[t - 1]!)) {
          // message up to the task name, the task name, the rest
          b.push(e.line - 1, at, t, type, 0);
          b.push(e.line - 1, at + t, e.task!.length, 3, 0);
          const rest = msg.length - t - e.task!.length;
          if (rest > 0) b.push(e.line - 1, at + t + e.task!.length, rest, type, 0);
        } else {
          b.push(e.line - 1, at, msg.length, type, 0);
        }
      }
      return b.build();
    });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
