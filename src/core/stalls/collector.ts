// StallCollector: turns the lines of a log, fed in order, into Stall records.
//
// The analyzer feeds only lines holding a STALL_KEYWORD while no report is open, and every line
// while one is (`active`). A report starts at a header (`INFO: rcu_preempt detected stalls ...`)
// or at a stray report line whose header was lost (kthread starved, Tasks blocked on, Stall
// ended). It takes every line that belongs to a stall report — RCU's own lines, stack dumps,
// registers, hex dumps — and tolerates what consoles interleave: other programs' text, a few
// unrelated kernel lines, one blank line. It ends at the next header, at the start of some other
// event (a WARNING, an oops, a soft lockup), at two blank lines, after a few unrelated kernel
// lines in a row, or when it grows past a generous bound. Its last line is its last line that
// belonged, so trailing noise is never part of it.

import type { Stall, StallCpu, StallFrame, StallKind } from '../model';
import {
  MAX_TEXT, clean, hasRcuPrefix, header, cpuLine, cpuDetails, braceList, tasksBlocked, summary, expeditedTail,
  kthreadLine, allQsSeen, stallEnded, waitState, isReportLine, isOtherEvent,
  type Header, type CpuInfo, type Summary, type KthreadLine,
} from './patterns';
import { parseFrame, armCaller, marker, traceOwner, workqueue, isTraceLine, FRAME_START } from './frames';
import { pickCulprit, type TraceRecord } from './culprit';
import { StallTitle, type LineContext } from './title';
import type { ByteHeader } from './headerBytes';
import { StallRecord, BareStall, isBare, sameParts, BARE_TITLE, type BareHeader } from './record';
import { objects } from '../objects';

/** Substrings at least one of which every line that can start a report contains (case-sensitive). */
export const STALL_KEYWORDS: readonly string[] = ['stall', 'Stall', 'starved', 'wakeup didn', 'blocked on'];

const MAX_UNRELATED = 3;    // unrelated kernel lines in a row (other CPUs' messages) before the report ends
/** The unrelated lines after a bare header (nothing before it open) that end its report. */
export const BARE_REPORT_LINES = MAX_UNRELATED + 1;
const MAX_NOISE = 40;       // non-kernel lines in a row (systemd, fuzzer output) before it ends
const MAX_BLANKS = 2;       // a blank gap this long ends it
const MAX_GAP = 60;         // lines since the last line that belonged
const MAX_LINES = 5000;     // a report is never longer than this
const MAX_FRAMES_KEPT = 400; // frames remembered per report (for the culprit)
const MAX_FRAMES_OUT = 64;  // frames put in the Stall record
const MAX_BARE_HEADERS = 8; // shared parts of bare reports kept for reuse
const MAX_TRAIL = 400;      // lines read past a report's end for its title (a WARNING or panic stack cut into it)
/** A line giving the PC an interrupt caught (x86 `RIP: 0010:`, arm64 `pc : `, ARM `PC is at`, ppc `NIP`). */
const PC_LINE = /^(?:RIP: ?[0-9a-f]{4}:|EIP: |NIP:? |PC is at |pc\s*:)/;
/** Interrupt entry frames: what follows them in a stack is the code the interrupt caught. */
const IRQ_ENTRY = /^_*(?:asm_sysvec_apic_timer_interrupt|asm_sysvec_\w+|asm_common_interrupt|apic_timer_interrupt|\w*apic_timer_interrupt|irq_svc|irq_usr|el1h?_64_irq|el1_irq|el1_interrupt|ret_from_intr|common_interrupt)(?:\.|$)/;
/** The outermost frames of a stack: nothing of this trace follows them. */
const TRACE_END = /^_*(?:ret_from_fork\w*|ret_from_kernel_thread|kernel_thread_helper|secondary_startup\w*|start_kernel|ret_fast_syscall|entry_SYSCALL\w*)$/;

