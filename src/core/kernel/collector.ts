// The kernel's own RCU, folded line by line in the analysis' single pass: grace periods by
// gp_seq, quiescent-state reports, preempted readers, callbacks (queue -> invoke), rcu_barrier(),
// and kprobes on synchronize_rcu()/rcu_gp_init()/rcu_gp_cleanup() for kernels without
// CONFIG_RCU_TRACE. Fed only the lines that are RCU tracepoints or kprobes (analyze.ts); keeps a
// few objects per grace period and per pending callback, never lines. Never throws on text it
// does not understand: a line that does not decode is only counted.
//
// How the kernel (6.1, kernel/rcu/tree*.c) prints what is used here:
// - rcu_grace_period `<flavour> <gp_seq> <event>`: `start`/`end` print the in-progress value of
//   the grace period (rcu_gp_init after rcu_seq_start, rcu_gp_cleanup before rcu_seq_end);
//   `newreq` asks for one; `fqsstart` opens a force-quiescent-state scan; `cpuqs` a CPU's QS.
//   Kernels 4.19 to 5.x traced `end` after rcu_seq_end(): the value 3 past the start (state 0).
//   Before 4.19 the number is `gpnum`, a plain counter (no state bits): `start` prints the new
//   gpnum, `end` ->completed (the same number), rcu_preempt_task the gpnum it blocks (gpnum or
//   gpnum + 1). Which numbering a boot's trace uses is told from the trace (see Numbering below)
//   and every value is decoded by it; KernelRcu.numbering says which was used and why.
// - rcu_quiescent_state_report `<flavour> <gp_seq> <mask>><qsmask> <level> <grplo> <grphi>
//   <gp_tasks>`: the grace period ends when the root (level 0) has qsmask 0 and no blocked task;
//   flavour `preempt_rcu` is a preempted reader's rcu_read_unlock() reporting for its node.
// - rcu_preempt_task `<flavour> <gp_seq> <pid>`: the task was preempted inside rcu_read_lock();
//   gp_seq is the node's (in progress: it blocks that one) or rcu_seq_snap() of it (the next).
// - rcu_unlock_preempted_task `<flavour> <gp_seq> <pid>`: it left the critical section; with the
//   flavour `rcu_preempt-GPS` it is instead rcu_gp_init() noting that the new grace period must
//   wait for the blocked task `pid` (gp_seq is then the node's value before the start).

import type {
  KernelCallbackSpan, KernelCallbacks, KernelFinding, KernelGracePeriod, KernelLatency, KernelNumbering, KernelPreemptedReader, KernelQsReport,
  KernelRcu, KernelSync, KernelUnread,
} from '../model';
import type { Head } from '../log/formats/head';
import { RCU_EVENTS, traceFields } from '../log/formats/traceEvents';
import { eventName } from './eventName';
import { MAX_FINDINGS_PER_RULE, capFindings } from '../capViolations';
import { CallbackReader } from './callbackFields';
import { gpOfEndValue, nextGp, seqState } from './gpSeq';
import { FirstAbove, lowerBound, upperBound } from '../firstAbove';

export interface KernelOptions {
  /** Seconds a preempted reader may block a grace period before it is a finding (default 1). */
  readerBlockThreshold?: number;
  /** Stall timeout in seconds, over the one the log announces (default: the log's, else 21,
   * CONFIG_RCU_CPU_STALL_TIMEOUT's default). */
  stallTimeout?: number;
}

const DEFAULT_STALL_TIMEOUT = 21;
const DEFAULT_READER_BLOCK_THRESHOLD = 1;

const PTRVAL = '(____ptrval____)';
const MAX_PENDING_PER_CPU = 100_000;
const MAX_CPU_QS = 256;
/** rcu_grace_period_init lines kept per grace period (a tree of 8192 CPUs has about 530 nodes). */
const MAX_INIT_NODES = 4096;
/** Seconds an invocation's time may be before its queueing's (per-CPU trace clocks differ a
 * little); more means they are not one callback: the trace's time went back. */
const CLOCK_SLACK = 1;
/** Pending callbacks a `(____ptrval____)` invocation looks at on the other CPUs, all told. */
const ANY_CPU_SCAN = 4096;
/** Callbacks kept one by one for the timeline (the counts and latencies take them all). */
export const MAX_CALLBACK_SPANS = 50_000;

interface PendingCb { id: number; boot: number; line: number; time: number | null; cpu: number; func: string; flavour: string; byPointer: boolean }
interface Batch { line: number }
interface OpenBarrier { line: number; time: number | null; lastCb: number; flavour: string; via: 'tracepoint' | 'kprobe' }
interface KprobeGp { flavour: string; boot: number; startLine: number | null; startTime: number | null; endLine: number | null; endTime: number | null }

/** Steps of the searches whose length depends on the input (tests bound them per line). */
export const kernelWork = { steps: 0 };

/** A growable Float64 list (latencies), without boxing. */
class Floats {
  a = new Float64Array(64);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) { const b = new Float64Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
  sorted(): Float64Array { return this.a.slice(0, this.n).sort(); }
}

function pct(s: Float64Array, p: number): number | null {
  if (s.length === 0) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

function latencyOf(f: Floats): KernelLatency {
  const s = f.sorted();
  return { count: s.length, p50: pct(s, 0.5), p90: pct(s, 0.9), p99: pct(s, 0.99), max: s.length ? s[s.length - 1]! : null };
}

/** A `%lu`/`%ld` field as the signed long the kernel means (traceEvents.ts does the same); NaN
 * past 64 bits (no kernel printed it: `grace period Infinity` was reported for 400 nines). */
function seqNumber(s: string): number {
  const n = Number(s);
  if (Math.abs(n) < 2 ** 63) return n;
  if ((s.startsWith('-') ? s.length - 1 : s.length) > 20 || !/^-?\d+$/.test(s)) return NaN;
  const b = BigInt(s);
  if (b >= 2n ** 64n || b < -(2n ** 63n)) return NaN;
  return b >= 2n ** 63n ? Number(b - 2n ** 64n) : Number(b);
}

function bits(mask: number, base: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 64 && mask > 0; i++) {
    if (mask % 2 === 1) out.push(base + i);
    mask = Math.floor(mask / 2);
  }
  return out;
}

// rcu_grace_period's last word, from the bytes: the ones the model uses, and the ones it skips.
const GP_USED = ['start', 'end', 'newreq', 'fqsstart', 'cpuqs'];
/** (The WebAssembly ftrace loop only counts lines of these words: log/wasmSkim.ts.) */
export const GP_SKIPPED = ['fqswait', 'fqsend', 'AccWaitCB', 'AccReadyCB', 'cpustart', 'cpuend', 'reqwait'];
const toBytes = (w: string) => Uint8Array.from(w, (c) => c.charCodeAt(0));
const GP_USED_BYTES = GP_USED.map(toBytes);
const GP_SKIPPED_BYTES = GP_SKIPPED.map(toBytes);

/** The last word of b[s, e): its start and end in WORD[0], WORD[1] (a scratch pair: no array per
 * line, and these run on every rcu_grace_period line). */
