// Serial consoles glue lines together: a login prompt, or the raw copy of a message, with a
// kernel line right after it (`isob2 login: [  709.689951] INFO: ...`). We look for a dmesg
// stamp only within a bounded prefix, so a 200 kB line of junk costs no more than its scan.

import { LBRACK } from './bytes';
import { readBracketTime } from './dmesg';

/** How far into a line a glued stamp is looked for. */
export const GLUE_WINDOW = 128;

/** Index of the `[` of a numeric dmesg stamp in b[i, i + GLUE_WINDOW), or -1. */
export function findGluedStamp(b: Uint8Array, i: number, end: number): number {
  const stop = i + GLUE_WINDOW < end ? i + GLUE_WINDOW : end;
  for (let k = i; k < stop; k++) {
    if (b[k] === LBRACK && readBracketTime(b, k, end) >= 0) return k;
  }
  return -1;
}
