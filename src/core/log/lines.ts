// Bytes to lines, streaming. Chunks of any size go in; each complete line comes out as a byte
// range of a buffer, with its 1-based number and the byte offset of its first byte in the input.
//
// Line breaks are the editor's: LF, CRLF and a lone CR all end a line, so line numbers agree
// with VS Code's (a CLI `FILE:LINE` and a diagnostic point at the same line). Lines longer than
// maxLine bytes are cut to their first maxLine bytes (the rest is counted, not kept), so a 200 kB
// line of junk costs nothing more than its scan. Complete lines are handed out as ranges of the
// caller's chunk (no copy); only a line that straddles two chunks is copied.

export interface LineSink {
  /**
   * One line: b[start, end) without its line break. `length` is the line's true byte length
   * (larger than end - start when the line was cut at maxLine).
   */
  line(b: Uint8Array, start: number, end: number, lineNo: number, offset: number, length: number): void;
  /**
   * Optional bulk path, for sinks that can do a common line's work in their own loop cheaper than
   * a line() call each: take the LF-ended lines of b from `start` (the first numbered lineNo) for
   * as long as each is one the sink needs no line() for, none longer than maxLine and none with a
   * CR; set `skimmed` to how many were taken and return where the first line not taken starts.
   * b has no CR before `limit` (the splitter searches for CR only as far as it needs): a line
   * whose LF is at or past it may be taken only by a loop that finds its CRs itself.
   */
  skim?(b: Uint8Array, start: number, lineNo: number, limit: number): number;
  skimmed?: number;
}

/** Something that finds a byte in a buffer. Node's Buffer#indexOf (memchr) beats the generic one. */
export type ByteIndexOf = (b: Uint8Array, byte: number, from: number) => number;

const genericIndexOf: ByteIndexOf = (b, byte, from) => b.indexOf(byte, from);

/** The first CR search's window, and the largest it doubles to (see push). */
const CR_WINDOW = 4096;
const CR_WINDOW_MAX = 1 << 20;

interface SplitterOptions {
  maxLine?: number;
  indexOf?: ByteIndexOf;
}

export class LineSplitter {
  lines = 0;
  bytes = 0;
  /** The input did not end with a line break (a file cut off mid-line). */
  unterminated = false;
  /** Lines cut at maxLine. */
  longLines = 0;

  readonly maxLine: number;
  /** The newline search in use (the caller's, or the generic one): skim loops use the same. */
  readonly indexOf: ByteIndexOf;
  private carry: Uint8Array;
  private carryLen = 0;      // bytes kept in carry
  private carryTrue = 0;     // true length of the pending partial line
  private carryOffset = 0;   // input offset of the pending partial line
  private pendingCR = false; // the previous chunk ended with CR: a LF at the next start belongs to it

