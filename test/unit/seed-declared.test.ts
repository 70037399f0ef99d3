// The seed as a declared pattern (patterns/phased-state-change/pattern.ts): its phases, grace
// periods and quick-during-maint rule now come from the declaration. Differential evidence that
// nothing changed: on every seed-shaped fixture (the seed log, the violation and allowed variants,
// the real corpus runs, a custom profile's log) and on the seed log with each line lost, the
// declared analysis equals the hand-written one it replaced (support/seed-before-declaration/).

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import type { Analysis, Run } from '../../src/core/model';
import { deriveRun } from '../../src/core/patterns/phased-state-change/phases';
import { checkRun } from '../../src/core/patterns/phased-state-change/checks';
import { PHASED_STATE_CHANGE_PATTERN } from '../../src/core/patterns/phased-state-change/pattern';
import { PHASED_STATE_CHANGE } from '../../src/core/patterns/profile';
import { compilePattern } from '../../src/core/patterns/schema';
import { MAX_NAMED_LINKS } from '../../src/core/waitLinks';
import * as old from './support/seed-before-declaration/phases';
import { checkRun as oldCheckRun } from './support/seed-before-declaration/checks';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Both derivations and both rule checks on a copy of every run, with the same (made-up) clocks. */
function compare(a: Analysis, what: string): void {
  const timeAt = (l: number) => (l % 7 === 3 ? null : l * 0.5);
  const wallAt = (l: number) => 1_000_000 + l;
  for (const run of a.runs) {
    for (const beginInside of [false, true]) {
      const mine = structuredClone(run) as Run;
      const theirs = structuredClone(run) as Run;
      deriveRun(mine, timeAt, { readerBeginInside: beginInside, wallAt });
      old.deriveRun(theirs, timeAt, { readerBeginInside: beginInside, wallAt });
      assert.deepEqual(mine.phases.map(({ label: _l, ...p }) => p), theirs.phases, `${what}, run ${run.id}: phases`);
      // The hand-written derivation lists every reader; the declared one names MAX_NAMED_LINKS and counts them all.
      const cut = theirs.gracePeriods.map((gp) => ({ ...gp, waitedFor: gp.waitedFor.slice(0, MAX_NAMED_LINKS), overlapping: gp.overlapping.slice(0, MAX_NAMED_LINKS) }));
      assert.deepEqual(mine.gracePeriods, cut, `${what}, run ${run.id}: grace periods`);
      assert.deepEqual(mine.readers, theirs.readers, `${what}, run ${run.id}: readers`);
      // The warnings' kinds (capWarnings.ts) came later than the hand-written checks: compared without them.
      const found = checkRun(mine, { readerBeginInside: beginInside });
      const unkinded = { ...found, warnings: found.warnings.map(({ kind: _k, ...w }) => w) };
      assert.deepEqual(unkinded, oldCheckRun(theirs, { readerBeginInside: beginInside }), `${what}, run ${run.id}: findings`);
    }
  }
}

describe('the seed as a declared pattern', () => {
  it('is valid pattern data, and its messages are the seed profile\'s', () => {
    const c = compilePattern(PHASED_STATE_CHANGE_PATTERN);
    assert.deepEqual(c.phases.map((p) => p.name), ['normal', 'gp1', 'maint', 'gp2']);
    assert.deepEqual(c.checks.map((r) => [r.id, r.kind, r.reader, r.work]), [['quick-during-maint', 'must-not-overlap', 'quick', 'do_maint']]);
    // Each declared event's id is the seed event kind the profile gives the same message.
    const byMatch = new Map(PHASED_STATE_CHANGE.patterns.map((p) => [p.match, p.kind]));
    for (const ev of PHASED_STATE_CHANGE_PATTERN.events) assert.equal(byMatch.get(ev.match), ev.id, ev.match);
    assert.equal(PHASED_STATE_CHANGE_PATTERN.events.length, PHASED_STATE_CHANGE.patterns.length);
  });

  it('phases carry the declaration\'s labels for views', () => {
    const a = analyzeBytes(readFileSync(join(FIX, 'seed', 'phased-state-change.log')));
    assert.deepEqual(a.runs[0]!.phases.map((p) => p.label), ['normal', 'grace period 1', 'maintenance', 'grace period 2']);
  });

  const files = ['seed', 'violations', 'allowed'].flatMap((d) => readdirSync(join(FIX, d)).filter((f) => f.endsWith('.log')).map((f) => `${d}/${f}`))
    .concat(readdirSync(join(FIX, 'corpus')).filter((f) => /phased-state-change/.test(f)).map((f) => `corpus/${f}`));
  it(`equals the hand-written analysis on ${files.length} fixtures`, function () {
    this.timeout(120_000);
    assert.ok(files.length >= 15, files.join(' '));
    for (const f of files) compare(analyzeBytes(readFileSync(join(FIX, f))), f);
  });

  it('equals it on the seed log and each violation fixture with any one line lost', () => {
    for (const f of ['seed/phased-state-change.log', 'violations/quick-reader-during-maint.log', 'violations/no-first-synchronize_rcu.log', 'allowed/quick-reader-inside-gp1-window.log']) {
      const lines = readFileSync(join(FIX, f), 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) compare(analyzeBytes(Buffer.from([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'))), `${f} without line ${i + 1}`);
    }
  });

  it('the declaration drives them: the differential fails when it changes', () => {
    const a = analyzeBytes(readFileSync(join(FIX, 'violations', 'quick-reader-during-maint.log')));
    const decl = PHASED_STATE_CHANGE_PATTERN;
    const gp1 = decl.phases![1]!, rule = decl.rules![0]!;
    try {
      gp1.from = 'maint-begin'; // gp1 would begin where maint does
      assert.throws(() => compare(a, 'gp1 moved'), /phases/);
      gp1.from = 'update-begin';
      rule.reader = 'careful';  // the rule about the other path
      assert.throws(() => compare(a, 'rule on careful readers'), /findings/);
    } finally {
      gp1.from = 'update-begin';
      rule.reader = 'quick';
    }
    compare(a, 'restored');
  });
});
