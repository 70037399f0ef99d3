// The analyzer's own loop over runs of plain dmesg lines that cannot matter (most lines of a big
// log): it finds line ends itself and does for each line what Analyzer.line's fast path would,
// without a call per line from the splitter. The kernel's `[%5lu.%06lu] ` stamp is read inline
// (as plainDmesg's first branch reads it, but with word loads: the seconds change every few
// hundred lines, so they are parsed only when their bytes change, and the six fraction digits
// are checked and summed four and two at a time); other lines go to plainDmesg. It stops at the first
// line it is not sure of, which then goes the general way. test/unit/analyze.test.ts compares
// analyses with and without it.

import type { ByteIndexOf } from './lines';
import type { PrefixTrie } from './prefixes';
import type { LineTimes } from './lineTimes';
import type { BootTracker } from './boots';
import { plainDmesg, plainMessage, plainTime } from './formats/dmesgFast';
import { DOT, LBRACK, RBRACK, SP } from './formats/bytes';
import type { WasmSkim } from './wasmSkim';
import type { ByteHeader } from '../stalls/headerBytes';

/** Lines this loop takes on its own after the WebAssembly loop refused one. */
const WASM_BACKOFF = 16;

/** Someone who must see plain lines while `watching` (the stall collector, while a report is
 * open): `accepts` says, before the line is taken, whether it can be handled without its text;
 * `took` is told once it is, with its boot. A line it does not accept goes the general way. */
export interface PlainWatcher {
  readonly watching: boolean;
  accepts(b: Uint8Array, m: number, e: number): boolean;
  took(lineNo: number, boot: number): void;
  /** Stall storms in the WebAssembly loop: it also takes a bare stall header (whose prefix group
   * is `keyBit` alone) while not watching, and then up to `reportLines` lines it accepts, and
   * lists them; each is told here, in order, with how many lines after its header were taken. */
  readonly reportLines: number;
  readonly keyBit: number;
  report(lineNo: number, boot: number, time: number, h: ByteHeader, after: number): void;
}

export class PlainSkimmer {
  /** Lines taken by the last skim(). */
  taken = 0;
  /** Prefix width of the last line taken (the parser's prevIndent). */
  indent = -1;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;
  /** The last seconds field read: its first four bytes, fifth byte and value. */
  private secBytes = -1;
  private secLast = -1;
  private secValue = -1;

  constructor(
    private readonly idx: ByteIndexOf,
    private readonly maxLine: number,
    private readonly prefixes: PrefixTrie,
    private readonly times: LineTimes,
    private readonly boots: BootTracker,
    /** Sees the lines taken while it is watching (see PlainWatcher). */
    private readonly watcher: PlainWatcher | null = null,
    /** The WebAssembly loop (wasmSkim.ts), where it can run; null: this loop takes every line. */
    private readonly wasm: WasmSkim | null = null,
  ) {}

