// dmesg -T: `[Mon Apr  4 01:22:04 2022] msg` (also with -d: `[Mon Apr  4 01:22:04 2022 <  0.000034>]`).
// The stamp is local wall-clock time without a zone; we keep it as if it were UTC.

import type { LineFormat } from './head';
import { Stamp, kernelText, readBracketStamp, skipLeadingAnsi, stamp } from './stamp';

export const dmesgCtime: LineFormat = {
  id: 'dmesg-ctime',
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    const j = readBracketStamp(b, i, end, h, st);
    if (j < 0 || (stamp.kind !== Stamp.Ctime && stamp.kind !== Stamp.CtimeDelta)) return false;
    h.format = 'dmesg-ctime';
    kernelText(b, j, end, h);
    return true;
  },
};
