// The analyzer's own loop over runs of tracefs / trace-cmd event lines (an ftrace file is nearly
// all of them): it finds line ends itself and reads each line's head
// `task-pid [cpu] flags sss.uuuuuu: event: args` in one pass over the bytes, doing what
// Analyzer.line would for it without a call per line from the splitter, the format dispatch, the
// head reset or the prefix test of an RCU event's arguments. It takes only the common shapes and
// reads them exactly as formats/ftrace.ts's parseTraceAt does (the first dash followed by digits,
// spaces and `[cpu]`; optional flags; seconds with a fraction); anything else — a header, a TGID
// column, a counter clock, a `console` event, a kprobe's `(symbol+off)`, arguments that start with
// a key prefix, a blank or overlong line — stops the loop and goes the general way. RCU
// tracepoints are handed to `rcu` with the head filled as the full parser fills it.
// test/unit/ftrace-skim.test.ts compares analyses with and without it.

import type { ByteIndexOf } from './lines';
import type { PrefixTrie } from './prefixes';
import type { LineTimes } from './lineTimes';
import type { Head } from './formats/head';
import { COLON, DASH, DOT, LBRACK, RBRACK, SP, TAB } from './formats/bytes';
import { isEventChar } from './formats/ftrace';

const HASH = 35, LPAREN = 40;
/** As formats/ftrace.ts: how far from the task's start its dash may be. */
const TASK_WINDOW = 32;
export const CONSOLE = [99, 111, 110, 115, 111, 108, 101];

/** An RCU tracepoint line, its head filled (kind 'trace', format 'ftrace'). */
type RcuLine = (h: Head, b: Uint8Array, lineNo: number) => void;
/** n more lines of an event only counted (see COUNTED). */
type CountLines = (event: string, n: number) => void;

/** The frequent tracepoints the kernel model only counts (kernel/collector.ts's first test): after
 * an event's first line in a skim, its lines are counted here and handed over in one call. */
const COUNTED = ['rcu_utilization', 'rcu_dyntick', 'rcu_segcb_stats', 'rcu_watching'];
/** What each of the WebAssembly loop's counts counts: COUNTED, then the rcu_grace_period lines it
 * only counts (their event word is one the kernel model skips: src/wasm/plainSkim.ts gpSkipped()). */
const COUNT_NAMES = [...COUNTED, 'rcu_grace_period'];
export const COUNTED_BYTES = COUNTED.map((w) => Uint8Array.from(w + ': ', (c) => c.charCodeAt(0)));
/** The same as little-endian 32-bit words (whole words only; the tail is compared by bytes). */
const COUNTED_WORDS = COUNTED_BYTES.map((w) => {
  const v = new DataView(w.buffer);
  return Array.from({ length: w.length >> 2 }, (_, k) => v.getUint32(4 * k, true));
});
const SPACES4 = 0x20202020;

/** EVENT_CHAR[c]: 1 for the bytes of an event name (the full parser's isEventChar), a table
 * because every line's name is walked byte by byte. */
export const EVENT_CHAR = Uint8Array.from({ length: 256 }, (_, c) => (isEventChar(c) ? 1 : 0));

/** The WebAssembly loop (wasmSkim.ts): the lines of this loop it is sure of, many at a time. */
export interface FtraceWasm {
  /** Take lines of b from s, none with a CR (see src/wasm/plainSkim.ts ftrace()); `armed` bit w:
   * COUNTED[w] is only counted. Returns how many; `next`, `last` and `counts` (per COUNT_NAMES
   * event) say the rest, and `heads` the `listed` RCU tracepoint lines among them, HEAD_SLOTS
   * numbers each (their offsets `offset` more than in b). */
  ftrace(b: Uint8Array, s: number, maxLine: number, armed: number): number;
  readonly next: number;
  readonly last: number;
  readonly counts: Int32Array;
  readonly listed: number;
  readonly heads: Float64Array;
  readonly offset: number;
}
/** A listed head: the line's index among those taken, cpu, pid, task start and end, event start
 * and end, arguments start and end, time, the counted event it arms or -1. */
export const HEAD_SLOTS = 12;

export class FtraceSkimmer {
  /** Lines taken by the last skim(). */
  taken = 0;
  private readonly counts = new Int32Array(COUNT_NAMES.length);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  constructor(
    private readonly idx: ByteIndexOf,
    private readonly maxLine: number,
    private readonly prefixes: PrefixTrie,
    private readonly times: LineTimes,
    private readonly h: Head,
    private readonly rcu: RcuLine,
    private readonly count: CountLines,
    /** Where WebAssembly runs: it takes what it is sure of first; null: this loop takes all. */
    private readonly wasm: FtraceWasm | null = null,
  ) {}

