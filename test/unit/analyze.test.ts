import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText, Analyzer } from '../../src/core/analyze';
import type { Analysis, Run } from '../../src/core/model';
import { readRecords } from '../../src/core/log/records';
import { StallCollector } from '../../src/core/stalls/index';
import { PHASED_STATE_CHANGE } from '../../src/core/patterns/profile';
import { renderText } from '../../src/core/report/text';
import { viaJson } from './support/stallPlain';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const read = (p: string) => readFileSync(join(FIX, p));
const analyze = (p: string): Analysis => analyzeBytes(read(p));

/** A dmesg log of these messages: stamped 5 s apart from 100 s, or at the times given. */
function lines(msgs: (string | [number, string])[]): string {
  return msgs.map((m, i) => {
    const [t, text] = typeof m === 'string' ? [100 + i * 5, m] : m;
    return `[${t.toFixed(6).padStart(12)}] ${text}`;
  }).join('\n') + '\n';
}

function phases(run: Run): [string, number, number][] {
  return run.phases.map((p) => [p.name, p.startLine, p.endLine]);
}

describe('analyzer: the seed log', () => {
  const a = analyze('seed/phased-state-change.log');

  it('finds one complete run with the phases a developer draws by hand', () => {
    assert.equal(a.format, 'dmesg');
    assert.equal(a.runs.length, 1);
    const run = a.runs[0]!;
    assert.equal(run.complete, true);
    // hit maint = line 13, hit do_maint = 15, end do_maint = 31, end maint = 33 (the last line)
    assert.deepEqual(phases(run), [['normal', 1, 12], ['gp1', 13, 14], ['maint', 15, 30], ['gp2', 31, 33]]);
    assert.equal(run.phases[1]!.startTime, 131.102161);
    assert.equal(run.phases[1]!.endTime, 159.601005, 'gp1 lasts until do_maint begins');
  });

  it('attributes every scenario line to its task', () => {
    const got = a.events.map((e) => [e.line, e.kind, e.task, e.attribution]);
    assert.deepEqual(got, [
      [1, 'init', 'init', 'known'],
      [2, 'spawn', 'cco1', 'known'],
      [3, 'reader-begin', 'cco1', 'inferred'],
      [4, 'reader-quick', 'cco1', 'inferred'],
      [12, 'spawn', 'maint', 'known'],
      [13, 'update-begin', 'maint', 'inferred'],
      [14, 'reader-end-quick', 'cco1', 'inferred'],
      [15, 'maint-begin', 'maint', 'inferred'],
      [21, 'spawn', 'cco2', 'known'],
      [22, 'reader-begin', 'cco2', 'inferred'],
      [23, 'reader-careful', 'cco2', 'inferred'],
      [31, 'maint-end', 'maint', 'inferred'],
      [32, 'reader-end-careful', 'cco2', 'inferred'],
      [33, 'update-end', 'maint', 'inferred'],
    ]);
    assert.deepEqual(a.events.map((e) => e.time), [99.566511, 99.566653, 99.566686, 99.566687, 131.102127, 131.102161,
      159.569091, 159.601005, 192.555196, 192.555721, 192.555724, 219.852212, 252.55673, 252.589445]);
  });

  it('knows which reader each grace period waited for', () => {
    const run = a.runs[0]!;
    const [gp1, gp2] = run.gracePeriods;
    assert.deepEqual(gp1!.waitedFor.map((i) => run.readers[i]!.task), ['cco1']);
    assert.deepEqual(gp2!.waitedFor.map((i) => run.readers[i]!.task), ['cco2']);
    assert.deepEqual([gp1!.beginLine, gp1!.endLine, gp2!.beginLine, gp2!.endLine], [13, 15, 31, 33]);
    assert.ok(Math.abs(gp1!.duration! - (159.601005 - 131.102161)) < 1e-9);
    assert.deepEqual(run.readers.map((r) => [r.task, r.path, r.beginLine, r.pathLine, r.endLine]), [
      ['cco1', 'quick', 3, 4, 14],
      ['cco2', 'careful', 22, 23, 32],
    ]);
    assert.deepEqual(run.tasks.map((t) => [t.name, t.role]), [['init', 'init'], ['cco1', 'reader'], ['maint', 'updater'], ['cco2', 'reader']]);
    assert.equal(run.updater?.task, 'maint');
  });

  it('finds no violation and no stall', () => {
    assert.deepEqual(a.violations, []);
    assert.deepEqual(a.stalls, []);
  });

  it('is the same whatever the chunking', () => {
    const bytes = read('seed/phased-state-change.log');
    for (const size of [1, 7, 100, 4096]) {
      const an = new Analyzer();
      for (let i = 0; i < bytes.length; i += size) an.push(bytes.subarray(i, i + size));
      const b = an.end();
      assert.deepEqual(b, a, `chunk size ${size}`);
    }
  });

  it('reads the same log with CRLF line ends', () => {
    const crlf = analyzeText(read('seed/phased-state-change.log').toString('utf8').replace(/\n/g, '\r\n'));
    assert.deepEqual(phases(crlf.runs[0]!), phases(a.runs[0]!));
    assert.deepEqual(crlf.events.map((e) => e.task), a.events.map((e) => e.task));
  });
});

