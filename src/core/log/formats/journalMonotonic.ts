// journalctl -k -o short-monotonic: `[  123.456789] host kernel: msg` (or `[  123.456789] kernel: msg`
// without the host). It looks like a dmesg line, so it is only taken when the tail is plainly a
// journal one: the `kernel:` ident, or `host prog[pid]:`; a host-less `prog[pid]:` is taken only in
// a file already known to be in this format (in dmesg output, `[  3.2] systemd[1]: ...` is kernel
// text).

import type { LineFormat } from './head';
import { SP } from './bytes';
import { Stamp, readBracketStamp, skipLeadingAnsi, stamp } from './stamp';
import { readTail, tail } from './syslogTail';

export const journalMonotonic: LineFormat = {
  id: 'journal-monotonic',
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    const j = readBracketStamp(b, i, end, h, st);
    if (j < 0 || stamp.kind !== Stamp.Secs || j >= end || b[j] !== SP) return false;
    readTail(b, j + 1, end, h);
    if (tail.stamped) return false; // `[t] kernel: [t] msg` is nobody's format
    const mine = st.primary === 'journal-monotonic';
    if (tail.ident === 0) {
      if (!mine) return false;
    } else if (tail.ident === 2 && !(tail.host && tail.pid) && !mine) {
      return false;
    }
    h.format = 'journal-monotonic';
    return true;
  },
};
