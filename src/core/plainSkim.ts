// The analyzer's own loop over runs of plain dmesg lines that cannot matter (most lines of a big
// log): it finds line ends itself and does for each line what Analyzer.line's fast path would,
// without a call per line from the splitter. The kernel's `[%5lu.%06lu] ` stamp is read inline
// (as plainDmesg's first branch reads it); other lines go to plainDmesg. It stops at the first
// line it is not sure of, which then goes the general way. test/unit/analyze.test.ts compares
// analyses with and without it.

import type { ByteIndexOf } from './lines';
import type { PrefixTrie } from './prefixes';
import type { LineTimes } from './lineTimes';
import type { BootTracker } from './boots';
import { plainDmesg, plainMessage, plainTime } from './formats/dmesgFast';
import { DOT, LBRACK, RBRACK, SP } from './formats/bytes';

export class PlainSkimmer {
  /** Lines taken by the last skim(). */
  taken = 0;
  /** Prefix width of the last line taken (the parser's prevIndent). */
  indent = -1;

  constructor(
    private readonly idx: ByteIndexOf,
    private readonly maxLine: number,
    private readonly prefixes: PrefixTrie,
    private readonly times: LineTimes,
    private readonly boots: BootTracker,
  ) {}

  /** Take lines of b from s (numbered from lineNo) while each is a plain dmesg line with no
   * prefix of interest; returns where the first line not taken starts. */
  skim(b: Uint8Array, s: number, lineNo: number): number {
    const idx = this.idx, max = this.maxLine, prefixes = this.prefixes, times = this.times, boots = this.boots;
    let line = lineNo, e: number, m: number, t: number;
    while ((e = idx(b, 10, s)) !== -1 && e - s <= max) {
      const w = b[s] === LBRACK && b[s + 6] === DOT && b[s + 13] === RBRACK && b[s + 14] === SP ? seconds5(b, s + 1) : -1;
      const f = w >= 0 ? micros6(b, s + 7) : -1;
      if (f >= 0) {
        m = plainMessage(b, s + 15, e);
        t = w + f / 1e6;
      } else {
        m = plainDmesg(b, s, e);
        t = plainTime[0]!;
      }
      if (m < 0 || prefixes.match(b, m, e) !== 0) break;
      times.set(line, t);
      if (!boots.rising(line, t)) boots.time(line, t, 'kernel');
      this.indent = m - s;
      line++;
      s = e + 1;
    }
    this.taken = line - lineNo;
    return s;
  }
}

/** `%5lu` at i: up to four spaces, then digits to i + 5; -1 otherwise. */
function seconds5(b: Uint8Array, i: number): number {
  let k = i;
  const end = i + 5;
  while (k < end - 1 && b[k] === SP) k++;
  let w = 0;
  for (; k < end; k++) {
    const d = b[k]! - 48;
    if (d >>> 0 > 9) return -1;
    w = w * 10 + d;
  }
  return w;
}

/** `%06lu` at i: six digits; -1 otherwise. */
function micros6(b: Uint8Array, i: number): number {
  let f = 0;
  for (let k = i; k < i + 6; k++) {
    const d = b[k]! - 48;
    if (d >>> 0 > 9) return -1;
    f = f * 10 + d;
  }
  return f;
}
