import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import type { Analysis } from '../../src/core/model';
import { simulate } from '../../src/core/sim/run/engine';
import { fitScenario, fitScenarioDetailed } from '../../src/core/sim/compare/fit';
import { applyMutation, MutationError, parseMutation } from '../../src/core/sim/scenario/mutate';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const analyze = (p: string): Analysis => analyzeBytes(readFileSync(join(FIX, p)));
/** The module's lines of a run, as dmesg text: what a faithful rerun must reproduce. */
const moduleLines = (a: Analysis, run: number, text: string): string[] => {
  const all = text.split('\n');
  return a.runs[run]!.events.map((id) => all[a.events[id]!.line - 1]!.replace(/\[ *T\d+\]/, ''));
};

describe('sim fit: timings measured from an actual log', () => {
  it('a dmesg -T log (wall clock only): the gaps come from its stamps, and the rerun keeps the order and the durations', () => {
    const a = analyze('formats/dmesg-ctime-seed.log');
    const r = fitScenarioDetailed(a.runs[0]!, a.events);
    assert.ok(r.notes.some((n) => /wall-clock/.test(n)), JSON.stringify(r.notes));
    const b = analyzeText(simulate(r.scenario).log);
    const run = b.runs[0]!;
    assert.deepEqual(b.violations, []);
    // 1 s stamps: each grace period within a second of the log's (28 s and 33 s).
    const [g1, g2] = run.gracePeriods.map((g) => g.duration!);
    assert.ok(Math.abs(g1! - 28) <= 1 && Math.abs(g2! - 33) <= 1, JSON.stringify([g1, g2]));
  });

  it('reruns the seed log line for line, to the microsecond', () => {
    const text = readFileSync(join(FIX, 'seed/phased-state-change.log'), 'utf8');
    const a = analyzeText(text);
    const sim = simulate(fitScenario(a.runs[0]!, a.events));
    assert.deepEqual(sim.log.trimEnd().split('\n'), moduleLines(a, 0, text));
  });

  it('the rerun of the seed log reads back through the core as the same run: same phases, readers, grace periods', () => {
    const a = analyze('seed/phased-state-change.log');
    const b = analyzeText(simulate(fitScenario(a.runs[0]!, a.events)).log);
    const facts = (x: Analysis) => {
      const r = x.runs[0]!;
      return {
        phases: r.phases.map((p) => [p.name, p.startTime, p.endTime]),
        readers: r.readers.map((d) => [d.task, d.path, d.beginTime, d.endTime, d.waitedForBy]),
        gps: r.gracePeriods.map((g) => [g.index, g.beginTime, g.endTime, g.waitedFor]),
        complete: r.complete,
        violations: x.violations.length,
      };
    };
    assert.deepEqual(facts(b), facts(a));
  });

  it('measures what a developer would: reader busy times, init sleeps, do_maint, grace-period latencies', () => {
    const a = analyze('seed/phased-state-change.log');
    const { scenario, notes } = fitScenarioDetailed(a.runs[0]!, a.events);
    const init = scenario.functions['test_phased_state_change_init']!;
    assert.deepEqual(init.filter((s) => s.op === 'sleep').map((s) => (s.op === 'sleep' ? s.seconds : 0)), [0.000141, 31.535473, 61.453068]);
    const busy = (task: string) => JSON.stringify(scenario.functions[task]).match(/"busy","seconds":([\d.]+)/)![1];
    assert.equal(busy('cco1'), '60.002403');
    assert.equal(scenario.timing?.bootTime, 99.566511);
    assert.match(notes.join('\n'), /31\.913 ms, 32\.714 ms/);
  });

  it('reruns every run of the real module logs in the corpus, including older modules without start lines', () => {
    for (const f of ['corpus/dmesg-phased-state-change-module-5.17-preempt.log', 'corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log']) {
      const text = readFileSync(join(FIX, f), 'utf8');
      const a = analyzeText(text);
      assert.ok(a.runs.length >= 1, f);
      a.runs.forEach((run, i) => {
        const sim = simulate(fitScenario(run, a.events));
        assert.deepEqual(sim.log.trimEnd().split('\n'), moduleLines(a, i, text), `${f} run ${i + 1}`);
      });
    }
  });

  it('reruns jittered simulations of the seed exactly, whatever the seed', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const log = simulate(SEED_SCENARIO, { seed, jitter: 0.4 }).log;
      const a = analyzeText(log);
      assert.equal(simulate(fitScenario(a.runs[0]!, a.events)).log, log, `seed ${seed}`);
    }
  });

  it('fits any scenario\'s durations in place: a jittered run of a scenario not shaped like the seed reruns exactly', () => {
    // the seed with a barrier in init: not the seed's shape, so the generic fit keeps the structure
    const init = SEED_SCENARIO.functions['test_phased_state_change_init']!;
    const variant = { ...SEED_SCENARIO, name: 'variant', functions: { ...SEED_SCENARIO.functions, test_phased_state_change_init: [init[0]!, { op: 'smp_mb' as const }, ...init.slice(1)] } };
    const log = simulate(variant, { seed: 4, jitter: 0.3 }).log;
    assert.notEqual(log, simulate(variant).log);
    const a = analyzeText(log);
    const { scenario, notes } = fitScenarioDetailed(a.runs[0]!, a.events, variant);
    assert.match(notes.join('\n'), /structure kept/);
    assert.deepEqual(Object.keys(scenario.functions).sort(), ['cco.cco1', 'cco.cco2', 'maint.maint', 'test_phased_state_change_init.init', ...Object.keys(SEED_SCENARIO.functions)].sort());
    assert.equal(simulate(scenario).log, log);
  });

  it('adds readers the scenario lacks and keeps scenario tasks the log never shows', () => {
    const log = [
      '[   10.000000] phased state change - init module', '[   10.000100] start cco1', '[   10.000200] hit cco', '[   10.000201] hit cco_quickly',
      '[   11.000000] start cco9', '[   11.000100] hit cco', '[   11.000101] hit cco_quickly', '[   20.000000] start maint', '[   20.000050] hit maint',
    ].join('\n');
    const a = analyzeText(log);
    const { scenario, notes } = fitScenarioDetailed(a.runs[0]!, a.events);
    const sim = simulate(scenario);
    assert.deepEqual(sim.tasks.map((t) => t.name), ['init', 'cco1', 'cco9', 'maint', 'cco2']);
    assert.match(notes.join('\n'), /task cco9 is not in scenario/);
    assert.match(notes.join('\n'), /task cco2 does not appear in the log/);
    // cco2 keeps its distance from maint in the scenario (60 s)
    const at = (t: string) => sim.events.find((e) => e.kind === 'spawn' && e.task === t)!.time;
    assert.ok(Math.abs(at('cco2') - at('maint') - 60) < 1e-3);
  });
});

