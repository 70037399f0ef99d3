// The fast path for the most common line of the most common format: `[  131.102161] msg`, with no
// caller id, colour code or anything the full dmesg parser would look at twice. It reads only the
// time and where the message starts, and says "not mine" (-1) for every other line, which then
// goes through parseLine. The analyzer uses it for lines it will not decode; a test checks that
// an analysis with and without it is the same on every corpus log and on random mixtures.

import { DASH, ESC, LBRACK, RBRACK, SP, TAB, startsWith } from './bytes';
import { NOTICE_STARTS } from './afterKernel';

/** The time of the last line plainDmesg took (a typed slot: a double returned from a function
 * would be boxed, one heap number per line). */
export const plainTime = new Float64Array(1);

const MAX_SPACES = 16;   // as readBracketStamp: a stamp is padded by at most this many spaces
const MAX_FRACTION = 9;  // longer fractions go the full way (it caps precision differently)

/** Where the message of a plain dmesg line b[s, e) starts (its time in plainTime[0]), or -1
 * when the full parser must look at the line. */
export function plainDmesg(b: Uint8Array, s: number, e: number): number {
  if (b[s] !== LBRACK) return -1;
  // The kernel's own layout, `[%5lu.%06lu] `, read at fixed places (the common case by far).
  if (b[s + 6] === 46 && b[s + 13] === RBRACK && b[s + 14] === SP) {
    const f = fixed6(b, s + 7);
    const w = int5(b, s + 1);
    if (f >= 0 && w >= 0) return message(b, s + 15, e, w + f / 1e6);
  }
  return general(b, s, e);
}

/** Six digits at i, or -1. */
function fixed6(b: Uint8Array, i: number): number {
  const d0 = b[i]! - 48, d1 = b[i + 1]! - 48, d2 = b[i + 2]! - 48, d3 = b[i + 3]! - 48, d4 = b[i + 4]! - 48, d5 = b[i + 5]! - 48;
  if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9 && d4 >= 0 && d4 <= 9 && d5 >= 0 && d5 <= 9)) return -1;
  return ((((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4) * 10 + d5;
}

/** `%5lu`: five places, spaces then at least one digit; -1 otherwise. */
function int5(b: Uint8Array, i: number): number {
  let k = i;
  while (k < i + 4 && b[k] === SP) k++;
  let w = 0;
  for (; k < i + 5; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return -1;
    w = w * 10 + d;
  }
  return w;
}

function general(b: Uint8Array, s: number, e: number): number {
  let i = s + 1;
  const spacesEnd = s + 1 + MAX_SPACES;
  while (b[i] === SP) if (++i > spacesEnd) return -1;
  let d = b[i]! - 48;
  if (!(d >= 0 && d <= 9)) return -1;
  let w = 0;
  do { w = w * 10 + d; d = b[++i]! - 48; } while (d >= 0 && d <= 9);
  if (b[i] !== 46) return -1;
  let f = 0, scale = 1, n = 0;
  d = b[++i]! - 48;
  while (d >= 0 && d <= 9) { f = f * 10 + d; scale *= 10; n++; d = b[++i]! - 48; }
  if (n === 0 || n > MAX_FRACTION || b[i] !== RBRACK || b[i + 1] !== SP) return -1;
  return message(b, i + 2, e, w + f / scale);
}

function message(b: Uint8Array, m: number, e: number, t: number): number {
  if (plainMessage(b, m, e) < 0) return -1;
  plainTime[0] = t;
  return m;
}

/** m when the message at m is one the full parser would not treat specially, else -1. */
export function plainMessage(b: Uint8Array, m: number, e: number): number {
  if (m >= e) return -1;
  // What the full parser would treat specially at the message start: a caller id after spaces,
  // colour codes, an ftrace dump line (dash in the 9th column), `Dumping ftrace buffer:`, the
  // dump's dashes, lost-message notices (`** `, `printk: `).
  let k = m;
  while (b[k] === SP || b[k] === TAB) if (++k - m > MAX_SPACES) return -1;
  const c = b[k];
  if (c === LBRACK || c === ESC || b[m] === ESC || c === DASH || b[m + 8] === DASH) return -1;
  if (k >= e) return -1;
  // Only the notices' own first words (afterKernel.ts), not every `pci ...` or `DMAR: ...` line,
  // which would otherwise all take the full parser.
  for (let n = 0; n < NOTICE_STARTS.length; n++) {
    const lit = NOTICE_STARTS[n]!;
    if (c === lit[0] && startsWith(b, k, e, lit)) return -1;
  }
  return m;
}
