// Many violations of one rule are summed up, as warnings are: a log of 100,000 stray updater-end
// lines, or 200,000 runs that each broke a grace-period rule, lists the first MAX_VIOLATIONS_PER_RULE of each rule
// and then one entry "and 99,950 more like it (lines a–b)" that counts the rest. Nothing is lost:
// the summary is a violation of the same rule (so `check` still exits 1, SARIF and the editor show
// it), its `omitted` says how many it stands for, and its lines span them. Output and the views'
// per-run lookups stay bounded by what a person can read, whatever the log repeats.

import type { Violation } from './model';

/** Violations of one rule beyond this many are summed up in one. */
export const MAX_VIOLATIONS_PER_RULE = 100;

/** vs in line order → the first `max` of each rule, then per rule one summary of the rest, in line order. */
export function capViolations(vs: readonly Violation[], max = MAX_VIOLATIONS_PER_RULE): Violation[] {
  const seen = new Map<string, number>();
  const over = new Map<string, { first: Violation; last: Violation; n: number }>();
  const kept: Violation[] = [];
  for (const v of vs) {
    const n = (seen.get(v.rule) ?? 0) + 1;
    seen.set(v.rule, n);
    if (n <= max) { kept.push(v); continue; }
    const o = over.get(v.rule);
    if (o) { o.last = v; o.n++; } else over.set(v.rule, { first: v, last: v, n: 1 });
  }
  if (over.size === 0) return kept;
  for (const [rule, { first, last, n }] of over) {
    const span = first.line === last.line ? `line ${first.line}` : `lines ${first.line}–${last.line}`;
    kept.push({
      rule: rule as Violation['rule'],
      line: first.line,
      message: `and ${n.toLocaleString('en')} more like it (${span}), not listed one by one`,
      run: first.run,
      related: last.line !== first.line ? [{ line: last.line, message: 'the last of them' }] : [],
      omitted: n,
    });
  }
  // stable: a summary comes after what was listed on its line
  return kept.sort((a, b) => a.line - b.line);
}

/** How many violations an analysis found, the summed-up ones included. */
export function violationCount(vs: readonly Violation[]): number {
  let n = 0;
  for (const v of vs) n += v.omitted ?? 1; // a summary stands for its omitted ones, not itself
  return n;
}
