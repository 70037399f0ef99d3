// The hover text of one log line, in Markdown: what the line means in RCU terms in *this* run.
// A rendering of the model (via LineIndex) plus the fixed meanings of events.ts; it decides no RCU
// fact itself. Pure, so the CLI, the webview's tooltips and tests can use it as the editor does.

import type { GracePeriod, LogEvent, Reader, Run, Stall, Violation } from '../model';
import { fmtSpan, fmtWhen } from '../report/text';
import { RCU_DOCS } from './docs';
import { EVENT_MEANING, PHASE_MEANING, RULE_MEANING, STALL_KIND_MEANING } from './events';
import type { LineIndex } from './lineIndex';
import { separationSentence, syncSentence } from '../kernel/describe';

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

function readerLabel(rd: Reader): string {
  return `**${mdEscape(rd.task)}**${rd.path ? ` (${rd.path} path)` : ''}`;
}

function readerFirst(rd: Reader): number | null {
  return rd.beginLine ?? rd.pathLine;
}

const GP_LINES: Record<1 | 2, [string, string]> = { 1: ['hit maint', 'hit do_maint'], 2: ['end do_maint', 'end maint'] };

/** Violations of `gp<N>-wait` in this run that involve one of the reader's lines. */
function gpViolationsFor(ix: LineIndex, run: Run, rd: Reader, gp: GracePeriod): Violation[] {
  const mine = new Set([rd.beginLine, rd.pathLine, rd.endLine].filter((l): l is number => l !== null));
  return ix.analysis.violations.filter((v) => v.run === run.id && v.rule === (gp.index === 1 ? 'gp1-wait' : 'gp2-wait') &&
    (v.related.some((r) => mine.has(r.line)) || mine.has(v.line)));
}

function gpBlock(run: Run, gp: GracePeriod, ctx: HoverContext): string {
  const [b, e] = GP_LINES[gp.index];
  const out: string[] = [];
  const dur = gp.duration !== null ? `, **${gp.duration.toFixed(3)} s**` : '';
  const ret = gp.endLine !== null ? `returned before ${ctx.lineRef(gp.endLine)} (\`${e}\`)` : 'never returned in the log';
  out.push(`**Grace period ${gp.index}** — \`synchronize_rcu()\` #${gp.index} called after ${gp.beginLine !== null ? ctx.lineRef(gp.beginLine) : '?'} (\`${b}\`), ${ret}${dur}.`);
  const waited = gp.waitedFor.map((id) => run.readers[id]!).map((rd) => `${readerLabel(rd)}, ${span(ctx, readerFirst(rd), rd.endLine)}`);
  out.push(waited.length
    ? `It had to wait for the reader${waited.length > 1 ? 's' : ''} already in a critical section when it began: ${waited.join('; ')}.`
    : 'No reader was in a critical section when it began, so it had no reader to wait for.');
  const over = gp.overlapping.map((id) => run.readers[id]!).map((rd) => `${readerLabel(rd)}, ${span(ctx, readerFirst(rd), rd.endLine)}`);
  if (over.length) out.push(`Readers that outlived it but were not shown inside a critical section before the call (RCU allows this): ${over.join('; ')}.`);
  return out.join('\n\n');
}

