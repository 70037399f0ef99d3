// The exhaustive checker's search: every execution a Program allows (see machine.ts for the
// semantics), explored depth first with state hashing (two interleavings that reach the same state
// are explored once), optionally reduced to stubborn sets (reduction.ts).

import { type Guards, Machine, type St, type StateView } from './machine';
import type { Op, Path, Program, Observation } from './program';
import { stubborn } from './reduction';

export type { StateView } from './machine';

interface SearchSpec extends Guards {
  /**
   * The outcomes of printing `obs` at position pos, as [new pos, new aux] pairs; [] forbids the
   * print. aux is a number of the spec's own, kept in the state (e.g. lines assumed lost).
   * Default: [[pos, aux]].
   */
  onPrint?(obs: Observation, pos: number, aux: number): [number, number][];
  /** Return true to abandon a state (nothing good can come of it). */
  prune?(s: StateView): boolean;
  /** Stop the search at the first state where this holds. */
  goal?(s: StateView): boolean;
  /** Called for every complete execution's final state (when no goal stops the search first). */
  onComplete?(s: StateView): void;
  /**
   * Partial-order reduction: at each state explore only a stubborn set of ops (reduction.ts).
   * Sound for goals and prunes that only concern complete executions and only grow more certain
   * as a run goes on (litmus verdicts, the print-order check when its goal asks for completion).
   */
  por?: boolean;
  /** Try ops in program order first, so the first witness found reorders as little as it must
   * (a counterexample a person reads). */
  preferProgramOrder?: boolean;
  /** The order of printed lines does not matter to this search (no onPrint): prints commute. */
  printsCommute?: boolean;
  /** Skip whole branch-outcome combinations (one Path per thread) that cannot reach the goal. */
  acceptCombo?(paths: readonly Path[]): boolean;
  /** Abandon states from which no execution can complete (Machine.doomed). For searches whose
   * goals are complete executions only. */
  lookahead?: boolean;
}

interface SearchResult {
  found: boolean;
  /** The goal state's history: [thread, op index] in execution order. */
  witness: [number, number][] | null;
  /** The goal state's branch outcomes: a path index per thread. */
  combo: number[] | null;
  states: number;
  truncated: boolean;   // hit maxStates: the answer may be incomplete
  maxPos: number;       // the furthest print position any explored state reached
  deadlocks: number;    // stuck states (nothing enabled, not complete)
}

interface SearchOptions {
  maxStates?: number;
}

const PRIORITY: Record<Op['k'], number> = {
  read: 0, 'rcu-unlock': 1, 'gp-end': 1, 'barrier-end': 1, 'spin-unlock': 1, write: 2, print: 2, spawn: 2, 'call-rcu': 2,
  assign: 2, assume: 2, fence: 2, 'spin-lock': 3, 'barrier-start': 3, 'gp-start': 4, 'rcu-lock': 5,
};

export function search(prog: Program, spec: SearchSpec, opts: SearchOptions = {}): SearchResult {
  const combos = pathCombos(prog);
  const result: SearchResult = { found: false, witness: null, combo: null, states: 0, truncated: false, maxPos: 0, deadlocks: 0 };
  for (const combo of combos) {
    if (spec.acceptCombo && !spec.acceptCombo(prog.threads.map((t, i) => t.paths[combo[i]!]!))) continue;
    new Search(prog, combo, spec, opts.maxStates ?? 2_000_000, result).go();
    if (result.found || result.truncated) break;
  }
  return result;
}

/** Does some execution of the program complete (every thread runs to its end)? Not: DEADLOCK. */
export function completes(prog: Program, opts: { maxStates: number; printsCommute?: boolean; lookahead?: boolean }): SearchResult {
  return search(prog, { goal: (v) => v.complete, por: true, printsCommute: opts.printsCommute, lookahead: opts.lookahead ?? true }, { maxStates: opts.maxStates });
}

