import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';
import type { LitmusOutcome } from '../../src/cli/litmusCheck';
import { agreementTable, type Checked, processClasses, readExpected } from '../../src/tools/litmus-table';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const LITMUS = join(FIX, 'litmus');
const BAD = join(FIX, 'litmus-bad');

/** FILE<TAB>rest lines of the text output, by file. */
function lines(out: string): Map<string, string> {
  return new Map(out.trimEnd().split('\n').map((l) => {
    const tab = l.indexOf('\t');
    return [l.slice(0, tab), l.slice(tab + 1)] as [string, string];
  }));
}

function expected(set: string): Map<string, string> {
  return new Map(readFileSync(join(LITMUS, 'EXPECTED.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split('\t') as [string, string]).filter(([f]) => f.startsWith(`${set}/`))
    .map(([f, r]) => [join(LITMUS, f), r]));
}

describe('litmus CLI: rcu-lens litmus', () => {
  it('psc/: the six phased-state-change tests get herd7\'s verdicts (3 Never, 3 Sometimes), one line each, exit 0', async () => {
    const r = await cli('litmus', join(LITMUS, 'psc'));
    assert.equal(r.code, 0, r.err);
    const got = lines(r.out);
    const want = expected('psc');
    assert.equal(got.size, 6);
    assert.deepEqual([...got.keys()], [...want.keys()].sort(), 'a directory stands for its *.litmus files, sorted');
    for (const [file, v] of want) assert.equal(got.get(file), `${v}\texpected ${v}`, file);
    assert.deepEqual([...want.values()].sort(), ['Never', 'Never', 'Never', 'Sometimes', 'Sometimes', 'Sometimes']);
    assert.match(r.err, /^6 tests: 3 Never, 3 Sometimes\n$/);
  });

  it('kernel/: both tests from the kernel\'s Documentation are Never, as their Result lines say', async () => {
    const files = [...expected('kernel').keys()];
    const r = await cli('litmus', ...files);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, files.map((f) => `${f}\tNever\texpected Never\n`).join(''));
  });

  it('a sample of auto/ (one per kind of result) agrees with EXPECTED.tsv', async () => {
    const want = expected('auto');
    const pick = ['C-RR-G+RR-G.litmus', 'C-RR-G+RR-R.litmus', 'C-RR-GR+RR-R.litmus', 'C-RR-GR1+RR-R+RR-R.litmus', 'C-RW-r+RW-C.litmus']
      .map((f) => join(LITMUS, 'auto', f));
    const r = await cli('litmus', ...pick);
    assert.equal(r.code, 0, r.err);
    const got = lines(r.out);
    for (const f of pick) assert.equal(got.get(f), `${want.get(f)}\texpected ${want.get(f)}`, f);
    assert.deepEqual(new Set(pick.map((f) => want.get(f))), new Set(['Never', 'Sometimes', 'DEADLOCK']));
  });

  it('an unsupported construct is named, never guessed: exit 1', async () => {
    const r = await cli('litmus', join(BAD, 'loop.litmus'), join(LITMUS, 'kernel', 'RCU+sync+read.litmus'));
    assert.equal(r.code, 1);
    assert.equal(lines(r.out).get(join(BAD, 'loop.litmus')), 'Unsupported: while statement');
    assert.equal(lines(r.out).get(join(LITMUS, 'kernel', 'RCU+sync+read.litmus')), 'Never\texpected Never', 'the other file is still checked');
    const f = await cli('litmus', join(BAD, 'unlock-wait.litmus'));
    assert.deepEqual([f.code, f.out], [1, `${join(BAD, 'unlock-wait.litmus')}\tUnsupported: spin_unlock_wait()\n`]);
    // xchg() and filter clauses are modelled
    const x = await cli('litmus', join(BAD, 'xchg.litmus'), join(BAD, 'filter.litmus'));
    assert.deepEqual([x.code, [...lines(x.out).values()]], [0, ['Never\texpected Never', 'Never\texpected Never']]);
  });

  it('the state bound reached is Unknown, with the bound: exit 1', async () => {
    const file = join(LITMUS, 'auto', 'C-RW-G+RW-G+RW-G+RW-G+RW-G+RW-G+RW-B.litmus');
    const r = await cli('litmus', '--max-states', '1', file);
    assert.equal(r.code, 1);
    assert.equal(r.out, `${file}\tUnknown (state bound 1 reached)\texpected Never\n`);
    const big = await cli('litmus', `--max-states=100000`, file);
    assert.equal(big.out, `${file}\tNever\texpected Never\n`);
    assert.equal(big.code, 0);
  });

  it('a syntax error and an unreadable file are errors: exit 2, even beside Unsupported tests', async () => {
    const r = await cli('litmus', BAD);
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.out), new Map([
      [join(BAD, 'filter.litmus'), 'Never\texpected Never'],
      [join(BAD, 'loop.litmus'), 'Unsupported: while statement'],
      [join(BAD, 'mismatch.litmus'), 'Sometimes\texpected Never MISMATCH'],
      [join(BAD, 'syntax.litmus'), 'Error: syntax error: expected ";", found "}"'],
      [join(BAD, 'unlock-wait.litmus'), 'Unsupported: spin_unlock_wait()'],
      [join(BAD, 'xchg.litmus'), 'Never\texpected Never'],
    ]));
    const missing = join(BAD, 'no-such.litmus');
    const m = await cli('litmus', missing);
    assert.deepEqual([m.code, m.out], [2, `${missing}\tError: no such file\n`]);
    const empty = mkdtempSync(join(tmpdir(), 'rcu-litmus-'));
    const e = await cli('litmus', empty);
    assert.deepEqual([e.code, e.out], [2, `${empty}\tError: no .litmus file in this directory\n`]);
  });

  it('a Result line that differs from the verdict is a MISMATCH: exit 1', async () => {
    const r = await cli('litmus', join(BAD, 'mismatch.litmus'));
    assert.equal(r.code, 1);
    assert.equal(r.out, `${join(BAD, 'mismatch.litmus')}\tSometimes\texpected Never MISMATCH\n`);
    // Maybe is not a verdict, so never a mismatch; no Result line, no expected column
    const dir = mkdtempSync(join(tmpdir(), 'rcu-litmus-'));
    const text = readFileSync(join(BAD, 'mismatch.litmus'), 'utf8');
    writeFileSync(join(dir, 'maybe.litmus'), text.replace('Result: Never', 'Result: Maybe'));
    writeFileSync(join(dir, 'none.litmus'), text.replace(' * Result: Never\n', ''));
    const m = await cli('litmus', dir);
    assert.equal(m.out, `${join(dir, 'maybe.litmus')}\tSometimes\texpected Maybe\n${join(dir, 'none.litmus')}\tSometimes\n`);
  });

  it('directories are searched recursively for *.litmus files only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-litmus-'));
    mkdirSync(join(dir, 'b', 'c'), { recursive: true });
    const text = readFileSync(join(LITMUS, 'kernel', 'RCU+sync+read.litmus'), 'utf8');
    for (const f of ['b/c/z.litmus', 'a.litmus', 'b/y.litmus']) writeFileSync(join(dir, f), text);
    writeFileSync(join(dir, 'b', 'notes.txt'), 'not a test');
    const r = await cli('litmus', dir);
    assert.equal(r.code, 0);
    assert.deepEqual([...lines(r.out).keys()], ['a.litmus', 'b/c/z.litmus', 'b/y.litmus'].map((f) => join(dir, f)));
  });

  it('--json: an array of {file, verdict, expected?, states, construct?/error?}', async () => {
    const read = join(LITMUS, 'kernel', 'RCU+sync+read.litmus');
    const r = await cli('litmus', '--json', read, join(BAD, 'loop.litmus'), join(BAD, 'syntax.litmus'), join(BAD, 'no-such.litmus'));
    assert.equal(r.code, 2);
    const j = JSON.parse(r.out) as Record<string, unknown>[];
    assert.equal(j.length, 4);
    assert.equal(j[0]!.file, read);
    assert.equal(j[0]!.verdict, 'Never');
    assert.equal(j[0]!.expected, 'Never');
    assert.ok(typeof j[0]!.states === 'number' && j[0]!.states > 0);
    assert.deepEqual(j.slice(1), [
      { file: join(BAD, 'loop.litmus'), verdict: 'Unsupported', states: 0, construct: 'while statement' },
      { file: join(BAD, 'syntax.litmus'), verdict: 'Error', states: 0, error: 'syntax error: expected ";", found "}"' },
      { file: join(BAD, 'no-such.litmus'), verdict: 'Error', states: 0, error: 'no such file' },
    ]);
    const u = await cli('litmus', '--json', '--max-states', '1', join(LITMUS, 'auto', 'C-RW-G+RW-G+RW-G+RW-G+RW-G+RW-G+RW-B.litmus'));
    assert.equal(u.code, 1);
    assert.equal((JSON.parse(u.out) as { verdict: string }[])[0]!.verdict, 'Unknown');
  });

  it('usage errors exit 2: no file, an unknown option, a bad or missing --max-states', async () => {
    const file = join(LITMUS, 'kernel', 'RCU+sync+read.litmus');
    for (const args of [[], ['--frobnicate', file], ['--max-states', '0', file], ['--max-states', 'many', file], [file, '--max-states'], ['--json=yes', file], ['--max-states', '1e9', file]]) {
      const r = await cli('litmus', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err, /^rcu-lens: /, args.join(' '));
    }
    assert.match((await cli('--help')).out, /rcu-lens litmus \[--json\] \[--max-states N\] FILE\|DIR\.\.\./);
    assert.match((await cli('litmus', '--max-states', '1000000000', file)).err, /--max-states must be a whole number from 1 to 10000000/);
  });

  it('a directory with a symbolic-link cycle, a huge file and a hostile file: each its own line, the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-litmus-'));
    const text = readFileSync(join(LITMUS, 'kernel', 'RCU+sync+read.litmus'), 'utf8');
    writeFileSync(join(dir, 'a.litmus'), text);
    symlinkSync(dir, join(dir, 'loop'));
    writeFileSync(join(dir, 'big.litmus'), Buffer.alloc(5_000_000, 0x20));
    writeFileSync(join(dir, 'deep.litmus'), `${text.replace(/exists[\s\S]*$/, '')}exists ${'('.repeat(10_000)}x=1${')'.repeat(10_000)}\n`);
    const r = await cli('litmus', dir);
    assert.deepEqual(lines(r.out), new Map([
      [join(dir, 'a.litmus'), 'Never\texpected Never'],
      [join(dir, 'big.litmus'), 'Error: larger than 4 MB (5000000 bytes): not a litmus test'],
      [join(dir, 'deep.litmus'), 'Unsupported: condition nested deeper than 200'],
    ]));
    assert.equal(r.code, 2);
  });
});

