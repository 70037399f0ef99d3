// What the lines of an RCU CPU stall report say, one line at a time: pure functions from a
// message text to what it tells (a header, a CPU line, the summary, kthread starvation ...).
//
// The formats come from kernel/rcu/tree_stall.h and tree_exp.h across versions (2.6.3x's
// `rcu_sched_state detected stall on CPU 0 (t=...)` to 6.x's `rcu: INFO: ...`). Matching is by
// search, not anchored at the line start, where console glue can put junk before the text.
// Every regular expression here is linear: no nested quantifiers over overlapping classes.

import type { StallKind } from '../model';

/** Longest text we look at: stall lines are short, and huge lines must not cost much. */
export const MAX_TEXT = 1000;

/** Leading noise a message can still carry: blanks, printk level `<3>`, continuation `<c>`, a
 * second dmesg stamp (raw and stamped copies glued), a caller id, the `rcu: ` prefix. */
const LEAD = /^(?:\s|<\d>|<c>|\[\s*\d+\.\d+\]|\[\s*[TC]\d+\]|rcu:)+/;

/** The text with the lead removed (and capped): what the other functions expect. */
export function clean(text: string): string {
  const s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const m = LEAD.exec(s);
  return (m ? s.slice(m[0].length) : s).trimEnd();
}

/** True when the message had the `rcu: ` prefix that pr_fmt gives RCU's own lines (4.19+). */
export function hasRcuPrefix(text: string): boolean {
  const m = /^(?:\s|<\d>|<c>|\[\s*\d+\.\d+\]|\[\s*[TC]\d+\])*rcu: /.exec(text.length > 64 ? text.slice(0, 64) : text);
  return m !== null;
}

/** `rcu_sched_state` (2.6.3x's struct name) is the flavour `rcu_sched`. */
function flavorName(word: string): string {
  return word.endsWith('_state') ? word.slice(0, -'_state'.length) : word;
}

// ---------------------------------------------------------------------------------------------
// Headers: a line that begins a report.

export interface Header {
  kind: StallKind;
  flavor: string;            // '' when the header does not name it (rcutorture's writer stall)
  cpu?: number;              // 2.6.3x: `detected stall on CPU 0`
  gpState?: string;          // writer stall: `RTWS_POLL_WAIT(17)`
}

const H_SELF = /\b(\w+) self-detected stall on CPU/;
const H_EXP = /\b(\w+) detected expedited stalls? on CPUs\/tasks/;
const H_CPUS = /\b(\w+) detected stalls on CPUs\/tasks/;
const H_TASKS = /\b(rcu_tasks\w*) detected stalls on tasks/;
const H_OLD_CPU = /\b(\w+) detected stall on CPU (\d+)/;
const H_WRITER = /Writer stall state (\S+)/;

/** The header on this line, if it is one. */
export function header(s: string): Header | null {
  if (!s.includes('stall')) return null;
  let m: RegExpExecArray | null;
  if ((m = H_SELF.exec(s))) return { kind: 'self-detected', flavor: flavorName(m[1]!) };
  if ((m = H_EXP.exec(s))) return { kind: 'expedited', flavor: flavorName(m[1]!) };
  if ((m = H_CPUS.exec(s))) return { kind: 'cpu-stall', flavor: flavorName(m[1]!) };
  if ((m = H_TASKS.exec(s))) return { kind: 'tasks-rcu', flavor: m[1]! };
  if ((m = H_OLD_CPU.exec(s))) return { kind: 'self-detected', flavor: flavorName(m[1]!), cpu: Number(m[2]) };
  if ((m = H_WRITER.exec(s))) return { kind: 'writer-stall', flavor: '', gpState: m[1]! };
  return null;
}

// ---------------------------------------------------------------------------------------------
// The CPUs and tasks a report names.

export interface CpuInfo {
  cpu: number;
  flags: string | null;      // the `...!` after `2-`
  gpsBehind: number | null;
  ticksThisGp: number | null;
  idle: string | null;
  softirq: string | null;
  fqs: number | null;
}

const CPU_LINE = /^(\d{1,5})(?:-([^\s:]{1,6}))?: \((\d+) (GPs behind|ticks this GP)\)/;

