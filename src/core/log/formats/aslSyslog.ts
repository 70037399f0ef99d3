// A VM's syslog as macOS's log shows it (Docker for Mac, corpus syslog-macos-*):
// `<Error>: VM: 2016-08-03 04:35:57 +0000 UTC kern.error kernel: msg` — the ASL level and sender,
// then a Go-style date, then the guest's `facility.level ident:`. The facility and level come from
// `kern.error`; there is no time since boot. Lines are tagged 'syslog'.

import type { LineFormat } from './head';
import { COLON, GT, LT, SP, date, epochSeconds, isAlpha, num, readClock, readIsoDate, readZone, wordEnd } from './bytes';
import { readTail } from './syslogTail';

export const aslSyslog: LineFormat = {
  id: 'syslog',
  parse(b, start, end, h) {
    if (b[start] !== LT) return false;
    let j = wordEnd(b, start + 1, end, 16);
    if (j === start + 1 || b[j] !== GT || b[j + 1] !== COLON || b[j + 2] !== SP) return false;
    // The sender (`VM:`).
    const s = j + 3;
    j = wordEnd(b, s, end, 32);
    if (j === s || b[j] !== COLON || b[j + 1] !== SP) return false;
    j = readIsoDate(b, j + 2, end);
    if (j < 0 || b[j] !== SP) return false;
    const { y, m0, d } = date;
    j = readClock(b, j + 1, end);
    if (j < 0 || b[j] !== SP) return false;
    const secs = num.v;
    j = readZone(b, j + 1, end);
    if (j < 0) return false;
    const zone = num.v;
    if (b[j] === SP && isAlpha(b[j + 1]!)) j = wordEnd(b, j + 1, end, 8); // `UTC`
    if (j >= end || b[j] !== SP) return false;
    h.wall = epochSeconds(y, m0, d, 0, 0, 0) + secs - zone;
    readTail(b, j + 1, end, h);
    h.format = 'syslog';
    return true;
  },
};
