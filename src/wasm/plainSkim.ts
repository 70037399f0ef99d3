// AssemblyScript, not part of the TypeScript program (tsconfig, ESLint and deps-check leave
// src/wasm out; `npm run build:wasm` compiles it into src/core/log/plainSkimWasm.ts). The skim
// loops of src/core/log/plainSkim.ts (plain dmesg lines) and ftraceSkim.ts (trace event lines),
// compiled to WebAssembly: the same tests for each line, on bytes the caller has copied into this
// module's memory, with SIMD for the newline search (64 bytes at a time, one bit per byte). They
// take only lines the JavaScript loops would take the same way and stop at the first line they
// are not sure of; the JavaScript loops go on from there, so a line refused here costs only
// speed, never a different analysis.

import { unrelatedAt } from './unrelated';
import { headerAt, OUT_BYTES } from './stallHeader';
import { isDigit } from './bytes';

// Bytes
const LF: u8 = 10, CR: u8 = 13, SP: u8 = 32, TAB: u8 = 9, LBRACK: u8 = 91, RBRACK: u8 = 93, DOT: u8 = 46, ESC: u8 = 27, DASH: u8 = 45;
const MAX_SPACES: i32 = 16;

/** Where skim() and ftrace() leave what they say besides a count, for JavaScript to read: at +0
 * (i32) where the first line not taken starts, at +8 (f64) the last time taken, at +16 (i32)
 * skim()'s last prefix width. (Memory, not exported getters: a call each would cost more.) */
const RESULTS: i32 = 65536 - 64;
/** What stays the same from call to call, set once by JavaScript (a call with few arguments is
 * much cheaper to make): i32 at +0 the prefix trie's `next`, +4 its `ends`, +8 the notice words,
 * +12 the event-name bytes, +16 the counted events, +20 the counts, +24 maxLine, +28 the heads
 * list, +40 its room; f64 at +32 the time floor of the next skim(); i32 at +44 the unrelated-line
 * tables (unrelated.ts), +48 where headerAt() writes (stallHeader.ts; skim() gives each report
 * listed its own OUT_BYTES there), +56 skim()'s list of stall
 * reports, +60 the lines after a bare stall header that end its report (0: headers are not taken
 * here), +64 the trie group bit of the key prefixes, +68 the list's room, +72 `rcu_grace_period`
 * then (16 bytes on) the event words the kernel model skips (ftrace()). */
const CONFIG: i32 = 65536 - 192;

/** Bit k set when byte blk + k is LF or CR, for the 64 bytes at blk (blk may lie before what was
 * copied in, and its end past it: the caller masks what it does not own). A CR ends the loops
 * (a line with one is the splitter's, lines.ts): no CR search is made before them. */
@inline function breakMask(blk: i32): u64 {
  const lf = i8x16.splat(LF), cr = i8x16.splat(CR);
  let v = v128.load(blk);
  const a = <u64>i8x16.bitmask(v128.or(i8x16.eq(v, lf), i8x16.eq(v, cr)));
  v = v128.load(blk, 16);
  const b = <u64>i8x16.bitmask(v128.or(i8x16.eq(v, lf), i8x16.eq(v, cr)));
  v = v128.load(blk, 32);
  const c = <u64>i8x16.bitmask(v128.or(i8x16.eq(v, lf), i8x16.eq(v, cr)));
  v = v128.load(blk, 48);
  const d = <u64>i8x16.bitmask(v128.or(i8x16.eq(v, lf), i8x16.eq(v, cr)));
  return a | (b << 16) | (c << 32) | (d << 48);
}

/** `%5lu` at i: up to four spaces, then digits to i + 5; -1 otherwise. */
@inline function seconds5(i: i32): i32 {
  let k = i;
  const end = i + 5;
  while (k < end - 1 && load<u8>(k) === SP) k++;
  let w = 0;
  for (; k < end; k++) {
    const d = <i32>load<u8>(k) - 48;
    if (<u32>d > 9) return -1;
    w = w * 10 + d;
  }
  return w;
}

