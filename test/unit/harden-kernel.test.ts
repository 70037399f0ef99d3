// The kernel RCU model (src/core/kernel/) on hostile traces: its searches stay within a bound of
// work per line, counted in kernelWork.steps (no timing), and give the answers the plain scans
// they replaced gave (those scans are kept here as the reference). Each of these took minutes or
// hung before: 40,000 CPUs each queueing a `(____ptrval____)` callback that nothing invokes by
// that name (every invocation tried every CPU); 40,000 kprobed synchronize_rcu() calls and as
// many grace periods (each call scanned every grace period); 40,000 tasks rcu_gp_init() named as
// blocked (each scanned every preempted reader); 12,000 scenario runs over a trace (each
// synchronize_rcu() of each run scanned every call and grace period); one grace period with
// 20,000 rcu_grace_period_init lines and as many reports (each report scanned every node, and the
// CPUs it waited for came out 20,000 times over).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Analyzer, analyzeBytes, analyzeText } from '../../src/core/analyze';
import { kernelWork } from '../../src/core/kernel/collector';
import { FirstAbove, lowerBound, upperBound } from '../../src/core/firstAbove';
import type { KernelGracePeriod, KernelRcu, Run } from '../../src/core/model';
import { wordsOf } from '../../src/core/explain/words';
import { fuzzParams } from './support/fuzz';

let clock = 1;
const L = (task: string, cpu: number, ev: string, args: string) =>
  `     ${task}      [${String(cpu).padStart(3, '0')}] d..1.  ${(clock += 0.0001).toFixed(6)}: ${ev}: ${args}`;
const trace = (lines: string[]) => ['# tracer: nop', '#', ...lines].join('\n') + '\n';

/** Analyses the trace; returns it and the search steps per line. */
function run(lines: string[]) {
  const before = kernelWork.steps;
  const a = analyzeText(trace(lines));
  return { a, perLine: (kernelWork.steps - before) / lines.length };
}

