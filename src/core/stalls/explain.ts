// What the fields of an RCU CPU stall report mean, for the editor's hovers: one entry per field
// (after the kernel's Documentation/RCU/stallwarn.rst and the printing code in
// kernel/rcu/tree_stall.h / tree_exp.h), a locator that finds the fields in a report line with
// their columns, a decoder that reads a field's value, and a Markdown summary of one report.
// Pure data and functions: no editor API.

import type { Stall, StallKind } from '../model';
import { RCU_DOCS } from '../explain/docs';
import { STALL_KIND_MEANING } from '../explain/events';
import { mdEscape } from '../explain/lineHover';

type StallFieldId =
  | 'header' | 'cpu' | 'gpsBehind' | 'ticksThisGp' | 'idle' | 'softirq' | 'fqs' | 'falsePositive' | 'rcuc'
  | 'detectedBy' | 't' | 'g' | 'c' | 'q' | 'ncpus' | 'blockedOn' | 'blockedTask'
  | 'expJiffies' | 's' | 'root' | 'expNode' | 'kthreadStarved' | 'timerWakeup' | 'timerIssue'
  | 'gpFlags' | 'gpState' | 'state' | 'kthreadCpu' | 'allQsSeen' | 'stallEnded' | 'writerStall';

interface StallField {
  id: StallFieldId;
  label: string;
  doc: string;               // one or two sentences, Markdown
}

const F = (id: StallFieldId, label: string, doc: string): [StallFieldId, StallField] => [id, { id, label, doc }];

