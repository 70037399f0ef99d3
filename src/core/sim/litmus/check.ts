// herd7-style verdicts for a litmus test from the exhaustive checker: Always (every complete
// execution satisfies `exists`), Sometimes (some does, some does not), Never (none does),
// DEADLOCK (no execution completes at all). The invariant explorer asks the same question of a
// scenario, with its overlap probes as the clause.

import { completes, search, type StateView } from '../explore/explore';
import type { Program, Val } from '../explore/program';
import { type Execution, replay } from '../explore/trace';
import type { Cond, LitmusTest } from './parse';

export type Verdict = 'Always' | 'Sometimes' | 'Never' | 'DEADLOCK' | 'Unknown';

interface LitmusVerdict {
  verdict: Verdict;
  states: number;
  /** The state bound was hit: 'Unknown' (or a Sometimes found before it). */
  truncated: boolean;
  /** For Sometimes and Always: an execution that satisfies the clause. */
  witness?: Execution;
}

interface DecideOptions {
  maxStates?: number;
  /** The order of printed lines does not matter (see SearchSpec.printsCommute). */
  printsCommute?: boolean;
  /** Look for a witness in program order first (see SearchSpec.preferProgramOrder). */
  preferProgramOrder?: boolean;
  /** Abandon states from which no execution completes (default true; false for cross-checks). */
  lookahead?: boolean;
  /** Only whether some execution satisfies the clause: a witness ends it as Sometimes, without
   * the second search that tells Sometimes from Always (the invariant explorer's question). */
  existsOnly?: boolean;
}

/** Three-valued: true, false, or undefined while a value it needs is not final yet. */
function evalCond(e: Cond, v: StateView, threads: number): boolean | undefined {
  switch (e.k) {
    case 'true': return true;
    case 'not': { const a = evalCond(e.a, v, threads); return a === undefined ? undefined : !a; }
    case 'and': {
      const a = evalCond(e.a, v, threads);
      if (a === false) return false;
      const b = evalCond(e.b, v, threads);
      if (b === false) return false;
      return a === undefined || b === undefined ? undefined : true;
    }
    case 'or': {
      const a = evalCond(e.a, v, threads);
      if (a === true) return true;
      const b = evalCond(e.b, v, threads);
      if (b === true) return true;
      return a === undefined || b === undefined ? undefined : false;
    }
    case 'reg': {
      if (e.thread >= threads) return false;
      const x = v.finalReg(e.thread, e.reg);
      return x === undefined ? undefined : same(x, e.v);
    }
    case 'loc': {
      const x = v.finalLoc(e.loc);
      return x === undefined ? undefined : same(x, e.v);
    }
  }
}

const same = (a: Val, b: Val): boolean => a === b;

/** The atoms every satisfying state needs (the top-level conjunction). */
function required<K extends 'reg' | 'loc'>(e: Cond, k: K): Extract<Cond, { k: K }>[] {
  if (e.k === 'and') return [...required(e.a, k), ...required(e.b, k)];
  return e.k === k ? [e as Extract<Cond, { k: K }>] : [];
}

export function checkLitmus(t: LitmusTest, maxStates = 100_000): LitmusVerdict {
  return decide(t.program, t.exists, { maxStates });
}

/** Does some complete execution of `program` satisfy `exists`? Every one? None? */
export function decide(program: Program, exists: Cond, opts: DecideOptions = {}): LitmusVerdict {
  const maxStates = opts.maxStates ?? 100_000;
  const printsCommute = !!opts.printsCommute;
  const lookahead = opts.lookahead ?? true;
  const n = program.threads.length;
  const need = required(exists, 'reg').filter((a) => a.thread < n);
  const finals = new Map(required(exists, 'loc').map((a) => [a.loc, a.v]));
  const sat = search(program, {
    goal: (v) => v.complete && evalCond(exists, v, n) === true,
    // abandon a state as soon as a read the condition needs can no longer see its value
    prune: (v) => evalCond(exists, v, n) === false || need.some((a) => !v.mayStillRead(a.thread, a.reg, a.v))
      || [...finals].some(([loc, val]) => !v.mayStillEnd(loc, val)),
    por: true,
    printsCommute,
    preferProgramOrder: !!opts.preferProgramOrder,
    lookahead,
    finalGuards: finals,
    readGuards: (thread, path) => {
      const p = program.threads[thread]!.paths[path]!;
      const g = new Map<number, Val>();
      for (const a of need) {
        if (a.thread !== thread) continue;
        const d = p.finalDefs.get(a.reg);
        if (d !== undefined && p.ops[d]!.k === 'read') g.set(d, a.v);
      }
      return g;
    },
  }, { maxStates });
  if (sat.found) {
    const witness = replay(program, sat.combo!, sat.witness!);
    if (opts.existsOnly) return { verdict: 'Sometimes', states: sat.states, truncated: false, witness };
    // Always, unless some complete execution misses the clause
    const miss = search(program, {
      goal: (v) => v.complete && evalCond(exists, v, n) === false,
      prune: (v) => evalCond(exists, v, n) === true,
      por: true, printsCommute, lookahead,
    }, { maxStates });
    const states = sat.states + miss.states;
    if (miss.found) return { verdict: 'Sometimes', states, truncated: false, witness };
    return miss.truncated ? { verdict: 'Unknown', states, truncated: true, witness } : { verdict: 'Always', states, truncated: false, witness };
  }
  if (sat.truncated) return { verdict: 'Unknown', states: sat.states, truncated: true };
  const any = completes(program, { maxStates, printsCommute, lookahead });
  if (any.found) return { verdict: 'Never', states: sat.states + any.states, truncated: false };
  return { verdict: any.truncated ? 'Unknown' : 'DEADLOCK', states: sat.states + any.states, truncated: any.truncated };
}

/** Every final register state (herd's "States" list), as sorted `P:reg=value` strings. */
export function litmusOutcomes(t: LitmusTest, maxStates = 200_000): { outcomes: string[]; truncated: boolean } {
  const regs: [number, string][] = [];
  const visit = (e: Cond): void => {
    if (e.k === 'reg' && !regs.some(([a, b]) => a === e.thread && b === e.reg)) regs.push([e.thread, e.reg]);
    if (e.k === 'and' || e.k === 'or') { visit(e.a); visit(e.b); }
    if (e.k === 'not') visit(e.a);
  };
  visit(t.exists);
  const seen = new Set<string>();
  const r = search(t.program, {
    onComplete: (v) => { seen.add(regs.map(([th, reg]) => `${th}:${reg}=${String(v.finalReg(th, reg))}`).join('; ')); },
  }, { maxStates });
  return { outcomes: [...seen].sort(), truncated: r.truncated };
}
