// The seed's checks.ts as it was before its phases and rule came from its declaration (main at af5b124),
// kept only as the oracle of test/unit/seed-declared.test.ts. Do not extend.
// RCU rule checks over a derived run. Each violation names the tasks and the other lines involved.
//
// What RCU guarantees here (Documentation/RCU/whatisRCU.rst, "RCU's fundamental guarantee"): a
// reader that began before synchronize_rcu() began must end before it returns. A reader that
// began after may outlive it. "Began" is rcu_read_lock(), which no line shows: a reader is known to
// have begun before the call when a line printed inside its critical section (phases.ts,
// readerInside) comes before the updater's line that precedes the call. The seed's `hit cco` is
// printed before rcu_read_lock(), so a reader whose `hit cco` alone precedes `hit maint` may have
// locked after the call and outlive it. In the phased state change, a reader that saw be_careful == false
// (quick path) therefore ended before grace period 1 returned, so no quick reader can overlap
// do_maint(). Either path is fine in the gp1 and gp2 windows (the flag changes inside them), and a
// run on one CPU that serialises everything breaks nothing.
//
// Invariant: a missing line never makes a violation. A reader with no end line in the log may
// have ended unseen; it gets a warning, not a violation.

import type { Reader, Run, RuleId, Violation, Warning } from '../../../../src/core/model';
import { readerInside, readerStart } from './phases';


interface CheckOptions {
  /** Rules to run (default: all). */
  rules?: readonly RuleId[];
  /** The profile's reader-begin line is printed inside the critical section (profile.ts). */
  readerBeginInside?: boolean;
}

