// Stack-trace lines inside a stall report: frames in every spelling the corpus shows, and the
// lines that frame a trace (whose stack it is, IRQ/task markers, registers, hex dumps).
//
// Frame spellings:
//   x86/arm64        ` __schedule+0x311/0x10b0`, ` worker+0x5a/0x6b [mymodule <build id>]`
//   old x86, MIPS,   ` [<ffffffff813a0886>] _sched_show_task+0x2a6/0x4f0`, ` [<...>] ? func+0x..`
//   LoongArch
//   ARM (old)        `[<80c1e5e8>] (__schedule) from [<80c1eb20>] (schedule+0x60/0xdc)`
//   ARM (6.x)        ` __schedule from schedule+0x20/0xac`
//   decoded          `__schedule (kernel/sched/core.c:5379 kernel/sched/core.c:6688)`, `... (T)`
//   syzkaller        ` __schedule+0xc91/0x5770 kernel/sched/core.c:6622`, ` context_switch kernel/sched/core.c:5304 [inline]`
//   interrupted PC   `RIP: 0010:lock_acquire+0x1ef/0x740`, `pc : handle_softirqs+0x9c/0x310`, `PC is at ...`

interface Frame {
  func: string;              // the symbol, e.g. 'worker'
  text: string;              // as shown: 'worker+0x5a/0x6b [mymodule]'
  unreliable: boolean;       // printed with `?`: a stale return address the unwinder guessed
  module: string | null;     // '[module]' of a loadable module
}

const SYM = String.raw`[A-Za-z_.$][\w.$]*`;
const OFF = String.raw`\+0x[0-9a-f]+\/0x[0-9a-f]+`;
const ADDR = /^\[<[0-9a-fA-Fx]+>\]\s*/;
/** A line that starts with `func+0x../0x..` (or `? func+...`): a stack frame and nothing else. */
export const FRAME_START = new RegExp(String.raw`^(?:\? )?${SYM}\+0x[0-9a-f]+\/0x`);
const STD = new RegExp(String.raw`^(${SYM})(${OFF})(?: \[([\w-]+)(?: [0-9a-f]+)?\])?(?: ([\w/+-][^\s:]*\.\w+:\d+))?`);
const ARM_OLD = new RegExp(String.raw`^\((${SYM})(${OFF})?\)(?: from )?`);
const ARM_NEW = new RegExp(String.raw`^(${SYM})(${OFF})? from ${SYM}${OFF}`);
const DECODED = new RegExp(String.raw`^(${SYM}) \(([^\s()]+:\d+)`);
const INLINE = new RegExp(String.raw`^(${SYM}) ([\w/+-][^\s:]*\.[A-Za-z]+:\d+)(?: \[inline\])?$`);
const PC = new RegExp(String.raw`^(?:RIP: ?[0-9a-f]{4}:|EIP: ?(?:[0-9a-f]{4}:)?|NIP:?\s+\[[0-9a-f]+\]\s*|PC is at |pc\s*:\s*|era\s*:\s*(?:[0-9a-f]{8,16}\s+)?|[0-9a-f]{4}:(?=${SYM}${OFF}))`);

/**
 * The frame on a stack-trace line (text already cleaned of its lead), or null. `?` frames come
 * back with unreliable set; raw addresses with no symbol are not frames.
 */
export function parseFrame(text: string): Frame | null {
  let s = text;
  const pc = PC.exec(s);
  if (pc) {
    s = s.slice(pc[0].length);
    const f = std(s, false);
    return f;
  }
  const a = ADDR.exec(s);
  if (a) s = s.slice(a[0].length);
  let unreliable = false;
  if (s.startsWith('? ')) { unreliable = true; s = s.slice(2); }
  let m: RegExpExecArray | null;
  if (s.charCodeAt(0) === 40 /* ( */ && (m = ARM_OLD.exec(s))) {
    return { func: m[1]!, text: m[1]! + (m[2] ?? ''), unreliable, module: null };
  }
  // Cheap literal tests first: most lines of a busy console are none of these.
  const plus = s.includes('+0x');
  const f = plus ? std(s, unreliable) : null;
  if (f) return f;
  if (plus && s.includes(' from ') && (m = ARM_NEW.exec(s))) return { func: m[1]!, text: m[1]! + (m[2] ?? ''), unreliable, module: null };
  if (!s.includes(':')) return null;
  if ((m = DECODED.exec(s))) return { func: m[1]!, text: `${m[1]} (${m[2]})`, unreliable, module: null };
  if ((m = INLINE.exec(s))) return { func: m[1]!, text: s, unreliable, module: null };
  return null;
}

function std(s: string, unreliable: boolean): Frame | null {
  const m = STD.exec(s);
  if (!m) return null;
  const module = m[3] ?? null;
  let text = m[1]! + m[2]!;
  if (module) text += ` [${module}]`;
  if (m[4]) text += ` ${m[4]}`;
  return { func: m[1]!, text, unreliable, module };
}

