// The exhaustive checker's outcomes with the core's verdict on each ordering. The simulator does
// not decide RCU's rules: every distinct order of printed lines the model permits is written out
// as a log (dmesg, with a printk caller id per task so the core need not guess who printed what)
// and read back through the core analyzer, exactly as analyzeExpected does for a timed run. An
// ordering breaks RCU's rules when the core's checks find a violation in its log.

import { analyzeText } from '../../analyze';
import type { Run, RuleId } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import { formatDmesgLine } from '../run/dmesgOut';
import type { Observation } from './program';
import { type ScenarioOutcome, scenarioPrintOrders } from './orderings';
import type { Scenario } from '../scenario/scenario';

interface CheckedOrdering {
  /** The log of this ordering, as the core read it. */
  log: string;
  /** Rules the core's checks find broken in it (sorted, each once). */
  rules: RuleId[];
  violations: { rule: RuleId; line: number; message: string }[];
}

interface CheckedOutcome extends ScenarioOutcome {
  /** Distinct print orders that end in this outcome. */
  orderings: number;
  /** How many of them the core's checks find a violation in. */
  violating: number;
  /** Rules broken in some of them, and in how many orderings each. */
  violations: Partial<Record<RuleId, number>>;
  /** The first ordering (in search order) that breaks a rule, as a log with the core's messages. */
  example: CheckedOrdering | null;
}

interface ExhaustiveResult {
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
function orderingLog(order: readonly Observation[], callers: Map<string, number>, t0: number): string {
  return order.map((o, i) => {
    let id = callers.get(o.printer);
    if (id === undefined) callers.set(o.printer, id = 100 + callers.size);
    return `${formatDmesgLine(t0 + i * 1000, `[ T${id}] ${o.text}`)}\n`;
  }).join('');
}

type Found = { rule: RuleId; line: number; message: string }[];

/**
 * Caller ids in spawn order, as the kernel hands out pids: the scenario's tasks first, then every
 * task a `spawn` names, in the order the functions' text reaches it. The ids do not depend on
 * which ordering the search happened to write first.
 */
function spawnOrderCallers(sc: Scenario): Map<string, number> {
  const callers = new Map<string, number>();
  const add = (name: string) => { if (!callers.has(name)) callers.set(name, 100 + callers.size); };
  for (const t of sc.tasks) add(t.name);
  const seen = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { for (const x of v) walk(x); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.spawn === 'string') add(o.spawn);
    if (o.op === 'spawn' && typeof o.task === 'string') add(o.task);
    for (const k of Object.keys(o)) walk(o[k]);
    const fn = typeof o.fn === 'string' ? o.fn : typeof o.call === 'string' ? o.call : null;
    if (fn !== null && !seen.has(fn) && Object.prototype.hasOwnProperty.call(sc.functions, fn)) { seen.add(fn); walk(sc.functions[fn]); }
  };
  for (const t of sc.tasks) if (!seen.has(t.fn) && Object.prototype.hasOwnProperty.call(sc.functions, t.fn)) { seen.add(t.fn); walk(sc.functions[t.fn]); }
  return callers;
}

/**
 * The core names a thread from the scenario's order (the most recently started reader takes the
 * first line a reader prints before its lock), which cannot tell two readers started before either printed apart. The
 * simulator knows who printed what (the caller id), so its messages use the real names: each
 * name the core gave is replaced, all at once, by the name of the task with that caller id.
 */
function renameTasks(message: string, rename: Map<string, string>): string {
  if (rename.size === 0) return message;
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = [...rename.keys()].sort((a, b) => b.length - a.length).map(esc).join('|');
  return message.replace(new RegExp(`(?<![\\w-])(?:${names})(?![\\w-])`, 'g'), (m) => rename.get(m) ?? m);
}

/** Core task name -> scenario task name, for the tasks the core named otherwise. */
function trueNames(run: Run | undefined, byCaller: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of run?.tasks ?? []) {
    const real = t.caller === null ? undefined : byCaller.get(t.caller);
    if (real !== undefined && real !== t.name) out.set(t.name, real);
  }
  return out;
}

/**
 * The core's violations in each log. All logs are read in one pass, one after the other 20 s
 * apart, when the core finds exactly one run per log there (each ordering starts with the
 * scenario's init line); otherwise each log is read alone. Lines are renumbered per log.
 */
function coreViolations(logs: readonly string[], profile: Profile | CompiledProfile | undefined, byCaller: Map<string, string>): Found[] {
  // every violation of every ordering is counted: none summed up (capViolations.ts)
  const opts = { ...(profile ? { profile } : {}), maxViolationsPerRule: Infinity };
  const alone = (): Found[] => logs.map((l) => {
    const a = analyzeText(l, opts);
    return a.violations.map((v) => ({ rule: v.rule, line: v.line, message: renameTasks(v.message, trueNames(a.runs[v.run ?? 0], byCaller)) }));
  });
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
    out[i]!.push({ rule: v.rule, line: v.line - firstLine[i]! + 1, message: renameTasks(renumber(v.message, firstLine[i]!), trueNames(a.runs[i], byCaller)) });
  }
  return out;
}

export function exhaustiveOutcomes(sc: Scenario, opts: { profile?: Profile | CompiledProfile; maxStates?: number } = {}): ExhaustiveResult {
  const r = scenarioPrintOrders(sc, opts);
  const callers = spawnOrderCallers(sc);
  const boot = Math.round((sc.timing?.bootTime ?? 1) * 1e6);
  const logs: string[] = [];
  for (const { orders } of r.outcomes) for (const order of orders) logs.push(orderingLog(order, callers, boot + logs.length * 20e6));
  const byCaller = new Map<string, string>();
  for (const [name, id] of callers) byCaller.set(`T${id}`, name);
  const found = coreViolations(logs, opts.profile, byCaller);
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