interface Open {
  stall: StallRecord;
  title: StallTitle;            // syzbot's name for it, read from the header on
  traces: TraceRecord[];
  trace: TraceRecord | null;    // the stack being read
  frameCount: number;
  summarySeen: boolean;
  lastCpu: StallCpu | null;     // for a CPU line wrapped by a mailer: its `idle=...` half follows
  cpuTexts: Set<string> | null; // CPU lines already taken (raw and stamped copies of one line)
  armFrom: string | null;       // ARM: the caller (with offset) the previous line named
  inTrace: boolean;             // the last line that belonged was inside a stack dump, not at its end
  lastRelated: boolean;
  cut: boolean;                 // another report (a WARNING, a panic) began before this one ended
  blanks: number;
  unrelated: number;
  noise: number;
}

/** A closed report that still reads on: its title needs more lines, or another report (a WARNING,
 * a panic) cut it before any stack named a culprit, and that report's stack may. */
interface Trail {
  stall: Stall;
  title: StallTitle;
  stack: TraceRecord | null;    // the cutting report's stack, while it is read for a culprit
}

export class StallCollector {
  private open: Open | null = null;
  private trail: Trail | null = null;
  private readonly done = objects<Stall>();
  /** A closed report's reader state and title reader, kept for the next report: a storm opens
   * hundreds of thousands, and only what a report leaves behind (its Stall) need be new. */
  private spareOpen: Open | null = null;
  /** Recent bare reports' shared parts, for the next (a storm repeats its few headers). */
  private readonly bareHeaders: BareHeader[] = [];
  private bareNext = 0;
  private spareTitle: StallTitle | null = null;

  /** True while inside a report or reading on for a title: the analyzer then feeds every line,
   * not just keyword lines. */
  get active(): boolean { return this.open !== null || this.trail !== null; }

  /**
   * One line of the log (its message text, prefix stripped), in order. `context` says whose line
   * it is (see title.ts: `T12`/`C0` caller ids, 'console' for a stamped line, '' for none).
   * Never throws.
   */
  push(line: number, boot: number, time: number | null, text: string, kind: string, context: LineContext = ''): void {
    if (this.trail) this.trailLine(line, boot, text, context);
    if (this.open && boot !== this.open.stall.boot) this.close();
    if (!this.open) {
      if (STALL_KEYWORDS.some((k) => text.includes(k))) this.tryStart(line, boot, time, clean(text), text, context);
      return;
    }
    this.open.title.push(capped(text), context);
    this.feed(this.open, line, boot, time, text, kind, context);
  }

  /**
   * A kernel line that unrelatedMessage() (unrelated.ts) cleared: what push() does with it, every
   * pattern test known to fail, and its text never decoded. Only a report's counters and bounds
   * move (and a trail's title reader counts it).
   */
  pushUnrelated(line: number, boot: number, context: LineContext): void {
    const t = this.trail;
    if (t) {
      if (boot !== t.stall.boot || line - t.stall.endLine > MAX_TRAIL) this.endTrail();
      else {
        t.title.pushUnrelated(context);
        if (t.stack && t.stack.frames.length >= MAX_FRAMES_KEPT) this.culpritFromTrail(t);
        if (t.title.done && !t.stack) this.endTrail();
      }
    }
    let o = this.open;
    if (o && boot !== o.stall.boot) { this.close(); o = null; }
    if (!o) return;
    o.title.pushUnrelated(context);
    if (line - o.stall.endLine > MAX_GAP || line - o.stall.line >= MAX_LINES) { this.close(); return; }
    o.lastRelated = false;
    if (++o.unrelated > MAX_UNRELATED) this.close();
  }

  /** Close any open report (end of file or of a boot) and return all reports in line order. */
  finish(): Stall[] {
    this.close();
    this.endTrail();
    return this.done;
  }

  private trailLine(line: number, boot: number, text: string, context: LineContext): void {
    const t = this.trail!;
    if (boot !== t.stall.boot || line - t.stall.endLine > MAX_TRAIL) { this.endTrail(); return; }
    t.title.push(capped(text), context);
    if (t.stack) this.trailFrame(t, t.stack, line, clean(text));
    if (t.title.done && !t.stack) this.endTrail();
  }

