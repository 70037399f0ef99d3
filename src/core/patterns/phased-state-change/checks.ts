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

import type { Reader, Run, RuleId, Violation, Warning } from '../../model';
import { mustWaitFor, readerInside, readerStart } from './phases';
import { overlapOf } from '../../rcu/overlap';
import type { RcuEventKind } from '../../rcu/model';
import { PHASED_STATE_CHANGE_PATTERN as SEED } from './pattern';

export const RULES: Record<RuleId, string> = {
  'gp1-wait': 'grace period 1 returned (`hit do_maint`) while a reader that began before it (`hit maint`) was still open',
  'gp2-wait': 'grace period 2 returned (`end maint`) while a reader that began before it (`end do_maint`) was still open',
  'quick-during-maint': 'a quick-path reader overlapped do_maint()',
  'end-without-begin': 'an end with nothing open to end',
  'double-begin': 'a task began twice without ending',
  'gp-wait': 'synchronize_rcu() returned while a reader that was inside before the call was still inside',
  'callback-early': 'a call_rcu() callback ran while a reader that was inside before the call was still inside',
  'barrier-early': 'rcu_barrier() returned before a callback queued before it had run',
  'use-after-free': 'an object was freed while a reader that held it, or was inside before its unlink, was still inside',
  'must-not-overlap': 'a reader with a label its pattern names overlapped labelled work it must not overlap',
};

interface CheckOptions {
  /** Rules to run (default: all). */
  rules?: readonly RuleId[];
  /** The profile's reader-begin line is printed inside the critical section (profile.ts). */
  readerBeginInside?: boolean;
}

export function checkRun(run: Run, opts: CheckOptions = {}): { violations: Violation[]; warnings: Warning[] } {
  // Every finding below is about a reader: a run of updater lines alone has none (a log of a
  // million init lines is a million such runs).
  if (run.readers.length === 0) return { violations: [], warnings: [] };
  const on = (r: RuleId) => !opts.rules || opts.rules.includes(r);
  const violations: Violation[] = [];
  const warnings: Warning[] = [];
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
    warnings.push({ line: v.line, kind: 'a violation that rests on an unattributed end', message: `${v.message} — unless line ${rd.endLine} ends ${other.task} instead: ${other.task} (line ${readerStart(other)}) never ends in this log, so an end line is missing and the log does not say whose end line ${rd.endLine} is (it may be a later reader's, and so on)` });
  };

  for (const gp of run.gracePeriods) {
    const rule: RuleId = gp.index === 1 ? 'gp1-wait' : 'gp2-wait';
    if (!on(rule) || gp.endLine === null) continue;
    // Which readers it had to wait for, asked of each reader (gp.waitedFor names only a few).
    const waited = (rd: Reader): boolean => mustWaitFor(rd, gp.beginLine, beginInside);
    const beginName = gp.index === 1 ? '`hit maint`' : '`end do_maint`';
    const endName = gp.index === 1 ? '`hit do_maint`' : '`end maint`';
    for (const rd of run.readers) {
      // Its first line before the call, its path line lost, and open after the call returned:
      // whether the grace period had to wait for it is not in the log.
      const first = readerStart(rd);
      if (gp.beginLine === null || waited(rd) || first === null || first >= gp.beginLine || readerInside(rd, beginInside) !== null) continue;
      if (rd.endLine !== null && rd.endLine < gp.endLine) continue;
      warnings.push({ line: gp.endLine, kind: 'a reader before a grace period whose path line is missing', message: `synchronize_rcu() #${gp.index} returned (${endName}, line ${gp.endLine}) while ${desc(rd)}, whose first line ${first} comes before ${beginName}, may still have been in its read-side critical section: its path line is missing, so whether it entered before the call is not in the log` });
    }
    for (const rd of run.readers) {
      if (!waited(rd)) continue;
      const start = readerInside(rd, beginInside)!;
      if (rd.endLine === null) {
        warnings.push({ line: gp.endLine, kind: 'a waited-for reader with no end line', message: `synchronize_rcu() #${gp.index} returned (${endName}, line ${gp.endLine}) while ${desc(rd)}, inside its read-side critical section at line ${start} before ${beginName}, has no end line in the log: it may have ended unseen` });
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

  // The pattern's own rules (pattern.ts): quick-during-maint, a quick-path reader must not overlap
  // do_maint(), checked by rcu/overlap.ts on the declared labels: a reader's path is its label, the
  // work's lines are the updater steps its events name.
  for (const rule of seedRules()) {
    if (!on(rule.id as RuleId)) continue;
    const wb = step(run, rule.workBegin);
    if (wb === null) continue;
    const we = step(run, rule.workEnd);
    // The work's end line missing but the update went on: when it ended is not in the log, so only
    // a reader inside before it began and still inside after proves an overlap.
    const endUnknown = we === null && (run.updater?.steps.some((st) => st.line > wb && st.kind !== rule.workBegin) ?? false);
    for (const rd of run.readers) {
      if (rd.path !== rule.reader) continue;
      const f = overlapOf({ task: rd.task, label: rd.path, insideLine: readerInside(rd, beginInside), labelLine: rd.pathLine, endLine: rd.endLine },
        { beginLine: wb, endLine: we, endUnknown }, rule.work, rule);
      if (!f) continue;
      const v: Violation = { rule: rule.id as RuleId, line: f.line, run: run.id, message: f.message, related: f.related };
      // Only the overlap shown by its end line rests on whose end it is.
      const other = f.case === 'began-before' ? unsureEnd(rd) : null;
      if (other) demote(v, rd, other); else violations.push(v);
    }
  }
  return { violations, warnings };
}

function step(run: Run, kind: string): number | null {
  return run.updater?.steps.find((s) => s.kind === kind)?.line ?? null;
}

/** The seed's declared must-not-overlap rules, with the ids of the events that begin and end
 * their work (the updater steps whose work-begin / work-end carries the rule's work label).
 * Made once and kept while the declaration stays as it was (a test changes it in place). */
function seedRules(): SeedRule[] {
  const rules = SEED.rules ?? [];
  const c = seedCache;
  if (c && c.rules === rules && c.events === SEED.events && c.eventCount === SEED.events.length && c.copies.length === rules.length &&
    rules.every((r, i) => sameFields(r, c.copies[i]!))) return c.value;
  seedCache = { rules, events: SEED.events, eventCount: SEED.events.length, copies: rules.map((r) => ({ ...r })), value: makeSeedRules(rules) };
  return seedCache.value;
}

type SeedRule = ReturnType<typeof makeSeedRules>[number];
let seedCache: { rules: unknown; events: unknown; eventCount: number; copies: object[]; value: SeedRule[] } | null = null;

/** Has `r` the same own fields, with the same values, as `copy`? */
function sameFields(r: object, copy: object): boolean {
  let n = 0;
  for (const k in r) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
    n++;
    if ((r as Record<string, unknown>)[k] !== (copy as Record<string, unknown>)[k]) return false;
  }
  return n === Object.keys(copy).length;
}

function makeSeedRules(rules: NonNullable<typeof SEED.rules>) {
  return rules.map((r) => {
    const idOf = (kind: RcuEventKind) => SEED.events.find((e) => (Array.isArray(e.event) ? e.event : [e.event]).includes(kind) && e.label === r.work)?.id ?? '';
    return { ...r, message: r.message ?? '', workBegin: idOf('work-begin'), workEnd: idOf('work-end') };
  });
}
