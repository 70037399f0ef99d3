// The data model: what the analysis of one kernel log produces.
//
// Invariant: everything here is plain data (no classes, no functions, no Maps), so an Analysis
// can be JSON-serialised as is, posted to the webview and printed by the CLI's --json without a
// second representation. Lines are 1-based line numbers in the analysed file; times are seconds
// since boot (null when the log does not say); nothing is ever ordered across boots.

import type { SeedEventKind, SeedReaderPath, SeedRuleId, SeedStepKind } from './patterns/phased-state-change/kinds';

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
  boot: number;               // 0-based boot index (people see it 1-based: `Boot 1`, report.ts bootNumber)
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

/** Event kinds of the phased-state-change pattern (the seed's: patterns/phased-state-change/kinds.ts).
 * A profile maps messages to these. */
export type EventKind = SeedEventKind;

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

/** A phase as its pattern declares it (the seed's: SeedPhaseName, normal → … in kinds.ts). */
export type PhaseName = string;
/** A reader's path, the label of its critical section: the seed's quick/careful (kinds.ts). Views
 * read it as a label of the run's pattern (explain/words.ts pathLabel). */
export type ReaderPath = SeedReaderPath;

export interface Phase {
  name: PhaseName;
  /** The pattern's words for it (its declared phase's label), for views. */
  label?: string;
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
  beginLine: number | null;   // its begin line (null when lost)
  pathLine: number | null;    // the line that names its path (the seed's quick/careful line)
  endLine: number | null;     // its end line (null: never ended in the log)
  beginTime: number | null;
  endTime: number | null;
  /** Wall-clock bounds (Unix seconds), when the log has them (see Phase). */
  beginWall?: number | null;
  endWall?: number | null;
  attribution: Attribution;
  /** How its end line was attributed, when the log does not name the task ('inferred' or
   * 'ambiguous'; absent when known or when it never ends). */
  endAttribution?: Attribution;
  /** Which grace periods (GracePeriod.index: the seed's 1, 2; any number for a pattern's waits) had
   * to wait for it, and which it overlapped without being waited for: at most MAX_NAMED_LINKS
   * (waitLinks.ts, 20) of each, in index order; the counts say how many in all (a reader inside
   * while 4,000 synchronize_rcu() calls come and go names 20 and counts 4,000). */
  waitedForBy: number[];
  waitedForByCount: number;
  overlaps: number[];
  overlapsCount: number;
  /** Its task's preemptions inside a read-side critical section seen by the kernel
   * (indices into KernelRcu.preemptedReaders), when the log has RCU tracepoints. */
  kernelPreempted?: number[];
  /** For a reader that began before the updater's labelled work began (the seed's): the kernel
   * grace periods (indices into KernelRcu.gracePeriods) that started after the reader began and
   * ended before the work's first line,
   * i.e. that separated them. [] = none did. Absent when the log has no kernel grace periods. */
  kernelGpsBeforeMaint?: number[];
}

export interface GracePeriod {
  /** 1-based, in the run's order (the seed has two). */
  index: number;
  /** What views call it, e.g. `call_rcu() #2 (element 7)`; absent for the seed (its words say it). */
  label?: string;
  /** The wait's kind for a pattern's run (rcu/model.ts: synchronize_rcu, call_rcu, rcu_barrier ...). */
  kind?: string;
  /** The line after which synchronize_rcu() was called (the seed's update-begin / work-end line). */
  beginLine: number | null;
  /** The first line printed after it returned (or the callback's line). */
  endLine: number | null;
  beginTime: number | null;
  endTime: number | null;
  /** Wall-clock bounds (Unix seconds), when the log has them (see Phase). */
  beginWall?: number | null;
  endWall?: number | null;
  duration: number | null;    // seconds, from times since boot or else from the wall clock
  /** Readers shown inside their critical section before it began: RCU must wait for each (Reader
   * ids, in id order). At most MAX_NAMED_LINKS (waitLinks.ts, 20) are named; waitedForCount says
   * how many there were in all. */
  waitedFor: number[];
  waitedForCount: number;
  /** Readers still open when it returned that no line shows inside a critical section before it
   * began (they may have entered after the call): RCU need not wait for them (allowed). At most
   * MAX_NAMED_LINKS named, in id order; overlappingCount counts them all. */
  overlapping: number[];
  overlappingCount: number;
  /** gp_seq values of the kernel grace periods that completed this synchronize_rcu() (from RCU
   * tracepoints or kprobes; see KernelRcu); absent when the log has no kernel trace. A kprobe-only
   * grace period has no gp_seq: see kernelGpIndex. */
  kernelGracePeriods?: (number | null)[];
  /** The same grace periods as indices into Analysis.kernel.gracePeriods. */
  kernelGpIndex?: number[];
  /** The kprobe'd synchronize_rcu() call this is (index into KernelRcu.syncs), when traced. */
  kernelSync?: number;
  /** Preempted readers (indices into KernelRcu.preemptedReaders) that held those grace periods up. */
  kernelReaders?: number[];
}