  /** A line of the report that cut a stall's: its frames, until its stack ends. */
  private trailFrame(t: Trail, stack: TraceRecord, line: number, s: string): void {
    const mk = marker(s);
    if (mk) {
      if ((mk.tag === '/IRQ' || mk.tag === 'EOI') && stack.interrupted < 0) stack.interrupted = stack.frames.length;
      if (!mk.rest) return;
      s = mk.rest;
    }
    if (s.startsWith('---[ end trace') || stack.frames.length >= MAX_FRAMES_KEPT) { this.culpritFromTrail(t); return; }
    const f = parseFrame(s);
    if (!f) return;
    if (stack.interrupted < 0 && PC_LINE.test(s)) stack.interrupted = stack.frames.length;
    stack.frames.push({ line, func: f.func, text: f.text, unreliable: f.unreliable, module: f.module });
    if (stack.interrupted < 0 && IRQ_ENTRY.test(f.func)) stack.interrupted = stack.frames.length;
    if (TRACE_END.test(f.func)) this.culpritFromTrail(t);
  }

  private culpritFromTrail(t: Trail): void {
    if (t.stack) t.stall.culprit = pickCulprit([t.stack], [], []);
    t.stack = null;
  }

  private endTrail(): void {
    const t = this.trail;
    if (!t) return;
    this.trail = null;
    this.culpritFromTrail(t);
    t.title.end();
    t.stall.title = t.title.title;
    this.spareTitle = t.title;
  }

  // --- starting ------------------------------------------------------------------------------

  /** Open a report if this line can begin one. */
  private tryStart(line: number, boot: number, time: number | null, s: string, raw: string, context: LineContext): boolean {
    const h = header(s);
    if (h) { this.begin(line, boot, time, h.flavor, h.kind, s, h, raw, context); return true; }
    const k = kthreadLine(s);
    if (k) { const o = this.begin(line, boot, time, k.flavor, null, s, null, raw, context); applyKthread(o.stall, k); return true; }
    const t = tasksBlocked(s);
    if (t) { const o = this.begin(line, boot, time, '', 'tasks-blocked', s, null, raw, context); addTasks(o.stall, t); return true; }
    if (stallEnded(s)) { this.begin(line, boot, time, '', 'stall-ended', s, null, raw, context); return true; }
    return false;
  }

  private begin(line: number, boot: number, time: number | null, flavor: string, kind: StallKind | null, s: string, h: Header | null,
    raw: string, context: LineContext): Open {
    this.endTrail();
    const title = this.newTitle();
    title.push(capped(raw), context);
    const o = this.create(line, boot, time, flavor, kind, title);
    if (h) applyHeader(o, h, s, line);
    return o;
  }

  /**
   * A stall header taken on its bytes (headerBytes.ts): what push() does with its text, whose
   * every other pattern test is known to fail. An open report ends there (its title reader sees
   * another report start); a trail ends when the new report begins.
   */
  pushHeader(line: number, boot: number, time: number | null, context: LineContext, h: ByteHeader): void {
    const prev = this.open;
    if (prev) {
      if (boot === prev.stall.boot) prev.title.pushReportStart(context);
      this.close();
    }
    this.endTrail();
    const title = this.newTitle();
    title.pushReportStart(context); // (its first line: it takes the context and matches nothing)
    const o = this.create(line, boot, time, h.flavor, h.kind, title);
    if (h.kind !== 'expedited') return;
    const st = o.stall;
    for (const c of h.cpus) addCpuRecord(st, { cpu: c.cpu, gpsBehind: null, ticksThisGp: null, idle: null, fqs: null, softirq: null, line, flags: c.flags });
    addTasks(st, h.tasks);
    st.expeditedJiffies = h.jiffies;
  }

  /**
   * pushHeader() of a bare header, then `after` pushUnrelated() calls (the lines after it,
   * numbered on). With nothing open or trailing before and `after` BARE_REPORT_LINES, the report
   * those calls would close is made directly (the WebAssembly skim loop lists a storm's reports this way: wasmSkim.ts).
   * Such a report takes no line after its header and its title readers see nothing to read, so it
   * closes as a bare header (test/unit/stalls-storm.test.ts compares the two ways).
   */
  pushBareReport(line: number, boot: number, time: number | null, h: ByteHeader, after = BARE_REPORT_LINES): void {
    if (this.open !== null || this.trail !== null || after !== BARE_REPORT_LINES) {
      // Not a whole bare report: the calls it stands for.
      this.pushHeader(line, boot, time, 'console', h);
      for (let k = 1; k <= after; k++) this.pushUnrelated(line + k, boot, 'console');
      return;
    }
    const exp = h.kind === 'expedited'; // (as pushHeader(): only an expedited header has a { } list)
    const bh = this.bareHeader(h.flavor, oneKind(h.kind), exp ? h.cpus : NONE, exp ? h.tasks : NONE);
    this.done.push(new BareStall(line, boot, time, exp ? h.jiffies : null, bh));
  }

