// dmesg -x (--decode): `kern  :info  : [    0.2] msg`. util-linux prints `%-6s:%-6s: ` (facility
// and level names) before whatever time format was asked for (or none, with -t).

import { type LineFormat, LEVELS } from './head';
import { COLON, SP, matchName, skipSpacesMax, wordEnd } from './bytes';
import { kernelText, readBracketStamp, readDmesgIso, skipLeadingAnsi } from './stamp';

/** util-linux's facility names, by number (12..15 are reserved: `res0`..`res3`). */
const DMESG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv',
  'ftp', 'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5',
  'local6', 'local7',
];

export const dmesgDecoded: LineFormat = {
  id: 'dmesg-decoded',
  parse(b, start, end, h, st) {
    const i = skipLeadingAnsi(b, start, end, h);
    const fe = wordEnd(b, i, end, 8);
    const fac = matchName(b, i, fe, DMESG_FACILITIES);
    if (fac < 0) return false;
    let j = skipSpacesMax(b, fe, end, 8);
    if (b[j] !== COLON) return false;
    const ls = j + 1;
    const le = wordEnd(b, ls, end, 6);
    const lvl = matchName(b, ls, le, LEVELS);
    if (lvl < 0) return false;
    j = skipSpacesMax(b, le, end, 8);
    if (b[j] !== COLON || (j + 1 < end && b[j + 1] !== SP)) return false;
    j = j + 2 < end ? j + 2 : end;
    h.facility = fac; h.level = lvl; h.format = 'dmesg-decoded';
    const k = readBracketStamp(b, j, end, h, st);
    if (k >= 0) {
      kernelText(b, k, end, h);
      return true;
    }
    const z = readDmesgIso(b, j, end, h, st);
    kernelText(b, z >= 0 ? z : j, end, h);
    return true;
  },
};
