// Questions about every ordering a scenario permits: is the order of an actual log's events
// among them, and which outcomes (branch taken by each reader, final values) are possible.

import type { EventKind, LogEvent } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import type { Scenario } from '../scenario/scenario';
import { search, type StateView } from './explore';
import type { Observation, Path, Program } from './program';
import { scenarioProgram } from './fromScenario';

interface ObservedEvent {
  kind: EventKind;
  /** The task the log says (or the core inferred) the event is about. */
  task: string | null;
  /** true when the log itself names the task (caller id, ftrace pid, `start <task>`). */
  known: boolean;
  line: number;
}

export interface OrderingCheck {
  /** Some execution the RCU model permits prints these events in this order (lines may be missing). */
  permitted: boolean;
  /** How many leading events some permitted execution explains. */
  explained: number;
  /** The first event no permitted execution can print at that point (null when permitted). */
  firstForbidden: ObservedEvent | null;
  /** Events about tasks the scenario does not have: not part of the check. */
  ignored: ObservedEvent[];
  states: number;
  truncated: boolean;
}

interface OrderingOptions {
  profile?: Profile | CompiledProfile;
  /** Allow lines of the scenario to be missing from the log (default true: lost lines are not forbidden). */
  lossy?: boolean;
  maxStates?: number;
}

export function observedEvents(events: readonly LogEvent[]): ObservedEvent[] {
  return events.map((e) => ({ kind: e.kind, task: e.task, known: e.attribution === 'known', line: e.line }));
}

function matches(o: ObservedEvent, p: Observation): boolean {
  const kindOk = o.kind === p.kind || (o.kind === 'reader-end' && p.kind.startsWith('reader-end'));
  // an inferred attribution is the analyzer's guess: any task that could have printed it will do
  return kindOk && (!o.known || o.task === null || o.task === p.task);
}

/** Is the order of these events (one run's, in log order) one the scenario permits? */
export function checkOrdering(sc: Scenario, events: readonly ObservedEvent[], opts: OrderingOptions = {}): OrderingCheck {
  const { program, threadOf } = scenarioProgram(sc, opts.profile);
  const lossy = opts.lossy ?? true;
  // events about a task the scenario does not have (an extra reader) are not the scenario's to judge
  const taskKnown = (o: ObservedEvent): boolean => o.task === null || threadOf.has(o.task);
  const obs = events.filter(taskKnown);
  const ignored = events.filter((o) => !taskKnown(o));
  // A printed line may be missing from the log (lost), except one the log still shows later: an
  // event only that print can stand for. Without this, an early line could be "explained" by
  // losing the prints that in fact appear further on, and the blame would land too late.
  const label = (p: Observation): string => `${p.printer}|${p.kind}|${p.task}|${p.text}`;
  const prints = new Map<string, Observation>();
  for (const th of program.threads) for (const path of th.paths) for (const op of path.ops) if (op.k === 'print') prints.set(label(op.obs), op.obs);
  const only = obs.map((o) => {
    const c = [...prints.values()].filter((p) => matches(o, p));
    return c.length === 1 ? label(c[0]!) : null;
  });
  const shownFrom = (pos: number, l: string): boolean => {
    for (let i = pos; i < only.length; i++) if (only[i] === l) return true;
    return false;
  };
  // Lost lines are budgeted: of each class of line (a reader's path line, its end line, or one
  // kind), no more can be assumed lost than the scenario prints beyond what the log shows. A
  // complete log thus gets a strict check, and a log with a few lost lines stays a small search.
  const klass = (kind: string): string => (kind === 'reader-quick' || kind === 'reader-careful' ? 'path' : kind.startsWith('reader-end') ? 'end' : kind);
  const classes = [...new Set([...prints.values()].map((p) => klass(p.kind)))].slice(0, 8);
  const budget = classes.map((c) => {
    let printed = 0;
    for (const th of program.threads) printed += Math.max(0, ...th.paths.map((path) => path.ops.filter((o) => o.k === 'print' && klass(o.obs.kind) === c).length));
    return Math.min(63, Math.max(0, printed - obs.filter((o) => klass(o.kind) === c).length));
  });
  const lostOf = (aux: number, c: number): number => Math.floor(aux / 64 ** c) % 64;
  // Each thread's branch outcomes are fixed per search (explore.ts); rule out at once the
  // combinations that print fewer lines of a kind than the log shows, or (without losses) more.
  const kindOf = (kind: string): string => (kind.startsWith('reader-end') ? 'end' : kind);
  const shown = new Map<string, number>();
  for (const o of obs) shown.set(kindOf(o.kind), (shown.get(kindOf(o.kind)) ?? 0) + 1);
  const acceptCombo = (paths: readonly Path[]): boolean => {
    const printed = new Map<string, number>();
    for (const p of paths) for (const op of p.ops) if (op.k === 'print') printed.set(kindOf(op.obs.kind), (printed.get(kindOf(op.obs.kind)) ?? 0) + 1);
    for (const [k, n] of shown) if ((printed.get(k) ?? 0) < n) return false;
    if (!lossy) for (const [k, n] of printed) if (n !== (shown.get(k) ?? 0)) return false;
    return true;
  };
  const r = search(program, {
    acceptCombo,
    onPrint: (p, pos, aux) => {
      if (pos >= obs.length) return [[pos, aux]];
      const c = classes.indexOf(klass(p.kind));
      const canLose = lossy && c >= 0 && lostOf(aux, c) < budget[c]! && !shownFrom(pos, label(p));
      const lost: [number, number] = [pos, aux + 64 ** c];
      if (matches(obs[pos]!, p)) return canLose ? [[pos + 1, aux], lost] : [[pos + 1, aux]];
      return canLose ? [lost] : [];
    },
    goal: (v) => v.pos === obs.length,
  }, { maxStates: opts.maxStates ?? 200_000 });
  return {
    permitted: r.found,
    explained: r.found ? obs.length : r.maxPos,
    firstForbidden: r.found || r.truncated ? null : obs[r.maxPos] ?? null,
    ignored,
    states: r.states,
    truncated: r.truncated,
  };
}