describe('sim what-if: mutations', () => {
  const check = (log: string) => analyzeText(log).violations.map((v) => v.rule);

  for (const [name, timings] of [['seed timings', SEED_SCENARIO], ['timings fitted from the seed log', null]] as const) {
    it(`drop-gp1 and drop-gp2 on the ${name} each give a log the core's check rejects`, () => {
      const a = analyze('seed/phased-state-change.log');
      const base = timings ?? fitScenario(a.runs[0]!, a.events);
      assert.deepEqual(check(simulate(base).log), []);
      assert.ok(check(simulate(applyMutation(base, parseMutation('drop-gp1'))).log).includes('gp1-wait'));
      assert.deepEqual(check(simulate(applyMutation(base, parseMutation('drop-gp2'))).log), ['gp2-wait']);
    });
  }

  it('add-reader@T spawns one more reader at T seconds after the start, with its start line', () => {
    const sim = simulate(applyMutation(SEED_SCENARIO, parseMutation('add-reader@40')));
    const start = sim.events.find((e) => e.text === 'start cco3')!;
    assert.ok(Math.abs(start.time - (sim.startTime + 40)) < 1e-6);
    const cco3 = sim.readers.find((r) => r.task === 'cco3')!;
    assert.equal(cco3.path, 'careful', 'it began during grace period 1, after the flag was set');
    const a = analyzeText(sim.log);
    assert.deepEqual(a.violations, []);
    assert.deepEqual(a.runs[0]!.readers.map((r) => r.task), ['cco1', 'cco3', 'cco2']);
    // the other lines keep their times
    const base = simulate(SEED_SCENARIO);
    const others = (r: typeof sim) => r.events.filter((e) => e.task !== 'cco3' && e.kind !== 'update-end' && e.kind !== 'maint-begin').map((e) => `${e.time.toFixed(6)} ${e.text}`);
    assert.deepEqual(others(sim), others(base));
  });

  it('move-reader:NAME@T moves a reader; moving cco2 before gp1 makes it quick', () => {
    const sim = simulate(applyMutation(SEED_SCENARIO, parseMutation('move-reader:cco2@5')));
    assert.deepEqual(sim.readers.map((r) => `${r.task}:${r.path}`), ['cco1:quick', 'cco2:quick']);
    assert.deepEqual(sim.gracePeriods[0]!.waitedFor.map((id) => sim.readers[id]!.task), ['cco1', 'cco2']);
    assert.deepEqual(analyzeText(sim.log).violations, []);
    assert.equal(sim.events.filter((e) => e.text === 'start cco2').length, 1);
  });

  it('rejects unknown mutations and impossible ones with a clear message', () => {
    assert.throws(() => parseMutation('drop-everything'), MutationError);
    assert.throws(() => applyMutation(SEED_SCENARIO, parseMutation('drop-gp3')), /has 2 synchronize_rcu\(\) call sites/);
    assert.throws(() => applyMutation(SEED_SCENARIO, parseMutation('move-reader:nobody@5')), /no task nobody/);
    assert.throws(() => applyMutation(SEED_SCENARIO, parseMutation('add-reader:cco1@5')), /already exists/);
  });
});
