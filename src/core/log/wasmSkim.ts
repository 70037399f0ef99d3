// The skim loops' WebAssembly half (src/wasm/plainSkim.ts, compiled into plainSkimWasm.ts):
// PlainSkimmer and FtraceSkimmer hand it runs of lines, and it takes those it is sure of many at a
// time (for ftrace, listing the RCU tracepoint heads it passes, for the kernel model). Its module
// reads only its own memory, so the bytes are copied in by windows (each byte about once); the
// prefix trie and the fixed tables are copied in once per instance. Where WebAssembly is missing
// or refused (a page whose policy forbids compiling it), create() says null and the JavaScript
// loops do it all.

import type { PrefixTrie } from './prefixes';
import { NOTICE_STARTS } from './formats/afterKernel';
import { CONSOLE, COUNTED_BYTES, EVENT_CHAR, HEAD_SLOTS, type FtraceWasm } from './ftraceSkim';
import { PLAIN_SKIM_WASM } from './plainSkimWasm';
import { GP_SKIPPED } from '../kernel/collector';
import { HEADER_FLAVORS, HEADER_KINDS, headerFlags, type ByteHeader } from '../stalls/headerBytes';
import { UNRELATED_TABLES } from '../stalls/unrelated';

const GP_NAME = Uint8Array.from('rcu_grace_period', (c) => c.charCodeAt(0));

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  skim(s: number, end: number): number;
  unrelated(m: number, e: number): number;
  ftrace(s: number, end: number, armed: number): number;
  header(m: number, e: number): number;
}

declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
declare function atob(s: string): string;

const PAGE = 65536;
/** Where the module leaves its results (src/wasm/plainSkim.ts RESULTS): next, last, indent. */
const RESULTS = PAGE - 64;
/** Where it finds what stays the same from call to call (CONFIG there). */
const CONFIG = PAGE - 192;
/** RCU tracepoint lines ftrace() lists per call (of HEAD_SLOTS f64 each). */
const MAX_HEADS = 2048;
/** Stall reports run() lists per call, and the bytes of each (src/wasm/plainSkim.ts REPORT_BYTES). */
const MAX_REPORTS = 1024;
const REPORT_BYTES = 24;
/** Bytes copied in at a time; a line longer than what is left of a window waits for the next one. */
const WINDOW = 256 * 1024;
/** The module's own data sits in the first page; what JavaScript puts in starts after it. */
const NOTICES = PAGE;             // dmesg notice words: a count, then each word's length and bytes; at +256 their first bytes
const EVENT_CHARS = PAGE + 512;   // ftraceSkim.ts EVENT_CHAR
const COUNTED_AT = PAGE + 768;    // ftraceSkim.ts COUNTED_BYTES, 32 bytes apart, then CONSOLE at +128
const COUNTS = PAGE + 960;        // four i32: what ftrace() counted
const ENDS = PAGE + 1024;         // the prefix trie's `ends`, then its `next`
/** What src/wasm/stallHeader.ts headerAt() writes (OUT_BYTES there, laid out there: the CPUs
 * from +24, 12 bytes each, the tasks' pids from +408); skim() gives each report listed its own,
 * one after another, so this is their stride too. */
const HEADER_OUT_BYTES = 536, HEADER_CPUS = 24, HEADER_TASKS = 408;

/** The compiled module, once (undefined: not tried yet; null: WebAssembly refused). */
let compiledModule: object | null | undefined;

function compiled(): object | null {
  if (compiledModule === undefined) {
    try {
      compiledModule = new WebAssembly.Module(Uint8Array.from(atob(PLAIN_SKIM_WASM), (c) => c.charCodeAt(0)));
    } catch {
      compiledModule = null;
    }
  }
  return compiledModule;
}

/** Instances by trie key: a new Analyzer with the usual prefixes (most of them) reuses one instead
 * of compiling the trie in again. Safe to share: run() is synchronous and rechecks its window. */
const byKey = new Map<string, WasmSkim>();
const MAX_KEPT = 4;

