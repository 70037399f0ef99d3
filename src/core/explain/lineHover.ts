// The hover text of one log line, in Markdown: what the line means in RCU terms in *this* run.
// A rendering of the model (via LineIndex) plus the fixed meanings of events.ts; it decides no RCU
// fact itself. Pure, so the CLI, the webview's tooltips and tests can use it as the editor does.

import { objectLife } from './objectLife';
import type { GracePeriod, LogEvent, Reader, Run, Stall, Violation } from '../model';
import { fmtSpan, fmtWhen } from '../report/text';
import { RCU_DOCS } from './docs';
import { RCU_EVENT_MEANING, STALL_KIND_MEANING } from './events';
import { eventMeaning, gpWords, pathLabel, phaseWords, ruleMeaning, wordsOf } from './words';
import type { ViewWords } from './vocabulary';
import type { LineIndex } from './lineIndex';
import { separationSentence, syncSentence } from '../kernel/describe';
import { MAX_NAMED_LINKS, namedAndMore } from '../waitLinks';

export interface HoverContext {
  /** A Markdown link (or plain text) to a line of the same document, labelled `label` (default
   * `line N`), e.g. `[line 7](file:///x.log#L7)`. */
  lineRef(line: number, label?: string): string;
  /** Markdown explaining a stall report (the stalls module's explainer); a short fallback when absent. */
  explainStall?(stall: Stall): string;
}

export const plainLineRef = (line: number, label?: string): string => label ?? `line ${line}`;

/** Escape log-derived text for Markdown (task names and messages come from the file). */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).slice(0, 300);
}

