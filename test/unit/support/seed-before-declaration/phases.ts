// The seed's phases.ts as it was before its phases and rule came from its declaration (main at af5b124),
// kept only as the oracle of test/unit/seed-declared.test.ts. Do not extend.
// The derived facts of a run: its grace periods (which readers each had to wait for) and its
// phases with line and time bounds. Derived once here so every view reads the same answer.
//
// Log order is the order of record: within one boot, printk lines appear in the order they were
// printed, so "began before" means "its line comes first". Times give durations only.

import type { GracePeriod, Phase, PhaseName, Reader, Run } from '../../../../src/core/model';

/** Line → time lookup for the run's own lines (events carry their times). */
type TimeAt = (line: number) => number | null;

interface DeriveOptions {
  /** The profile's reader-begin line is printed inside the critical section (profile.ts). */
  readerBeginInside?: boolean;
  /** Line → wall-clock time (Unix seconds), for logs with no time since boot (dmesg -T). */
  wallAt?: TimeAt;
}

const noWall: TimeAt = () => null;

export function deriveRun(run: Run, timeAt: TimeAt, opts: DeriveOptions = {}): void {
  const wallAt = opts.wallAt ?? noWall;
  run.gracePeriods = gracePeriods(run, timeAt, wallAt, opts.readerBeginInside ?? true);
  for (const rd of run.readers) { rd.waitedForBy = []; rd.overlaps = []; }
  for (const gp of run.gracePeriods) {
    for (const id of gp.waitedFor) run.readers[id]!.waitedForBy.push(gp.index);
    for (const id of gp.overlapping) run.readers[id]!.overlaps.push(gp.index);
  }
  // (Added with the counts of waitLinks.ts: its lists are whole; seed-declared.test.ts cuts them to compare.)
  for (const rd of run.readers) { rd.waitedForByCount = rd.waitedForBy.length; rd.overlapsCount = rd.overlaps.length; }
  run.phases = phases(run, timeAt, wallAt);
  if (opts.wallAt) {
    run.startWall = wallAt(run.startLine);
    run.endWall = wallAt(run.endLine);
    for (const rd of run.readers) {
      const s = readerStart(rd);
      rd.beginWall = s !== null ? wallAt(s) : null;
      rd.endWall = rd.endLine !== null ? wallAt(rd.endLine) : null;
    }
  }
}

function step(run: Run, kind: string): number | null {
  return run.updater?.steps.find((s) => s.kind === kind)?.line ?? null;
}

/** The reader's first line (where its bar starts). */
export function readerStart(rd: Reader): number | null {
  return rd.beginLine ?? rd.pathLine;
}

/**
 * The first line printed inside the reader's critical section, after rcu_read_lock(): only a line
 * from there proves the reader was inside when synchronize_rcu() began. The path line always is;
 * the begin line only when the profile prints it inside (not the seed's `hit cco`).
 */
export function readerInside(rd: Reader, beginInside: boolean): number | null {
  return beginInside && rd.beginLine !== null ? rd.beginLine : rd.pathLine;
}

function gracePeriods(run: Run, timeAt: TimeAt, wallAt: TimeAt, beginInside: boolean): GracePeriod[] {
  const out: GracePeriod[] = [];
  const spans: [1 | 2, number | null, number | null][] = [
    [1, step(run, 'update-begin'), step(run, 'maint-begin')],
    [2, step(run, 'maint-end'), step(run, 'update-end')],
  ];
  for (const [index, begin, end] of spans) {
    if (begin === null && end === null) continue;
    const waitedFor: number[] = [];
    const overlapping: number[] = [];
    for (const rd of run.readers) {
      const s = readerStart(rd);
      if (s === null || begin === null) continue;
      const inside = readerInside(rd, beginInside);
      const e = rd.endLine ?? Infinity;
      // Waited for: shown inside its critical section before the call. Overlapping: began (or
      // took the lock, as far as the log shows) after the call, and still open when it returned.
      if (inside !== null && inside < begin && e > begin) waitedFor.push(rd.id);
      else if ((end === null || s < end) && (end === null ? e === Infinity : e > end)) overlapping.push(rd.id);
    }
    const beginTime = begin !== null ? timeAt(begin) : null;
    const endTime = end !== null ? timeAt(end) : null;
    const beginWall = begin !== null ? wallAt(begin) : null;
    const endWall = end !== null ? wallAt(end) : null;
    const duration = beginTime !== null && endTime !== null ? endTime - beginTime
      : beginWall !== null && endWall !== null ? endWall - beginWall : null;
    out.push({ index, beginLine: begin, endLine: end, beginTime, endTime, beginWall, endWall, duration, waitedFor, waitedForCount: waitedFor.length, overlapping, overlappingCount: overlapping.length });
  }
  return out;
}

/**
 * normal → gp1 (`hit maint`) → maint (`hit do_maint`) → gp2 (`end do_maint`, through `end maint`)
 * → normal. Each phase starts at the line of the step that opens it and ends on the line before
 * the next one; gp2 includes `end maint`, the line that closes the update. Missing steps merge
 * into the phase before them; a final normal phase appears only when the run has lines after
 * `end maint`.
 */
function phases(run: Run, timeAt: TimeAt, wallAt: TimeAt): Phase[] {
  const marks: [PhaseName, number][] = [['normal', run.startLine]];
  const b = step(run, 'update-begin'), mb = step(run, 'maint-begin'), me = step(run, 'maint-end'), ue = step(run, 'update-end');
  if (b !== null) marks.push(['gp1', b]);
  if (mb !== null) marks.push(['maint', mb]);
  if (me !== null) marks.push(['gp2', me]);
  if (ue !== null && ue < run.endLine) marks.push(['normal', ue + 1]);
  // Keep marks in line order (a step out of order is a warning elsewhere, not a negative phase).
  const ordered = marks.filter((m, i) => i === 0 || m[1] > marks[i - 1]![1]);
  const out: Phase[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const [name, start] = ordered[i]!;
    const end = i + 1 < ordered.length ? ordered[i + 1]![1] - 1 : run.endLine;
    if (end < start) continue;
    // The normal phase after the update begins when `end maint` is printed, not at the next line
    // (which may come minutes later): gp2 ends there too.
    const at = ue !== null && start === ue + 1 ? ue : start;
    out.push({ name, startLine: start, endLine: end, startTime: timeAt(at), endTime: timeAt(end), startWall: wallAt(at), endWall: wallAt(end) });
  }
  // A phase lasts until the next one begins: its end time is the next phase's start time.
  for (let i = 0; i + 1 < out.length; i++) {
    out[i]!.endTime = out[i + 1]!.startTime ?? out[i]!.endTime;
    out[i]!.endWall = out[i + 1]!.startWall ?? out[i]!.endWall;
  }
  return out;
}