export class WasmSkim implements FtraceWasm {
  /** Set by run() and ftrace(): where the first line not taken starts, the last time and (run())
   * prefix width, (ftrace()) the lines of each counted event. */
  next = 0;
  last = NaN;
  indent = -1;
  readonly counts: Int32Array;
  /** ftrace(): the RCU tracepoint lines it listed (FtraceWasm), and what to subtract from an offset there. */
  listed = 0;
  readonly heads: Float64Array;
  offset = 0;
  /** run(): the stall reports it listed (src/wasm/plainSkim.ts skim()), each REPORT_BYTES: as f64
   * at 3k the header's time, as i32 at 6k + 2 its line's index among those taken, + 3 its kind
   * (reportHeader() reads the rest), + 4 the lines after it taken. */
  reports = 0;
  readonly report32: Int32Array;
  readonly report64: Float64Array;
  readonly mem: Uint8Array;
  private readonly res32: Int32Array;
  private readonly res64: Float64Array;
  private readonly config32: Int32Array;
  private readonly config64: Float64Array;
  private readonly nextAt: number;
  private readonly win: number;
  /** Where the module writes a stall header's fields (readHeader()). */
  readonly headerAt: number;
  /** The window: b[from, from + len) is at `win` in the module's memory. */
  private of: Uint8Array | null = null;
  private from = 0;
  private len = 0;

  private constructor(private readonly x: Exports, trie: PrefixTrie) {
    const t = trie.tables();
    this.nextAt = ENDS + ((t.nodes * 4 + 63) & ~63);
    this.win = this.nextAt + t.nodes * 1024;
    const headsAt = this.win + WINDOW + 128; // (up to 63 bytes past a window are read, never used)
    const reportsAt = headsAt + MAX_HEADS * HEAD_SLOTS * 8;
    this.headerAt = reportsAt + MAX_REPORTS * REPORT_BYTES;
    const gpAt = this.headerAt + MAX_REPORTS * HEADER_OUT_BYTES;
    const tablesAt = gpAt + 256; // unrelatedAt()'s tables (stalls/unrelated.ts UNRELATED_TABLES)
    const need = tablesAt + UNRELATED_TABLES.length + 128;
    const have = x.memory.buffer.byteLength;
    if (need > have) x.memory.grow(Math.ceil((need - have) / PAGE));
    this.mem = new Uint8Array(x.memory.buffer);
    new Int32Array(x.memory.buffer, ENDS, t.nodes).set(t.ends);
    new Int32Array(x.memory.buffer, this.nextAt, t.nodes * 256).set(t.next);
    let p = NOTICES;
    this.mem[p++] = NOTICE_STARTS.length;
    for (const w of NOTICE_STARTS) { this.mem[p++] = w.length; this.mem.set(w, p); p += w.length; this.mem[NOTICES + 256 + w[0]!] = 1; }
    this.mem.set(EVENT_CHAR, EVENT_CHARS);
    COUNTED_BYTES.forEach((w, k) => { this.mem[COUNTED_AT + 32 * k] = w.length; this.mem.set(w, COUNTED_AT + 32 * k + 1); });
    this.mem.set(CONSOLE, COUNTED_AT + 128);
    this.counts = new Int32Array(x.memory.buffer, COUNTS, 5);
    // `rcu_grace_period`, then the grace-period event words the kernel model skips.
    this.mem.set(GP_NAME, gpAt);
    p = gpAt + 16;
    this.mem[p++] = GP_SKIPPED.length;
    for (const w of GP_SKIPPED) { this.mem[p++] = w.length; for (let k = 0; k < w.length; k++) this.mem[p++] = w.charCodeAt(k); }
    this.mem.set(UNRELATED_TABLES, tablesAt);
    this.res32 = new Int32Array(x.memory.buffer, RESULTS, 8);
    this.res64 = new Float64Array(x.memory.buffer, RESULTS, 4);
    this.config32 = new Int32Array(x.memory.buffer, CONFIG, 32);
    this.config64 = new Float64Array(x.memory.buffer, CONFIG, 16);
    this.config32.set([this.nextAt, ENDS, NOTICES, EVENT_CHARS, COUNTED_AT, COUNTS, -1, headsAt, 0, 0, MAX_HEADS]);
    this.config32[12] = this.headerAt;
    this.config32[14] = reportsAt;
    this.config32[17] = MAX_REPORTS;
    this.config32[18] = gpAt;
    this.config32[11] = tablesAt;
    this.report32 = new Int32Array(x.memory.buffer, reportsAt, MAX_REPORTS * REPORT_BYTES / 4);
    this.report64 = new Float64Array(x.memory.buffer, reportsAt, MAX_REPORTS * REPORT_BYTES / 8);
    this.heads = new Float64Array(x.memory.buffer, headsAt, MAX_HEADS * HEAD_SLOTS);
  }

