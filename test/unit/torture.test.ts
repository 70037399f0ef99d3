// rcutorture consoles: the real analyzer on real rcutorture logs (QEMU runs of Linux 6.1 with
// torture_type=rcu and torture_type=busted, lkp and LKML excerpts) agrees with the kernel's own
// parse-console.sh, whose verdicts were recorded beside the fixtures (PARSE-CONSOLE.tsv).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, Analyzer } from '../../src/core/analyze';
import type { TortureRun } from '../../src/core/model';
import { explainTortureLine, fieldAt, tortureRunAt } from '../../src/core/torture/index';
import { cli } from './support/cli';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const T = join(FIX, 'torture');

interface ScriptRow { file: string; verdict: string; output: string }

function scriptRows(): ScriptRow[] {
  return readFileSync(join(T, 'PARSE-CONSOLE.tsv'), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('file\t'))
    .map((l) => { const [file, verdict, output] = l.split('\t'); return { file: file!, verdict: verdict!, output: output ?? '' }; });
}

const runsOf = (file: string, opts?: { fastPath?: boolean }): TortureRun[] => analyzeBytes(readFileSync(join(FIX, file)), opts).torture ?? [];

/** parse-console.sh's Summary counts ("Warnings: 2  Call Traces: 2"). */
function summaryCounts(output: string): Record<string, number> {
  const m = /Summary:(.*?)(?:\||$)/.exec(output);
  const out: Record<string, number> = {};
  for (const x of (m?.[1] ?? '').matchAll(/([A-Za-z ]+): (\d+)/g)) out[x[1]!.trim()] = Number(x[2]);
  return out;
}

describe('rcutorture consoles: agreement with parse-console.sh', () => {
  const rows = scriptRows();

  it('the recorded verdicts cover the QEMU runs and the corpus excerpts', () => {
    assert.ok(rows.length >= 7, `${rows.length} rows`);
    assert.deepEqual(new Set(rows.map((r) => r.verdict)), new Set(['SUCCESS', 'FAILURE', 'incomplete']));
  });

  for (const row of rows) {
    it(`${row.file}: ${row.verdict}`, () => {
      const runs = runsOf(row.file);
      assert.equal(runs.length, 1, 'one run');
      const r = runs[0]!;
      assert.equal(r.verdict, row.verdict);
      // "no success message" ⇔ the run never printed its End-of-test line.
      assert.equal(!r.endSeen, row.output.includes('no success message'));
      assert.equal(r.failures.some((f) => f.kind === 'incomplete'), !r.endSeen);
      const inst = /FAILURE, (\d+) instances/.exec(row.output);
      if (inst) assert.ok(r.failures.some((f) => f.kind === 'end-failure' && f.message.includes(`"FAILURE, ${inst[1]} instances"`)), 'same instance count');
      // What console-badness.sh matched, counted as parse-console.sh's summary counts them.
      const c = summaryCounts(row.output);
      assert.equal(r.badness.warnings, c['Warnings'] ?? 0, 'Warnings');
      assert.equal(r.badness.bugs, c['Bugs'] ?? 0, 'Bugs');
      assert.equal(r.badness.callTraces, c['Call Traces'] ?? 0, 'Call Traces');
      assert.equal(r.badness.stalls, c['Stalls'] ?? 0, 'Stalls');
      assert.equal(r.badness.starves, c['Starves'] ?? 0, 'Starves');
      assert.equal(row.output.includes('Assertion failure'), Object.entries(r.badness).some(([, v]) => v > 0));
    });
  }
});

