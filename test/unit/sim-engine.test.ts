import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { simulate } from '../../src/core/sim/run/engine';
import { formatDmesgLine } from '../../src/core/sim/run/dmesgOut';
import { parseScenario } from '../../src/core/sim/scenario/parse';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';
import type { SimResult } from '../../src/core/sim/run/types';

const lines = (r: SimResult): string[] => r.events.map((e) => `${e.time.toFixed(6)} ${e.printer}: ${e.text}`);

/** A scenario from a compact JSON object (file syntax). */
const sc = (o: object) => parseScenario(JSON.stringify(o));

describe('sim engine: the seed module', () => {
  const r = simulate(SEED_SCENARIO);

  it('prints the module\'s exact messages in the order its timings give', () => {
    assert.deepEqual(r.events.map((e) => e.text), [
      'phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint',
      'end cco_quickly', 'hit do_maint', 'start cco2', 'hit cco', 'hit cco_carefully', 'end do_maint', 'end cco_carefully', 'end maint',
    ]);
  });

  it('names events with the core profile\'s kinds and the analyzer\'s task names', () => {
    assert.deepEqual(r.events.map((e) => `${e.kind}/${e.task}`), [
      'init/init', 'spawn/cco1', 'reader-begin/cco1', 'reader-quick/cco1', 'spawn/maint', 'update-begin/maint',
      'reader-end-quick/cco1', 'maint-begin/maint', 'spawn/cco2', 'reader-begin/cco2', 'reader-careful/cco2',
      'maint-end/maint', 'reader-end-careful/cco2', 'update-end/maint',
    ]);
  });

  it('keeps the seed\'s timings: readers busy 60 s, init sleeps 30 s then 60 s, do_maint sleeps 60 s', () => {
    const at = (text: string, n = 0) => r.events.filter((e) => e.text === text)[n]!.time;
    const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-4, `${a} vs ${b}`);
    near(r.events[0]!.time, 99.566511);
    near(at('start maint') - at('start cco1'), 30);
    near(at('start cco2') - at('start maint'), 60);
    near(at('end cco_quickly') - at('hit cco_quickly'), 60);
    near(at('end cco_carefully') - at('hit cco_carefully'), 60);
    near(at('end do_maint') - at('hit do_maint'), 60);
  });

  it('makes grace period 1 wait for cco1 and grace period 2 for cco2, plus the latency', () => {
    assert.deepEqual(r.gracePeriods.map((g) => g.waitedFor.map((id) => r.readers[id]!.task)), [['cco1'], ['cco2']]);
    for (const g of r.gracePeriods) {
      const lastEnd = Math.max(...g.waitedFor.map((id) => r.readers[id]!.end!));
      assert.ok(Math.abs(g.end! - lastEnd - 0.032) < 1e-9, `gp ${g.id} ends ${g.end} vs reader end ${lastEnd}`);
    }
    assert.deepEqual(r.syncs.map((s) => s.site), [1, 2]);
    assert.deepEqual(r.readers.map((x) => `${x.task}:${x.path}`), ['cco1:quick', 'cco2:careful']);
  });

  it('writes a dmesg log the core reads back as the same run: same phases, same readers, no violation', () => {
    assert.equal(r.log.split('\n')[0], '[   99.566511] phased state change - init module');
    const a = analyzeText(r.log);
    assert.equal(a.format, 'dmesg');
    assert.equal(a.runs.length, 1);
    const run = a.runs[0]!;
    assert.equal(run.complete, true);
    assert.deepEqual(run.phases.map((p) => [p.name, p.startLine, p.endLine]), [['normal', 1, 5], ['gp1', 6, 7], ['maint', 8, 11], ['gp2', 12, 14]]);
    assert.deepEqual(run.readers.map((x) => [x.task, x.path, x.waitedForBy]), [['cco1', 'quick', [1]], ['cco2', 'careful', [2]]]);
    assert.deepEqual(a.violations, []);
    // the analyzer's view of each event equals the simulator's
    assert.deepEqual(a.events.map((e) => [e.line, e.kind, e.task]), r.events.map((e) => [e.line, e.kind, e.task]));
  });

  it('is deterministic for a seed, and jitter changes timings but not the RCU facts', () => {
    assert.equal(simulate(SEED_SCENARIO, { seed: 7, jitter: 0.1 }).log, simulate(SEED_SCENARIO, { seed: 7, jitter: 0.1 }).log);
    const a = simulate(SEED_SCENARIO, { seed: 1, jitter: 0.1 }), b = simulate(SEED_SCENARIO, { seed: 2, jitter: 0.1 });
    assert.notEqual(a.log, b.log);
    for (const x of [a, b]) assert.deepEqual(analyzeText(x.log).violations, []);
    assert.equal(simulate(SEED_SCENARIO, { seed: 1 }).log, simulate(SEED_SCENARIO, { seed: 99 }).log, 'no jitter: the seed does not matter');
  });

  it('on one CPU, a non-preemptible reader holds the CPU: the run serialises and stays legal', () => {
    const one = simulate(SEED_SCENARIO, { cpus: 1 });
    assert.deepEqual(one.events.map((e) => e.text).slice(0, 8), [
      'phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'end cco_quickly', 'start maint', 'hit maint', 'hit do_maint',
    ]);
    assert.ok(one.gracePeriods.every((g) => g.waitedFor.length === 0), 'no reader is ever open when a grace period starts');
    assert.deepEqual(analyzeText(one.log).violations, []);
  });

  it('with preemptible readers on one CPU, init runs while cco1 is still in its reader', () => {
    const p = simulate(SEED_SCENARIO, { cpus: 1, preemptibleReaders: true });
    const texts = p.events.map((e) => e.text);
    assert.ok(texts.indexOf('start maint') < texts.indexOf('end cco_quickly'));
    assert.deepEqual(p.gracePeriods[0]!.waitedFor.map((id) => p.readers[id]!.task), ['cco1']);
    assert.deepEqual(analyzeText(p.log).violations, []);
  });
});

