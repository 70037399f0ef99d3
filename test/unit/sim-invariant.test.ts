// The invariant explorer (src/core/sim/explore/invariant.ts): no quick-path reader may overlap do_maint,
// in any ordering the RCU rules and the LKMM allow. Checked against the seed, its two broken
// mutations, a direct search of the whole program (the bystander reduction must not change a
// verdict), and the psc litmus tests it is modelled on.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { scenarioProgram } from '../../src/core/sim/explore/fromScenario';
import { withoutBystanders } from '../../src/core/sim/explore/bystanders';
import { checkInvariant, InvariantError } from '../../src/core/sim/explore/invariant';
import { checkLitmus, decide } from '../../src/core/sim/litmus/check';
import type { Cond } from '../../src/core/sim/litmus/parse';
import { parseLitmus } from '../../src/core/sim/litmus/parse';
import { applyMutation, parseMutation } from '../../src/core/sim/scenario/mutate';
import type { Scenario } from '../../src/core/sim/scenario/scenario';
import { SEED_SCENARIO, seedWithReaders } from '../../src/core/patterns/phased-state-change/scenario';

const mutated = (sc: Scenario, m: string): Scenario => applyMutation(sc, parseMutation(m));

describe('invariant explorer: quick readers never overlap do_maint', () => {
  it('proves the seed safe: no ordering lets cco_quickly overlap do_maint', () => {
    const r = checkInvariant(SEED_SCENARIO);
    assert.equal(r.verdict, 'holds');
    assert.deepEqual(r.apart, ['do_maint', 'cco_quickly']);
    assert.deepEqual(r.calls, [1, 2]);
    assert.equal(r.counterexample, null);
  });

  it('proves the seed safe with 4 and 6 readers, in few states (bystander readers set aside)', () => {
    for (const n of [4, 6]) {
      const r = checkInvariant(seedWithReaders(n));
      assert.equal(r.verdict, 'holds', `${n} readers`);
      assert.deepEqual(r.calls, [1, n]);
      assert.ok(r.states < 5000 * n, `${n} readers: ${r.states} states`);
    }
  });

  for (const m of ['drop-gp1', 'drop-gp2']) {
    it(`finds the overlap when ${m} drops a synchronize_rcu(), with a counterexample the core reads`, () => {
      const r = checkInvariant(mutated(SEED_SCENARIO, m));
      assert.equal(r.verdict, 'broken');
      const cx = r.counterexample!;
      assert.match(cx.summary, /cco_quickly \(cco\d\) overlaps do_maint \(maint\)|do_maint \(maint\) overlaps cco_quickly \(cco\d\)/);
      // the execution names the access that took effect in the middle of do_maint
      assert.ok(cx.steps.some((s) => /in the middle of (do_maint|cco_quickly)/.test(s)), cx.steps.join('\n'));
      // the log is a dmesg log of the run: the core finds one run of the scenario in it, with maint and a quick reader
      const a = analyzeText(cx.log);
      assert.equal(a.runs.length, 1);
      assert.ok(a.events.some((e) => e.text.includes('hit cco_quickly')), cx.log);
      assert.ok(a.events.some((e) => e.text.includes('hit do_maint')), cx.log);
      assert.match(cx.log, /rcu-lens: .*in the middle of/);
      // ... and reads its readers as the execution's: the quick reader is the one the summary names
      const quick = /cco_quickly \((cco\d)\)/.exec(cx.summary)![1];
      const readers = a.runs[0]!.readers;
      assert.deepEqual(readers.filter((r) => r.path === 'quick').map((r) => r.task), [quick], cx.log);
      assert.ok(readers.every((r) => r.attribution !== 'ambiguous'), 'each task\'s first line is printed beside its start line');
    });
  }

  it('drop-gp2: the reader saw the flag cleared, yet its quick access took effect inside do_maint', () => {
    const cx = checkInvariant(mutated(SEED_SCENARIO, 'drop-gp2')).counterexample!;
    const at = (re: RegExp): number => cx.steps.findIndex((s) => re.test(s));
    const inside = at(/reads shared state here, in the middle of do_maint/);
    const cleared = at(/maint: WRITE_ONCE\(be_careful, 0\)/);
    const sawZero = at(/READ_ONCE\(be_careful\) = 0/);
    assert.ok(inside >= 0 && cleared >= 0 && sawZero > cleared, cx.steps.join('\n'));
    assert.ok(inside < sawZero, 'the quick access ran before the flag read: the reordering the second grace period forbids');
  });

  it('finds both dropped grace periods with 4 readers too', () => {
    for (const m of ['drop-gp1', 'drop-gp2']) assert.equal(checkInvariant(mutated(seedWithReaders(4), m)).verdict, 'broken', m);
  });

  it('agrees with a search of the whole program, without setting bystanders aside', () => {
    for (const n of [1, 2, 3]) {
      for (const m of [null, 'drop-gp1', 'drop-gp2']) {
        const sc = m ? mutated(seedWithReaders(n), m) : seedWithReaders(n);
        const sp = scenarioProgram(sc, undefined, { printIsFence: false, apart: ['do_maint', 'cco_quickly'] });
        const all = sp.probes.map((p): Cond => ({ k: 'reg', thread: p.thread, reg: p.reg, v: 1 })).reduce((a, b) => ({ k: 'or', a, b }));
        const whole = decide(sp.program, all, { printsCommute: true, maxStates: 1_000_000 });
        assert.equal(whole.truncated, false);
        assert.equal(checkInvariant(sc).verdict, whole.verdict === 'Never' ? 'holds' : 'broken', `${n} readers, ${m ?? 'as written'}`);
      }
    }
  });

  it('sets aside only threads that write nothing but probe flags and start nothing', () => {
    const sp = scenarioProgram(seedWithReaders(3), undefined, { printIsFence: false, apart: ['do_maint', 'cco_quickly'] });
    const maint = sp.threadOf.get('maint')!, cco1 = sp.threadOf.get('cco1')!;
    const small = withoutBystanders(sp.program, new Set([maint, cco1]))!;
    const emptied = small.threads.flatMap((t, i) => (t.paths[0]!.ops.length === 0 ? [sp.program.threads[i]!.name] : []));
    assert.deepEqual(emptied.sort(), ['cco2', 'cco3']);
    // init spawns and maint writes be_careful: never set aside
    assert.equal(withoutBystanders(sp.program, new Set([cco1, sp.threadOf.get('cco2')!, sp.threadOf.get('cco3')!])), null);
  });

  it('needs printk to be what the LKMM sees (no barrier) for drop-gp2: as a full barrier it would hide the bug', () => {
    const sc = mutated(SEED_SCENARIO, 'drop-gp2');
    const verdictWith = (printIsFence: boolean): string => {
      const sp = scenarioProgram(sc, undefined, { printIsFence, apart: ['do_maint', 'cco_quickly'] });
      const all = sp.probes.map((p): Cond => ({ k: 'reg', thread: p.thread, reg: p.reg, v: 1 })).reduce((a, b) => ({ k: 'or', a, b }));
      return decide(sp.program, all, { printsCommute: true }).verdict;
    };
    assert.equal(verdictWith(true), 'Never');
    assert.equal(verdictWith(false), 'Sometimes');
  });

  it('says deadlock when synchronize_rcu() runs inside a reader', () => {
    const sc: Scenario = {
      name: 'gp-in-reader', vars: {}, tasks: [{ name: 'r', fn: 'reader' }, { name: 'u', fn: 'updater' }],
      functions: {
        reader: ['rcu_read_lock', { op: 'call', fn: 'quick' }, { op: 'synchronize_rcu' }, 'rcu_read_unlock'].map((s) => (typeof s === 'string' ? { op: s } : s)) as Scenario['functions'][string],
        quick: [{ op: 'print', text: 'q' }],
        updater: [{ op: 'call', fn: 'maint' }],
        maint: [{ op: 'print', text: 'm' }],
      },
    };
    assert.equal(checkInvariant(sc, { apart: ['maint', 'quick'] }).verdict, 'deadlock');
  });

  it('refuses an invariant over functions the scenario lacks, or never calls', () => {
    assert.throws(() => checkInvariant(SEED_SCENARIO, { apart: ['do_maint', 'nope'] }), InvariantError);
    assert.throws(() => checkInvariant(SEED_SCENARIO, { apart: ['do_maint', 'do_maint'] }), InvariantError);
    const sc: Scenario = { ...SEED_SCENARIO, functions: { ...SEED_SCENARIO.functions, unused: [] } };
    assert.throws(() => checkInvariant(sc, { apart: ['do_maint', 'unused'] }), /no task calls unused/);
  });
});