function pathCombos(prog: Program): number[][] {
  let combos: number[][] = [[]];
  for (const th of prog.threads) {
    const next: number[][] = [];
    for (const c of combos) for (let p = 0; p < th.paths.length; p++) next.push([...c, p]);
    combos = next;
  }
  return combos;
}

class Search {
  private readonly m: Machine;
  private readonly visited = new Set<string>();
  private readonly trail: [number, number][] = [];

  constructor(prog: Program, private readonly combo: number[], private readonly spec: SearchSpec, private readonly maxStates: number, private readonly res: SearchResult) {
    this.m = new Machine(prog, combo, spec);
  }

  go(): void {
    const s = this.m.initial();
    if (s) this.dfs(s);
  }

  private dfs(s: St): boolean {
    const res = this.res, m = this.m;
    if (res.states >= this.maxStates) { res.truncated = true; return true; }
    const k = m.key(s);
    if (this.visited.has(k)) return false;
    this.visited.add(k);
    res.states++;
    if (s.pos > res.maxPos) res.maxPos = s.pos;
    let complete = true;
    for (let t = 0; t < m.n && complete; t++) complete = m.threadDone(s, t);
    const v = m.view(s, complete);
    if (this.spec.goal?.(v)) { res.found = true; res.witness = [...this.trail]; res.combo = [...this.combo]; return true; }
    if (this.spec.prune?.(v)) return false;
    if (this.spec.lookahead && !complete && m.doomed(s)) return false;
    if (complete) { this.spec.onComplete?.(v); return false; }
    // enabled ops, with each print's outcomes (a print the spec forbids here counts as disabled)
    const enabled: [number, number][] = [];
    const outcomes = new Map<number, [number, number][]>();
    let blocked: Set<number> | undefined;
    for (let t = 0; t < m.n; t++) {
      if (!m.runnable(s, t)) continue;
      const ops = m.paths[t]!.ops;
      for (let j = 0; j < ops.length; j++) {
        if (m.enabled(s, t, j) !== true) continue;
        const op = ops[j]!;
        if (op.k === 'print' && this.spec.onPrint) {
          const o = this.spec.onPrint(op.obs, s.pos, s.aux);
          if (o.length === 0) { (blocked ??= new Set()).add(t * 64 + j); continue; }
          outcomes.set(t * 64 + j, o);
        }
        enabled.push([t, j]);
      }
    }
    const moved = enabled.length > 0;
    // Try first what closes or fixes things (reads whose value is right now, leaving critical
    // sections, ending grace periods) and last what opens them: witnesses come sooner.
    if (this.spec.preferProgramOrder) {
      const early = (t: number, j: number): number => { let n = 0; for (let i = 0; i < j; i++) if (!m.isDone(s, t, i)) n++; return n; };
      enabled.sort((a, b) => early(a[0], a[1]) - early(b[0], b[1]) || PRIORITY[m.paths[a[0]]!.ops[a[1]]!.k] - PRIORITY[m.paths[b[0]]!.ops[b[1]]!.k]);
    } else enabled.sort((a, b) => PRIORITY[m.paths[a[0]]!.ops[a[1]]!.k] - PRIORITY[m.paths[b[0]]!.ops[b[1]]!.k]);
    const onPrint = this.spec.onPrint;
    const printAllowed = onPrint && ((u: number, k: number): boolean => {
      const op = m.paths[u]!.ops[k]!;
      return op.k === 'print' && onPrint(op.obs, s.pos, s.aux).length > 0;
    });
    for (const [t, j] of this.spec.por ? stubborn(m, s, enabled, blocked, printAllowed, this.spec.printsCommute && !onPrint) : enabled) {
      for (const [pos, aux] of outcomes.get(t * 64 + j) ?? [[s.pos, s.aux]]) {
        const n = m.clone(s);
        m.exec(n, t, j);
        n.pos = pos;
        n.aux = aux;
        if (!m.closeLocal(n)) continue;
        this.trail.push([t, j]);
        const stop = this.dfs(n);
        this.trail.pop();
        if (stop) return true;
      }
    }
    if (!moved) res.deadlocks++;
    return false;
  }
}
