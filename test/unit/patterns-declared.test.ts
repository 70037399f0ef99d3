// Patterns that declare phases, labelled work and their own rules (patterns/schema.ts), checked by
// the generic engine (rcu/rules.ts, rcu/phases.ts, rcu/overlap.ts) for any pattern; the built-in
// addonly-list pattern on its module's real log; the schema's errors at line:column.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { parsePattern, PatternError } from '../../src/core/patterns/schema';
import { ADDONLY_LIST } from '../../src/core/patterns/addonly-list/pattern';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const EX = join(ROOT, 'examples', 'patterns');
const resize = () => parsePattern(readFileSync(join(EX, 'table-resize.json'), 'utf8'));
const resizeLog = () => readFileSync(join(EX, 'table-resize.log'), 'utf8');

describe('declared phases and rules (table-resize example)', () => {
  it('lays the declared phases over the run, with their labels and times', () => {
    const a = analyzeText(resizeLog(), { patterns: [resize()] });
    const rr = a.rcu![0]!;
    assert.deepEqual(rr.phases!.map((p) => [p.name, p.startLine, p.endLine]),
      [['normal', 1, 3], ['wait-1', 4, 5], ['resize', 6, 8], ['wait-2', 9, 11], ['normal', 12, 13]]);
    assert.deepEqual(rr.phases!.map((p) => p.label), ['normal', 'grace period before the resize', 'resizing', 'grace period after the resize', 'normal']);
    // A phase lasts until the next begins; the normal phase after the update starts at its last line.
    assert.deepEqual(rr.phases!.map((p) => [p.startTime, p.endTime]), [[10, 10.3], [10.3, 10.5], [10.5, 10.7], [10.7, 10.9], [10.9, 11.05]]);
    assert.deepEqual(rr.work, [{ task: 'resizer', label: 'resize', beginLine: 6, endLine: 9 }]);
    assert.deepEqual(rr.sections.map((s) => [s.task, s.label]), [['reader1', 'fast'], ['reader2', 'slow'], ['reader3', 'fast'], ['reader1', 'fast']]);
  });

  it('a fast reader inside the resize breaks the declared rule, in the pattern\'s words', () => {
    const a = analyzeText(resizeLog(), { patterns: [resize()] });
    assert.deepEqual(a.violations.map((v) => [v.rule, v.patternRule, v.line]), [['must-not-overlap', 'fast-during-resize', 7]]);
    assert.equal(a.violations[0]!.message, 'reader3 was on the fast path (line 7) while the table was being resized (lines 6–9)');
    assert.deepEqual(a.violations[0]!.related.map((r) => r.line), [7, 6, 8]);
  });

  it('each way of overlapping, and what does not prove one', () => {
    const log = (lines: string[]) => lines.map((l, i) => `[   10.${String(i).padStart(6, '0')}] tblresize: ${l}`).join('\n');
    const flagAndResize = ['init', 'resizer sets resizing, synchronize_rcu'];
    const check = (lines: string[]) => analyzeText(log(lines), { patterns: [resize()] }).violations.map((v) => [v.patternRule ?? v.rule, v.line]);
    // Inside before the resize began and still inside after: at the resize's first line (and the
    // grace period before it did not wait for the reader either).
    assert.deepEqual(check(['init', 'reader1 lookup fast', 'resizer sets resizing, synchronize_rcu', 'resizer resize begins', 'reader1 done']), [['gp-wait', 4], ['fast-during-resize', 4]]);
    // A slow reader may overlap it.
    assert.deepEqual(check([...flagAndResize, 'resizer resize begins', 'reader1 lookup slow', 'reader1 done', 'resizer resize done, synchronize_rcu', 'resizer clears resizing']), []);
    // Its end line lost: a fast reader that began before the resize and never ends proves nothing.
    assert.deepEqual(check(['init', 'reader1 lookup fast', 'resizer sets resizing, synchronize_rcu', 'resizer resize begins']), []);
    // The resize's end lost while the resizer went on: a fast reader after it may have come after the resize.
    assert.deepEqual(check([...flagAndResize, 'resizer resize begins', 'resizer clears resizing', 'reader1 lookup fast', 'reader1 done']), []);
  });

  it('a lost line never makes a violation (the example without its bug, each line dropped)', () => {
    const clean = resizeLog().split('\n').filter((l) => !/reader3/.test(l));
    assert.deepEqual(analyzeText(clean.join('\n'), { patterns: [resize()] }).violations, []);
    for (let i = 0; i < clean.length; i++) {
      const a = analyzeText([...clean.slice(0, i), ...clean.slice(i + 1)].join('\n'), { patterns: [resize()] });
      assert.deepEqual(a.violations, [], `without line ${i + 1}`);
    }
  });

  it('a reader-begin printed before rcu_read_lock() (inside: false) is not waited for until a line inside says so', () => {
    const p = parsePattern(JSON.stringify({
      schema: 'rcu-lens-pattern/1', name: 'prelock',
      events: [
        { event: 'reader-begin', inside: false, match: '^pl: (?<task>r\\d) about to lock$' },
        { event: 'reader-end', match: '^pl: (?<task>r\\d) unlock$' },
        { event: 'reader-inside', match: '^pl: (?<task>r\\d) (?<label>\\w+)$' },
        { event: 'gp-begin', match: '^pl: sync$', task: 'u' },
        { event: 'gp-end', match: '^pl: synced$', task: 'u' },
      ],
    }));
    const run = (lines: string[]) => analyzeText(lines.map((l, i) => `[    1.${i}00000] pl: ${l}`).join('\n'), { patterns: [p] });
    // r1 printed its pre-lock line before the call, its first line inside after: it may have locked after.
    const ok = run(['r1 about to lock', 'sync', 'r1 careful', 'synced', 'r1 unlock']);
    assert.deepEqual(ok.violations, []);
    assert.deepEqual(ok.rcu![0]!.waits[0]!.waitedFor, []);
    assert.deepEqual(ok.rcu![0]!.sections.map((s) => [s.beginLine, s.insideLine, s.label, s.labelLine]), [[1, 3, 'careful', 3]]);
    // Inside before the call and still inside after it returned: a gp-wait violation, at its inside line.
    const bad = run(['r1 about to lock', 'r1 quick', 'sync', 'synced', 'r1 unlock']);
    assert.deepEqual(bad.violations.map((v) => [v.rule, v.line]), [['gp-wait', 4]]);
    assert.match(bad.violations[0]!.message, /r1 was inside it at line 2, before synchronize_rcu\(\) was called \(line 3\)/);
  });

  it('patterns without phases or rules are unchanged: no phases, no declared findings', () => {
    const a = analyzeBytes(readFileSync(join(FIX, 'patterns', 'rcu-list-sync.log')));
    assert.deepEqual(a.rcu![0]!.phases, []);
    assert.deepEqual(a.rcu![0]!.work, []);
  });
});

