// Expected against actual: align the simulator's events with a run's events (by kind and task)
// and say what each difference is.
//
// - forbidden: an order RCU's rules exclude. Decided by the core, never here: a line where the
//   core's checks report a violation for this run; failing that, the first line that no execution
//   the RCU model permits can print at that point (the exhaustive check, which allows lost lines
//   and any task the log leaves open, so a missing line alone is never forbidden).
// - timing: the same event at another time or in another order than expected, which RCU allows
//   (a reader starting before or after a grace period ends).
// - path: a reader took the other path than in the rerun (quick where the rerun is careful, or the
//   reverse): a different decision, not a different time. Allowed when it breaks no rule (the
//   reader read `be_careful` on the other side of the updater's store); a path that breaks one is
//   forbidden, from the core's checks.
// - missing: expected but not in the log. extra: in the log but not expected.

import type { Analysis, EventKind, LogEvent, Run, RuleId } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import { checkOrdering, observedEvents, type OrderingCheck } from '../explore/orderings';
import type { SimEvent, SimResult } from '../run/types';

export type DiffClass = 'same' | 'timing' | 'path' | 'forbidden' | 'missing' | 'extra';

interface DiffSide {
  line: number;        // in the expected log (expected side) or the analysed file (actual side)
  time: number | null;
  kind: EventKind | null;
  task: string | null;
  text: string;
}

export interface DiffEntry {
  class: DiffClass;
  expected: DiffSide | null;
  actual: DiffSide | null;
  /** actual time − expected time, seconds (null unless both have a time). */
  delta: number | null;
  /** Why the entry is not `same`, in words. */
  reason: string | null;
  /** For forbidden entries: the core rule, or 'order' when the exhaustive check rules the order out. */
  rule: RuleId | 'order' | null;
}

export interface RunDiff {
  run: number;
  /** Entries in the actual log's order; missing ones where the expected order puts them. */
  entries: DiffEntry[];
  counts: Record<DiffClass, number>;
  firstForbidden: DiffEntry | null;
  /** The exhaustive check of the actual order (null when it was not run). */
  ordering: OrderingCheck | null;
  summary: string;
}

interface DiffOptions {
  /** Times closer than this (seconds) are the same (default 0.001: a fitted rerun matches to the µs). */
  tolerance?: number;
  /** Run the exhaustive ordering check (default true). */
  exhaustive?: boolean;
  profile?: Profile | CompiledProfile;
  maxStates?: number;
}

const PATH_KINDS = new Set<string>(['reader-quick', 'reader-careful']);
/** The path a reader's line names (null for lines that name none, such as a bare `reader-end`). */
function pathOf(kind: string | null): 'quick' | 'careful' | null {
  return kind === 'reader-quick' || kind === 'reader-end-quick' ? 'quick' : kind === 'reader-careful' || kind === 'reader-end-careful' ? 'careful' : null;
}
const END_KINDS = new Set<string>(['reader-end', 'reader-end-quick', 'reader-end-careful']);

/** Alignment key: a reader's path and end line align whichever path it took. */
function alignKind(kind: string | null): string {
  if (kind && PATH_KINDS.has(kind)) return 'reader-path';
  if (kind && END_KINDS.has(kind)) return 'reader-end';
  return kind ?? 'print';
}

const side = (e: SimEvent | LogEvent): DiffSide => ({ line: e.line, time: e.time, kind: e.kind, task: e.task, text: e.text });