describe('analyzer: real phased-state-change logs', () => {
  it('the whole dmesg of the clean run: one run from the init line, no violation', () => {
    const a = analyze('corpus/dmesg-phased-state-change-module-5.17-preempt.log');
    assert.equal(a.runs.length, 1);
    assert.equal(a.boots.length, 1);
    const run = a.runs[0]!;
    assert.deepEqual(phases(run).slice(0, 4), [['normal', 603, 614], ['gp1', 615, 616], ['maint', 617, 632], ['gp2', 633, 635]]);
    assert.deepEqual(phases(run)[4], ['normal', 636, 638]);
    assert.deepEqual(a.violations, []);
  });

  it('the log of earlier module versions: five runs, readers without start lines, no invented violation', () => {
    const a = analyze('corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    assert.deepEqual(a.runs.map((r) => r.startLine), [1462, 1561, 1620, 1639, 1670]);
    assert.deepEqual(a.violations, []);
    // The reader of the first run ran in insmod itself: no `start` line names it.
    assert.equal(a.runs[0]!.readers[0]!.task, 'reader1');
    assert.equal(a.runs[0]!.tasks.find((t) => t.name === 'reader1')?.inferredName, true);
    // `start thread1` / `start thread2` of another module (line 259, 261) are not scenario lines.
    assert.ok(!a.events.some((e) => e.line === 259 || e.line === 261));
    const last = a.runs[4]!;
    assert.deepEqual(last.readers.map((r) => [r.task, r.path, r.beginLine, r.endLine]), [['cco1', 'quick', 1671, 1681], ['cco2', 'careful', 1689, 1704]]);
    assert.equal(a.runs[1]!.complete, false, 'a reader-only run is partial');
    // The two stall reports were printed while the reader slept inside its critical section.
    assert.deepEqual(a.stalls.map((s) => s.openReaders), [[{ run: 0, reader: 0, task: 'reader1' }], [{ run: 1, reader: 0, task: 'reader1' }]]);
    // ... and the kernel itself said the reader slept there (rcu_note_context_switch).
    assert.ok(a.warnings.some((w) => w.line === 1465 && /kernel RCU warning: .*context switch.*reader1 \(run 1\)/.test(w.message)));
  });
});

describe('analyzer: RCU rule violations', () => {
  const cases: [string, [string, number][]][] = [
    ['no-first-synchronize_rcu.log', [['gp1-wait', 8], ['quick-during-maint', 8]]],
    ['no-second-synchronize_rcu.log', [['gp2-wait', 13]]],
    ['quick-reader-during-maint.log', [['quick-during-maint', 11]]],
    ['end-without-begin.log', [['end-without-begin', 9]]],
    ['double-begin-caller-id.log', [['double-begin', 5]]],
  ];
  for (const [file, want] of cases) {
    it(`${file}: ${want.map(([r, l]) => `${r}@${l}`).join(', ')}`, () => {
      const a = analyze(`violations/${file}`);
      assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), want);
      for (const v of a.violations) {
        assert.ok(v.related.length > 0, 'names the other lines involved');
        assert.match(v.message, /cco\d|maint/, 'names the tasks');
      }
    });
  }

  it('names the reader and both grace-period lines in a gp1 violation', () => {
    const v = analyze('violations/no-first-synchronize_rcu.log').violations[0]!;
    assert.match(v.message, /cco1/);
    assert.deepEqual(v.related.map((r) => r.line), [4, 7, 9]);
  });

  it('uses caller ids: the double begin is known, not inferred', () => {
    const a = analyze('violations/double-begin-caller-id.log');
    assert.ok(a.events.filter((e) => e.kind !== 'spawn').every((e) => e.attribution === 'known' || e.line === 3 || e.line === 7),
      a.events.map((e) => `${e.line}:${e.attribution}`).join(' '));
  });
});