  /** A WasmSkim for the trie, or null where WebAssembly cannot run. It copies the trie's tables,
   * so the trie must be frozen (an unfrozen one gets null: the JavaScript loops read it live). */
  static create(trie: PrefixTrie): WasmSkim | null {
    if (!trie.frozen) return null;
    const kept = byKey.get(trie.key);
    if (kept !== undefined) return kept;
    const m = compiled();
    if (m === null) return null;
    let w: WasmSkim;
    try {
      w = new WasmSkim(new WebAssembly.Instance(m, {}).exports as Exports, trie);
    } catch {
      return null;
    }
    if (byKey.size >= MAX_KEPT) byKey.delete(byKey.keys().next().value!);
    byKey.set(trie.key, w);
    return w;
  }

  /**
   * Take lines of b from s for as long as the module is sure of each (see src/wasm/plainSkim.ts),
   * none with a CR, none with a time below floor and each at least the one before. Returns how many; `next`,
   * `last` and `indent` say the rest. With `bare` > 0 it also takes bare stall headers whose
   * message has only the prefix group `keyBit`, each with up to `bare` unrelated lines after it,
   * and lists them (`reports`).
   */
  run(b: Uint8Array, s: number, maxLine: number, floor: number, bare = 0, keyBit = 0): number {
    this.reports = 0;
    if (this.broken) return 0;
    const base = this.window(b, s), x = this.x;
    this.config32[6] = maxLine;
    this.config64[4] = floor;
    this.config32[15] = bare;
    this.config32[16] = keyBit;
    let n: number;
    try {
      n = x.skim(s + base, this.from + this.len + base);
    } catch {
      return this.break();
    }
    this.reports = this.res32[6]!;
    this.next = this.res32[0]! - base;
    if (n > 0) { this.last = this.res64[1]!; this.indent = this.res32[4]!; }
    return n;
  }

  /** ftraceSkim.ts's loop on the lines of b from s it is sure of (FtraceWasm). */
  ftrace(b: Uint8Array, s: number, maxLine: number, armed: number): number {
    if (this.broken) return 0;
    const base = this.window(b, s), x = this.x;
    this.config32[6] = maxLine;
    let n: number;
    try {
      n = x.ftrace(s + base, this.from + this.len + base, armed);
    } catch {
      return this.break();
    }
    this.next = this.res32[0]! - base;
    this.listed = this.res32[5]!;
    this.offset = base;
    if (n > 0) this.last = this.res64[1]!;
    return n;
  }

  /** The header of the k-th report run() listed, as stallHeader() reads it (headerAt() wrote it
   * at its own place; its flags point into the window, still there until the next run()). A
   * scratch object, valid until the next call. */
  reportHeader(k: number): ByteHeader {
    return readHeader(this.report32[k * (REPORT_BYTES / 4) + 3]!, this.mem, this.headerAt + k * HEADER_OUT_BYTES);
  }

  /** stallHeader(b, m, e) as the module reads it (for tests): b's bytes copied in by window(),
   * the result decoded by readHeader(). Like stallHeader()'s, it is valid until the next call. */
  header(b: Uint8Array, m: number, e: number): ByteHeader | null {
    const base = this.window(b, m);
    const kind = this.x.header(m + base, e + base);
    return kind === 0 ? null : readHeader(kind, this.mem, this.headerAt);
  }

  /** For tests: the module's unrelatedAt() on the message b[m, e) (stalls/unrelated.ts
   * unrelatedMessage()). The window holds b's bytes from 64 before m (as in skim(), where the
   * lines before are there; they must not count) to 64 after e (read, never used), or b's ends. */
  unrelated(b: Uint8Array, m: number, e: number): boolean {
    const s = Math.max(0, m - 64);
    if (e + 64 - s > WINDOW) throw new RangeError('unrelated: message longer than a window');
    let base = this.window(b, s);
    if (Math.min(e + 64, b.length) > this.from + this.len) { this.of = null; base = this.window(b, s); }
    return this.x.unrelated(m + base, e + base) === 1;
  }