/** `%06lu` at i: six digits; -1 otherwise (plainSkim.ts micros6, the same word tests). */
@inline function micros6(i: i32): i32 {
  const x = load<u32>(i), y = <u32>load<u16>(i + 4);
  if ((x & 0xf0f0f0f0) !== 0x30303030 || ((x + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) return -1;
  if ((y & 0xf0f0) !== 0x3030 || ((y + 0x0606) & 0xf0f0) !== 0x3030) return -1;
  const d = x - 0x30303030, z = y - 0x3030;
  const pairs = (d * 10 + (d >>> 8)) & 0x00ff00ff;
  return <i32>(((pairs & 0xff) * 100 + (pairs >>> 16)) * 100 + (z & 0xff) * 10 + (z >>> 8));
}

/** b[k, e) starts with the n bytes at lit. */
@inline function startsWith(k: i32, e: i32, lit: i32, n: i32): bool {
  if (e - k < n) return false;
  for (let j = 0; j < n; j++) if (load<u8>(k + j) !== load<u8>(lit + j)) return false;
  return true;
}

/** dmesgFast.ts plainMessage for a message at m of a line ending at e: m, or -1. Its test of
 * b[m + 8] may read past the line: a line whose m + 8 lies past what was copied here (`end`) is
 * left to JavaScript. `notices` holds the notice words: a count, then for each its length and bytes. */
@inline function plainMessage(m: i32, e: i32, end: i32, notices: i32): i32 {
  if (m + 8 >= end) return -1;
  let k = m;
  while (load<u8>(k) === SP || load<u8>(k) === TAB) if (++k - m > MAX_SPACES) return -1;
  const c = load<u8>(k);
  if (c === LBRACK || c === ESC || load<u8>(m) === ESC || c === DASH || load<u8>(m + 8) === DASH) return -1;
  if (k >= e) return -1;
  if (load<u8>(notices + 256 + <i32>c) === 0) return m; // no notice word starts with c
  const count = <i32>load<u8>(notices);
  let p = notices + 1;
  for (let n = 0; n < count; n++) {
    const len = <i32>load<u8>(p);
    if (c === load<u8>(p + 1) && startsWith(k, e, p + 1, len)) return -1;
    p += 1 + len;
  }
  return m;
}

/** prefixes.ts PrefixTrie.match: the groups of the prefixes b[i, end) starts with. */
@inline function trieMatch(i: i32, end: i32, next: i32, ends: i32): i32 {
  let n = 0, found = 0;
  while (i < end) {
    n = load<i32>(next + (((n << 8) | <i32>load<u8>(i)) << 2));
    if (n === 0) break;
    found |= load<i32>(ends + (n << 2));
    i++;
  }
  return found;
}

/** A stall report skim() took: f64 its header's time, i32 at +8 the header's index among the
 * lines taken, +12 headerAt()'s kind, +16 how many lines after the header it took (all unrelated
 * to the report). headerAt() wrote the rest at `hout` + its index × OUT_BYTES. */
const REPORT_BYTES: i32 = 24;

/**
 * Take lines from s while each ends before `end` (a complete line), is no longer than maxLine, has
 * the kernel's fixed stamp, a message plainMessage takes, no prefix of interest, and a time at
 * least `minTime` (CONFIG) and at least the previous line's. Returns how many; RESULTS says where
 * the next line starts, the last time and its prefix width.
 *
 * Stall storms: with `bare` (CONFIG) set, a line whose only prefix group is the key prefixes'
 * and whose message is a bare stall header (headerAt) is taken too and listed at `reports`, and
 * the `bare` lines after it are taken only when unrelatedAt() says the report cannot use them
 * (the collector then closes it: its Stall is made from the list, collector.ts pushBareReport).
 * Another header inside those lines stops the loop. RESULTS +24 says how many were listed; the
 * last may have taken fewer than `bare` lines.
 */
export function skim(s: i32, end: i32): i32 {
  const next = load<i32>(CONFIG), ends = load<i32>(CONFIG, 4), notices = load<i32>(CONFIG, 8);
  const maxLine = load<i32>(CONFIG, 24), minTime = load<f64>(CONFIG, 32);
  const tables = load<i32>(CONFIG, 44), hout = load<i32>(CONFIG, 48), reports = load<i32>(CONFIG, 56);
  const bare = load<i32>(CONFIG, 60), keyBit = load<i32>(CONFIG, 64), maxReports = load<i32>(CONFIG, 68);
  let watch = 0, listed = 0;
  let taken = 0, indent = -1;
  let secKey: u64 = 0xffffffffffffffff, secVal = -1;
  // Times as integer microseconds: w + f / 1e6 rises exactly when w * 1e6 + f does (no two such
  // doubles below 1e5 s round to one), so only the first line's time is divided and compared.
  let prev: i64 = -1, lastW = 0, lastF = 0;
  let blk = s & ~63;
  let mask = breakMask(blk) & (0xffffffffffffffff << <u64>(s - blk));
  for (;;) {
    while (mask === 0) {
      blk += 64;
      if (blk >= end) break;
      mask = breakMask(blk);
    }
    if (mask === 0) break;
    const e = blk + <i32>ctz(mask);
    mask &= mask - 1;
    if (e >= end || e - s > maxLine || load<u8>(e) !== LF) break;
    if (!(e - s > 15 && load<u8>(s) === LBRACK && load<u8>(s + 6) === DOT && load<u8>(s + 13) === RBRACK && load<u8>(s + 14) === SP)) break;
    // The seconds change every few hundred lines: parsed only when their five bytes do.
    const key = <u64>load<u32>(s + 1) | (<u64>load<u8>(s + 5) << 32);
    if (key !== secKey) { secKey = key; secVal = seconds5(s + 1); }
    const w = secVal;
    if (w < 0) break;
    const f = micros6(s + 7);
    if (f < 0) break;
    const m = plainMessage(s + 15, e, end, notices);
    if (m < 0) break;
    const hit = trieMatch(m, e, next, ends);
    let kind = 0;
    if (hit !== 0) {
      if (hit !== keyBit || bare === 0 || watch > 0 || listed === maxReports) break;
      kind = headerAt(m, e, hout + listed * OUT_BYTES);
      if (kind === 0) break;
    } else if (watch > 0 && !unrelatedAt(m, e, tables)) break;
    const us = <i64>w * 1000000 + <i64>f;
    if (prev < 0) { if (!(<f64>w + <f64>f / 1e6 >= minTime)) break; } else if (us < prev) break;
    if (kind !== 0) {
      const r = reports + listed * REPORT_BYTES;
      store<f64>(r, <f64>w + <f64>f / 1e6);
      store<i32>(r, taken, 8);
      store<i32>(r, kind, 12);
      store<i32>(r, 0, 16);
      listed++;
      watch = bare;
    } else if (watch > 0) {
      const r = reports + (listed - 1) * REPORT_BYTES + 16;
      store<i32>(r, load<i32>(r) + 1);
      watch--;
    }
    prev = us;
    lastW = w;
    lastF = f;
    indent = m - s;
    taken++;
    s = e + 1;
  }
  store<i32>(RESULTS, listed, 24);
  store<i32>(RESULTS, s);
  if (taken > 0) { store<f64>(RESULTS, <f64>lastW + <f64>lastF / 1e6, 8); store<i32>(RESULTS, indent, 16); }
  return taken;
}

/** unrelatedAt() with the tables CONFIG names, for tests: 1 when the message [m, e) is unrelated. */
export function unrelated(m: i32, e: i32): i32 {
  return unrelatedAt(m, e, load<i32>(CONFIG, 44)) ? 1 : 0;
}

// --- ftrace -------------------------------------------------------------------------------------
// The ftrace skim loop of src/core/log/ftraceSkim.ts, line for line. It takes event lines whose
// head it reads in its common shapes: an RCU tracepoint's line is listed with its head (at
// `heads`, for JavaScript to hand to the kernel model in order, after the call), a counted event's
// line is counted once armed (its first line is listed and arms it), any other event's line is
// taken unless it is a kprobe, a console event or has a key prefix in its arguments. It stops at
// the first line it cannot take, or when its list is full.

const HASH: u8 = 35, LPAREN: u8 = 40, COLON: u8 = 58;
const SPACES4: u32 = 0x20202020;
const TASK_WINDOW: i32 = 32;
/** Longest digit string read into an integer (JavaScript's doubles are exact to 2^53). */
const MAX_DIGITS: i32 = 15;
/** A listed head: f64 slots (see ftrace()). */
const HEAD_SLOTS: i32 = 12;

@inline function spaces(i: i32, end: i32, max: i32): i32 {
  const stop = i + max < end ? i + max : end;
  while (i + 4 <= stop && load<u32>(i) === SPACES4) i += 4;
  while (i < stop && (load<u8>(i) === SP || load<u8>(i) === TAB)) i++;
  return i;
}


/** `digits.digits` then `:` at i, as ftraceSkim.ts seconds(): the index after the colon, -2 for
 * digits and a colon, or -1. Its value is secW + secF / secScale, in integers until a time is
 * wanted. Seconds of more than MAX_DIGITS digits are left to JavaScript (-3: stop, never read as
 * flags). */
let secW: i64 = 0, secF: i64 = 0, secScale: i64 = 1;
@inline function seconds(i: i32, end: i32): i32 {
  if (i >= end || !isDigit(load<u8>(i))) return -1;
  let w: i64 = 0;
  const from = i;
  while (i < end && isDigit(load<u8>(i))) { w = w * 10 + <i64>(<i32>load<u8>(i) - 48); i++; }
  if (i - from > MAX_DIGITS) return -3;
  if (i >= end || load<u8>(i) !== DOT) return i < end && load<u8>(i) === COLON ? -2 : -1;
  i++;
  const s = i;
  secW = w;
  if (i + 6 < end && load<u8>(i + 6) === COLON) {
    const f = micros6(i);
    if (f >= 0) {
      secF = <i64>f;
      secScale = 1000000;
      return i + 7;
    }
  }
  let f: i64 = 0, scale: i64 = 1;
  while (i < end && isDigit(load<u8>(i))) {
    if (scale < 1000000000000) { f = f * 10 + <i64>(<i32>load<u8>(i) - 48); scale *= 10; }
    i++;
  }
  if (i === s || i >= end || load<u8>(i) !== COLON) return -1;
  secF = f;
  secScale = scale;
  return i + 1;
}

/** counts' slot for the rcu_grace_period lines only counted (after the four counted events). */
const GP_COUNT: i32 = 4;

/** Arguments b[a, e) that kernel/collector.ts add() reads as `<flavour> <gp_seq> <event>` with an
 * event word it skips: a flavour (no space), spaces, -?digits (at most MAX_DIGITS bytes with the sign, as add() reads them at once), spaces, then
 * one of the words at `words` (a count, then each word's length and bytes) up to e, nothing after.
 * Anything else is listed, and JavaScript decides. */
@inline function gpSkipped(a: i32, e: i32, words: i32): bool {
  let i = a;
  while (i < e && load<u8>(i) !== SP) i++;
  if (i === a) return false;
  while (i < e && load<u8>(i) === SP) i++;
  const n0 = i;
  if (i < e && load<u8>(i) === DASH) i++;
  const d = i;
  while (i < e && isDigit(load<u8>(i))) i++;
  if (i === d || i - n0 > MAX_DIGITS || i >= e || load<u8>(i) !== SP) return false;
  while (i < e && load<u8>(i) === SP) i++;
  const ws = i;
  while (i < e && load<u8>(i) !== SP && load<u8>(i) !== TAB) i++;
  if (i !== e || i === ws) return false;
  const count = <i32>load<u8>(words);
  let p = words + 1;
  for (let k = 0; k < count; k++) {
    const n = <i32>load<u8>(p);
    if (n === e - ws && startsWith(ws, e, p + 1, n)) return true;
    p += 1 + n;
  }
  return false;
}

/** The n bytes at a equal those at b, 16 at a time (a and b may overlap). */
@inline function sameWide(a: i32, b: i32, n: i32): bool {
  let j = 0;
  for (; j + 16 <= n; j += 16) if (!i8x16.all_true(i8x16.eq(v128.load(a + j), v128.load(b + j)))) return false;
  for (; j < n; j++) if (load<u8>(a + j) !== load<u8>(b + j)) return false;
  return true;
}

/**
 * Take ftrace event lines from s (see above); `armed` bit w: counted event w is only counted.
 * CONFIG gives: `eventChars` (256 bytes, 1 for a byte of an event name); `counted` (the four
 * counted events' `name: `, each a length byte then its bytes, 32 bytes apart, and at +128
 * `console`); `counts` (four i32, set to the lines of each event counted); `heads` (room for
 * `maxHeads` listed heads, each HEAD_SLOTS f64: the line's index among those taken, cpu, pid,
 * task start and end, event start and end, arguments start and end, time, the counted event it
 * arms or -1). Returns how many lines it took; RESULTS says where the next starts, the last
 * time, and (at +20) how many heads it listed.
 */
export function ftrace(s: i32, end: i32, armed: i32): i32 {
  const next = load<i32>(CONFIG), ends = load<i32>(CONFIG, 4), eventChars = load<i32>(CONFIG, 12);
  const counted = load<i32>(CONFIG, 16), counts = load<i32>(CONFIG, 20), maxLine = load<i32>(CONFIG, 24);
  const heads = load<i32>(CONFIG, 28), maxHeads = load<i32>(CONFIG, 40);
  let taken = 0, listed = 0, tail = 0;
  let lastW: i64 = 0, lastF: i64 = 0, lastScale: i64 = 1;
  // The last head read in full: its start, where its time starts, and what was read before that.
  let prevS = 0, prevT = 0, prevTask = 0, prevD = 0, prevPid: i64 = 0, prevCpu: i64 = 0;
  const gpName = load<i32>(CONFIG, 72), gpWords = gpName + 16;
  store<i32>(counts, 0); store<i32>(counts, 0, 4); store<i32>(counts, 0, 8); store<i32>(counts, 0, 12); store<i32>(counts, 0, 16);
  let blk = s & ~63;
  let mask = breakMask(blk) & (0xffffffffffffffff << <u64>(s - blk));
  for (;;) {
    while (mask === 0) {
      blk += 64;
      if (blk >= end) break;
      mask = breakMask(blk);
    }
    if (mask === 0 || listed === maxHeads) break;
    const e = blk + <i32>ctz(mask);
    mask &= mask - 1;
    if (e >= end || e - s > maxLine || e <= s || load<u8>(e) !== LF) break;
    let task: i32, d: i32, pid: i64, cpu: i64, k: i32;
    const L = prevT - prevS;
    let t0 = -1;
    if (L > 0 && e - s > L && isDigit(load<u8>(s + L)) && sameWide(s, prevS, L) && (t0 = seconds(s + L, e)) >= 0) {
      // The head up to the time is the previous line's, byte for byte (the same task on the same
      // CPU, with the same flags): every loop below stopped inside it, so it reads the same, and
      // the time where that line's was (any other outcome takes the whole way below).
      task = s + (prevTask - prevS); d = s + (prevD - prevS); pid = prevPid; cpu = prevCpu; k = s + L;
      tail = t0;
    } else {
    const c0 = load<u8>(s);
    if (c0 === HASH || c0 === 99) break; // a header, or maybe trace-cmd's `cpus=N`
    // The task: spaces (at most 32), then the first dash followed by a digit within the window.
    const p = spaces(s, e, 32);
    task = p;
    const stop = p + TASK_WINDOW < e ? p + TASK_WINDOW : e;
    d = p + 1;
    for (; d < stop; d++) if (load<u8>(d) === DASH && isDigit(load<u8>(d + 1))) break;
    if (d >= stop) break;
    // pid, then 1..16 spaces, then `[cpu]`.
    k = d + 1; pid = 0;
    let nd = 0;
    while (k < e && isDigit(load<u8>(k))) { pid = pid * 10 + <i64>(<i32>load<u8>(k) - 48); k++; nd++; }
    if (nd > MAX_DIGITS) break;
    const pe = k;
    k = spaces(pe, e, 16);
    if (k === pe || load<u8>(k) !== LBRACK) break;
    k++;
    const cs = k;
    cpu = 0;
    while (k < e && isDigit(load<u8>(k))) { cpu = cpu * 10 + <i64>(<i32>load<u8>(k) - 48); k++; }
    if (k === cs || k - cs > MAX_DIGITS || load<u8>(k) !== RBRACK) break;
    // Optional flags, then the time `sss.ffffff:`.
    k = spaces(k + 1, e, 8);
    let t = seconds(k, e);
    if (t === -2 || t === -3) break;
    if (t < 0) {
      let f = k;
      while (f < e && f - k < 8 && load<u8>(f) !== SP) f++;
      if (f === k || f - k >= 8) break;
      k = spaces(f, e, 16);
      t = seconds(k, e);
      if (t < 0) break;
    }
    prevS = s; prevT = k; prevTask = task; prevD = d; prevPid = pid; prevCpu = cpu;
    tail = t;
    }
    const w0 = secW, f0 = secF, sc0 = secScale;
    // The event: `name: `; a counted one's later lines only counted.
    const es = spaces(tail, e, 8);
    let arms = -1;
    if (e - es > 4) {
      const c = load<u8>(es + 4);
      const w = c === 117 ? 0 : c === 100 ? 1 : c === 115 ? 2 : c === 119 ? 3 : -1;
      if (w >= 0) {
        const lit = counted + w * 32, n = <i32>load<u8>(lit);
        if (startsWith(es, e, lit + 1, n)) {
          if ((armed & (1 << w)) !== 0) {
            store<i32>(counts + (w << 2), load<i32>(counts + (w << 2)) + 1);
            lastW = w0; lastF = f0; lastScale = sc0;
            taken++;
            s = e + 1;
            continue;
          }
          arms = w; // its first line goes to the kernel model, and arms it
        }
      }
    }
    const estop = es + 64 < e ? es + 64 : e;
    let q = es;
    while (q < estop && load<u8>(eventChars + <i32>load<u8>(q)) === 1) q++;
    if (q === es || q >= e || load<u8>(q) !== COLON || (q + 1 < e && load<u8>(q + 1) !== SP)) break;
    const a = spaces(q + 1, e, 32);
    if (load<u8>(es) === 114 && load<u8>(es + 1) === 99 && load<u8>(es + 2) === 117) {
      const gp = q - es === 16 && startsWith(es, q, gpName, 16);
      if (gp && (armed & (1 << GP_COUNT)) !== 0 && gpSkipped(a, e, gpWords)) {
        // A grace-period line whose event word the kernel model skips (FQS waits, callback
        // bookkeeping: most of them), in the shape it reads: only counted.
        store<i32>(counts + (GP_COUNT << 2), load<i32>(counts + (GP_COUNT << 2)) + 1);
        lastW = w0; lastF = f0; lastScale = sc0;
        taken++;
        s = e + 1;
        continue;
      }
      if (gp) arms = GP_COUNT;
      // An RCU tracepoint: listed with its head, for the kernel model.
      const h = heads + listed * HEAD_SLOTS * 8;
      store<f64>(h, <f64>taken);
      store<f64>(h, <f64>cpu, 8);
      store<f64>(h, <f64>pid, 16);
      store<f64>(h, <f64>task, 24);
      store<f64>(h, <f64>d, 32);
      store<f64>(h, <f64>es, 40);
      store<f64>(h, <f64>q, 48);
      store<f64>(h, <f64>a, 56);
      store<f64>(h, <f64>e, 64);
      store<f64>(h, <f64>w0 + <f64>f0 / <f64>sc0, 72);
      store<f64>(h, <f64>arms, 80);
      listed++;
      if (arms >= 0) armed |= 1 << arms;
    } else {
      if (q - es === 7 && startsWith(es, e, counted + 128, 7)) break; // printk text: a kernel record
      if (load<u8>(a) === LPAREN || trieMatch(a, e, next, ends) !== 0) break; // a kprobe, or a key prefix
    }
    lastW = w0; lastF = f0; lastScale = sc0;
    taken++;
    s = e + 1;
  }
  store<i32>(RESULTS, s);
  store<i32>(RESULTS, listed, 20);
  if (taken > 0) store<f64>(RESULTS, <f64>lastW + <f64>lastF / <f64>lastScale, 8);
  return taken;
}

// --- stall headers ------------------------------------------------------------------------------

/** stallHeader.ts headerAt() on [m, e), writing at the out area CONFIG +48 gives: for JavaScript's
 * tests and glue (the skim loop calls headerAt() itself). */
export function header(m: i32, e: i32): i32 {
  return headerAt(m, e, load<i32>(CONFIG, 48));
}