/** A per-CPU line: `2-...!: (3 GPs behind) idle=06c/0/0 softirq=1453/1455 fqs=0`, 3.x's `0: (...)`. */
export function cpuLine(s: string): CpuInfo | null {
  const m = CPU_LINE.exec(s);
  if (!m) return null;
  const behind = m[4] === 'GPs behind';
  return {
    cpu: Number(m[1]), flags: m[2] ?? null,
    gpsBehind: behind ? Number(m[3]) : null, ticksThisGp: behind ? null : Number(m[3]),
    ...cpuDetails(s),
  };
}

/** `idle=`, `softirq=`, `fqs=` anywhere in the text (also a mail-wrapped second half). */
export function cpuDetails(s: string): { idle: string | null; softirq: string | null; fqs: number | null } {
  const idle = /\bidle=([0-9a-fA-Fx/]+)/.exec(s);
  const softirq = /\bsoftirq=(\d+\/\d+)/.exec(s);
  const fqs = /\bfqs=(\d+)/.exec(s);
  return { idle: idle ? idle[1]! : null, softirq: softirq ? softirq[1]! : null, fqs: fqs ? Number(fqs[1]) : null };
}

/** The `{ 2-... P392 }` list of old and expedited headers: CPUs and tasks. */
export function braceList(s: string): { cpus: { cpu: number; flags: string | null }[]; tasks: string[] } | null {
  const open = s.indexOf('{');
  if (open < 0) return null;
  const close = s.indexOf('}', open);
  const inner = s.slice(open + 1, close < 0 ? s.length : close);
  const cpus: { cpu: number; flags: string | null }[] = [];
  const tasks: string[] = [];
  for (const tok of inner.split(/\s+/)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,5})(?:-(\S{1,6}))?$/.exec(tok))) cpus.push({ cpu: Number(m[1]), flags: m[2] ?? null });
    else if ((m = /^P(\d+)/.exec(tok))) tasks.push(`P${m[1]}`);
  }
  return { cpus, tasks };
}

/** `Tasks blocked on level-0 rcu_node (CPUs 0-3): P14338/1:b..l` → the tasks, as `P14338`. */
export function tasksBlocked(s: string): string[] | null {
  const i = s.indexOf('Tasks blocked on level-');
  if (i < 0) return null;
  const colon = s.indexOf('):', i);
  const tail = colon < 0 ? '' : s.slice(colon + 2);
  const tasks: string[] = [];
  for (const m of tail.matchAll(/\bP(\d+)/g)) tasks.push(`P${m[1]}`);
  return tasks;
}

// ---------------------------------------------------------------------------------------------
// The summary line and the expedited tail.

export interface Summary {
  detectedBy: number | null;
  t: number | null;
  g: number | null;
  c: number | null;
  q: number | null;
  ncpus: number | null;
}

/** `(detected by 32, t=2603 jiffies, g=7075, q=625 ncpus=8)` or `(t=2100 jiffies g=11589 q=1)`. */
export function summary(s: string): Summary | null {
  if (!s.includes(' jiffies')) return null;
  const t = /\bt=(\d+) jiffies/.exec(s);
  if (!t) return null;
  const num = (re: RegExp): number | null => { const m = re.exec(s); return m ? Number(m[1]) : null; };
  return {
    detectedBy: num(/\bdetected by (\d+)/), t: Number(t[1]),
    g: num(/\bg=(-?\d+)/), c: num(/\bc=(-?\d+)/), q: num(/\bq=(\d+)/), ncpus: num(/\bncpus=(\d+)/),
  };
}

/** The expedited header's tail: `} 10886 jiffies s: 25 root: 0x4/.`. */
export function expeditedTail(s: string): { jiffies: number | null; seq: number | null; root: string | null } {
  const j = /\}\s*(\d+) jiffies/.exec(s);
  const seq = /\bs: (\d+)/.exec(s);
  const root = /\broot: (\S+)/.exec(s);
  return { jiffies: j ? Number(j[1]) : null, seq: seq ? Number(seq[1]) : null, root: root ? root[1]! : null };
}

// ---------------------------------------------------------------------------------------------
// Grace-period kthread lines.

export interface KthreadLine {
  kind: 'kthread-starved' | 'timer-wakeup';
  flavor: string;
  jiffies: number;
  g: number | null;
  c: number | null;
  gpState: string | null;   // `RCU_GP_WAIT_FQS(5)`, or 4.x's `s3`
  cpu: number | null;       // `->cpu=` where the kthread last ran
}

const STARVED = /\b(\w+) kthread starved for (-?\d+) jiffies/;
const TIMER = /\b(\w+) kthread timer wakeup didn't happen for (-?\d+) jiffies/;