  /** Take lines of b from s (numbered from lineNo) while each is an ftrace event line the loop
   * is sure of; returns where the first line not taken starts. b has no CR before limit: as
   * PlainSkimmer.skim, this loop stops at a line ending there or later. */
  skim(b: Uint8Array, s: number, lineNo: number, limit: number): number {
    const idx = this.idx, max = this.maxLine, prefixes = this.prefixes, times = this.times, h = this.h;
    const counts = this.counts;
    counts.fill(-1); // -1: this event's first line in the skim goes to rcu(), to keep the counts' key order
    if (b !== this.viewOf) { this.view = new DataView(b.buffer, b.byteOffset, b.byteLength); this.viewOf = b; }
    const dv = this.view;
    let line = lineNo, e: number, last = NaN;
    const wasm = this.wasm;
    let wasmAfter = line;
    for (;;) {
      if (wasm !== null && line >= wasmAfter) {
        let armed = 0;
        for (let k = 0; k < counts.length; k++) if (counts[k]! >= 0) armed |= 1 << k;
        const n = wasm.ftrace(b, s, max, armed);
        if (n > 0) {
          // Its RCU tracepoint lines, in order, as this loop hands them over (below).
          const L = wasm.heads, off = wasm.offset;
          for (let j = 0, o = 0; j < wasm.listed; j++, o += HEAD_SLOTS) {
            // (offsets and small numbers as int32: read from a Float64Array they would be doubles,
            // and the head's fields, small integers everywhere else, would turn to doubles for all)
            h.kind = 'trace'; h.format = 'ftrace'; h.time = L[o + 9]!; h.cpu = int(L[o + 1]!); h.pid = int(L[o + 2]!);
            h.taskStart = (L[o + 3]! - off) | 0; h.taskEnd = (L[o + 4]! - off) | 0; h.eventStart = (L[o + 5]! - off) | 0;
            h.eventEnd = (L[o + 6]! - off) | 0; h.msgStart = (L[o + 7]! - off) | 0; h.msgEnd = (L[o + 8]! - off) | 0;
            this.rcu(h, b, line + (L[o]! | 0));
            const arms = L[o + 10]!;
            if (arms >= 0 && counts[arms]! < 0) counts[arms] = 0; // (a grace-period line is listed armed or not)
          }
          line += n;
          s = wasm.next;
          last = wasm.last;
          for (let k = 0; k < counts.length; k++) counts[k]! += wasm.counts[k]!;
        }
        // (the line it stopped at is this loop's; then it is asked again)
        wasmAfter = line + 1;
      }
      if ((e = idx(b, 10, s)) === -1 || e >= limit || e - s > max || e <= s) break;
      const c0 = b[s]!;
      if (c0 === HASH || c0 === 99) break; // a header, or maybe trace-cmd's `cpus=N`
      // The task: spaces (at most 32), then the first dash followed by a digit within the window.
      let p = s;
      const sp = s + 32 < e ? s + 32 : e;
      while (p + 4 <= sp && dv.getUint32(p, true) === SPACES4) p += 4; // the task is right-aligned: spaces four at a time
      while (p < sp && (b[p] === SP || b[p] === TAB)) p++;
      const task = p;
      const stop = p + TASK_WINDOW < e ? p + TASK_WINDOW : e;
      let d = p + 1;
      for (; d < stop; d++) {
        if (b[d] === DASH) { const x = b[d + 1]! - 48; if (x >= 0 && x <= 9) break; }
      }
      if (d >= stop) break;
      // pid, then 1..16 spaces, then `[cpu]` (a TGID column goes the general way).
      let k = d + 1, pid = 0, x = 0;
      while (k < e && (x = b[k]! - 48) >= 0 && x <= 9) { pid = pid * 10 + x; k++; }
      const pe = k;
      const ps = pe + 16 < e ? pe + 16 : e;
      while (k + 4 <= ps && dv.getUint32(k, true) === SPACES4) k += 4;
      while (k < ps && (b[k] === SP || b[k] === TAB)) k++;
      if (k === pe || b[k] !== LBRACK) break;
      k++;
      const cs = k;
      let cpu = 0;
      while (k < e && (x = b[k]! - 48) >= 0 && x <= 9) { cpu = cpu * 10 + x; k++; }
      if (k === cs || b[k] !== RBRACK) break;
      // Optional flags, then the time `sss.ffffff:`.
      k = spaces(b, k + 1, e, 8);
      let t = seconds(b, k, e);
      if (t === -2) break; // a counter clock (`nnnn:`): the general way
      if (t < 0) {
        let f = k;
        while (f < e && f - k < 8 && b[f] !== SP) f++;
        if (f === k || f - k >= 8) break;
        k = spaces(b, f, e, 16);
        t = seconds(b, k, e);
        if (t < 0) break;
      }
      const time = secondsValue[0]!;
      // The event: `name: ` (readEvent).
      const es = spaces(b, t, e, 8);
      const c = b[es + 4]!;
      const w = c === 117 ? 0 : c === 100 ? 1 : c === 115 ? 2 : c === 119 ? 3 : -1; // rcu_u, rcu_d, rcu_s, rcu_w (6.12's rcu_watching, once rcu_dyntick)
      if (w >= 0 && counts[w]! >= 0 && e - es >= COUNTED_BYTES[w]!.length && sameWords(dv, b, es, w)) {
        // Only counted: its arguments need no look (an RCU tracepoint's never open anything).
        last = time;
        counts[w]!++;
        line++;
        s = e + 1;
        continue;
      }
      const estop = es + 64 < e ? es + 64 : e;
      let q = es;
      while (q < estop && EVENT_CHAR[b[q]!] === 1) q++;
      if (q === es || q >= e || b[q] !== COLON || (q + 1 < e && b[q + 1] !== SP)) break;
      const a = spaces(b, q + 1, e, 32);
      if (b[es] === 114 && b[es + 1] === 99 && b[es + 2] === 117) { // rcu*: a tracepoint for the kernel model
        h.kind = 'trace'; h.format = 'ftrace'; h.time = time; h.cpu = cpu; h.pid = pid;
        h.taskStart = task; h.taskEnd = d; h.eventStart = es; h.eventEnd = q; h.msgStart = a; h.msgEnd = e;
        this.rcu(h, b, line);
        if (w >= 0 && counts[w]! < 0 && sameBytes(b, es, COUNTED_BYTES[w]!)) counts[w] = 0;
      } else {
        if (q - es === 7 && sameBytes(b, es, CONSOLE)) break; // printk text: a kernel record
        if (b[a] === LPAREN || prefixes.match(b, a, e) !== 0) break; // a kprobe, or a key prefix
      }
      last = time;
      line++;
      s = e + 1;
    }
    this.taken = line - lineNo;
    if (line > lineNo) times.set(line - 1, last); // the run's last line is all of it that is kept (lineTimes.ts)
    for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) this.count(COUNT_NAMES[k]!, counts[k]!);
    return s;
  }
}