describe('analyzer: orderings RCU allows', () => {
  for (const file of readdirSync(join(FIX, 'allowed'))) {
    it(`${file}: no violation`, () => {
      const a = analyze(`allowed/${file}`);
      assert.deepEqual(a.violations, []);
      assert.equal(a.runs.length, 1);
    });
  }

  it('lost lines: the missing `end cco_quickly` is a warning, never a violation', () => {
    const a = analyze('allowed/lost-lines.log');
    assert.ok(a.warnings.some((w) => w.line === 7 && /lost/.test(w.message)));
    assert.ok(a.warnings.some((w) => /never ends|no end line/.test(w.message)));
  });
});

describe('analyzer: partial and broken input', () => {
  it('a run cut off in the middle: what can be built is built', () => {
    const text = read('seed/phased-state-change.log').toString('utf8').split('\n').slice(0, 16).join('\n');
    const a = analyzeText(text);
    const run = a.runs[0]!;
    assert.equal(run.complete, false);
    assert.deepEqual(run.phases.map((p) => p.name), ['normal', 'gp1', 'maint']);
    assert.deepEqual(a.violations, []);
    assert.ok(a.warnings.some((w) => /never finished/.test(w.message)));
  });

  it('an older module without start lines still gives readers and grace periods', () => {
    const text = ['hit cco', 'hit cco_quickly', 'hit maint', 'end cco_quickly', 'hit do_maint', 'end do_maint', 'end maint']
      .map((m, i) => `[  ${(10 + i).toFixed(6)}] ${m}`).join('\n');
    const a = analyzeText(text);
    assert.equal(a.runs.length, 1);
    assert.deepEqual(a.runs[0]!.readers.map((r) => r.task), ['reader1']);
    assert.deepEqual(a.runs[0]!.gracePeriods[0]!.waitedFor, [0]);
    assert.deepEqual(a.violations, []);
  });

  it('two runs in two boots are never ordered across boots', () => {
    const seed = read('seed/phased-state-change.log').toString('utf8');
    const a = analyzeText(`${seed}[    0.000000] Linux version 5.17.0 (gcc)\n${seed}`);
    assert.equal(a.boots.length, 2);
    assert.deepEqual(a.runs.map((r) => [r.boot, r.startLine]), [[0, 1], [1, 35]]);
    assert.deepEqual(a.violations, []);
  });

  it('garbage does not throw and says it is not a kernel log', () => {
    const junk = new Uint8Array(100_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
    const a = analyzeBytes(junk);
    assert.equal(a.kernelLines, 0);
    assert.deepEqual(a.runs, []);
  });
});

describe('analyzer: its pre-filter misses nothing', () => {
  const CORPUS = '/work/shared/corpus';
  const files = (() => { try { return readdirSync(CORPUS).filter((f) => f.endsWith('.log')); } catch { return []; } })();
  const local = readdirSync(join(FIX, 'corpus')).filter((f) => f.endsWith('.log'));
  for (const f of files.length ? files : local) {
    it(`${f}: the same stall reports as feeding every line to the collector`, () => {
      const bytes = readFileSync(files.length ? join(CORPUS, f) : join(FIX, 'corpus', f));
      const all = new StallCollector();
      for (const r of readRecords(bytes).records) all.push(r.line, r.boot, r.time, r.text, r.kind);
      const want = viaJson(all.finish());
      const got = viaJson(analyzeBytes(bytes).stalls).map(({ openReaders: _, ...rest }) => rest); // the analyzer adds open readers
      assert.deepEqual(got.map((s) => [s.line, s.endLine, s.kinds]), want.map((s) => [s.line, s.endLine, s.kinds]));
      assert.deepEqual(got, want);
    });
  }
});

describe('analyzer: the plain-dmesg fast path changes nothing', () => {
  const all = [
    ...readdirSync(join(FIX, 'corpus')).map((f) => `corpus/${f}`),
    ...readdirSync(join(FIX, 'violations')).map((f) => `violations/${f}`),
    ...readdirSync(join(FIX, 'allowed')).map((f) => `allowed/${f}`),
    'seed/phased-state-change.log',
  ];
  for (const f of all) {
    it(f, () => {
      const bytes = read(f);
      const full = analyzeBytes(bytes, { fastPath: false });
      assert.deepEqual(analyzeBytes(bytes), full);
      assert.deepEqual(analyzeBytes(bytes, { wasm: false }), full);
    });
  }

  it('random mixtures of plain, odd and scenario dmesg lines', () => {
    const pieces = [
      '[  131.102161] hit maint', '[  131.102161] end maint', '[   99.566686] hit cco', '[   99.566687] hit cco_quickly',
      '[  159.569091] end cco_quickly', '[   99.566511] phased state change - init module', '[   99.566653] start cco1',
      '[  101.133465] sched: RT throttling activated', '[    1.000000] [ T12] hit cco', '[    1.000000]  [ T12] hit cco',
      '[    1.5] short stamp', '[123456.123456] wide stamp', '[    2.000000] \x1b[31mred\x1b[0m', '\x1b[0m[    2.000000] x',
      '[    3.000000] Dumping ftrace buffer:', '[    3.000000] ---------------------------------',
      '[    3.000000]    <idle>-0       0d..1 75809163us : rcu_invoke_callback: rcu_preempt rhp=0000 func=f',
      '[    4.000000] ** 3 printk messages dropped **', '[    4.000000] printk: 5 messages suppressed.',
      '[    5.000000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', '[    5.000000] \t(detected by 0, t=18002 jiffies, g=1477905, q=870)',
      '[    0.000000] Linux version 5.17.0 (gcc)', '[  12.34', '[    6.000000]', '[    6.000000] ', '[    7.0000000001] long fraction',
      '[                  8.000000] many spaces', 'plain text', '', '[    9.000000]         x    y', '[   10.000000] abcdefgh-1 dash in 9th',
    ];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (lines) => {
      const text = lines.join('\n');
      const full = analyzeText(text, { fastPath: false });
      assert.deepEqual(analyzeText(text), full);
      assert.deepEqual(analyzeText(text, { wasm: false }), full);
    }), { numRuns: 300 });
  });

  // The skim loop (plainSkim.ts) takes runs of plain lines inside a chunk: chunk edges, CR, caller
  // ids, long lines, stamps going back and reports must hand over to the general path unchanged.
  it('random mixtures fed in random chunks, with CR, long lines and stamps going back', () => {
    const pieces = [
      '[  131.102161] hit maint', '[  131.102162] end maint', '[   99.566686] hit cco', '[   99.566687] hit cco_quickly',
      '[   99.566511] phased state change - init module', '[   99.566653] start cco1', '[  159.569091] end cco_quickly',
      '[  101.133465] sched: RT throttling activated', '[  101.133466]  dump_stack_lvl+0x48/0x5e', '[  101.133467] Call Trace:',
      '[    1.000000] [ T12] hit cco', '[    2.000000] usb 1-1: new device', '[    0.500000] early clock', '[  300.000000] later',
      '[ 9999.999999] wide', '[99999.000001] widest', '[  1 2.000000] space inside', '[   12.00000a] bad fraction',
      '[   12.0000:0] colon digit', '[   12.?00000] query digit', '[   1/.000000] slash digit', '[  \xff12.000000] high byte',
      '[    5.000000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', '[    5.000001] \t(detected by 0, t=18002 jiffies, g=1, q=8)',
      '[    0.000000] Linux version 5.17.0 (gcc)', '[    3.000000] Dumping ftrace buffer:', '[    3.000001] ---------------------------------',
      '[    4.000000] ** 3 printk messages dropped **', '[    6.000000] x'.padEnd(120, 'y'), '[    7.000000] ', '[    8.000000]', '',
      'plain text', '\x00\x01\x02\x03 binary', '[    9.000000] \x1b[31mred\x1b[0m',
    ];
    const breaks = ['\n', '\n', '\n', '\r\n', '\r'];
    const enc = new TextEncoder();
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...breaks)), { maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom(64, 100, 1 << 16),
      (lines, cuts, maxLine) => {
        // Enough plain lines first that the sniffer settles on dmesg and the fast paths are on.
        const head = Array.from({ length: 40 }, (_, i) => `[    0.${String(100000 + i).padStart(6, '0')}] boot noise ${i}\n`).join('');
        const bytes = enc.encode(head + lines.map(([l, br]) => l + br).join(''));
        const a = new Analyzer({ maxLine });
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const n = k === 0 ? 64 * 1024 : cuts[k % cuts.length]!;
          a.push(bytes.subarray(at, at + n));
          at += n;
        }
        assert.deepEqual(a.end(), analyzeBytes(bytes, { maxLine, fastPath: false }));
      }), { numRuns: 300 });
  });
});