export function diffRun(analysis: Analysis, run: Run | number, expected: SimResult, opts: DiffOptions = {}): RunDiff {
  const r = typeof run === 'number' ? analysis.runs[run]! : run;
  const tol = opts.tolerance ?? 0.001;
  const actual = r.events.map((id) => analysis.events[id]).filter((e): e is LogEvent => !!e).sort((a, b) => a.line - b.line);
  const exp = expected.events.filter((e) => e.kind !== null);

  // 1. pair the k-th (kind, task) of each side; then unattributed actual events by kind alone
  const pairOf = new Map<LogEvent, SimEvent>();
  const used = new Set<SimEvent>();
  const byKey = new Map<string, SimEvent[]>();
  for (const e of exp) {
    const k = `${alignKind(e.kind)}|${e.task}`;
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  for (const a of actual) {
    if (a.task === null) continue;
    const q = byKey.get(`${alignKind(a.kind)}|${a.task}`);
    const e = q?.shift();
    if (e) { pairOf.set(a, e); used.add(e); }
  }
  for (const a of actual) {
    if (pairOf.has(a)) continue;
    const e = exp.find((x) => !used.has(x) && alignKind(x.kind) === alignKind(a.kind) && (a.task === null || a.candidates?.includes(x.task ?? '')));
    if (e) { pairOf.set(a, e); used.add(e); }
  }

  // 2. pairs out of the expected order: those outside a longest in-order subsequence
  const paired = actual.filter((a) => pairOf.has(a));
  const inOrder = longestIncreasing(paired.map((a) => pairOf.get(a)!.seq));
  const reordered = new Set(paired.filter((_, i) => !inOrder.has(i)));

  // 3. forbidden lines: the core's violations for this run, else the exhaustive check's verdict
  const violations = analysis.violations.filter((v) => v.run === r.id);
  let ordering: OrderingCheck | null = null;
  if (opts.exhaustive ?? true) {
    const obs = observedEvents(actual);
    ordering = checkOrdering(expected.scenario, obs, { profile: opts.profile, lossy: false, maxStates: opts.maxStates });
    if (!ordering.permitted) ordering = checkOrdering(expected.scenario, obs, { profile: opts.profile, lossy: true, maxStates: opts.maxStates });
  }
  const forbiddenAt = new Map<number, { rule: RuleId | 'order'; reason: string }>();
  for (const v of violations) if (!forbiddenAt.has(v.line)) forbiddenAt.set(v.line, { rule: v.rule, reason: v.message });
  // No state explored: no way the scenario runs prints the kinds of line this run shows (a
  // scenario of another module, e.g. the seed's against the add-only list's log). That says the
  // scenario does not describe the run, not that RCU forbids its order.
  if (violations.length === 0 && ordering && !ordering.permitted && !ordering.truncated && !inapplicable(ordering) && ordering.firstForbidden) {
    const f = ordering.firstForbidden;
    forbiddenAt.set(f.line, {
      rule: 'order',
      reason: `no execution RCU permits prints this ${f.kind} line here: every ordering of the scenario's tasks that prints the ${ordering.explained} scenario line(s) before it, even with lines lost, rules it out`,
    });
  }

  // 4. entries, in actual order, with the missing ones slotted in by expected order
  const entries: DiffEntry[] = [];
  const missing = exp.filter((e) => !used.has(e));
  let mi = 0;
  const flushMissingBefore = (seq: number): void => {
    while (mi < missing.length && missing[mi]!.seq < seq) {
      const e = missing[mi++]!;
      entries.push({ class: 'missing', expected: side(e), actual: null, delta: null, reason: `expected ${describe(e)}, not in the log`, rule: null });
    }
  };
  for (const a of actual) {
    const e = pairOf.get(a) ?? null;
    if (e && !reordered.has(a)) flushMissingBefore(e.seq);
    const f = forbiddenAt.get(a.line);
    const delta = e && a.time !== null ? round6(a.time - e.time) : null;
    let cls: DiffClass, reason: string | null = null;
    if (f) { cls = 'forbidden'; reason = f.reason; } else if (!e) { cls = 'extra'; reason = `${describe(a)} is not in the expected run`; } else {
      const why: string[] = [];
      if (reordered.has(a)) why.push('in another order than expected');
      if (delta !== null && Math.abs(delta) > tol) why.push(`${delta > 0 ? 'later' : 'earlier'} by ${Math.abs(delta).toFixed(6)} s`);
      const pa = pathOf(a.kind), pe = pathOf(e.kind);
      if (pa && pe && pa !== pe) {
        cls = 'path';
        reason = `${describe(a)}: the ${pa} path where the rerun takes the ${pe} path${why.length ? `; ${why.join(', ')}` : ''} (RCU allows either: the path follows \`be_careful\` as the reader read it)`;
      } else {
        if (e.kind !== a.kind && a.kind !== 'reader-end') why.push(`${a.kind} where the rerun has ${e.kind}`);
        cls = why.length ? 'timing' : 'same';
        reason = why.length ? `${describe(a)}: ${why.join(', ')} (an order RCU allows)` : null;
      }
    }
    entries.push({ class: cls, expected: e ? side(e) : null, actual: side(a), delta, reason, rule: f?.rule ?? null });
  }
  flushMissingBefore(Infinity);

  const counts: Record<DiffClass, number> = { same: 0, timing: 0, path: 0, forbidden: 0, missing: 0, extra: 0 };
  for (const x of entries) counts[x.class]++;
  const firstForbidden = entries.filter((x) => x.class === 'forbidden').sort((a, b) => a.actual!.line - b.actual!.line)[0] ?? null;
  // a forbidden line with no counterpart of its own is set against the expected line of its kind
  if (firstForbidden && !firstForbidden.expected) {
    const a = firstForbidden.actual!;
    const e = exp.find((x) => alignKind(x.kind) === alignKind(a.kind) && (a.task === null || x.task === a.task)) ?? null;
    if (e) firstForbidden.expected = side(e);
  }
  return { run: r.id, entries, counts, firstForbidden, ordering, summary: summarize(r, counts, firstForbidden, ordering) };
}

function describe(e: { kind: string | null; task: string | null; text: string }): string {
  return `\`${e.text}\`${e.task ? ` (${e.task})` : ''}`;
}

/** The ordering search explored nothing: no branch combination prints what the log shows. */
function inapplicable(o: OrderingCheck): boolean {
  return !o.permitted && !o.truncated && o.states === 0;
}

function summarize(r: Run, c: Record<DiffClass, number>, first: DiffEntry | null, o: OrderingCheck | null): string {
  const parts = [`run ${r.id + 1} (lines ${r.startLine}-${r.endLine}):`];
  if (first) {
    parts.push(`forbidden difference at line ${first.actual!.line}${first.expected ? ` (expected log line ${first.expected.line})` : ''}: ${first.reason}.`);
  } else {
    parts.push('no forbidden difference: every difference is one RCU allows.');
  }
  parts.push(`${c.same} same, ${c.timing} timing only, ${c.path} other path, ${c.forbidden} forbidden, ${c.missing} missing, ${c.extra} extra.`);
  if (o) {
    parts.push(!o.truncated && inapplicable(o)
      ? 'The exhaustive check does not apply: no execution of the scenario prints the kinds of line this run shows (is it the scenario of this module? --scenario FILE).'
      : orderingSentence(o));
  }
  return parts.join(' ');
}

/** What the exhaustive check of the actual order found, and where to look further. */
function orderingSentence(o: OrderingCheck): string {
  if (o.truncated) return 'The exhaustive ordering check hit its state bound before deciding (undecided, not forbidden).';
  if (o.permitted) return 'The exhaustive check finds the actual order among those RCU permits.';
  const f = o.firstForbidden;
  const ev = o.explained === 1 ? 'scenario line' : 'scenario lines';
  return `The exhaustive check finds no execution RCU permits that prints this run's scenario lines in this order, even with lines lost: ` +
    `it follows the first ${o.explained} ${ev}, and no execution then prints ${f ? `line ${f.line} (${f.kind}${f.task ? `, ${f.task}` : ''})` : 'the next one'}. ` +
    'It stops there, since nothing after an impossible line can be placed; the lines after it are only compared with the rerun (listed below). ' +
    '`rcu-lens check` lists every rule the whole run breaks; `--json` gives the check as `ordering`.';
}

/** Indices (into xs) of one longest strictly increasing subsequence. */
export function longestIncreasing(xs: number[]): Set<number> {
  const tails: number[] = [], prev = new Array<number>(xs.length).fill(-1);
  xs.forEach((x, i) => {
    let lo = 0, hi = tails.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[tails[mid]!]! < x) lo = mid + 1; else hi = mid; }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const out = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) out.add(i);
  return out;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
