// The rcu-list pattern on the simulator and the explorer (issue 10): its scenario (the lab's
// rcu_list module) simulated into a log the rcu-list pattern reads back, real lab logs diffed
// against their fitted reruns, and the explorer's proof that every variant with a grace period
// keeps "no reader holds an element after it is freed" while the no-wait one breaks it.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';
import { analyzeText } from '../../src/core/analyze';
import { checkInvariant } from '../../src/core/sim/explore/invariant';
import { simulate } from '../../src/core/sim/run/engine';
import { builtinScenario } from '../../src/core/sim/scenario/builtin';
import { parseScenario, scenarioToJson } from '../../src/core/sim/scenario/parse';

const LAB = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab', 'rcu-list');

describe('rcu-list scenario: simulate, read back by the rcu-list pattern', () => {
  for (const mode of ['sync', 'call_rcu', 'kfree_rcu', 'none']) {
    it(`mode ${mode}: the expected log is one rcu-list run of that mode${mode === 'none' ? ', with the use after free' : ', clean'}`, () => {
      const sim = simulate(builtinScenario(`rcu-list:${mode}`, 'timed'));
      assert.equal(sim.stoppedAt, undefined);
      assert.equal(sim.deadlock, false);
      const a = analyzeText(sim.log);
      assert.equal(a.rcu?.length, 1);
      const rr = a.rcu![0]!;
      assert.equal(rr.pattern, 'rcu-list');
      assert.equal(rr.label, mode);
      assert.deepEqual(rr.objects.map((o) => o.id), ['3', '5', '2', '1']);
      assert.equal(new Set(rr.sections.map((s) => s.task)).size, 3);
      const uaf = a.violations.filter((v) => v.rule === 'use-after-free');
      if (mode === 'none') {
        assert.ok(uaf.length > 0, 'the no-wait variant frees elements readers hold');
        assert.match(sim.log, /reader \d: use-after-free of element \d \(poison 0xdead\)/);
      } else {
        assert.deepEqual(a.violations, [], mode);
        assert.doesNotMatch(sim.log, /use-after-free/);
      }
      if (mode === 'sync') assert.equal(rr.waits.filter((w) => w.kind === 'synchronize_rcu').length, 4);
      if (mode === 'call_rcu') assert.ok(rr.waits.some((w) => w.kind === 'rcu_barrier'));
    });
  }

  it('writes its invariant into the scenario file, and reads it back', () => {
    const sc = builtinScenario('rcu-list:none', 'explored');
    const again = parseScenario(JSON.stringify(scenarioToJson(sc)));
    assert.deepEqual(again.invariant, { says: 'no reader holds an element after it is freed', never: [{ read: 'e3_freed' }] });
    assert.throws(() => parseScenario(JSON.stringify({ ...scenarioToJson(sc) as object, invariant: { never: [{ read: 'nope' }] } })), /variable nope is not declared/);
    assert.throws(() => parseScenario(JSON.stringify({ ...scenarioToJson(sc) as object, invariant: {} })), /exactly one of "apart" or "never"/);
  });
});

describe('rcu-list scenario: the explorer', () => {
  for (const mode of ['sync', 'call_rcu', 'kfree_rcu']) {
    it(`proves ${mode} safe: no ordering lets a reader hold an element after it is freed`, () => {
      const r = checkInvariant(builtinScenario(`rcu-list:${mode}`, 'explored'));
      assert.equal(r.verdict, 'holds');
      assert.equal(r.says, 'no reader holds an element after it is freed');
      assert.equal(r.reads, 2);
    });
  }

  it('breaks none, with a witness log in the module\'s messages that the core flags', () => {
    const r = checkInvariant(builtinScenario('rcu-list:none', 'explored'));
    assert.equal(r.verdict, 'broken');
    const cx = r.counterexample!;
    assert.match(cx.summary, /rcu_list_r\d reads e3_freed = 1/);
    // the witness: the reader found element 3, the deleter unlinked and poisoned it, the reader saw the poison
    const order = ['reader \\d: holds element 3', 'deleter: unlink element 3', 'deleter: poison element 3', 'reader \\d: use-after-free of element 3'];
    let at = -1;
    for (const o of order) {
      const i = cx.log.search(new RegExp(o));
      assert.ok(i > at, `${o} after the previous line`);
      at = i;
    }
    assert.ok(cx.violations.some((v) => v.rule === 'use-after-free'), 'rcu-lens check of the witness log finds the use after free');
  });

  it('a grace period dropped from sync (drop-gp1) breaks it too', async () => {
    const r = await cli('explore', '--scenario', 'rcu-list:sync', '--mutate', 'drop-gp1');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^BROKEN: .*no reader holds an element after it is freed/m);
  });
});