/** Every field's meaning. */
export const STALL_FIELDS: Readonly<Record<StallFieldId, StallField>> = Object.fromEntries([
  F('header', 'stall warning', 'RCU waited longer than the stall timeout (`CONFIG_RCU_CPU_STALL_TIMEOUT`, normally 21 s) for a grace period. The CPUs and tasks listed have not passed through a quiescent state; their stacks follow.'),
  F('cpu', 'stalled CPU `N-....`', 'A CPU holding up the grace period, then four state characters: `O` if it is offline, `o` if it was offline when the grace period began, `N` if it has never been online since boot (a `.` each otherwise); the fourth is `.` if RCU\'s irq_work ran on it this grace period, `!` if not, a digit if that irq_work is still pending after that many grace periods (interrupts probably disabled). Expedited lists use `D` in the fourth place for a deferred quiescent state.'),
  F('gpsBehind', 'GPs behind', 'This CPU has not interacted with the RCU core for this many grace periods: it did not even notice that the current one began.'),
  F('ticksThisGp', 'ticks this GP', 'Scheduling-clock interrupts this CPU took during the stalled grace period. `0` means none: interrupts disabled (or the tick stopped) on that CPU.'),
  F('idle', '`idle=`', 'Dyntick-idle state: the low bits of the dynticks counter (in the layout the documentation describes, even means dyntick-idle), then the nesting (small, usually 0, in the idle loop; very large when running tasks), then the NMI/irq nesting.'),
  F('softirq', '`softirq=`', 'RCU softirq handlers run on this CPU since boot: when it noticed the grace period began / now. Equal numbers, unchanged across warnings, mean RCU\'s softirq cannot run there (interrupts or bottom halves disabled, or a high-priority task starving it).'),
  F('fqs', '`fqs=`', 'Force-quiescent-state scans the grace-period kthread has made over this CPU during this grace period. `0` while the stall lasts suggests the kthread itself is not running.'),
  F('falsePositive', '`(false positive?)`', 'The grace-period kthread is starved and this CPU is idle: the CPU is probably not at fault, the kthread just could not run to notice its quiescent state.'),
  F('rcuc', '`rcuc=... jiffies(starved)`', 'This CPU\'s `rcuc` kthread (which invokes callbacks under `rcutree.use_softirq=0`) has not run for this many jiffies.'),
  F('detectedBy', '`detected by`', 'The CPU that noticed the stall and printed this warning (on behalf of the CPUs listed).'),
  F('t', '`t=`', 'Jiffies since the grace period began (divide by `HZ` for seconds).'),
  F('g', '`g=`', 'The grace-period sequence number. It can be negative early in boot; the same number in successive warnings means the same grace period is still stuck.'),
  F('c', '`c=`', 'Old kernels (before 4.19): the number of the last completed grace period; `g` one above `c` means a grace period is in progress.'),
  F('q', '`q=`', 'An estimate of the RCU callbacks queued across all CPUs, waiting for grace periods to end. A large, growing number means memory is being held back.'),
  F('ncpus', '`ncpus=`', 'The number of CPUs RCU counted as online when it printed the warning (newer kernels only).'),
  F('blockedOn', 'Tasks blocked on an rcu_node', 'Preemptible RCU: tasks that were preempted or blocked inside an RCU read-side critical section, queued on the rcu_node covering the CPUs shown. The grace period waits until each leaves its critical section.'),
  F('blockedTask', 'blocked task `P1234/1:b..l`', '`P` and the pid of a task blocking the grace period; then (when the kernel could inspect it) its `rcu_read_lock()` nesting depth and four flags: `b` blocked in its critical section, `q` a quiescent state is needed from it, `e` an expedited grace period is waiting for it, `l` it is on the rcu_node\'s blocked-tasks list (`.` when clear).'),
  F('expJiffies', 'expedited stall jiffies', 'How long (in jiffies) the expedited grace period has been waiting for the CPUs and tasks in braces; they did not respond to its IPI or are still in a read-side critical section.'),
  F('s', '`s:`', 'The expedited grace-period sequence counter. An odd value means an expedited grace period is in progress.'),
  F('root', '`root:`', 'Bitmask of the root rcu_node\'s children that still block the expedited grace period, then `T` if tasks blocked at the root do too (`.` otherwise).'),
  F('expNode', '`l=level:cpus:mask/T`', 'An rcu_node (tree level, CPU range) still blocking the expedited grace period: its mask of blocking CPUs/children, and `T` if blocked tasks hold it up.'),
  F('kthreadStarved', 'GP kthread starved', 'RCU\'s grace-period kthread has not run for this many jiffies, so no grace period can end, even with every CPU quiescent. Usually a CPU-bound or real-time task hogs the CPU it last ran on (`->cpu=`); "OOM is now expected behavior" because callbacks pile up.'),
  F('timerWakeup', 'kthread timer wakeup', 'The grace-period kthread\'s timer expired this many jiffies ago but did not wake it: suspect timer hardware, the timer subsystem, or softirq handling on the CPU named next.'),
  F('timerIssue', '`Possible timer handling issue`', 'The CPU where the grace-period kthread queued its timer, and its `TIMER_SOFTIRQ` count; unchanged across warnings, it points further to a timer problem there.'),
  F('gpFlags', '`f0x..`', 'The grace-period kthread\'s `->gp_flags` requests: `0x1` start a grace period, `0x2` force quiescent states, `0x4` callback overload.'),
  F('gpState', 'GP kthread state', 'What the grace-period kthread was doing, e.g. `RCU_GP_WAIT_FQS` (sleeping until the next force-quiescent-state scan), `RCU_GP_WAIT_GPS` (waiting for a grace period to be requested), `RCU_GP_INIT`, `RCU_GP_CLEANUP`. Old kernels print only the number (`s3`); numbers differ by version.'),
  F('state', '`->state`', 'The grace-period kthread\'s task state: `0x0` runnable (it wants to run but gets no CPU: starved), `0x1` interruptible sleep, `0x2` uninterruptible sleep, `0x402` idle sleep (`TASK_IDLE`, waiting for its timer), `0x200` waking.'),
  F('kthreadCpu', '`->cpu=`', 'The CPU the grace-period kthread last ran on; its stack is dumped next ("Stack dump where RCU GP kthread last ran").'),
  F('allQsSeen', '`All QSes seen`', 'Every CPU and task has passed a quiescent state, yet the grace period did not end: the grace-period kthread has not run for the jiffies shown, though it should run every `jiffies_till_next_fqs`.'),
  F('stallEnded', '`Stall ended before state dump start`', 'The grace period ended just as the warning began printing: a spurious warning, usually harmless.'),
  F('writerStall', 'rcutorture writer stall', 'rcutorture\'s writer has seen no grace period complete for too long; the lines after it dump the state of RCU\'s grace-period kthreads.'),
]) as Record<StallFieldId, StallField>;

