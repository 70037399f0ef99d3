// The data model: what the analysis of one kernel log produces.
//
// Invariant: everything here is plain data (no classes, no functions, no Maps), so an Analysis
// can be JSON-serialised as is, posted to the webview and printed by the CLI's --json without a
// second representation. Lines are 1-based line numbers in the analysed file; times are seconds
// since boot (null when the log does not say); nothing is ever ordered across boots.

/** Per-line formats the parser knows. A file has one dominant format; lines may differ. */
export type FormatId =
  | 'dmesg'            // [  131.102161] msg   (optionally [ T1234] / [C1] caller id)
  | 'dmesg-ctime'      // dmesg -T: [Mon Apr  4 01:22:04 2022] msg
  | 'dmesg-iso'        // dmesg --time-format iso: 2022-04-04T01:22:04,123456+02:00 msg
  | 'dmesg-delta'      // dmesg -d: [  131.102161 <    0.000034>] msg
  | 'dmesg-decoded'    // dmesg -x: kern  :info  : [    0.2] msg
  | 'dmesg-raw'        // dmesg -r: <6>[    0.2] msg
  | 'kmsg'             // /dev/kmsg: 6,339,5140900,-;msg  (+ continuation lines " KEY=value")
  | 'journal-short'    // Apr 04 01:22:04 host kernel: msg
  | 'journal-monotonic'// [  123.456789] host kernel: msg
  | 'journal-precise'  // Apr 04 01:22:04.123456 host kernel: msg
  | 'journal-iso'      // 2022-04-04T01:22:04+0200 host kernel: msg  (also -precise)
  | 'syslog'           // Apr  4 01:22:04 host kernel: [  99.5] msg   (kern.log)
  | 'syslog-rfc3339'   // 2022-04-04T01:22:04.123456+02:00 host kernel: [  99.5] msg
  | 'ftrace'           // tracefs trace / trace-cmd report: task-pid [cpu] flags ts: event: args
  | 'ftrace-dump'      // console ftrace dump (latency format): task-pid  cpu#flags  tsus : event: args
  | 'console'          // bare kernel text with no prefix (serial console without timestamps)
  | 'unknown';

/** What a line is. 'kernel' = a kernel message; 'trace' = an ftrace event line; 'continuation' = a
 * line that continues the previous record (kmsg dictionary, wrapped text); 'other' = anything else
 * (login prompts, systemd status, binary junk): kept, never dropped. */
export type RecordKind = 'kernel' | 'trace' | 'continuation' | 'other' | 'blank';

/** One line of the input, parsed. */
export interface LogRecord {
  line: number;               // 1-based
  offset: number;             // byte offset of the line's first byte
  boot: number;               // 0-based boot index
  kind: RecordKind;
  format: FormatId;
  time: number | null;        // seconds since boot
  wallclock: number | null;   // seconds since the Unix epoch (UTC when the log has no zone; year 1970 when it has no year)
  level: number | null;       // printk level 0 (emerg) .. 7 (debug)
  facility: string | null;    // syslog facility name: kern, user, daemon, ...
  caller: string | null;      // printk caller id: 'T1234' (thread) or 'C1' (CPU)
  task: string | null;        // ftrace: task name (comm)
  pid: number | null;         // ftrace: pid
  cpu: number | null;         // ftrace: CPU
  text: string;               // the message text, prefix removed, ANSI escapes and CR removed
  column: number;             // UTF-16 column in the line where text starts (for editor ranges)
  trace?: TraceEvent;         // typed ftrace event, for 'trace' records
  flags?: number;             // the parser's Flag bits (formats/head.ts: Ansi, Glued, BadTime, Binary, BootMarker, Lost, RawLevel), when any
  lost?: number;              // messages reported lost on this line (Flag.Lost)
}

/** An ftrace event, with the RCU tracepoints' fields typed (include/trace/events/rcu.h). */
export interface TraceEvent {
  event: string;                      // e.g. 'rcu_grace_period', 'console'
  args: string;                       // the raw argument text
  fields: Record<string, string | number>; // parsed fields, e.g. {rcuname:'rcu_preempt', gp_seq: 1234, gpevent:'start'}
}

// ---------------------------------------------------------------------------------------------
// Events: scenario lines recognised by a profile.

/** Event kinds of the phased-state-change model. A profile maps messages to these. */
export type EventKind =
  | 'init'               // the scenario starts (module init)
  | 'spawn'              // a task is started: `start <task>`
  | 'reader-begin'       // rcu_read_lock() taken: `hit cco`
  | 'reader-quick'       // the reader saw be_careful == false: `hit cco_quickly`
  | 'reader-careful'     // the reader saw be_careful == true: `hit cco_carefully`
  | 'reader-end-quick'   // rcu_read_unlock() after the quick path: `end cco_quickly`
  | 'reader-end-careful' // rcu_read_unlock() after the careful path: `end cco_carefully`
  | 'reader-end'         // rcu_read_unlock(), path not stated
  | 'update-begin'       // updater sets the flag, calls synchronize_rcu() #1: `hit maint`
  | 'maint-begin'        // synchronize_rcu() #1 returned, do_maint() starts: `hit do_maint`
  | 'maint-end'          // do_maint() done, synchronize_rcu() #2 called: `end do_maint`
  | 'update-end';        // synchronize_rcu() #2 returned, flag cleared: `end maint`