describe('litmus verdicts: Always, and witnesses', () => {
  const test = (body: string, exists: string): string => `C t\n{}\n${body}\nexists (${exists})\n`;
  it('says Always when every execution satisfies the clause, Sometimes when some do', () => {
    const p = 'P0(int *x) { WRITE_ONCE(*x, 1); }\nP1(int *x) { int r0; r0 = READ_ONCE(*x); }';
    assert.equal(checkLitmus(parseLitmus(test(p, 'x=1'))).verdict, 'Always');
    const s = checkLitmus(parseLitmus(test(p, '1:r0=1')));
    assert.equal(s.verdict, 'Sometimes');
    // the witness is an execution in which P1 reads 1
    assert.equal(s.witness!.regs[1]!.get('r0'), 1);
    assert.equal(checkLitmus(parseLitmus(test(p, '1:r0=2'))).verdict, 'Never');
  });
});

describe('exhaustive checker: lookahead', () => {
  it('knows a grace period not yet begun ends after every reader open now (a 14-process cycle in under 1000 states)', () => {
    const f = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'litmus', 'auto', 'C-RW-G+RW-R+RW-G+RW-R+RW-G+RW-R+RW-G+RW-R+RW-G+RW-R+RW-G+RW-R+RW-G+RW-R.litmus');
    const v = checkLitmus(parseLitmus(readFileSync(f, 'utf8')));
    assert.equal(v.verdict, 'Never');
    assert.ok(v.states < 1000, `${v.states} states`);
  });
});