/** `rcu_sched kthread starved for 23807 jiffies! g7075 f0x0 RCU_GP_WAIT_FQS(3) ->state=0x1 ->cpu=5`,
 * `... kthread timer wakeup didn't happen for 23804 jiffies! g7076 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402`. */
export function kthreadLine(s: string): KthreadLine | null {
  if (!s.includes(' kthread ')) return null; // (cheap test first: the regexes search the whole line)
  let kind: KthreadLine['kind'];
  let m = STARVED.exec(s);
  if (m) kind = 'kthread-starved';
  else if ((m = TIMER.exec(s))) kind = 'timer-wakeup';
  else return null;
  const tail = s.slice(m.index + m[0].length);
  const g = /\bg(-?\d+)/.exec(tail), c = /\bc(-?\d+)/.exec(tail), cpu = /->cpu=(-?\d+)/.exec(tail);
  const st = /\b(RCU_GP_\w+\(\d+\)|s\d+)(?=\s|$)/.exec(tail);
  return {
    kind, flavor: flavorName(m[1]!), jiffies: Number(m[2]),
    g: g ? Number(g[1]) : null, c: c ? Number(c[1]) : null,
    gpState: st ? st[1]! : null, cpu: cpu ? Number(cpu[1]) : null,
  };
}

/** `All QSes seen, last rcu_preempt kthread activity 23807 (...)`: jiffies since the kthread ran. */
export function allQsSeen(s: string): { flavor: string; jiffies: number } | null {
  if (!s.includes('All QSes')) return null;
  const m = /All QSes seen, last (\w+) kthread activity (-?\d+)/.exec(s);
  return m ? { flavor: flavorName(m[1]!), jiffies: Number(m[2]) } : null;
}

/** `INFO: Stall ended before state dump start` / `... during stack backtracing.` */
export function stallEnded(s: string): boolean {
  return s.includes('Stall ended before state dump') || s.includes('Stall ended during stack backtracing');
}

/** rcutorture / show_rcu_gp_kthreads(): `rcu_sched: wait state: RCU_GP_WAIT_FQS(5) ->state: 0x0 ...`. */
export function waitState(s: string): { flavor: string; gpState: string } | null {
  const m = /^(\w+): wait state: (\S+)/.exec(s);
  return m ? { flavor: m[1]!, gpState: m[2]! } : null;
}

/** Other lines that only ever appear inside a stall report (RCU's own diagnostics). */
const REPORT_LINE = new RegExp([
  /^Unless \w+ kthread gets sufficient CPU time/,
  /^RCU grace-period kthread stack dump/,
  /^Stack dump where RCU GP kthread last ran/,
  /^RCU GP kthread last ran on offline CPU/,
  /^blocking rcu_node structures/,
  /^l=\d+:\d+-\d+:0x/,
  /^Offline CPU \d+ blocking current GP/,
  /^Possible timer handling issue on cpu=/,
  /^(?:hardirqs\s+softirqs|number:|cputime:)/,
  /^rcu_node \d+:\d+ ->gp_seq/,
  /^cpu \d+ ->gp_seq_needed/,
  /^RCU callbacks invoked since boot/,
  /^rcu_tasks\w*: /,
  /^Dumping ftrace buffer:/,
  /^\(ftrace buffer empty\)/,
  /^\(false positive\?\)/,
  /^\(detected by \d+/,
].map((r) => r.source).join('|'));

export function isReportLine(s: string): boolean {
  return REPORT_LINE.test(s);
}

/** Unrelated lines that begin some other event: a report ends before them. */
const OTHER_EVENT = new RegExp([
  /^-+\[ cut here \]/,
  /^WARNING: /,
  /^(?:\S+: )?BUG: /,
  /^Oops/,
  /^general protection fault/,
  /^Kernel panic/,
  /^kernel BUG at/,
  /^Unable to handle kernel/,
  /^watchdog: /,
  /^INFO: task \S.* blocked for more than/,
  /^\S+ invoked oom-killer/,
  /^Out of memory/,
  /^Linux version /,
  /^\S+: page allocation failure/,
  /^(?:UBSAN|KASAN|KCSAN|KMSAN): /,
  /^NMI watchdog: /,
  /^sysrq: /,
].map((r) => r.source).join('|'));

export function isOtherEvent(s: string): boolean {
  return OTHER_EVENT.test(s);
}