/** mdEscape without the length cap, for the model's own sentences (which carry task names). */
function mdEscapeLong(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function span(ctx: HoverContext, a: number | null, b: number | null): string {
  if (a === null && b === null) return 'no lines';
  if (a !== null && b !== null && a !== b) return `lines ${ctx.lineRef(a, String(a))}–${ctx.lineRef(b, String(b))}`;
  if (a !== null && b === null) return `${ctx.lineRef(a)}–(no end in the log)`;
  return ctx.lineRef((a ?? b)!);
}

function readerLabel(w: ViewWords, rd: Reader): string {
  const path = pathLabel(w, rd.path);
  return `**${mdEscape(rd.task)}**${path ? ` (${path})` : ''}`;
}

function readerFirst(rd: Reader): number | null {
  return rd.beginLine ?? rd.pathLine;
}

/** The grace period's call in Markdown (`\`synchronize_rcu()\` #1`), and its fixed lines when the pattern prints some. */
function gpCall(w: ViewWords, gp: GracePeriod): { call: string; lines: [string, string] | null } {
  const g = gpWords(w, gp);
  const m = /^(\S+\(\))(.*)$/.exec(g.label);
  return { call: m ? `\`${m[1]}\`${m[2]}` : mdEscape(g.label), lines: g.lines };
}

/** Violations of the grace period's rule in this run that involve one of the reader's lines. */
function gpViolationsFor(ix: LineIndex, run: Run, rd: Reader, gp: GracePeriod, w: ViewWords): Violation[] {
  const mine = new Set([rd.beginLine, rd.pathLine, rd.endLine].filter((l): l is number => l !== null));
  const rule = gpWords(w, gp).rule;
  return ix.analysis.violations.filter((v) => v.run === run.id && v.rule === rule &&
    (v.related.some((r) => mine.has(r.line)) || mine.has(v.line)) && (!w.gps.length ? v.line === gp.endLine : true));
}

function gpBlock(run: Run, gp: GracePeriod, ctx: HoverContext, w: ViewWords): string {
  const { call, lines } = gpCall(w, gp);
  const out: string[] = [];
  const dur = gp.duration !== null ? `, **${gp.duration.toFixed(3)} s**` : '';
  const ret = gp.endLine !== null ? `returned before ${ctx.lineRef(gp.endLine)}${lines ? ` (\`${lines[1]}\`)` : ''}` : 'never returned in the log';
  out.push(`**Grace period ${gp.index}** — ${call} called after ${gp.beginLine !== null ? ctx.lineRef(gp.beginLine) : '?'}${lines ? ` (\`${lines[0]}\`)` : ''}, ${ret}${dur}.`);
  // The lists name a few readers and count them all (waitLinks.ts): a cut list says so.
  const waited = gp.waitedFor.map((id) => run.readers[id]!).map((rd) => `${readerLabel(w, rd)}, ${span(ctx, readerFirst(rd), rd.endLine)}`);
  const n = gp.waitedForCount;
  out.push(n
    ? `It had to wait for the ${n > waited.length ? `${n.toLocaleString('en')} ` : ''}reader${n > 1 ? 's' : ''} already in a critical section when it began: ${namedAndMore(waited, n, '; ')}.`
    : 'No reader was in a critical section when it began, so it had no reader to wait for.');
  const over = gp.overlapping.map((id) => run.readers[id]!).map((rd) => `${readerLabel(w, rd)}, ${span(ctx, readerFirst(rd), rd.endLine)}`);
  if (gp.overlappingCount) out.push(`Readers that outlived it but were not shown inside a critical section before the call (RCU allows this)${gp.overlappingCount > over.length ? `, ${gp.overlappingCount.toLocaleString('en')} of them` : ''}: ${namedAndMore(over, gp.overlappingCount, '; ')}.`);
  return out.join('\n\n');
}

function readerBlock(ix: LineIndex, run: Run, rd: Reader, ctx: HoverContext, w: ViewWords): string {
  const out: string[] = [];
  // Times since boot, or else the wall clock (dmesg -T, journalctl short).
  const [b0, b1] = rd.beginTime !== null || rd.endTime !== null ? [rd.beginTime, rd.endTime] : [null, null];
  const [w0, w1] = b0 === null && b1 === null ? [rd.beginWall ?? null, rd.endWall ?? null] : [null, null];
  const dur = fmtSpan(b0, b1, w0, w1);
  const times = b0 !== null || b1 !== null || w0 !== null || w1 !== null ? ` (${fmtWhen(b0, w0)} – ${fmtWhen(b1, w1)}${dur ? `, ${dur}` : ''})` : '';
  out.push(`Reader ${readerLabel(w, rd)}: critical section ${span(ctx, readerFirst(rd), rd.endLine)}${times}.`);
  // The grace periods its lists name (a few of each, waitLinks.ts), in index order; the rest counted.
  const byIndex = new Map(run.gracePeriods.map((g) => [g.index, g]));
  const named = [...rd.waitedForBy.map((i) => [i, true] as const), ...rd.overlaps.map((i) => [i, false] as const)].sort((a, b) => a[0] - b[0]);
  for (const [index, mustWait] of named) {
    const gp = byIndex.get(index);
    if (!gp) continue;
    const { call, lines } = gpCall(w, gp);
    if (mustWait) {
      const bad = gpViolationsFor(ix, run, rd, gp, w);
      const verdict = bad.length
        ? `**✗ but grace period ${gp.index} returned while it was still open** — a violation of RCU's grace-period guarantee.`
        : rd.endLine !== null && gp.endLine !== null
          ? `✓ It ended (${ctx.lineRef(rd.endLine)}) before grace period ${gp.index} returned (${ctx.lineRef(gp.endLine)}).`
          : '';
      out.push(`It overlapped **grace period ${gp.index}** and began before ${call} was called${lines ? ` (\`${lines[0]}\`)` : ''}, so RCU must wait for it: the call may not return until this reader ends. ${verdict}`);
    } else {
      out.push(`It overlapped **grace period ${gp.index}** but the log does not show it inside its critical section before ${call} was called (its first line inside comes after ${lines ? `\`${lines[0]}\`` : 'the call'}), so that grace period need not wait for it: RCU allows it to outlive the call. ✓`);
    }
  }
  const moreWaited = rd.waitedForByCount - rd.waitedForBy.length, moreOver = rd.overlapsCount - rd.overlaps.length;
  if (moreWaited > 0 || moreOver > 0) {
    out.push(`It overlapped ${(moreWaited + moreOver).toLocaleString('en')} more grace periods, not described one by one: ` +
      [moreWaited > 0 ? `${moreWaited.toLocaleString('en')} more had to wait for it (${rd.waitedForByCount.toLocaleString('en')} in all)` : '',
        moreOver > 0 ? `${moreOver.toLocaleString('en')} more need not have (${rd.overlapsCount.toLocaleString('en')} in all)` : ''].filter(Boolean).join('; ') + '.');
  }
  if (run.gracePeriods.length && !rd.waitedForByCount && !rd.overlapsCount) out.push('It overlapped no grace period of this run.');
  return out.join('\n\n');
}

function attributionNote(e: LogEvent): string {
  switch (e.attribution) {
    case 'known': return '';
    case 'inferred': return ' _(task inferred from the order of the lines)_';
    case 'ambiguous': return ` _(ambiguous: could be ${(e.candidates ?? []).map(mdEscape).join(' or ') || 'several tasks'}; the first was taken)_`;
    case 'none': return ' _(no task could be attributed)_';
  }
}

function eventBlock(ix: LineIndex, e: LogEvent, ctx: HoverContext): string {
  const run = ix.analysis.runs[e.run];
  const w = wordsOf(ix.analysis, run);
  const m = eventMeaning(w, e.kind);
  const pa = ix.phaseAt(e.line);
  const who = e.task !== null ? `task **${mdEscape(e.task)}**${attributionNote(e)}` : `no task${attributionNote(e)}`;
  const where = [run ? `run ${run.id + 1}` : null, pa ? `phase **${pa.phase.name}**` : null].filter(Boolean).join(', ');
  const out = [`**RCU: ${m.title}** — ${e.kind === 'spawn' ? `starts ${who}` : who}${where ? `; ${where}` : ''}`, m.meaning];
  if (!run) return out.join('\n\n');
  const ra = ix.readerAt(e.line);
  if (ra && ra.run === run) out.push(readerBlock(ix, run, ra.reader, ctx, w));
  for (const g of ix.gpsAt(e.line)) if (g.run === run) out.push(gpBlock(run, g.gp, ctx, w));
  // The kernel's side, when the log has RCU tracepoints or kprobes (kernel/link.ts).
  for (const g of ix.gpsAt(e.line)) {
    const k = g.run === run ? syncSentence(ix.analysis, g.gp) : null;
    if (k) out.push(`**Kernel RCU:** ${mdEscapeLong(k)}.`);
  }
  if (w.work && e.kind === w.work.begin) {
    for (const rd of run.readers) {
      const k = separationSentence(ix.analysis, rd, run);
      if (k && rd.kernelGpsBeforeMaint && !rd.kernelGpsBeforeMaint.length) out.push(`**Kernel RCU:** ✗ ${mdEscapeLong(k)}.`);
    }
  }
  return out.join('\n\n');
}

function phaseBlock(ix: LineIndex, line: number): string | null {
  const pa = ix.phaseAt(line);
  if (!pa) return null;
  const { run, phase } = pa;
  const m = phaseWords(wordsOf(ix.analysis, run), phase.name);
  const dur = fmtSpan(phase.startTime, phase.endTime, phase.startWall, phase.endWall);
  return `**RCU: run ${run.id + 1}, phase ${m.title}** (lines ${phase.startLine}–${phase.endLine}${dur ? `, ${dur}` : ''})${m.meaning ? ` — ${m.meaning}` : ''}`;
}

/** A line of a pattern's run (Analysis.rcu): what it is in RCU's terms and in the run's words —
 * the section, grace-period wait or object it begins, ends or changes. */
function patternBlock(ix: LineIndex, line: number, ctx: HoverContext): string | null {
  const rr = (ix.analysis.rcu ?? []).find((r) => line >= r.startLine && line <= r.endLine);
  if (!rr) return null;
  const run = ix.analysis.runs[rr.run];
  const w = wordsOf(ix.analysis, run);
  const head = (kind: keyof typeof RCU_EVENT_MEANING, who: string | null) =>
    `**RCU: ${RCU_EVENT_MEANING[kind].title}**${who ? ` — ${mdEscape(who)}` : ''}; run ${rr.run + 1}, pattern **${mdEscape(rr.pattern)}**`;
  const out: string[] = [];
  for (const s of rr.sections) {
    const held = s.holds.find((h) => h.line === line);
    const kind = s.beginLine === line ? 'reader-begin' : s.endLine === line ? 'reader-end' : held ? 'reader-holds' : null;
    if (!kind) continue;
    out.push(head(kind, s.task), RCU_EVENT_MEANING[kind].meaning);
    // The waits called while it was inside (rcu/model.ts waitsFrom, waitsTo): a few named, all counted.
    const from = s.waitsFrom ?? 0, nWaits = Math.max(0, (s.waitsTo ?? from) - from);
    const waits = rr.waits.slice(from, from + Math.min(nWaits, MAX_NAMED_LINKS));
    out.push(`${mdEscape(w.reader)} ${mdEscape(s.task)}${s.label ? ` (${mdEscape(s.label)})` : ''}: critical section ${span(ctx, s.beginLine, s.endLine)}` +
      `${s.holds.length ? `, holds ${s.holds.map((h) => `${mdEscape(w.object)} ${mdEscape(h.object)}`).join(', ')}` : ''}` +
      `${nWaits ? `; waited for by ${namedAndMore(waits.map((x) => `\`${x.kind}()\` at ${ctx.lineRef(x.beginLine)}`), nWaits)}` : ''}.`);
  }
  for (const x of rr.waits) {
    if (x.beginLine !== line && x.endLine !== line) continue;
    const kind = x.beginLine === line
      ? ({ synchronize_rcu: 'gp-begin', synchronize_rcu_expedited: 'gp-begin', call_rcu: 'call-rcu', kfree_rcu: 'kfree-rcu', rcu_barrier: 'barrier-begin' } as const)[x.kind]
      : ({ synchronize_rcu: 'gp-end', synchronize_rcu_expedited: 'gp-end', call_rcu: 'callback', kfree_rcu: 'free', rcu_barrier: 'barrier-end' } as const)[x.kind];
    out.push(head(kind, x.task ?? w.updater), RCU_EVENT_MEANING[kind].meaning);
    const readers = x.waitedFor.map((id) => rr.sections[id]!.task);
    out.push(`\`${x.kind}()\`${x.object !== null ? ` for ${mdEscape(w.object)} ${mdEscape(x.object)}` : ''}: ${span(ctx, x.beginLine, x.endLine)}; ` +
      (x.kind === 'rcu_barrier' ? 'waits for the callbacks queued before it.' : x.waitedForCount ? `must wait for ${namedAndMore(readers.map(mdEscape), x.waitedForCount)}, inside before the call.` : `no ${mdEscape(w.reader)} was inside at the call.`));
  }
  for (const o of rr.objects) {
    const kind = o.unlinkLine === line ? 'unlink' : o.freeLine === line && !rr.waits.some((x) => x.endLine === line) ? 'free' : o.publishLine === line ? 'publish' : null;
    if (!kind) continue;
    out.push(head(kind, `${w.object} ${o.id}`), RCU_EVENT_MEANING[kind].meaning);
    out.push(`${mdEscape(w.object)} ${mdEscape(o.id)}: ${objectLife(o, ctx.lineRef)}.`);
  }
  for (const x of rr.work ?? []) {
    const kind = x.beginLine === line ? 'work-begin' : x.endLine === line ? 'work-end' : null;
    if (!kind) continue;
    out.push(head(kind, x.task ?? w.updater), RCU_EVENT_MEANING[kind].meaning);
    out.push(`${mdEscape(x.label ?? 'work')}: ${span(ctx, x.beginLine, x.endLine)}${x.endLine === null ? ' (its end is not in the log)' : ''}.`);
  }
  return out.length ? out.join('\n\n') : null;
}