  /** The record just closed, last in `done`, as a BareStall where it is one (record.ts). */
  private bare(st: StallRecord): void {
    if (!isBare(st)) return;
    this.done[this.done.length - 1] = new BareStall(st.line, st.boot, st.time, st.expeditedJiffies, this.bareHeader(st.flavor, st.kinds, st.cpus, st.tasks));
  }

  /** The shared part of bare reports with these parts: a recent one, or a new one kept. */
  private bareHeader(flavor: string, kinds: StallKind[], cpus: readonly { cpu: number; flags?: string | null }[], tasks: readonly string[]): BareHeader {
    const kept = this.bareHeaders;
    for (let i = 0; i < kept.length; i++) if (sameParts(kept[i]!, flavor, kinds, cpus, tasks)) return kept[i]!;
    const bh: BareHeader = {
      flavor: intern(flavor), kinds,
      cpus: cpus.length > 0 ? cpus.map((c) => ({ cpu: c.cpu, flags: c.flags ?? null })) : NONE,
      tasks: tasks.length > 0 ? [...tasks] : NONE,
    };
    if (kept.length < MAX_BARE_HEADERS) kept.push(bh);
    else kept[this.bareNext++ % MAX_BARE_HEADERS] = bh;
    return bh;
  }

  private create(line: number, boot: number, time: number | null, flavor: string, kind: StallKind | null, title: StallTitle): Open {
    // The lists start as the shared empty (or one-kind) list: most reports of a storm add nothing.
    const stall = new StallRecord(line, line, boot, time, flavor, kind ? oneKind(kind) : NONE, NONE, NONE, NONE);
    let o = this.spareOpen;
    if (o !== null) {
      this.spareOpen = null;
      o.stall = stall; o.title = title; o.traces.length = 0; o.trace = null; o.frameCount = 0; o.summarySeen = false;
      o.lastCpu = null; o.cpuTexts = null; o.armFrom = null; o.inTrace = false; o.lastRelated = true; o.cut = false;
      o.blanks = 0; o.unrelated = 0; o.noise = 0;
    } else {
      o = {
        stall, title, traces: [], trace: null, frameCount: 0, summarySeen: false, lastCpu: null, cpuTexts: null,
        armFrom: null, inTrace: false, lastRelated: true, cut: false, blanks: 0, unrelated: 0, noise: 0,
      };
    }
    this.open = o;
    return o;
  }

  private newTitle(): StallTitle {
    const t = this.spareTitle;
    if (t === null) return new StallTitle();
    this.spareTitle = null;
    t.reset();
    return t;
  }

  // --- inside a report -----------------------------------------------------------------------

  private feed(o: Open, line: number, boot: number, time: number | null, text: string, kind: string, context: LineContext): void {
    const s = clean(text);
    if (line - o.stall.endLine > MAX_GAP || line - o.stall.line >= MAX_LINES) {
      this.close(); // (the title reader has had this line: it is not fed again)
      if (STALL_KEYWORDS.some((k) => text.includes(k))) this.tryStart(line, boot, time, s, text, context);
      return;
    }
    if (s.includes('stall') && header(s)) { // every INFO header is a report of its own
      this.close();
      this.tryStart(line, boot, time, s, text, context);
      return;
    }
    const r = this.related(o, line, boot, time, s, text, context);
    if (r === 'restarted') return;
    if (r) { this.took(o, line); return; }
    o.lastRelated = false;
    if (s === '' || kind === 'blank') {
      if (++o.blanks >= MAX_BLANKS) this.close();
    } else if (kind === 'continuation' && o.stall.endLine === line - 1) {
      this.took(o, line); // the wrapped rest of a line that belonged
    } else if (isOtherEvent(s) && !o.inTrace) {
      o.cut = true;
      this.close(); // a WARNING, an oops, a soft lockup... (in mid-stack it is another CPU's line: tolerated)
    } else if (kind === 'other' || kind === 'trace') {
      if (++o.noise > MAX_NOISE) this.close();
    } else if (++o.unrelated > MAX_UNRELATED) {
      this.close();
    }
  }

