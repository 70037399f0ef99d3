// Small byte-level helpers shared by the format parsers. All of them are allocation-free and
// bounded by the `end` they are given.

export const SP = 32, TAB = 9, LBRACK = 91, RBRACK = 93, DOT = 46, COLON = 58, LT = 60, GT = 62,
  COMMA = 44, SEMI = 59, DASH = 45, ESC = 27, CR = 13, LF = 10, ZERO = 48, NINE = 57;

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Skip spaces (and tabs) from i; returns the first index that is not one, or end. */
export function skipSpaces(b: Uint8Array, i: number, end: number): number {
  while (i < end && (b[i] === SP || b[i] === TAB)) i++;
  return i;
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
/** Month index 0..11 for a three-letter English month name at i, or -1. */
export function readMonth(b: Uint8Array, i: number, end: number): number {
  if (end - i < 3) return -1;
  for (let m = 0; m < 12; m++) {
    const s = MONTHS[m]!;
    if (b[i] === s.charCodeAt(0) && b[i + 1] === s.charCodeAt(1) && b[i + 2] === s.charCodeAt(2)) return m;
  }
  return -1;
}

/** Seconds since the epoch for a UTC calendar time (no Date object: cheap and zone-free). */
export function epochSeconds(year: number, month0: number, day: number, h: number, m: number, s: number): number {
  // days from civil, after Howard Hinnant's algorithm
  const y = month0 < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month0 + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + m * 60 + s;
}