describe('exhaustive checker: corner cases a review found', () => {
  it('treats two critical sections of one thread as two readers, even when their accesses overlap', () => {
    // P0's second section may begin (its write to v) before its first ends (the read of w):
    // the grace period of P1 need not wait for the second one. Without that, Never.
    const t = parseLitmus(`C two-sections
{}
P0(int *y, int *w, int *v, int *z) { int r1; int r2; int r3;
  rcu_read_lock(); r1 = READ_ONCE(*y); r2 = READ_ONCE(*w); rcu_read_unlock();
  rcu_read_lock(); WRITE_ONCE(*v, 1); r3 = READ_ONCE(*z); rcu_read_unlock(); }
P1(int *y, int *z) { WRITE_ONCE(*y, 1); synchronize_rcu(); WRITE_ONCE(*z, 1); }
P2(int *v, int *w) { int r4; r4 = READ_ONCE(*v); smp_mb(); WRITE_ONCE(*w, 1); }
exists (0:r1=0 /\\ 0:r2=1 /\\ 0:r3=1 /\\ 2:r4=1)`);
    assert.equal(decide(t.program, t.exists).verdict, 'Sometimes');
    assert.equal(decide(t.program, t.exists, { lookahead: false }).verdict, 'Sometimes');
  });

  it('lets a write overwrite a value a read still needs when a later write restores it', () => {
    // P1 can read y=1 and then x=0: P0's x=0 restores the initial value after x=1.
    const t = parseLitmus('C restore\n{}\nP0(int *x, int *y) { WRITE_ONCE(*x, 1); WRITE_ONCE(*x, 0); smp_mb(); WRITE_ONCE(*y, 1); }\n'
      + 'P1(int *x, int *y) { int r1; int r2; r1 = READ_ONCE(*y); smp_mb(); r2 = READ_ONCE(*x); }\nexists (1:r1=1 /\\ 1:r2=0)\n');
    assert.equal(checkLitmus(t).verdict, 'Sometimes');
    assert.equal(decide(t.program, t.exists, { lookahead: false }).verdict, 'Sometimes');
  });

  it('refuses unbalanced critical sections instead of guessing', () => {
    assert.throws(() => parseLitmus('C u\n{}\nP0(int *x) { rcu_read_lock(); WRITE_ONCE(*x, 1); rcu_read_unlock(); rcu_read_unlock(); }\nexists (x=1)\n'), /unbalanced/);
  });

  it('counts a thread whose spawn is on the branch not taken as done (its executions are not lost)', () => {
    const sc = (spawn: boolean): Scenario => ({
      name: 'branch-spawn', vars: { g: 0 },
      tasks: [{ name: 'upd', fn: 'upd' }, { name: 'setter', fn: 'setter' }, { name: 'rd', fn: 'rd' }],
      functions: {
        upd: [{ op: 'if', cond: { read: 'g' }, then: spawn ? [{ op: 'spawn', task: 'helper', fn: 'helper' }] : [{ op: 'print', text: 'h' }], else: [{ op: 'call', fn: 'do_maint' }] }],
        setter: [{ op: 'write', var: 'g', value: 1 }],
        helper: [{ op: 'print', text: 'helper' }],
        rd: [{ op: 'call', fn: 'cco_quickly' }],
        do_maint: [{ op: 'print', text: 'm' }],
        cco_quickly: [{ op: 'print', text: 'q' }],
      },
    });
    assert.equal(checkInvariant(sc(false), { apart: ['do_maint', 'cco_quickly'] }).verdict, 'broken');
    assert.equal(checkInvariant(sc(true), { apart: ['do_maint', 'cco_quickly'] }).verdict, 'broken');
  });

  it('refuses to check a function whose body has a barrier, lock, access or grace period its probes would not bracket', () => {
    for (const step of [{ op: 'smp_mb' }, { op: 'spin_lock', lock: 'l' }, { op: 'write', var: 'be_careful', value: 1 }, { op: 'synchronize_rcu' }] as Scenario['functions'][string]) {
      const sc: Scenario = { ...SEED_SCENARIO, functions: { ...SEED_SCENARIO.functions, do_maint: [step, ...SEED_SCENARIO.functions['do_maint']!] } };
      assert.throws(() => checkInvariant(sc), new RegExp(`do_maint contains a ${step.op} step`));
    }
  });
});