describe('analyzer: which readers a grace period must wait for', () => {
  // cco1 prints `hit cco` before `hit maint`, but its path line (printed after rcu_read_lock()) comes
  // after: it may have locked after synchronize_rcu() began, and outlives grace period 1.
  const msgs = ['phased state change - init module', 'start cco1', 'hit cco', 'start maint', 'hit maint', 'hit cco_carefully',
    'hit do_maint', 'end cco_carefully', 'end do_maint', 'end maint'];

  it('the seed profile: `hit cco` before the call proves nothing, since it is printed before rcu_read_lock()', () => {
    const a = analyzeText(lines(msgs));
    assert.deepEqual(a.violations, []);
    assert.deepEqual(a.runs[0]!.gracePeriods[0]!.waitedFor, []);
    assert.deepEqual(a.runs[0]!.gracePeriods[0]!.overlapping, [0]);
  });

  it('a profile whose begin line is printed inside the critical section: the same order breaks gp1-wait', () => {
    const profile = { ...PHASED_STATE_CHANGE, name: 'begin-inside', readerBeginInside: true };
    const a = analyzeText(lines(msgs), { profile });
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), [['gp1-wait', 7]]);
    assert.deepEqual(a.runs[0]!.gracePeriods[0]!.waitedFor, [0]);
  });

  it('a reader whose path line is lost: a warning that the log cannot tell, never a violation', () => {
    const a = analyzeText(lines(['phased state change - init module', 'start cco1', 'hit cco', 'start maint', 'hit maint',
      'hit do_maint', 'end cco_quickly', 'end do_maint', 'end maint']));
    assert.deepEqual(a.violations.filter((v) => v.rule === 'gp1-wait'), []);
    assert.ok(a.warnings.some((w) => w.line === 6 && /path line is missing/.test(w.message)), JSON.stringify(a.warnings));
  });
});

