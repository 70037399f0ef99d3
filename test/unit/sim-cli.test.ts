import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';
import { analyzeText } from '../../src/core/analyze';
import { simulate } from '../../src/core/sim/run/engine';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');

describe('sim CLI: rcu-lens simulate', () => {
  it('--log prints the seed module\'s expected log, which rcu-lens check accepts', async () => {
    const r = await cli('simulate', '--log');
    assert.equal(r.code, 0);
    assert.equal(r.out, simulate(SEED_SCENARIO).log);
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    writeFileSync(join(dir, 'expected.log'), r.out);
    assert.equal((await cli('check', join(dir, 'expected.log'))).code, 0);
  });

  it('--mutate drop-gp1 and drop-gp2 each give a log that rcu-lens check rejects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    for (const m of ['drop-gp1', 'drop-gp2']) {
      const r = await cli('simulate', '--mutate', m, '--log');
      assert.equal(r.code, 0);
      writeFileSync(join(dir, `${m}.log`), r.out);
      const c = await cli('check', join(dir, `${m}.log`));
      assert.equal(c.code, 1, m);
      assert.match(c.out, m === 'drop-gp1' ? /gp1-wait/ : /gp2-wait/);
    }
  });

  it('--fit LOG reruns the seed log exactly; --json lists the events in order', async () => {
    const r = await cli('simulate', '--fit', join(FIX, 'seed/phased-state-change.log'), '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.events.map((e: { time: number; text: string }) => `${e.time.toFixed(6)} ${e.text}`).slice(0, 4), [
      '99.566511 phased state change - init module', '99.566653 start cco1', '99.566686 hit cco', '99.566687 hit cco_quickly',
    ]);
    assert.deepEqual(j.violations, []);
    assert.equal(j.readers.length, 2);
  });

  it('the default output is a readable summary with the core\'s verdict on the expected log', async () => {
    const r = await cli('simulate', '--mutate', 'drop-gp2');
    assert.equal(r.code, 0);
    assert.match(r.out, /what if: drop synchronize_rcu\(\) #2/);
    assert.match(r.out, /grace periods:\n {2}1: .* waited for cco1/);
    assert.match(r.out, /rcu-lens check of the expected log:\n {2}line 13: .*\[gp2-wait\]/);
  });

  it('--emit-scenario writes a scenario file that --scenario reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    const e = await cli('simulate', '--emit-scenario', '--mutate', 'add-reader@40');
    writeFileSync(join(dir, 's.json'), e.out);
    const a = await cli('simulate', '--scenario', join(dir, 's.json'), '--log');
    const b = await cli('simulate', '--mutate', 'add-reader@40', '--log');
    assert.equal(a.code, 0);
    assert.equal(a.out, b.out);
    assert.match(a.out, /start cco3/);
  });

  it('reports a bad scenario at its line and column and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    writeFileSync(join(dir, 'bad.json'), '{\n  "tasks": [{"name": "init", "fn": "f"}],\n  "functions": {"f": [{"sleep": "long"}]}\n}\n');
    const r = await cli('simulate', '--scenario', join(dir, 'bad.json'));
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.json:3:33: "sleep" \(seconds\) must be a number/);
    assert.equal((await cli('simulate', '--mutate', 'drop-everything')).code, 2);
    assert.equal((await cli('simulate', '--scenario', join(dir, 'missing.json'))).code, 2);
  });

  it('--exhaustive lists the outcomes of every permitted ordering (dropping a grace period adds orders, not outcomes)', async function () {
    this.timeout(120_000);
    const r = await cli('simulate', '--exhaustive');
    assert.equal(r.code, 0);
    assert.match(r.out, /4 outcomes, \d+ orderings of the printed lines/);
    assert.match(r.out, /cco1: hit cco_quickly \/ end cco_quickly, cco2: hit cco_carefully \/ end cco_carefully; finally be_careful=0/);
    // the seed keeps both grace periods: every ordering it allows is one RCU permits, including
    // a reader whose `hit cco` precedes do_maint but whose lock (and quick path) comes after the update
    assert.doesNotMatch(r.out, /gp1-wait|gp2-wait|quick-during-maint/);
    assert.match(r.out, /every ordering is one RCU permits: rcu-lens check finds no violation in any of the \d+ orderings\n$/);
    const j = JSON.parse((await cli('simulate', '--exhaustive', '--json', '--mutate', 'drop-gp1')).out);
    assert.equal(j.truncated, false);
    assert.equal(j.outcomes.length, 4);
  });

  it('--exhaustive --mutate drop-gp1 says which orderings break RCU\'s rules, as the core\'s checks find them in each ordering\'s log', async function () {
    this.timeout(120_000);
    const r = await cli('simulate', '--exhaustive', '--mutate', 'drop-gp1');
    assert.equal(r.code, 0); // simulate reports; check and diff judge
    const verdict = /^(\d+) of (\d+) orderings break RCU's rules: gp1-wait, quick-during-maint\n$/m.exec(r.out);
    assert.ok(verdict, r.out);
    assert.ok(Number(verdict[1]) > 0 && Number(verdict[1]) < Number(verdict[2]));
    assert.ok(r.out.endsWith(verdict[0]), 'the verdict is the last line');
    assert.match(r.out, /cco1: hit cco_carefully \/ end cco_carefully, cco2: hit cco_carefully \/ end cco_carefully; finally be_careful=0\n {4}\d+ orderings, none breaks RCU's rules\n/);
    assert.match(r.out, /\n {4}\d+ orderings, \d+ break RCU's rules \(.*gp1-wait in \d+.*\)\n {4}e\.g\. line \d+: .*\[(gp1-wait|quick-during-maint)\]/);

    const j = JSON.parse((await cli('simulate', '--exhaustive', '--json', '--mutate', 'drop-gp1')).out);
    assert.deepEqual(j.rules, ['gp1-wait', 'quick-during-maint']);
    assert.equal(j.violating, Number(verdict[1]));
    assert.equal(j.orderings, Number(verdict[2]));
    let sum = 0;
    for (const o of j.outcomes) {
      assert.equal(typeof o.violations, 'object');
      assert.ok(o.violating <= o.orderings);
      sum += o.orderings;
      if (!o.example) { assert.equal(o.violating, 0); continue; }
      // the example is a log the core itself rejects, for the same rules
      const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
      writeFileSync(join(dir, 'ordering.log'), o.example.log);
      const c = await cli('check', join(dir, 'ordering.log'));
      assert.equal(c.code, 1);
      assert.deepEqual([...new Set(analyzeText(o.example.log).violations.map((v) => v.rule))].sort(), o.example.rules);
    }
    assert.equal(sum, j.orderings);
    assert.ok(j.outcomes.some((o: { violations: Record<string, number> }) => (o.violations['gp1-wait'] ?? 0) > 0));
  });

  it('--exhaustive ends with "every ordering is one RCU permits" when the core finds no violation in any', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    // the updater alone: nothing for its grace periods to wait for, nothing to break
    const sc = { ...JSON.parse((await cli('simulate', '--emit-scenario')).out) };
    sc.functions.test_phased_state_change_init = sc.functions.test_phased_state_change_init.filter((s: { print?: string; spawn?: string }) => !/cco/.test(s.print ?? s.spawn ?? ''));
    writeFileSync(join(dir, 'maint-only.json'), JSON.stringify(sc));
    const r = await cli('simulate', '--exhaustive', '--scenario', join(dir, 'maint-only.json'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n {4}1 ordering, none breaks RCU's rules\n/);
    assert.match(r.out, /\nevery ordering is one RCU permits: rcu-lens check finds no violation in any of the 1 ordering\n$/);
    const j = JSON.parse((await cli('simulate', '--exhaustive', '--json', '--scenario', join(dir, 'maint-only.json'))).out);
    assert.deepEqual(j.outcomes.map((o: { violations: object; violating: number }) => [o.violating, o.violations]), [[0, {}]]);
  });

  it('--seed and --jitter give repeatable runs', async () => {
    const a = await cli('simulate', '--seed', '5', '--jitter', '0.2', '--log');
    const b = await cli('simulate', '--seed', '5', '--jitter', '0.2', '--log');
    const c = await cli('simulate', '--seed', '6', '--jitter', '0.2', '--log');
    assert.equal(a.out, b.out);
    assert.notEqual(a.out, c.out);
    assert.deepEqual(analyzeText(a.out).violations, []);
  });
});

describe('sim CLI: rcu-lens diff', () => {
  it('exits 0 on the seed log and on allowed orderings', async () => {
    const r = await cli('diff', join(FIX, 'seed/phased-state-change.log'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no forbidden difference/);
    assert.equal((await cli('diff', join(FIX, 'allowed/lost-lines.log'))).code, 0);
  });

  it('exits 1 on a violation, naming the first forbidden line with the expected and actual lines', async () => {
    const f = join(FIX, 'violations/no-second-synchronize_rcu.log');
    const r = await cli('diff', f);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:13: forbidden: .*\\[gp2-wait\\]`));
    assert.match(r.out, /expected \(line 14 of the expected log\): \[ {2}252\.58\d+\] end maint/);
    assert.match(r.out, /actual {3}\(line 13 of .*\): \[ {2}219\.852301\] end maint/);
  });

  it('--json gives the diff of each run', async () => {
    const r = await cli('diff', join(FIX, 'sim/careful-before-flag.log'), '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.forbidden, true);
    assert.equal(j.runs[0].firstForbidden.actual.line, 4);
    assert.equal(j.runs[0].firstForbidden.rule, 'order');
    assert.match(j.runs[0].expectedLog, /^\[ {3}99\.566511\] phased state change - init module\n/);
  });

  it('exits 2 on unreadable input: a missing file, a binary file, a log without a run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-sim-'));
    writeFileSync(join(dir, 'bin.log'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)));
    writeFileSync(join(dir, 'norun.log'), '[    1.000000] Linux version 6.1\n[    2.000000] hello\n');
    for (const f of [join(dir, 'nope.log'), join(dir, 'bin.log'), join(dir, 'norun.log'), dir]) {
      const r = await cli('diff', f);
      assert.equal(r.code, 2, f);
      assert.ok(r.err.length > 0);
    }
  });
});
