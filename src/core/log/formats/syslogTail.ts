// What follows the time stamp in syslog and journal lines: `[host] [fac.level] ident[pid]: msg`.
// Shared by the month-day (`Apr  4 01:22:04`), ISO, monotonic and macOS-wrapped parsers.
// Only the `kernel` ident makes a kernel record; other programs' lines are kept as 'other'.
// A kern.log line carries the dmesg stamp after `kernel: ` (`kernel: [  99.5] msg`).

import { type Head, FACILITIES } from './head';
import { COLON, DOT, LBRACK, SP, TAB, matchName, num, skipSpacesMax } from './bytes';
import { kernelText } from './stamp';
import { readBracketTime } from './dmesg';

/** What the last readTail found. */
export const tail = {
  /** 0: no `ident:` token; 1: the kernel; 2: another program. */
  ident: 0,
  /** A host name came before the ident. */
  host: false,
  /** The ident had a `[pid]`. */
  pid: false,
  /** A dmesg stamp followed `kernel: ` (kern.log). */
  stamped: false,
};

/** A host name or ident is at most this long; longer runs are not a syslog prefix. */
const MAX_TOKEN = 256;

const KERNEL = ['kernel'];
/** syslog priority names (and their aliases) to printk levels. */
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug', 'panic', 'error', 'warning'];
const LEVEL_OF = [0, 1, 2, 3, 4, 5, 6, 7, 0, 3, 4];

function tokenEnd(b: Uint8Array, i: number, end: number): number {
  const stop = i + MAX_TOKEN < end ? i + MAX_TOKEN : end;
  while (i < stop && b[i] !== SP && b[i] !== TAB) i++;
  return i;
}

/** `fac.level` (busybox syslogd, macOS ASL) in b[i, e): sets h.facility/level, true when it is one. */
function facLevel(b: Uint8Array, i: number, e: number, h: Head): boolean {
  let dot = -1;
  for (let k = i; k < e; k++) if (b[k] === DOT) { dot = k; break; }
  if (dot < 0) return false;
  const f = matchName(b, i, dot, FACILITIES);
  const l = matchName(b, dot + 1, e, LEVEL_NAMES);
  if (f < 0 || l < 0) return false;
  h.facility = f; h.level = LEVEL_OF[l]!;
  return true;
}

/**
 * Read the tail at i (just after the stamp's space) into h: kind 'kernel' for the kernel's lines,
 * 'other' otherwise (with msgStart at the message, or at i when there is no `ident:`).
 */
export function readTail(b: Uint8Array, i: number, end: number, h: Head): void {
  tail.ident = 0; tail.host = false; tail.pid = false; tail.stamped = false;
  h.kind = 'other'; h.msgStart = i; h.msgEnd = end;
  let s = i;
  // Up to three tokens: [host] [fac.level] ident:
  for (let n = 0; n < 3 && s < end; n++) {
    const e = tokenEnd(b, s, end);
    if (e === s || e - s >= MAX_TOKEN) return;
    if (b[e - 1] === COLON) { ident(b, s, e - 1, end, h); return; }
    if (!facLevel(b, s, e, h)) {
      if (n > 0) return; // only the host may come before fac.level
      tail.host = true;
    }
    s = skipSpacesMax(b, e, end, 16);
  }
}

function ident(b: Uint8Array, s: number, e: number, end: number, h: Head): void {
  let nameEnd = e;
  for (let k = s; k < e; k++) if (b[k] === LBRACK) { nameEnd = k; tail.pid = true; break; }
  let m = e + 1;
  if (m < end && b[m] === SP) m++;
  h.msgStart = m;
  if (matchName(b, s, nameEnd, KERNEL) < 0) {
    tail.ident = 2;
    return;
  }
  tail.ident = 1;
  h.kind = 'kernel';
  const j = readBracketTime(b, m, end);
  if (j >= 0) {
    h.time = num.v;
    tail.stamped = true;
    kernelText(b, j, end, h);
  }
}