describe('rcu-list on the CLI: simulate, analyze, diff real lab logs, explore', () => {
  it('simulate --scenario rcu-list:none --log is a log analyze reads with the rcu-list pattern', async () => {
    const s = await cli('simulate', '--scenario', 'rcu-list:none', '--log');
    assert.equal(s.code, 0, s.err);
    const dir = mkdtempSync(join(tmpdir(), 'rcu-lens-rcu-list-'));
    writeFileSync(join(dir, 'none.log'), s.out);
    const a = await cli('check', join(dir, 'none.log'));
    assert.equal(a.code, 1);
    assert.match(a.out, /\[use-after-free\]/);
    const ok = await cli('simulate', '--scenario', 'rcu-list');
    assert.equal(ok.code, 0);
    assert.match(ok.out, /rcu-lens check of the expected log: no RCU rule violated/);
  });

  it('simulate --exhaustive --scenario rcu-list:sync: every ordering of the small form, each log checked by the core', async function () {
    this.timeout(300_000);
    const sync = await cli('simulate', '--exhaustive', '--scenario', 'rcu-list:sync');
    assert.equal(sync.code, 0, sync.err);
    assert.match(sync.out, /^every ordering is one RCU permits: rcu-lens check finds no violation in any of the [\d,]+ orderings$/m);
    // (13,854 orderings' logs read as one: a log of that many pattern runs once overflowed the analyzer's stack)
  });

  it('simulate --scenario rcu-list --fit LOG reruns the real run: its victims, in its mode, clean', async () => {
    const r = await cli('simulate', '--scenario', 'rcu-list', '--fit', join(LAB, 'call_rcu.dmesg.log'), '--log');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /rcu_list: init mode=call_rcu /);
    const victims = [...r.out.matchAll(/deleter: unlink element (\d+)/g)].map((m) => m[1]);
    assert.deepEqual(victims, ['5', '7', '3', '6'], 'the elements the real deleter unlinked, in order');
    assert.match(r.out, /rcu_list: callback: free element 5/);
    const a = analyzeText(r.out);
    assert.deepEqual(a.violations, []);
  });

  for (const f of ['sync', 'call_rcu', 'kfree_rcu', 'none-6']) {
    it(`diff of the real ${f} run against its fitted rerun`, async () => {
      const r = await cli('diff', join(LAB, `${f}.dmesg.log`));
      const bad = f.startsWith('none');
      assert.equal(r.code, bad ? 1 : 0, r.out + r.err);
      assert.match(r.out, /^run 1 \(pattern rcu-list, /);
      assert.match(r.out, /note: fitted from the run: 3 readers/);
      assert.match(r.out, / 0 missing, /);
      if (bad) assert.match(r.out, /forbidden: element \d is freed .*\[use-after-free\]/);
      else assert.match(r.out, /no forbidden difference/);
    });
  }

  it('diff --json of the real none-1 run (the bug showing): the forbidden line and the expected log', async () => {
    const r = await cli('diff', join(LAB, 'none-1.dmesg.log'), '--scenario', 'rcu-list', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { forbidden: boolean; runs: { firstForbidden: { actual: { line: number }; rule: string }; expectedLog: string }[] };
    assert.equal(j.forbidden, true);
    assert.equal(j.runs[0]!.firstForbidden.actual.line, 243);
    assert.equal(j.runs[0]!.firstForbidden.rule, 'use-after-free');
    assert.match(j.runs[0]!.expectedLog, /rcu_list: deleter: unlink element 4/);
  });

  it('explore: exit 0 for every variant with a grace period, 1 with the witness for none', async () => {
    for (const m of ['sync', 'call_rcu', 'kfree_rcu']) {
      const r = await cli('explore', '--scenario', `rcu-list:${m}`);
      assert.equal(r.code, 0, `${m}: ${r.out}${r.err}`);
      assert.match(r.out, /^HOLDS: no ordering breaks it: no reader holds an element after it is freed$/m);
    }
    const b = await cli('explore', '--scenario', 'rcu-list:none', '--log');
    assert.equal(b.code, 1);
    assert.match(b.out, /rcu_list: reader \d: use-after-free of element 3/);
    assert.equal((await cli('explore', '--scenario', 'rcu-list:bogus')).code, 2);
  });
});
