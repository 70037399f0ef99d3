// A scenario as a Program for the exhaustive checker. Timing disappears (sleeps and busy loops
// say nothing about which orders are possible: any of them may take any time); what remains is
// what RCU and the memory model constrain. Each printk is a full barrier in its thread (it takes
// the console and log-buffer locks, and the log's order is the order it records).

import type { CompiledProfile, Profile } from '../../patterns/profile';
import { classifier } from '../run/classify';
import type { Scenario, Step } from '../scenario/scenario';
import { buildProgram, type Program, ProgramError, type Stmt, type ThreadSource } from './program';

/** Threads a scenario may start (tasks, spawns, callbacks), and statements per thread once calls
 * are inlined (paths x ops per path: program.ts takes at most 64 x 62). */
const MAX_THREADS = 64;
const MAX_THREAD_STMTS = 4096;

interface ScenarioProgram {
  program: Program;
  /** Thread index by task name. */
  threadOf: Map<string, number>;
  /** The overlap probes (see ProgramOptions.apart): one per (region instance, other instance). */
  probes: Probe[];
  /** Calls of the two `apart` functions (how many tasks' paths make one). */
  calls: [number, number];
  /** The threads as structured statements (program.threads[i] is sources[i] flattened), for
   * the LKMM translation (toLitmus.ts), which needs the branches, not the flattened paths. */
  sources: ThreadSource[];
  /** Reads of the `watch` variables: the register each read fills, in its thread. */
  watched: WatchedRead[];
}

/** A read of a watched variable (ProgramOptions.watch) into register `reg` of `thread`. */
export interface WatchedRead {
  thread: number;
  reg: string;
  var: string;
  /** Another read of the thread fills the same register: its final value may not be this read's. */
  shared: boolean;
}

/**
 * A probe read: `thread` (in a call of `fn`, instance `instance`) reads the in-progress flag of
 * instance `otherInstance` of `otherFn` (run by `otherThread`) into register `reg`. It reads 1
 * exactly when the two calls' accesses overlap.
 */
export interface Probe {
  thread: number;
  reg: string;
  fn: string;
  instance: number;
  otherThread: number;
  otherFn: string;
  otherInstance: number;
}

/** Probes grouped by the two tasks they relate (both directions of one pair together). */
export function pairsOf(probes: readonly Probe[]): Probe[][] {
  const byPair = new Map<string, Probe[]>();
  for (const p of probes) {
    const key = [p.thread, p.otherThread].sort((a, b) => a - b).join('/');
    byPair.set(key, [...(byPair.get(key) ?? []), p]);
  }
  return [...byPair.values()];
}

interface ProgramOptions {
  /** printk as a full barrier (default) or as the LKMM sees it (program.ts BuildOptions). */
  printIsFence?: boolean;
  /**
   * Two functions whose calls must never overlap (a scenario's `apart` invariant). Each call of
   * either gets the phased-state-change litmus test's probes (paulmckrcu/litmus psc): a call of
   * the first stores 1 then 0 to its own flag, then reads every call of the second's flag; a call
   * of the second reads every call of the first's flag, then stores 1 then 0 to its own. Under
   * the LKMM these accesses may move anywhere the call's other accesses may, so a probe reads 1
   * exactly when some ordering lets the two calls' effects interleave.
   */
  apart?: readonly [string, string];
  /** Variables whose reads the caller asks about (the `never` invariant): each read of one is
   * listed with its register, which no later read on the same path may reuse. */
  watch?: ReadonlySet<string>;
}

/** Probe flag locations and registers: `%` keeps them apart from the scenario's names. */
const flagOf = (fn: string, instance: number): string => `%${fn}#${instance}`;

export function scenarioProgram(sc: Scenario, profile?: Profile | CompiledProfile, opts: ProgramOptions = {}): ScenarioProgram {
  // Two passes when probing: the first finds every call of the two functions (which task makes
  // it), the second compiles with each call's probes naming all calls of the other function.
  const first = compileScenario(sc, profile, opts, null);
  if (!opts.apart) return first.result;
  return compileScenario(sc, profile, opts, first.calls).result;
}

interface Compiled {
  result: ScenarioProgram;
  /** Per apart function (0, 1): the task making each call, in instance order. */
  calls: [string[], string[]];
}

