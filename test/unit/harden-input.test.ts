// Hostile user-written files: profiles and scenarios of any shape give a clear error (exit 2,
// line:column) or a run, never an exception; every command ends within a bound of work.
/* eslint-disable @typescript-eslint/no-explicit-any -- the cases edit scenario JSON of any shape */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { literalPrefix, ProfileError } from '../../src/core/patterns/profile';
import { readProfileText } from '../../src/core/patterns/profileCheck';
import { LIMITS, simulate } from '../../src/core/sim/run/engine';
import { scenarioProgram } from '../../src/core/sim/explore/fromScenario';
import { ProgramError } from '../../src/core/sim/explore/program';
import { renderSimSummary } from '../../src/core/sim/run/report';
import { ScenarioError } from '../../src/core/sim/scenario/scenario';
import { parseScenario } from '../../src/core/sim/scenario/parse';
import { cli } from './support/cli';
import { fuzzParams } from './support/fuzz';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const SEED_LOG = readFileSync(join(FIX, 'seed', 'phased-state-change.log'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rcu-harden-'));
const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

// Names that are members of Object.prototype, and numbers at and past every range's edge.
const NAMES = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'init', 'f', 'g', 'cco', 'maint', 'x.y', '9bad', ''];
const NUMBERS = [0, 1, -1, 0.5, 30, 1e6, 1e7, 1e7 + 1, 1e15, 1e308, -1e308, 4096, 4097, 2 ** 53];
const jsonValue = fc.oneof(
  fc.constantFrom<unknown>(...NUMBERS, ...NAMES, true, false, null, [], {}),
  fc.anything({ maxDepth: 2 }),
);

describe('harden: profiles', () => {
  it('a field of the wrong type is an error at its line and column (exit 2), not a crash', async () => {
    const p = file('p5.json', '{\n  "name": "x",\n  "updaters": 5,\n  "patterns": [{"kind": "spawn", "match": "^start (?<task>\\\\S+)$"}]\n}\n');
    const r = await cli('check', '--profile', p, join(FIX, 'seed', 'phased-state-change.log'));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /p5\.json:3:15: invalid profile: "updaters" must be an array/);
    for (const [field, value, msg] of [
      ['initTask', '7', /"initTask" must be a non-empty string/], ['readerBeginInside', '"yes"', /true or false/],
      ['updaters', '[1]', /each of "updaters"/], ['patterns', '[{"kind": "nope", "match": "^a"}]', /"kind" must be one of/],
      ['patterns', '[{"kind": "init", "match": "^a", "flags": 3}]', /"flags" must be/], ['bogus', '1', /unknown key "bogus"/],
    ] as const) {
      const q = file('bad.json', `{"name": "x", "patterns": [{"kind": "init", "match": "^a"}], ${JSON.stringify(field)}: ${value}}`.replace(/"patterns": \[\{"kind": "init", "match": "\^a"\}\], "patterns"/, '"patterns"'));
      const c = await cli('check', '--profile', q, join(FIX, 'seed', 'phased-state-change.log'));
      assert.equal(c.code, 2, `${field}: ${c.err}`);
      assert.match(c.err, msg);
      assert.match(c.err, /bad\.json:1:\d+: /);
    }
  });

  it('any JSON in any field: a ProfileError, or a profile the analyzer runs on the seed log (property)', () => {
    const fields = ['name', 'description', 'patterns', 'updaters', 'initTask', 'updaterTask', 'readerPrefix', 'readerBeginInside'];
    const base = JSON.parse(readFileSync(join(FIX, 'profiles', 'addonly-list.json'), 'utf8')) as Record<string, unknown>;
    const seedish = { ...base, patterns: [{ kind: 'spawn', match: '^start (?<task>\\S+)$' }, { kind: 'reader-begin', match: '^hit cco$' }, { kind: 'update-begin', match: '^hit maint$' }] };
    fc.assert(fc.property(fc.constantFrom(...fields), jsonValue, (field, value) => {
      const text = JSON.stringify({ ...seedish, [field]: value });
      let profile;
      try { profile = readProfileText(text); } catch (e) { assert.ok(e instanceof ProfileError, String(e)); return; }
      analyzeText(SEED_LOG, { profile });
    }), fuzzParams(300));
  });

  it('a top-level alternation (^a|^b) matches its second branch: no literal prefix pre-filters it out', () => {
    assert.equal(literalPrefix('^a|^b'), '');
    assert.equal(literalPrefix('^(a|b)'), '');
    assert.equal(literalPrefix('^ab(c|d)'), 'ab');
    assert.equal(literalPrefix('^a[|]b'), 'a');
    const profile = readProfileText(JSON.stringify({
      name: 'alt', patterns: [
        { kind: 'init', match: '^phased state change - init module' }, { kind: 'spawn', match: '^start (?<task>\\S+)$' },
        { kind: 'reader-begin', match: '^never printed|^hit cco$' },
      ],
    }));
    const a = analyzeText(SEED_LOG, { profile });
    assert.equal(a.events.filter((e) => e.kind === 'reader-begin').length, SEED_LOG.split('\n').filter((l) => / hit cco$/.test(l)).length);
    assert.ok(a.events.some((e) => e.kind === 'reader-begin'));
  });

  it('diff --profile addonly-list.json on the add-only list\'s own log finds no forbidden difference', async function () {
    this.timeout(60_000);
    const r = await cli('diff', '--profile', join(FIX, 'profiles', 'addonly-list.json'), join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log'));
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /forbidden:/);
    assert.match(r.out, /does not apply/);
  });
});