function violationBlock(ix: LineIndex, v: Violation, ctx: HoverContext, here: number): string {
  const r = ruleMeaning(v.rule, wordsOf(ix.analysis, ix.analysis.runs[v.run])) ?? { title: v.rule, why: '', doc: RCU_DOCS.requirements };
  const rel = v.related.filter((x) => x.line !== here).map((x) => `${ctx.lineRef(x.line)}: ${mdEscape(x.message)}`);
  return [`**✗ ${r.title}** (\`${v.rule}\`)${v.line !== here ? ` — reported at ${ctx.lineRef(v.line)}` : ''}`,
    mdEscape(v.message), ...(rel.length ? [`Involved: ${rel.join('; ')}`] : []), `${r.why} [RCU requirements](${r.doc})`].join('\n\n');
}

/** Short stall text for when the stalls module's explainer is not given. */
function basicStallMarkdown(s: Stall, ctx: HoverContext): string {
  const kinds = s.kinds.map((k) => STALL_KIND_MEANING[k] ?? k).join('; ');
  const fields: string[] = [];
  if (s.t !== null) fields.push(`\`t=${s.t}\` jiffies since the grace period began`);
  if (s.g !== null) fields.push(`\`g=${s.g}\` grace-period sequence number`);
  if (s.q !== null) fields.push(`\`q=${s.q}\` callbacks queued`);
  if (s.ncpus !== null) fields.push(`\`ncpus=${s.ncpus}\` CPUs`);
  if (s.gpsBehind !== null) fields.push(`${s.gpsBehind} GPs behind`);
  if (s.fqs !== null) fields.push(`\`fqs=${s.fqs}\` force-quiescent-state scans`);
  const out = [`**RCU stall: ${mdEscape(s.flavor)}** (${span(ctx, s.line, s.endLine)}) — ${kinds}.`];
  if (fields.length) out.push(fields.join(' · '));
  if (s.culprit) out.push(`Likely culprit: \`${s.culprit.frame.slice(0, 200)}\` (${ctx.lineRef(s.culprit.line)}).`);
  if (s.title) out.push(`syzbot title: \`${mdEscape(s.title)}\` (what syzbot calls it; the culprit is the deeper pointer).`);
  out.push(`[RCU CPU stall warnings](${RCU_DOCS.stallWarn})`);
  return out.join('\n\n');
}

