// dmesg -r (`<6>[    0.2] msg`: the number is facility * 8 + level), and the raw printk prefixes
// a console shows when the kernel's loglevel prefix leaks through: `<3>INFO: ...`,
// `<3>     [  193.981301]  <c>(detected by ...)`, and old kernels' `<c>` (KERN_CONT) and `<d>`
// (KERN_DEFAULT) markers.

import { type Head, type LineFormat, Flag } from './head';
import { GT, LT, isDigit, num, skipSpacesMax } from './bytes';
import { Stamp, kernelText, readBracketStamp, stamp } from './stamp';
import { findGluedStamp } from './glue';
import { readBracketTime } from './dmesg';

const C = 99, D = 100;

/** `<c>` or `<d>` at i. */
function isMarker(b: Uint8Array, i: number, end: number): boolean {
  return i + 2 < end && b[i] === LT && (b[i + 1] === C || b[i + 1] === D) && b[i + 2] === GT;
}

/** Drop `<c>` markers around the message: after the stamp, and glued at its end. */
function trimMarkers(b: Uint8Array, h: Head): void {
  const k = skipSpacesMax(b, h.msgStart, h.msgEnd, 16);
  if (isMarker(b, k, h.msgEnd)) h.msgStart = k + 3;
  if (h.msgEnd - 3 >= h.msgStart && isMarker(b, h.msgEnd - 3, h.msgEnd)) h.msgEnd -= 3;
}

export const dmesgRaw: LineFormat = {
  id: 'dmesg-raw',
  parse(b, start, end, h, st) {
    if (end - start < 3 || b[start] !== LT) return false;
    let j: number;
    if (isMarker(b, start, end)) {
      j = start + 3;
    } else {
      let v = 0, n = 0;
      j = start + 1;
      while (j < end && n < 3 && isDigit(b[j]!)) { v = v * 10 + b[j]! - 48; j++; n++; }
      if (n === 0 || j >= end || b[j] !== GT || v > 191) return false;
      j++;
      h.level = v & 7; h.facility = v >> 3;
    }
    h.format = 'dmesg-raw';
    h.flags |= Flag.RawLevel;
    const s = skipSpacesMax(b, j, end, 16);
    const k = readBracketStamp(b, s, end, h, st);
    if (k >= 0 && stamp.kind !== Stamp.Delta) {
      kernelText(b, k, end, h);
    } else {
      h.time = NaN; h.wall = NaN;
      const g = findGluedStamp(b, j, end);
      if (g >= 0) {
        // `<3>INFO: ...:[  195.089380] INFO: ...`: the stamped copy wins.
        const after = readBracketTime(b, g, end);
        h.time = num.v;
        h.flags |= Flag.Glued;
        kernelText(b, after, end, h);
      } else {
        h.kind = 'kernel'; h.msgStart = j; h.msgEnd = end;
      }
    }
    trimMarkers(b, h);
    return true;
  },
};