/** The seed scenario as JSON with one place changed. */
async function seedWith(edit: (sc: Record<string, any>) => void): Promise<string> {
  const sc = JSON.parse((await cli('simulate', '--emit-scenario')).out);
  edit(sc);
  return JSON.stringify(sc, null, 1);
}

describe('harden: scenarios', () => {
  it('out-of-range numbers are errors at their place (exit 2): cpus 1e15, bootTime 1e308, busy 1e308', async () => {
    for (const [edit, msg] of [
      [(sc: any) => { sc.timing = { cpus: 1e15 }; }, /"cpus" must be at most 4096/],
      [(sc: any) => { sc.timing = { bootTime: 1e308 }; }, /"bootTime" must be at most/],
      [(sc: any) => { sc.functions.cco_quickly[0] = { busy: 1e308 }; }, /"busy" \(seconds\) must be at most/],
      [(sc: any) => { sc.functions.f = [{ call: 'constructor' }]; sc.tasks.push({ name: 't2', fn: 'f' }); }, /no function named "constructor"/],
      [(sc: any) => { sc.tasks.push({ name: 't2', fn: 'toString' }); }, /no function named "toString"/],
      [(sc: any) => { sc.functions.f = [{ spawn: 'x', fn: 'hasOwnProperty' }]; sc.tasks.push({ name: 't2', fn: 'f' }); }, /no function named "hasOwnProperty"/],
    ] as const) {
      const p = file('sc.json', await seedWith(edit));
      const r = await cli('simulate', '--scenario', p);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, msg);
      assert.match(r.err, /sc\.json:\d+:\d+: /);
    }
  });

  it('a reader busy past the simulated time limit does not vanish: the run is refused, saying why (exit 2)', async () => {
    const p = file('busy.json', await seedWith((sc) => { sc.functions.cco_quickly[0] = { busy: 5e6 }; }));
    const r = await cli('simulate', '--scenario', p);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /did not finish: the time limit/);
  });

  it('a function named toString is an ordinary function', async () => {
    const p = file('ts.json', await seedWith((sc) => { sc.functions.toString = [{ print: 'x' }]; sc.tasks.push({ name: 'valueOf', fn: 'toString' }); }));
    const r = await cli('simulate', '--scenario', p);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /valueOf +x/);
  });

  it('the largest times allowed print as times ([10000099.566511], never Infinity or NaN)', async () => {
    const p = file('big.json', await seedWith((sc) => { sc.timing = { bootTime: 1e7 }; }));
    const r = await cli('simulate', '--scenario', p);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /NaN|Infinity/);
  });

  it('any JSON in any place of a scenario: a ScenarioError, or a scenario that simulates and compiles (property)', async () => {
    const seed = JSON.parse((await cli('simulate', '--emit-scenario')).out);
    const places: ((sc: any, v: unknown) => void)[] = [
      (sc, v) => { sc.timing = { cpus: v }; }, (sc, v) => { sc.timing = { bootTime: v }; }, (sc, v) => { sc.timing = { gpLatency: v, printCost: v }; },
      (sc, v) => { sc.functions.cco_quickly[0] = { busy: v }; }, (sc, v) => { sc.functions.cco_quickly[0] = { sleep: v }; },
      (sc, v) => { sc.functions.cco_quickly[0] = { call: v }; }, (sc, v) => { sc.functions[String(v)] = [{ print: 'x' }]; sc.tasks.push({ name: 'extra', fn: String(v) }); },
      (sc, v) => { sc.vars = { [String(v)]: 1 }; }, (sc, v) => { sc.vars = { be_careful: v }; }, (sc, v) => { sc.tasks[0].at = v; },
      (sc, v) => { sc.functions.maint[0] = { spawn: v, fn: 'cco' }; }, (sc, v) => { sc.functions.maint[0] = { write: 'be_careful', value: v }; },
      (sc, v) => { sc.functions.maint[0] = { synchronize_rcu: { latency: v } }; }, (sc, v) => { sc.functions.maint[0] = v; },
    ];
    fc.assert(fc.property(fc.integer({ min: 0, max: places.length - 1 }), jsonValue, (i, v) => {
      const sc = structuredClone(seed);
      places[i]!(sc, v);
      let parsed;
      try { parsed = parseScenario(JSON.stringify(sc)); } catch (e) { assert.ok(e instanceof ScenarioError, String(e)); return; }
      const sim = simulate(parsed);
      assert.doesNotMatch(renderSimSummary(sim), /NaN|Infinity/);
      try { scenarioProgram(parsed); } catch (e) { assert.ok(e instanceof ProgramError, String(e)); }
    }), fuzzParams(150));
  });
});

