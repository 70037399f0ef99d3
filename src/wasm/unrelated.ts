// AssemblyScript (see plainSkim.ts): src/core/stalls/unrelated.ts unrelatedMessage() on this
// module's memory, answer for answer, for the skim loop's stall storms. Its tables are that
// file's, serialised (UNRELATED_TABLES, layout there) and copied in by log/wasmSkim.ts. The
// literal scan, which most of the time is spent on (ordinary messages, all of them unrelated),
// finds its candidates 64 bytes at a time with SIMD: the bytes whose FIRST entry is nonzero.

// CLS bits (unrelated.ts)
const UPPER: i32 = 1, LOWER: i32 = 2, DIGIT: i32 = 4, UNDERSCORE: i32 = 8, SPACE: i32 = 16, HEX: i32 = 32;
const WORD: i32 = UPPER | LOWER | DIGIT | UNDERSCORE;
// Offsets in UNRELATED_TABLES (CLS is at 0)
const FIRST: i32 = 256, NIBBLE: i32 = 512, HIGH: i32 = 528, CODES: i32 = 544, STARTS: i32 = 576, BUCKETS: i32 = 1088, BIGRAM: i32 = 4096;
const NEVER_PLAIN: u8 = 2;

/** The bytes at i up to e start with the n bytes at lit: 8 at a time, the last word's bytes past
 * the literal shifted out (so up to 7 bytes past e, and past the literal, are read, never used). */
@inline function litAt(i: i32, e: i32, lit: i32, n: i32): bool {
  if (e - i < n) return false;
  let k = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(i + k) !== load<u64>(lit + k)) return false;
  return k === n || ((load<u64>(i + k) ^ load<u64>(lit + k)) << (<u64>(8 - n + k) << 3)) === 0;
}

/** Bit k set when byte p + k is no candidate (FIRST zero), for the 16 bytes at p. */
@inline function plain16(p: i32, nibble: v128, high: v128): u64 {
  const v = v128.load(p);
  const bits = v128.and(i8x16.swizzle(nibble, v128.and(v, i8x16.splat(15))), i8x16.swizzle(high, i8x16.shr_u(v, 4)));
  return <u64><u32>i8x16.bitmask(i8x16.eq(bits, i8x16.splat(0)));
}

/**
 * unrelatedMessage() on the bytes [m, e) with the tables at t: true when the message can match
 * none of the stall collector's patterns. Reads up to 63 bytes past e, whose values never count.
 */
@inline export function unrelatedAt(m: i32, e: i32, t: i32): bool {
  if (m >= e) return false;
  const c0 = <i32>load<u8>(m);
  const k0 = <i32>load<u8>(t + c0);
  if ((k0 & (UPPER | LOWER)) === 0) return false;
  const starts = <i32>load<u16>(t + STARTS + (c0 << 1));
  if (starts !== 0) {
    let p = t + starts;
    const count = <i32>load<u8>(p++);
    for (let k = 0; k < count; k++) {
      const n = <i32>load<u8>(p);
      if (litAt(m, e, p + 1, n)) return false;
      p += 1 + n;
    }
  }

  // The first word (see unrelated.ts).
  let w = m + 1, hex = (k0 & HEX) !== 0, upper = (k0 & UPPER) !== 0 ? 1 : 0, lower = (k0 & LOWER) !== 0 ? 1 : 0;
  for (; w < e; w++) {
    const k = <i32>load<u8>(t + <i32>load<u8>(w));
    if ((k & WORD) === 0) break;
    if ((k & HEX) === 0) hex = false;
    if (upper === w - m && (k & (UPPER | DIGIT | UNDERSCORE)) !== 0) upper++;
    if (lower === w - m && (k & (LOWER | DIGIT)) !== 0) lower++;
  }
  const n = w - m, next = w < e ? <i32>load<u8>(w) : -1;
  if (next === 46 || next === 43 || next === 36) return false; // . + $
  if (hex && (n === 2 || n === 4 || n >= 8)) return false;
  if ((upper >= 2 && upper <= 8 && upper === n) || (lower >= 1 && lower <= 4 && lower === n)) {
    let j = w;
    while (j < e && (<i32>load<u8>(t + <i32>load<u8>(j)) & SPACE) !== 0) j++;
    if (j < e && load<u8>(j) === 58) return false; // `:`
  }
  const spaceAfterWord = next === 32;

  // The literals. Every position's verdict is final or nothing, so candidates go in any order.
  const nibble = v128.load(t + NIBBLE), high = v128.load(t + HIGH);
  for (let p = m; p < e; p += 64) {
    let mask = ~(plain16(p, nibble, high) | (plain16(p + 16, nibble, high) << 16) |
      (plain16(p + 32, nibble, high) << 32) | (plain16(p + 48, nibble, high) << 48));
    if (e - p < 64) mask &= (<u64>1 << <u64>(e - p)) - 1;
    while (mask !== 0) {
      const i = p + <i32>ctz(mask);
      mask &= mask - 1;
      const c = <i32>load<u8>(i);
      if (load<u8>(t + FIRST + c) === NEVER_PLAIN) return false;
      if (i + 1 >= e) break;
      const code = <i32>load<u8>(t + BIGRAM + ((c << 8) | <i32>load<u8>(i + 1)));
      if (code === 0) continue;
      if (code === <i32>load<u8>(t + CODES)) { if (spaceAfterWord) return false; continue; } // `:` digit
      if (code === <i32>load<u8>(t + CODES, 1)) { // `0x`
        if (i > m && (<i32>load<u8>(t + <i32>load<u8>(i - 1)) & SPACE) !== 0) return false;
        continue;
      }
      let q = t + <i32>load<u16>(t + BUCKETS + (code << 1));
      const count = <i32>load<u8>(q++);
      for (let k = 0; k < count; k++) {
        const at = <i32>load<u8>(q), len = <i32>load<u8>(q, 1);
        if (i - at >= m && litAt(i - at, e, q + 2, len)) return false;
        q += 2 + len;
      }
    }
  }
  return true;
}
