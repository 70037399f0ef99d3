// What a kernel message itself says about the log, checked on every kernel record after its
// prefix is read (O(1) unless the message starts like one of these):
// - an ftrace event printed by ftrace_dump() (latency format, or tracefs format inside a dump);
// - the dump's frame: `Dumping ftrace buffer:`, the dashes that open and close it,
//   `CPU:0 [LOST 2282 EVENTS]`;
// - lost messages: `** 12 printk messages dropped **`, `printk: 5 messages suppressed.`.

import { type Head, type ParseState, Flag } from './head';
import { DASH, SP, codes, num, readUint, startsWith } from './bytes';
import { parseLatencyAt } from './ftraceDump';
import { parseTraceAt } from './ftrace';

const DUMPING = codes('Dumping ftrace buffer:');
const CPU = codes('CPU:'), LOST = codes(' [LOST '), EVENTS = codes(' EVENTS]');
const DROPPED_HEAD = codes('** '), DROPPED_TAIL = codes(' printk messages dropped');
const SUPPRESSED_HEAD = codes('printk: '), SUPPRESSED_TAIL = codes(' messages suppressed');
/** The first words of the notices above that start with a letter or `*`: a message starting
 * otherwise is none of them (formats/dmesgFast.ts takes such lines without the full parser). */
export const NOTICE_STARTS: readonly (readonly number[])[] = [DUMPING, DROPPED_HEAD, SUPPRESSED_HEAD];

/** A line of at least 10 dashes and nothing else (the dump's frame). */
function isDashes(b: Uint8Array, i: number, end: number): boolean {
  let j = i;
  while (j < end && b[j] === DASH) j++;
  if (j - i < 10) return false;
  while (j < end && b[j] === SP) j++;
  return j === end;
}

/** `<head>N<tail>` at i: N, or -1. */
function countBetween(b: Uint8Array, i: number, end: number, head: readonly number[], tail: readonly number[]): number {
  if (!startsWith(b, i, end, head)) return -1;
  const j = readUint(b, i + head.length, end);
  if (j < 0 || !startsWith(b, j, end, tail)) return -1;
  return num.v;
}

function lost(h: Head, n: number): void {
  h.flags |= Flag.Lost;
  h.lost = n;
}

/** Refine a kernel record h (of the line starting at start) from its message. */
export function afterKernel(b: Uint8Array, h: Head, st: ParseState): void {
  const m = h.msgStart, end = h.msgEnd;
  if (m >= end) return;
  const c = b[m]!;
  if (parseLatencyAt(b, m, end, h)) return;
  if (c === 68 && startsWith(b, m, end, DUMPING)) { // 'D'
    st.dumpHeader = true; st.inFtraceDump = false;
    return;
  }
  if (c === DASH && isDashes(b, m, end)) {
    if (st.dumpHeader) { st.dumpHeader = false; st.inFtraceDump = true; } else st.inFtraceDump = false;
    return;
  }
  st.dumpHeader = false;
  if (st.inFtraceDump) {
    if (c === 67 && startsWith(b, m, end, CPU)) { // `CPU:0 [LOST 2282 EVENTS]`
      const k = readUint(b, m + CPU.length, end);
      if (k > 0 && startsWith(b, k, end, LOST)) {
        const e = readUint(b, k + LOST.length, end);
        if (e > 0 && startsWith(b, e, end, EVENTS)) lost(h, num.v);
        return;
      }
    }
    if (parseTraceAt(b, m, end, h)) { h.format = 'ftrace-dump'; return; }
    st.inFtraceDump = false;
  }
  if (c === 42) { // '*'
    const n = countBetween(b, m, end, DROPPED_HEAD, DROPPED_TAIL);
    if (n >= 0) lost(h, n);
  } else if (c === 112) { // 'p'
    const n = countBetween(b, m, end, SUPPRESSED_HEAD, SUPPRESSED_TAIL);
    if (n >= 0) lost(h, n);
  }
}
