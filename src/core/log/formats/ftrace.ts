// ftrace text: the tracefs `trace` file and `trace-cmd report`.
//
//   tracefs:   `           <...>-29      [001] ..... 21950.152578: rcu_batch_end: rcu_preempt ...`
//   with TGID: `            bash-1977    (   1977) [000] ...1  1234.5678: ...`  (`(-------)` unknown)
//   trace-cmd: `          <idle>-0     [002]  8965.925383: rcu_utilization:      Start context switch`
//              (latency flags optional; its first line is `cpus=4`)
//
// Task names may hold spaces and dashes (`kworker/0:1-events`): the pid is the digits after the
// LAST dash before the CPU column. Header lines (`# tracer: nop`, the column legend) are 'other'.
// The `console` event (printk text with the task that printed it) is a kernel record; every other
// event is a 'trace' record with the event name and its arguments as the message.

import { type Head, type LineFormat } from './head';
import {
  COLON, DASH, DOT, LBRACK, RBRACK, SP, codes, isDigit, num, readSeconds, readUint, skipSpacesMax,
  startsWith,
} from './bytes';
import { readBracketTime, readCaller } from './dmesg';

const LPAREN = 40, RPAREN = 41, HASH = 35;
const CPUS = codes('cpus='), CONSOLE = codes('console');

/** How far from the task name's start its dash may be (a comm is at most 15 characters). */
const TASK_WINDOW = 32;

export function isEventChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === DOT;
}

/**
 * The event part after the timestamp's `:` at i: `event: args`. Fills the event range and the
 * message (the arguments) and sets the kind: 'kernel' for `console` (its message is the printk
 * text, without the printk stamp it carries), 'trace' otherwise. A line without an `event:` (the
 * function tracer's `func <-parent`) keeps the whole rest as its message.
 */
export function readEvent(b: Uint8Array, i: number, end: number, h: Head): void {
  const e = skipSpacesMax(b, i, end, 8);
  h.kind = 'trace';
  h.msgStart = e; h.msgEnd = end;
  const stop = e + 64 < end ? e + 64 : end;
  let k = e;
  while (k < stop && isEventChar(b[k]!)) k++;
  if (k === e || k >= end || b[k] !== COLON || (k + 1 < end && b[k + 1] !== SP)) return;
  h.eventStart = e; h.eventEnd = k;
  const a = skipSpacesMax(b, k + 1, end, 32);
  h.msgStart = a;
  if (k - e === CONSOLE.length && startsWith(b, e, end, CONSOLE)) {
    h.kind = 'kernel';
    const t = readBracketTime(b, a, end);
    if (t >= 0) {
      let m = readCaller(b, t, end, h);
      if (m < end && b[m] === SP) m++;
      h.msgStart = m;
    }
  }
}

/** The timestamp `sss.uuuuuu:` at i (or a raw counter clock's `nnnn:`). Index after `:` (time
 * in h), or -1. */
function readTraceTime(b: Uint8Array, i: number, end: number, h: Head): number {
  let t = readSeconds(b, i, end);
  if (t >= 0 && t < end && b[t] === COLON) { h.time = num.v; return t + 1; }
  t = readUint(b, i, end);
  if (t >= 0 && t < end && b[t] === COLON) return t + 1; // counter clock: not seconds
  return -1;
}

/**
 * Parse a tracefs / trace-cmd line starting at p into h. False (h untouched) when it is not one.
 * The task-pid is found as a dash and digits, within TASK_WINDOW of the task's start, followed by
 * padding, an optional `(tgid)` column and `[cpu]`: each dash is tried in turn (a comm may hold
 * dashes), with bounded work per try, so a line that is not a trace costs one short scan.
 */
export function parseTraceAt(b: Uint8Array, p: number, end: number, h: Head): boolean {
  const s = skipSpacesMax(b, p, end, 32);
  const stop = s + TASK_WINDOW < end ? s + TASK_WINDOW : end;
  for (let d = s + 1; d < stop; d++) {
    if (b[d] !== DASH || !isDigit(b[d + 1]!)) continue;
    const pe = readUint(b, d + 1, end);
    const pid = num.v;
    let k = skipSpacesMax(b, pe, end, 16);
    if (k === pe) continue;
    if (b[k] === LPAREN) {
      // The TGID column: `(   1977)` or `(-------)`.
      let r = k + 1;
      while (r < end && r - k < 12 && (b[r] === SP || b[r] === DASH || isDigit(b[r]!))) r++;
      if (b[r] !== RPAREN) continue;
      k = skipSpacesMax(b, r + 1, end, 8);
    }
    if (b[k] !== LBRACK || !isDigit(b[k + 1]!)) continue;
    const ce = readUint(b, k + 1, end);
    if (b[ce] !== RBRACK) continue;
    const cpu = num.v;
    // Latency flags (`d..1.`, `....`) are optional (trace-cmd without -l, irq-info off).
    let j = skipSpacesMax(b, ce + 1, end, 8);
    let t = readTraceTime(b, j, end, h);
    if (t < 0) {
      let f = j;
      while (f < end && f - j < 8 && b[f] !== SP) f++;
      if (f === j || f - j >= 8) return false;
      j = skipSpacesMax(b, f, end, 16);
      t = readTraceTime(b, j, end, h);
      if (t < 0) return false;
    }
    h.cpu = cpu; h.pid = pid; h.taskStart = s; h.taskEnd = d;
    readEvent(b, t, end, h);
    return true;
  }
  return false;
}

export const ftrace: LineFormat = {
  id: 'ftrace',
  parse(b, start, end, h, st) {
    const c = b[start];
    if (c === HASH) {
      // The header of a trace file (`# tracer: nop`, the column legend).
      if (st.primary !== 'ftrace') return false;
      h.format = 'ftrace'; h.kind = 'other';
      return true;
    }
    if (c === 99 && startsWith(b, start, end, CPUS)) {
      // trace-cmd report's first line: `cpus=4`.
      const j = readUint(b, start + CPUS.length, end);
      if (j !== end) return false;
      h.format = 'ftrace'; h.kind = 'other';
      return true;
    }
    if (!parseTraceAt(b, start, end, h)) return false;
    h.format = 'ftrace';
    return true;
  },
};