describe('analyzer: phase times', () => {
  it('gp2 ends at `end maint`, not at the next line, when the log goes on after the run', () => {
    const a = analyze('corpus/dmesg-phased-state-change-module-5.17-preempt.log');
    const run = a.runs[0]!;
    const gp2 = run.phases.find((p) => p.name === 'gp2')!;
    assert.ok(run.phases[run.phases.length - 1]!.name === 'normal' && run.endLine > gp2.endLine, 'the log goes on after end maint');
    assert.equal(gp2.endTime, run.gracePeriods[1]!.endTime);
    assert.equal(gp2.startTime, run.gracePeriods[1]!.beginTime);
    // Each phase ends where the next begins.
    for (let i = 0; i + 1 < run.phases.length; i++) assert.equal(run.phases[i]!.endTime, run.phases[i + 1]!.startTime);
  });
});

describe('analyzer: logs stamped only with the wall clock', () => {
  it('dmesg -T: grace periods and phases get durations from the wall clock', () => {
    const a = analyze('formats/dmesg-ctime-seed.log');
    const run = a.runs[0]!;
    assert.equal(run.startTime, null);
    assert.deepEqual(run.gracePeriods.map((g) => g.duration), [28, 33]);
    assert.deepEqual(run.phases.map((p) => [p.name, p.endWall! - p.startWall!]), [['normal', 32], ['gp1', 28], ['maint', 60], ['gp2', 33]]);
    assert.equal(run.readers[0]!.endWall! - run.readers[0]!.beginWall!, 60);
    assert.match(renderText(a, { file: 'x' }), /gp1 +lines 13–14 +01:22:43 – 01:23:11 +28\.000 s/);
  });
});

