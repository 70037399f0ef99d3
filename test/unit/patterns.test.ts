// Patterns as data (issue 10): the built-in rcu-list pattern on logs in its module's format, the
// generic RCU rules, and pattern files' errors (line:column) and regular-expression safety.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { backtrackingConstruct, matchPattern, parsePattern, PatternError } from '../../src/core/patterns/schema';
import { RCU_LIST } from '../../src/core/patterns/rcu-list/pattern';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const analyze = (p: string) => analyzeBytes(readFileSync(join(FIX, p)));

describe('pattern rcu-list (detected by its messages)', () => {
  it('synchronize_rcu() + kfree(): sections, the wait and the element; no violation', () => {
    const a = analyze('patterns/rcu-list-sync.log');
    assert.deepEqual(a.violations, []);
    assert.equal(a.rcu?.length, 1);
    const rr = a.rcu![0]!;
    assert.equal(rr.pattern, 'rcu-list');
    assert.equal(rr.label, 'sync');
    assert.deepEqual(rr.sections.map((s) => [s.task, s.beginLine, s.endLine]), [['reader 0', 5, 11], ['reader 1', 7, 12], ['reader 0', 15, 18]]);
    assert.deepEqual(rr.waits.map((w) => [w.kind, w.beginLine, w.endLine, w.waitedFor]), [['synchronize_rcu', 10, 13, [0, 1]]]);
    assert.deepEqual(rr.objects.map((o) => [o.id, o.unlinkLine, o.freeLine]), [['3', 9, 14]]);
    // Drawn as a run with its readers, for the views.
    const run = a.runs[rr.run]!;
    assert.deepEqual(run.readers.map((r) => r.task), ['reader 0', 'reader 1', 'reader 0']);
  });

  it('no grace period: the element freed while a reader holds it is a use-after-free', () => {
    const a = analyze('patterns/rcu-list-none-uaf.log');
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), [['use-after-free', 8]]);
    assert.match(a.violations[0]!.message, /element 3 is freed \(line 8\) while reader 0, which held it since line 6/);
    assert.deepEqual(a.violations[0]!.related.map((r) => r.line), [6, 7, 10]);
    assert.ok(a.warnings.some((w) => /no grace period between them/.test(w.message)));
  });

  it('call_rcu() + rcu_barrier(): the callback after the reader, the barrier after the callback', () => {
    const a = analyze('patterns/rcu-list-call_rcu.log');
    assert.deepEqual(a.violations, []);
    assert.deepEqual(a.rcu![0]!.waits.map((w) => [w.kind, w.beginLine, w.endLine]), [['call_rcu', 7, 9], ['call_rcu', 11, 13], ['rcu_barrier', 12, 14]]);
  });

  it('a callback before its grace period, and rcu_barrier() before a callback', () => {
    const a = analyze('patterns/rcu-list-call_rcu-early.log');
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]).sort(), [['barrier-early', 13], ['callback-early', 8], ['use-after-free', 8]]);
  });

  it('a lost line never makes a violation (every line of the clean logs)', () => {
    for (const f of ['patterns/rcu-list-sync.log', 'patterns/rcu-list-call_rcu.log']) {
      const lines = readFileSync(join(FIX, f), 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const a = analyzeBytes(Buffer.from([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')));
        assert.deepEqual(a.violations.map((v) => v.rule), [], `${f} without line ${i + 1}`);
      }
    }
  });

  it('the seed log is untouched by it (no rcu runs)', () => {
    const a = analyze('seed/phased-state-change.log');
    assert.equal(a.rcu, undefined);
    assert.equal(a.runs.length, 1);
  });
});

describe('pattern files', () => {
  it('the built-in pattern is valid pattern data', () => {
    assert.equal(parsePattern(JSON.stringify(RCU_LIST, null, 2)).rules.length, RCU_LIST.events.length);
  });

  it('errors say line:column and what is wrong', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => parsePattern(text), (e: Error) => e instanceof PatternError && re.test(e.message));
    bad('{\n  "schema": "rcu-lens-pattern/1",\n  "name": "x",\n  "events": [\n    { "event": "reader-start", "match": "^a" }\n  ]\n}', /^5:16: events\[0\]\.event: unknown event "reader-start"/);
    bad('{\n  "schema": "rcu-lens-pattern/1",\n  "name": "x",\n  "events": [\n    { "event": "reader-begin", "match": "^a(b+)+$" }\n  ]\n}', /^5:41: events\[0\]\.match: a repeated group that itself repeats/);
    bad('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "event": "reader-begin", "match": "a" } ] }', /events\[0\]\.match: must start with \^ and a literal/);
    bad('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "event": "reader-begin", "match": "^a|^b" } ] }', /top-level \|/);
    bad('{\n  "schema": 2\n}', /^2:13: schema: must be "rcu-lens-pattern\/1"/);
    bad('{\n  "schema": "rcu-lens-pattern/1",\n  "name": "x",\n  "rule": [],\n  "events": [ { "event": "reader-begin", "match": "^a" } ]\n}', /^4:11: rule: unknown key; one of schema, name/);
    bad('{\n  "name": "x",\n  "events": [ }', /^3:15: not valid JSON/);
  });

  it('a | inside a group keeps the literal prefix before the group: the event is accepted and matches both branches', () => {
    const p = parsePattern('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "event": "reader-begin", "match": "^mymod: reader (?<n>\\\\d+): (begin|enter)$", "task": "r{n}" } ] }');
    assert.equal(p.prefixes[0], 'mymod: reader ');
    assert.ok(matchPattern(p, 'mymod: reader 3: begin'));
    assert.ok(matchPattern(p, 'mymod: reader 3: enter'));
    assert.equal(matchPattern(p, 'mymod: reader 3: leave'), null);
  });

  it('rejects the regular-expression constructs that backtrack exponentially, keeps ordinary ones', () => {
    for (const src of ['^(a+)+$', '^(\\w*x)*', '^(a|aa)+$'.replace('|aa', 'a*'), '^(x)\\1', '^(?<n>a)\\k<n>']) assert.ok(backtrackingConstruct(src), src);
    for (const src of ['^rcu_list: reader (?<n>\\d+): begin$', '^start (?<task>\\S+)$', '^a(bc)?d+', '^[(a+)+]x']) assert.equal(backtrackingConstruct(src), null, src);
  });
});