describe('sim engine: grace-period model', () => {
  it('does not wait for readers that begin after synchronize_rcu() began', () => {
    const r = simulate(sc({
      tasks: [{ name: 'u', fn: 'upd' }, { name: 'late', fn: 'rd', at: 1 }],
      functions: {
        upd: [{ print: 'sync' }, 'synchronize_rcu', { print: 'synced' }],
        rd: ['rcu_read_lock', { print: 'in' }, { busy: 10 }, { print: 'out' }, 'rcu_read_unlock'],
      },
      timing: { gpLatency: 2, bootTime: 0 },
    }));
    assert.deepEqual(lines(r), ['0.000000 u: sync', '1.000000 late: in', '2.000001 u: synced', '11.000001 late: out']);
    assert.deepEqual(r.gracePeriods[0]!.waitedFor, []);
  });

  it('serves callers that arrive during a grace period together with the next one', () => {
    const r = simulate(sc({
      tasks: [{ name: 'rd', fn: 'rd' }, { name: 'a', fn: 'upd', at: 1 }, { name: 'b', fn: 'upd', at: 2 }, { name: 'c', fn: 'upd', at: 3 }],
      functions: {
        upd: ['synchronize_rcu', { print: 'back' }],
        rd: ['rcu_read_lock', { busy: 5 }, 'rcu_read_unlock', { sleep: 1 }, 'rcu_read_lock', { busy: 5 }, 'rcu_read_unlock'],
      },
      timing: { gpLatency: 0.5, bootTime: 0, printCost: 0 },
    }));
    // a starts gp 0 (waits for rd's first reader); b and c arrive during it and share gp 1
    assert.deepEqual(r.syncs.map((s) => [s.task, s.gp]), [['a', 0], ['b', 1], ['c', 1]]);
    assert.deepEqual(r.gracePeriods.map((g) => [g.start, g.end, g.callers, g.waitedFor]), [[1, 5.5, ['a'], [0]], [5.5, 6, ['b', 'c'], []]]);
    // rd's second reader begins at 6, after gp 1 began at 5.5: not waited for
    assert.equal(r.readers[1]!.begin, 6);
  });

  it('runs call_rcu callbacks after a full grace period, in a seed-dependent order; rcu_barrier waits for them', () => {
    const scenario = sc({
      tasks: [{ name: 'rd', fn: 'rd' }, { name: 'u', fn: 'upd', at: 1 }],
      functions: {
        rd: ['rcu_read_lock', { busy: 4 }, 'rcu_read_unlock'],
        upd: [{ call_rcu: 'cb1', fn: 'free' }, { call_rcu: 'cb2', fn: 'free' }, { call_rcu: 'cb3', fn: 'free' }, { print: 'queued' }, 'rcu_barrier', { print: 'barrier done' }],
        free: [{ print: 'freed' }],
      },
      timing: { gpLatency: 0.5, bootTime: 0, printCost: 0 },
    });
    const orders = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const r = simulate(scenario, { seed });
      const freed = r.events.filter((e) => e.text === 'freed');
      assert.equal(freed.length, 3);
      assert.ok(freed.every((e) => e.time >= 4.5), 'callbacks wait for the reader open at call_rcu() time');
      assert.equal(r.events.at(-1)!.text, 'barrier done');
      orders.add(freed.map((e) => e.printer).join(','));
    }
    assert.ok(orders.size > 1, `callback order varies with the seed: ${[...orders]}`);
  });

  it('serialises spinlock holders and keeps spinners on their CPU', () => {
    const r = simulate(sc({
      tasks: [{ name: 'a', fn: 'f' }, { name: 'b', fn: 'f' }],
      functions: { f: [{ spin_lock: 'l' }, { print: 'in' }, { busy: 1 }, { print: 'out' }, { spin_unlock: 'l' }] },
      timing: { bootTime: 0, printCost: 0 },
    }));
    assert.deepEqual(lines(r), ['0.000000 a: in', '1.000000 a: out', '1.000000 b: in', '2.000000 b: out']);
  });

  it('reports a deadlock when synchronize_rcu() is called inside a reader, and finishes', () => {
    const r = simulate(sc({
      tasks: [{ name: 'bad', fn: 'f' }],
      functions: { f: ['rcu_read_lock', 'synchronize_rcu', 'rcu_read_unlock'] },
    }));
    assert.equal(r.deadlock, true);
    assert.match(r.warnings.map((w) => w.message).join('\n'), /inside its own read-side critical section/);
  });

  it('branches on the flag as READ_ONCE sees it at that moment', () => {
    const r = simulate(sc({
      vars: { flag: 0 },
      tasks: [{ name: 'w', fn: 'w' }, { name: 'r', fn: 'r', at: 2 }, { name: 'r0', fn: 'r' }],
      functions: {
        w: [{ sleep: 1 }, { write: 'flag', value: 1 }],
        r: [{ read: 'flag', into: 'v' }, { if: { reg: 'v' }, then: [{ print: 'set' }], else: [{ print: 'clear' }] }],
      },
      timing: { bootTime: 0 },
    }));
    assert.deepEqual(lines(r), ['0.000000 r0: clear', '2.000000 r: set']);
  });

  it('formats dmesg timestamps like the kernel', () => {
    assert.equal(formatDmesgLine(99_566_511, 'x'), '[   99.566511] x');
    assert.equal(formatDmesgLine(0, 'x'), '[    0.000000] x');
    assert.equal(formatDmesgLine(123_456_789_012, 'x'), '[123456.789012] x');
  });
});
