// Small byte-level helpers shared by the format parsers. All of them are allocation-free and
// bounded by the `end` they are given.

export const SP = 32, TAB = 9, LBRACK = 91, RBRACK = 93, DOT = 46, COLON = 58, LT = 60, GT = 62,
  COMMA = 44, SEMI = 59, DASH = 45, ESC = 27;
const ZERO = 48, NINE = 57;

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Parse an unsigned decimal integer at i. Returns the index after it; the value is in num.v.
 * Returns -1 when there is no digit at i. */
export const num = { v: 0, digits: 0 };
export function readUint(b: Uint8Array, i: number, end: number): number {
  let v = 0, n = 0, c = 0;
  while (i < end && (c = b[i]! - ZERO) >= 0 && c <= 9) {
    v = v * 10 + c; i++; n++;
  }
  if (n === 0) return -1;
  num.v = v; num.digits = n;
  return i;
}

/** Parse `sss.ffffff` at i (seconds with a fraction, the fraction optional when allowNoFrac).
 * Returns the index after it (value in num.v) or -1. */
export function readSeconds(b: Uint8Array, i: number, end: number, allowNoFrac = false): number {
  let j = readUint(b, i, end);
  if (j < 0) return -1;
  const whole = num.v;
  if (j < end && b[j] === DOT) {
    let f = 0, scale = 1, c = 0;
    j++;
    const s = j;
    while (j < end && (c = b[j]! - ZERO) >= 0 && c <= 9) {
      if (scale < 1e12) { f = f * 10 + c; scale *= 10; }
      j++;
    }
    if (j === s) return -1;
    num.v = whole + f / scale;
    return j;
  }
  if (!allowNoFrac) return -1;
  num.v = whole;
  return j;
}

/** True when b[i..] starts with the ASCII string s (given as char codes). */
export function startsWith(b: Uint8Array, i: number, end: number, s: readonly number[]): boolean {
  if (end - i < s.length) return false;
  for (let k = 0; k < s.length; k++) if (b[i + k] !== s[k]) return false;
  return true;
}

export function codes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  return out;
}

/** Skip ANSI CSI/OSC escape sequences starting at i (ESC [ ... final, ESC ] ... BEL). */
export function skipAnsi(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] === ESC) {
    let j = i + 1;
    if (j < end && b[j] === LBRACK) {
      j++;
      while (j < end && b[j]! >= 0x20 && b[j]! <= 0x3f) j++; // parameter and intermediate bytes
      if (j < end) j++; // the final byte
    } else if (j < end && b[j] === RBRACK) {
      while (j < end && b[j] !== 7 && b[j] !== ESC) j++;
      if (j < end && b[j] === 7) j++;
    } else if (j < end) {
      j++;
    }
    i = j;
  }
  return i;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_KEYS = MONTHS.map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2));
/** Month index 0..11 for a three-letter English month name at i, or -1. */
export function readMonth(b: Uint8Array, i: number, end: number): number {
  if (end - i < 3) return -1;
  const key = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
  for (let m = 0; m < 12; m++) if (MONTH_KEYS[m] === key) return m;
  return -1;
}

/** Seconds since the epoch for a UTC calendar time (no Date object: cheap and zone-free). */
export function epochSeconds(year: number, month0: number, day: number, h: number, m: number, s: number): number {
  // days from civil, after Howard Hinnant's algorithm
  const y = month0 < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month0 + 10) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + m * 60 + s;
}

/** skipSpaces, but at most max bytes: structure checks that may be retried from several start
 * points use it so a line of spaces cannot make them quadratic. */
export function skipSpacesMax(b: Uint8Array, i: number, end: number, max: number): number {
  const stop = i + max < end ? i + max : end;
  while (i < stop && (b[i] === SP || b[i] === TAB)) i++;
  return i;
}

export function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Exactly n decimal digits at i. Returns the value, or -1. */
export function fixedDigits(b: Uint8Array, i: number, end: number, n: number): number {
  if (i + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k]! - ZERO;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** `HH:MM:SS` at i. Returns the index after it (seconds of the day in num.v), or -1. */
export function readClock(b: Uint8Array, i: number, end: number): number {
  const h = fixedDigits(b, i, end, 2);
  if (h < 0 || b[i + 2] !== COLON) return -1;
  const m = fixedDigits(b, i + 3, end, 2);
  if (m < 0 || b[i + 5] !== COLON) return -1;
  const s = fixedDigits(b, i + 6, end, 2);
  if (s < 0 || h > 24 || m > 59 || s > 60) return -1;
  num.v = h * 3600 + m * 60 + s;
  return i + 8;
}

/** A fraction `.ffffff` (or `,ffffff` when comma) at i. Returns the index after it (value in
 * num.v, 0 when there is none) — i itself when there is no fraction. */
export function readFraction(b: Uint8Array, i: number, end: number, comma = false): number {
  num.v = 0;
  if (i >= end || (b[i] !== DOT && !(comma && b[i] === COMMA))) return i;
  let j = i + 1, f = 0, scale = 1, c = 0;
  while (j < end && (c = b[j]! - ZERO) >= 0 && c <= 9) {
    if (scale < 1e12) { f = f * 10 + c; scale *= 10; }
    j++;
  }
  if (j === i + 1) return i;
  num.v = f / scale;
  return j;
}

/** `YYYY-MM-DD` at i. Returns the index after it, or -1; the date is in date.{y, m0, d}. */
export const date = { y: 0, m0: 0, d: 0 };
export function readIsoDate(b: Uint8Array, i: number, end: number): number {
  const y = fixedDigits(b, i, end, 4);
  if (y < 0 || b[i + 4] !== DASH) return -1;
  const m = fixedDigits(b, i + 5, end, 2);
  if (m < 1 || m > 12 || b[i + 7] !== DASH) return -1;
  const d = fixedDigits(b, i + 8, end, 2);
  if (d < 1 || d > 31) return -1;
  date.y = y; date.m0 = m - 1; date.d = d;
  return i + 10;
}

/** A zone offset `Z`, `+hh:mm`, `+hhmm` or `+hh` at i. Returns the index after it (offset in
 * seconds east of UTC in num.v), or -1 when there is none. */
export function readZone(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  if (b[i] === 90) { num.v = 0; return i + 1; } // 'Z'
  const sign = b[i] === 43 ? 1 : b[i] === DASH ? -1 : 0;
  if (sign === 0) return -1;
  const h = fixedDigits(b, i + 1, end, 2);
  if (h < 0) return -1;
  let j = i + 3, m = 0;
  if (j < end && b[j] === COLON) j++;
  const mm = fixedDigits(b, j, end, 2);
  if (mm >= 0) { m = mm; j += 2; } else if (b[j - 1] === COLON) return -1;
  num.v = sign * (h * 3600 + m * 60);
  return j;
}

/** Index in names of the ASCII word b[i, j), or -1 (compares bytes: no string is made). */
export function matchName(b: Uint8Array, i: number, j: number, names: readonly string[]): number {
  const n = j - i;
  outer: for (let k = 0; k < names.length; k++) {
    const s = names[k]!;
    if (s.length !== n) continue;
    for (let x = 0; x < n; x++) if (b[i + x] !== s.charCodeAt(x)) continue outer;
    return k;
  }
  return -1;
}

/** End of the run of [A-Za-z0-9] starting at i (at most max bytes). */
export function wordEnd(b: Uint8Array, i: number, end: number, max: number): number {
  const stop = i + max < end ? i + max : end;
  while (i < stop) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    i++;
  }
  return i;
}
