// The invariant explorer on the exact model: its verdicts come from the axiomatic LKMM
// (explore/exactInvariant.ts) on the scenario written as herd7 litmus tests (explore/toLitmus.ts),
// and the operational search (multi-copy atomic) only supplies counterexample steps; a
// disagreement between the two is reported, never dropped.

import * as assert from 'node:assert/strict';
import { decideInvariantLkmm, invariantLitmus, onExactModel } from '../../src/core/sim/explore/exactInvariant';
import { scenarioProgram } from '../../src/core/sim/explore/fromScenario';
import { checkInvariant, type InvariantResult } from '../../src/core/sim/explore/invariant';
import { renderInvariant } from '../../src/core/sim/explore/invariantReport';
import { decideLkmm } from '../../src/core/sim/litmus/lkmm/decide';
import { parseLkmm } from '../../src/core/sim/litmus/lkmm/parse';
import { applyMutation, parseMutation } from '../../src/core/sim/scenario/mutate';
import type { Scenario } from '../../src/core/sim/scenario/scenario';
import { builtinScenario } from '../../src/core/sim/scenario/builtin';
import { SEED_SCENARIO, seedWithReaders } from '../../src/core/patterns/phased-state-change/scenario';

/** The seed's declared invariant: no quick-path reader overlaps do_maint(). */
const DEFAULT_APART: readonly [string, string] = ['do_maint', 'cco_quickly'];

const mutated = (sc: Scenario, m: string): Scenario => applyMutation(sc, parseMutation(m));
const probed = (sc: Scenario) => scenarioProgram(sc, undefined, { printIsFence: false, apart: DEFAULT_APART });