const WORD = new Int32Array(2);
function lastWord(b: Uint8Array, s: number, e: number): void {
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
  let i = e;
  while (i > s && b[i - 1] !== 32 && b[i - 1] !== 9) i--;
  WORD[0] = i;
  WORD[1] = e;
}

function wordIs(b: Uint8Array, i: number, e: number, w: Uint8Array): boolean {
  if (e - i !== w.length) return false;
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w[k]) return false;
  return true;
}

/** Which of GP_USED the word b[i, j) is, or null. */
function gpEventAt(b: Uint8Array, i: number, j: number): string | null {
  for (let k = 0; k < GP_USED_BYTES.length; k++) if (wordIs(b, i, j, GP_USED_BYTES[k]!)) return GP_USED[k]!;
  return null;
}

/** Whether the word b[i, j) is one of GP_SKIPPED. */
function gpEventSkipped(b: Uint8Array, i: number, j: number): boolean {
  for (let k = 0; k < GP_SKIPPED_BYTES.length; k++) if (wordIs(b, i, j, GP_SKIPPED_BYTES[k]!)) return true;
  return false;
}

let lastFlavourBytes: Uint8Array | null = null;
let lastFlavour = '';

/** gpFieldsAt's answer: a scratch object, valid until the next call (not one per rcu_grace_period line). */
const GP_FIELDS = { flavour: '', seq: 0 };

/** `<flavour> <gp_seq> <event>` on b[s, e), the event word starting at `last`: the flavour
 * (interned while it repeats) and gp_seq; null unless the text is exactly those three words (the
 * general path's split reads the same). */
function gpFieldsAt(b: Uint8Array, s: number, e: number, dec: TextDecoder, last: number): { flavour: string; seq: number } | null {
  let i = s;
  while (i < e && b[i] !== 32) i++;
  if (i === s) return null;
  let flavour: string;
  const prev = lastFlavourBytes;
  if (prev && prev.length === i - s && wordIs(b, s, i, prev)) flavour = lastFlavour;
  else { flavour = dec.decode(b.subarray(s, i)); lastFlavourBytes = b.slice(s, i); lastFlavour = flavour; }
  while (i < e && b[i] === 32) i++;
  const n0 = i;
  if (b[i] === 45) i++;
  while (i < e && b[i]! >= 48 && b[i]! <= 57) i++;
  if (i === n0 || (i === n0 + 1 && b[n0] === 45)) return null;
  // One space-separated word, the event, must follow.
  let w = i;
  while (w < e && b[w] === 32) w++;
  if (w === i || w >= e || last !== w) return null;
  let seq: number;
  if (i - n0 < 16) {
    seq = 0;
    for (let k = b[n0] === 45 ? n0 + 1 : n0; k < i; k++) seq = seq * 10 + (b[k]! - 48);
    if (b[n0] === 45) seq = -seq;
  } else {
    seq = seqNumber(dec.decode(b.subarray(n0, i))); // %lu of a negative value: 20 digits
    if (Number.isNaN(seq)) return null;
  }
  GP_FIELDS.flavour = flavour;
  GP_FIELDS.seq = seq;
  return GP_FIELDS;
}

/** How a boot's trace numbers grace periods, and on what grounds. */
interface Numbering { kind: 'gp_seq' | 'gpnum'; basis: 'format' | 'values'; why: string; line: number }

/** Events read only to be counted (the frequent ones: utilization, idle entry/exit). */
const COUNTED_ONLY = new Set(['rcu_utilization', 'rcu_dyntick', 'rcu_watching', 'rcu_segcb_stats', 'rcu_prep_idle']);
const KNOWN_EVENTS = new Set(RCU_EVENTS);

/** A synchronize_rcu()-like function whose calls are linked to grace periods. */
const SYNC_FNS = new Set(['synchronize_rcu', 'synchronize_rcu_expedited', 'rcu_barrier', 'synchronize_rcu_tasks', 'synchronize_srcu', 'cond_synchronize_rcu']);

export class KernelCollector {
  private readonly gps: KernelGracePeriod[] = [];
  /** `${boot}|${flavour}|${gpSeq}` -> index, for open grace periods (and the last closed ones, to
   * take late `cpuend`s and reports). */
  private readonly gpIndex = new Map<string, number>();
  private readonly lastGpKey = { seq: NaN, flavour: '', boot: -1, key: '' };
  /** gp_seq -> index of the open grace period with that value, any flavour (for `preempt_rcu`). */
  private readonly openBySeq = new Map<string, number>();
  private readonly request = new Map<string, { line: number; time: number | null }>();
  /** Per GP: the leaf level seen in its rcu_grace_period_init lines, and the masks. */
  private readonly initNodes = new Map<number, { leaf: number; nodes: { level: number; grplo: number; qsmask: number }[] }>();
  private readonly fqsCpus = new Map<number, Set<number>>();
  private readonly readers: KernelPreemptedReader[] = [];
  private readonly openReader = new Map<string, number>();
  /** GP index -> pids rcu_gp_init() said it must wait for (`rcu_preempt-GPS`). */
  private readonly gpsTasks = new Map<number, number[]>();
  private readonly syncs: KernelSync[] = [];
  private readonly openSync = new Map<string, number[]>();
  private readonly kprobeGps: KprobeGp[] = [];
  private readonly openKprobeGp = new Map<string, KprobeGp>();
  private readonly findings: KernelFinding[] = [];
  // Callbacks.
  private cbId = 0;
  private queued = 0;
  private invoked = 0;
  private kfreeBulk = 0;
  private paired = 0;
  private pairedByPointer = 0;
  private readonly byPointer = new Map<string, PendingCb>();
  private readonly fifo = new Map<number, PendingCb[]>();
  private readonly fifoHead = new Map<number, number>();
  /** func -> CPU -> how many callbacks of func that CPU's fifo holds (takeFifoAnyCpu looks only there). */
  private readonly fifoFuncs = new Map<string, Map<number, number>>();
  /** The boot the pending callbacks belong to: a reboot drops them (none is invoked after it). */
  private cbBoot = -1;
  private readonly latAll = new Floats();
  private readonly latCpu = new Map<number, { queued: number; invoked: number; lat: Floats }>();
  private readonly funcs = new Map<string, { queued: number; invoked: number }>();
  private readonly batchOpen = new Map<number, Batch>();
  private readonly batchSizes = new Floats();
  /** Per flavour: the start line of the last grace period that ended, and of the first seen. */
  private readonly lastDoneStart = new Map<string, number>();
  private readonly firstStart = new Map<string, number>();
  private readonly barriers = new Map<string, OpenBarrier>();
  private readonly spans: KernelCallbackSpan[] = [];
  private spansDropped = 0;
  private stallTimeout: number | null = null;
  private cbReader: CallbackReader | null = null;
  /** Per boot: the grace-period numbering the trace showed (absent: no evidence yet). */
  private readonly numbering = new Map<number, Numbering>();
  /** Per boot: the first start value seen per flavour and how many (for 'values' evidence). */
  private readonly startsSeen = new Map<string, { n: number; line: number }>();
  /** Preempted readers' raw numbers (rcu_preempt_task's), decoded at the end by their boot's numbering. */
  private readonly readerRaw: number[] = [];
  /** Grace periods seen only by their `end`: index -> the raw value, decoded at the end. */
  private readonly endOnlyRaw = new Map<number, number>();
  /** Lines of RCU tracepoints whose text no known format reads, per event. */
  private readonly unread = new Map<string, KernelUnread>();

