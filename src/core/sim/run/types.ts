// What a simulation produces. Plain data like the core's model: the editor posts it to the
// webview (ghost bars), the CLI prints it with --json. Times are seconds since boot, like the
// analyzer's, so an expected event and an actual one compare directly.

import type { EventKind, ReaderPath } from '../../model';
import type { Scenario } from '../scenario/scenario';

export interface SimOptions {
  /** PRNG seed: the same seed gives the same run (default 1). */
  seed?: number;
  /** Relative jitter applied to every sleep, busy loop, spawn delay and grace-period latency:
   * each duration d becomes d × (1 ± jitter). 0 (the default) gives the scenario's exact timings. */
  jitter?: number;
  cpus?: number;
  /** Seconds since boot of the scenario's first instant. */
  bootTime?: number;
  /** Seconds from a grace period's last waited-for reader ending (or from its start, when it
   * waits for none) to synchronize_rcu() returning. */
  gpLatency?: number;
  printCost?: number;
  /** May the scheduler preempt a task inside rcu_read_lock()? false (the default) models the seed:
   * readers are non-preemptible busy loops, so one CPU runs a reader to its end. */
  preemptibleReaders?: boolean;
  /** Scheduler time slice in seconds, when more tasks are runnable than there are CPUs. */
  timeslice?: number;
  /** Stop after this much virtual time, in seconds after the scenario starts (default 1e6). */
  maxTime?: number;
}

export type ResolvedSimOptions = Required<SimOptions>;

/** One printed line of the expected log. */
export interface SimEvent {
  seq: number;                // index in SimResult.events
  line: number;               // 1-based line in SimResult.log
  time: number;               // seconds since boot
  printer: string;            // the task that called printk
  task: string | null;        // the task the event is about, as the analyzer names it (spawn: the task started)
  kind: EventKind | null;     // null: a message the profile does not know
  text: string;
}

export interface SimReader {
  id: number;
  task: string;
  begin: number;              // rcu_read_lock(), seconds since boot
  end: number | null;         // rcu_read_unlock() (null: never left)
  path: ReaderPath | null;
  /** Grace periods (SimGracePeriod ids) that had to wait for it. */
  waitedForBy: number[];
}

export interface SimGracePeriod {
  id: number;
  start: number;
  end: number | null;         // null: never ended (deadlock, or the run was cut)
  waitedFor: number[];        // SimReader ids open when it started
  callers: string[];          // tasks whose synchronize_rcu() it served
  callbacks: string[];        // call_rcu() callbacks it made ready
}

/** One synchronize_rcu() call. index: its call site's rank in the scenario (1, 2, ...: drop-gpN's N). */
export interface SimSync {
  task: string;
  site: number;               // 1-based rank of the call site (see syncSites)
  call: number;
  ret: number | null;
  gp: number;                 // SimGracePeriod id that served it
}

export interface SimTask {
  name: string;
  fn: string;
  role: 'init' | 'reader' | 'updater' | 'callback' | 'task';
  spawnedBy: string | null;
  spawnedAt: number | null;   // when its spawn (or call_rcu callback's grace period end) made it runnable
  start: number | null;       // first ran
  end: number | null;         // returned (null: never)
}

export interface SimWarning {
  time: number;
  task: string | null;
  message: string;
}

export interface SimResult {
  scenario: Scenario;
  options: ResolvedSimOptions;
  events: SimEvent[];
  /** The expected log in dmesg format, one line per event, ending with a newline. */
  log: string;
  tasks: SimTask[];
  readers: SimReader[];
  gracePeriods: SimGracePeriod[];
  syncs: SimSync[];
  warnings: SimWarning[];
  /** Some task could never finish (e.g. synchronize_rcu() inside its own reader). */
  deadlock: boolean;
  startTime: number;
  endTime: number;
  /** Set when the run stopped at a work bound (engine.ts, LIMITS) before the scenario finished:
   * what was too many. The result is then partial; the CLI refuses it (exit 2). */
  stoppedAt?: string;
}