  private took(o: Open, line: number): void {
    o.stall.endLine = line;
    o.lastRelated = true;
    o.blanks = 0; o.unrelated = 0; o.noise = 0;
  }

  /** Take the line into the report if it belongs there. 'restarted': it began a new report. */
  private related(o: Open, line: number, boot: number, time: number | null, s: string, raw: string, context: LineContext): boolean | 'restarted' {
    const st = o.stall;
    if (s === '') return false;
    // Most lines of an open report are stack frames, and no other kind of line starts like one:
    // take them before the dozen patterns below.
    if (FRAME_START.test(s) && this.frame(o, line, s)) return true;

    const cpu = cpuLine(s);
    if (cpu) {
      if (o.summarySeen && st.cpus.length > 0) {
        // A second CPU list after the summary: the next report, its header lost (console drops).
        this.close();
        const n = this.begin(line, boot, time, '', null, s, null, raw, context);
        addCpu(n, cpu, line, s);
        return 'restarted';
      }
      addCpu(o, cpu, line, s);
      return true;
    }
    if (o.lastCpu && s.startsWith('idle=')) { fillCpu(o.lastCpu, cpuDetails(s)); o.lastCpu = null; return true; }
    const tasks = tasksBlocked(s);
    if (tasks) { addKind(st, 'tasks-blocked'); addTasks(st, tasks); return true; }
    const sum = summary(s);
    if (sum) { applySummary(o, sum); return true; }
    const k = kthreadLine(s);
    if (k) {
      if (st.kinds.includes(k.kind)) { // a second one: the next report, its header lost
        this.close();
        const n = this.begin(line, boot, time, k.flavor, null, s, null, raw, context);
        applyKthread(n.stall, k);
        return 'restarted';
      }
      applyKthread(st, k);
      return true;
    }
    const qs = allQsSeen(s);
    if (qs) { st.lastActivity = qs.jiffies; if (!st.flavor) st.flavor = qs.flavor; return true; }
    if (stallEnded(s)) { addKind(st, 'stall-ended'); return true; }
    const ws = waitState(s);
    if (ws) { if (!st.gpState) st.gpState = ws.gpState; if (!st.flavor) st.flavor = ws.flavor; return true; }
    if (isReportLine(s)) { o.inTrace = false; return true; }
    if (this.traceLine(o, line, s)) return true;
    if (hasRcuPrefix(raw)) { o.inTrace = false; return true; } // RCU's own diagnostics we do not parse further
    return false;
  }

  /** Stack-dump lines: whose stack, frames, markers, registers, hex words. */
  private traceLine(o: Open, line: number, s: string): boolean {
    const mk = marker(s);
    if (mk) {
      o.inTrace = mk.tag !== '/TASK';
      if ((mk.tag === '/IRQ' || mk.tag === 'EOI') && o.trace && o.trace.interrupted < 0) o.trace.interrupted = o.trace.frames.length;
      if (mk.rest) this.frame(o, line, mk.rest);
      return true;
    }
    const owner = traceOwner(s);
    if (owner) {
      const t = o.trace;
      const fits = t && t.frames.length === 0 && !t.workqueue
        && (t.cpu === null || owner.cpu === null || t.cpu === owner.cpu)
        && (t.pid === null || owner.pid === null || t.pid === owner.pid);
      if (t && fits) {
        if (t.cpu === null) t.cpu = owner.cpu;
        if (t.pid === null) t.pid = owner.pid;
      } else {
        this.newTrace(o, owner.cpu, owner.pid);
      }
      o.inTrace = true;
      return true;
    }
    const wq = workqueue(s);
    if (wq) {
      const t = o.trace ?? this.newTrace(o, null, null);
      if (!t.workqueue) t.workqueue = { line, frame: wq };
      return true;
    }
    if (this.frame(o, line, s)) return true;
    if (!isTraceLine(s)) return false;
    if (s.startsWith('Exception stack') && o.trace && o.trace.frames.length > 0 && o.trace.interrupted < 0) o.trace.interrupted = o.trace.frames.length;
    if (s.startsWith('---[ end trace')) o.inTrace = false;
    else if (/^(?:Call [Tt]race|Backtrace)/.test(s)) o.inTrace = true;
    return true;
  }