  constructor(private readonly opts: KernelOptions = {}) {}

  // --- input ---------------------------------------------------------------------------------

  /** An ftrace line whose event starts with `rcu` (tracefs, trace-cmd, console dump). Returns
   * the event's name. */
  add(h: Head, b: Uint8Array, line: number, boot: number, dec: TextDecoder): string {
    const event = eventName(b, h.eventStart, h.eventEnd, dec);
    // The frequent events that carry nothing for the model: counted by the caller only.
    if (COUNTED_ONLY.has(event)) return event;
    if (b[h.msgStart] === 40 && !KNOWN_EVENTS.has(event)) {
      // A kprobe the user named rcu_*: `(symbol+off/size)`.
      this.kprobe(h, b, line, boot, dec);
      return event;
    }
    const time = h.time === h.time ? h.time : null;
    const cpu = h.cpu >= 0 ? h.cpu : null;
    if (event === 'rcu_grace_period') {
      // The most frequent event that matters, read off the bytes; most of its lines are the GP
      // kthread's FQS loop (fqswait, fqsend) and callback bookkeeping, which the model skips.
      lastWord(b, h.msgStart, h.msgEnd);
      const ws = WORD[0]!, we = WORD[1]!;
      const what = gpEventAt(b, ws, we);
      if (what !== null) {
        const f = gpFieldsAt(b, h.msgStart, h.msgEnd, dec, ws);
        if (f) this.gpEvent(f.flavour, f.seq, what, line, boot, time, cpu);
        else this.notRead(event, line);
        return event;
      }
      if (!gpEventSkipped(b, ws, we)) {
        // Not a word we know: the general path.
        this.event(event, dec.decode(b.subarray(h.msgStart, h.msgEnd)), line, boot, time, cpu, null, null);
      } else if (!gpFieldsAt(b, h.msgStart, h.msgEnd, dec, ws)) this.notRead(event, line);
      return event;
    }
    if (event === 'rcu_callback' || event === 'rcu_invoke_callback') {
      // Queued and invoked callbacks, read off the bytes when they have the plain shape.
      const invoke = event === 'rcu_invoke_callback';
      const f = (this.cbReader ??= new CallbackReader(dec)).read(b, h.msgStart, h.msgEnd, invoke);
      if (f) {
        if (invoke) this.cbInvoke(f, false, line, boot, time, cpu ?? -1);
        else this.cbQueue(f, false, line, boot, time, cpu ?? -1);
        return event;
      }
    }
    const task = h.taskStart >= 0 ? dec.decode(b.subarray(h.taskStart, h.taskEnd)).trim() : null;
    const args = dec.decode(b.subarray(h.msgStart, h.msgEnd));
    this.event(event, args, line, boot, time, cpu, h.pid >= 0 ? h.pid : null, task);
    return event;
  }

  /**
   * A kernel message line that may be a `tp_printk` copy of an RCU trace event (`rcu_grace_period:
   * rcu_preempt -883 start`) or say the stall timeout. The text is the message (prefix removed).
   */
  kernelText(text: string, line: number, boot: number, time: number | null, cpu: number | null, pid: number | null): string | null {
    if (text.charCodeAt(3) === 95) { // rcu_...: a tp_printk copy
      const m = /^(rcu_[a-z_]+): (.*)$/.exec(text.length > 512 ? text.slice(0, 512) : text);
      if (m) {
        if (!COUNTED_ONLY.has(m[1]!)) this.event(m[1]!, m[2]!, line, boot, time, cpu, pid, null);
        return m[1]!;
      }
    }
    const st = /RCU CPU stall warnings timeout set to (\d+)/.exec(text) ?? /rcupdate\.rcu_cpu_stall_timeout=(\d+)/.exec(text);
    if (st) this.stallTimeout = Number(st[1]);
    return null;
  }

  /**
   * A line that may be a kprobe event: `(synchronize_rcu+0x0/0x59)` (entry) or
   * `(do_free_init+0x15/0x3c <- synchronize_rcu)` (return). The event's own name is the user's.
   */
  kprobe(h: Head, b: Uint8Array, line: number, boot: number, dec: TextDecoder): void {
    const end = h.msgEnd - h.msgStart > 300 ? h.msgStart + 300 : h.msgEnd;
    const text = dec.decode(b.subarray(h.msgStart, end));
    const m = /^\((?:([A-Za-z0-9_.]+)\+0x[0-9a-f]+\/0x[0-9a-f]+|(\S+) <- ([A-Za-z0-9_.]+))\)/.exec(text);
    if (!m) return;
    const fn0 = m[1] ?? m[3]!;
    if (!SYNC_FNS.has(fn0) && fn0 !== 'rcu_gp_init' && fn0 !== 'rcu_gp_cleanup') return;
    const time = h.time === h.time ? h.time : null;
    const pid = h.pid;
    const task = h.taskStart >= 0 ? dec.decode(b.subarray(h.taskStart, h.taskEnd)).trim() : null;
    const cpu = h.cpu >= 0 ? h.cpu : null;
    if (m[1] !== undefined) {
      const fn = m[1];
      if (SYNC_FNS.has(fn)) {
        const key = `${boot}|${pid}|${fn}`;
        this.syncs.push({ fn, pid, task, cpu, boot, entryLine: line, returnLine: null, entryTime: time, returnTime: null, caller: null, gracePeriods: [] });
        const stack = this.openSync.get(key) ?? [];
        stack.push(this.syncs.length - 1);
        this.openSync.set(key, stack);
        if (fn === 'rcu_barrier') { this.cbBootIs(boot); this.barrierBegin(`kprobe|${boot}|${pid}`, task ?? 'rcu', line, time, 'kprobe'); }
      } else if (fn === 'rcu_gp_init') {
        // A second init before cleanup: the first found nothing to do (a spurious wakeup).
        const flavour = task ?? 'rcu';
        const g: KprobeGp = { flavour, boot, startLine: line, startTime: time, endLine: null, endTime: null };
        const k = `${boot}|${flavour}`;
        const prev = this.openKprobeGp.get(k);
        if (prev) this.kprobeGps[this.kprobeGps.indexOf(prev)] = g; else this.kprobeGps.push(g);
        this.openKprobeGp.set(k, g);
      } else if (fn === 'rcu_gp_cleanup') {
        const flavour = task ?? 'rcu';
        const k = `${boot}|${flavour}`;
        const g = this.openKprobeGp.get(k);
        if (g) { g.endLine = line; g.endTime = time; this.openKprobeGp.delete(k); }
        else this.kprobeGps.push({ flavour, boot, startLine: null, startTime: null, endLine: line, endTime: time });
      }
      return;
    }
    const fn = m[3]!;
    if (!SYNC_FNS.has(fn)) return;
    const stack = this.openSync.get(`${boot}|${pid}|${fn}`);
    const i = stack?.pop();
    if (i === undefined) return;
    const s = this.syncs[i]!;
    s.returnLine = line; s.returnTime = time;
    s.caller = m[2]!.startsWith('0x') ? null : m[2]!;
    if (fn === 'rcu_barrier') { this.cbBootIs(boot); this.barrierEnd(`kprobe|${boot}|${pid}`, line, time); }
  }