describe('rcutorture consoles: runs, series and failures', () => {
  it('a passing run: SUCCESS, ver grows every statistics line, no reader beyond bucket 1', () => {
    const [r] = runsOf('torture/rcutorture-rcu.dmesg.log');
    assert.ok(r);
    assert.deepEqual([r.type, r.verdict, r.startLine, r.endLine, r.startSeen, r.endSeen], ['rcu', 'SUCCESS', 224, 352, true, true]);
    assert.deepEqual(r.failures, []);
    assert.equal(r.params.nreaders, '2');
    assert.equal(r.params.stat_interval, '5');
    assert.equal(r.gpEnd, 'g8616 f0x1');
    assert.equal(r.totalGps, 2408);
    const s = r.series;
    assert.equal(s.ver.length, r.samples.length);
    assert.deepEqual(s.ver.slice(0, 3), [9, 92, 227]);
    assert.equal(s.t[0], 7.60114);
    assert.deepEqual(s.tooShort.filter((v) => v !== 0), []);
    assert.equal(s.reads[0], 14462 + 9);
    assert.equal(s.writes[0], 10);
    const live = r.samples.filter((x) => !x.final);
    for (let i = 1; i < live.length; i++) assert.ok(live[i]!.ver > live[i - 1]!.ver);
    assert.ok(r.samples[r.samples.length - 1]!.final, 'the cleanup statistics (VER) are marked final');
  });

  it('busted RCU: FAILURE with the too-short grace periods, rtmbe, the WARN splats and the end line', () => {
    const [r] = runsOf('torture/rcutorture-busted.dmesg.log');
    assert.ok(r);
    assert.equal(r.verdict, 'FAILURE');
    const kinds = r.failures.map((f) => `${f.line}:${f.kind}`);
    assert.deepEqual(kinds, ['252:warning', '277:too-short-gp', '281:error-counter', '284:warning', '394:end-failure']);
    const pipe = r.failures.find((f) => f.kind === 'too-short-gp')!;
    // The first Reader Pipe lost its `busted-torture:` prefix to the WARN splat: still read.
    assert.match(pipe.message, /^Reader Pipe: 2 reads saw an element .* RCU is broken/);
    assert.equal(pipe.repeats, 10);
    assert.equal(pipe.lastLine, 381);
    assert.match(r.failures.find((f) => f.kind === 'error-counter')!.message, /^rtmbe: 1 — /);
    assert.ok(r.series.tooShort.every((v) => v !== null && v > 0));
    assert.ok(r.series.errors.every((v, i) => i === 0 ? v === 0 : v === 1));
  });

  it('the serial console of the same busted run loses a Reader Pipe line: the bare `!!!` is a failure of its own', () => {
    const [r] = runsOf('torture/rcutorture-busted.console.log');
    assert.ok(r);
    assert.equal(r.verdict, 'FAILURE');
    assert.deepEqual(r.failures.map((f) => f.kind), ['bang', 'error-counter', 'too-short-gp', 'end-failure']);
  });

  it('corpus excerpts that start mid-run: a run from the first statistics line, the writer stall and the CPU stall as failures', () => {
    const [w] = runsOf('corpus/rcutorture-writer-stall-gp-state-lkp-i386-6.7-rc3.log');
    assert.ok(w);
    assert.deepEqual([w.startSeen, w.endSeen, w.verdict], [false, false, 'FAILURE']);
    const ws = w.failures.find((f) => f.kind === 'writer-stall')!;
    assert.equal(ws.line, 5);
    assert.match(ws.message, /RTWS_POLL_WAIT\(17\) waiting on grace period g55465 .* CPU 1/);
    const [t] = runsOf('corpus/rcutorture-TREE03-self-detected-stall-lkml-6.7-rc2-next.log');
    assert.ok(t);
    assert.deepEqual(t.failures.map((f) => f.kind), ['rcu-stall', 'kthread-starved', 'incomplete']);
  });

  it('several runs in one log: one entry each, in order, each with its own verdict', () => {
    const both = Buffer.concat([readFileSync(join(T, 'rcutorture-rcu.dmesg.log')), readFileSync(join(T, 'rcutorture-busted.dmesg.log'))]);
    const runs = analyzeBytes(both).torture!;
    assert.deepEqual(runs.map((r) => [r.type, r.verdict, r.boot]), [['rcu', 'SUCCESS', 0], ['busted', 'FAILURE', 1]]);
    assert.equal(runs[1]!.startLine, 352 + 224);
    // Two runs in one boot (the module loaded twice): the second Start line closes nothing open.
    const rcu = readFileSync(join(T, 'rcutorture-rcu.console.log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    const busted = readFileSync(join(T, 'rcutorture-busted.console.log'), 'utf8').split('\n').filter((l) => l.startsWith('['))
      .map((l) => l.replace(/^\[\s*([\d.]+)\]/, (_m, t: string) => `[${(Number(t) + 100).toFixed(6).padStart(12)}]`));
    const one = analyzeBytes(new TextEncoder().encode([...rcu, ...busted].join('\n') + '\n')).torture!;
    assert.deepEqual(one.map((r) => [r.type, r.verdict, r.endSeen]), [['rcu', 'SUCCESS', true], ['busted', 'FAILURE', true]]);
  });

  it('a run cut off by a new Start line is incomplete; ver stuck to the end is a GP HANG', () => {
    const lines = [
      '[    1.000000] rcu-torture:--- Start of test: nreaders=1 stat_interval=1',
      '[    2.000000] rcu-torture: rtc: (____ptrval____) ver: 5 tfle: 0 rta: 6 rtaf: 0 rtf: 0 rtmbe: 0 rtmbkf: 0/0 rtbe: 0 rtbke: 0 rtbf: 0 rtb: 0 nt: 1',
      '[    3.000000] rcu-torture:--- Start of test: nreaders=1 stat_interval=1',
      '[    4.000000] rcu-torture: rtc: (____ptrval____) ver: 7 tfle: 0 rta: 6 rtaf: 0 rtf: 0 rtmbe: 0 rtmbkf: 0/0 rtbe: 0 rtbke: 0 rtbf: 0 rtb: 0 nt: 1',
      '[    5.000000] rcu-torture: rtc: (____ptrval____) ver: 7 tfle: 0 rta: 6 rtaf: 0 rtf: 0 rtmbe: 0 rtmbkf: 0/0 rtbe: 0 rtbke: 0 rtbf: 0 rtb: 0 nt: 1',
      '[    6.000000] rcu-torture:--- End of test: SUCCESS: nreaders=1',
    ];
    const runs = analyzeBytes(new TextEncoder().encode(lines.join('\n') + '\n')).torture!;
    assert.deepEqual(runs.map((r) => r.verdict), ['incomplete', 'FAILURE']);
    assert.deepEqual(runs[1]!.failures.map((f) => [f.line, f.kind]), [[5, 'gp-hang']]);
  });

  it('a log that holds only the end line of a run still gets its verdict', () => {
    const one = (l: string) => analyzeBytes(new TextEncoder().encode(`[   55.161936] ${l}\n`)).torture!;
    const ok = one('rcu-torture:--- End of test: SUCCESS: nreaders=2 nfakewriters=1 stat_interval=5');
    assert.deepEqual(ok.map((r) => [r.verdict, r.startSeen, r.endSeen, r.startLine, r.endLine, r.params.nreaders]), [['SUCCESS', false, true, 1, 1, '2']]);
    assert.deepEqual(one('busted-torture:--- End of test: FAILURE: nreaders=2').map((r) => [r.type, r.verdict, r.failures.map((f) => f.kind)]), [['busted', 'FAILURE', ['end-failure']]]);
    assert.deepEqual(one('rcu-torture:--- End of test: RCU_HOTPLUG: nreaders=2').map((r) => [r.verdict, r.failures.map((f) => f.kind)]), [['FAILURE', ['hotplug']]]);
  });

  it('chunked streaming and the full parser give the same runs', () => {
    const bytes = readFileSync(join(T, 'rcutorture-busted.dmesg.log'));
    const whole = analyzeBytes(bytes).torture;
    const a = new Analyzer();
    for (let i = 0; i < bytes.length; i += 777) a.push(bytes.subarray(i, i + 777));
    assert.deepEqual(a.end().torture, whole);
    assert.deepEqual(runsOf('torture/rcutorture-busted.dmesg.log', { fastPath: false }), whole);
  });

  it('logs without rcutorture have no runs, and hostile torture-like text never throws', () => {
    assert.deepEqual(runsOf('seed/phased-state-change.log'), []);
    const junk = ['rcu-torture: rtc: x ver: 99999999999999999999999 rtmbe: -1 rtmbkf: a/b', 'rcu-torture: !!! Reader Pipe: 1 2', 'Reader Pipe:  ',
      'x-torture:--- End of test: ', '-torture: rtc: ver: 1', '!!!', 'rcu-torture:--- Start of test:', 'rcu-torture: Reader Batch: 1 1 1 1 1 1 1 1 1 1 1 1 1 1'];
    const a = analyzeBytes(new TextEncoder().encode(junk.map((l, i) => `[ ${i}.0] ${l}`).join('\n')));
    assert.equal(a.torture!.length, 1);
    assert.doesNotThrow(() => JSON.stringify(a));
  });
});

describe('rcutorture consoles: hovers and the CLI', () => {
  it('a statistics line explains each counter with its value, the one under the cursor first', () => {
    const runs = runsOf('torture/rcutorture-busted.dmesg.log');
    const text = readFileSync(join(T, 'rcutorture-busted.dmesg.log'), 'utf8').split('\n')[280]!;
    const msg = text.slice(text.indexOf('busted-torture'));
    const col = text.indexOf('rtmbe:');
    assert.equal(fieldAt(text, col + 3), 'rtmbe');
    const r = tortureRunAt(runs, 281)!;
    const md = explainTortureLine(r, 281, text, col)!;
    assert.match(md, /\*\*rcutorture statistics\*\* \(busted\) — ver \+2906 since the previous statistics \(5\.1 s\)/);
    const table = md.split('\n').filter((l) => l.startsWith('| `'));
    assert.match(table[0]!, /^\| `rtmbe` \| 1 ⚠ \| memory-barrier errors/);
    assert.ok(table.some((l) => /^\| `ver` \| 2918 \|/.test(l)));
    assert.match(md, /rtmbe: 1 — readers saw an element/);
    assert.ok(msg.length > 0);
    const pipe = explainTortureLine(r, 277, '')!;
    assert.match(pipe, /Reader Pipe.*Buckets on this line: 0: 1433, 1: 0, 2: 0, 3: 0, 4: 1/s);
    assert.match(pipe, /2 reads beyond bucket 1: too-short grace periods/);
    assert.match(explainTortureLine(r, 224, '')!, /^\*\*rcutorture \\\(busted\\\): FAILURE — 5 failures/);
    assert.equal(explainTortureLine(r, 230, ''), null);
  });

  it('check: exit 1 for a failed or unfinished run, 0 for a passing one; analyze --json has verdict and series', async () => {
    const bad = await cli('check', join(T, 'rcutorture-busted.dmesg.log'));
    assert.equal(bad.code, 1);
    assert.match(bad.out, /rcutorture-busted\.dmesg\.log:277: rcutorture \(busted\) FAILURE: Reader Pipe: .* \[torture:too-short-gp\]/);
    assert.equal((await cli('check', join(T, 'rcutorture-rcu.dmesg.log'))).code, 0);
    assert.equal((await cli('check', join(T, 'rcutorture-rcu.truncated.log'))).code, 1);
    const j = await cli('analyze', join(T, 'rcutorture-busted.console.log'), '--json');
    const a = JSON.parse(j.out);
    assert.equal(a.torture[0].verdict, 'FAILURE');
    assert.deepEqual(Object.keys(a.torture[0].series), ['line', 't', 'ver', 'reads', 'writes', 'errors', 'tooShort']);
    const txt = await cli('analyze', join(T, 'rcutorture-rcu.dmesg.log'));
    assert.match(txt.out, /rcutorture \(rcu\): SUCCESS — 0 failures, ver 771, total-gps 2408, lines 224–352/);
    assert.match(txt.out, /progress: 9 statistics lines, ver 9 → 771/);
  });
});

describe('rcutorture consoles: the timeline chart data', () => {
  it('a torture-only log gets a time axis, the run\'s series on it and its failures as points', async () => {
    const { buildTimeline } = await import('../../src/core/timeline/timeline');
    const a = analyzeBytes(readFileSync(join(T, 'rcutorture-busted.dmesg.log')));
    const d = buildTimeline(a);
    assert.equal(d.axis.mode, 'time');
    const t = d.torture!;
    assert.equal(t.length, 1);
    assert.equal(t[0]!.verdict, 'FAILURE');
    assert.deepEqual(t[0]!.x.slice(0, 2), [7.349905, 12.468957]);
    assert.equal(t[0]!.ver.length, 9, 'cleanup statistics (VER) left out');
    assert.deepEqual(t[0]!.failures.map((f) => f.line), [252, 277, 281, 284, 394]);
    assert.ok(d.extent.min <= 7.349905 && d.extent.max >= 52.7);
    assert.equal(buildTimeline(analyzeBytes(readFileSync(join(FIX, 'seed', 'phased-state-change.log')))).torture, undefined);
  });
});