describe('explore on the exact model (the LKMM decides)', () => {
  it('the seed holds, decided by the LKMM, and the operational search agrees', () => {
    const r = checkInvariant(SEED_SCENARIO);
    assert.equal(r.verdict, 'holds');
    assert.equal(r.decidedBy, 'lkmm');
    assert.equal(r.lkmm.verdict, 'holds');
    assert.ok(r.lkmm.questions >= 2 && r.lkmm.candidates > 0);
    assert.equal(r.operational, 'holds');
    assert.equal(r.disagreement, null);
    assert.match(renderInvariant(r, { subject: 'the seed' }), /decided on the Linux-kernel memory model .* the operational search agrees/);
  });

  for (const m of ['drop-gp1', 'drop-gp2']) {
    it(`${m} is broken on the LKMM, with the operational counterexample's steps and log`, () => {
      const r = checkInvariant(mutated(SEED_SCENARIO, m));
      assert.equal(r.verdict, 'broken');
      assert.equal(r.decidedBy, 'lkmm');
      assert.equal(r.lkmm.verdict, 'broken');
      assert.equal(r.operational, 'broken');
      assert.ok(r.counterexample && r.counterexample.log.length > 0);
    });
  }

  it('decides 4 readers and their mutations on the LKMM alone (decideInvariantLkmm)', () => {
    assert.equal(decideInvariantLkmm(probed(seedWithReaders(4))).verdict, 'holds');
    for (const m of ['drop-gp1', 'drop-gp2']) assert.equal(decideInvariantLkmm(probed(mutated(seedWithReaders(4), m))).verdict, 'broken', m);
  });

  it("the LKMM's verdict stands against a contradicting operational one, and the disagreement is reported", () => {
    const sp = probed(mutated(SEED_SCENARIO, 'drop-gp2'));
    const lk = decideInvariantLkmm(sp);
    assert.equal(lk.verdict, 'broken');
    // an operational search that (wrongly, for the LKMM) found nothing: the verdict is still broken
    const op = { verdict: 'holds' as const, apart: DEFAULT_APART, calls: [1, 2] as [number, number], states: 10, counterexample: null as InvariantResult['counterexample'] };
    const r = onExactModel(op, lk, sp.program);
    assert.equal(r.verdict, 'broken');
    assert.equal(r.decidedBy, 'lkmm');
    assert.match(r.disagreement ?? '', /LKMM says broken, the operational search holds/);
    // the counterexample is then the LKMM's own execution: reads-from lines and the litmus test
    assert.ok(r.counterexample!.steps.some((s) => /reads 1 from/.test(s)));
    assert.ok(r.counterexample!.steps.some((s) => /^exists \(/.test(s)));
    assert.match(renderInvariant(r, { subject: 'x' }), /MODELS DISAGREE: the LKMM says broken/);
    // and the other way round: an operational counterexample does not overrule the LKMM's holds
    const lkHolds = decideInvariantLkmm(probed(SEED_SCENARIO));
    const r2 = onExactModel({ ...op, verdict: 'broken' }, lkHolds, sp.program);
    assert.equal(r2.verdict, 'holds');
    assert.equal(r2.counterexample, null);
    assert.match(r2.disagreement ?? '', /LKMM says holds, the operational search broken/);
  });

  it('an LKMM that cannot decide never turns an operational "holds" into holds', () => {
    const sp = probed(SEED_SCENARIO);
    const op = { verdict: 'holds' as const, apart: DEFAULT_APART, calls: [1, 2] as [number, number], states: 10, counterexample: null as InvariantResult['counterexample'] };
    const r = onExactModel(op, { verdict: 'undecided', candidates: 5, questions: 1, reason: 'too big' }, sp.program);
    assert.equal(r.verdict, 'undecided');
    assert.match(renderInvariant(r, { subject: 'x' }), /UNDECIDED: too big/);
  });

  it('--litmus: the seed as a herd7 litmus test, Never for the seed and Sometimes for drop-gp2 (as herd7 would decide it)', () => {
    const seed = invariantLitmus(SEED_SCENARIO, undefined, DEFAULT_APART);
    assert.match(seed, /^C rcu-lens-phased-state-change/);
    assert.match(seed, /synchronize_rcu\(\);[\s\S]*synchronize_rcu\(\);/);
    assert.match(seed, /filter \(/);
    assert.equal(decideLkmm(parseLkmm(seed)).verdict, 'Never');
    const broken = invariantLitmus(mutated(SEED_SCENARIO, 'drop-gp2'), undefined, DEFAULT_APART);
    assert.equal(decideLkmm(parseLkmm(broken)).verdict, 'Sometimes');
  });

  it('call_rcu: a callback runs after a grace period (holds); started by spawn instead it may overlap (broken)', () => {
    const sc = (viaCallRcu: boolean): Scenario => ({
      name: 'cb',
      vars: { flag: 0 },
      tasks: [{ name: 'upd', fn: 'upd' }, { name: 'rdr', fn: 'rdr' }],
      functions: {
        upd: [{ op: 'write', var: 'flag', value: 1 }, viaCallRcu ? { op: 'call_rcu', callback: 'cb', fn: 'work' } : { op: 'spawn', task: 'cb', fn: 'work' }],
        work: [{ op: 'call', fn: 'do_maint' }],
        do_maint: [{ op: 'print', text: 'maint' }],
        rdr: [{ op: 'rcu_read_lock' }, { op: 'if', cond: { read: 'flag' }, then: [], else: [{ op: 'call', fn: 'cco_quickly' }] }, { op: 'rcu_read_unlock' }],
        cco_quickly: [{ op: 'print', text: 'quick' }],
      },
    });
    const good = checkInvariant(sc(true), { apart: DEFAULT_APART }), bad = checkInvariant(sc(false), { apart: DEFAULT_APART });
    assert.deepEqual([good.verdict, good.decidedBy, good.disagreement], ['holds', 'lkmm', null]);
    assert.deepEqual([bad.verdict, bad.decidedBy, bad.disagreement], ['broken', 'lkmm', null]);
  });

  it('spin locks and rcu_barrier translate, and both models agree on them', () => {
    const sc: Scenario = {
      name: 'locks',
      vars: {},
      tasks: [{ name: 'a', fn: 'a' }, { name: 'b', fn: 'b' }],
      functions: {
        a: [{ op: 'spin_lock', lock: 'l' }, { op: 'call', fn: 'do_maint' }, { op: 'spin_unlock', lock: 'l' }, { op: 'call_rcu', callback: 'cb', fn: 'nop' }, { op: 'rcu_barrier' }],
        nop: [{ op: 'print', text: 'cb' }],
        b: [{ op: 'spin_lock', lock: 'l' }, { op: 'call', fn: 'cco_quickly' }, { op: 'spin_unlock', lock: 'l' }],
        do_maint: [{ op: 'print', text: 'maint' }],
        cco_quickly: [{ op: 'print', text: 'quick' }],
      },
    };
    const r = checkInvariant(sc, { apart: DEFAULT_APART });
    assert.deepEqual([r.verdict, r.decidedBy, r.operational, r.disagreement], ['holds', 'lkmm', 'holds', null]);
    const text = invariantLitmus(sc, undefined, DEFAULT_APART);
    assert.match(text, /spin_lock\(l\)/);
    assert.match(text, /done_cb/);
  });

  it('a never-read question (rcu-list: no reader holds a freed element) says the operational search decided it', () => {
    for (const [mode, verdict] of [['sync', 'holds'], ['none', 'broken']] as const) {
      const r = checkInvariant(builtinScenario(`rcu-list:${mode}`, 'explored'));
      assert.deepEqual([r.verdict, r.decidedBy, r.lkmm.verdict], [verdict, 'operational', 'undecided'], mode);
      assert.match(r.lkmm.reason ?? '', /not written as litmus tests/);
    }
  });
});
