// Many findings of one kind are summed up: a log of 100,000 stray updater-end lines, or 200,000
// runs that each broke a grace-period rule, lists the first MAX_VIOLATIONS_PER_RULE of each rule
// and then one entry "and 99,950 more like it (lines a–b)" that counts the rest. Nothing is lost:
// the summary is a violation of the same rule (so `check` still exits 1, SARIF and the editor show
// it), its `omitted` says how many it stands for, and its lines span them. Output and the views'
// per-run lookups stay bounded by what a person can read, whatever the log repeats. The kernel's
// own RCU findings (kernel/collector.ts) and the analysis' warnings (capWarnings.ts) are summed up
// the same way, by rule and by kind.

import type { KernelFinding, Violation } from './model';

/** Violations of one rule beyond this many are summed up in one. */
export const MAX_VIOLATIONS_PER_RULE = 100;
/** Kernel RCU findings of one rule beyond this many are summed up in one. */
export const MAX_FINDINGS_PER_RULE = 100;

/** `line 7` or `lines 7–90`. */
export function lineSpan(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

/** A summary's message: "and 3,900 more like it (lines 12–4,000), not listed one by one". */
function moreLikeIt(n: number, first: number, last: number): string {
  return `and ${n.toLocaleString('en')} more like it (${lineSpan(first, last)}), not listed one by one`;
}

interface Over<T> { first: T; firstLine: number; lastLine: number; n: number }

/**
 * items in line order → the first `max` of each key, then per key one summary (made by `sum`) of
 * the rest, in line order; a summary comes after what was listed on its line. An item that already
 * stands for others (`weight` above 1, or `isSummary`) is never listed: it joins its key's summary
 * with its count and its last line (`lastLine`).
 */
export function capPerKey<T extends { line: number }>(items: readonly T[], max: number, o: {
  key: (t: T) => string | undefined;
  isSummary: (t: T) => boolean;
  weight: (t: T) => number;
  lastLine: (t: T) => number;
  sum: (first: T, n: number, firstLine: number, lastLine: number) => T;
}): T[] {
  const seen = new Map<string, number>();
  const over = new Map<string, Over<T>>();
  const kept: T[] = [];
  for (const t of items) {
    const k = o.key(t);
    if (k === undefined) { kept.push(t); continue; }
    if (!o.isSummary(t)) {
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      if (n <= max) { kept.push(t); continue; }
    }
    const w = o.weight(t), last = o.lastLine(t);
    const x = over.get(k);
    if (!x) over.set(k, { first: t, firstLine: t.line, lastLine: last, n: w });
    else {
      x.n += w;
      if (t.line < x.firstLine) { x.firstLine = t.line; x.first = t; }
      if (last > x.lastLine) x.lastLine = last;
    }
  }
  if (over.size === 0) return kept;
  for (const { first, n, firstLine, lastLine } of over.values()) kept.push(o.sum(first, n, firstLine, lastLine));
  return kept.sort((a, b) => a.line - b.line); // stable
}

/** The last line a summary's `related` names ("the last of them"), else its own. */
function relatedEnd(t: { line: number; related: readonly { line: number }[]; omitted?: number }): number {
  if (t.omitted === undefined) return t.line;
  let last = t.line;
  for (const r of t.related) if (r.line > last) last = r.line;
  return last;
}

function lastOfThem(first: number, last: number): { line: number; message: string }[] {
  return last !== first ? [{ line: last, message: 'the last of them' }] : [];
}

/** The summary of n violations of `rule` on lines first..last, the first of them in run `run`. */
function violationSummary(rule: Violation['rule'], n: number, first: number, last: number, run: number): Violation {
  return { rule, line: first, message: moreLikeIt(n, first, last), run, related: lastOfThem(first, last), omitted: n };
}

/**
 * A producer's violations, counted by rule: the first `max` of each listed, and beyond that only
 * counted with their lines, never built (a log whose every wait overlaps every reader has millions
 * of them; building each, message and related lines, ran out of memory). finish() appends one
 * summary per rule past the cap, which capViolations merges with the rest as it merges its own.
 */
export class ViolationCap {
  private readonly counts: CapCounts;

  constructor(readonly list: Violation[] = [], max = MAX_VIOLATIONS_PER_RULE) {
    this.counts = new CapCounts(max);
  }

  /** A violation of `rule` at `line` in run `run`; `make` builds the rest of it only when it is listed. */
  add(rule: Violation['rule'], line: number, run: number, make: () => Omit<Violation, 'rule' | 'line' | 'run'>): void {
    if (this.counts.listed(rule, line, run)) this.list.push({ rule, line, run, ...make() });
  }

  /** How many more of `rule` would be listed. */
  room(rule: Violation['rule']): number {
    return this.counts.room(rule);
  }

  /** n more violations of `rule` at `line` in run `run`, only counted: as n calls of add() once
   * room(rule) is 0 (a wait that n readers outlived). */
  addCounted(rule: Violation['rule'], line: number, run: number, n: number): void {
    this.counts.counted(rule, line, run, n);
  }

  /** The list with one summary per rule past the cap appended (call once, at the end). */
  finish(): Violation[] {
    for (const o of this.counts.over()) this.list.push(violationSummary(o.key as Violation['rule'], o.n, o.first, o.last, o.run));
    return this.list;
  }
}

/** Items counted by key as a producer makes them: the first `max` of each key are listed, the rest
 * only counted, with the span of their lines and the run of the first (ViolationCap, WarningCap). */
export class CapCounts {
  private readonly counts = new Map<string, { n: number; first: number; last: number; run: number }>();

  constructor(private readonly max: number) {}

  /** Count one item of `key` at `line`: true when it is among the first `max`, to be listed. */
  listed(key: string, line: number, run = 0): boolean {
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, c = { n: 0, first: 0, last: 0, run: 0 });
    if (++c.n <= this.max) return true;
    if (c.n === this.max + 1) { c.first = line; c.last = line; c.run = run; }
    else { if (line < c.first) c.first = line; if (line > c.last) c.last = line; }
    return false;
  }

  /** How many more items of `key` would be listed. */
  room(key: string): number {
    return Math.max(0, this.max - (this.counts.get(key)?.n ?? 0));
  }

  /** Count n items of `key` at `line` that are not listed: what n calls of listed() do once room(key) is 0. */
  counted(key: string, line: number, run: number, n: number): void {
    if (n <= 0) return;
    if (this.room(key) > 0) throw new Error(`CapCounts.counted: ${key} still has room`);
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, c = { n: 0, first: 0, last: 0, run: 0 });
    if (c.n === this.max) { c.first = line; c.last = line; c.run = run; }
    else { if (line < c.first) c.first = line; if (line > c.last) c.last = line; }
    c.n += n;
  }

  /** Per key past the cap: how many were not listed, their first and last lines, the first one's run. */
  *over(): Generator<{ key: string; n: number; first: number; last: number; run: number }> {
    for (const [key, c] of this.counts) if (c.n > this.max) yield { key, n: c.n - this.max, first: c.first, last: c.last, run: c.run };
  }
}

