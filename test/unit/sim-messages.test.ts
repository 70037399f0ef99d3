// What the simulator's commands say about themselves: a reader on the other path is its own class
// (not "timing"); diff says why its exhaustive check stops where it does and where to look next;
// simulate --exhaustive says where an example ordering's log is (no file is written).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { diffRun } from '../../src/core/sim/compare/diff';
import { simulate } from '../../src/core/sim/run/engine';
import { fitScenario } from '../../src/core/sim/compare/fit';
import { applyMutation, parseMutation } from '../../src/core/sim/scenario/mutate';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';
import { cli } from './support/cli';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');

describe('sim messages', () => {
  it('a reader that took the other path is "path", not "timing", and not forbidden when it breaks no rule', () => {
    // cco2 starts after the updater cleared the flag: it takes the quick path where the seed's cco2 is careful
    const a = analyzeText(simulate(applyMutation(SEED_SCENARIO, parseMutation('move-reader:cco2@170'))).log);
    assert.deepEqual(a.violations, []);
    const diff = diffRun(a, 0, simulate(SEED_SCENARIO));
    assert.equal(diff.firstForbidden, null);
    const path = diff.entries.filter((e) => e.class === 'path');
    assert.deepEqual(path.map((e) => [e.actual!.task, e.actual!.kind, e.expected!.kind]), [
      ['cco2', 'reader-quick', 'reader-careful'], ['cco2', 'reader-end-quick', 'reader-end-careful'],
    ]);
    assert.match(path[0]!.reason!, /the quick path where the rerun takes the careful path/);
    assert.ok(diff.entries.every((e) => e.class !== 'timing' || !/reader-(quick|careful)/.test(e.reason ?? '')));
    assert.equal(diff.counts.path, 2);
    assert.match(diff.summary, /2 other path/);
  });

  it('diff says why the exhaustive check stops at a line and where to see the rest', async () => {
    const a = analyzeBytes(readFileSync(join(FIX, 'violations', 'no-first-synchronize_rcu.log')));
    const diff = diffRun(a, 0, simulate(fitScenario(a.runs[0]!, a.events)));
    assert.equal(diff.ordering!.permitted, false);
    assert.doesNotMatch(diff.summary, /explains only the first/);
    assert.match(diff.summary, /it follows the first \d+ scenario lines, and no execution then prints line 8 \(maint-begin, maint\)\. It stops there, since nothing after an impossible line can be placed; the lines after it are only compared with the rerun \(listed below\)\. `rcu-lens check` lists every rule/);
    const r = await cli('diff', join(FIX, 'violations', 'no-first-synchronize_rcu.log'));
    assert.equal(r.code, 1);
    assert.match(r.out, /It stops there/);
  });

  it('simulate --exhaustive says where each example log is, and it is there', async function () {
    this.timeout(0);
    const text = await cli('simulate', '--mutate', 'drop-gp2', '--exhaustive');
    assert.doesNotMatch(text.out, /that ordering's log: --json, example\.log/);
    const where = [...text.out.matchAll(/no file is written: that ordering's log is outcomes\[(\d+)\]\.example\.log in --json/g)].map((m) => Number(m[1]));
    assert.ok(where.length >= 1);
    const j = JSON.parse((await cli('simulate', '--mutate', 'drop-gp2', '--exhaustive', '--json')).out) as { outcomes: { violating: number; example?: { log: string } }[] };
    for (const i of where) {
      assert.ok(j.outcomes[i]!.violating > 0);
      assert.ok(analyzeText(j.outcomes[i]!.example!.log).violations.length > 0, `outcomes[${i}].example.log breaks a rule`);
    }
  });
});
