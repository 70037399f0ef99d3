// The exhaustive checker's outcomes with the core's verdict on each ordering. The simulator does
// not decide RCU's rules: every distinct order of printed lines the model permits is written out
// as a log (dmesg, with a printk caller id per task so the core need not guess who printed what)
// and read back through the core analyzer, exactly as analyzeExpected does for a timed run. An
// ordering breaks RCU's rules when the core's checks find a violation in its log.

import { analyzeText } from '../analyze';
import type { RuleId } from '../model';
import type { CompiledProfile, Profile } from '../profile';
import { formatDmesgLine } from './dmesgOut';
import type { Observation } from './explore/program';
import { type ScenarioOutcome, scenarioPrintOrders } from './explore/orderings';
import type { Scenario } from './scenario';

export interface CheckedOrdering {
  /** The log of this ordering, as the core read it. */
  log: string;
  /** Rules the core's checks find broken in it (sorted, each once). */
  rules: RuleId[];
  violations: { rule: RuleId; line: number; message: string }[];
}

export interface CheckedOutcome extends ScenarioOutcome {
  /** Distinct print orders that end in this outcome. */
  orderings: number;
  /** How many of them the core's checks find a violation in. */
  violating: number;
  /** Rules broken in some of them, and in how many orderings each. */
  violations: Partial<Record<RuleId, number>>;
  /** The first ordering (in search order) that breaks a rule, as a log with the core's messages. */
  example: CheckedOrdering | null;
}

export interface ExhaustiveResult {
  outcomes: CheckedOutcome[];
  orderings: number;
  violating: number;
  /** Every rule broken in some ordering. */
  rules: RuleId[];
  states: number;
  truncated: boolean;
  deadlocks: number;
}

/** One ordering's log: its lines 1 ms apart from time t0 (µs), a caller id per task. */
export function orderingLog(order: readonly Observation[], callers: Map<string, number>, t0: number): string {
  return order.map((o, i) => {
    let id = callers.get(o.printer);
    if (id === undefined) callers.set(o.printer, id = 100 + callers.size);
    return `${formatDmesgLine(t0 + i * 1000, `[ T${id}] ${o.text}`)}\n`;
  }).join('');
}

type Found = { rule: RuleId; line: number; message: string }[];

/**
 * The core's violations in each log. All logs are read in one pass, one after the other 20 s
 * apart, when the core finds exactly one run per log there (each ordering starts with the
 * scenario's init line); otherwise each log is read alone. Lines are renumbered per log.
 */
function coreViolations(logs: readonly string[], profile: Profile | CompiledProfile | undefined): Found[] {
  const opts = profile ? { profile } : {};
  const alone = (): Found[] => logs.map((l) => analyzeText(l, opts).violations.map((v) => ({ rule: v.rule, line: v.line, message: v.message })));
  if (logs.length < 2) return alone();
  const firstLine: number[] = [];
  let line = 1;
  for (const l of logs) { firstLine.push(line); line += l.split('\n').length - 1; }
  const a = analyzeText(logs.join(''), opts);
  if (a.runs.length !== logs.length || a.runs.some((r, i) => r.startLine !== firstLine[i] || (r.endLine ?? 0) >= (firstLine[i + 1] ?? Infinity))) return alone();
  const out: Found[] = logs.map(() => []);
  const renumber = (text: string, base: number): string => text.replace(/\bline(s?) (\d+)(?:–(\d+))?/g, (_m, pl: string, x: string, y?: string) =>
    `line${pl} ${Number(x) - base + 1}${y !== undefined ? `–${Number(y) - base + 1}` : ''}`);
  for (const v of a.violations) {
    const i = v.run ?? -1;
    if (i < 0 || i >= logs.length) return alone();
    out[i]!.push({ rule: v.rule, line: v.line - firstLine[i]! + 1, message: renumber(v.message, firstLine[i]!) });
  }
  return out;
}

export function exhaustiveOutcomes(sc: Scenario, opts: { profile?: Profile | CompiledProfile; maxStates?: number } = {}): ExhaustiveResult {
  const r = scenarioPrintOrders(sc, opts);
  const callers = new Map<string, number>();
  for (const t of sc.tasks) callers.set(t.name, 100 + callers.size);
  const boot = Math.round((sc.timing?.bootTime ?? 1) * 1e6);
  const logs: string[] = [];
  for (const { orders } of r.outcomes) for (const order of orders) logs.push(orderingLog(order, callers, boot + logs.length * 20e6));
  const found = coreViolations(logs, opts.profile);
  const all = new Set<RuleId>();
  let violating = 0, k = 0;
  const outcomes = r.outcomes.map(({ outcome, orders }): CheckedOutcome => {
    const counts: Partial<Record<RuleId, number>> = {};
    let bad = 0;
    let example: CheckedOrdering | null = null;
    for (let n = 0; n < orders.length; n++, k++) {
      const vs = found[k]!;
      if (vs.length === 0) continue;
      bad++;
      const rules = [...new Set(vs.map((v) => v.rule))].sort();
      for (const rule of rules) { counts[rule] = (counts[rule] ?? 0) + 1; all.add(rule); }
      example ??= { log: orderingLog(orders[n]!, callers, boot), rules, violations: vs };
    }
    violating += bad;
    return { ...outcome, orderings: orders.length, violating: bad, violations: counts, example };
  });
  return { outcomes, orderings: r.orderings, violating, rules: [...all].sort(), states: r.states, truncated: r.truncated, deadlocks: r.deadlocks };
}
