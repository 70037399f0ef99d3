// ISO stamps: journalctl -o short-iso (`2022-04-04T01:22:04+0200 host kernel: msg`), -o
// short-iso-precise (`2022-04-04T01:22:04.123456+02:00 ...`) and RFC 3339 syslog files (rsyslog's
// default file format, `2022-04-04T01:22:04.123456+02:00 host kernel: [  99.5] msg`). A kernel
// line with a dmesg stamp after `kernel: ` is 'syslog-rfc3339'; the others 'journal-iso'.

import { type LineFormat } from './head';
import { SP, date, epochSeconds, num, readClock, readFraction, readIsoDate, readZone } from './bytes';
import { readTail, tail } from './syslogTail';
import { skipLeadingAnsi } from './stamp';

export const syslogIso: LineFormat = {
  id: 'journal-iso',
  ids: ['syslog-rfc3339'],
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    let j = readIsoDate(b, i, end);
    if (j < 0 || b[j] !== 84) return false; // 'T'
    const { y, m0, d } = date;
    j = readClock(b, j + 1, end);
    if (j < 0) return false;
    const secs = num.v;
    j = readFraction(b, j, end);
    const frac = num.v;
    j = readZone(b, j, end);
    if (j < 0 || j >= end || b[j] !== SP) return false;
    h.wall = epochSeconds(y, m0, d, 0, 0, 0) + secs + frac - num.v;
    st.year = y;
    readTail(b, j + 1, end, h);
    h.format = tail.stamped || st.primary === 'syslog-rfc3339' ? 'syslog-rfc3339' : 'journal-iso';
    return true;
  },
};
