// The axiomatic LKMM checker against herd7: every generated test (EXPECTED.tsv) and the 423
// hand-written tests of manual/ with the verdicts of an actual herd7 run (manual/HERD7.tsv).
// Soundness is absolute (never Never/DEADLOCK where herd7 allows the outcome); agreement is
// pinned to the list of tests known to differ, so a regression on any other test fails.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLitmusSource } from '../../src/core/sim/litmus/outcome';

const LITMUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'litmus');

function tsv(file: string): [string, string][] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t') as [string, string]);
}

// Every test gets herd7's verdict. (C-JanStancek-rwsem was Unknown while the value fixpoint let a
// write pass on a value that already came through it: two atomic adds on one counter made values
// without end. Each value now keeps the writes it came through.)

const ALLOWED = new Set(['Sometimes', 'Always']);
const FORBIDDEN = new Set(['Never', 'DEADLOCK']);

describe('LKMM checker: the hand-written tests, against herd7', function () {
  this.timeout(300_000);
  const rows = tsv(join(LITMUS, 'manual', 'HERD7.tsv'));
  const results = new Map<string, string>();
  before(() => {
    for (const [file] of rows) results.set(file, checkLitmusSource(readFileSync(join(LITMUS, 'manual', file), 'utf8')).verdict);
  });

  it('has all 423 tests', () => { assert.equal(rows.length, 423); });

  it('never calls an outcome herd7 allows impossible', () => {
    const unsound = rows.filter(([f, herd]) => ALLOWED.has(herd) && FORBIDDEN.has(results.get(f)!)).map(([f]) => f);
    assert.deepEqual(unsound, []);
  });

  it('gives no Error, no Unsupported and no Unknown', () => {
    assert.deepEqual(rows.filter(([f]) => ['Error', 'Unsupported', 'Unknown'].includes(results.get(f)!))
      .map(([f]) => `${f}: ${results.get(f)}`), []);
  });

  it('agrees with herd7 on every test', () => {
    const differ = rows.filter(([f, herd]) => results.get(f) !== herd)
      .map(([f, herd]) => `${f}: herd7 ${herd}, rcu-lens ${results.get(f)}`);
    assert.deepEqual(differ, []);
    const agree = rows.filter(([f, herd]) => results.get(f) === herd).length;
    assert.equal(agree, 423);
    assert.equal(results.get('manual/kernel/C-JanStancek-rwsem.litmus'), 'Sometimes', 'two atomic adds on one counter: 4 values, decided');
  });

  it('decides the shapes a multi-copy-atomic model gets wrong as herd7 does', () => {
    const want: [string, string][] = [
      ['manual/kernel/C-IngoMolnar-After.litmus', 'Sometimes'], // control dependency ends with the if
      ['manual/locked/self-deadlock.litmus', 'DEADLOCK'],
      ['manual/atomic/C-noatomic-03.litmus', 'Always'], // forall
      ['manual/demo/C-locktest-filter.litmus', 'Never'], // filter rejects everything: no state, not a deadlock
      ['manual/plain/C-OOTA.litmus', 'Sometimes'], // plain accesses: herd7 finds the out-of-thin-air values
      ['manual/plain/strong-vis.litmus', 'Never'], // wr-vis's (strong-fence ; xbstar ; r-pre-bounded)
    ];
    for (const [f, v] of want) {
      assert.equal(rows.find(([g]) => g === f)?.[1], v, `HERD7.tsv says ${v} for ${f}`);
      assert.equal(results.get(f), v, f);
    }
    const iriw = rows.filter(([f, herd]) => /IRIW|2\+2W|\bR\+|Z6\.0|WRC|ISA2/i.test(f) && herd === 'Sometimes');
    assert.ok(iriw.length >= 5, `${iriw.length} non-MCA tests`);
    for (const [f] of iriw) assert.equal(results.get(f), 'Sometimes', f);
  });
});

describe('LKMM checker: every generated test keeps its verdict', function () {
  this.timeout(300_000);
  it('agrees with every verdict of EXPECTED.tsv (auto/, psc/, kernel/)', () => {
    const bad: string[] = [];
    let n = 0;
    for (const [file, want] of tsv(join(LITMUS, 'EXPECTED.tsv'))) {
      if (!['Never', 'Sometimes', 'Always', 'DEADLOCK'].includes(want)) continue;
      n++;
      const got = checkLitmusSource(readFileSync(join(LITMUS, file), 'utf8')).verdict;
      if (got !== want) bad.push(`${file}: want ${want}, got ${got}`);
    }
    assert.ok(n >= 1400, `${n} tests with a verdict`);
    assert.deepEqual(bad, []);
  });
});

describe('LKMM checker: hostile input', () => {
  const base = 'C t\n{\n}\n\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\n\n';
  it('10,000 nested parentheses in the condition: Unsupported, no stack overflow', () => {
    const r = checkLitmusSource(`${base}exists ${'('.repeat(10_000)}x=1${')'.repeat(10_000)}`);
    assert.equal(r.verdict, 'Unsupported');
    assert.match(r.detail!, /nested deeper/);
  });
  it('a flat chain of 20,000 \\/ is decided', () => {
    const r = checkLitmusSource(`${base}exists (${Array.from({ length: 20_001 }, (_, i) => `x=${i + 1}`).join(' \\/ ')})`);
    assert.equal(r.verdict, 'Always');
  });
  it('100,000 blank lines or trailing spaces: linear header and Result scans', () => {
    const t0 = performance.now();
    for (const pad of ['\n'.repeat(100_000), ' \n'.repeat(100_000), ' '.repeat(200_000)]) {
      const r = checkLitmusSource(`${pad}${base}${pad}exists (x=1)${pad}`);
      assert.ok(['Unsupported', 'Always'].includes(r.verdict), r.verdict);
    }
    assert.ok(performance.now() - t0 < 5000);
  });
  it('a missing } is a syntax error, not Unsupported', () => {
    const r = checkLitmusSource('C t\n{\n}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n\nP1(int *x)\n{\n\tint r0 = READ_ONCE(*x);\n}\nexists (1:r0=1)\n');
    assert.equal(r.verdict, 'Error');
    assert.match(r.detail!, /syntax error/);
  });
  it('an expression chain of 100,000 operators: Unsupported', () => {
    const r = checkLitmusSource(`C t\n{\n}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, ${Array(100_000).fill('1').join(' + ')});\n}\nexists (x=1)\n`);
    assert.equal(r.verdict, 'Unsupported');
  });
});
