import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import type { Analysis } from '../../src/core/model';
import { diffRun } from '../../src/core/sim/compare/diff';
import { actualEventsDocument, expectedEventsDocument } from '../../src/core/sim/compare/documents';
import { simulate } from '../../src/core/sim/run/engine';
import { fitScenario } from '../../src/core/sim/compare/fit';
import { applyMutation, parseMutation } from '../../src/core/sim/scenario/mutate';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const analyze = (p: string): Analysis => analyzeBytes(readFileSync(join(FIX, p)));

/** What `rcu-lens diff` does for one run: fit, rerun, diff. */
function rerunDiff(a: Analysis, run = 0) {
  const sim = simulate(fitScenario(a.runs[run]!, a.events));
  return { sim, diff: diffRun(a, run, sim) };
}

describe('sim diff: expected against actual', () => {
  it('the seed log diffs clean against its rerun: every event the same, nothing forbidden', () => {
    const a = analyze('seed/phased-state-change.log');
    const { diff } = rerunDiff(a);
    assert.equal(diff.firstForbidden, null);
    assert.deepEqual(diff.counts, { same: 14, timing: 0, path: 0, forbidden: 0, missing: 0, extra: 0 });
    assert.equal(diff.ordering?.permitted, true);
    assert.deepEqual(diff.entries.map((e) => [e.actual?.line, e.expected?.line]), [
      [1, 1], [2, 2], [3, 3], [4, 4], [12, 5], [13, 6], [14, 7], [15, 8], [21, 9], [22, 10], [23, 11], [31, 12], [32, 13], [33, 14],
    ]);
  });

  it('gives VS Code\'s diff editor two identical event documents for the seed', () => {
    const a = analyze('seed/phased-state-change.log');
    const { sim } = rerunDiff(a);
    const exp = expectedEventsDocument(sim), act = actualEventsDocument(a, 0);
    assert.equal(exp.text, act.text);
    assert.equal(exp.text.split('\n')[0], '    99.566511  init     init               phased state change - init module');
    assert.deepEqual(act.sourceLines.slice(0, 5), [1, 2, 3, 4, 12]);
    assert.deepEqual(exp.sourceLines.slice(0, 5), [1, 2, 3, 4, 5]);
    assert.match(expectedEventsDocument(sim, { times: 'relative' }).text, /^ {5}0\.000000 {2}init/);
  });

  it('every violation fixture diffs as forbidden, at the line of the core\'s first violation', () => {
    const files = readdirSync(join(FIX, 'violations')).filter((f) => f.endsWith('.log'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      const a = analyze(`violations/${f}`);
      const { diff } = rerunDiff(a);
      const first = Math.min(...a.violations.map((v) => v.line));
      assert.ok(diff.firstForbidden, f);
      assert.equal(diff.firstForbidden!.actual!.line, first, f);
      assert.equal(diff.firstForbidden!.rule, a.violations.find((v) => v.line === first)!.rule, f);
      assert.ok(diff.firstForbidden!.expected, `${f}: the expected line is reported too`);
      assert.equal(diff.firstForbidden!.expected!.kind?.split('-')[0], diff.firstForbidden!.actual!.kind?.split('-')[0], f);
    }
  });

  it('reports the expected line beside the actual one: gp1 returned before cco1 left', () => {
    const a = analyze('violations/no-first-synchronize_rcu.log');
    const { diff, sim } = rerunDiff(a);
    const f = diff.firstForbidden!;
    assert.equal(f.rule, 'gp1-wait');
    assert.equal(f.actual!.text, 'hit do_maint');
    assert.equal(f.expected!.text, 'hit do_maint');
    // in the rerun, hit do_maint waits for cco1: after its end line
    const endQuick = sim.events.find((e) => e.kind === 'reader-end-quick' && e.task === 'cco1')!;
    assert.ok(f.expected!.line > endQuick.line && f.expected!.time! > endQuick.time);
  });

  it('every allowed fixture diffs without a forbidden difference', () => {
    for (const f of readdirSync(join(FIX, 'allowed')).filter((x) => x.endsWith('.log'))) {
      const { diff } = rerunDiff(analyze(`allowed/${f}`));
      assert.equal(diff.firstForbidden, null, `${f}: ${diff.firstForbidden?.reason}`);
    }
  });

  it('classifies a lost line as missing and the shifts it causes as timing, not forbidden', () => {
    const { diff } = rerunDiff(analyze('allowed/lost-lines.log'));
    assert.equal(diff.counts.forbidden, 0);
    assert.ok(diff.counts.missing >= 1);
    assert.ok(diff.entries.some((e) => e.class === 'missing' && e.expected!.kind === 'reader-end-quick'));
  });

  it('finds forbidden orders no core rule covers, through the exhaustive check', () => {
    for (const [f, line] of [['sim/careful-before-flag.log', 4], ['sim/do-maint-after-end-maint.log', 8]] as const) {
      const a = analyze(f);
      assert.deepEqual(a.violations, [], `${f}: the core has no rule for it`);
      const { diff } = rerunDiff(a);
      assert.equal(diff.firstForbidden?.actual?.line, line, f);
      assert.equal(diff.firstForbidden?.rule, 'order', f);
    }
  });

  it('an extra reader is extra, not forbidden; with fitting it is simply part of the rerun', () => {
    const a = analyze('sim/extra-reader.log');
    const unfitted = diffRun(a, 0, simulate(SEED_SCENARIO, { bootTime: 99.566511 }));
    assert.equal(unfitted.firstForbidden, null);
    assert.deepEqual(unfitted.entries.filter((e) => e.class === 'extra').map((e) => e.actual!.line), [7, 8, 9, 15]);
    const { diff } = rerunDiff(a);
    assert.equal(diff.firstForbidden, null);
    assert.equal(diff.counts.same, 18);
  });

  it('timing differences RCU allows are timing only: cco2 starting before gp1 ends', () => {
    // The seed rerun with cco2 moved to +40 s (inside gp1): a different order, all of it allowed.
    const a = analyzeText(simulate(applyMutation(SEED_SCENARIO, parseMutation('move-reader:cco2@40'))).log);
    const diff = diffRun(a, 0, simulate(SEED_SCENARIO));
    assert.equal(diff.firstForbidden, null);
    assert.ok(diff.counts.timing >= 4);
    assert.equal(diff.counts.missing + diff.counts.extra, 0);
  });

  it('stays a small search with many readers: a run with eight of them, complete or with a lost line', () => {
    let sc = SEED_SCENARIO;
    for (let i = 0; i < 6; i++) sc = applyMutation(sc, parseMutation(`add-reader@${5 + i * 7}`));
    const log = simulate(sc).log;
    for (const text of [log, log.split('\n').filter((_, i) => i !== 10).join('\n')]) {
      const { diff } = rerunDiff(analyzeText(text));
      assert.equal(diff.firstForbidden, null);
      assert.equal(diff.ordering?.permitted, true);
      assert.ok(diff.ordering!.states < 20_000, `${diff.ordering!.states} states`);
    }
  });

  it('the logs of both what-if mutations diff as forbidden against the unmutated scenario', () => {
    for (const [m, rule] of [['drop-gp1', 'gp1-wait'], ['drop-gp2', 'gp2-wait']] as const) {
      const log = simulate(applyMutation(SEED_SCENARIO, parseMutation(m))).log;
      const a = analyzeText(log);
      const diff = diffRun(a, 0, simulate(fitScenario(a.runs[0]!, a.events)));
      assert.equal(diff.firstForbidden?.rule, rule, m);
    }
  });
});