/** How sure the task attribution of an event is. */
export type Attribution =
  | 'known'      // the log names the task (caller id, ftrace task-pid, the message itself)
  | 'inferred'   // deduced from the scenario's order, one candidate
  | 'ambiguous'  // deduced, but several tasks could have printed it: the first candidate was taken
  | 'none';      // no task could be attributed

export interface LogEvent {
  id: number;                 // index in Analysis.events
  line: number;
  time: number | null;
  wallclock: number | null;
  boot: number;
  run: number;                // index in Analysis.runs
  kind: EventKind;
  task: string | null;        // the task the event is about (for 'spawn': the task started)
  attribution: Attribution;
  candidates?: string[];      // when ambiguous: the tasks it could belong to (the first few)
  candidateCount?: number;    // when there were more candidates than listed: how many
  text: string;               // the message
}

// ---------------------------------------------------------------------------------------------
// The RCU model of one run of the scenario.

export type PhaseName = 'normal' | 'gp1' | 'maint' | 'gp2';
export type ReaderPath = 'quick' | 'careful';

export interface Phase {
  name: PhaseName;
  startLine: number;
  endLine: number;            // inclusive
  startTime: number | null;
  endTime: number | null;
  /** Wall-clock (Unix seconds) bounds, for logs stamped only with the time of day (dmesg -T,
   * journalctl short): there times since boot are null and durations come from these. */
  startWall?: number | null;
  endWall?: number | null;
}

export interface TaskInfo {
  name: string;
  role: 'init' | 'reader' | 'updater';
  spawnLine: number | null;   // the `start <task>` line
  caller: string | null;      // printk caller id or ftrace pid seen for it, when known
  inferredName: boolean;      // the log never named it (no `start` line): the name is ours
}

export interface Reader {
  id: number;                 // index in Run.readers
  task: string;
  path: ReaderPath | null;    // null: the path line is missing
  beginLine: number | null;   // `hit cco` (null when lost)
  pathLine: number | null;    // `hit cco_quickly` / `hit cco_carefully`
  endLine: number | null;     // `end cco_*` (null: never ended in the log)
  beginTime: number | null;
  endTime: number | null;
  /** Wall-clock bounds (Unix seconds), when the log has them (see Phase). */
  beginWall?: number | null;
  endWall?: number | null;
  attribution: Attribution;
  /** How its end line was attributed, when the log does not name the task ('inferred' or
   * 'ambiguous'; absent when known or when it never ends). */
  endAttribution?: Attribution;
  /** Which grace periods had to wait for it (1, 2), and which it overlapped without being waited for. */
  waitedForBy: (1 | 2)[];
  overlaps: (1 | 2)[];
}

export interface GracePeriod {
  index: 1 | 2;
  /** The line after which synchronize_rcu() was called (`hit maint` / `end do_maint`). */
  beginLine: number | null;
  /** The first line printed after it returned (`hit do_maint` / `end maint`). */
  endLine: number | null;
  beginTime: number | null;
  endTime: number | null;
  /** Wall-clock bounds (Unix seconds), when the log has them (see Phase). */
  beginWall?: number | null;
  endWall?: number | null;
  duration: number | null;    // seconds, from times since boot or else from the wall clock
  /** Readers shown inside their critical section before it began: RCU must wait for each (Reader ids). */
  waitedFor: number[];
  /** Readers still open when it returned that no line shows inside a critical section before it
   * began (they may have entered after the call): RCU need not wait for them (allowed). */
  overlapping: number[];
}

export interface UpdaterStep {
  kind: 'update-begin' | 'maint-begin' | 'maint-end' | 'update-end';
  line: number;
  time: number | null;
}

export interface Run {
  id: number;
  boot: number;
  startLine: number;
  endLine: number;            // last line attributed to the run (inclusive)
  startTime: number | null;
  endTime: number | null;
  startWall?: number | null;
  endWall?: number | null;
  complete: boolean;          // init (or first event) through `end maint`, every reader closed
  tasks: TaskInfo[];
  readers: Reader[];
  updater: { task: string; steps: UpdaterStep[] } | null;
  gracePeriods: GracePeriod[];
  phases: Phase[];
  events: number[];           // LogEvent ids, in line order
}

// ---------------------------------------------------------------------------------------------
// Findings.