describe('litmus agreement table (npm run litmus:table)', () => {
  const row = (file: string, result: string, verdict: string, extra: Partial<LitmusOutcome> = {}): Checked =>
    ({ file, result, outcome: { file, verdict, states: 1, ...extra } });
  /** The table's data rows: label → the six numbers. */
  const table = (md: string): Map<string, number[]> => new Map(md.split('\n').filter((l) => /^\| [^-S]/.test(l)).map((l) => {
    const c = l.split('|').slice(1, -1).map((x) => x.trim());
    return [c[0]!, c.slice(1, 7).map((x) => Number(x.replace(/,/g, '')))] as [string, number[]];
  }));

  it('process classes come from the generated file names, one per process', () => {
    assert.deepEqual(processClasses('auto/C-RR-G+RW-R+WR-B.litmus'), ['G', 'R', 'B']);
    assert.deepEqual(processClasses('auto/C-RW-G+RW-Rrd+RW-CD+RW-GR1.litmus'), ['G', 'Rrd', 'CD', 'GR1']);
    assert.equal(processClasses('psc/C-PaulEMcKenney-psc+sr-mbacq.litmus'), null);
    assert.equal(processClasses('kernel/RCU+sync+read.litmus'), null);
  });

  it('EXPECTED.tsv: file<TAB>result after the header; anything else is refused', () => {
    assert.deepEqual(readExpected('file\tresult\na.litmus\tNever\nb.litmus\tnone\n'), [{ file: 'a.litmus', result: 'Never' }, { file: 'b.litmus', result: 'none' }]);
    assert.throws(() => readExpected('file\tresult\na.litmus Never\n'), /line 2/);
  });

  it('counts per set and per class: verdicts, decided, agree, disagree, unsound (Never/DEADLOCK where herd7 allows)', () => {
    const md = agreementTable([
      row('psc/a.litmus', 'Never', 'Never'),
      row('psc/b.litmus', 'Sometimes', 'Never'),
      row('auto/C-RR-G+RR-R.litmus', 'Never', 'Never'),
      row('auto/C-RR-G+RR-G.litmus', 'Sometimes', 'Never'),
      row('auto/C-RR-R+RR-B.litmus', 'Never', 'Sometimes'),
      row('auto/C-RR-R+RR-R.litmus', 'Sometimes', 'Unknown'),
      row('auto/C-RR-B+RR-B.litmus', 'Never', 'Unsupported', { construct: 'xchg()' }),
      row('auto/C-RR-GR+RR-R.litmus', 'Maybe', 'DEADLOCK'),
      row('auto/C-RR-H+RR-R.litmus', 'none', 'Never'),
    ]);
    assert.deepEqual([...table(md)], [
      ['`psc/`', [2, 2, 2, 1, 1, 1]],
      ['`auto/` R', [5, 3, 2, 1, 1, 0]],
      ['`auto/` B', [2, 2, 1, 0, 1, 0]],
      ['`auto/` G', [2, 2, 2, 1, 1, 1]],
      ['`auto/` GR', [1, 0, 0, 0, 0, 0]],
      ['`auto/` H', [1, 0, 0, 0, 0, 0]],
      ['`auto/` all', [7, 5, 3, 1, 2, 1]],
      ['**Total**', [9, 7, 5, 2, 3, 2]],
    ]);
    assert.match(md, /Not decided: 1 Unknown \(state bound reached; herd7: 1 Sometimes\), 1 Unsupported \(1 xchg\(\)\)\./);
    assert.match(md, /No verdict to compare: 2 \(herd7: 1 Maybe, 1 none\)\./);
    assert.match(md, /- `auto\/C-RR-G\+RR-G.litmus`: ours Never, herd7 Sometimes\n/);
    assert.match(md, /- G: synchronize_rcu\(\) between its two accesses\n/);
  });

  it('manual/: one row per subdirectory; DEADLOCK where herd7 says Always is unsound; times per row', () => {
    const md = agreementTable([
      { ...row('manual/locked/a.litmus', 'Always', 'DEADLOCK'), ms: 30 },
      { ...row('manual/locked/b.litmus', 'Never', 'Never'), ms: 10 },
      { ...row('manual/rcu/c.litmus', 'Sometimes', 'Sometimes'), ms: 2000 },
    ]);
    assert.deepEqual([...table(md)], [
      ['`manual/` locked', [2, 2, 2, 1, 1, 1]],
      ['`manual/` rcu', [1, 1, 1, 1, 0, 0]],
      ['`manual/` all', [3, 3, 3, 2, 1, 1]],
      ['**Total**', [3, 3, 3, 2, 1, 1]],
    ]);
    assert.match(md, /\| `manual\/` locked \|[^\n]* \| 20 \| 30 \|\n/);
    assert.match(md, /Slowest: `manual\/rcu\/c.litmus` 2\.0 s, /);
  });

  it('the built tool checks a directory on worker threads and prints the table', function () {
    this.timeout(120_000);
    const tool = join(__dirname, '..', '..', '..', 'dist', 'litmus-table.js');
    const r = spawnSync(process.execPath, [tool, LITMUS, '--jobs', '2', '--limit', '20'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const t = table(r.stdout);
    // the first 20 lines of EXPECTED.tsv are auto/ tests, every one agreeing with herd7
    assert.deepEqual(t.get('**Total**'), [20, 20, 20, 20, 0, 0]);
    assert.deepEqual(t.get('`auto/` all'), [20, 20, 20, 20, 0, 0]);
    assert.match(r.stderr, /\[20\/20\] /);
    const bad = spawnSync(process.execPath, [tool, LITMUS, '--jobs', 'two'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--jobs needs a whole number/);
  });
});
