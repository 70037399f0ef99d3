// A witness of the search (the ops it executed, in order) replayed into a readable execution:
// which thread did what, and what each read returned. Litmus counterexamples and the invariant
// explorer's both read this way.

import { Machine } from './machine';
import type { Op, Program, Val } from './program';

export interface Step {
  thread: number;
  /** The op's index in its thread's path. */
  op: number;
  kind: Op['k'];
  /** A read's value; a write's stored value. */
  value?: Val;
  /** A read's or write's location. */
  loc?: string;
}

export interface Execution {
  /** Branch outcome per thread (path index). */
  combo: number[];
  steps: Step[];
  /** Final register values per thread, for the registers its path defines. */
  regs: Map<string, Val>[];
}

/** Replay witness `trail` (from search) under branch outcomes `combo`. */
export function replay(prog: Program, combo: readonly number[], trail: readonly [number, number][]): Execution {
  const m = new Machine(prog, [...combo], {});
  const s = m.initial();
  if (!s) throw new Error('replay: the witness starts in a dead state');
  const steps: Step[] = [];
  for (const [t, j] of trail) {
    const op = m.paths[t]!.ops[j]!;
    const loc = op.k === 'read' || op.k === 'write' ? m.locOf(s, t, j) : -1;
    m.exec(s, t, j);
    m.closeLocal(s);
    const step: Step = { thread: t, op: j, kind: op.k };
    if (loc >= 0) { step.loc = prog.locations[loc]; step.value = op.k === 'read' ? s.vals[t]![j] : s.mem[loc]; }
    steps.push(step);
  }
  const regs = m.paths.map((p, t) => {
    const out = new Map<string, Val>();
    for (const [reg, d] of p.finalDefs) { const v = s.vals[t]![d]; if (v !== undefined) out.set(reg, v); }
    return out;
  });
  return { combo: [...combo], steps, regs };
}

const show = (v: Val | undefined): string => (v === undefined ? '?' : typeof v === 'string' ? `&${v}` : String(v));

/** One line per step: `P1: WRITE_ONCE(x, 1)`; names from the program's threads. */
export function describeStep(prog: Program, ex: Execution, step: Step): string {
  const th = prog.threads[step.thread]!;
  const op = th.paths[ex.combo[step.thread]!]!.ops[step.op]!;
  const who = th.name;
  switch (op.k) {
    case 'read': return `${who}: ${op.acquire ? 'smp_load_acquire' : 'READ_ONCE'}(${step.loc ?? '?'}) = ${show(step.value)}`;
    case 'write': return `${who}: ${op.release ? 'smp_store_release' : 'WRITE_ONCE'}(${step.loc ?? '?'}, ${show(step.value)})`;
    case 'rcu-lock': return `${who}: rcu_read_lock()`;
    case 'rcu-unlock': return `${who}: rcu_read_unlock()`;
    case 'gp-start': return `${who}: synchronize_rcu() begins its grace period`;
    case 'gp-end': return `${who}: synchronize_rcu() returns`;
    case 'print': return `${who}: printk("${op.obs.text}")`;
    case 'spawn': return `${who}: starts ${prog.threads[op.thread]!.name}`;
    case 'call-rcu': return `${who}: call_rcu(${prog.threads[op.thread]!.name})`;
    case 'barrier-start': return `${who}: rcu_barrier() begins`;
    case 'barrier-end': return `${who}: rcu_barrier() returns`;
    case 'spin-lock': return `${who}: spin_lock(${prog.locks[op.lock]})`;
    case 'spin-unlock': return `${who}: spin_unlock(${prog.locks[op.lock]})`;
    case 'fence': return `${who}: smp_${op.kind}()`;
    case 'assign': case 'assume': return `${who}: (local)`;
  }
}