/** The hover Markdown for a line, or null when the line means nothing to RCU Lens. */
export function explainLine(ix: LineIndex, line: number, ctx: HoverContext): string | null {
  const parts: string[] = [];
  for (const v of ix.violationsAt(line)) parts.push(violationBlock(ix, v, ctx, line));
  const e = ix.eventAt(line);
  const s = ix.stallAt(line);
  const stall = s ? (ctx.explainStall ? ctx.explainStall(s) : basicStallMarkdown(s, ctx)) : null;
  if (e) parts.push(eventBlock(ix, e, ctx));
  // Inside a stall report the report matters more than the phase around it.
  if (stall && !e) parts.push(stall);
  const pat = e ? null : patternBlock(ix, line, ctx);
  if (pat) parts.push(pat);
  if (!e) {
    const p = phaseBlock(ix, line);
    if (p) parts.push(p);
  }
  for (const v of ix.relatedViolationsAt(line)) if (v.line !== line) parts.push(violationBlock(ix, v, ctx, line));
  if (stall && e) parts.push(stall);
  if (!parts.length) return null;
  if (e || pat) parts.push(`[What is RCU?](${RCU_DOCS.whatIs}) · [RCU requirements](${RCU_DOCS.requirements})`);
  return parts.join('\n\n---\n\n');
}