describe('harden: every command ends within a bound of work', () => {
  const one = (functions: object) => JSON.stringify({ name: 'h', tasks: [{ name: 'init', fn: 'f' }], functions });

  it('a call_rcu callback that queues itself again: simulate stops at a bound (exit 2), explore refuses (exit 2)', async function () {
    this.timeout(60_000);
    const p = file('repost.json', one({ f: [{ call_rcu: 'cb', fn: 'g' }], g: [{ print: 'again' }, { call_rcu: 'cb2', fn: 'g' }] }));
    const r = await cli('simulate', '--scenario', p);
    assert.equal(r.code, 2);
    assert.match(r.err, /did not finish: too many (tasks|events)/);
    const x = await cli('simulate', '--exhaustive', '--scenario', p);
    assert.equal(x.code, 2);
    assert.match(x.err, /too many threads/);
    // the work done is bounded by the limit, not by the time allowed
    const sim = simulate(parseScenario(readFileSync(p, 'utf8')));
    assert.ok(sim.stoppedAt);
    assert.ok(sim.tasks.length <= LIMITS.tasks + 1 && sim.events.length <= LIMITS.prints + 1);
  });

  it('a task that spawns itself: simulate and simulate --exhaustive stop with "too many" (exit 2)', async function () {
    this.timeout(60_000);
    const p = file('self.json', one({ f: [{ print: 'x' }, { spawn: 't', fn: 'f' }] }));
    for (const args of [['simulate'], ['simulate', '--exhaustive']]) {
      const r = await cli(...args, '--scenario', p);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /too many (tasks|threads)/);
    }
  });

  it('calls fanning out 2^20 ways and 20,000 prints: "too many operations" before any search (exit 2)', async function () {
    this.timeout(60_000);
    const fns: Record<string, unknown[]> = {};
    for (let i = 0; i < 20; i++) fns[`f${i}`] = [{ call: `f${i + 1}` }, { call: `f${i + 1}` }];
    fns['f20'] = [{ print: 'x' }];
    const fan = file('fan.json', JSON.stringify({ name: 'fan', tasks: [{ name: 'init', fn: 'f0' }], functions: fns }));
    const prints = file('prints.json', one({ f: Array.from({ length: 20000 }, () => ({ print: 'p' })), g: [{ print: 'q' }] }));
    for (const args of [['explore', '--apart', 'f0,f1', '--scenario', fan], ['simulate', '--exhaustive', '--scenario', fan],
      ['explore', '--apart', 'f,g', '--scenario', prints], ['simulate', '--exhaustive', '--scenario', prints]]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /too many operations/);
    }
    const s = await cli('simulate', '--scenario', fan);
    assert.equal(s.code, 2);
    assert.match(s.err, /too many events/);
    // fitting inlines the calls of the log's tasks: bounded too
    for (const cmd of ['simulate', 'diff']) {
      const f = cmd === 'simulate' ? await cli(cmd, '--fit', join(FIX, 'seed', 'phased-state-change.log'), '--scenario', fan)
        : await cli(cmd, join(FIX, 'seed', 'phased-state-change.log'), '--scenario', fan);
      assert.equal(f.code, 2, f.err);
      assert.match(f.err, /too many steps once calls are inlined/);
    }
  });

  it('the summary of a long run (200,000 events) renders: no Math.max over the stack', () => {
    const sim = simulate(parseScenario(one({ f: [{ print: 'p' }] })));
    const events = Array.from({ length: 200_000 }, (_, i) => ({ ...sim.events[0]!, time: sim.events[0]!.time + i * 1e-6 }));
    const text = renderSimSummary({ ...sim, events });
    assert.equal(text.split('\n').filter((l) => / p$/.test(l)).length, 200_000);
  });

  it('--scenario and --profile files are read up to a cap: /dev/zero is refused (exit 2)', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(30_000);
    for (const args of [['simulate', '--scenario', '/dev/zero'], ['explore', '--scenario', '/dev/zero'], ['check', '--profile', '/dev/zero', join(FIX, 'seed', 'phased-state-change.log')]]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /more than 4 MB: too large/);
    }
    const big = file('big.json', `{"name": "x", "description": "${'y'.repeat(5 << 20)}"}`);
    assert.equal((await cli('simulate', '--scenario', big)).code, 2);
  });
});