export type RuleId =
  | 'gp1-wait'            // a reader that began before `hit maint` was open at `hit do_maint`
  | 'gp2-wait'            // a reader that began before `end do_maint` was open at `end maint`
  | 'quick-during-maint'  // a quick-path reader overlapped do_maint()
  | 'end-without-begin'   // a reader or updater end with nothing open to end
  | 'double-begin'        // a task began twice without ending
  // Generic RCU rules of a pattern's events (rcu/rules.ts):
  | 'gp-wait'             // synchronize_rcu() returned while a reader inside before the call was still inside
  | 'callback-early'      // a call_rcu() callback ran while a reader inside before the call was still inside
  | 'barrier-early'       // rcu_barrier() returned before a callback queued before it ran
  | 'use-after-free';     // an object freed while a reader that held it, or was inside before its unlink, was inside

export interface Related {
  line: number;
  message: string;
}

export interface Violation {
  rule: RuleId;
  line: number;
  message: string;
  run: number;
  related: Related[];
}

export interface Warning {
  line: number;               // 0 when it concerns the whole file
  message: string;
}

export type StallKind =
  | 'cpu-stall'            // detected stalls on CPUs/tasks
  | 'self-detected'        // self-detected stall on CPU
  | 'expedited'            // detected expedited stalls on CPUs/tasks
  | 'kthread-starved'      // grace-period kthread starved
  | 'tasks-blocked'        // tasks blocked on an rcu_node
  | 'timer-wakeup'         // kthread timer wakeup didn't happen
  | 'tasks-rcu'            // rcu_tasks* detected stalls on tasks
  | 'stall-ended'          // "Stall ended before state dump start"
  | 'writer-stall';        // rcutorture: "??? Writer stall state ..." (grace periods stopped completing)

export interface StallCpu {
  cpu: number;
  gpsBehind: number | null;
  ticksThisGp: number | null;
  idle: string | null;
  fqs: number | null;
  softirq: string | null;
  line: number;
  flags?: string | null;      // the state characters after the number: '...!' in `2-...!:`
}

export interface StallFrame {
  line: number;
  frame: string;              // e.g. 'cco+0x5a/0x6b [test_phased_state_change]'
}

export interface Stall {
  line: number;               // the report's first line
  endLine: number;            // its last line
  boot: number;
  time: number | null;
  flavor: string;             // rcu_preempt, rcu_sched, rcu_bh, rcu_tasks, ...
  kinds: StallKind[];         // a report can say several things (stall + kthread starved)
  cpus: StallCpu[];
  tasks: string[];            // blocked tasks as printed: 'P14338'
  detectedBy: number | null;
  t: number | null;           // jiffies since the grace period began
  g: number | null;           // grace-period sequence number
  c: number | null;           // completed GP (old kernels)
  q: number | null;           // callbacks queued
  ncpus: number | null;
  gpsBehind: number | null;   // the largest GPs-behind among the CPUs
  fqs: number | null;
  idle: string | null;
  starvedJiffies: number | null;
  expeditedJiffies: number | null;
  culprit: StallFrame | null; // first frame that is not RCU/scheduler/irq/stack-dump plumbing
  /** Scenario readers whose read-side critical section was open when the report was printed. */
  openReaders?: { run: number; reader: number; task: string }[];
  frames: StallFrame[];
  gpState?: string | null;    // the GP kthread's wait state: 'RCU_GP_WAIT_FQS(5)' (old kernels: 's3')
  timerWakeupJiffies?: number | null; // "kthread timer wakeup didn't happen for N jiffies"
  lastActivity?: number | null;       // "All QSes seen, last ... kthread activity N": jiffies since the GP kthread ran
}

/** Kernel grace periods seen in RCU tracepoints (ftrace rcu_grace_period start/end). */
export interface TraceGracePeriod {
  rcu: string;
  gpSeq: number;
  boot: number;
  startLine: number | null;
  endLine: number | null;
  startTime: number | null;
  endTime: number | null;
}

export interface TraceSummary {
  events: Record<string, number>;     // RCU tracepoint name -> count
  gracePeriods: TraceGracePeriod[];
  callbacksQueued: number;
  callbacksInvoked: number;
}

export interface Boot {
  index: number;
  startLine: number;
  endLine: number;
  banner: string | null;      // the `Linux version ...` text, when present
}

export interface Analysis {
  format: FormatId;           // the dominant format
  lines: number;
  bytes: number;
  kernelLines: number;        // lines that are kernel messages or trace events (0: not a kernel log)
  boots: Boot[];
  events: LogEvent[];
  runs: Run[];
  violations: Violation[];
  stalls: Stall[];
  trace: TraceSummary;
  warnings: Warning[];
  profile: string;            // the profile's name
  /** Runs of the other patterns found in the log (patterns/, rcu/model.ts), each drawn as a Run too. */
  rcu?: import('./rcu/model').RcuRun[];
}
