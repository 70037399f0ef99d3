import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonPos, JsonPosError } from '../../src/core/jsonPos';
import { ScenarioError, type Scenario, type Step } from '../../src/core/sim/scenario/scenario';
import { OBJECT_OPS, parseScenario, scenarioToJson } from '../../src/core/sim/scenario/parse';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'src', 'core', 'sim', 'scenario', 'scenario.schema.json'), 'utf8'));

function issues(text: string): string[] {
  try {
    parseScenario(text);
  } catch (e) {
    assert.ok(e instanceof ScenarioError, String(e));
    return e.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
  }
  return [];
}

const strip = (sc: Scenario): unknown => JSON.parse(JSON.stringify(sc, (k, v) => (k === 'pos' ? undefined : v)));

describe('sim scenario: file format', () => {
  it('round-trips the seed scenario through its file syntax', () => {
    const text = JSON.stringify(scenarioToJson(SEED_SCENARIO), null, 2);
    assert.deepEqual(strip(parseScenario(text)), strip(SEED_SCENARIO));
  });

  it('reads the C-like order of the seed: hit cco before rcu_read_lock, start cco1 before the wake-up', () => {
    const cco = SEED_SCENARIO.functions['cco']!.map((s) => s.op);
    assert.deepEqual(cco, ['print', 'rcu_read_lock', 'if', 'rcu_read_unlock']);
    const init = SEED_SCENARIO.functions['test_phased_state_change_init']!;
    assert.deepEqual(init.map((s: Step) => (s.op === 'print' ? s.text : s.op === 'sleep' ? `sleep ${s.seconds}` : s.op)), [
      'phased state change - init module', 'start cco1', 'spawn', 'sleep 30', 'start maint', 'spawn', 'sleep 60', 'start cco2', 'spawn',
    ]);
  });

  it('records where each step was written', () => {
    const sc = parseScenario('{\n  "tasks": [{"name": "init", "fn": "f"}],\n  "functions": {\n    "f": [\n      "rcu_read_lock",\n      {"print": "x"}\n    ]\n  }\n}');
    assert.deepEqual(sc.functions['f']!.map((s) => s.pos), [{ line: 5, column: 7 }, { line: 6, column: 7 }]);
  });

  it('reports JSON syntax errors at their line and column', () => {
    assert.deepEqual(issues('{\n  "tasks": [\n    {"name": "init" "fn": "f"}\n  ]\n}'), ['3:21: not valid JSON: expected \',\' or \'}\' in object, found "\\""']);
    assert.match(issues('{"a": "unterminated\n')[0]!, /^1:7: not valid JSON: unterminated string/);
    assert.match(issues('')[0]!, /^1:1: not valid JSON: unexpected end of input/);
  });

  it('reports every semantic problem at once, each at its place', () => {
    const text = [
      '{',
      '  "vars": {"flag": 0},',
      '  "tasks": [{"name": "init", "fn": "main"}],',
      '  "functions": {',
      '    "main": [',
      '      {"prnt": "hello"},',
      '      {"sleep": -1},',
      '      {"spawn": "r1"},',
      '      {"write": "flg", "value": 1},',
      '      "synchronise_rcu",',
      '      {"spawn": "r2", "fn": "nowhere"},',
      '      {"print": "x", "colour": "red"}',
      '    ]',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(issues(text), [
      '6:8: unknown step "prnt"; expected one of print, sleep, busy, spawn, call, read, write, if, synchronize_rcu, call_rcu, spin_lock, spin_unlock, rcu_read_lock, rcu_read_unlock, synchronize_rcu, rcu_barrier, smp_mb',
      '7:17: "sleep" (seconds) must be at least 0',
      '8:7: a "spawn" step needs "fn"',
      '10:7: unknown step "synchronise_rcu" (one of rcu_read_lock, rcu_read_unlock, synchronize_rcu, rcu_barrier, smp_mb)',
      '12:22: unknown key "colour" for a "print" step (allowed: cost)',
    ]);
  });

  it('checks cross-references once the syntax is right', () => {
    const text = JSON.stringify({
      vars: { flag: 0 },
      tasks: [{ name: 'init', fn: 'main' }],
      functions: {
        main: [{ spawn: 'r1', fn: 'nowhere' }, { write: 'flg', value: 1 }, { spawn: 'r1', fn: 'main' }, { if: { reg: 'r9' }, then: [] }],
        a: [{ call: 'b' }], b: [{ call: 'a' }],
      },
    }, null, 1);
    const got = issues(text).map((s) => s.replace(/^\d+:\d+: /, ''));
    assert.deepEqual(got.sort(), [
      'function a calls itself (directly or through others): recursion is not supported',
      'register r9 is never written by a "read" step',
      'spawn r1: no function named "nowhere"',
      'task name r1 is used twice (every spawned task needs its own name)',
      'variable flg is not declared in "vars"',
    ]);
  });

  it('accepts the step key anywhere in its object and the shorthand condition', () => {
    const sc = parseScenario(JSON.stringify({
      vars: { f: 0 },
      tasks: [{ name: 'init', fn: 'main' }],
      functions: { main: [{ fn: 'main2', spawn: 'x' }, { if: 'f', then: ['smp_mb'] }, { synchronize_rcu: { latency: 0.5 } }], main2: [] },
    }));
    assert.deepEqual((strip(sc) as Scenario).functions['main'], [
      { op: 'spawn', task: 'x', fn: 'main2' },
      { op: 'if', cond: { read: 'f' }, then: [{ op: 'smp_mb' }], else: [] },
      { op: 'synchronize_rcu', latency: 0.5 },
    ]);
  });

  it('never throws anything but a ScenarioError on junk', () => {
    for (const junk of ['\u0000\u0001', '[1,2', '{"tasks": 5, "functions": []}', '"just a string"', '{'.repeat(500), '{"x": 1e999}']) {
      assert.throws(() => parseScenario(junk), ScenarioError);
    }
    assert.throws(() => parseJsonPos('{'.repeat(500)), JsonPosError);
  });

  it('publishes a schema that names the same steps as the parser', () => {
    const variants = SCHEMA.definitions.step.oneOf as { enum?: string[]; required?: string[] }[];
    const bare = variants.find((v) => v.enum)!.enum!;
    const objects = variants.filter((v) => v.required).map((v) => v.required![0]!);
    assert.deepEqual(bare.sort(), ['rcu_barrier', 'rcu_read_lock', 'rcu_read_unlock', 'smp_mb', 'synchronize_rcu']);
    assert.deepEqual(objects.sort(), [...OBJECT_OPS].sort());
  });
});