  constructor(private readonly sink: LineSink, opts: SplitterOptions = {}) {
    this.maxLine = opts.maxLine ?? 64 * 1024;
    this.indexOf = opts.indexOf ?? genericIndexOf;
    this.carry = new Uint8Array(256);
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    const base = this.bytes;   // input offset of chunk[0]
    this.bytes += n;
    let s = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === 10) s = 1; // the LF of a CRLF split across chunks
    }
    const idx = this.indexOf;
    // No CR in chunk[s, clear). A CR is searched for a window at a time, only where a line the
    // splitter handles needs it: the skim loops' lines have none (the WebAssembly loops stop at a
    // CR), and searching each whole chunk first cost a third of a plain log's analysis with the
    // generic byte search. From a line with a CR on, BreakFinder does the rest of the chunk.
    let clear = s;
    // First, finish a line carried over from the previous chunk.
    if (this.carryTrue > 0 || this.carryPending) {
      const lf = idx(chunk, 10, s);
      const cr = this.findCR(chunk, s, lf === -1 ? n : lf);
      const e = cr === -1 ? lf : cr;
      if (e === -1) { this.append(chunk, s, n); return; }
      this.append(chunk, s, e);
      this.emitCarry();
      s = this.after(chunk, e);
      if (s < 0) return; // chunk ended with CR: pendingCR set
      if (cr !== -1) { this.breaks(chunk, s, base); return; }
      clear = s;
    }
    const sink = this.sink, max = this.maxLine;
    const skim = sink.skim !== undefined;
    let e: number, win = CR_WINDOW;
    if (skim) {
      // A first window before the skim loops: in a CRLF file they would stop at once, and the
      // WebAssembly one copy its bytes in for nothing.
      const to = Math.min(n, clear + win);
      if (this.findCR(chunk, clear, to) !== -1) { this.breaks(chunk, s, base); return; }
      clear = to;
      win *= 2;
    }
    for (;;) {
      if (skim) {
        s = sink.skim!(chunk, s, this.lines + 1, clear);
        const k = sink.skimmed!;
        if (k > 0) {
          this.lines += k;
          if (s > clear) { clear = s; win = CR_WINDOW; }
        }
      }
      if ((e = idx(chunk, 10, s)) === -1 || e >= clear) {
        // chunk[s, e] (or the rest of it) must have no CR. The window doubles while the skim loop
        // takes nothing past it (with no skim, it soon spans whole chunks).
        const to = Math.min(n, Math.max(e === -1 ? n : e + 1, clear + win));
        if (this.findCR(chunk, clear, to) !== -1) { this.breaks(chunk, s, base); return; }
        clear = to;
        if (win < CR_WINDOW_MAX) win *= 2;
        if (e === -1) break;
      }
      const len = e - s;
      this.lines++;
      if (len > max) { this.longLines++; sink.line(chunk, s, s + max, this.lines, base + s, len); }
      else sink.line(chunk, s, e, this.lines, base + s, len);
      s = e + 1;
    }
    this.rest(chunk, s, base);
  }

  /** The lines of chunk from s on, ended by LF, CRLF or CR. */
  private breaks(chunk: Uint8Array, s: number, base: number): void {
    const sink = this.sink, max = this.maxLine;
    const breaks = new BreakFinder(chunk, this.indexOf);
    let e: number;
    while ((e = breaks.next(s)) !== -1) {
      const len = e - s;
      this.lines++;
      if (len > max) { this.longLines++; sink.line(chunk, s, s + max, this.lines, base + s, len); }
      else sink.line(chunk, s, e, this.lines, base + s, len);
      s = this.after(chunk, e);
      if (s < 0) return;
    }
    this.rest(chunk, s, base);
  }

  /** Keep chunk[s, n), a line with no break yet. */
  private rest(chunk: Uint8Array, s: number, base: number): void {
    if (s < chunk.length) {
      this.carryOffset = base + s;
      this.carryPending = true;
      this.append(chunk, s, chunk.length);
    }
  }

  /** The first CR in chunk[from, to), or -1. */
  private findCR(chunk: Uint8Array, from: number, to: number): number {
    if (from >= to) return -1;
    const i = this.indexOf(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to), 13, 0);
    return i === -1 ? -1 : from + i;
  }

  /** Flush the last line when the input does not end with a line break. */
  end(): void {
    if (this.carryTrue > 0 || this.carryPending) {
      this.unterminated = true;
      this.emitCarry();
    }
  }

  private carryPending = false;

  /** Index after the line break at e; -1 when the chunk ends right after a CR (pendingCR). */
  private after(chunk: Uint8Array, e: number): number {
    if (chunk[e] === 13) {
      if (e + 1 === chunk.length) { this.pendingCR = true; return -1; }
      if (chunk[e + 1] === 10) return e + 2;
    }
    return e + 1;
  }

  private append(chunk: Uint8Array, s: number, e: number): void {
    if (!this.carryPending) { this.carryPending = true; this.carryOffset = this.bytes - chunk.length + s; }
    const len = e - s;
    this.carryTrue += len;
    const room = this.maxLine - this.carryLen;
    const take = len < room ? len : room;
    if (take <= 0) return;
    if (this.carryLen + take > this.carry.length) {
      let size = this.carry.length * 2;
      while (size < this.carryLen + take) size *= 2;
      const next = new Uint8Array(Math.min(size, this.maxLine));
      next.set(this.carry.subarray(0, this.carryLen));
      this.carry = next;
    }
    this.carry.set(chunk.subarray(s, s + take), this.carryLen);
    this.carryLen += take;
  }

  private emitCarry(): void {
    this.lines++;
    if (this.carryTrue > this.maxLine) this.longLines++;
    this.sink.line(this.carry, 0, this.carryLen, this.lines, this.carryOffset, this.carryTrue);
    this.carryLen = 0;
    this.carryTrue = 0;
    this.carryPending = false;
  }
}

/** Finds the next LF or CR, remembering the next of each so a chunk is scanned once (a lone CR
 * far ahead must not be searched for again at every line). */
class BreakFinder {
  private lf = -2;
  private cr = -2;
  constructor(private readonly b: Uint8Array, private readonly idx: ByteIndexOf) {}
  next(s: number): number {
    if (this.lf !== -1 && this.lf < s) this.lf = this.idx(this.b, 10, s);
    if (this.cr !== -1 && this.cr < s) this.cr = this.idx(this.b, 13, s);
    const lf = this.lf, cr = this.cr;
    if (cr === -1) return lf;
    if (lf === -1) return cr;
    return cr < lf ? cr : lf;
  }
}

/** Split a whole buffer (or string) at once: convenience for tests and small documents. */
export function splitAll(input: Uint8Array | string, sink: LineSink, opts?: SplitterOptions): LineSplitter {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const sp = new LineSplitter(sink, opts);
  sp.push(bytes);
  sp.end();
  return sp;
}