export function checkRun(run: Run, opts: CheckOptions = {}): { violations: Violation[]; warnings: Warning[] } {
  const on = (r: RuleId) => !opts.rules || opts.rules.includes(r);
  const violations: Violation[] = [];
  const warnings: Warning[] = [];
  const steps = stepLines(run);
  const desc = (rd: Reader) => `${rd.task}${rd.path ? ` (${rd.path} path)` : ''}`;
  const beginInside = opts.readerBeginInside ?? true;
  // A reader that never ends means an end line is missing. Then an end the log does not attribute
  // (taken as the oldest reader's, runs.ts) may be another reader's, and that one's the next's, down
  // to the reader that never ends: a finding that rests on such an end is not evidence, only a
  // warning (a lost line never makes a violation).
  let neverEnds: Reader | null = null;
  for (const rd of run.readers) {
    const s = readerStart(rd);
    if (rd.endLine === null && s !== null && (neverEnds === null || s < readerStart(neverEnds)!)) neverEnds = rd;
  }
  const unsureEnd = (rd: Reader): Reader | null =>
    rd.endAttribution !== undefined && rd.endAttribution !== 'known' && rd.endLine !== null ? neverEnds : null;
  const demote = (v: Violation, rd: Reader, other: Reader): void => {
    warnings.push({ line: v.line, message: `${v.message} — unless line ${rd.endLine} ends ${other.task} instead: ${other.task} (line ${readerStart(other)}) never ends in this log, so an end line is missing and the log does not say whose end line ${rd.endLine} is (it may be a later reader's, and so on)` });
  };

  for (const gp of run.gracePeriods) {
    const rule: RuleId = gp.index === 1 ? 'gp1-wait' : 'gp2-wait';
    if (!on(rule) || gp.endLine === null) continue;
    const waited = new Set(gp.waitedFor);
    const beginName = gp.index === 1 ? '`hit maint`' : '`end do_maint`';
    const endName = gp.index === 1 ? '`hit do_maint`' : '`end maint`';
    for (const rd of run.readers) {
      // Its first line before the call, its path line lost, and open after the call returned:
      // whether the grace period had to wait for it is not in the log.
      const first = readerStart(rd);
      if (gp.beginLine === null || waited.has(rd.id) || first === null || first >= gp.beginLine || readerInside(rd, beginInside) !== null) continue;
      if (rd.endLine !== null && rd.endLine < gp.endLine) continue;
      warnings.push({ line: gp.endLine, message: `synchronize_rcu() #${gp.index} returned (${endName}, line ${gp.endLine}) while ${desc(rd)}, whose first line ${first} comes before ${beginName}, may still have been in its read-side critical section: its path line is missing, so whether it entered before the call is not in the log` });
    }
    for (const id of gp.waitedFor) {
      const rd = run.readers[id]!;
      const start = readerInside(rd, beginInside)!;
      if (rd.endLine === null) {
        warnings.push({ line: gp.endLine, message: `synchronize_rcu() #${gp.index} returned (${endName}, line ${gp.endLine}) while ${desc(rd)}, inside its read-side critical section at line ${start} before ${beginName}, has no end line in the log: it may have ended unseen` });
        continue;
      }
      if (rd.endLine < gp.endLine) continue;
      const v: Violation = {
        rule, line: gp.endLine, run: run.id,
        message: `synchronize_rcu() #${gp.index} returned (${endName}, line ${gp.endLine}) before ${desc(rd)} left its read-side critical section: ` +
          `${rd.task} was inside it at line ${start}, before the grace period began (${beginName}, line ${gp.beginLine}), and left it only at line ${rd.endLine}`,
        related: [
          { line: start, message: `${rd.task} is inside its read-side critical section` },
          { line: gp.beginLine!, message: `${run.updater?.task ?? 'the updater'} calls synchronize_rcu() #${gp.index}` },
          { line: rd.endLine, message: `${rd.task} leaves its read-side critical section, after the grace period returned` },
        ],
      };
      const other = unsureEnd(rd);
      if (other) demote(v, rd, other); else violations.push(v);
    }
  }

  if (on('quick-during-maint') && steps.maintBegin !== null) {
    const mb = steps.maintBegin;
    const me = steps.maintEnd ?? Infinity;
    // `end do_maint` missing but the update went on (`end maint`): when do_maint() ended is not in
    // the log, so only a reader inside before it began and still inside after proves an overlap.
    const endKnown = steps.maintEnd !== null || steps.updateEnd === null;
    for (const rd of run.readers) {
      if (rd.path !== 'quick') continue;
      // Overlap, each shown by a line printed inside the critical section (`hit cco` is not: the
      // reader may take the lock after the update is over and rightly go the quick way): inside
      // before do_maint began and still there after; the quick path taken while do_maint ran; or,
      // its path line lost, its quick end printed while do_maint ran.
      const inside = readerInside(rd, beginInside);
      const openAtBegin = inside !== null && inside < mb && rd.endLine !== null && rd.endLine > mb;
      const quickInside = endKnown && rd.pathLine !== null && rd.pathLine > mb && rd.pathLine < me;
      const endInside = endKnown && rd.pathLine === null && rd.endLine !== null && rd.endLine > mb && rd.endLine < me;
      if (!openAtBegin && !quickInside && !endInside) continue;
      const seen = rd.pathLine ?? rd.endLine!;
      const line = quickInside || endInside ? seen : mb;
      const v: Violation = {
        rule: 'quick-during-maint', line, run: run.id,
        message: quickInside
          ? `${rd.task} took the quick path (line ${seen}) while do_maint() was running (lines ${mb}–${steps.maintEnd ?? 'end of log'}): it saw be_careful == false after synchronize_rcu() #1 returned`
          : endInside
            ? `${rd.task} ended its quick path (line ${seen}) while do_maint() was running (lines ${mb}–${steps.maintEnd ?? 'end of log'}): it was inside a read-side critical section that saw be_careful == false`
            : `do_maint() began (line ${mb}) while ${rd.task}, on the quick path since line ${seen}, was still in its read-side critical section (until line ${rd.endLine})`,
        related: endInside
          ? [{ line: mb, message: 'do_maint() begins' }, { line: seen, message: `${rd.task} ends its quick path, inside its read-side critical section` }]
          : [
            { line: seen, message: `${rd.task} takes the quick path` },
            { line: mb, message: 'do_maint() begins' },
            ...(rd.endLine !== null ? [{ line: rd.endLine, message: `${rd.task} leaves its read-side critical section` }] : []),
          ],
      };
      // Only the overlap shown by its end line rests on whose end it is.
      const other = openAtBegin && !quickInside ? unsureEnd(rd) : null;
      if (other) demote(v, rd, other); else violations.push(v);
    }
  }
  return { violations, warnings };
}

function stepLines(run: Run): { maintBegin: number | null; maintEnd: number | null; updateEnd: number | null } {
  const find = (k: string) => run.updater?.steps.find((s) => s.kind === k)?.line ?? null;
  return { maintBegin: find('maint-begin'), maintEnd: find('maint-end'), updateEnd: find('update-end') };
}
