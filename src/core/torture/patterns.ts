// What rcutorture prints (kernel/rcu/rcutorture.c) and what the kernel's scripts look for in a
// console (tools/testing/selftests/rcutorture/bin/parse-console.sh and console-badness.sh), as
// patterns on a line's message text. Written from reading those files; no code of theirs is here.

/** `<torture_type>-torture:` (TORTURE_FLAG) starts every rcutorture line. Types may hold '-'
 * (tasks-rude, tasks-tracing, trivial-preempt). */
export const TORTURE_LINE = /^([A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*?)-torture:\s?(.*)$/;

/** The analyzer's literal prefixes for rcutorture lines: every torture_type rcutorture has had
 * (rcu, busted, srcu, srcud, busted_srcud, tasks, tasks-rude, tasks-tracing, trivial, ...) starts
 * with one of these, and the histogram lines can lose their prefix when a WARN splat interrupts
 * the statistics (`Reader Pipe:` alone on a line). */
export const TORTURE_PREFIXES: readonly string[] = [
  'rcu-torture:', 'rcu_bh-torture:', 'rcu_busted-torture:', 'busted-torture:', 'busted_srcud-torture:',
  'srcu-torture:', 'srcud-torture:', 'srcu_raw-torture:', 'tasks-torture:', 'tasks-rude-torture:',
  'tasks-tracing-torture:', 'trivial-torture:', 'trivial-preempt-torture:', 'sched-torture:',
  'Reader Pipe:', 'Reader Batch:', 'Free-Block Circulation:', '!!!',
];

/** `--- Start of test: nreaders=2 ...` / `--- End of test: SUCCESS: nreaders=2 ...`. */
export const START = /^--- Start of test: (.*)$/;
export const END = /^--- End of test: ([A-Z_]+):?\s*(.*)$/;
/** `rcu:  Start-test grace-period state: g0 f0x0` / `End-test grace-period state: g8616 f0x1 total-gps=2408`. */
export const GP_STATE = /^(\S+):\s+(Start|End)-test grace-period state: (g-?\d+ f0x[0-9a-f]+)(?: total-gps=(-?\d+))?/;

/** `rtc: (____ptrval____) ver: 12 tfle: 0 rta: 12 ...` (`VER` when rtc is NULL at cleanup). */
export const STATS = /^rtc: (\S+(?: \S+)?) (ver|VER): (\d+)\b(.*)$/;
/** `name: value` pairs of a statistics line. */
export const FIELD = /([a-z][a-z-]*): (\S+)/g;
/** A histogram line, with the `!!! ` rcutorture puts before Reader Pipe when its check fires. */
export const HISTOGRAM = /^(!!! )?(Reader Pipe|Reader Batch|Free-Block Circulation):\s+((?:-?\d+\s*)+)$/;

/** The counters rcutorture's own check (the `!!!` condition) treats as errors, in print order. */
export const ERROR_COUNTERS: readonly string[] = ['rtmbe', 'rtmbkf', 'rtbe', 'rtbke', 'rtbre', 'rtbf'];

/** console-badness.sh's patterns (grep -E on the whole line) and the lines it lets through. */
export const BADNESS = /Badness|WARNING:|Warn|BUG|===========|Call Trace:|Oops:|detected stalls on CPUs\/tasks:|self-detected stall on CPU|Stall ended before state dump start|\?\?\? Writer stall state|rcu_.*kthread starved for|!!!/;
export const NOT_BADNESS = /ODEBUG: |This means that this is a DEBUG kernel and it is|Warning: unable to open an initial console|Warning: Failed to add ttynull console\. No stdin, stdout, and stderr.*the init process!|NOHZ tick-stop error: Non-RCU local softirq work is pending, handler/;

/** parse-console.sh's summary categories. */
export const STALL_TEXT = /detected stalls on CPUs\/tasks:|self-detected stall on CPU|Stall ended before state dump start|\?\?\? Writer stall state/;
export const STARVED = /rcu_.*kthread starved for/;
export const WARN_TEXT = /WARNING:|Warn/;
export const BUG_TEXT = /\bBUG|Oops:/;
export const WRITER_STALL = /^\?\?\? Writer stall state (\S+) g(-?\d+) f(0x[0-9a-f]+) ->state (\S+) cpu (-?\d+)/;

/** `nreaders=2 nfakewriters=1 ...` → { nreaders: '2', ... }. */
export function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([a-z_]+)=(\S+)/g)) out[m[1]!] = m[2]!;
  return out;
}