describe('pattern addonly-list (built in) on its module\'s real log', () => {
  const a = () => analyzeBytes(readFileSync(join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log')));

  it('is detected by its messages: the reader\'s passes and the adder\'s additions, not readers only', () => {
    const x = a();
    assert.equal(x.rcu?.length, 1);
    const rr = x.rcu![0]!;
    assert.equal(rr.pattern, 'addonly-list');
    assert.equal(rr.startLine, 595);
    assert.deepEqual(rr.sections.map((s) => [s.task, s.label, s.beginLine, s.endLine, s.holds.map((h) => h.object)]), [
      ['reader thread', 'pass 0', 597, 602, []],
      ['reader thread', 'pass 1', 603, 606, []],
      ['reader thread', 'pass 2', 607, 611, ['Golko0']],
      ['reader thread', 'pass 3', 612, 617, ['Golko1', 'Golko0']],
      ['reader thread', 'pass 4', 618, null, ['Golko2', 'Golko1', 'Golko0']],
    ]);
    assert.deepEqual(rr.work!.map((w) => [w.task, w.label, w.beginLine, w.endLine]), [
      ['adder thread', 'add', 599, 604], ['adder thread', 'add', 605, 609], ['adder thread', 'add', 610, 615],
      ['adder thread', 'add', 616, 622], ['adder thread', 'add', 623, null],
    ]);
    assert.deepEqual(rr.objects.map((o) => [o.id, o.publishLine, o.unlinkLine, o.freeLine]),
      [['Golko0', 604, null, null], ['Golko1', 609, null, null], ['Golko2', 615, null, null], ['Golko3', 622, null, null]]);
    // Every element a reader printed was published before (list_add_rcu() before `end adderN`).
    for (const s of rr.sections) for (const h of s.holds) assert.ok(rr.objects.find((o) => o.id === h.object)!.publishLine! < h.line);
    const run = x.runs[rr.run]!;
    assert.deepEqual(run.tasks.map((t) => [t.name, t.role, t.spawnLine]), [['reader thread', 'reader', 596], ['adder thread', 'updater', 598]]);
  });

  it('nothing is freed, so nothing breaks; the log stopping mid-pass is a warning', () => {
    const x = a();
    assert.deepEqual(x.violations, []);
    assert.deepEqual(x.warnings.map((w) => w.line), [618, 623]);
    assert.match(x.warnings[1]!.message, /add by adder thread \(line 623\) never ends/);
  });

  it('is valid pattern data', () => {
    assert.equal(parsePattern(JSON.stringify(ADDONLY_LIST)).rules.length, ADDONLY_LIST.events.length);
  });
});

describe('pattern files: phases and rules errors at line:column', () => {
  const base = (extra: string) => `{\n  "schema": "rcu-lens-pattern/1",\n  "name": "x",\n  "events": [\n    { "id": "a", "event": "gp-begin", "match": "^x a$" },\n    { "id": "b", "event": ["gp-end", "work-begin"], "match": "^x b$", "label": "w" }\n  ],\n${extra}\n}`;
  const bad = (text: string, re: RegExp) => assert.throws(() => parsePattern(text), (e: Error) => e instanceof PatternError && re.test(e.message), text);
  it('says where and what', () => {
    bad(base('  "phases": [\n    { "name": "p", "from": "a", "to": "c" }\n  ]'), /^9:39: phases\[0\]\.to: no event has the id "c"; the events' ids: a, b/);
    bad(base('  "phases": [\n    { "name": "p", "from": "a" },\n    { "name": "p", "from": "b" }\n  ]'), /^10:15: phases\[1\]\.name: a second phase named "p"/);
    bad(base('  "phases": [\n    { "name": "n" },\n    { "name": "m" }\n  ]'), /^10:5: phases\[1\]: a second phase without "from"/);
    bad(base('  "phases": [\n    { "name": "p", "to": "a" }\n  ]'), /^9:5: phases\[0\]\.from: a phase with "to" needs "from"/);
    bad(base('  "rules": [\n    { "id": "r", "kind": "must-overlap", "reader": "q", "work": "w" }\n  ]'), /^9:26: rules\[0\]\.kind: must be "must-not-overlap"/);
    bad(base('  "rules": [\n    { "id": "r", "kind": "must-not-overlap", "reader": "q", "work": "w", "message": "{reader} in {wrok}" }\n  ]'), /^9:85: rules\[0\]\.message: unknown placeholder \{wrok\}/);
    bad(base('  "rules": [\n    { "id": "r", "kind": "must-not-overlap", "reader": "", "work": "w" }\n  ]'), /rules\[0\]\.reader: must be a non-empty label/);
    bad(base('  "rules": [\n    { "id": "r", "kind": "must-not-overlap", "reader": "q", "work": "w", "messages": { "during": "x" } }\n  ]'), /^9:98: rules\[0\]\.messages\.during: unknown key; one of began-before, inside-during, end-during/);
    bad(base('  "words": {}').replace('"match": "^x a$"', '"match": "^x a$", "inside": false'), /^5:67: events\[0\]\.inside: applies to a reader-begin event only/);
    bad(base('  "words": {}').replace('["gp-end", "work-begin"]', '["gp-end", "work-start"]'), /^6:38: events\[1\]\.event\[1\]: unknown event "work-start"/);
  });
  it('a valid declaration compiles, with a default message for a rule that gives none', () => {
    const p = parsePattern(base('  "phases": [ { "name": "n" }, { "name": "p", "from": "a", "to": "b" } ],\n  "rules": [ { "id": "r", "kind": "must-not-overlap", "reader": "q", "work": "w" } ]'));
    assert.deepEqual(p.phases.map((x) => x.name), ['n', 'p']);
    assert.match(p.checks[0]!.message, /\{reader\} \(\{label\}\) overlapped \{work\}/);
  });
});

describe('the seed\'s double-begin: a violation only where the log provably covers it', () => {
  const text = () => readFileSync(join(FIX, 'violations', 'double-begin-caller-id.log'), 'utf8');
  it('caller ids name the task and the run starts at its init line: a violation', () => {
    const a = analyzeText(text());
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), [['double-begin', 5]]);
  });
  it('without the init line (the log may start mid-run): a warning', () => {
    const a = analyzeText(text().split('\n').slice(1).join('\n'));
    assert.deepEqual(a.violations.filter((v) => v.rule === 'double-begin'), []);
    assert.ok(a.warnings.some((w) => w.line === 4 && /cco1 begins a read-side critical section .* still open; the log does not cover the run \(no init line\)/.test(w.message)), a.warnings.map((w) => `${w.line}: ${w.message}`).join('\n'));
  });
  it('with lines reported lost before it: a warning', () => {
    const lines = text().split('\n');
    lines.splice(4, 0, '[  100.000000][ T2002] ** 3 printk messages dropped **');
    const a = analyzeText(lines.join('\n'));
    assert.deepEqual(a.violations.filter((v) => v.rule === 'double-begin'), []);
    assert.ok(a.warnings.some((w) => w.line === 6 && /lines were reported lost before this one/.test(w.message)), a.warnings.map((w) => `${w.line}: ${w.message}`).join('\n'));
  });
});

describe('pattern files: a misspelt key is an error, not ignored', () => {
  it('in events, phases and rules', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => parsePattern(text), (e: Error) => e instanceof PatternError && re.test(e.message), text);
    bad('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "event": "reader-begin", "match": "^a", "lable": "q" } ] }', /^1:111: events\[0\]\.lable: unknown key; one of event, match/);
    bad('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "id": "a", "event": "gp-begin", "match": "^a" } ],\n "phases": [ { "name": "p", "form": "a" } ] }', /^2:37: phases\[0\]\.form: unknown key/);
    bad('{ "schema": "rcu-lens-pattern/1", "name": "x", "events": [ { "event": "gp-begin", "match": "^a" } ],\n "rules": [ { "id": "r", "kind": "must-not-overlap", "reader": "q", "work": "w", "mesage": "x" } ] }', /^2:92: rules\[0\]\.mesage: unknown key/);
  });
});
