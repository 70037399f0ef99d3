// Line → model lookups for the editor views (hover, status bar, CodeLens): which event, run, phase,
// reader, grace period, stall or violation a given line belongs to. Built once per Analysis; every
// lookup is a map hit or a binary search, so a hover on a million-line log stays instant.
// Pure indexing: it reads the model and decides nothing about RCU.

import type { Analysis, GracePeriod, LogEvent, Phase, Reader, Run, Stall, Violation } from '../model';

interface PhaseAt { run: Run; phase: Phase }
interface ReaderAt { run: Run; reader: Reader; role: 'begin' | 'path' | 'end' }
interface GpAt { run: Run; gp: GracePeriod; role: 'begin' | 'end' }

export interface LineIndex {
  readonly analysis: Analysis;
  eventAt(line: number): LogEvent | undefined;
  runAt(line: number): Run | undefined;
  phaseAt(line: number): PhaseAt | undefined;
  readerAt(line: number): ReaderAt | undefined;
  /** The grace periods that begin or end on this line (an updater line can be both in odd logs). */
  gpsAt(line: number): GpAt[];
  stallAt(line: number): Stall | undefined;
  violationsAt(line: number): Violation[];
  /** Violations that name this line as related (the other lines involved). */
  relatedViolationsAt(line: number): Violation[];
}

/** Last index i with key(arr[i]) <= x, or -1. arr sorted by key. */
function floorIndex<T>(arr: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0, hi = arr.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]!) <= x) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

export function buildLineIndex(a: Analysis): LineIndex {
  const events = new Map<number, LogEvent>();
  for (const e of a.events) if (!events.has(e.line)) events.set(e.line, e);

  const readers = new Map<number, ReaderAt>();
  const gps = new Map<number, GpAt[]>();
  for (const run of a.runs) {
    for (const reader of run.readers) {
      if (reader.beginLine !== null) readers.set(reader.beginLine, { run, reader, role: 'begin' });
      if (reader.pathLine !== null) readers.set(reader.pathLine, { run, reader, role: 'path' });
      if (reader.endLine !== null) readers.set(reader.endLine, { run, reader, role: 'end' });
    }
    for (const gp of run.gracePeriods) {
      if (gp.beginLine !== null) push(gps, gp.beginLine, { run, gp, role: 'begin' });
      if (gp.endLine !== null) push(gps, gp.endLine, { run, gp, role: 'end' });
    }
  }

  const runs = [...a.runs].sort((x, y) => x.startLine - y.startLine);
  const stalls = [...a.stalls].sort((x, y) => x.line - y.line);
  const violations = new Map<number, Violation[]>();
  const related = new Map<number, Violation[]>();
  for (const v of a.violations) {
    push(violations, v.line, v);
    for (const r of v.related) if (r.line !== v.line) push(related, r.line, v);
  }

  const runAt = (line: number): Run | undefined => {
    // Runs of one boot do not overlap; runs of different boots occupy different lines.
    const i = floorIndex(runs, line, (r) => r.startLine);
    for (let k = i; k >= 0 && k >= i - 2; k--) {
      const r = runs[k]!;
      if (line >= r.startLine && line <= r.endLine) return r;
    }
    return undefined;
  };

  return {
    analysis: a,
    eventAt: (line) => events.get(line),
    runAt,
    phaseAt(line) {
      const run = runAt(line);
      if (!run) return undefined;
      const i = floorIndex(run.phases, line, (p) => p.startLine);
      const phase = i >= 0 ? run.phases[i] : undefined;
      return phase && line <= phase.endLine ? { run, phase } : undefined;
    },
    readerAt: (line) => readers.get(line),
    gpsAt: (line) => gps.get(line) ?? [],
    stallAt(line) {
      // Stall reports do not nest; look back a few in case one ends inside another's span.
      const i = floorIndex(stalls, line, (s) => s.line);
      for (let k = i; k >= 0 && k >= i - 3; k--) {
        const s = stalls[k]!;
        if (line <= s.endLine) return s;
      }
      return undefined;
    },
    violationsAt: (line) => violations.get(line) ?? [],
    relatedViolationsAt: (line) => related.get(line) ?? [],
  };
}
