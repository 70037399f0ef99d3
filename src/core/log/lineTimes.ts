// Line times, kept only where they can be asked for: run, phase and boot bounds are timed at the
// end, at lines known only then, by "the time of this line or of the nearest earlier line that
// has one" (analyze.ts timeAt).
//
// Every line the general path decodes is recorded (with NaN when it has no time). Of the runs of
// plain lines the skim loops take (log/plainSkim.ts, log/ftraceSkim.ts: most lines of a big log),
// only the last line is recorded, and the lines on either side of a jump back in time. The lines
// asked for are event lines, the line before one, boot ends and the last line: each is either
// decoded or ends a skimmed run, so the nearest recorded timed line at or before any of them is
// the nearest timed line, as if every line were kept. (The analyses with and without the skim
// loops are compared in test/unit/analyze.test.ts, ftrace-skim.test.ts and harden-fastpath.test.ts;
// without them every line is recorded.) A plain log's times then cost a few bytes per hundred
// lines instead of eight bytes a line, and the skim loops store nothing per line.

import { objects } from '../objects';

const SHIFT = 14, SIZE = 1 << SHIFT, MASK = SIZE - 1;

export class LineTimes {
  /** Recorded lines in increasing order, and their times, in blocks of SIZE entries. */
  private readonly lineBlocks = objects<Int32Array>();
  private readonly timeBlocks = objects<Float64Array>();
  private n = 0;
  private last = -1;

  /** Record line's time (NaN: none). Lines come in increasing order; the same line again replaces it. */
  set(line: number, t: number): void {
    let i = this.n;
    if (line === this.last) i--;
    else if (line < this.last) return; // never happens: lines come in order
    else {
      if ((i & MASK) === 0 && (i >>> SHIFT) === this.lineBlocks.length) {
        this.lineBlocks.push(new Int32Array(SIZE));
        this.timeBlocks.push(new Float64Array(SIZE));
      }
      this.lineBlocks[i >>> SHIFT]![i & MASK] = line;
      this.n = i + 1;
      this.last = line;
    }
    this.timeBlocks[i >>> SHIFT]![i & MASK] = t;
  }

  /** The nearest recorded line from `line` back to `min` that has a time: its entry (for
   * lineOf/timeOf), or -1. */
  nearestTimed(line: number, min: number): number {
    for (let i = this.atOrBefore(line); i >= 0; i--) {
      if (this.lineOf(i) < min) return -1;
      if (!Number.isNaN(this.timeOf(i))) return i;
    }
    return -1;
  }

  lineOf(i: number): number {
    return this.lineBlocks[i >>> SHIFT]![i & MASK]!;
  }

  timeOf(i: number): number {
    return this.timeBlocks[i >>> SHIFT]![i & MASK]!;
  }

  /** The last entry whose line is ≤ line, or -1 (bisection over the entries). */
  private atOrBefore(line: number): number {
    let lo = 0, hi = this.n; // answer in [lo - 1, hi)
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.lineOf(m) <= line) lo = m + 1; else hi = m;
    }
    return lo - 1;
  }
}