  // --- tracepoints ---------------------------------------------------------------------------

  private event(event: string, args: string, line: number, boot: number, time: number | null, cpu: number | null, pid: number | null, task: string | null): void {
    if (event === 'rcu_grace_period') {
      const a = args.trim().split(/\s+/);
      const seq = a.length === 3 && /^-?\d+$/.test(a[1]!) ? seqNumber(a[1]!) : NaN;
      if (Number.isFinite(seq)) this.gpEvent(a[0]!, seq, a[2]!, line, boot, time, cpu);
      else this.notRead(event, line);
      return;
    }
    if (!KNOWN_EVENTS.has(event)) { this.notRead(event, line, 'event'); return; }
    const f = traceFields(event, args);
    let any = false;
    for (const _ in f) { any = true; break; }
    if (!any) { this.notRead(event, line); return; }
    switch (event) {
      case 'rcu_future_grace_period':
        // Its shape tells the numbering: (gpnum, completed, c) before 4.19, (gp_seq, gp_seq_req) since.
        if (f.gpnum !== undefined) this.numbered(boot, 'gpnum', 'format', 'rcu_future_grace_period prints gpnum, completed and c', line);
        else this.numbered(boot, 'gp_seq', 'format', 'rcu_future_grace_period prints gp_seq and its request', line);
        return;
      case 'rcu_grace_period_init': {
        const g = this.openGp(boot, String(f.rcuname), f.gp_seq);
        if (g < 0 || typeof f.level !== 'number' || typeof f.grplo !== 'number') return;
        let init = this.initNodes.get(g);
        if (!init) { init = { leaf: 0, nodes: [] }; this.initNodes.set(g, init); }
        if (init.nodes.length >= MAX_INIT_NODES) return;
        init.nodes.push({ level: f.level, grplo: f.grplo, qsmask: typeof f.qsmask === 'number' ? f.qsmask : 0 });
        if (f.level > init.leaf) init.leaf = f.level;
        return;
      }
      case 'rcu_quiescent_state_report': return this.qsReport(f, line, boot, time, cpu, pid, task);
      case 'rcu_fqs': {
        const g = this.openGp(boot, String(f.rcuname), f.gp_seq);
        if (g < 0 || typeof f.cpu !== 'number') return;
        this.gps[g]!.fqsQs++;
        const set = this.fqsCpus.get(g) ?? new Set<number>();
        set.add(f.cpu);
        this.fqsCpus.set(g, set);
        return;
      }
      case 'rcu_preempt_task': {
        if (typeof f.gp_seq !== 'number' || typeof f.pid !== 'number') return;
        // gpSeq is decoded at the end, by the boot's numbering (a gp_seq snapshot, or a gpnum).
        const r: KernelPreemptedReader = {
          flavour: String(f.rcuname), task: f.pid === pid ? task : null, pid: f.pid, cpu, boot, gpSeq: f.gp_seq,
          startLine: line, endLine: null, startTime: time, endTime: null, blocked: null, blockedFor: null,
        };
        this.readers.push(r);
        this.readerRaw.push(f.gp_seq);
        this.openReader.set(`${boot}|${f.pid}`, this.readers.length - 1);
        return;
      }
      case 'rcu_unlock_preempted_task': {
        if (typeof f.gp_seq !== 'number' || typeof f.pid !== 'number') return;
        const name = String(f.rcuname);
        if (name.endsWith('-GPS')) {
          // rcu_gp_init(): the grace period starting now waits for this blocked task (gp_seq kernels only).
          this.numbered(boot, 'gp_seq', 'format', 'rcu_gp_init() traces blocked tasks as `rcu_preempt-GPS` (gp_seq kernels)', line);
          const flavour = name.slice(0, -4);
          const g = this.gpIndex.get(`${boot}|${flavour}|${nextGp(f.gp_seq)}`) ?? this.openBySeq.get(`${boot}|${nextGp(f.gp_seq)}`);
          if (g !== undefined) { const l = this.gpsTasks.get(g) ?? []; l.push(f.pid); this.gpsTasks.set(g, l); }
          return;
        }
        const k = `${boot}|${f.pid}`;
        const i = this.openReader.get(k);
        if (i === undefined) return;
        this.openReader.delete(k);
        const r = this.readers[i]!;
        r.endLine = line; r.endTime = time;
        return;
      }
      case 'rcu_exp_grace_period': {
        if (typeof f.gpseq !== 'number') return;
        const flavour = String(f.rcuname);
        const key = `${boot}|${flavour}|exp${f.gpseq}`;
        if (f.gpevent === 'start') {
          this.newGp(key, { flavour, gpSeq: f.gpseq, boot, expedited: true, line, time });
        } else if (f.gpevent === 'end') {
          this.endGp(key, { flavour, gpSeq: f.gpseq, boot, expedited: true, line, time });
        }
        return;
      }
      case 'rcu_callback': case 'rcu_kvfree_callback': case 'rcu_kfree_callback':
        return this.cbQueue(f, event !== 'rcu_callback', line, boot, time, cpu ?? -1);
      case 'rcu_invoke_callback': case 'rcu_invoke_kvfree_callback': case 'rcu_invoke_kfree_callback':
        return this.cbInvoke(f, event !== 'rcu_invoke_callback', line, boot, time, cpu ?? -1);
      case 'rcu_invoke_kfree_bulk_callback':
        if (typeof f.nr_records === 'number') this.kfreeBulk += f.nr_records;
        return;
      case 'rcu_batch_start':
        this.batchOpen.set(cpu ?? -1, { line });
        return;
      case 'rcu_batch_end':
        if (typeof f.callbacks_invoked === 'number') this.batchSizes.push(f.callbacks_invoked);
        this.batchOpen.delete(cpu ?? -1);
        return;
      case 'rcu_sr_normal': {
        // synchronize_rcu_normal() (6.9+): `request` on entry, `complete` before it returns, both in
        // the caller's context. A call kprobes already see is not counted twice.
        if (pid === null) return;
        const key = `${boot}|${pid}|synchronize_rcu`;
        const open = this.openSync.get(key);
        if (f.srevent === 'request') {
          if (open?.length && this.syncs[open[open.length - 1]!]!.via !== 'tracepoint') return;
          this.syncs.push({ fn: 'synchronize_rcu', via: 'tracepoint', pid, task, cpu, boot, entryLine: line, returnLine: null, entryTime: time, returnTime: null, caller: null, gracePeriods: [] });
          if (open) open.push(this.syncs.length - 1); else this.openSync.set(key, [this.syncs.length - 1]);
        } else if (f.srevent === 'complete' && open?.length && this.syncs[open[open.length - 1]!]!.via === 'tracepoint') {
          const s = this.syncs[open.pop()!]!;
          s.returnLine = line; s.returnTime = time;
        }
        return;
      }
      case 'rcu_barrier': {
        const flavour = String(f.rcuname ?? 'rcu');
        this.cbBootIs(boot);
        if (f.s === 'Begin') this.barrierBegin(`tp|${boot}|${flavour}`, flavour, line, time, 'tracepoint');
        else if (f.s === 'End' || f.s === 'EarlyExit') this.barrierEnd(`tp|${boot}|${flavour}`, line, time);
        return;
      }
      default:
    }
  }

