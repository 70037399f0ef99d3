// Which scenario readers were inside their critical section at a line (a stall report's or a
// kernel RCU warning's): asked once a report, and a stall storm has 150,000 reports while a log
// of repeated reader-begin lines has a million readers. Scanning every run and reader per report was
// quadratic in time, and listing every open reader in every report quadratic in memory and output.
// Here runs are found by bisection, the count is exact from two sorted arrays per run, and only
// the first MAX_NAMED_OPEN_READERS open readers are named; openReaderCount says how many there were.

import type { Run } from './model';

/** Open readers named in a stall report or warning; the rest are counted. */
export const MAX_NAMED_OPEN_READERS = 8;
/** Readers looked at to find the named ones (the count never depends on it). */
const MAX_SCAN = 2000;

interface OpenReader { run: number; reader: number; task: string }

const NOTHING_OPEN: { named: readonly OpenReader[]; count: number } = Object.freeze({ named: Object.freeze([]), count: 0 });

interface RunIndex {
  run: Run;
  /** Each reader's first line (begin, else path line), in reader order, which is line order. */
  starts: number[];
  /** Reader indices of `starts`. */
  ids: number[];
  /** End lines of those readers that ended, sorted. */
  ends: number[];
}

/** #{x in sorted a : x < v} */
function below(a: readonly number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m]! < v) lo = m + 1; else hi = m; }
  return lo;
}

export class OpenReaderIndex {
  /** Runs cut into series whose line spans do not overlap and come in order (the profile's runs,
   * each pattern's): in each, at most one run holds a line, found by bisection. */
  private readonly series: Run[][] = [];
  private readonly built = new Map<Run, RunIndex>();

  constructor(runs: readonly Run[]) {
    let cur: Run[] = [];
    for (const r of runs) {
      const last = cur[cur.length - 1];
      if (last && (r.startLine <= last.endLine || r.boot < last.boot)) { this.series.push(cur); cur = []; }
      cur.push(r);
    }
    if (cur.length) this.series.push(cur);
  }

  /** Readers inside at `line` of `boot`: a few named, all counted. */
  at(boot: number, line: number): { named: readonly OpenReader[]; count: number } {
    let named: OpenReader[] | null = null;
    let count = 0;
    for (let k = 0; k < this.series.length; k++) {
      const s = this.series[k]!;
      // the last run starting at or before the line
      let lo = 0, hi = s.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (s[m]!.startLine <= line) lo = m + 1; else hi = m; }
      const run = s[lo - 1];
      if (!run || run.boot !== boot || line > run.endLine) continue;
      const ix = this.index(run);
      const begun = below(ix.starts, line);          // began before the line
      const n = begun - below(ix.ends, line + 1);     // less those that ended at or before it
      if (n <= 0) continue;
      count += n;
      named ??= [];
      for (let i = 0, seen = 0; i < begun && named.length < MAX_NAMED_OPEN_READERS && seen < MAX_SCAN; i++, seen++) {
        const rd = run.readers[ix.ids[i]!]!;
        if (rd.endLine === null || rd.endLine > line) named.push({ run: run.id, reader: rd.id, task: rd.task });
      }
    }
    // (a storm asks for each of its reports, most with nothing open: the answer is then shared)
    return count === 0 ? NOTHING_OPEN : { named: named ?? [], count };
  }

  private index(run: Run): RunIndex {
    let ix = this.built.get(run);
    if (ix) return ix;
    const starts: number[] = [], ids: number[] = [], ends: number[] = [];
    run.readers.forEach((rd, i) => {
      const s = rd.beginLine ?? rd.pathLine;
      if (s === null || (rd.endLine !== null && rd.endLine <= s)) return; // never open at any line
      starts.push(s);
      ids.push(i);
      if (rd.endLine !== null) ends.push(rd.endLine);
    });
    // readers come in begin order; sort anyway, so an odd order costs time, never correctness
    if (starts.some((s, i) => i > 0 && s < starts[i - 1]!)) {
      const order = starts.map((_s, i) => i).sort((a, b) => starts[a]! - starts[b]! || a - b);
      const s2 = order.map((i) => starts[i]!), i2 = order.map((i) => ids[i]!);
      for (let i = 0; i < order.length; i++) { starts[i] = s2[i]!; ids[i] = i2[i]!; }
    }
    ends.sort((a, b) => a - b);
    this.built.set(run, ix = { run, starts, ids, ends });
    return ix;
  }
}