/** vs in line order → the first `max` of each rule, then per rule one summary of the rest, in line order. */
export function capViolations(vs: readonly Violation[], max = MAX_VIOLATIONS_PER_RULE): Violation[] {
  return capPerKey(vs, max, {
    key: (v) => v.rule,
    isSummary: (v) => v.omitted !== undefined,
    weight: (v) => v.omitted ?? 1,
    lastLine: relatedEnd,
    sum: (first, n, from, to) => violationSummary(first.rule, n, from, to, first.run),
  });
}

/** Kernel findings in line order → the first `max` of each rule, then per rule one summary with the
 * rule and severity of what it stands for (so `check`'s exit code and SARIF's levels stay right). */
export function capFindings(fs: readonly KernelFinding[], max = MAX_FINDINGS_PER_RULE): KernelFinding[] {
  return capPerKey(fs, max, {
    key: (f) => f.rule,
    isSummary: (f) => f.omitted !== undefined,
    weight: (f) => f.omitted ?? 1,
    lastLine: relatedEnd,
    sum: (first, n, from, to) => ({
      rule: first.rule, severity: first.severity, line: from, message: moreLikeIt(n, from, to), related: lastOfThem(from, to), omitted: n,
    }),
  });
}

/** How many violations (or kernel findings) an analysis found, the summed-up ones included. */
export function violationCount(vs: readonly { omitted?: number }[]): number {
  let n = 0;
  for (const v of vs) n += v.omitted ?? 1; // a summary stands for its omitted ones, not itself
  return n;
}