describe('pattern files: hostile input', () => {
  it('a file nested 100,000 deep is an error, not a stack overflow', () => {
    assert.throws(() => parsePattern('['.repeat(100_000)), /nested deeper than 64 levels/);
  });
});

describe("the README's worked example: a fourth pattern from data alone", () => {
  const EX = join(__dirname, '..', '..', '..', 'examples', 'patterns');
  it('config-pointer.json finds the config freed under a reader, and only that', () => {
    const pattern = parsePattern(readFileSync(join(EX, 'config-pointer.json'), 'utf8'));
    const a = analyzeBytes(readFileSync(join(EX, 'config-pointer.log')), { patterns: [pattern] });
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), [['use-after-free', 15]]);
    assert.match(a.violations[0]!.message, /^config 2 is freed \(line 15\) while reader1, which held it since line 13/);
    const rr = a.rcu![0]!;
    assert.deepEqual(rr.waits.map((w) => [w.kind, w.beginLine, w.endLine, w.waitedFor]), [['synchronize_rcu', 5, 9, [0]]]);
  });

  it('the README quotes the example files as they are', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const f of ['config-pointer.json', 'table-resize.json']) {
      const text = readFileSync(join(EX, f), 'utf8').trim();
      assert.ok(readme.includes(text), `README.md quotes examples/patterns/${f} unchanged`);
    }
  });
});