export interface UpdaterStep {
  kind: SeedStepKind;
  line: number;
  time: number | null;
}

export interface Run {
  id: number;
  /** The pattern whose run this is (Analysis.rcu); absent for the profile's (the seed's) runs. */
  pattern?: string;
  boot: number;
  startLine: number;
  endLine: number;            // last line attributed to the run (inclusive)
  startTime: number | null;
  endTime: number | null;
  startWall?: number | null;
  endWall?: number | null;
  complete: boolean;          // init (or first event) through the updater's last step, every reader closed
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
  | SeedRuleId            // the phased-state-change pattern's own rules (kinds.ts)
  | 'end-without-begin'   // a reader or updater end with nothing open to end
  | 'double-begin'        // a task began twice without ending
  // Generic RCU rules of a pattern's events (rcu/rules.ts):
  | 'gp-wait'             // synchronize_rcu() returned while a reader inside before the call was still inside
  | 'callback-early'      // a call_rcu() callback ran while a reader inside before the call was still inside
  | 'barrier-early'       // rcu_barrier() returned before a callback queued before it ran
  | 'use-after-free'      // an object freed while a reader that held it, or was inside before its unlink, was inside
  // A pattern's own declared rule (patterns/schema.ts `rules`; its id in Violation.patternRule):
  | 'must-not-overlap';   // a reader with one label overlapped work with another

export interface Related {
  line: number;
  message: string;
}

export interface Violation {
  rule: RuleId;
  /** For a pattern's declared rule ('must-not-overlap'): the id the pattern gives it. */
  patternRule?: string;
  line: number;
  message: string;
  run: number;
  related: Related[];
  /** A summary (capViolations.ts): this entry stands for this many more violations of its rule,
   * beyond the first MAX_VIOLATIONS_PER_RULE, not listed one by one. */
  omitted?: number;
}

export interface Warning {
  line: number;               // 0 when it concerns the whole file
  message: string;
  /** What it is about, a stable key ('a reader never ends'): warnings of a kind past
   * MAX_WARNINGS_PER_KIND are summed up in one (capWarnings.ts). */
  kind?: string;
  /** A summary: this entry stands for this many more warnings of its kind, on lines `line`
   * to `lastLine` (absent: all on `line`), not listed one by one. */
  omitted?: number;
  lastLine?: number;
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
  frame: string;              // e.g. 'worker+0x5a/0x6b [mymodule]'
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
  /** syzbot's title for the report, `INFO: rcu detected stall in FUNC` (FUNC: the frame above the
   * syscall/work/timer/softirq entry, as syzkaller picks it), or `INFO: rcu detected stall`. The
   * culprit is the deeper pointer: where the CPU was looping; the title is what to search for. */
  title?: string;
  /** Scenario readers whose read-side critical section was open when the report was printed. */
  openReaders?: { run: number; reader: number; task: string }[];
  /** How many readers were open, when more than openReaders names (openReaders.ts names a few). */
  openReaderCount?: number;
  frames: StallFrame[];
  gpState?: string | null;    // the GP kthread's wait state: 'RCU_GP_WAIT_FQS(5)' (old kernels: 's3')
  timerWakeupJiffies?: number | null; // "kthread timer wakeup didn't happen for N jiffies"
  lastActivity?: number | null;       // "All QSes seen, last ... kthread activity N": jiffies since the GP kthread ran
}

// ---------------------------------------------------------------------------------------------
// The kernel's own RCU, from its tracepoints (include/trace/events/rcu.h) or kprobes
// (src/core/kernel/). gp_seq values are as the kernel keeps them: the low 2 bits are the state
// (kernel/gpSeq.ts), negative early after boot; a grace period is named by its in-progress value
// (the one its `start` and `end` lines print).

/** Who reported the quiescent state that let a grace period end (the last one it waited for). */
export interface KernelQsReport {
  kind: 'cpu' | 'task' | 'fqs';  // a CPU itself, a preempted reader leaving its critical section (rcu_report_unblock_qs_rnp), or the GP kthread's force-quiescent-state scan on a CPU's behalf
  cpus: number[];                // the CPUs the report was for ([] for 'task')
  pid: number | null;            // 'task': the reader's pid
  task: string | null;           // the task that printed the report line
  line: number;
  time: number | null;
}

export interface KernelGracePeriod {
  flavour: string;               // rcu_preempt, rcu_sched, ... (kprobes: the GP kthread's name)
  gpSeq: number | null;          // the in-progress value (state 1); expedited: the exp snapshot; null: kprobes only
  boot: number;
  expedited: boolean;
  source: 'tracepoint' | 'kprobe';
  startLine: number | null;      // `start` (null: before the trace begins)
  endLine: number | null;        // `end` (null: after the trace ends)
  startTime: number | null;
  endTime: number | null;
  duration: number | null;       // seconds
  requestLine: number | null;    // the `newreq` that asked for it, when seen
  requestTime: number | null;
  fqsRounds: number;             // force-quiescent-state scans (fqsstart)
  fqsQs: number;                 // quiescent states FQS found on CPUs' behalf (rcu_fqs: dti, kick, ...)
  cpus: number[];                // CPUs it waited for (rcu_grace_period_init qsmask of the leaves)
  cpuQs: { cpu: number; line: number; time: number | null }[]; // each CPU's first `cpuqs`
  lastReport: KernelQsReport | null; // the report that completed it
  readers: number[];             // preempted readers it waited for (indices into KernelRcu.preemptedReaders)
}

export interface KernelPreemptedReader {
  flavour: string;
  task: string | null;           // comm
  pid: number;
  cpu: number | null;
  boot: number;
  gpSeq: number;                 // the grace period it blocked (its in-progress value): rcu_preempt_task's current or next
  startLine: number;             // rcu_preempt_task: preempted inside rcu_read_lock()
  endLine: number | null;        // rcu_unlock_preempted_task: left the critical section (null: not in the trace)
  startTime: number | null;
  endTime: number | null;
  /** Index into KernelRcu.gracePeriods of the grace period it held up: it was still inside when
   * that one started. null: it left before that grace period began (it blocked nothing). */
  blocked: number | null;
  /** Seconds it held that grace period up (from the later of its preemption and the GP's start). */
  blockedFor: number | null;
}

export interface KernelLatency {
  count: number;
  p50: number | null;            // seconds
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface KernelCallbacks {
  queued: number;                // rcu_callback + rcu_kvfree_callback
  invoked: number;               // rcu_invoke_callback + rcu_invoke_kvfree_callback
  kfreeBulk: number;             // objects freed by rcu_invoke_kfree_bulk_callback
  paired: number;                // invocations matched to their queueing
  /** Pairs matched by the rhp pointer (a hashed %p is stable); the rest by order per CPU and
   * function (when pointers print as (____ptrval____)): latencies only, never a rule. */
  pairedByPointer: number;
  latency: KernelLatency;        // queue -> invoke, all CPUs
  perCpu: { cpu: number; queued: number; invoked: number; latency: KernelLatency }[];
  batches: { count: number; p50: number | null; p90: number | null; max: number | null }; // rcu_batch_end CBs-invoked
  functions: { func: string; queued: number; invoked: number }[]; // the 20 most queued
  /** Each paired callback, queue → invoke, in invocation order (the timeline draws them); the
   * first MAX_CALLBACK_SPANS (kernel/collector.ts, 50,000), `spansDropped` counts the rest. */
  spans?: KernelCallbackSpan[];
  spansDropped?: number;
}

/** One callback from its queueing (call_rcu(): rcu_callback) to its invocation (rcu_invoke_callback). */
export interface KernelCallbackSpan {
  func: string;
  boot: number;
  cpu: number;                   // where it was queued (-1: unknown)
  invokeCpu: number;             // where it ran (an offloaded CPU's callbacks run in rcuo kthreads elsewhere)
  queueLine: number;
  invokeLine: number;
  queueTime: number | null;
  invokeTime: number | null;
}

/** A synchronize_rcu() (or rcu_barrier(), synchronize_rcu_expedited()) call seen by kprobes on
 * its entry and return, or (Linux 6.9+) a synchronize_rcu() seen by its rcu_sr_normal tracepoint's
 * `request` and `complete`. */
export interface KernelSync {
  fn: string;
  /** How it was seen (absent: kprobes). */
  via?: 'kprobe' | 'tracepoint';
  pid: number;
  task: string | null;
  cpu: number | null;
  boot: number;
  entryLine: number;
  returnLine: number | null;
  entryTime: number | null;
  returnTime: number | null;
  caller: string | null;         // the kretprobe's return address (`do_free_init+0x15/0x3c`)
  /** The kernel grace periods that completed it (indices into KernelRcu.gracePeriods). */
  gracePeriods: number[];
}

/** A finding of the kernel RCU rules (src/core/kernel/rules.ts), shown like a violation. */
export interface KernelFinding {
  rule: 'kernel-cb-early' | 'kernel-barrier-early' | 'kernel-gp-long' | 'kernel-reader-blocking';
  severity: 'error' | 'warning';
  line: number;
  message: string;
  related: Related[];
  /** A summary (capViolations.ts capFindings): this entry stands for this many more findings of
   * its rule, beyond the first MAX_FINDINGS_PER_RULE, not listed one by one. */
  omitted?: number;
}

export interface KernelRcu {
  /** Where grace periods came from: RCU tracepoints, kprobes only (CONFIG_RCU_TRACE off), none. */
  source: 'tracepoint' | 'kprobe' | 'none';
  gracePeriods: KernelGracePeriod[];
  preemptedReaders: KernelPreemptedReader[];
  callbacks: KernelCallbacks;
  syncs: KernelSync[];
  /** The stall timeout the rules use, seconds: the log's, else the default 21. */
  stallTimeout: number;
  stallTimeoutFromLog: boolean;
  /** The stall timeout was given (the CLI's --stall-timeout, the editor's rcuLens.kernel.stallTimeout). */
  stallTimeoutGiven?: boolean;
  /** Seconds a preempted reader may hold a grace period up before kernel-reader-blocking (default 1). */
  readerBlockThreshold?: number;
  findings: KernelFinding[];
  /** How each boot's trace numbers grace periods (every gpSeq above is decoded by it): a gp_seq
   * with 2 state bits (Linux 4.19 and later) or a plain gpnum counter (before 4.19). */
  numbering?: KernelNumbering[];
  /** RCU tracepoint lines whose text no known format reads, per event: counted, never guessed at. */
  unread?: KernelUnread[];
}

export interface KernelNumbering {
  boot: number;
  kind: 'gp_seq' | 'gpnum';
  /** 'format': a tracepoint's shape says it; 'values': the numbers do; 'assumed': nothing did. */
  basis: 'format' | 'values' | 'assumed';
  why: string;
  line: number | null;           // the line that showed it
}

export interface KernelUnread {
  event: string;
  count: number;
  firstLine: number;
  reason: string;
}

export interface TraceSummary {
  events: Record<string, number>;     // RCU tracepoint name -> count
  callbacksQueued: number;
  callbacksInvoked: number;
}

export interface Boot {
  index: number;              // 0-based, as every `boot` field; views show index + 1 (report.ts bootNumber)
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
  /** The kernel's own RCU from tracepoints/kprobes (grace periods, preempted readers, callbacks). */
  kernel: KernelRcu;
  warnings: Warning[];
  profile: string;            // the profile's name
  /** Runs of the other patterns found in the log (patterns/, rcu/model.ts), each drawn as a Run too. */
  rcu?: import('./rcu/model').RcuRun[];
  /** rcutorture runs in the log, in order (src/core/torture/); absent only in analyses built by hand. */
  torture?: TortureRun[];
}

// --- rcutorture consoles (src/core/torture/) ------------------------------------------------------

/** SUCCESS: the run printed `End of test: SUCCESS` and nothing the kernel's scripts flag; FAILURE:
 * `End of test: FAILURE` or anything parse-console.sh / console-badness.sh flag; incomplete: no
 * End-of-test line (the log or the boot ends first) and nothing flagged. */
export type TortureVerdict = 'SUCCESS' | 'FAILURE' | 'incomplete';

export type TortureFailureKind =
  | 'end-failure'      // `--- End of test: FAILURE`
  | 'hotplug'          // `--- End of test: RCU_HOTPLUG` (CPU-hotplug operations failed)
  | 'too-short-gp'     // Reader Pipe counts beyond the second bucket: an element outlived a grace period under a reader
  | 'error-counter'    // a non-zero rtmbe, rtmbkf failures, rtbe, rtbke, rtbre, rtbf
  | 'bang'             // a `!!!` line rcu-lens cannot tie to a counter
  | 'writer-stall'     // `??? Writer stall state`: ver did not move between two statistics lines
  | 'gp-hang'          // parse-console.sh's ver check: ver stuck until the end ("GP HANG")
  | 'bad-seq'          // parse-console.sh's ver check: ver went back or stalled, then moved ("BAD SEQ")
  | 'rcu-stall'        // RCU CPU stall warning (detected / self-detected / Stall ended before state dump start)
  | 'kthread-starved'  // `rcu_.* kthread starved for`
  | 'bug'              // `BUG`, `Oops:` (KCSAN reports too)
  | 'warning'          // `WARNING:`, `Warn`
  | 'lockdep'          // `===========` (lockdep's splat rule)
  | 'badness'          // `Badness`
  | 'incomplete';      // no End-of-test line

export interface TortureFailure {
  line: number;
  kind: TortureFailureKind;
  message: string;
  /** The same failure on later lines of the run (a counter that stays non-zero): how many, and the last. */
  repeats?: number;
  lastLine?: number;
}

/** One statistics block of rcu_torture_stats_print(): the `rtc:` line and the three histograms after it. */
export interface TortureSample {
  line: number;                // the `rtc: ... ver: N` line
  time: number | null;
  /** rcu_torture_current_version: elements the writer has published, one per grace period it waited out. */
  ver: number;
  /** The `rtc:` pointer was NULL or `VER` was printed (cleanup, or stall warnings suppressed at boot):
   * parse-console.sh leaves such lines out of its ver check. */
  final: boolean;
  /** Every `name: value` of the line as printed (rta, rtf, rtmbe, rtmbkf "0/4", barrier "0/0:0", ...). */
  fields: Record<string, string>;
  rta: number | null;          // elements allocated by the writer
  rtf: number | null;          // elements freed after their grace period
  nt: number | null;           // reads done from timer handlers
  /** Sum of the error counters rcutorture checks (rtmbe, rtmbkf failures, rtbe, rtbke, rtbre, rtbf). */
  errors: number;
  pipe: number[] | null;       // Reader Pipe histogram (11 buckets)
  batch: number[] | null;      // Reader Batch histogram
  fbc: number[] | null;        // Free-Block Circulation
  pipeLine: number | null;
  batchLine: number | null;
  fbcLine: number | null;
  /** rcutorture printed `!!!` for this block (its own error check fired). */
  bang: boolean;
}

/** The run's progress as columns, one entry per statistics block (for charts): `t` the time
 * (null when the log has none), `ver` grace periods completed by the writer, `reads` total reader
 * passes (sum of Reader Pipe), `writes` elements allocated (rta), `errors` summed error counters,
 * `tooShort` Reader Pipe counts beyond the second bucket. */
export interface TortureSeries {
  line: number[];
  t: (number | null)[];
  ver: number[];
  reads: (number | null)[];
  writes: (number | null)[];
  errors: number[];
  tooShort: (number | null)[];
}

/** What parse-console.sh's summary counts, for the run's lines (`Warnings: N  Bugs: N ...`). */
export interface TortureBadness {
  badness: number; warnings: number; bugs: number; kcsan: number; callTraces: number;
  lockdep: number; stalls: number; starves: number; bangs: number;
}

export interface TortureRun {
  id: number;
  type: string;                // torture_type: rcu, srcu, tasks, busted, ...
  verdict: TortureVerdict;
  boot: number;
  startLine: number;           // `--- Start of test` (or the run's first torture line when the log starts mid-run)
  /** false: the log starts mid-run (no Start-of-test line). */
  startSeen: boolean;
  endLine: number;             // `--- End of test` (or the last line of the run when it never ends)
  endSeen: boolean;
  startTime: number | null;
  endTime: number | null;
  /** The module parameters the start line prints (nreaders, stat_interval, stall_cpu, ...). */
  params: Record<string, string>;
  /** "g0 f0x0" from `Start-test grace-period state`, and the end state and total-gps when printed. */
  gpStart: string | null;
  gpEnd: string | null;
  totalGps: number | null;
  failures: TortureFailure[];
  samples: TortureSample[];
  series: TortureSeries;
  badness: TortureBadness;
}
