// Scenario: what the simulator runs, written the way a kernel module is. Plain data (JSON), so
// a scenario can be saved, edited by a user, validated against scenario.schema.json, mutated and
// fitted without a second representation.
//
// A scenario has functions (lists of steps, like C functions) and top-level tasks that run them.
// Tasks start other tasks with `spawn` (kthread_create + wake_up_process). Times are seconds.

/** Where a step was written in the scenario file (1-based), for error messages and hovers. */
interface SourcePos {
  line: number;
  column: number;
}

/** A condition for `if`: READ_ONCE(var) != 0, or a register != 0 (optionally == a value). */
export type Cond =
  | { read: string; equals?: number }
  | { reg: string; equals?: number };

export type Step =
  | { op: 'print'; text: string; cost?: number; pos?: SourcePos }
  | { op: 'sleep'; seconds: number; pos?: SourcePos }
  | { op: 'busy'; seconds: number; pos?: SourcePos }
  | { op: 'spawn'; task: string; fn: string; delay?: number; pos?: SourcePos }
  | { op: 'call'; fn: string; pos?: SourcePos }
  | { op: 'rcu_read_lock'; pos?: SourcePos }
  | { op: 'rcu_read_unlock'; pos?: SourcePos }
  | { op: 'read'; var: string; into: string; pos?: SourcePos }
  | { op: 'write'; var: string; value: number; pos?: SourcePos }
  | { op: 'if'; cond: Cond; then: Step[]; else: Step[]; pos?: SourcePos }
  /** latency: seconds from the moment its grace period may end (every waited-for reader done) to
   * the return; overrides the scenario's gpLatency for grace periods this call starts. */
  | { op: 'synchronize_rcu'; latency?: number; pos?: SourcePos }
  | { op: 'call_rcu'; callback: string; fn: string; pos?: SourcePos }
  | { op: 'rcu_barrier'; pos?: SourcePos }
  | { op: 'smp_mb'; pos?: SourcePos }
  | { op: 'spin_lock'; lock: string; pos?: SourcePos }
  | { op: 'spin_unlock'; lock: string; pos?: SourcePos };

export interface TopTask {
  name: string;
  fn: string;
  /** Start time in seconds after the scenario starts (default 0). */
  at?: number;
}

export interface Scenario {
  name: string;
  description?: string;
  /** Shared variables (READ_ONCE/WRITE_ONCE targets) with their initial values (default 0). */
  vars?: Record<string, number>;
  functions: Record<string, Step[]>;
  tasks: TopTask[];
  /** Defaults for the timed simulation; options given to simulate() override them. */
  timing?: ScenarioTiming;
  /** What no ordering may do: the question `rcu-lens explore` asks by default. */
  invariant?: ScenarioInvariant;
}

/**
 * An invariant, in one of two forms. `apart`: two functions whose calls must never overlap (each
 * entered with a `call` step). `never`: reads that must never return a value (default: any
 * non-zero one), e.g. a reader reading the poison of an element that was freed under it.
 */
export interface ScenarioInvariant {
  /** The invariant in words, for reports ("no reader holds an element after it is freed"). */
  says?: string;
  apart?: [string, string];
  never?: { read: string; equals?: number }[];
}

export interface ScenarioTiming {
  /** Seconds since boot of the scenario's first instant (default 99.566511, the seed's). */
  bootTime?: number;
  cpus?: number;
  /** Seconds between a grace period's last waited-for reader ending and synchronize_rcu returning. */
  gpLatency?: number;
  /** CPU time a printk takes, seconds (default 1e-6). */
  printCost?: number;
}

/** A validation problem, with the place in the scenario text it concerns. */
export interface ScenarioIssue {
  line: number;
  column: number;
  message: string;
}

export class ScenarioError extends Error {
  constructor(public readonly issues: ScenarioIssue[]) {
    super(issues.map((i) => `${i.line}:${i.column}: ${i.message}`).join('\n'));
  }
}

/** Steps that take no arguments, written as a bare string in the file ("rcu_read_lock"). */
export const BARE_OPS = ['rcu_read_lock', 'rcu_read_unlock', 'synchronize_rcu', 'rcu_barrier', 'smp_mb'] as const;

/** Walk every step of a list, depth first, including both branches of each `if`. */
export function forEachStep(steps: readonly Step[], f: (s: Step, path: readonly number[]) => void, path: number[] = []): void {
  steps.forEach((s, i) => {
    const p = [...path, i];
    f(s, p);
    if (s.op === 'if') {
      forEachStep(s.then, f, [...p, 0]);
      forEachStep(s.else, f, [...p, 1]);
    }
  });
}

/** A deep copy (scenarios are plain data). */
export function cloneScenario(s: Scenario): Scenario {
  return JSON.parse(JSON.stringify(s)) as Scenario;
}