describe('analyzer: quick readers and do_maint', () => {
  it('`hit cco` before do_maint, but the lock and the quick path after the update: allowed', () => {
    const a = analyzeText(lines(['phased state change - init module', 'start cco1', 'start maint', 'hit maint', 'hit cco',
      'hit do_maint', 'end do_maint', 'end maint', 'hit cco_quickly', 'end cco_quickly']));
    assert.deepEqual(a.violations, []);
  });
  it('the quick path line before do_maint and the end after it: quick-during-maint', () => {
    const a = analyzeText(lines(['phased state change - init module', 'start cco1', 'start maint', 'hit maint', 'hit cco',
      'hit cco_quickly', 'hit do_maint', 'end cco_quickly', 'end do_maint', 'end maint']));
    assert.ok(a.violations.some((v) => v.rule === 'quick-during-maint' && v.line === 7), JSON.stringify(a.violations));
  });
});

describe('analyzer: review findings (pairing, lost path lines)', () => {
  it('two careful readers open at once: end lines pair with readers in the order they were inside, so no false gp2-wait', () => {
    const a = analyzeText(lines([[100, 'phased state change - init module'], [100.1, 'start maint'], [100.2, 'hit maint'], [100.3, 'hit do_maint'],
      [110, 'hit cco'], [111, 'hit cco'], [111.0001, 'hit cco_carefully'], [160, 'end do_maint'], [160.0001, 'hit cco_carefully'],
      [171, 'end cco_carefully'], [172, 'end maint'], [220, 'end cco_carefully']]));
    assert.deepEqual(a.violations, []);
  });
  it('a quick reader whose path line is lost: `hit cco` during do_maint proves nothing; its quick end during do_maint does', () => {
    const allowed = analyzeText(lines([[100, 'phased state change - init module'], [100.1, 'start maint'], [100.2, 'hit maint'], [100.3, 'hit do_maint'],
      [110, 'hit cco'], [160, 'end do_maint'], [160.1, 'end maint'], [170, 'end cco_quickly']]));
    assert.deepEqual(allowed.violations, []);
    const broken = analyzeText(lines([[100, 'phased state change - init module'], [100.05, 'hit cco'], [100.1, 'start maint'], [100.2, 'hit maint'],
      [100.3, 'hit do_maint'], [120, 'end cco_quickly'], [160, 'end do_maint'], [160.1, 'end maint']]));
    assert.deepEqual(broken.violations.map((v) => [v.rule, v.line]), [['quick-during-maint', 6]]);
  });
});
