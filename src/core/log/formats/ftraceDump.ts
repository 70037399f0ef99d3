// The ftrace buffer as a console shows it after `Dumping ftrace buffer:` (ftrace_dump(), e.g. on
// an oops with ftrace_dump_on_oops): the latency format, one event per printk line, usually behind
// a dmesg stamp, between two lines of dashes:
//
//   [  192.529132] Dumping ftrace buffer:
//   [  192.529132] ---------------------------------
//   [  192.529132] CPU:0 [LOST 2282 EVENTS]
//   [  192.529132]  rcuop/0-12        0.... 75809163us : rcu_invoke_callback: rcu_preempt rhp=...
//   [  192.560539] ---------------------------------
//
// The kernel prints the task as `%8.8s-%-7d %3d` (older: `%-5d`) then 4 or 5 flag characters,
// then ` %4lldus` and a delay mark before `:`. The comm is cut to 8 characters, so the dash after
// it is always at the 9th column: that is the O(1) check that lets every kernel line be tested.

import { type Head, type LineFormat } from './head';
import { COLON, DASH, ESC, LBRACK, SP, isDigit, num, readUint, skipSpacesMax } from './bytes';
import { dmesg } from './dmesg';
import { readEvent } from './ftrace';

/** trace_find_mark(): the delay marks printed after `us`. */
function isMark(c: number): boolean {
  return c === SP || c === 33 || c === 35 || c === 36 || c === 42 || c === 43 || c === 64 || c === 62;
}

/** Parse a latency-format event at p (the comm's first column) into h. */
export function parseLatencyAt(b: Uint8Array, p: number, end: number, h: Head): boolean {
  if (p + 10 >= end || b[p + 8] !== DASH || !isDigit(b[p + 9]!)) return false;
  let j = readUint(b, p + 9, end);
  const pid = num.v;
  const s = skipSpacesMax(b, j, end, 16);
  if (s === j) return false;
  j = readUint(b, s, end);
  if (j < 0) return false;
  const cpu = num.v;
  let f = j;
  while (f < end && f - j < 7 && b[f] !== SP) f++;
  if (f - j < 3 || f - j > 6) return false;
  j = skipSpacesMax(b, f, end, 16);
  const u = readUint(b, j, end);
  if (u < 0 || u + 3 >= end || b[u] !== 117 || b[u + 1] !== 115 || !isMark(b[u + 2]!) || b[u + 3] !== COLON) return false;
  h.time = num.v / 1e6;
  h.pid = pid; h.cpu = cpu;
  h.taskStart = skipSpacesMax(b, p, p + 8, 8); h.taskEnd = p + 8;
  readEvent(b, u + 4, end, h);
  h.format = 'ftrace-dump';
  return true;
}

/** Lines of the dump, bare (a console without printk times) or behind a dmesg stamp. (In a file of
 * another format, dmesg lines holding dump events are found by afterKernel.) */
export const ftraceDump: LineFormat = {
  id: 'ftrace-dump',
  parse(b, start, end, h, st) {
    if (parseLatencyAt(b, start, end, h)) return true;
    if (b[start] !== LBRACK && b[start] !== ESC) return false;
    return dmesg.parse(b, start, end, h, st) && h.kind === 'kernel' && parseLatencyAt(b, h.msgStart, end, h);
  },
};
