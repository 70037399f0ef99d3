// Outline: boots → runs → phases → scenario events, and stall reports under their boot.
import * as vscode from 'vscode';
import { eventMeaning, phaseWords, wordsOf } from '../core/explain/words';
import type { ViewWords } from '../core/explain/vocabulary';
import type { RcuRun } from '../core/rcu/model';
import type { Analysis, LogEvent, Run, Stall } from '../core/model';
import type { AnalysisService } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guardAsync } from './log';

const MAX_EVENTS_PER_PHASE = 2000;

function range(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  const last = Math.max(doc.lineCount - 1, 0);
  const s = Math.min(Math.max(start - 1, 0), last), e = Math.min(Math.max(end - 1, s), last);
  return new vscode.Range(s, 0, e, doc.lineAt(e).range.end.character);
}

function sym(doc: vscode.TextDocument, name: string, detail: string, kind: vscode.SymbolKind, start: number, end: number): vscode.DocumentSymbol {
  const r = range(doc, start, end);
  return new vscode.DocumentSymbol(name || '?', detail, kind, r, new vscode.Range(r.start, doc.lineAt(r.start.line).range.end));
}

function secs(a: number | null, b: number | null): string {
  return a !== null && b !== null ? `${(b - a).toFixed(3)} s` : '';
}

function eventSymbol(doc: vscode.TextDocument, e: LogEvent, w: ViewWords): vscode.DocumentSymbol {
  const who = e.task ? ` — ${e.task}` : '';
  const kind = e.kind.startsWith('reader') ? vscode.SymbolKind.Event : e.kind === 'spawn' || e.kind === 'init' ? vscode.SymbolKind.Constructor : vscode.SymbolKind.Method;
  return sym(doc, `${e.text}${who}`, eventMeaning(w, e.kind).title, kind, e.line, e.line);
}

/** A pattern's run (Analysis.rcu) in its own words: its readers' sections and its grace-period waits. */
function patternChildren(doc: vscode.TextDocument, rr: RcuRun, w: ViewWords): vscode.DocumentSymbol[] {
  const out: [number, vscode.DocumentSymbol][] = [];
  for (const s of rr.sections.slice(0, MAX_EVENTS_PER_PHASE)) {
    const first = s.beginLine ?? s.endLine;
    if (first === null) continue;
    const held = s.holds.map((h) => `${w.object} ${h.object}`).join(', ');
    out.push([first, sym(doc, `${s.task}${s.label ? ` (${s.label})` : ''}`, `${w.reader}: read-side critical section${held ? ` · holds ${held}` : ''}`, vscode.SymbolKind.Event, first, s.endLine ?? first)]);
  }
  for (const x of rr.waits.slice(0, MAX_EVENTS_PER_PHASE)) {
    out.push([x.beginLine, sym(doc, `${x.kind}()${x.object !== null ? ` ${w.object} ${x.object}` : ''}`, `${x.task ?? w.updater}: waits for ${x.waitedForCount.toLocaleString('en')} ${w.reader}${x.waitedForCount === 1 ? '' : 's'}`, vscode.SymbolKind.Method, x.beginLine, x.endLine ?? x.beginLine)]);
  }
  return out.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
}

function runSymbol(doc: vscode.TextDocument, run: Run, a: Analysis): vscode.DocumentSymbol {
  const w = wordsOf(a, run);
  const tasks = run.tasks.map((t) => t.name).join(', ');
  const s = sym(doc, `Run ${run.id + 1}`, `${run.pattern ? `${run.pattern} · ` : ''}${run.complete ? 'complete' : 'partial'} · ${tasks} · lines ${run.startLine}–${run.endLine}`, vscode.SymbolKind.Module, run.startLine, run.endLine);
  const rr = run.pattern ? a.rcu?.find((x) => x.run === run.id) : undefined;
  if (rr) {
    s.children = patternChildren(doc, rr, w);
    return s;
  }
  const runEvents = run.events.map((id) => a.events[id]!).filter(Boolean);
  for (const p of run.phases) {
    const ps = sym(doc, `${p.name}`, `${phaseWords(w, p.name).title} · lines ${p.startLine}–${p.endLine}${secs(p.startTime, p.endTime) ? ` · ${secs(p.startTime, p.endTime)}` : ''}`,
      vscode.SymbolKind.Namespace, p.startLine, p.endLine);
    ps.children = runEvents.filter((e) => e.line >= p.startLine && e.line <= p.endLine).slice(0, MAX_EVENTS_PER_PHASE).map((e) => eventSymbol(doc, e, w));
    s.children.push(ps);
  }
  // Events outside every phase (a partial run with no updater) still show.
  const inPhase = (l: number) => run.phases.some((p) => l >= p.startLine && l <= p.endLine);
  for (const e of runEvents.filter((x) => !inPhase(x.line)).slice(0, MAX_EVENTS_PER_PHASE)) s.children.push(eventSymbol(doc, e, w));
  return s;
}

function stallSymbol(doc: vscode.TextDocument, st: Stall): vscode.DocumentSymbol {
  const detail = [st.kinds.join(' + '), st.t !== null ? `t=${st.t}` : '', st.culprit ? `culprit ${st.culprit.frame}` : ''].filter(Boolean).join(' · ');
  return sym(doc, `RCU stall: ${st.flavor}`, detail, vscode.SymbolKind.Event, st.line, st.endLine);
}

export class LensSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService) {}

  provideDocumentSymbols(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    return guardAsync('symbols', [], async () => {
      if (!this.docs.isKernel(doc)) return [];
      const { analysis: a } = await this.service.get(doc);
      const boots = a.boots.length ? a.boots : [{ index: 0, startLine: 1, endLine: Math.max(1, doc.lineCount), banner: null }];
      return boots.map((b) => {
        const name = `Boot ${b.index + 1}`;
        const bs = sym(doc, name, b.banner ? b.banner.slice(0, 120) : `lines ${b.startLine}–${b.endLine}`, vscode.SymbolKind.Package, b.startLine, b.endLine);
        const items: [number, vscode.DocumentSymbol][] = [];
        for (const run of a.runs) if (run.boot === b.index) items.push([run.startLine, runSymbol(doc, run, a)]);
        for (const st of a.stalls) if (st.boot === b.index) items.push([st.line, stallSymbol(doc, st)]);
        bs.children = items.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
        return bs;
      });
    });
  }
}
