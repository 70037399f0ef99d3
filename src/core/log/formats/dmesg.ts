// dmesg's default format: `[  131.102161] msg`, with the optional printk caller id
// (`[  131.102161] [ T1234] msg`, `[  315.849979][   T61] msg`, `[C1]`), and dmesg -d
// (`[  131.102161 <    0.000034>] msg`, delta-only `[<    0.000034>] msg`) as 'dmesg-delta'.
// The reference for how a LineFormat is written: bytes in, a Head out, no allocation.

import { type Head, type LineFormat, Flag } from './head';
import { num } from './bytes';
import {
  Stamp, isBrokenStamp, kernelText, readBracketStamp, readBracketlessTime, readCaller,
  skipLeadingAnsi, stamp,
} from './stamp';

export { readCaller };

/** Read `[ sss.uuuuuu]` at i. Returns the index after `]`, or -1. The time is in num.v. */
export function readBracketTime(b: Uint8Array, i: number, end: number): number {
  const h = scratch;
  h.time = NaN;
  const j = readBracketStamp(b, i, end, h, null);
  if (j < 0 || (stamp.kind !== Stamp.Secs && stamp.kind !== Stamp.SecsDelta)) return -1;
  num.v = h.time;
  return j;
}
const scratch = { time: NaN, wall: NaN } as Head;

export const dmesg: LineFormat = {
  id: 'dmesg',
  ids: ['dmesg-delta'],
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    const j = readBracketStamp(b, i, end, h, st);
    if (j >= 0) {
      const k = stamp.kind;
      if (k === Stamp.Secs) h.format = 'dmesg';
      else if (k === Stamp.SecsDelta || k === Stamp.Delta) h.format = 'dmesg-delta';
      else return false; // a ctime stamp: dmesg -T's parser takes it
      kernelText(b, j, end, h);
      return true;
    }
    if (isBrokenStamp(b, i, end)) {
      // `[  12.34` cut off: say so rather than pass it as text of unknown origin.
      h.format = 'dmesg'; h.kind = 'other'; h.flags |= Flag.BadTime;
      return true;
    }
    if (i === start) {
      const k = readBracketlessTime(b, i, end);
      if (k >= 0) {
        // `34107.703635] rcu: ...`: the stamp lost its `[` but is unmistakable.
        h.time = num.v; h.format = 'dmesg'; h.flags |= Flag.BadTime;
        kernelText(b, k, end, h);
        return true;
      }
    }
    return false;
  },
};