/** The `from` half of an old ARM line, with its offset: `(schedule+0x60/0xdc)` names the next
 * line's function precisely, which that line itself prints without an offset. */
const ARM_CALLER = new RegExp(String.raw`\) from \[<[0-9a-f]+>\] \((${SYM}${OFF})\)`);

export function armCaller(text: string): string | null {
  const m = ARM_CALLER.exec(text);
  return m ? m[1]! : null;
}

// ---------------------------------------------------------------------------------------------
// Lines that frame a trace.

/** `<IRQ>`, `</IRQ>`, `<EOI>`, `<TASK>`, `<NMI>`... at the start of a line (old x86 puts a frame after it). */
export function marker(s: string): { tag: string; rest: string } | null {
  const m = /^<(\/?(?:IRQ|EOI|TASK|NMI|SOFTIRQ|#DF|DB|MCE))>\s*/.exec(s);
  return m ? { tag: m[1]!, rest: s.slice(m[0].length) } : null;
}

/** A line that says whose stack follows: a CPU, a pid, or both. */
interface TraceOwner {
  cpu: number | null;
  pid: number | null;
  comm: string | null;
}

const TASK_NEW = /^task:(\S+)\s+state:\S.*?\bpid:\s*(\d+)/;
const CPU_PID = /^CPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: (\S+)/;
const TASK_DUMP = /^Task dump for CPU (\d+):/;
const NMI_BT = /^NMI backtrace for cpu (\d+)/;
// sched_show_task() before 5.x: `comm  R  running task  [on cpu N]  stack pid ppid 0xflags`.
const TASK_OLD = /^(\S+)\s+[RSDTtXZIPKWN]\s+(?:running task\s+)?(?:on cpu\s+\d+\s+)?(?:[0-9a-f]{8,16}\s+)?(\d+)\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+/;

export function traceOwner(s: string): TraceOwner | null {
  let m: RegExpExecArray | null;
  if ((m = TASK_NEW.exec(s))) return { cpu: null, pid: Number(m[2]), comm: m[1]! };
  if ((m = CPU_PID.exec(s))) return { cpu: Number(m[1]), pid: Number(m[2]), comm: m[3]! };
  if ((m = TASK_DUMP.exec(s)) || (m = NMI_BT.exec(s))) return { cpu: Number(m[1]), pid: null, comm: null };
  if ((m = TASK_OLD.exec(s))) return { cpu: null, pid: Number(m[3]), comm: m[1]! };
  return null;
}

/** `Workqueue: events rtc_timer_do_work` / `... p_check_integrity [p_lkrg]`: the work item running. */
export function workqueue(s: string): string | null {
  const m = /^Workqueue: \S+ (\S+)(?: \[([\w-]+)\])?/.exec(s);
  return m ? (m[2] ? `${m[1]} [${m[2]}]` : m[1]!) : null;
}

/** Lines of a stack dump that carry no frame: headers, registers, code bytes, hex words. */
const TRACE_LINE = new RegExp([
  /^(?:Call [Tt]race|Backtrace|Stack\s*):?/,
  /^Sending NMI from CPU \d+ to CPUs/,
  /^Hardware name: /,
  /^Code: /,
  /^Exception stack\(/,
  /^Modules linked in:/,
  /^irq event stamp:/,
  /^(?:hard|soft)irqs last\s+(?:en|dis)abled at/,
  /^Preemption disabled at:/,
  /^task: [0-9a-f]+ (?:task\.stack|ti): /,
  /^Process \S+ \(pid: /,
  /^Tainted: /,
  /^ORIG_RAX: /,
  /^PKRU: /,
  // registers: `RSP: 0018:...`, `R10: ...`, `x29: ...`, `pc : [<...>]`, `$ 4   : ...`, `pstate: ...`
  /^(?:[A-Z][A-Z0-9_]{1,7}|[a-z][a-z0-9]{0,3})\s*: ?\s*(?:\[<)?[0-9a-fx]{4,}/,
  /^(?:pstate|psr|Flags|Control|Table|DAC|CSR \w+|ESTAT|PRID|BADV|ECFG|EUEN|PRMD|CRMD)\s*:/,
  /^\$\s*\d+\s*:/,
  // hex words of a stack dump, with an optional `bfa0:` offset; code bytes wrapped by a mailer
  /^(?:[0-9a-f]{4}:)?\s*[0-9a-f]{8,16}(?:\s+[0-9a-f]{8,16})*$/,
  /^(?:<?[0-9a-f]{2}>?\s+)+<?[0-9a-f]{2}>?$/,
  /^0x[0-9a-f]+$/,
  /^Code: Bad RIP value/,
  /^---\[ end trace/,
].map((r) => r.source).join('|'));

export function isTraceLine(s: string): boolean {
  return TRACE_LINE.test(s);
}
