// The timestamps dmesg puts in front of a message, read from bytes. Shared by the dmesg family
// (default, -d, -T, --time-format iso, -x, -r), kern.log lines and the console parsers.
//
// What util-linux prints (sys-utils/dmesg.c, print_record):
//   raw/default   `[%5ld.%06ld] `            -> time since boot
//   -d            `[%5ld.%06ld <%12.06f>] `  -> time since boot (+ delta, ignored)
//   -d -t         `[<%12.06f>] `             -> delta only: no time since boot
//   -T            `[%a %b %e %H:%M:%S %Y] `  -> wall clock (local time, zone not printed)
//   -T -d         `[%a %b %e %H:%M:%S %Y <%12.06f>] `
//   iso           `2022-04-04T01:22:04,123456+02:00 `
// followed by the optional caller id `[ T1234] ` / `[    C1] `.

import { type Head, type ParseState, Flag } from './head';
import {
  DOT, GT, LBRACK, LT, RBRACK, SP, date, epochSeconds, fixedDigits, isAlpha, isDigit, num,
  readClock, readFraction, readIsoDate, readMonth, readSeconds, readZone, skipAnsi, skipSpacesMax,
} from './bytes';

export const enum Stamp { None = 0, Secs = 1, SecsDelta = 2, Delta = 3, Ctime = 4, CtimeDelta = 5 }

/** The kind of the last stamp readBracketStamp read. */
export const stamp = { kind: Stamp.None as Stamp };

/** ` <   0.000034>` at i (spaces before `<` allowed). Index after `>`, or -1. */
function readDelta(b: Uint8Array, i: number, end: number): number {
  const k = skipSpacesMax(b, i, end, 16);
  if (k >= end || b[k] !== LT) return -1;
  // Always with a fraction (`%12.06f`): `[<80118054>]` is an ARM backtrace address, not a delta.
  const j = readSeconds(b, skipSpacesMax(b, k + 1, end, 16), end);
  if (j < 0 || j >= end || b[j] !== GT) return -1;
  return j + 1;
}

/** `Www Mmm dd HH:MM:SS YYYY` at i (English ctime, as dmesg -T prints it). Index after it, or
 * -1; the seconds since the epoch (UTC: the zone is not printed) are in num.v. */
function readCtime(b: Uint8Array, i: number, end: number): number {
  if (i + 24 > end || !isAlpha(b[i]!) || !isAlpha(b[i + 1]!) || !isAlpha(b[i + 2]!) || b[i + 3] !== SP) return -1;
  const m0 = readMonth(b, i + 4, end);
  if (m0 < 0 || b[i + 7] !== SP) return -1;
  let j = skipSpacesMax(b, i + 8, end, 2);
  let day = 0, n = 0;
  while (j < end && n < 2 && isDigit(b[j]!)) { day = day * 10 + b[j]! - 48; j++; n++; }
  if (n === 0 || day < 1 || day > 31 || b[j] !== SP) return -1;
  j = readClock(b, j + 1, end);
  if (j < 0 || b[j] !== SP) return -1;
  const secs = num.v;
  const year = fixedDigits(b, j + 1, end, 4);
  if (year < 0) return -1;
  date.y = year;
  num.v = epochSeconds(year, m0, day, 0, 0, 0) + secs;
  return j + 5;
}

/**
 * Read a bracketed dmesg stamp at i: `[ s.us]`, `[ s.us < d.us>]`, `[< d.us>]`, `[ctime]` or
 * `[ctime < d.us>]`. Fills h.time or h.wall (and the year in st), sets stamp.kind, and returns
 * the index after `]`, or -1 (h untouched) when there is none.
 */
export function readBracketStamp(b: Uint8Array, i: number, end: number, h: Head, st: ParseState | null): number {
  if (i >= end || b[i] !== LBRACK) return -1;
  let k = i + 1;
  const ks = i + 17 < end ? i + 17 : end;
  while (k < ks && b[k] === SP) k++;
  if (k >= end) return -1;
  const c = b[k]!;
  if (c >= 48 && c <= 57) {
    // `sss.uuuuuu`, inlined: this runs once for every line of a dmesg log.
    let j = k, w = 0, f = 0, scale = 1, d = 0;
    while (j < end && (d = b[j]! - 48) >= 0 && d <= 9) { w = w * 10 + d; j++; }
    if (j >= end || b[j] !== DOT) return -1;
    j++;
    while (j < end && (d = b[j]! - 48) >= 0 && d <= 9) { if (scale < 1e12) { f = f * 10 + d; scale *= 10; } j++; }
    if (scale === 1) return -1;
    const t = w + f / scale;
    let kind = Stamp.Secs;
    if (j < end && b[j] !== RBRACK) {
      j = readDelta(b, j, end);
      if (j < 0) return -1;
      kind = Stamp.SecsDelta;
    }
    if (j >= end || b[j] !== RBRACK) return -1;
    h.time = t; stamp.kind = kind;
    return j + 1;
  }
  if (c === LT) {
    const j = readDelta(b, k, end);
    if (j < 0 || j >= end || b[j] !== RBRACK) return -1;
    stamp.kind = Stamp.Delta;
    return j + 1;
  }
  if (isAlpha(c)) {
    let j = readCtime(b, k, end);
    if (j < 0) return -1;
    const wall = num.v;
    let kind = Stamp.Ctime;
    if (j < end && b[j] !== RBRACK) {
      j = readDelta(b, j, end);
      if (j < 0) return -1;
      kind = Stamp.CtimeDelta;
    }
    if (j >= end || b[j] !== RBRACK) return -1;
    h.wall = wall; stamp.kind = kind;
    if (st) st.year = date.y;
    return j + 1;
  }
  return -1;
}