export interface ScenarioOutcome {
  /** The path each task took through its branches, as the lines it printed from its first branch on. */
  branches: Record<string, string>;
  /** Final values of the scenario's variables. */
  vars: Record<string, number | string>;
}

/** The outcome of a complete execution: each branching task's path, the variables' final values. */
function outcomeOf(sc: Scenario, program: Program, v: StateView): ScenarioOutcome {
  const branches: Record<string, string> = {};
  program.threads.forEach((th, t) => {
    if (th.paths.length < 2) return;
    const ops = th.paths[v.paths[t]!]!.ops;
    const first = ops.findIndex((o) => o.k === 'assume');
    const said = ops.slice(first).flatMap((o) => (o.k === 'print' ? [o.obs.text] : []));
    branches[th.name] = said.length ? said.join(' / ') : `path ${v.paths[t]! + 1}`;
  });
  const vars: Record<string, number | string> = {};
  for (const name of Object.keys(sc.vars ?? {})) vars[name] = v.finalLoc(name) ?? '?';
  return { branches, vars };
}

/** Every outcome the scenario permits, over all orderings (bounded by maxStates). */
export function scenarioOutcomes(sc: Scenario, opts: OrderingOptions = {}): { outcomes: ScenarioOutcome[]; states: number; truncated: boolean; deadlocks: number } {
  const { program } = scenarioProgram(sc, opts.profile);
  const seen = new Map<string, ScenarioOutcome>();
  const r = search(program, {
    onComplete: (v) => {
      const o = outcomeOf(sc, program, v);
      seen.set(JSON.stringify(o), o);
    },
  }, { maxStates: opts.maxStates ?? 1_000_000 });
  return { outcomes: [...seen.values()], states: r.states, truncated: r.truncated, deadlocks: r.deadlocks };
}

interface OutcomeOrders {
  outcome: ScenarioOutcome;
  /** Each distinct order of printed lines that ends in this outcome (what a log of it would show). */
  orders: Observation[][];
}

/**
 * Every outcome with every distinct print order that leads to it: the logs the scenario can
 * produce. Two executions that print the same lines in the same order are one ordering here
 * (a log cannot tell them apart). The print history is kept in the search's aux counter (a
 * node of a trie of prints), so executions with different histories are never merged.
 */
export function scenarioPrintOrders(sc: Scenario, opts: OrderingOptions = {}): { outcomes: OutcomeOrders[]; orderings: number; states: number; truncated: boolean; deadlocks: number } {
  const { program } = scenarioProgram(sc, opts.profile);
  const parent: number[] = [-1];
  const printed: (Observation | null)[] = [null];
  const child = new Map<string, number>();
  const ids = new Map<string, number>();
  const onPrint = (obs: Observation, pos: number, aux: number): [number, number][] => {
    const label = `${obs.printer}\u0000${obs.text}`;
    let id = ids.get(label);
    if (id === undefined) ids.set(label, id = ids.size);
    const key = `${aux}:${id}`;
    let node = child.get(key);
    if (node === undefined) {
      node = parent.length;
      parent.push(aux);
      printed.push(obs);
      child.set(key, node);
    }
    return [[pos + 1, node]];
  };
  const byOutcome = new Map<string, { outcome: ScenarioOutcome; ends: Set<number> }>();
  // The reduction keeps every terminal state (reduction.ts), and the print history is part of it.
  const r = search(program, {
    onPrint,
    por: true,
    onComplete: (v) => {
      const o = outcomeOf(sc, program, v);
      const k = JSON.stringify(o);
      let e = byOutcome.get(k);
      if (!e) byOutcome.set(k, e = { outcome: o, ends: new Set() });
      e.ends.add(v.aux);
    },
  }, { maxStates: opts.maxStates ?? 1_000_000 });
  const orderOf = (node: number): Observation[] => {
    const out: Observation[] = [];
    for (let n = node; n > 0; n = parent[n]!) out.push(printed[n]!);
    return out.reverse();
  };
  const outcomes = [...byOutcome.values()].map((e) => ({ outcome: e.outcome, orders: [...e.ends].sort((a, b) => a - b).map(orderOf) }));
  return { outcomes, orderings: outcomes.reduce((n, o) => n + o.orders.length, 0), states: r.states, truncated: r.truncated, deadlocks: r.deadlocks };
}