  private gpEvent(flavour: string, seq: number, what: string, line: number, boot: number, time: number | null, cpu: number | null): void {
    // A grace period's FQS loop prints its number hundreds of times: its key is built once.
    const m = this.lastGpKey;
    const key = m.seq === seq && m.flavour === flavour && m.boot === boot ? m.key : (m.seq = seq, m.flavour = flavour, m.boot = boot, m.key = `${boot}|${flavour}|${seq}`);
    switch (what) {
      case 'start': {
        const st = seqState(seq);
        if (st !== 1) this.numbered(boot, 'gpnum', 'values', `grace period ${seq} started at a value whose low 2 bits are ${st}; a gp_seq always starts at state 1, so this is a plain gpnum counter (Linux before 4.19)`, line);
        const sk = `${boot}|${flavour}`;
        const seen = this.startsSeen.get(sk);
        if (seen) seen.n++; else this.startsSeen.set(sk, { n: 1, line });
        this.newGp(key, { flavour, gpSeq: seq, boot, expedited: false, line, time });
        return;
      }
      case 'end': {
        const open = this.gpIndex.get(key);
        if ((open === undefined || this.gps[open]!.endLine !== null) && seqState(seq) === 0 && this.numbering.get(boot)?.kind !== 'gpnum') {
          // Kernels 4.19 to 5.x trace `end` after rcu_seq_end(): 3 past the value the start printed.
          const k2 = `${boot}|${flavour}|${seq - 3}`;
          const g = this.gpIndex.get(k2);
          if (g !== undefined && this.gps[g]!.endLine === null) {
            this.numbered(boot, 'gp_seq', 'values', `grace period ${seq - 3} ended printing ${seq}, its value after rcu_seq_end() (Linux 4.19 to 5.x trace the end that way)`, line);
            this.endGp(k2, { flavour, gpSeq: seq - 3, boot, expedited: false, line, time });
            return;
          }
        }
        this.endGp(key, { flavour, gpSeq: seq, boot, expedited: false, line, time });
        return;
      }
      case 'newreq': {
        const rk = `${boot}|${flavour}`;
        if (!this.request.has(rk)) this.request.set(rk, { line, time });
        return;
      }
      case 'fqsstart': {
        const g = this.gpIndex.get(key);
        if (g !== undefined) this.gps[g]!.fqsRounds++;
        return;
      }
      case 'cpuqs': {
        const g = this.gpIndex.get(key);
        if (g === undefined || cpu === null) return;
        const qs = this.gps[g]!.cpuQs;
        if (qs.length < MAX_CPU_QS && !qs.some((q) => q.cpu === cpu)) qs.push({ cpu, line, time });
        return;
      }
      default:
    }
  }

  private newGp(key: string, g: { flavour: string; gpSeq: number; boot: number; expedited: boolean; line: number; time: number | null }): void {
    const rk = `${g.boot}|${g.flavour}`;
    const req = g.expedited ? undefined : this.request.get(rk);
    if (!g.expedited) this.request.delete(rk);
    this.gps.push({
      flavour: g.flavour, gpSeq: g.gpSeq, boot: g.boot, expedited: g.expedited, source: 'tracepoint',
      startLine: g.line, endLine: null, startTime: g.time, endTime: null, duration: null,
      requestLine: req?.line ?? null, requestTime: req?.time ?? null, fqsRounds: 0, fqsQs: 0, cpus: [], cpuQs: [],
      lastReport: null, readers: [],
    });
    const i = this.gps.length - 1;
    this.gpIndex.set(key, i);
    if (!g.expedited) {
      this.openBySeq.set(`${g.boot}|${g.gpSeq}`, i);
      if (!this.firstStart.has(rk)) this.firstStart.set(rk, g.line);
    }
  }

  private endGp(key: string, g: { flavour: string; gpSeq: number; boot: number; expedited: boolean; line: number; time: number | null }): void {
    let i = this.gpIndex.get(key);
    if (i === undefined || this.gps[i]!.endLine !== null) {
      // Began before the trace did.
      this.gps.push({
        flavour: g.flavour, gpSeq: g.gpSeq, boot: g.boot, expedited: g.expedited, source: 'tracepoint',
        startLine: null, endLine: null, startTime: null, endTime: null, duration: null,
        requestLine: null, requestTime: null, fqsRounds: 0, fqsQs: 0, cpus: [], cpuQs: [], lastReport: null, readers: [],
      });
      i = this.gps.length - 1;
      this.gpIndex.set(key, i);
      if (!g.expedited) this.endOnlyRaw.set(i, g.gpSeq);
    }
    const gp = this.gps[i]!;
    gp.endLine = g.line; gp.endTime = g.time;
    if (gp.startTime !== null && g.time !== null) gp.duration = g.time - gp.startTime;
    if (!g.expedited) {
      this.openBySeq.delete(`${g.boot}|${g.gpSeq}`);
      if (gp.startLine !== null) this.lastDoneStart.set(`${g.boot}|${g.flavour}`, gp.startLine);
    }
  }

  /** The grace period a line's gp_seq names, open or just ended; -1 when none. A preempted
   * reader's report (`preempt_rcu`) belongs to rcu_preempt's (rcu_sched and rcu_bh, before 5.0,
   * number theirs alike). */
  private openGp(boot: number, flavour: string, seq: unknown): number {
    if (typeof seq !== 'number') return -1;
    return this.gpIndex.get(`${boot}|${flavour}|${seq}`)
      ?? (flavour === 'preempt_rcu' ? this.gpIndex.get(`${boot}|rcu_preempt|${seq}`) : undefined)
      ?? this.openBySeq.get(`${boot}|${seq}`) ?? -1;
  }

  /** Evidence of how a boot's trace numbers grace periods: the format's word beats the values'. */
  private numbered(boot: number, kind: Numbering['kind'], basis: Numbering['basis'], why: string, line: number): void {
    const had = this.numbering.get(boot);
    if (!had || (had.basis === 'values' && basis === 'format' && had.kind !== kind)) this.numbering.set(boot, { kind, basis, why, line });
  }

  /** A line of an RCU tracepoint that no known format reads: counted, never guessed at. */
  private notRead(event: string, line: number, what: 'format' | 'event' = 'format'): void {
    const u = this.unread.get(event);
    if (u) u.count++;
    else this.unread.set(event, { event, count: 1, firstLine: line, reason: what === 'event' ? 'an RCU tracepoint rcu-lens does not know' : 'its fields match no format of this tracepoint rcu-lens knows' });
  }