  /** Copy in a fresh window unless this one holds s and a good stretch after it (or all of b
   * there is); returns what to add to an offset in b to find its byte in the module's memory. */
  private window(b: Uint8Array, s: number): number {
    const end = this.from + this.len;
    if (b !== this.of || s < this.from || (s + 4096 > end && end < b.length)) {
      this.len = Math.min(WINDOW, b.length - s);
      this.mem.set(b.subarray(s, s + this.len), this.win);
      this.of = b;
      this.from = s;
    }
    return this.win - this.from;
  }

  /** A trap (a bug here: nothing a log holds should cause one) ends this module's part for good:
   * nothing it did in the call was used, so the JavaScript loops go on from the same line. */
  private break(): number {
    this.broken = true;
    this.listed = 0;
    return 0;
  }

  private broken = false;

  /** Forget the window (b's bytes may change: the caller reuses its buffers). */
  forget(): void { this.of = null; }
}

const HEADER: ByteHeader = { kind: 'cpu-stall', flavor: '', cpus: [], tasks: [], jiffies: null };
const F64 = new Float64Array(1), F64_BYTES = new Uint8Array(F64.buffer);
/** readHeader()'s result for an expedited header, and its tasks' pids. */
const EXPEDITED: ByteHeader = { kind: 'expedited', flavor: '', cpus: [], tasks: [], jiffies: null };
const EXPEDITED_PIDS: number[] = [];

function i32At(mem: Uint8Array, p: number): number {
  return mem[p]! | (mem[p + 1]! << 8) | (mem[p + 2]! << 16) | (mem[p + 3]! << 24);
}

/**
 * The ByteHeader stallHeader() gives for a header the module took: `kind` is what it returned
 * (1 to 3), `mem` its memory and `out` where it wrote the rest (src/wasm/stallHeader.ts says how;
 * the flags' offsets there are in `mem`, so the line's bytes must still be where they were).
 * The result is a scratch object, valid until the next call.
 */
function readHeader(kind: number, mem: Uint8Array, out: number): ByteHeader {
  const flavor = HEADER_FLAVORS[i32At(mem, out)]!;
  if (kind !== 3) {
    const h = HEADER; // (its lists stay empty)
    h.kind = HEADER_KINDS[kind - 1]!;
    h.flavor = flavor;
    return h;
  }
  const h = EXPEDITED;
  for (let k = 0; k < 8; k++) F64_BYTES[k] = mem[out + 16 + k]!; // (little-endian, as the views above)
  h.jiffies = F64[0]!;
  // A storm repeats its `{ }` list from report to report: the last one's is kept while it is the same.
  if (h.flavor === flavor && sameList(mem, out)) return h;
  h.flavor = flavor;
  const cpus = i32At(mem, out + 4), tasks = i32At(mem, out + 8);
  h.cpus = [];
  h.tasks = [];
  for (let c = 0, p = out + HEADER_CPUS; c < cpus; c++, p += 12) {
    const f0 = i32At(mem, p + 4), n = i32At(mem, p + 8);
    h.cpus.push({ cpu: i32At(mem, p), flags: n === 0 ? null : headerFlags(mem, f0, f0 + n) });
  }
  EXPEDITED_PIDS.length = 0;
  for (let t = 0; t < tasks; t++) {
    const pid = i32At(mem, out + HEADER_TASKS + 4 * t);
    EXPEDITED_PIDS.push(pid);
    h.tasks.push(`P${pid}`);
  }
  return h;
}

/** The `{ }` list at `out` is EXPEDITED's: the same CPUs with the same flag bytes, the same pids. */
function sameList(mem: Uint8Array, out: number): boolean {
  const h = EXPEDITED, cpus = i32At(mem, out + 4), tasks = i32At(mem, out + 8);
  if (h.cpus.length !== cpus || EXPEDITED_PIDS.length !== tasks) return false;
  for (let c = 0, p = out + HEADER_CPUS; c < cpus; c++, p += 12) {
    const x = h.cpus[c]!, f0 = i32At(mem, p + 4), n = i32At(mem, p + 8);
    if (x.cpu !== i32At(mem, p)) return false;
    const f = x.flags;
    if (n === 0 ? f !== null : f === null || f.length !== n) return false;
    for (let k = 0; k < n; k++) if (f!.charCodeAt(k) !== mem[f0 + k]) return false;
  }
  for (let t = 0; t < tasks; t++) if (EXPEDITED_PIDS[t] !== i32At(mem, out + HEADER_TASKS + 4 * t)) return false;
  return true;
}
