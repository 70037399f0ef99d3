// Month-day stamps: journalctl -k -o short (`Apr 04 01:22:04 host kernel: msg`), -o short-precise
// (`Apr 04 01:22:04.123456 host kernel: msg`), and syslog's kern.log
// (`Apr  4 01:22:04 host kernel: [   99.5] msg`, which also gives the time since boot). The host
// may be missing (`Jul 28 04:24:10 kernel: msg`). The stamp has no year: st.year is used (from a
// dated line seen earlier, e.g. journal's `-- Logs begin at Mon 2022-04-04 ...`), advanced when
// the month wraps from December to January.
//
// Also journalctl's own lines: `-- Boot 0123abcd... --` and `-- Reboot --` (boot markers),
// `-- Logs begin at ... --`, `-- Journal begins at ... --`, `-- No entries --`.

import { type Head, type LineFormat, type ParseState, Flag } from './head';
import {
  DASH, SP, date, epochSeconds, isDigit, num, readClock, readFraction, readIsoDate, readMonth,
  skipSpacesMax, startsWith, codes,
} from './bytes';
import { readTail, tail } from './syslogTail';
import { skipLeadingAnsi } from './stamp';

const BOOT = codes('Boot '), REBOOT = codes('Reboot ');

/** `Mmm dd HH:MM:SS[.ffffff]` at i: index after it (h.wall set), or -1. num.digits > 0 when a
 * fraction was there. */
function readMonthDay(b: Uint8Array, i: number, end: number, h: Head, st: ParseState): number {
  const m0 = readMonth(b, i, end);
  if (m0 < 0 || b[i + 3] !== SP) return -1;
  let j = skipSpacesMax(b, i + 4, end, 2);
  let day = 0, n = 0;
  while (j < end && n < 2 && isDigit(b[j]!)) { day = day * 10 + b[j]! - 48; j++; n++; }
  if (n === 0 || day < 1 || day > 31 || b[j] !== SP) return -1;
  j = readClock(b, j + 1, end);
  if (j < 0) return -1;
  const secs = num.v;
  const f = readFraction(b, j, end);
  const frac = num.v;
  if (st.lastMonth === 11 && m0 === 0) st.year++;
  st.lastMonth = m0;
  h.wall = epochSeconds(st.year, m0, day, 0, 0, 0) + secs + frac;
  num.digits = f - j;
  return f;
}

/** journalctl's `-- ... --` lines. True (h filled) when the line is one. */
function journalMarker(b: Uint8Array, start: number, end: number, h: Head, st: ParseState): boolean {
  if (end - start < 6 || b[start] !== DASH || b[start + 1] !== DASH || b[start + 2] !== SP ||
      b[end - 1] !== DASH || b[end - 2] !== DASH || b[end - 3] !== SP) return false;
  const p = st.primary;
  h.format = p === 'journal-precise' || p === 'journal-iso' || p === 'journal-monotonic' ? p : 'journal-short';
  h.kind = 'other';
  if (startsWith(b, start + 3, end, BOOT) || startsWith(b, start + 3, end, REBOOT)) {
    h.flags |= Flag.BootMarker;
  } else {
    // `-- Logs begin at Mon 2022-04-04 01:22:04 CEST, end at ... --`: the year the short stamps lack.
    const stop = start + 64 < end ? start + 64 : end;
    for (let k = start + 3; k < stop; k++) {
      if (isDigit(b[k]!) && readIsoDate(b, k, end) >= 0) { st.year = date.y; st.lastMonth = date.m0; break; }
    }
  }
  return true;
}

export const syslog: LineFormat = {
  id: 'journal-short',
  ids: ['journal-precise', 'syslog'],
  parse(b, start, end, h, st) {
    if (journalMarker(b, start, end, h, st)) return true;
    const i = skipLeadingAnsi(b, start, end, h);
    const j = readMonthDay(b, i, end, h, st);
    if (j < 0 || j >= end || b[j] !== SP) return false;
    const precise = num.digits > 0;
    readTail(b, j + 1, end, h);
    h.format = tail.stamped || st.primary === 'syslog' ? 'syslog' : precise ? 'journal-precise' : 'journal-short';
    return true;
  },
};