  /** How boot's grace periods are numbered: what the trace showed, else an assumption. */
  private numberingOf(boot: number): KernelNumbering {
    const n = this.numbering.get(boot);
    if (n) return { boot, kind: n.kind, basis: n.basis, why: n.why, line: n.line };
    for (const [k, v] of this.startsSeen) {
      if (v.n >= 2 && k.startsWith(`${boot}|`)) {
        return { boot, kind: 'gp_seq', basis: 'values', why: `the ${v.n} grace periods of ${k.slice(k.indexOf('|') + 1)} all started at state 1 (a gpnum counter would run through every value)`, line: v.line };
      }
    }
    return { boot, kind: 'gp_seq', basis: 'assumed', why: 'nothing in the trace tells gp_seq (Linux 4.19 and later) from gpnum (before 4.19); gp_seq assumed', line: null };
  }

  private qsReport(f: Record<string, string | number>, line: number, boot: number, time: number | null, cpu: number | null, pid: number | null, task: string | null): void {
    const name = String(f.rcuname);
    const g = this.openGp(boot, name, f.gp_seq);
    if (g < 0 || typeof f.mask !== 'number' || typeof f.qsmask !== 'number') return;
    const gp = this.gps[g]!;
    const done = f.level === 0 && f.qsmask === 0 && !f.gp_tasks;
    if (!done) return;
    // Which CPUs the mask names: at a leaf, bit i is CPU grplo + i (one-level trees: the root is the leaf).
    const leaf = this.leafLevel(g);
    const cpus = typeof f.grplo === 'number' && (leaf === null || f.level === leaf) ? bits(f.mask, f.grplo) : [];
    let report: KernelQsReport;
    if (name === 'preempt_rcu') report = { kind: 'task', cpus: [], pid, task, line, time };
    else {
      const fqs = this.fqsCpus.get(g);
      const viaFqs = cpus.length > 0 && fqs !== undefined && cpus.every((c) => fqs.has(c)) && !cpus.includes(cpu ?? -1);
      report = { kind: viaFqs ? 'fqs' : 'cpu', cpus, pid: null, task, line, time };
    }
    gp.lastReport = report;
  }

  private leafLevel(g: number): number | null {
    return this.initNodes.get(g)?.leaf ?? null;
  }

  // --- callbacks -----------------------------------------------------------------------------

  /** Callbacks still pending from an earlier boot can never be invoked: forget them, so that one
   * of the next boot with the same pointer (or CPU and function) does not pair with them. */
  private cbBootIs(boot: number): void {
    if (boot === this.cbBoot) return;
    this.cbBoot = boot;
    this.byPointer.clear(); this.fifo.clear(); this.fifoHead.clear(); this.fifoFuncs.clear();
  }

  private cbQueue(f: Readonly<Record<string, string | number>>, kv: boolean, line: number, boot: number, time: number | null, cpu: number): void {
    this.cbBootIs(boot);
    this.queued++;
    const func = kv ? `kvfree@${String(f.offset ?? '?')}` : String(f.func ?? '?');
    const flavour = String(f.rcuname ?? 'rcu');
    const rhp = String(f.rhp ?? PTRVAL);
    const byPointer = rhp !== PTRVAL && rhp !== '(null)';
    const cb: PendingCb = { id: this.cbId++, boot, line, time, cpu, func, flavour, byPointer };
    if (byPointer) this.byPointer.set(`${flavour}|${rhp}`, cb);
    else {
      let q = this.fifo.get(cpu);
      if (!q) { q = []; this.fifo.set(cpu, q); this.fifoHead.set(cpu, 0); }
      q.push(cb);
      this.fifoCount(func, cpu, 1);
      const head = this.fifoHead.get(cpu)!;
      if (q.length - head > MAX_PENDING_PER_CPU) { this.fifoCount(q[head]!.func, cpu, -1); this.fifoHead.set(cpu, head + 1); }
      if (head > 4096 && head * 2 > q.length) { q.splice(0, head); this.fifoHead.set(cpu, 0); }
    }
    const c = this.cpuStats(cpu); c.queued++;
    const fn = this.funcs.get(func) ?? { queued: 0, invoked: 0 };
    fn.queued++;
    this.funcs.set(func, fn);
  }

  private fifoCount(func: string, cpu: number, d: number): void {
    let m = this.fifoFuncs.get(func);
    if (!m) { m = new Map(); this.fifoFuncs.set(func, m); }
    const n = (m.get(cpu) ?? 0) + d;
    if (n > 0) m.set(cpu, n); else m.delete(cpu);
  }

  private cpuStats(cpu: number): { queued: number; invoked: number; lat: Floats } {
    let c = this.latCpu.get(cpu);
    if (!c) { c = { queued: 0, invoked: 0, lat: new Floats() }; this.latCpu.set(cpu, c); }
    return c;
  }

  private cbInvoke(f: Readonly<Record<string, string | number>>, kv: boolean, line: number, boot: number, time: number | null, cpu: number): void {
    this.cbBootIs(boot);
    this.invoked++;
    const func = kv ? `kvfree@${String(f.offset ?? '?')}` : String(f.func ?? '?');
    const flavour = String(f.rcuname ?? 'rcu');
    const rhp = String(f.rhp ?? PTRVAL);
    this.cpuStats(cpu).invoked++;
    const fn = this.funcs.get(func);
    if (fn) fn.invoked++;
    let cb: PendingCb | undefined;
    if (rhp !== PTRVAL && rhp !== '(null)') {
      const k = `${flavour}|${rhp}`;
      cb = this.byPointer.get(k);
      if (cb) this.byPointer.delete(k);
    } else {
      cb = this.takeFifo(cpu, func, time) ?? this.takeFifoAnyCpu(cpu, func, time);
    }
    // A callback never runs before it was queued: a pair that says so (by more than the clocks'
    // skew) is two callbacks, of two boots or two traces in one file (trace times are not read
    // for boots, see log/boots.ts).
    if (!cb || (cb.time !== null && time !== null && time + CLOCK_SLACK < cb.time)) return;
    this.paired++;
    if (cb.byPointer) this.pairedByPointer++;
    if (this.spans.length < MAX_CALLBACK_SPANS) {
      this.spans.push({ func: cb.func, boot: cb.boot, cpu: cb.cpu, invokeCpu: cpu, queueLine: cb.line, invokeLine: line, queueTime: cb.time, invokeTime: time });
    } else this.spansDropped++;
    if (cb.time !== null && time !== null) {
      const lat = time - cb.time;
      this.latAll.push(lat);
      this.cpuStats(cb.cpu).lat.push(lat);
    }
    if (cb.byPointer) {
      // The rule: some grace period must have started after the queueing and ended before now.
      const rk = `${cb.boot}|${cb.flavour}`;
      const first = this.firstStart.get(rk);
      const done = this.lastDoneStart.get(rk);
      if (cb.boot === boot && first !== undefined && first < cb.line && (done === undefined || done <= cb.line)) {
        this.finding({
          rule: 'kernel-cb-early', severity: 'error', line,
          message: `RCU callback ${cb.func} (${flavour}) invoked before a full grace period: no grace period started after it was queued (line ${cb.line}) and ended before this invocation`,
          related: [{ line: cb.line, message: `${cb.func} queued here (call_rcu)` }],
        });
      }
    }
  }