  private frame(o: Open, line: number, s: string): boolean {
    const f = parseFrame(s);
    if (!f) return false;
    // Old ARM lines print a function bare and its offset on the line before (`... from (f+0x10/0x20)`).
    if (o.armFrom && f.text === f.func && o.armFrom.startsWith(`${f.func}+`)) f.text = o.armFrom;
    o.armFrom = armCaller(s);
    o.inTrace = !TRACE_END.test(f.func); // a kthread's or a task's stack ends with its entry
    if (o.frameCount < MAX_FRAMES_KEPT) {
      const t = o.trace ?? this.newTrace(o, null, null);
      // The interrupted context starts at the PC the interrupt caught, or below the interrupt's entry.
      if (t.interrupted < 0 && PC_LINE.test(s)) t.interrupted = t.frames.length;
      t.frames.push({ line, func: f.func, text: f.text, unreliable: f.unreliable, module: f.module });
      if (t.interrupted < 0 && IRQ_ENTRY.test(f.func)) t.interrupted = t.frames.length;
      o.frameCount++;
    }
    return true;
  }

  private newTrace(o: Open, cpu: number | null, pid: number | null): TraceRecord {
    const t: TraceRecord = { cpu, pid, frames: [], workqueue: null, interrupted: -1 };
    o.traces.push(t);
    o.trace = t;
    o.armFrom = null;
    return t;
  }

  // --- closing -------------------------------------------------------------------------------

  private close(): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const st = o.stall;
    st.flavor = st.flavor ? intern(st.flavor) : 'unknown';
    if (st.kinds.length === 0) st.kinds = oneKind(st.cpus.length > 0 || o.summarySeen ? 'cpu-stall' : 'tasks-blocked');
    // (indexed: for-of over the shared frozen empty list takes V8's slow iteration, once a report)
    for (let i = 0; i < st.cpus.length; i++) {
      const c = st.cpus[i]!;
      if (c.gpsBehind !== null && (st.gpsBehind === null || c.gpsBehind > st.gpsBehind)) st.gpsBehind = c.gpsBehind;
    }
    const first = st.cpus[0];
    if (first) { st.fqs ??= first.fqs; st.idle ??= first.idle; }
    if (o.traces.length > 0) {
      const pids = st.tasks.map((t) => Number(t.slice(1)));
      st.culprit = pickCulprit(o.traces, pids, st.cpus.map((c) => c.cpu));
      const frames: StallFrame[] = [];
      for (const t of o.traces) {
        for (const f of t.frames) {
          if (frames.length >= MAX_FRAMES_OUT) break;
          if (!f.unreliable) frames.push({ line: f.line, frame: f.text });
        }
      }
      st.frames = frames.length ? frames : NONE;
    }
    // A console can print hundreds of thousands of reports: the empty lists and the common
    // one-kind lists are shared (frozen: nothing changes a report once it is closed).
    if (st.cpus.length === 0) st.cpus = NONE;
    if (st.tasks.length === 0) st.tasks = NONE;
    if (st.kinds.length === 1) st.kinds = oneKind(st.kinds[0]!);
    this.done.push(st);
    if (st.kinds.includes('writer-stall')) return; // rcutorture's, not a kernel stall warning: syzbot has no title for it
    const readOn = st.culprit === null && o.cut;
    // A title reader that has not reached its stack by the end of the report reads on only when
    // another report cut this one (its stack may follow); otherwise the title is settled here.
    if (!o.title.done && !readOn && !o.cut && !o.title.reading) o.title.end();
    if (o.title.done && !readOn) { st.title = o.title.title; this.spareTitle = o.title; this.bare(st); }
    else this.trail = { stall: st, title: o.title, stack: readOn ? { cpu: null, pid: null, frames: [], workqueue: null, interrupted: -1 } : null };
    this.spareOpen = o;
  }
}