function compileScenario(sc: Scenario, profile: Profile | CompiledProfile | undefined, opts: ProgramOptions, known: [string[], string[]] | null): Compiled {
  const classify = classifier(profile);
  const sources: ThreadSource[] = [];
  const calls: [string[], string[]] = [[], []];
  const probes: Omit<Probe, 'thread' | 'otherThread'>[] = [];
  const probeTasks: [string, string][] = [];
  const watched: { task: string; reg: string; var: string }[] = [];
  const watch = (task: string, reg: string, v: string): void => { if (opts.watch?.has(v)) watched.push({ task, reg, var: v }); };
  const readsInto = new Map<string, number>(); // task + register -> read steps filling it
  const regKey = (task: string, reg: string): string => `${task}\u0000${reg}`;
  const pending: { name: string; fn: string; start: ThreadSource['start'] }[] = sc.tasks.map((t) => ({ name: t.name, fn: t.fn, start: 'initial' as const }));
  let tmp = 0;
  // Work bounds, checked while compiling (calls are inlined: a chain of functions each calling
  // the next twice is 2^n statements; a task that spawns itself never stops adding threads).
  let stmts = 0;
  const count = (task: string): void => {
    if (++stmts > MAX_THREAD_STMTS) throw new ProgramError(`${task}: too many operations (more than ${MAX_THREAD_STMTS} once calls are inlined; a thread explores at most 62)`);
  };
  const compile = (steps: readonly Step[], task: string): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of steps) {
      count(task);
      switch (s.op) {
        case 'print': {
          const c = classify(s.text, task);
          out.push({ s: 'print', label: { kind: c.kind ?? 'print', task: c.kind ? c.task : task, text: s.text, printer: task } });
          break;
        }
        case 'sleep': case 'busy': break;
        case 'spawn': pending.push({ name: s.task, fn: s.fn, start: 'spawned' }); out.push({ s: 'spawn', thread: s.task }); break;
        case 'call': {
          const side = opts.apart ? opts.apart.indexOf(s.fn) : -1;
          const body = compile(sc.functions[s.fn] ?? [], task);
          if (side < 0) { for (const b of body) out.push(b); break; }
          const instance = calls[side as 0 | 1].push(task) - 1;
          const others = known?.[side === 0 ? 1 : 0] ?? [];
          const otherFn = opts.apart![side === 0 ? 1 : 0]!;
          const own = { k: 'const' as const, v: flagOf(s.fn, instance) };
          const reads: Stmt[] = others.map((otherTask, oi) => {
            const reg = `%saw:${s.fn}#${instance}:${otherFn}#${oi}`;
            probes.push({ reg, fn: s.fn, instance, otherFn, otherInstance: oi });
            probeTasks.push([task, otherTask]);
            return { s: 'read', reg, addr: { k: 'const', v: flagOf(otherFn, oi) } };
          });
          const set: Stmt[] = [
            { s: 'write', addr: own, val: { k: 'const', v: 1 } },
            { s: 'write', addr: own, val: { k: 'const', v: 0 } },
          ];
          for (const b of side === 0 ? [...set, ...reads] : [...reads, ...set]) out.push(b);
          for (const b of body) out.push(b);
          break;
        }
        case 'rcu_read_lock': out.push({ s: 'rcu-lock' }); break;
        case 'rcu_read_unlock': out.push({ s: 'rcu-unlock' }); break;
        case 'read':
          watch(task, s.into, s.var);
          readsInto.set(regKey(task, s.into), (readsInto.get(regKey(task, s.into)) ?? 0) + 1);
          out.push({ s: 'read', reg: s.into, addr: { k: 'const', v: s.var } }); break;
        case 'write': out.push({ s: 'write', addr: { k: 'const', v: s.var }, val: { k: 'const', v: s.value } }); break;
        case 'if': {
          let reg: string;
          if ('read' in s.cond) {
            reg = `%c${tmp++}`;
            watch(task, reg, s.cond.read);
            out.push({ s: 'read', reg, addr: { k: 'const', v: s.cond.read } });
          } else reg = s.cond.reg;
          const r = { k: 'reg' as const, name: reg };
          const cond = s.cond.equals === undefined ? r : { k: 'bin' as const, op: '==' as const, a: r, b: { k: 'const' as const, v: s.cond.equals } };
          out.push({ s: 'if', cond, then: compile(s.then, task), else: compile(s.else, task) });
          break;
        }
        case 'synchronize_rcu': out.push({ s: 'sync' }); break;
        case 'call_rcu': pending.push({ name: s.callback, fn: s.fn, start: 'callback' }); out.push({ s: 'call-rcu', thread: s.callback }); break;
        case 'rcu_barrier': out.push({ s: 'barrier' }); break;
        case 'smp_mb': out.push({ s: 'fence', kind: 'mb' }); break;
        case 'spin_lock': out.push({ s: 'spin-lock', lock: s.lock }); break;
        case 'spin_unlock': out.push({ s: 'spin-unlock', lock: s.lock }); break;
      }
    }
    return out;
  };
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i]!;
    if (i >= MAX_THREADS) throw new ProgramError(`too many threads (more than ${MAX_THREADS}): does a task spawn itself, or a call_rcu callback queue itself again?`);
    stmts = 0;
    sources.push({ name: p.name, start: p.start, body: compile(sc.functions[p.fn] ?? [], p.name) });
  }
  const init = new Map<string, number | string>(Object.entries(sc.vars ?? {}));
  const flags = calls.flatMap((list, side) => list.map((_, i) => flagOf(opts.apart![side]!, i)));
  for (const f of flags) init.set(f, 0);
  const threadOf = new Map(sources.map((s, i) => [s.name, i]));
  return {
    result: {
      program: buildProgram(sources, init, [...Object.keys(sc.vars ?? {}), ...flags], { printIsFence: opts.printIsFence ?? true }),
      threadOf,
      probes: probes.map((p, i) => ({ ...p, thread: threadOf.get(probeTasks[i]![0])!, otherThread: threadOf.get(probeTasks[i]![1])! })),
      calls: [calls[0].length, calls[1].length],
      watched: watched.map((w) => ({ thread: threadOf.get(w.task)!, reg: w.reg, var: w.var, shared: (readsInto.get(regKey(w.task, w.reg)) ?? 0) > 1 })),
      sources,
    },
    calls,
  };
}