  /** The oldest pending callback of `func` queued on `cpu` (callbacks run in queue order per CPU). */
  private takeFifo(cpu: number, func: string, time: number | null): PendingCb | undefined {
    const q = this.fifo.get(cpu);
    if (!q) return undefined;
    let head = this.fifoHead.get(cpu)!;
    // Queued later than this invocation: left from before the trace's time went back (a second
    // trace, or boot, in the file). None of them will run: drop them.
    while (time !== null && head < q.length && q[head]!.time !== null && q[head]!.time! > time + CLOCK_SLACK) {
      kernelWork.steps++;
      this.fifoCount(q[head]!.func, cpu, -1);
      head++;
    }
    this.fifoHead.set(cpu, head);
    const stop = Math.min(q.length, head + 64);
    for (let i = head; i < stop; i++) {
      const cb = q[i]!;
      kernelWork.steps++;
      if (cb.func !== func) continue;
      if (i === head) this.fifoHead.set(cpu, head + 1);
      else q.splice(i, 1);
      this.fifoCount(func, cpu, -1);
      return cb;
    }
    return undefined;
  }

  /** Offloaded (nocb) CPUs invoke callbacks in rcuo kthreads elsewhere: try the other CPUs that
   * hold one of func, as long as the look stays within ANY_CPU_SCAN pending callbacks (trying every
   * CPU made a trace naming 40,000 CPUs take minutes). */
  private takeFifoAnyCpu(cpu: number, func: string, time: number | null): PendingCb | undefined {
    const cpus = this.fifoFuncs.get(func);
    if (!cpus) return undefined;
    let budget = ANY_CPU_SCAN;
    for (const c of cpus.keys()) {
      if (c === cpu) continue;
      if (budget <= 0) break;
      const before = kernelWork.steps;
      const cb = this.takeFifo(c, func, time);
      if (cb) return cb;
      budget -= kernelWork.steps - before;
    }
    return undefined;
  }

  // --- rcu_barrier() -------------------------------------------------------------------------

  private barrierBegin(key: string, flavour: string, line: number, time: number | null, via: 'tracepoint' | 'kprobe'): void {
    if (!this.barriers.has(key)) this.barriers.set(key, { line, time, lastCb: this.cbId - 1, flavour, via });
  }

  private barrierEnd(key: string, line: number, _time: number | null): void {
    const b = this.barriers.get(key);
    if (!b) return;
    this.barriers.delete(key);
    // Only callbacks tracked by pointer are known to be still pending (see KernelCallbacks).
    for (const cb of this.byPointer.values()) {
      if (cb.id > b.lastCb) continue;
      this.finding({
        rule: 'kernel-barrier-early', severity: 'error', line,
        message: `rcu_barrier() returned while callback ${cb.func}, queued before it began (line ${cb.line}), had not been invoked`,
        related: [{ line: b.line, message: 'rcu_barrier() began here' }, { line: cb.line, message: `${cb.func} queued here` }],
      });
      break;
    }
  }

  /** Every finding is kept until finish (lost lines may still drop one), then capFindings lists
   * the first MAX_FINDINGS_PER_RULE of each rule and sums up the rest. */
  private finding(f: KernelFinding): void {
    this.findings.push(f);
  }

  // --- the end -------------------------------------------------------------------------------

  finish(lostBetween: (from: number, to: number) => boolean = () => false): KernelRcu {
    let gps = this.gps;
    let source: KernelRcu['source'] = gps.length ? 'tracepoint' : 'none';
    if (!gps.length && this.kprobeGps.length) {
      source = 'kprobe';
      gps = this.kprobeGps.map((g) => ({
        flavour: g.flavour, gpSeq: null, boot: g.boot, expedited: false, source: 'kprobe',
        startLine: g.startLine, endLine: g.endLine, startTime: g.startTime, endTime: g.endTime,
        duration: g.startTime !== null && g.endTime !== null ? g.endTime - g.startTime : null,
        requestLine: null, requestTime: null, fqsRounds: 0, fqsQs: 0, cpus: [], cpuQs: [], lastReport: null, readers: [],
      }));
    }
    // Decode the numbers by each boot's numbering (known only now: the evidence may come late).
    const bootsSeen = new Set<number>();
    for (const g of this.gps) bootsSeen.add(g.boot);
    for (const r of this.readers) bootsSeen.add(r.boot);
    const numbering = [...bootsSeen].sort((a, b) => a - b).map((b) => this.numberingOf(b));
    const kindOf = new Map(numbering.map((n) => [n.boot, n.kind]));
    for (const [i, raw] of this.endOnlyRaw) {
      // An end with no start in the trace: a gp_seq traced after rcu_seq_end() names the one before.
      if (kindOf.get(gps[i]!.boot) === 'gp_seq' && seqState(raw) === 0) gps[i]!.gpSeq = raw - 3;
    }
    this.readers.forEach((r, i) => {
      // rcu_preempt_task: a gp_seq (the node's, or rcu_seq_snap() of it) or the gpnum it blocks.
      const raw = this.readerRaw[i]!;
      r.gpSeq = kindOf.get(r.boot) === 'gpnum' ? raw : gpOfEndValue(raw);
    });
    // Which CPUs each grace period waited for: the leaves' qsmask at rcu_gp_init().
    for (const [g, { leaf, nodes }] of this.initNodes) {
      const cpus = new Set<number>();
      for (const n of nodes) if (n.level === leaf) for (const c of bits(n.qsmask, n.grplo)) cpus.add(c);
      gps[g]!.cpus = [...cpus].sort((a, b) => a - b);
    }
    this.linkReaders(gps);
    const completing = new CompletingGps(gps);
    for (const s of this.syncs) s.gracePeriods = completing.find(s.boot, s.entryLine, s.returnLine);
    const stallTimeout = this.opts.stallTimeout ?? this.stallTimeout ?? DEFAULT_STALL_TIMEOUT;
    const findings = this.findings.filter((f) => !f.related.some((r) => lostBetween(Math.min(r.line, f.line), Math.max(r.line, f.line))));
    // Past the cap of its rule a finding is kept bare, as a summary of one (capFindings adds it to
    // its rule's summary and never lists it): its message is never made.
    const listed = { 'kernel-gp-long': 0, 'kernel-reader-blocking': 0 };
    const bare = (rule: 'kernel-gp-long' | 'kernel-reader-blocking', line: number): boolean => {
      if (++listed[rule] <= MAX_FINDINGS_PER_RULE) return false;
      findings.push({ rule, severity: 'warning', line, message: '', related: [], omitted: 1 }); // one not listed
      return true;
    };
    for (const g of gps) {
      if (g.duration === null || g.duration <= stallTimeout || bare('kernel-gp-long', g.endLine!)) continue;
      const held = g.readers.map((r) => this.readers[r]!).map((r) => `${r.task ?? 'pid'} (pid ${r.pid})`);
      findings.push({
        rule: 'kernel-gp-long', severity: 'warning', line: g.endLine!,
        message: `kernel grace period ${g.gpSeq ?? ''} (${g.flavour}) lasted ${g.duration.toFixed(3)} s, longer than the RCU CPU stall timeout (${stallTimeout} s)${held.length ? `; it waited for ${held.join(', ')}` : ''}`,
        related: [{ line: g.startLine!, message: 'the grace period started here' }],
      });
    }
    const threshold = this.opts.readerBlockThreshold ?? DEFAULT_READER_BLOCK_THRESHOLD;
    for (const r of this.readers) {
      if (r.blockedFor === null || r.blockedFor <= threshold || bare('kernel-reader-blocking', r.startLine)) continue;
      const g = gps[r.blocked!]!;
      findings.push({
        rule: 'kernel-reader-blocking', severity: 'warning', line: r.startLine,
        message: `${r.task ?? 'task'} (pid ${r.pid}) was preempted inside an RCU read-side critical section and held up grace period ${g.gpSeq ?? ''} (${g.flavour}) for ${r.blockedFor.toFixed(3)} s (threshold ${threshold} s)`,
        related: [
          ...(r.endLine !== null ? [{ line: r.endLine, message: 'it left the critical section here (rcu_read_unlock)' }] : []),
          ...(g.startLine !== null ? [{ line: g.startLine, message: 'the grace period it held up started here' }] : []),
          ...(g.endLine !== null ? [{ line: g.endLine, message: 'that grace period ended here' }] : []),
        ],
      });
    }
    findings.sort((a, b) => a.line - b.line);
    const capped = capFindings(findings);
    return {
      source,
      gracePeriods: gps,
      preemptedReaders: this.readers,
      callbacks: this.callbacks(),
      syncs: this.syncs,
      stallTimeout,
      stallTimeoutFromLog: this.opts.stallTimeout === undefined && this.stallTimeout !== null,
      stallTimeoutGiven: this.opts.stallTimeout !== undefined,
      readerBlockThreshold: threshold,
      findings: capped,
      numbering,
      unread: [...this.unread.values()],
    };
  }