const NONE = Object.freeze([]) as unknown as never[];
/** A bare report's title (record.ts): its title readers were given no line to read. */
if (new StallTitle().title !== BARE_TITLE) throw new Error('stalls/record.ts BARE_TITLE is not the title of a bare report');

/** One copy of each flavour name, however many reports carry it. */
const NAMES = new Map<string, string>();
function intern(s: string): string {
  const t = NAMES.get(s);
  if (t !== undefined) return t;
  if (NAMES.size < 64) NAMES.set(s, s);
  return s;
}

const ONE_KIND = new Map<StallKind, StallKind[]>();
function oneKind(k: StallKind): StallKind[] {
  let a = ONE_KIND.get(k);
  if (!a) ONE_KIND.set(k, a = Object.freeze([k]) as StallKind[]);
  return a;
}

/** Title readers look at no more of a line than the stall patterns do. */
function capped(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

// --- applying what a line says ---------------------------------------------------------------

function addKind(st: Stall, k: StallKind): void {
  if (!st.kinds.includes(k)) st.kinds = st.kinds.length === 0 ? oneKind(k) : [...st.kinds, k];
}

function addTasks(st: Stall, tasks: readonly string[]): void {
  for (const t of tasks) {
    if (st.tasks === NONE) st.tasks = [];
    if (!st.tasks.includes(t)) st.tasks.push(t);
  }
}

function addCpuRecord(st: Stall, cpu: StallCpu): void {
  if (st.cpus === NONE) st.cpus = [cpu];
  else st.cpus.push(cpu);
}

function addCpu(o: Open, c: CpuInfo, line: number, s: string): void {
  if (o.cpuTexts?.has(s)) return; // the same line printed twice (raw console + stamped copy)
  (o.cpuTexts ??= new Set()).add(s);
  const cpu: StallCpu = {
    cpu: c.cpu, gpsBehind: c.gpsBehind, ticksThisGp: c.ticksThisGp, idle: c.idle, fqs: c.fqs, softirq: c.softirq,
    line, flags: c.flags,
  };
  addCpuRecord(o.stall, cpu);
  o.lastCpu = c.idle === null ? cpu : null;
}

function fillCpu(cpu: StallCpu, d: { idle: string | null; softirq: string | null; fqs: number | null }): void {
  cpu.idle ??= d.idle;
  cpu.softirq ??= d.softirq;
  cpu.fqs ??= d.fqs;
}

function applySummary(o: Open, sum: Summary): void {
  const st = o.stall;
  if (!o.summarySeen) {
    st.detectedBy = sum.detectedBy; st.t = sum.t; st.g = sum.g; st.c = sum.c; st.q = sum.q; st.ncpus = sum.ncpus;
  }
  o.summarySeen = true;
}

function applyHeader(o: Open, h: Header, s: string, line: number): void {
  const st = o.stall;
  if (h.gpState) st.gpState = h.gpState;
  if (h.kind === 'writer-stall') {
    const g = /\bg(-?\d+)/.exec(s);
    if (g) st.g = Number(g[1]);
  }
  if (h.cpu !== undefined) addCpuRecord(st, { cpu: h.cpu, gpsBehind: null, ticksThisGp: null, idle: null, fqs: null, softirq: null, line, flags: null });
  const braces = h.kind === 'writer-stall' ? null : braceList(s);
  if (braces) {
    for (const c of braces.cpus) {
      addCpuRecord(st, { cpu: c.cpu, gpsBehind: null, ticksThisGp: null, idle: null, fqs: null, softirq: null, line, flags: c.flags });
    }
    addTasks(st, braces.tasks);
  }
  if (h.kind === 'expedited') st.expeditedJiffies = expeditedTail(s).jiffies;
  const sum = summary(s); // old kernels print the summary on the header line
  if (sum) applySummary(o, sum);
}

function applyKthread(st: Stall, k: KthreadLine): void {
  addKind(st, k.kind);
  if (!st.flavor) st.flavor = k.flavor;
  if (k.kind === 'kthread-starved') st.starvedJiffies = k.jiffies;
  else st.timerWakeupJiffies = k.jiffies;
  if (st.g === null) st.g = k.g;
  if (st.c === null) st.c = k.c;
  if (!st.gpState) st.gpState = k.gpState;
}