/** v (a whole number) as an int32 where it is one, so that it stays a small integer to V8. */
function int(v: number): number {
  return v <= 0x3fffffff ? v | 0 : v;
}

/** The value seconds() read: a typed slot, as dmesgFast.ts's plainTime (a double kept in a module
 * variable is boxed, one heap number per line). */
const secondsValue = new Float64Array(1);

/** `digits.digits` followed by `:` at i, as bytes.ts readSeconds reads it (value in
 * secondsValue); the index after the colon, -2 for digits and a colon (a counter clock, which
 * readTraceTime takes without a time), or -1. */
function seconds(b: Uint8Array, i: number, end: number): number {
  let w = 0, n = 0, x = 0;
  while (i < end && (x = b[i]! - 48) >= 0 && x <= 9) { w = w * 10 + x; i++; n++; }
  if (n === 0) return -1;
  if (i >= end || b[i] !== DOT) return i < end && b[i] === COLON ? -2 : -1;
  i++;
  const s = i;
  // tracefs prints `%5lu.%06lu:`: six digits and the colon, read at fixed places (the value is the
  // loop's below, f / 1e6).
  if (i + 6 < end && b[i + 6] === COLON) {
    const d0 = b[i]! - 48, d1 = b[i + 1]! - 48, d2 = b[i + 2]! - 48, d3 = b[i + 3]! - 48, d4 = b[i + 4]! - 48, d5 = b[i + 5]! - 48;
    if (d0 >>> 0 <= 9 && d1 >>> 0 <= 9 && d2 >>> 0 <= 9 && d3 >>> 0 <= 9 && d4 >>> 0 <= 9 && d5 >>> 0 <= 9) {
      secondsValue[0] = w + (((((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4) * 10 + d5) / 1e6;
      return i + 7;
    }
  }
  let f = 0, scale = 1;
  while (i < end && (x = b[i]! - 48) >= 0 && x <= 9) {
    if (scale < 1e12) { f = f * 10 + x; scale *= 10; }
    i++;
  }
  if (i === s || i >= end || b[i] !== COLON) return -1;
  secondsValue[0] = w + f / scale;
  return i + 1;
}

function spaces(b: Uint8Array, i: number, end: number, max: number): number {
  const stop = i + max < end ? i + max : end;
  while (i < stop && (b[i] === SP || b[i] === TAB)) i++;
  return i;
}

/** b at i holds COUNTED_BYTES[w] (the caller checked that the line is long enough). */
function sameWords(dv: DataView, b: Uint8Array, i: number, w: number): boolean {
  const words = COUNTED_WORDS[w]!, bytes = COUNTED_BYTES[w]!;
  for (let k = 0; k < words.length; k++) if (dv.getUint32(i + 4 * k, true) !== words[k]) return false;
  for (let k = words.length * 4; k < bytes.length; k++) if (b[i + k] !== bytes[k]) return false;
  return true;
}

function sameBytes(b: Uint8Array, i: number, w: ArrayLike<number>): boolean {
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w[k]) return false;
  return true;
}