/** The start of a numeric stamp that does not complete: `[  12.34` at the end of the line, or
 * `[  12.34x`. (`[0]`, `[  OK  ]`, `[<ffff>]` are not stamps at all, so not broken ones.) */
export function isBrokenStamp(b: Uint8Array, i: number, end: number): boolean {
  if (i >= end || b[i] !== LBRACK) return false;
  let j = skipSpacesMax(b, i + 1, end, 16);
  const d0 = j;
  while (j < end && isDigit(b[j]!)) j++;
  if (j === d0) return false;
  if (j >= end) return true;
  if (b[j] !== DOT) return false;
  j++;
  while (j < end && isDigit(b[j]!)) j++;
  return j >= end || b[j] !== RBRACK;
}

/**
 * dmesg --time-format iso: `2022-04-04T01:22:04,123456+02:00` at i (the comma tells it from
 * RFC 3339 syslog stamps). Index after it with h.wall set, or -1.
 */
export function readDmesgIso(b: Uint8Array, i: number, end: number, h: Head, st: ParseState | null): number {
  let j = readIsoDate(b, i, end);
  if (j < 0 || b[j] !== 84) return -1; // 'T'
  const { y, m0, d } = date;
  j = readClock(b, j + 1, end);
  if (j < 0 || b[j] !== 44) return -1; // ','
  const secs = num.v;
  j = readFraction(b, j, end, true);
  const frac = num.v;
  const z = readZone(b, j, end);
  if (z < 0) return -1;
  h.wall = epochSeconds(y, m0, d, 0, 0, 0) + secs + frac - num.v;
  if (st) st.year = y;
  return z;
}

/** Read an optional caller id `[ T1234]` / `[C1]` at i (after optional spaces) into h.
 * Returns the index after it, or i when there is none. */
export function readCaller(b: Uint8Array, i: number, end: number, h: Head): number {
  const k = skipSpacesMax(b, i, end, 16);
  if (k >= end || b[k] !== LBRACK) return i;
  let j = skipSpacesMax(b, k + 1, end, 16);
  const kind = b[j];
  if (kind !== 84 && kind !== 67) return i; // 'T' or 'C'
  let v = 0, n = 0, c = 0;
  j++;
  while (j < end && (c = b[j]! - 48) >= 0 && c <= 9) { v = v * 10 + c; j++; n++; }
  if (n === 0 || j >= end || b[j] !== RBRACK) return i;
  h.callerKind = kind; h.callerId = v;
  return j + 1;
}

/**
 * The rest of a kernel line after its stamp, at j: optional colour reset, optional caller id, the
 * one separating space, colour codes; then the message. Marks h as a kernel record.
 */
export function kernelText(b: Uint8Array, j: number, end: number, h: Head): void {
  let k = j;
  if (k < end && b[k] === 27) { k = skipAnsi(b, k, end); h.flags |= Flag.Ansi; }
  k = readCaller(b, k, end, h);
  if (k < end && b[k] === SP) k++;
  if (k < end && b[k] === 27) { k = skipAnsi(b, k, end); h.flags |= Flag.Ansi; }
  h.msgStart = k;
  h.msgEnd = end;
  h.kind = 'kernel';
}

/** Skip leading colour codes at i (setting Flag.Ansi). */
export function skipLeadingAnsi(b: Uint8Array, i: number, end: number, h: Head): number {
  if (i < end && b[i] === 27) { h.flags |= Flag.Ansi; return skipAnsi(b, i, end); }
  return i;
}

/** Digits, a dot and digits then `]` right at i: a dmesg stamp that lost its `[` (seen in
 * pasted logs). Index after `]` with the time in num.v, or -1. */
export function readBracketlessTime(b: Uint8Array, i: number, end: number): number {
  const j = readSeconds(b, i, end);
  if (j < 0 || j >= end || b[j] !== RBRACK) return -1;
  return j + 1;
}
