// dmesg's default format: `[  131.102161] msg`, with the optional printk caller id
// (`[  131.102161] [ T1234] msg`, `[  315.849979][   T61] msg`, `[C1]`).
// The reference for how a LineFormat is written: bytes in, a Head out, no allocation.

import { type Head, type LineFormat, Flag } from './head';
import { LBRACK, RBRACK, SP, ESC, num, readSeconds, skipAnsi, skipSpaces } from './bytes';

/** Read `[ sss.uuuuuu]` at i. Returns the index after `]`, or -1. The time is in num.v. */
export function readBracketTime(b: Uint8Array, i: number, end: number): number {
  if (i >= end || b[i] !== LBRACK) return -1;
  const j = readSeconds(b, skipSpaces(b, i + 1, end), end);
  if (j < 0 || j >= end || b[j] !== RBRACK) return -1;
  return j + 1;
}

/** Read an optional caller id `[ T1234]` / `[C1]` at i (after optional spaces) into h.
 * Returns the index after it, or i when there is none. */
export function readCaller(b: Uint8Array, i: number, end: number, h: Head): number {
  const k = skipSpaces(b, i, end);
  if (k >= end || b[k] !== LBRACK) return i;
  let j = skipSpaces(b, k + 1, end);
  const kind = b[j];
  if (kind !== 84 && kind !== 67) return i; // 'T' or 'C'
  let v = 0, n = 0, c = 0;
  j++;
  while (j < end && (c = b[j]! - 48) >= 0 && c <= 9) { v = v * 10 + c; j++; n++; }
  if (n === 0 || j >= end || b[j] !== RBRACK) return i;
  h.callerKind = kind; h.callerId = v;
  return j + 1;
}

/** Fill h from a dmesg-style `[time] [caller] msg` starting at i. Returns false when no stamp. */
export function parseDmesgAt(b: Uint8Array, i: number, end: number, h: Head): boolean {
  const j = readBracketTime(b, i, end);
  if (j < 0) return false;
  h.time = num.v;
  let k = readCaller(b, j, end, h);
  if (k < end && b[k] === SP) k++;
  h.msgStart = k;
  h.msgEnd = end;
  h.kind = 'kernel';
  return true;
}

export const dmesg: LineFormat = {
  id: 'dmesg',
  parse(b, start, end, h) {
    let i = start;
    if (i < end && b[i] === ESC) { i = skipAnsi(b, i, end); h.flags |= Flag.Ansi; }
    if (!parseDmesgAt(b, i, end, h)) return false;
    h.format = 'dmesg';
    return true;
  },
};