describe('harden: the kernel model within a bound of work per line', () => {
  const N = 20_000;
  it('ptrval callbacks on 20,000 CPUs, invoked under another name: no CPU is tried that holds none of it', () => {
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(L('k-1', i, 'rcu_callback', `rcu_preempt rhp=(____ptrval____) func=f${i % 2} 1`));
    for (let i = 0; i < N; i++) lines.push(L('k-1', N + 5, 'rcu_invoke_callback', 'rcu_preempt rhp=(____ptrval____) func=zz'));
    const { a, perLine } = run(lines);
    assert.equal(a.kernel.callbacks.queued, N);
    assert.equal(a.kernel.callbacks.paired, 0);
    assert.ok(perLine < 2, `${perLine} steps per line`);
  });

  it('callbacks invoked on another CPU (nocb) still pair, and a CPU whose window hides them costs a bounded look', () => {
    const lines: string[] = [];
    // 300 CPUs each with 70 of `a` ahead of one `f`: `f` is past every CPU's window of 64.
    for (let c = 0; c < 300; c++) {
      for (let i = 0; i < 70; i++) lines.push(L('k-1', c, 'rcu_callback', 'rcu_preempt rhp=(____ptrval____) func=a 1'));
      lines.push(L('k-1', c, 'rcu_callback', 'rcu_preempt rhp=(____ptrval____) func=f 1'));
    }
    for (let i = 0; i < 3000; i++) lines.push(L('rcuo-9', 999, 'rcu_invoke_callback', 'rcu_preempt rhp=(____ptrval____) func=f'));
    // and one that pairs across CPUs
    lines.push(L('k-1', 1000, 'rcu_callback', 'rcu_preempt rhp=(____ptrval____) func=g 1'));
    lines.push(L('rcuo-9', 999, 'rcu_invoke_callback', 'rcu_preempt rhp=(____ptrval____) func=g'));
    const { a, perLine } = run(lines);
    assert.equal(a.kernel.callbacks.paired, 1);
    // each invocation looks at its own CPU's 64 and at most 4,096 more (ANY_CPU_SCAN), not 300 CPUs' worth
    const steps = perLine * lines.length;
    assert.ok(steps <= 3001 * (64 + 4096 + 64), `${steps} steps for 3,001 invocations`);
  });

  it('kprobed synchronize_rcu() calls and grace periods: each call finds its grace period in a few steps', () => {
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      lines.push(L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${4 * i + 1} start`), L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${4 * i + 1} end`));
    }
    for (let i = 0; i < N; i++) lines.push(L(`t-${i}`, 0, 'p_sync', '(synchronize_rcu+0x0/0x59)'));
    const { a, perLine } = run(lines);
    assert.equal(a.kernel.syncs.length, N);
    assert.ok(a.kernel.syncs.every((s) => s.gracePeriods.length === 0));
    assert.ok(perLine < 2, `${perLine} steps per line`);
  });

  it('tasks rcu_gp_init() names as blocked: each is found among the preempted readers in a few steps', () => {
    const lines: string[] = [];
    for (let i = 0; i < N / 2; i++) {
      const s = 4 * i + 1;
      lines.push(
        L('rcu_preempt-12', 0, 'rcu_preempt_task', `rcu_preempt ${s - 4} ${100 + (i % 7)}`),
        L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s} start`),
        L('rcu_preempt-12', 0, 'rcu_unlock_preempted_task', `rcu_preempt-GPS ${s - 1} ${100 + (i % 7)}`),
        L('rcu_preempt-12', 0, 'rcu_unlock_preempted_task', `rcu_preempt ${s} ${100 + (i % 7)}`),
        L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s} end`),
      );
    }
    const { a, perLine } = run(lines);
    assert.equal(a.kernel.preemptedReaders.length, N / 2);
    // Each reader was open when the next grace period began, which rcu_gp_init() said it waited for.
    assert.ok(a.kernel.preemptedReaders.every((r, i) => r.blocked === i), 'each reader held up the grace period after it');
    assert.ok(perLine < 2, `${perLine} steps per line`);
  });

  it('20,000 rcu_grace_period_init lines for one grace period: the CPUs it waited for, once each', () => {
    const lines = [L('rcu_preempt-12', 0, 'rcu_grace_period', 'rcu_preempt 1 start')];
    for (let i = 0; i < N; i++) lines.push(L('rcu_preempt-12', 0, 'rcu_grace_period_init', 'rcu_preempt 1 0 0 1 3'));
    for (let i = 0; i < N; i++) lines.push(L('rcu_preempt-12', 0, 'rcu_quiescent_state_report', 'rcu_preempt 1 1>0 0 0 1 0'));
    const { a } = run(lines);
    assert.deepEqual(a.kernel.gracePeriods[0]!.cpus, [0, 1]);
    assert.deepEqual(a.kernel.gracePeriods[0]!.lastReport?.cpus, [0]);
  });

  it('12,000 scenario runs over a trace: each synchronize_rcu() of each run is linked in a few steps', () => {
    const lines = scenarioRuns(12_000);
    const { a, perLine } = run(lines);
    assert.equal(a.runs.length, 12_000);
    const gp = a.runs[7_000]!.gracePeriods[0]!;
    assert.equal(gp.kernelGracePeriods?.[0], 4 * 7_000 + 1);
    assert.ok(perLine < 2, `${perLine} steps per line`);
  });
});