// ---------------------------------------------------------------------------------------------
// Finding fields in a line.

interface FieldHit {
  id: StallFieldId;
  start: number;             // UTF-16 column in the text, inclusive
  end: number;               // exclusive
  value: string;             // the field as printed, e.g. '2-...!', 'e7b8/0/0x0', 'P14338/1:b..l'
}

interface Locator { id: StallFieldId; re: RegExp; when?: RegExp }

// `when` keeps a generic token (g=, q=...) to lines that are stall-report lines.
const CPU_CTX = /GPs behind|ticks this GP|^\s*(?:\S*\s)?idle=/;
const SUM_CTX = /\bt=\d+ jiffies/;
const KT_CTX = /kthread (?:starved|timer wakeup)|wait state:|Writer stall state/;
const LOCATORS: Locator[] = [
  { id: 'header', re: /(?:self-)?detected (?:expedited )?stalls? on (?:CPUs\/tasks|tasks|CPU)/g },
  { id: 'writerStall', re: /Writer stall state/g },
  { id: 'cpu', re: /(?<![\w/-])\d{1,5}-[.OoNDn!?0-9]{3,4}(?=:)/g, when: CPU_CTX },
  { id: 'cpu', re: /(?<=[{ ])\d{1,5}-[.OoND]{3,4}(?=[ }])/g, when: /\{/ },
  { id: 'gpsBehind', re: /\d+ GPs behind/g },
  { id: 'ticksThisGp', re: /\d+ ticks this GP/g },
  { id: 'idle', re: /\bidle=[0-9a-fA-Fx/]+/g, when: CPU_CTX },
  { id: 'softirq', re: /\bsoftirq=\d+\/\d+/g, when: CPU_CTX },
  { id: 'fqs', re: /\bfqs=\d+/g, when: CPU_CTX },
  { id: 'falsePositive', re: /\(false positive\?\)/g },
  { id: 'rcuc', re: /\brcuc=-?\d+ jiffies\(starved\)/g },
  { id: 'detectedBy', re: /detected by \d+/g },
  { id: 't', re: /\bt=\d+ jiffies/g },
  { id: 'g', re: /\bg=-?\d+/g, when: SUM_CTX },
  { id: 'c', re: /\bc=-?\d+/g, when: SUM_CTX },
  { id: 'q', re: /\bq=\d+/g, when: SUM_CTX },
  { id: 'ncpus', re: /\bncpus=\d+/g, when: SUM_CTX },
  { id: 'blockedOn', re: /Tasks blocked on level-\d+ rcu_node \(CPUs \d+-\d+\)/g },
  { id: 'blockedTask', re: /(?<=[\s{])P\d+(?:\/\d+:[.b][.q][.e][.l])?(?=[\s}]|$)/g, when: /Tasks blocked on|\{/ },
  { id: 'expJiffies', re: /(?<=\}\s*)\d+ jiffies/g },
  { id: 's', re: /\bs: \d+/g, when: /\broot: / },
  { id: 'root', re: /\broot: 0x[0-9a-f]+\/[.T]/g },
  { id: 'expNode', re: /\bl=\d+:\d+-\d+:0x[0-9a-f]+\/[.T]/g },
  { id: 'kthreadStarved', re: /kthread starved for -?\d+ jiffies!?/g },
  { id: 'timerWakeup', re: /kthread timer wakeup didn't happen for -?\d+ jiffies!?/g },
  { id: 'timerIssue', re: /Possible timer handling issue on cpu=\d+ timer-softirq=\d+/g },
  { id: 'g', re: /(?<=\s)g-?\d+(?=\s|$)/g, when: KT_CTX },
  { id: 'c', re: /(?<=\s)c-?\d+(?=\s|$)/g, when: KT_CTX },
  { id: 'gpFlags', re: /(?<=\s)f0x[0-9a-f]+(?=\s|$)/g, when: KT_CTX },
  { id: 'gpState', re: /\b(?:RCU_GP_\w+|RTWS_\w+)\(\d+\)|(?<=\s)s\d+(?=\s)/g, when: KT_CTX },
  { id: 'state', re: /->state[=:] ?0x[0-9a-f]+/g, when: KT_CTX },
  { id: 'kthreadCpu', re: /->cpu=-?\d+/g, when: KT_CTX },
  { id: 'allQsSeen', re: /All QSes seen, last \w+ kthread activity -?\d+/g },
  { id: 'stallEnded', re: /Stall ended before state dump start/g },
];

/** Every stall field in one line of a report, left to right. Meant for lines inside a Stall's
 * [line, endLine]; generic tokens (g=, q=) are only taken on lines that look like report lines. */
export function stallFields(text: string): FieldHit[] {
  const s = text.length > 2000 ? text.slice(0, 2000) : text;
  const hits: FieldHit[] = [];
  for (const l of LOCATORS) {
    if (l.when && !l.when.test(s)) continue;
    l.re.lastIndex = 0;
    for (const m of s.matchAll(l.re)) hits.push({ id: l.id, start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  // drop hits inside a longer one (the header's `stall` inside itself, `t=` inside nothing else...)
  const out: FieldHit[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) continue;
    out.push(h);
  }
  return out;
}

/** The field under a column (0-based, UTF-16) of the line, or null. */
export function stallFieldAt(text: string, column: number): FieldHit | null {
  for (const h of stallFields(text)) if (column >= h.start && column < h.end) return h;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading a value.

/** What this particular value says, in a sentence or two (empty when nothing beyond the doc). */
export function decodeValue(id: StallFieldId, value: string): string {
  let m: RegExpExecArray | null;
  switch (id) {
    case 'cpu': {
      if (!(m = /^(\d+)-(.+)$/.exec(value))) return '';
      return `CPU ${m[1]}: ${cpuFlags(m[2]!).join('; ')}.`;
    }
    case 'idle': {
      if (!(m = /^idle=([0-9a-f]+)\/([0-9a-fx]+)\/([0-9a-fx]+)$/i.exec(value))) return '';
      const nesting = m[2]!.startsWith('0x') ? parseInt(m[2]!, 16) : Number(m[2]);
      const ctr = parseInt(m[1]!, 16);
      const where = nesting === 0 ? 'nesting 0: the CPU was in the idle loop (or nohz_full user mode)' : 'non-zero nesting: the CPU was running a task, not idle';
      return `counter 0x${m[1]} is ${ctr % 2 === 0 ? 'even' : 'odd'}; ${where}.`;
    }
    case 'softirq': {
      if (!(m = /(\d+)\/(\d+)/.exec(value))) return '';
      const d = Number(m[2]) - Number(m[1]);
      return d === 0 ? 'No RCU softirq has run on this CPU since it noticed the grace period.' : `${d} RCU softirq handler${d === 1 ? '' : 's'} ran on this CPU since it noticed the grace period.`;
    }
    case 'fqs':
      return value === 'fqs=0' ? 'No scan yet: the grace-period kthread may not be running.' : '';
    case 'ticksThisGp':
      return value.startsWith('0 ') ? 'No tick at all during this grace period: interrupts were likely disabled on this CPU.' : '';
    case 'blockedTask': {
      if (!(m = /^P(\d+)(?:\/(\d+):(.)(.)(.)(.))?$/.exec(value))) return '';
      if (!m[2]) return `Task pid ${m[1]} (the kernel could not inspect its RCU state, e.g. it was running).`;
      const flags = [m[3] === 'b' && 'blocked in its critical section', m[4] === 'q' && 'a quiescent state is needed from it',
        m[5] === 'e' && 'an expedited grace period waits for it', m[6] === 'l' && 'on the blocked-tasks list'].filter(Boolean);
      return `Task pid ${m[1]}, \`rcu_read_lock()\` nesting ${m[2]}${flags.length ? `: ${flags.join(', ')}` : ''}.`;
    }
    case 's': {
      if (!(m = /(\d+)/.exec(value))) return '';
      return Number(m[1]) % 2 === 1 ? 'Odd: an expedited grace period is in progress.' : 'Even: no expedited grace period in progress at the time of printing.';
    }
    case 'root': {
      if (!(m = /0x([0-9a-f]+)\/(.)/.exec(value))) return '';
      const bits = parseInt(m[1]!, 16);
      const kids: number[] = [];
      for (let i = 0; i < 31; i++) if (bits & (1 << i)) kids.push(i);
      const who = kids.length ? `child rcu_node${kids.length > 1 ? 's' : ''} ${kids.join(', ')} still block` : 'no child rcu_node blocks';
      return `${who}; ${m[2] === 'T' ? 'tasks blocked at the root do too' : 'no task blocked at the root'}.`;
    }
    case 'gpFlags': {
      if (!(m = /0x([0-9a-f]+)/.exec(value))) return '';
      const v = parseInt(m[1]!, 16);
      const f = [v & 1 && 'grace-period start requested', v & 2 && 'force-quiescent-state scan requested', v & 4 && 'callback overload'].filter(Boolean);
      return f.length ? `${f.join(', ')}.` : 'No request pending.';
    }
    case 'state': {
      if (!(m = /0x([0-9a-f]+)/.exec(value))) return '';
      return `${taskState(parseInt(m[1]!, 16))}.`;
    }
    default:
      return '';
  }
}

function cpuFlags(f: string): string[] {
  const out: string[] = [];
  out.push(f[0] === 'O' ? 'offline' : 'online');
  if (f[1] === 'o') out.push('was offline when the grace period began');
  if (f[2] === 'N') out.push('never online since boot');
  const c = f[3];
  if (c === '!') out.push('RCU\'s irq_work has not run on it during this grace period');
  else if (c === '.') out.push('it took RCU\'s irq_work (it handles interrupts)');
  else if (c === 'D') out.push('a deferred expedited quiescent state');
  else if (c && c >= '0' && c <= '9') out.push(`RCU's irq_work pending for ${c} grace period${c === '1' ? '' : 's'}: interrupts probably disabled`);
  return out;
}

function taskState(v: number): string {
  if (v === 0) return 'runnable: it wants to run but gets no CPU time';
  const bits: string[] = [];
  if (v & 0x1) bits.push('interruptible sleep');
  if (v & 0x2) bits.push(v & 0x400 ? 'idle sleep (TASK_IDLE), e.g. waiting for its timer' : 'uninterruptible sleep');
  if (v & 0x200) bits.push('waking');
  if (v & 0x40) bits.push('parked');
  return bits.length ? bits.join(', ') : 'an unusual state';
}

/** A hover's Markdown for one field: its meaning, then what this value says. */
export function explainField(hit: FieldHit | StallFieldId): string {
  const id = typeof hit === 'string' ? hit : hit.id;
  const f = STALL_FIELDS[id];
  const value = typeof hit === 'string' ? '' : decodeValue(id, hit.value);
  return `**${f.label}** — ${f.doc}${value ? `\n\n${value}` : ''}\n\n[stallwarn.rst](${RCU_DOCS.stallWarn})`;
}

// ---------------------------------------------------------------------------------------------
// One report in short.

const KIND_TITLE: Record<StallKind, string> = {
  'cpu-stall': 'detected stalls on CPUs/tasks',
  'self-detected': 'self-detected stall',
  'expedited': 'expedited grace-period stall',
  'kthread-starved': 'grace-period kthread starved',
  'tasks-blocked': 'tasks blocked on an rcu_node',
  'timer-wakeup': 'kthread timer wakeup did not happen',
  'tasks-rcu': 'Tasks RCU stall',
  'stall-ended': 'stall ended before the dump',
  'writer-stall': 'rcutorture writer stall',
};

/** Short Markdown for one report: what, where, the values it printed, and the likely culprit. */
export function explainStall(s: Stall): string {
  const out: string[] = [];
  const flavor = s.flavor === 'unknown' ? 'RCU' : `\`${s.flavor}\``;
  out.push(`**RCU stall warning** (${flavor}): ${s.kinds.map((k) => KIND_TITLE[k] ?? k).join('; ')} — lines ${s.line}–${s.endLine}`);
  const meaning = STALL_KIND_MEANING[s.kinds[0]!];
  if (meaning) out.push(`${meaning[0]!.toUpperCase()}${meaning.slice(1)}.`);
  const items: string[] = [];
  if (s.tasks.length) {
    items.push(`Blocked task${s.tasks.length > 1 ? 's' : ''} ${s.tasks.map((t) => `**${t}**`).join(', ')}: preempted or blocked inside an RCU read-side critical section; the grace period cannot end until ${s.tasks.length > 1 ? 'they leave theirs' : 'it leaves it'}.`);
  }
  if (s.cpus.length) {
    const shown = s.cpus.slice(0, 8).map((c) => {
      const bits = [c.gpsBehind !== null ? `${c.gpsBehind} GPs behind` : c.ticksThisGp !== null ? `${c.ticksThisGp} ticks this GP` : null,
        c.idle ? `idle=${c.idle}` : null, c.softirq ? `softirq=${c.softirq}` : null, c.fqs !== null ? `fqs=${c.fqs}` : null].filter(Boolean);
      return `**${c.cpu}**${bits.length ? ` (${bits.join(', ')})` : ''}`;
    });
    items.push(`Stalled CPU${s.cpus.length > 1 ? 's' : ''}: ${shown.join('; ')}${s.cpus.length > 8 ? `; and ${s.cpus.length - 8} more` : ''}.`);
  }
  const when: string[] = [];
  if (s.detectedBy !== null) when.push(`detected by CPU ${s.detectedBy}`);
  if (s.t !== null) when.push(`**${s.t} jiffies** into the grace period`);
  if (s.expeditedJiffies !== null) when.push(`expedited grace period waiting **${s.expeditedJiffies} jiffies**`);
  if (s.g !== null) when.push(`g=${s.g}${s.c !== null ? ` (c=${s.c})` : ''}`);
  if (s.q !== null) when.push(`${s.q} callbacks queued`);
  if (s.ncpus !== null) when.push(`${s.ncpus} CPUs online`);
  if (when.length) items.push(`${when.join(', ')}.`.replace(/^./, (c) => c.toUpperCase()));
  if (s.lastActivity != null) items.push(`All CPUs and tasks passed a quiescent state, but the grace-period kthread last ran ${s.lastActivity} jiffies ago.`);
  if (s.starvedJiffies !== null) items.push(`Grace-period kthread starved for **${s.starvedJiffies} jiffies**${s.gpState ? ` (state ${s.gpState})` : ''}: no grace period can end until it runs.`);
  if (s.timerWakeupJiffies != null) items.push(`Its timer wakeup is ${s.timerWakeupJiffies} jiffies late: suspect timer or softirq handling.`);
  if (s.kinds.includes('stall-ended')) items.push('The stall ended before the state dump: likely spurious.');
  if (s.openReaders?.length) {
    const names = s.openReaders.map((o) => `**${mdEscape(o.task)}** (run ${o.run + 1})`).join(', ') + (s.openReaderCount ? ` and ${s.openReaderCount - s.openReaders.length} more` : '');
    items.push(`At that moment ${names} ${s.openReaders.length > 1 ? 'were' : 'was'} inside a read-side critical section of the scenario.`);
  }
  const hint = sleepHint(s) ?? cpuHint(s);
  if (hint) items.push(hint);
  items.push(s.culprit
    ? `**Likely culprit:** \`${s.culprit.frame}\` (line ${s.culprit.line}) — where the stalled CPU was looping: the first frame below the interrupt that is not RCU, scheduler, interrupt, locking, printing, unwinding, sanitizer or allocator machinery.`
    : 'No likely culprit: the stacks show only RCU, scheduler, interrupt, idle or stack-dump plumbing (or none was printed).');
  if (s.title) items.push(titleLine(s.title));
  return `${out.join('\n\n')}\n\n${items.map((i) => `- ${i}`).join('\n')}`;
}

/** The syzbot title, and how it differs from the culprit. */
function titleLine(title: string): string {
  return `**syzbot title:** \`${title}\` — the name syzkaller gives this report (search the syzbot dashboard for it): the frame above the syscall, work item, timer or softirq that ran the stalled code${title.includes(' in ') ? '' : ' (none could be chosen)'}. The culprit is the deeper pointer.`;
}

const SLEEPS = /^_*(?:msleep\w*|ssleep|usleep_range\w*|schedule_timeout\w*|schedule_hrtimeout\w*|wait_for_completion\w*|mutex_lock\w*|down|down_\w+|io_schedule\w*)(?:[.+ ]|$)/;

/** A blocked reader whose stack shows it sleeping just above the culprit: it blocks inside its
 * read-side critical section, which only ends when it wakes (the phased-state-change bug). */
function sleepHint(s: Stall): string | null {
  if (!s.culprit || !s.kinds.includes('tasks-blocked')) return null;
  const i = s.frames.findIndex((f) => f.line === s.culprit!.line);
  for (let j = i - 1, line = s.culprit.line; j >= 0 && line - s.frames[j]!.line <= 3; line = s.frames[j]!.line, j--) {
    const m = SLEEPS.exec(s.frames[j]!.frame);
    if (m) {
      const fn = s.frames[j]!.frame.replace(/[+ ].*$/, '');
      return `The blocked task sleeps in \`${fn}\` called from the culprit: blocking inside \`rcu_read_lock()\`…\`rcu_read_unlock()\` holds the grace period until it wakes (and is a bug outside SRCU).`;
    }
  }
  return null;
}

/** One diagnostic hint from the CPUs' values (the patterns stallwarn.rst describes). */
function cpuHint(s: Stall): string | null {
  const c = s.cpus[0];
  if (!c) return null;
  const idle = (x: string | null) => x !== null && /^[0-9a-f]+\/0\//i.test(x);
  if (s.cpus.length > 1 && s.cpus.every((x) => idle(x.idle))) {
    return 'Every CPU listed was idle (nesting 0): they are probably not the cause; suspect the grace-period kthread not running (starved, or timers after suspend/resume).';
  }
  if (c.ticksThisGp === 0) return `CPU ${c.cpu} took no scheduling-clock tick in this grace period: it is probably looping with interrupts disabled.`;
  if (c.softirq && /^(\d+)\/\1$/.test(c.softirq) && c.idle && !/\/0\//.test(c.idle)) return `CPU ${c.cpu} ran no RCU softirq since the grace period began: interrupts or bottom halves may be disabled, or its softirq starved.`;
  if (c.idle && /\/0\//.test(c.idle) && s.starvedJiffies !== null) return `CPU ${c.cpu} is idle while the grace-period kthread is starved: the CPU is probably not the cause.`;
  return null;
}
