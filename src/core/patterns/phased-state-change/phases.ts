// The derived facts of a run: its grace periods (which readers each had to wait for) and its
// phases with line and time bounds. Derived once here so every view reads the same answer.
//
// Log order is the order of record: within one boot, printk lines appear in the order they were
// printed, so "began before" means "its line comes first". Times give durations only.

import type { GracePeriod, Phase, PhaseName, Reader, Run } from '../../model';
import { declaredPhases } from '../../rcu/phases';
import { PHASED_STATE_CHANGE_PATTERN as SEED } from './pattern';
import { MAX_NAMED_LINKS, linkWork } from '../../waitLinks';

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
  // emptied in place, not replaced: a million readers' arrays are not made twice
  for (const rd of run.readers) { rd.waitedForBy.length = 0; rd.waitedForByCount = 0; rd.overlaps.length = 0; rd.overlapsCount = 0; }
  run.gracePeriods = gracePeriods(run, timeAt, wallAt, opts.readerBeginInside ?? true);
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

/**
 * The seed's two synchronize_rcu() calls, from its declaration: each gp-begin event with the
 * gp-end that follows it (by id, which names the updater step: `hit maint` … `hit do_maint`,
 * `end do_maint` … `end maint`).
 */
const GP_STEPS: [1 | 2, string, string][] = (() => {
  const out: [1 | 2, string, string][] = [];
  let open: string | null = null;
  for (const ev of SEED.events) {
    const kinds = Array.isArray(ev.event) ? ev.event : [ev.event];
    for (const k of kinds) {
      if (k === 'gp-end' && open !== null) { out.push([(out.length + 1) as 1 | 2, open, ev.id!]); open = null; }
      if (k === 'gp-begin') open = ev.id!;
    }
  }
  return out;
})();

function step(run: Run, kind: string): number | null {
  return run.updater?.steps.find((s) => s.kind === kind)?.line ?? null;
}

/** The reader's first line (where its bar starts). */
export function readerStart(rd: Reader): number | null {
  return rd.beginLine ?? rd.pathLine;
}

/**
 * Did synchronize_rcu(), called after line `begin`, have to wait for the reader? It did when a line
 * inside its critical section comes before the call and it had not ended by then. The grace
 * periods' waitedFor lists name only a few readers: checks.ts asks this of each reader instead.
 */
export function mustWaitFor(rd: Reader, begin: number | null, beginInside: boolean): boolean {
  if (begin === null || readerStart(rd) === null) return false;
  const inside = readerInside(rd, beginInside);
  return inside !== null && inside < begin && (rd.endLine ?? Infinity) > begin;
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
  if (!run.updater) return out; // no updater step, no call
  const spans: [1 | 2, number | null, number | null][] = GP_STEPS.map(([index, b, e]) => [index, step(run, b), step(run, e)]);
  for (const [index, begin, end] of spans) {
    if (begin === null && end === null) continue;
    // Each list names the first MAX_NAMED_LINKS readers and counts them all (waitLinks.ts); each
    // reader's lists have at most two entries here (the seed has two grace periods).
    const waitedFor: number[] = [];
    const overlapping: number[] = [];
    let waitedForCount = 0, overlappingCount = 0;
    linkWork.steps += run.readers.length;
    for (const rd of run.readers) {
      const s = readerStart(rd);
      if (s === null || begin === null) continue;
      const e = rd.endLine ?? Infinity;
      // Waited for: shown inside its critical section before the call. Overlapping: began (or
      // took the lock, as far as the log shows) after the call, and still open when it returned.
      if (mustWaitFor(rd, begin, beginInside)) {
        if (waitedForCount++ < MAX_NAMED_LINKS) waitedFor.push(rd.id);
        if (rd.waitedForByCount++ < MAX_NAMED_LINKS) rd.waitedForBy.push(index);
      } else if ((end === null || s < end) && (end === null ? e === Infinity : e > end)) {
        if (overlappingCount++ < MAX_NAMED_LINKS) overlapping.push(rd.id);
        if (rd.overlapsCount++ < MAX_NAMED_LINKS) rd.overlaps.push(index);
      }
    }
    const beginTime = begin !== null ? timeAt(begin) : null;
    const endTime = end !== null ? timeAt(end) : null;
    const beginWall = begin !== null ? wallAt(begin) : null;
    const endWall = end !== null ? wallAt(end) : null;
    const duration = beginTime !== null && endTime !== null ? endTime - beginTime
      : beginWall !== null && endWall !== null ? endWall - beginWall : null;
    out.push({ index, beginLine: begin, endLine: end, beginTime, endTime, beginWall, endWall, duration, waitedFor, waitedForCount, overlapping, overlappingCount });
  }
  return out;
}

/**
 * The phases the seed's pattern declares (pattern.ts: normal → gp1 → maint → gp2 as spans between
 * its updater's steps), laid over the run by rcu/phases.ts: each phase starts at the line of the
 * step that opens it and ends on the line before the next one; gp2 includes `end maint`, the line
 * that closes the update. Missing steps merge into the phase before them; a final normal phase
 * appears only when the run has lines after `end maint`.
 */
function phases(run: Run, timeAt: TimeAt, wallAt: TimeAt): Phase[] {
  const spans = declaredPhases(SEED.phases ?? [], (id) => step(run, id), run.startLine, run.endLine);
  // The normal phase after the update begins when `end maint` is printed, not at the next line
  // (which may come minutes later): p.timeLine says so.
  const out: Phase[] = spans.map((p) => {
    const ph: Phase = {
      name: p.name as PhaseName, startLine: p.startLine, endLine: p.endLine,
      startTime: timeAt(p.timeLine), endTime: timeAt(p.endLine), startWall: wallAt(p.timeLine), endWall: wallAt(p.endLine),
    };
    if (p.label !== null) ph.label = p.label;
    return ph;
  });
  // A phase lasts until the next one begins: its end time is the next phase's start time.
  for (let i = 0; i + 1 < out.length; i++) {
    out[i]!.endTime = out[i + 1]!.startTime ?? out[i]!.endTime;
    out[i]!.endWall = out[i + 1]!.startWall ?? out[i]!.endWall;
  }
  return out;
}
