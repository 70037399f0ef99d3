// dmesg --time-format iso: `2022-04-04T01:22:04,123456+02:00 msg` (util-linux prints the
// fraction after a comma, which is what tells it from an RFC 3339 syslog stamp).

import type { LineFormat } from './head';
import { SP } from './bytes';
import { kernelText, readDmesgIso, skipLeadingAnsi } from './stamp';

export const dmesgIso: LineFormat = {
  id: 'dmesg-iso',
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    const j = readDmesgIso(b, i, end, h, st);
    if (j < 0 || (j < end && b[j] !== SP)) { h.wall = NaN; return false; }
    h.format = 'dmesg-iso';
    kernelText(b, j, end, h);
    return true;
  },
};