/** Runs of the seed on a trace: a preempted reader, a kprobed synchronize_rcu() and its grace period each. */
function scenarioRuns(n: number, shuffle: (i: number) => number = () => 0): string[] {
  const out: string[] = [];
  const C = (task: string, msg: string) => L(task, 0, 'console', msg);
  for (let i = 0; i < n; i++) {
    const s = 4 * i + 1, r = shuffle(i);
    out.push(C('insmod-43', 'phased state change - init module'), C('insmod-43', 'start cco1'), C('cco1-44', 'hit cco'), C('cco1-44', 'hit cco_quickly'));
    if (r & 1) out.push(L('cco1-44', 0, 'rcu_preempt_task', `rcu_preempt ${s} 44`));
    out.push(C('insmod-43', 'start maint'), C('maint-45', 'hit maint'));
    if (r & 2) out.push(L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s - 8} start`));
    if (!(r & 4)) out.push(L('maint-45', 0, 'p_sync', '(synchronize_rcu+0x0/0x59)'));
    out.push(L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s} start`));
    if (r & 8) out.push(L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s - 8} end`));
    out.push(C('cco1-44', 'end cco_quickly'));
    if (r & 1) out.push(L('cco1-44', 0, 'rcu_unlock_preempted_task', `rcu_preempt ${s} 44`));
    if (!(r & 16)) out.push(L('rcu_preempt-12', 0, 'rcu_grace_period', `rcu_preempt ${s} end`));
    if (!(r & 4) && !(r & 32)) out.push(L('maint-45', 0, 'p_sync_ret', '(do_maint+0x15/0x3c <- synchronize_rcu)'));
    out.push(C('maint-45', 'hit do_maint'), C('maint-45', 'end do_maint'), C('maint-45', 'end maint'));
  }
  return out;
}

// --- the scans the indexes replaced, as they were ------------------------------------------------

function naiveCompleting(gps: readonly KernelGracePeriod[], boot: number, from: number, to: number | null): number[] {
  let best = -1;
  for (let i = 0; i < gps.length; i++) {
    const g = gps[i]!;
    if (g.boot !== boot || g.startLine === null || g.startLine <= from || g.endLine === null) continue;
    if (to !== null && g.endLine >= to) continue;
    if (best < 0 || g.startLine < gps[best]!.startLine!) best = i;
  }
  return best < 0 ? [] : [best];
}

function pidOf(run: Run, task: string): number | null {
  const t = run.tasks.find((x) => x.name === task);
  const m = t?.caller ? /^pid:(\d+)$/.exec(t.caller) : null;
  return m ? Number(m[1]) : null;
}

function naiveLinkRuns(runs: Run[], k: KernelRcu): void {
  if (k.gracePeriods.length === 0 && k.preemptedReaders.length === 0 && k.syncs.length === 0) return;
  const gps = k.gracePeriods;
  for (const run of runs) {
    const updaterPid = run.updater ? pidOf(run, run.updater.task) : null;
    for (const gp of run.gracePeriods) {
      if (gp.beginLine === null) continue;
      const to = gp.endLine;
      const sync = k.syncs.findIndex((s) =>
        s.boot === run.boot && s.entryLine > gp.beginLine! && (to === null || s.entryLine < to) &&
        (s.fn === 'synchronize_rcu' || s.fn === 'synchronize_rcu_expedited') &&
        (updaterPid === null || s.pid === updaterPid));
      const from = sync >= 0 ? k.syncs[sync]!.entryLine : gp.beginLine;
      const until = sync >= 0 ? k.syncs[sync]!.returnLine ?? to : to;
      const done = sync >= 0 && k.syncs[sync]!.gracePeriods.length ? k.syncs[sync]!.gracePeriods : naiveCompleting(gps, run.boot, from, until);
      if (sync >= 0) gp.kernelSync = sync;
      gp.kernelGpIndex = done;
      gp.kernelGracePeriods = done.map((i) => gps[i]!.gpSeq);
      const last = done.length ? gps[done[done.length - 1]!]! : null;
      const readers = new Set<number>();
      gps.forEach((g, i) => {
        const inProgress = g.boot === run.boot && g.startLine !== null && g.startLine <= from && g.endLine !== null && g.endLine > from &&
          (last ? g.endLine <= last.endLine! : until === null || g.endLine < until);
        if (done.includes(i) || inProgress) for (const r of g.readers) readers.add(r);
      });
      gp.kernelReaders = [...readers].sort((a, b) => a - b);
    }
    const work = wordsOf(null, run).work;
    const workBegin = work ? run.updater?.steps.find((s) => s.kind === work.begin) ?? null : null;
    for (const rd of run.readers) {
      const pid = pidOf(run, rd.task);
      const first = rd.pathLine ?? rd.beginLine;
      if (pid !== null && first !== null) {
        const last = rd.endLine ?? run.endLine;
        const mine: number[] = [];
        k.preemptedReaders.forEach((p, i) => { if (p.boot === run.boot && p.pid === pid && p.startLine >= first && p.startLine <= last) mine.push(i); });
        rd.kernelPreempted = mine;
      }
      if (workBegin && first !== null && first < workBegin.line && gps.length) {
        const sep: number[] = [];
        gps.forEach((g, i) => {
          if (g.boot === run.boot && g.startLine !== null && g.endLine !== null && g.startLine > first && g.endLine < workBegin.line) sep.push(i);
        });
        rd.kernelGpsBeforeMaint = sep;
      }
    }
  }
}

describe('harden: the kernel model\'s indexes answer as the scans did', () => {
  it('FirstAbove and the bounds against a scan (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), fc.nat(45), fc.nat(45), fc.integer({ min: -6, max: 6 }), (v, lo, hi, x) => {
      const want = v.findIndex((y, i) => i >= lo && i < hi && y > x);
      assert.equal(new FirstAbove(v).find(lo, hi, x), want);
      const sorted = [...v].sort((a, b) => a - b);
      assert.equal(upperBound(sorted, x), sorted.filter((y) => y <= x).length);
      assert.equal(lowerBound(sorted, x), sorted.filter((y) => y < x).length);
    }), fuzzParams(300));
  });

  it('random runs over random traces: calls, grace periods, readers linked as the scans link them (property)', () => {
    fc.assert(fc.property(fc.array(fc.nat(63), { minLength: 1, maxLength: 12 }), (shapes) => {
      const a = analyzeText(trace(scenarioRuns(shapes.length, (i) => shapes[i]!)));
      for (const s of a.kernel.syncs) assert.deepEqual(s.gracePeriods, naiveCompleting(a.kernel.gracePeriods, s.boot, s.entryLine, s.returnLine));
      const runs = structuredClone(a.runs);
      for (const r of runs) {
        for (const g of r.gracePeriods) { delete g.kernelSync; delete g.kernelGpIndex; delete g.kernelGracePeriods; delete g.kernelReaders; }
        for (const rd of r.readers) { delete rd.kernelPreempted; delete rd.kernelGpsBeforeMaint; }
      }
      naiveLinkRuns(runs, a.kernel);
      assert.deepEqual(a.runs, runs);
    }), fuzzParams(100));
  });
});

describe('harden: a callback is never paired with one queued after it ran', () => {
  const real = gunzipSync(readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces', 'phased-rcutrace.trace.log.gz'))).toString('utf8');
  it('two traces in one file (the second\'s time starts again): no pair across them, no negative latency', () => {
    const one = analyzeText(real).kernel.callbacks;
    const two = analyzeText(real + real).kernel.callbacks;
    // Before: 13 callbacks queued at the end of the first trace were "invoked" at the start of the
    // second, 18 s before they were queued.
    assert.equal((two.spans ?? []).filter((s) => s.invokeTime! < s.queueTime!).length, 0);
    assert.ok(two.paired <= 2 * one.paired && two.paired >= 2 * one.paired - 2, `${two.paired} pairs`);
    assert.ok(two.latency.p50! > 0);
  });

  it('by pointer: the same rhp queued in one trace and invoked in the next is not a pair', () => {
    const lines = [
      L('k-1', 0, 'rcu_callback', 'rcu_preempt rhp=ffff888000001000 func=f 1').replace(/\d+\.\d+:/, '100.000000:'),
      L('k-1', 0, 'rcu_invoke_callback', 'rcu_preempt rhp=ffff888000001000 func=f').replace(/\d+\.\d+:/, '1.000000:'),
    ];
    const a = analyzeText(trace(lines));
    assert.equal(a.kernel.callbacks.paired, 0);
    assert.equal(a.kernel.findings.length, 0);
  });
});

describe('harden: hostile tracepoint lines', () => {
  it('a gp_seq past 64 bits is not read (it was "grace period Infinity", gpSeq null, or 9.998e22)', () => {
    const nines = '9'.repeat(400);
    const a = analyzeText(trace([
      L('k-1', 0, 'rcu_grace_period', `rcu_preempt ${nines} start`), L('k-1', 0, 'rcu_grace_period', `rcu_preempt ${nines} end`),
      L('k-1', 0, 'rcu_grace_period', 'rcu_preempt 99999999999999999999999 start'),
      L('k-1', 0, 'rcu_preempt_task', 'rcu_preempt 99999999999999999999999 44'),
      // the largest %lu is -1, still read
      L('k-1', 0, 'rcu_grace_period', 'rcu_preempt 18446744073709551615 start'),
    ]));
    assert.deepEqual(a.kernel.gracePeriods.map((g) => g.gpSeq), [-1]);
    assert.equal(a.kernel.preemptedReaders.length, 0);
  });

  // Lines of every RCU event with fields drawn from hostile values, mixed with real ones: the fast
  // loop (ftraceSkim.ts, callbackFields.ts) and the full parser agree, and nothing throws.
  const real = gunzipSync(readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces', 'phased-rcutrace.trace.log.gz'))).toString('utf8').split('\n');
  const HEAD = real.slice(0, 800).join('\n') + '\n';
  const NUMS = ['-883', '18446744073709550712', '99999999999999999999999', 'NaN', '-0', '0', '1e9', '9007199254740993', '-', '', '00000000000000000000001', '-18446744073709551616', '4294967295', '1', '5', '3'];
  const EVENTS = ['rcu_grace_period', 'rcu_grace_period_init', 'rcu_quiescent_state_report', 'rcu_preempt_task', 'rcu_unlock_preempted_task', 'rcu_exp_grace_period',
    'rcu_callback', 'rcu_invoke_callback', 'rcu_kvfree_callback', 'rcu_batch_start', 'rcu_batch_end', 'rcu_barrier', 'rcu_fqs', 'rcu_future_grace_period',
    'rcu_invoke_kfree_bulk_callback', 'rcu_utilization', 'rcu_dyntick', 'rcu_segcb_stats', 'rcu_stall_warning', 'p_sync', 'console'];
  const WORDS = ['rcu_preempt', 'rcu_sched', 'preempt_rcu', 'rcu_preempt-GPS', 'start', 'end', 'newreq', 'cpuqs', 'fqsstart', 'rhp=(____ptrval____)', 'rhp=ffff888003c1e000',
    'rhp=(null)', 'func=f', 'func=__proto__', 'func=constructor', 'Begin', 'End', 'EarlyExit', '1>0', '0>0', '3>1', '(synchronize_rcu+0x0/0x59)', '(x+0x1/0x2 <- synchronize_rcu)',
    '(rcu_gp_init+0x0/0x4)', '(rcu_gp_cleanup+0x0/0x4)', 'hit cco', 'start cco1', 'hit maint', 'end maint', '\r', '\0', '\xff', 'é', '\t', '#', ':', ' '];
  const line = fc.record({
    pad: fc.nat(20), task: fc.constantFrom('rcu_preempt-12', 'cco1-44', '<idle>-0', 'a-b-c-7', 'x-99999999999999999999', ' -1', 'kworker/0:1-5'),
    cpu: fc.constantFrom('000', '001', '1000000000', '-1', '', '99999999999999999999'), flags: fc.constantFrom('d..1.', '.....', '', 'dnHs1'),
    time: fc.constantFrom('3.012345', '0.000000', '99999999999.999999', '3.0', '12345', '3.012345678901234', '2.999999'),
    ev: fc.constantFrom(...EVENTS), args: fc.array(fc.oneof(fc.constantFrom(...NUMS), fc.constantFrom(...WORDS)), { maxLength: 7 }), end: fc.constantFrom('', '', '\r', ' '),
  }).map((l) => `${' '.repeat(l.pad)}${l.task} [${l.cpu}] ${l.flags} ${l.time}: ${l.ev}: ${l.args.join(' ')}${l.end}`);
  it('random RCU tracepoint lines of hostile fields: the fast loop and the full parser agree (property)', () => {
    const enc = new TextEncoder();
    fc.assert(fc.property(fc.array(fc.oneof(line, fc.constantFrom(...real.slice(800, 3000))), { minLength: 1, maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }), (lines, cuts) => {
        const bytes = enc.encode(HEAD + lines.join('\n') + '\n');
        const a = new Analyzer({});
        a.push(bytes.subarray(0, HEAD.length - 3000));
        for (let at = HEAD.length - 3000, k = 0; at < bytes.length; k++) { const n = cuts[k % cuts.length]!; a.push(bytes.subarray(at, at + n)); at += n; }
        const fast = a.end();
        assert.deepEqual(fast, analyzeBytes(bytes, { fastPath: false }));
        JSON.stringify(fast);
      }), fuzzParams(60));
  });
});
