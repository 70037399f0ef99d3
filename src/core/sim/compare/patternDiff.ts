// Expected against actual for a data-declared pattern (patterns/schema.ts), such as rcu-list:
// both logs are read line by line, each line the pattern knows becomes an event (kind, task,
// object), and the k-th event of each (kind, task, object) on one side is paired with the k-th on
// the other. Classes as diff.ts's: same, timing (another time or order, which RCU allows),
// forbidden (a line where the core's checks report a violation of the run), missing, extra.
// The simulator never decides a rule itself: forbidden comes from the analyzer's violations.

import type { Analysis } from '../../model';
import type { RcuRun } from '../../rcu/model';
import { readRecords } from '../../log/records';
import { type CompiledPattern, matchPattern } from '../../patterns/schema';
import { type DiffClass, type DiffEntry, longestIncreasing, type RunDiff } from './diff';
import type { SimResult } from '../run/types';

/** One line of a log that the pattern knows. */
export interface PatternLine {
  line: number;
  time: number | null;
  event: string;               // the line's event kinds, '+'-joined (one line can be several)
  task: string | null;
  object: string | null;
  label: string | null;
  text: string;
}

/** Every line of `input` (lines from..to, 1-based) that the pattern knows, in order. */
export function patternLines(input: Uint8Array | string, p: CompiledPattern, from = 1, to = Infinity): PatternLine[] {
  const out: PatternLine[] = [];
  for (const r of readRecords(input).records) {
    if (r.line < from || r.line > to || r.kind !== 'kernel') continue;
    const m = matchPattern(p, r.text.trimEnd());
    if (m) out.push({ line: r.line, time: r.time, event: m.events.join('+'), task: m.task, object: m.object, label: m.label, text: r.text.trimEnd() });
  }
  return out;
}

/** The simulator's expected lines that the pattern knows, numbered as in its log. */
function expectedPatternLines(sim: SimResult, p: CompiledPattern): PatternLine[] {
  const out: PatternLine[] = [];
  for (const e of sim.events) {
    const m = matchPattern(p, e.text);
    if (m) out.push({ line: e.line, time: e.time, event: m.events.join('+'), task: m.task, object: m.object, label: m.label, text: e.text });
  }
  return out;
}

interface PatternDiffOptions {
  /** Times closer than this (seconds) are the same (default 0.001). */
  tolerance?: number;
}

/** Diff run `rr` of the analysis (its lines `actual`) against the simulator's expected run. */
export function diffPatternRun(analysis: Analysis, rr: RcuRun, actual: readonly PatternLine[], sim: SimResult, p: CompiledPattern, opts: PatternDiffOptions = {}): RunDiff {
  const tol = opts.tolerance ?? 0.001;
  const exp = expectedPatternLines(sim, p);
  const key = (x: PatternLine): string => `${x.event}|${x.task ?? ''}|${x.object ?? ''}`;
  const queue = new Map<string, PatternLine[]>();
  for (const e of exp) queue.set(key(e), [...(queue.get(key(e)) ?? []), e]);
  const pairOf = new Map<PatternLine, PatternLine>();
  const used = new Set<PatternLine>();
  for (const a of actual) {
    const e = queue.get(key(a))?.shift();
    if (e) { pairOf.set(a, e); used.add(e); }
  }
  const seqOf = new Map(exp.map((e, i) => [e, i]));
  const paired = actual.filter((a) => pairOf.has(a));
  const inOrder = longestIncreasing(paired.map((a) => seqOf.get(pairOf.get(a)!)!));
  const reordered = new Set(paired.filter((_, i) => !inOrder.has(i)));
  const forbiddenAt = new Map<number, { rule: DiffEntry['rule']; reason: string }>();
  for (const v of analysis.violations) {
    if (v.run === rr.run && !forbiddenAt.has(v.line)) forbiddenAt.set(v.line, { rule: v.rule, reason: v.message });
  }

  const side = (x: PatternLine): NonNullable<DiffEntry['actual']> => ({ line: x.line, time: x.time, kind: null, task: x.task, text: x.text });
  const entries: DiffEntry[] = [];
  const missing = exp.filter((e) => !used.has(e));
  let mi = 0;
  const flushMissingBefore = (seq: number): void => {
    while (mi < missing.length && seqOf.get(missing[mi]!)! < seq) {
      const e = missing[mi++]!;
      entries.push({ class: 'missing', expected: side(e), actual: null, delta: null, reason: `expected \`${e.text}\`, not in the log`, rule: null });
    }
  };
  for (const a of actual) {
    const e = pairOf.get(a) ?? null;
    if (e && !reordered.has(a)) flushMissingBefore(seqOf.get(e)!);
    const f = forbiddenAt.get(a.line);
    const delta = e && a.time !== null && e.time !== null ? Math.round((a.time - e.time) * 1e6) / 1e6 : null;
    let cls: DiffClass, reason: string | null = null;
    if (f) { cls = 'forbidden'; reason = f.reason; } else if (!e) { cls = 'extra'; reason = `\`${a.text}\` is not in the expected run`; } else {
      const why: string[] = [];
      if (reordered.has(a)) why.push('in another order than expected');
      if (delta !== null && Math.abs(delta) > tol) why.push(`${delta > 0 ? 'later' : 'earlier'} by ${Math.abs(delta).toFixed(6)} s`);
      cls = why.length ? 'timing' : 'same';
      reason = why.length ? `\`${a.text}\`: ${why.join(', ')} (an order RCU allows)` : null;
    }
    entries.push({ class: cls, expected: e ? side(e) : null, actual: side(a), delta, reason, rule: f?.rule ?? null });
  }
  flushMissingBefore(Infinity);

  const counts: Record<DiffClass, number> = { same: 0, timing: 0, path: 0, forbidden: 0, missing: 0, extra: 0 };
  for (const x of entries) counts[x.class]++;
  const firstForbidden = entries.find((x) => x.class === 'forbidden') ?? null;
  const head = `run ${rr.run + 1} (pattern ${rr.pattern}${rr.label ? `, ${rr.label}` : ''}, lines ${rr.startLine}-${rr.endLine}):`;
  const verdict = firstForbidden
    ? `forbidden difference at line ${firstForbidden.actual!.line}: ${firstForbidden.reason}.`
    : 'no forbidden difference: every difference is one RCU allows.';
  const summary = `${head} ${verdict} ${counts.same} same, ${counts.timing} timing only, ${counts.forbidden} forbidden, ${counts.missing} missing, ${counts.extra} extra.`;
  return { run: rr.run, entries, counts, firstForbidden, ordering: null, summary };
}