  /** Take lines of b from s (numbered from lineNo) while each is a plain dmesg line with no
   * prefix of interest; returns where the first line not taken starts. b has no CR before limit
   * (lines.ts LineSink.skim): this loop stops at a line ending there or later, the WebAssembly
   * one at a line with a CR. */
  skim(b: Uint8Array, s: number, lineNo: number, limit: number): number {
    const idx = this.idx, max = this.maxLine, prefixes = this.prefixes, times = this.times, boots = this.boots, watcher = this.watcher;
    if (b !== this.viewOf) { this.view = new DataView(b.buffer, b.byteOffset, b.byteLength); this.viewOf = b; }
    const dv = this.view;
    let line = lineNo, e: number, m: number, t: number, last = NaN;
    // Watching can only stop during a skim (taking lines ends reports, never opens one): asked
    // again only after a line it took, so plain logs pay nothing per line for it.
    let watched = watcher !== null && watcher.watching;
    const wasm = this.wasm;
    let wasmAfter = line; // try the WebAssembly loop from this line on
    for (;;) {
      if (wasm !== null && !watched && line >= wasmAfter) {
        // Runs of the common lines go many at a time; the line it stops at is this loop's (it may
        // take it: a jump back, a stamp of another width), and after a refusal it waits a while.
        const n = watcher === null ? wasm.run(b, s, max, boots.floor) : wasm.run(b, s, max, boots.floor, watcher.reportLines, watcher.keyBit);
        if (n > 0) {
          if (wasm.reports > 0) {
            reports(wasm, watcher!, line, boots.index);
            watched = watcher!.watching; // (the last report may still be open)
          }
          line += n;
          s = wasm.next;
          last = wasm.last;
          this.indent = wasm.indent;
          boots.rose(line - 1, last);
        } else wasmAfter = line + WASM_BACKOFF;
      }
      if ((e = idx(b, 10, s)) === -1 || e >= limit || e - s > max) break;
      // e - s > 15: the word loads below stay inside the line (and a shorter line has no message).
      const w = e - s > 15 && b[s] === LBRACK && b[s + 6] === DOT && b[s + 13] === RBRACK && b[s + 14] === SP ? this.seconds(dv, b, s + 1) : -1;
      const f = w >= 0 ? micros6(dv, s + 7) : -1;
      if (f >= 0) {
        m = plainMessage(b, s + 15, e);
        t = w + f / 1e6;
      } else {
        m = plainDmesg(b, s, e);
        t = plainTime[0]!;
      }
      if (m < 0 || prefixes.match(b, m, e) !== 0) break;
      if (watched && !watcher!.accepts(b, m, e)) break;
      if (!boots.rising(line, t)) {
        // A jump back may end a boot here: the lines on either side are boot bounds (lineTimes.ts).
        if (line > lineNo) times.set(line - 1, last);
        times.set(line, t);
        boots.time(line, t, 'kernel');
      }
      last = t;
      if (watched) { watcher!.took(line, boots.index); watched = watcher!.watching; }
      this.indent = m - s;
      line++;
      s = e + 1;
    }
    this.taken = line - lineNo;
    if (line > lineNo) times.set(line - 1, last); // the run's last line is all of it that is kept (lineTimes.ts)
    return s;
  }

  /** A new chunk: its bytes are not the last one's, even in the same buffer. */
  newChunk(): void { this.wasm?.forget(); }

  /** seconds5 at i, remembered while its five bytes stay the same. */
  private seconds(dv: DataView, b: Uint8Array, i: number): number {
    const p = dv.getUint32(i, true), c = b[i + 4]!;
    if (p !== this.secBytes || c !== this.secLast) {
      this.secBytes = p;
      this.secLast = c;
      this.secValue = seconds5(b, i);
    }
    return this.secValue;
  }
}

/** Tell the watcher the stall reports the WebAssembly loop listed in a run from line0. */
function reports(wasm: WasmSkim, watcher: PlainWatcher, line0: number, boot: number): void {
  const r32 = wasm.report32, r64 = wasm.report64;
  for (let k = 0; k < wasm.reports; k++) {
    const o = k * 6;
    watcher.report(line0 + r32[o + 2]!, boot, r64[k * 3]!, wasm.reportHeader(k), r32[o + 4]!);
  }
}

/** `%5lu` at i: up to four spaces, then digits to i + 5; -1 otherwise. */
function seconds5(b: Uint8Array, i: number): number {
  let k = i;
  const end = i + 5;
  while (k < end - 1 && b[k] === SP) k++;
  let w = 0;
  for (; k < end; k++) {
    const d = b[k]! - 48;
    if (d >>> 0 > 9) return -1;
    w = w * 10 + d;
  }
  return w;
}

/** `%06lu` at i: six digits; -1 otherwise. A byte is a digit when its high nibble is 3 and
 * stays 3 after adding 6 (0x30-0x39). Both tests must hold for every byte: OR-ing them would
 * take 0x2a-0x2f (`*+,-./`) and 0x1a-0x1f, whose nibble becomes 3 only after the addition. Once
 * every high nibble is 3 the addition cannot carry out of a byte (0x3f + 6 = 0x45). */
function micros6(dv: DataView, i: number): number {
  const x = dv.getUint32(i, true), y = dv.getUint16(i + 4, true);
  if ((x & 0xf0f0f0f0) !== 0x30303030 || ((x + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) return -1;
  if ((y & 0xf0f0) !== 0x3030 || ((y + 0x0606) & 0xf0f0) !== 0x3030) return -1;
  const d = x - 0x30303030, z = y - 0x3030; // digit values, first digit in the low byte
  const pairs = (d * 10 + (d >>> 8)) & 0x00ff00ff; // first two digits in byte 0, next two in byte 2
  return ((pairs & 0xff) * 100 + (pairs >>> 16)) * 100 + (z & 0xff) * 10 + (z >>> 8);
}