function readerBlock(ix: LineIndex, run: Run, rd: Reader, ctx: HoverContext): string {
  const out: string[] = [];
  // Times since boot, or else the wall clock (dmesg -T, journalctl short).
  const [b0, b1] = rd.beginTime !== null || rd.endTime !== null ? [rd.beginTime, rd.endTime] : [null, null];
  const [w0, w1] = b0 === null && b1 === null ? [rd.beginWall ?? null, rd.endWall ?? null] : [null, null];
  const dur = fmtSpan(b0, b1, w0, w1);
  const times = b0 !== null || b1 !== null || w0 !== null || w1 !== null ? ` (${fmtWhen(b0, w0)} – ${fmtWhen(b1, w1)}${dur ? `, ${dur}` : ''})` : '';
  out.push(`Reader ${readerLabel(rd)}: critical section ${span(ctx, readerFirst(rd), rd.endLine)}${times}.`);
  for (const gp of run.gracePeriods) {
    if (rd.waitedForBy.includes(gp.index)) {
      const bad = gpViolationsFor(ix, run, rd, gp);
      const verdict = bad.length
        ? `**✗ but grace period ${gp.index} returned while it was still open** — a violation of RCU's grace-period guarantee.`
        : rd.endLine !== null && gp.endLine !== null
          ? `✓ It ended (${ctx.lineRef(rd.endLine)}) before grace period ${gp.index} returned (${ctx.lineRef(gp.endLine)}).`
          : '';
      out.push(`It overlapped **grace period ${gp.index}** and began before \`synchronize_rcu()\` #${gp.index} was called (\`${GP_LINES[gp.index][0]}\`), so RCU must wait for it: the call may not return until this reader ends. ${verdict}`);
    } else if (rd.overlaps.includes(gp.index)) {
      out.push(`It overlapped **grace period ${gp.index}** but the log does not show it inside its critical section before \`synchronize_rcu()\` #${gp.index} was called (its first line inside comes after \`${GP_LINES[gp.index][0]}\`), so that grace period need not wait for it: RCU allows it to outlive the call. ✓`);
    }
  }
  if (run.gracePeriods.length && !rd.waitedForBy.length && !rd.overlaps.length) out.push('It overlapped no grace period of this run.');
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
  const m = EVENT_MEANING[e.kind];
  const run = ix.analysis.runs[e.run];
  const pa = ix.phaseAt(e.line);
  const who = e.task !== null ? `task **${mdEscape(e.task)}**${attributionNote(e)}` : `no task${attributionNote(e)}`;
  const where = [run ? `run ${run.id + 1}` : null, pa ? `phase **${pa.phase.name}**` : null].filter(Boolean).join(', ');
  const out = [`**RCU: ${m.title}** — ${e.kind === 'spawn' ? `starts ${who}` : who}${where ? `; ${where}` : ''}`, m.meaning];
  if (!run) return out.join('\n\n');
  const ra = ix.readerAt(e.line);
  if (ra && ra.run === run) out.push(readerBlock(ix, run, ra.reader, ctx));
  for (const g of ix.gpsAt(e.line)) if (g.run === run) out.push(gpBlock(run, g.gp, ctx));
  // The kernel's side, when the log has RCU tracepoints or kprobes (kernel/link.ts).
  for (const g of ix.gpsAt(e.line)) {
    const k = g.run === run ? syncSentence(ix.analysis, g.gp) : null;
    if (k) out.push(`**Kernel RCU:** ${mdEscapeLong(k)}.`);
  }
  if (e.kind === 'maint-begin') {
    for (const rd of run.readers) {
      const k = separationSentence(ix.analysis, rd);
      if (k && rd.kernelGpsBeforeMaint && !rd.kernelGpsBeforeMaint.length) out.push(`**Kernel RCU:** ✗ ${mdEscapeLong(k)}.`);
    }
  }
  return out.join('\n\n');
}

function phaseBlock(ix: LineIndex, line: number): string | null {
  const pa = ix.phaseAt(line);
  if (!pa) return null;
  const { run, phase } = pa;
  const dur = fmtSpan(phase.startTime, phase.endTime, phase.startWall, phase.endWall);
  return `**RCU: run ${run.id + 1}, phase ${PHASE_MEANING[phase.name].title}** (lines ${phase.startLine}–${phase.endLine}${dur ? `, ${dur}` : ''}) — ${PHASE_MEANING[phase.name].meaning}`;
}

function violationBlock(v: Violation, ctx: HoverContext, here: number): string {
  const r = RULE_MEANING[v.rule];
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
  for (const v of ix.violationsAt(line)) parts.push(violationBlock(v, ctx, line));
  const e = ix.eventAt(line);
  const s = ix.stallAt(line);
  const stall = s ? (ctx.explainStall ? ctx.explainStall(s) : basicStallMarkdown(s, ctx)) : null;
  if (e) parts.push(eventBlock(ix, e, ctx));
  // Inside a stall report the report matters more than the phase around it.
  if (stall && !e) parts.push(stall);
  if (!e) {
    const p = phaseBlock(ix, line);
    if (p) parts.push(p);
  }
  for (const v of ix.relatedViolationsAt(line)) if (v.line !== line) parts.push(violationBlock(v, ctx, line));
  if (stall && e) parts.push(stall);
  if (!parts.length) return null;
  if (e) parts.push(`[What is RCU?](${RCU_DOCS.whatIs}) · [RCU requirements](${RCU_DOCS.requirements})`);
  return parts.join('\n\n---\n\n');
}