  /** Each preempted reader -> the grace period it held up (if it was still inside when that one started). */
  private linkReaders(gps: KernelGracePeriod[]): void {
    const byKey = new Map<string, number>();
    gps.forEach((g, i) => {
      if (g.expedited || g.gpSeq === null) return;
      byKey.set(`${g.boot}|${g.flavour}|${g.gpSeq}`, i);
      if (!byKey.has(`${g.boot}|${g.gpSeq}`)) byKey.set(`${g.boot}|${g.gpSeq}`, i);
    });
    // Each task's preemptions in line order, with a tree of their ends, for the first one open at a line.
    const byTask = new Map<string, { idx: number[]; starts: number[]; ends: FirstAbove }>();
    if (this.gpsTasks.size) {
      // Readers by task, once, rather than a scan of all of them per task named.
      const all = new Map<string, number[]>();
      this.readers.forEach((x, i) => { const k = `${x.boot}|${x.pid}`; const l = all.get(k); if (l) l.push(i); else all.set(k, [i]); });
      for (const [k, idx] of all) byTask.set(k, { idx, starts: idx.map((i) => this.readers[i]!.startLine), ends: new FirstAbove(idx.map((i) => this.readers[i]!.endLine ?? Infinity)) });
    }
    for (const [g, pids] of this.gpsTasks) {
      // rcu_gp_init() named a blocked task: it was inside when the grace period began (the first
      // preemption of the task that began before it and had not ended).
      const gp = gps[g]!;
      for (const pid of pids) {
        const t = byTask.get(`${gp.boot}|${pid}`);
        if (!t) continue;
        const j = t.ends.find(0, lowerBound(t.starts, gp.startLine ?? Infinity), gp.startLine ?? 0);
        kernelWork.steps++;
        if (j >= 0) this.readers[t.idx[j]!]!.gpSeq = gp.gpSeq ?? this.readers[t.idx[j]!]!.gpSeq;
      }
    }
    this.readers.forEach((r, ri) => {
      const g = byKey.get(`${r.boot}|${r.flavour}|${r.gpSeq}`) ?? byKey.get(`${r.boot}|${r.gpSeq}`);
      if (g === undefined) return;
      const gp = gps[g]!;
      // It blocked the grace period only if it was still inside once that grace period began.
      if (gp.startLine !== null && r.endLine !== null && r.endLine < gp.startLine) return;
      r.blocked = g;
      const from = Math.max(r.startTime ?? -Infinity, gp.startTime ?? -Infinity);
      r.blockedFor = r.endTime !== null && Number.isFinite(from) ? Math.max(0, r.endTime - from) : null;
      gp.readers.push(ri);
    });
  }

  private callbacks(): KernelCallbacks {
    const perCpu = [...this.latCpu.entries()].sort((a, b) => a[0] - b[0])
      .map(([cpu, c]) => ({ cpu, queued: c.queued, invoked: c.invoked, latency: latencyOf(c.lat) }));
    const bs = this.batchSizes.sorted();
    const functions = [...this.funcs.entries()].sort((a, b) => b[1].queued - a[1].queued || (a[0] < b[0] ? -1 : 1)).slice(0, 20)
      .map(([func, c]) => ({ func, queued: c.queued, invoked: c.invoked }));
    return {
      queued: this.queued, invoked: this.invoked, kfreeBulk: this.kfreeBulk, paired: this.paired,
      pairedByPointer: this.pairedByPointer, latency: latencyOf(this.latAll), perCpu,
      batches: { count: bs.length, p50: pct(bs, 0.5), p90: pct(bs, 0.9), max: bs.length ? bs[bs.length - 1]! : null },
      functions,
      spans: this.spans,
      spansDropped: this.spansDropped,
    };
  }
}

/**
 * The grace period that completed a wait that began at line `from` and returned at `to` (null:
 * not seen): synchronize_rcu() waits for a full grace period that starts after the call, so it is
 * the first to start after `from`, and it must end before `to`.
 * Built once over the grace periods; each find() is O(log n).
 */
export class CompletingGps {
  /** Per boot: the grace periods with both ends, by start line (then index), their start lines,
   * and a tree of minus their end lines. */
  private readonly byBoot = new Map<number, { idx: number[]; starts: number[]; ends: FirstAbove }>();

  constructor(gps: readonly KernelGracePeriod[]) {
    const lists = new Map<number, number[]>();
    gps.forEach((g, i) => {
      if (g.startLine === null || g.endLine === null) return;
      const l = lists.get(g.boot);
      if (l) l.push(i); else lists.set(g.boot, [i]);
    });
    for (const [boot, idx] of lists) {
      idx.sort((a, b) => gps[a]!.startLine! - gps[b]!.startLine! || a - b);
      this.byBoot.set(boot, { idx, starts: idx.map((i) => gps[i]!.startLine!), ends: new FirstAbove(idx.map((i) => -gps[i]!.endLine!)) });
    }
  }

  /** The grace period that started first after line `from` among those that ended before line
   * `to` (any end when to is null), as [index], or []. */
  find(boot: number, from: number, to: number | null): number[] {
    const b = this.byBoot.get(boot);
    if (!b) return [];
    kernelWork.steps++;
    const j = b.ends.find(upperBound(b.starts, from), b.idx.length, to === null ? -Infinity : -to);
    return j < 0 ? [] : [b.idx[j]!];
  }
}

export { seqState };

/** The model of a log with no kernel RCU trace (for analyses built by hand). */
export function emptyKernel(): KernelRcu {
  return new KernelCollector().finish();
}
