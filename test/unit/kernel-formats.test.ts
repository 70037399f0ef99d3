// The kernel's RCU tracepoints as kernels other than the fixtures' 6.1 print them (issue 12: "real
// traces you have not seen, from other modules and kernels"). Each trace below is written line by
// line from the TP_printk formats of include/trace/events/rcu.h of that kernel and from what its
// kernel/rcu/tree*.c passes them (the versions read are listed in README's "kernel RCU" section),
// and goes through the real Analyzer twice: the ftrace skim loop (analyzeText) and the full parser
// (fastPath: false). Both must give the grace periods, preempted readers and callbacks the kernel
// had — decoded by the numbering that kernel used — and a line no known format reads must be
// counted as not understood, never read as something else.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import type { Analysis } from '../../src/core/model';
import { kernelLineHover } from '../../src/core/kernel/hover';
import { kernelSection } from '../../src/core/kernel/describe';
import { fuzzParams } from './support/fuzz';

/** %lu of a (negative) unsigned long, as kernels before the `long` fields print gp numbers. */
const lu = (n: number): string => (n < 0 ? (2n ** 64n + BigInt(n)).toString() : String(n));

type Ev = [time: number, task: string, cpu: number, event: string, args: string];

/** The tracefs `trace` file: `%16s-%-7d [%03d] flags time: event: args`. */
function tracefs(evs: readonly Ev[]): string {
  return ['# tracer: nop', ...evs.map(([t, task, cpu, e, a]) => `${task.padStart(16)} [${String(cpu).padStart(3, '0')}] d..1. ${t.toFixed(6).padStart(12)}: ${e}: ${a}`)].join('\n') + '\n';
}

/** `trace-cmd report`: `cpus=N`, the event name padded, latency flags only with -l, nanoseconds with -t. */
function traceCmd(evs: readonly Ev[], o: { lat?: boolean; ns?: boolean } = {}): string {
  return ['cpus=2', ...evs.map(([t, task, cpu, e, a]) =>
    `${task.padStart(16)} [${String(cpu).padStart(3, '0')}] ${o.lat ? 'd..1 ' : ''}${t.toFixed(o.ns ? 9 : 6).padStart(o.ns ? 15 : 12)}: ${`${e}:`.padEnd(21)} ${a}`)].join('\n') + '\n';
}

/** Both analyzer paths, which must agree; the analysis. */
function both(text: string): Analysis {
  const fast = analyzeText(text);
  assert.deepEqual(fast, analyzeText(text, { fastPath: false }));
  assert.deepEqual(analyzeText(text, { wasm: false }), fast);
  return fast;
}

function gps(a: Analysis): [number | null, number | null, number | null][] {
  return a.kernel.gracePeriods.map((g) => [g.gpSeq, g.startLine, g.endLine]);
}

function readers(a: Analysis): [number, number | null, number, number | null][] {
  return a.kernel.preemptedReaders.map((r) => [r.pid, r.gpSeq, r.startLine, r.blocked]);
}

// Linux 4.14 (gpnum numbering). Formats: the gpnum-era include/trace/events/rcu.h (torvalds/linux
// at 69a79bb; lttng-modules' rcu.h, which follows each kernel's prototypes, has them unchanged up
// to 4.18): `%s %lu %s`, future GP `%s %lu %lu %lu %u %d %d %s`, rcu_callback
// `%s rhp=%p func=%pf %ld/%ld`, rcu_kfree_callback, rcu_dyntick `%s %llx %llx` (before 4.16),
// rcu_prep_idle. Values, kernel/rcu/tree.c and tree_plugin.h of that era: rcu_gp_init() traces the
// new ->gpnum at `start`, rcu_gp_cleanup() `WRITE_ONCE(rsp->completed, rsp->gpnum)` then `end`,
// rcu_preempt_ctxt_queue() `rnp->gpnum` or `rnp->gpnum + 1`. Counters start at 0UL - 300UL.
const K414: Ev[] = [
  [100.0001, 'rcu_preempt-9', 0, 'rcu_future_grace_period', `rcu_preempt ${lu(-301)} ${lu(-301)} ${lu(-300)} 0 0 1 Startleaf`],
  [100.0002, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-300)} start`],
  [100.00021, 'rcu_preempt-9', 0, 'rcu_grace_period_init', `rcu_preempt ${lu(-300)} 0 0 1 3`],
  [100.001, 'cco-44', 1, 'rcu_preempt_task', `rcu_preempt ${lu(-300)} 44`],
  [100.002, '<idle>-0', 0, 'rcu_grace_period', `rcu_preempt ${lu(-300)} cpuqs`],
  [100.00201, '<idle>-0', 0, 'rcu_quiescent_state_report', `rcu_preempt ${lu(-300)} 1>2 0 0 1 1`],
  [100.003, 'bash-50', 1, 'rcu_grace_period', `rcu_preempt ${lu(-300)} cpuqs`],
  [100.00301, 'bash-50', 1, 'rcu_quiescent_state_report', `rcu_preempt ${lu(-300)} 2>0 0 0 1 1`],
  [100.004, 'kworker/0:1-22', 0, 'rcu_callback', 'rcu_preempt rhp=ffff88003a6c1e00 func=file_free_rcu 0/1'],
  [100.0041, 'kworker/0:1-22', 0, 'rcu_kfree_callback', 'rcu_preempt rhp=ffff88003a6c2000 func=16 0/2'],
  [100.5, 'cco-44', 0, 'rcu_unlock_preempted_task', `rcu_preempt ${lu(-300)} 44`],
  [100.50001, 'cco-44', 0, 'rcu_quiescent_state_report', `preempt_rcu ${lu(-300)} 0>0 0 0 1 0`],
  [100.501, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-300)} end`],
  [100.502, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-299)} start`],
  [100.51, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-299)} end`],
  [100.511, '<idle>-0', 0, 'rcu_batch_start', 'rcu_preempt CBs=0/2 bl=10'],
  [100.51101, '<idle>-0', 0, 'rcu_invoke_callback', 'rcu_preempt rhp=ffff88003a6c1e00 func=file_free_rcu'],
  [100.51102, '<idle>-0', 0, 'rcu_invoke_kfree_callback', 'rcu_preempt rhp=ffff88003a6c2000 func=16'],
  [100.51103, '<idle>-0', 0, 'rcu_batch_end', 'rcu_preempt CBs-invoked=2 idle=....'],
  [100.51104, '<idle>-0', 0, 'rcu_dyntick', 'Start 4000000000000001 0'],
  [100.51105, '<idle>-0', 0, 'rcu_prep_idle', 'No callbacks'],
];

// Linux 4.19 to 5.3 (gp_seq printed `%lu`, rcu_callback still `%ld/%ld` until 5.6: torvalds/linux
// rcu.h at 00f5764; `end` traced after rcu_seq_end(), as a 5.x kernel/rcu/tree.c in the index
// does — `rcu_seq_end(&rcu_state.gp_seq); trace_rcu_grace_period(..., TPS("end"))` — so `end`
// prints 3 past `start`; 5.4.242's tree.c traces it first again). rcu_preempt_task prints
// rnp->gp_seq (the current grace period) or rcu_seq_snap(&rnp->gp_seq) (the next). gp_seq starts
// at (0UL - 300UL) << 2. No line names the numbering: the values do.
const K419: Ev[] = [
  [5.0002, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1199)} start`],
  [5.00021, 'rcu_preempt-10', 0, 'rcu_grace_period_init', `rcu_preempt ${lu(-1199)} 0 0 1 3`],
  [5.001, 'cco-44', 1, 'rcu_preempt_task', `rcu_preempt ${lu(-1199)} 44`],
  [5.0015, 'kworker/1:1-30', 1, 'rcu_callback', 'rcu_preempt rhp=000000007a3bd6cd func=file_free_rcu 0/1'],
  [5.002, 'bash-50', 1, 'rcu_grace_period', `rcu_preempt ${lu(-1199)} cpuqs`],
  [5.3, 'cco-44', 0, 'rcu_unlock_preempted_task', `rcu_preempt ${lu(-1199)} 44`],
  [5.301, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1196)} end`],
  [5.3011, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1195)} start`],
  [5.302, 'dave-60', 1, 'rcu_preempt_task', `rcu_preempt ${lu(-1188)} 60`],
  [5.31, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1192)} end`],
  [5.3101, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1191)} start`],
  [5.4, 'dave-60', 1, 'rcu_unlock_preempted_task', `rcu_preempt ${lu(-1191)} 60`],
  [5.41, 'rcu_preempt-10', 0, 'rcu_grace_period', `rcu_preempt ${lu(-1188)} end`],
  [5.411, '<idle>-0', 1, 'rcu_invoke_callback', 'rcu_preempt rhp=000000007a3bd6cd func=file_free_rcu'],
];

// Linux 5.10 (rcu.h of the 5.10.166 tree freak07/Kirisakura_Raviole: gp numbers in `long` fields,
// `%ld`; `end` traced before rcu_seq_end() as since 5.4; one qlen since 5.6: rcu_callback
// `%s rhp=%p func=%ps %ld`, rcu_batch_start `CBs=%ld`; rcu_kvfree_callback (the rcu_kfree_callback
// of before 5.9), rcu_invoke_kfree_bulk_callback, rcu_stall_warning). Two grace periods: their
// starts' values tell gp_seq; with one, nothing tells it and gp_seq is assumed.
const K510: Ev[] = [
  [7.0, 'rcu_preempt-10', 0, 'rcu_grace_period', 'rcu_preempt -1183 start'],
  [7.001, 'kworker/0:2-31', 0, 'rcu_callback', 'rcu_preempt rhp=00000000e2c1a0b7 func=put_cred_rcu 1'],
  [7.0011, 'kworker/0:2-31', 0, 'rcu_kvfree_callback', 'rcu_preempt rhp=000000003b7e41a9 func=24 2'],
  [7.002, 'kworker/0:2-31', 0, 'rcu_stall_warning', 'rcu_preempt SelfDetected'],
  [7.1, 'rcu_preempt-10', 0, 'rcu_grace_period', 'rcu_preempt -1183 end'],
  [7.2, 'rcu_preempt-10', 0, 'rcu_grace_period', 'rcu_preempt -1179 start'],
  [7.3, 'rcu_preempt-10', 0, 'rcu_grace_period', 'rcu_preempt -1179 end'],
  [7.31, '<idle>-0', 0, 'rcu_batch_start', 'rcu_preempt CBs=2 bl=10'],
  [7.3101, '<idle>-0', 0, 'rcu_invoke_callback', 'rcu_preempt rhp=00000000e2c1a0b7 func=put_cred_rcu'],
  [7.3102, '<idle>-0', 0, 'rcu_invoke_kvfree_callback', 'rcu_preempt rhp=000000003b7e41a9 func=24'],
  [7.3103, '<idle>-0', 0, 'rcu_invoke_kfree_bulk_callback', 'rcu_preempt bulk=0x00000000b1e5e1a3 nr_records=14'],
  [7.3104, '<idle>-0', 0, 'rcu_batch_end', 'rcu_preempt CBs-invoked=2 idle=....'],
];

// Linux 6.9 to 6.12+ (gp numbers `%ld`; rcu_segcb_stats `%s seglen: (...) gp_seq: (...)`;
// rcu_sr_normal `%s rhp=0x%p event=%s`, added in 6.9 (its patch on LKML); rcu_dyntick renamed
// rcu_watching for 6.12, same `%s %lx %lx %#3x` (the rename's patch); rcu_preempt-GPS lines from
// rcu_gp_init()).
const K612: Ev[] = [
  [9.0, 'bash-70', 1, 'rcu_sr_normal', 'rcu_preempt rhp=0x00000000d5a7f2c3 event=request'],
  [9.001, 'rcu_preempt-16', 0, 'rcu_grace_period', 'rcu_preempt -1175 start'],
  [9.0011, 'rcu_preempt-16', 0, 'rcu_unlock_preempted_task', 'rcu_preempt-GPS -1176 44'],
  [9.0012, 'rcu_preempt-16', 0, 'rcu_grace_period_init', 'rcu_preempt -1175 0 0 1 3'],
  [9.002, '<idle>-0', 0, 'rcu_watching', 'End 1 0 0x4'],
  [9.003, '<idle>-0', 0, 'rcu_segcb_stats', `SegCbDequeued seglen: (DONE=0, WAIT=1, NEXT_READY=0, NEXT=0) gp_seq: (DONE=${lu(-1180)}, WAIT=${lu(-1172)}, NEXT_READY=${lu(-1172)}, NEXT=0)`],
  [9.2, 'cco-44', 1, 'rcu_unlock_preempted_task', 'rcu_preempt -1175 44'],
  [9.21, 'rcu_preempt-16', 0, 'rcu_grace_period', 'rcu_preempt -1175 end'],
  [9.211, 'bash-70', 1, 'rcu_sr_normal', 'rcu_preempt rhp=0x00000000d5a7f2c3 event=complete'],
];
// The reader cco (pid 44) was preempted before the trace began: its rcu_preempt_task line is
// missing, so it is no preempted reader of the model; the grace period names it through -GPS.

describe('kernel formats: Linux 4.14, grace periods numbered by gpnum', () => {
  for (const [name, text] of [['tracefs', tracefs(K414)], ['trace-cmd report', traceCmd(K414)], ['trace-cmd report -l -t', traceCmd(K414, { lat: true, ns: true })]] as const) {
    it(`${name}: grace periods, the preempted reader and the grace period it held up, callbacks`, () => {
      const a = both(text);
      const k = a.kernel;
      assert.deepEqual(gps(a), [[-300, 3, 14], [-299, 15, 16]]);
      assert.deepEqual(k.gracePeriods[0]!.cpus, [0, 1]);
      assert.equal(k.gracePeriods[0]!.lastReport?.kind, 'task');
      assert.equal(k.gracePeriods[0]!.lastReport?.pid, 44);
      // rcu_preempt_task printed the gpnum it blocks: -300 itself, not a gp_seq snapshot of it.
      assert.deepEqual(readers(a), [[44, -300, 5, 0]]);
      assert.deepEqual(k.numbering?.map((n) => [n.kind, n.basis, n.line]), [['gpnum', 'format', 2]]);
      assert.deepEqual([k.callbacks.queued, k.callbacks.invoked, k.callbacks.pairedByPointer], [2, 2, 2]);
      assert.deepEqual(k.findings, []);
      assert.deepEqual(k.unread, []);
      assert.equal(a.trace.events.rcu_dyntick, 1);
      assert.equal(a.trace.events.rcu_prep_idle, 1);
    });
  }

  it('without a future-GP line, a start at a value no gp_seq starts at tells gpnum; the reader is decoded by it', () => {
    // rcu_preempt_task during grace period 1001 after its CPU reported: it blocks gpnum + 1 = 1002.
    const a = both(tracefs([
      [1.0, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt 1001 start'],
      [1.1, 'cco-44', 1, 'rcu_preempt_task', 'rcu_preempt 1002 44'],
      [1.2, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt 1001 end'],
      [1.3, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt 1002 start'],
      [2.5, 'cco-44', 1, 'rcu_unlock_preempted_task', 'rcu_preempt 1002 44'],
      [2.6, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt 1002 end'],
    ]));
    assert.deepEqual(gps(a), [[1001, 2, 4], [1002, 5, 7]]);
    // Read as a gp_seq, 1002 would be a snapshot naming grace period 1001: the wrong one.
    assert.deepEqual(readers(a), [[44, 1002, 3, 1]]);
    assert.deepEqual(a.kernel.numbering?.map((n) => [n.kind, n.basis, n.line]), [['gpnum', 'values', 5]]);
    assert.deepEqual(a.kernel.findings.map((f) => f.rule), ['kernel-reader-blocking']);
  });

  it('the hover says gpnum, and why', () => {
    const text = tracefs(K414);
    const a = both(text);
    const h = kernelLineHover(a, 5, text.split('\n')[4]!)!;
    assert.match(h, /gpnum -300: grace period number -300, a plain counter with no state bits/);
    assert.match(h, /blocks grace period -300/);
    assert.doesNotMatch(h, /state \d/);
    assert.match(kernelSection(a).join('\n'), /grace periods numbered by gpnum, a plain counter \(Linux before 4\.19\): rcu_future_grace_period prints gpnum/);
  });
});

describe('kernel formats: Linux 4.19 to 5.3, gp_seq with `end` traced after rcu_seq_end()', () => {
  for (const [name, text] of [['tracefs', tracefs(K419)], ['trace-cmd report', traceCmd(K419)]] as const) {
    it(`${name}: each end (3 past its start) closes its grace period; readers by gp_seq and snapshot`, () => {
      const a = both(text);
      const k = a.kernel;
      assert.deepEqual(gps(a), [[-1199, 2, 8], [-1195, 9, 11], [-1191, 12, 14]]);
      assert.deepEqual(readers(a), [[44, -1199, 4, 0], [60, -1191, 10, 2]]);
      assert.deepEqual(k.numbering?.map((n) => [n.kind, n.basis, n.line]), [['gp_seq', 'values', 8]]);
      assert.deepEqual([k.callbacks.queued, k.callbacks.invoked, k.callbacks.pairedByPointer], [1, 1, 1]);
      assert.deepEqual(k.findings, []);
      assert.deepEqual(k.unread, []);
    });
  }

  it('the hover on an end line names the grace period it ended', () => {
    const text = tracefs(K419);
    const a = both(text);
    const h = kernelLineHover(a, 8, text.split('\n')[7]!)!;
    assert.match(h, /gp_seq -1196 = counter -299, state 0/);
    assert.match(h, /belongs to \*\*grace period \\-1199 \\\(rcu\\_preempt\\\)\*\* \(line 2, line 8\)/);
  });
});

describe('kernel formats: Linux 5.10, one qlen, kvfree and kfree_bulk callbacks', () => {
  it('grace periods and every kind of callback; the numbering is assumed, and says so', () => {
    const text = tracefs(K510);
    const a = both(text);
    const k = a.kernel;
    assert.deepEqual(gps(a), [[-1183, 2, 6], [-1179, 7, 8]]);
    assert.deepEqual([k.callbacks.queued, k.callbacks.invoked, k.callbacks.pairedByPointer, k.callbacks.kfreeBulk], [2, 2, 2, 14]);
    assert.deepEqual(k.callbacks.functions.map((f) => f.func), ['kvfree@24', 'put_cred_rcu']);
    assert.deepEqual(k.unread, []);
    assert.equal(a.trace.events.rcu_stall_warning, 1);
    // Two starts at state 1, 4 apart: gp_seq, from the values.
    assert.deepEqual(k.numbering?.map((n) => [n.kind, n.basis]), [['gp_seq', 'values']]);
    const one = both(tracefs(K510.slice(0, 5)));
    assert.deepEqual(one.kernel.numbering?.map((n) => [n.kind, n.basis]), [['gp_seq', 'assumed']]);
    assert.match(kernelLineHover(one, 2, tracefs(K510.slice(0, 5)).split('\n')[1]!)!, /gp_seq assumed: which kernel printed it cannot be told from this trace/);
  });
});

describe('kernel formats: Linux 6.9 to 6.12+, signed numbers, rcu_sr_normal, rcu_watching', () => {
  for (const [name, text] of [['tracefs', tracefs(K612)], ['trace-cmd report -t', traceCmd(K612, { ns: true })]] as const) {
    it(`${name}: the grace period, -GPS as gp_seq evidence, the new events counted and understood`, () => {
      const a = both(text);
      const k = a.kernel;
      assert.deepEqual(gps(a), [[-1175, 3, 9]]);
      assert.deepEqual(k.numbering?.map((n) => [n.kind, n.basis, n.line]), [['gp_seq', 'format', 4]]);
      assert.deepEqual(k.unread, []);
      assert.deepEqual([a.trace.events.rcu_watching, a.trace.events.rcu_sr_normal, a.trace.events.rcu_segcb_stats], [1, 2, 1]);
      // rcu_sr_normal: a synchronize_rcu() call from request to complete, completed by -1175.
      assert.deepEqual(k.syncs.map((x) => [x.fn, x.via, x.pid, x.entryLine, x.returnLine, x.gracePeriods]), [['synchronize_rcu', 'tracepoint', 70, 2, 10, [0]]]);
      assert.match(kernelSection(a).join('\n'), /synchronize_rcu\(\) calls seen by the rcu_sr_normal tracepoint: 1/);
      assert.match(kernelLineHover(a, 10, text.split('\n')[9]!)!, /rcu_sr_normal: `synchronize_rcu\(\)` returned\*\* by bash \(pid 70\)[^]*Completed by \*\*grace period \\-1175/);
    });
  }

  it('a call kprobes also see is one call, the kprobes\'', () => {
    const evs: Ev[] = [
      [8.999, 'bash-70', 1, 'p_synchronize_rcu_0', '(synchronize_rcu+0x0/0x50)'],
      ...K612,
      [9.212, 'bash-70', 1, 'r_synchronize_rcu_0', '(do_something+0x15/0x3c <- synchronize_rcu)'],
    ];
    const a = both(tracefs(evs));
    assert.deepEqual(a.kernel.syncs.map((x) => [x.via ?? 'kprobe', x.entryLine, x.returnLine]), [['kprobe', 2, 12]]);
  });
});

describe('kernel formats: lines no known format reads are counted, never misread', () => {
  const odd: Ev[] = [
    [1.0, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt -1199 start'],
    // A made-up future shape of each: an extra field.
    [1.1, 'kworker/0:1-22', 0, 'rcu_callback', 'rcu_preempt rhp=00000000deadbeef func=foo lazy 3'],
    [1.2, 'cco-44', 1, 'rcu_preempt_task', 'rcu_preempt -1199 44 1'],
    [1.3, 'rcu_preempt-9', 0, 'rcu_grace_period', 'rcu_preempt -1199 -1195 end'],
    [1.4, 'rcu_preempt-9', 0, 'rcu_newthing', 'rcu_preempt 7 whatever'],
    [1.5, 'kworker/0:1-22', 0, 'rcu_callback', 'rcu_preempt rhp=00000000deadbeef func=foo lazy 4'],
  ];
  it('no callback, reader or end is made of them; they are counted per event, warned about and hovered as such', () => {
    const text = tracefs(odd);
    const a = both(text);
    const k = a.kernel;
    assert.deepEqual(gps(a), [[-1199, 2, null]]);
    assert.deepEqual(k.preemptedReaders, []);
    assert.equal(k.callbacks.queued, 0);
    assert.deepEqual(k.unread?.map((u) => [u.event, u.count, u.firstLine]), [['rcu_callback', 2, 3], ['rcu_preempt_task', 1, 4], ['rcu_grace_period', 1, 5], ['rcu_newthing', 1, 6]]);
    assert.deepEqual(a.warnings.filter((w) => /not understood/.test(w.message)).map((w) => w.line), [3, 4, 5, 6]);
    assert.match(kernelLineHover(a, 3, text.split('\n')[2]!)!, /not understood: its fields match no format of this tracepoint rcu-lens knows; this line is counted \(2 such lines\)/);
    assert.match(kernelSection(a).join('\n'), /not understood: 2 rcu_callback lines \(first line 3\)/);
  });

  it('property: any extra word after a known event\'s fields leaves the model empty and the line counted', () => {
    const shapes: [string, string][] = [
      ['rcu_grace_period', 'rcu_preempt -1199 start'],
      ['rcu_callback', 'rcu_preempt rhp=00000000deadbeef func=foo 3'],
      ['rcu_invoke_callback', 'rcu_preempt rhp=00000000deadbeef func=foo'],
      ['rcu_preempt_task', 'rcu_preempt -1199 44'],
      ['rcu_kvfree_callback', 'rcu_preempt rhp=00000000c0ffee00 func=16 7'],
    ];
    fc.assert(fc.property(
      fc.constantFrom(...shapes), fc.stringMatching(/^[A-Za-z0-9=_.:-]{1,12}$/), fc.boolean(),
      ([event, args], extra, fast) => {
        const a = analyzeText(tracefs([[1.0, 'x-1', 0, event, `${args} ${extra}`]]), { fastPath: fast });
        const k = a.kernel;
        assert.equal(k.gracePeriods.length + k.preemptedReaders.length + k.callbacks.queued + k.callbacks.invoked, 0);
        assert.deepEqual(k.unread?.map((u) => [u.event, u.count]), [[event, 1]]);
      }), fuzzParams(200));
  });

  it('property: random rcu_* lines never throw, and every grace period comes from a start or end line', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_=>./()-]{1,16}$/);
    const line = fc.tuple(
      fc.constantFrom('rcu_grace_period', 'rcu_preempt_task', 'rcu_unlock_preempted_task', 'rcu_callback', 'rcu_invoke_callback', 'rcu_quiescent_state_report', 'rcu_future_grace_period', 'rcu_sr_normal', 'rcu_watching', 'rcu_zzz'),
      fc.array(fc.oneof(word, fc.integer({ min: -2000, max: 2000 }).map(String), fc.constantFrom('start', 'end', 'rcu_preempt', 'rcu_preempt-GPS', 'preempt_rcu')), { maxLength: 9 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (ls) => {
      const text = tracefs(ls.map(([e, ws], i) => [1 + i / 100, 'x-1', i % 2, e, ws.join(' ')]));
      const a = both(text);
      const rows = text.split('\n');
      for (const g of a.kernel.gracePeriods) {
        for (const l of [g.startLine, g.endLine]) if (l !== null) assert.match(rows[l - 1]!, /rcu_grace_period: \S+ -?\d+ (start|end)$/);
      }
    }), fuzzParams(150));
  });
});

describe('kernel formats: tp_printk copies in dmesg, two kernels in one log', () => {
  /** `tp_printk` on the command line copies each event to the console: `[ time] event: args`. */
  const dmesg = (evs: readonly Ev[]) => evs.map(([t, , , e, a]) => `[${t.toFixed(6).padStart(12)}] ${e}: ${a}`);
  it('each boot is decoded by its own kernel\'s numbering: 4.14 (gpnum), then 4.19 to 5.3 (gp_seq)', () => {
    const text = [
      '[    0.000000] Linux version 4.14.170 (builder@host) (gcc version 7.5.0) #1 SMP PREEMPT',
      ...dmesg(K414),
      '[    0.000000] Linux version 5.2.21 (builder@host) (gcc version 9.2.0) #1 SMP PREEMPT',
      ...dmesg(K419),
    ].join('\n') + '\n';
    const a = both(text);
    const k = a.kernel;
    assert.equal(a.boots.length, 2);
    assert.deepEqual(k.numbering?.map((n) => [n.boot, n.kind, n.basis]), [[0, 'gpnum', 'format'], [1, 'gp_seq', 'values']]);
    assert.deepEqual(k.gracePeriods.map((g) => [g.boot, g.gpSeq, g.startLine !== null, g.endLine !== null]),
      [[0, -300, true, true], [0, -299, true, true], [1, -1199, true, true], [1, -1195, true, true], [1, -1191, true, true]]);
    assert.deepEqual(k.preemptedReaders.map((r) => [r.boot, r.pid, r.gpSeq, r.blocked]), [[0, 44, -300, 0], [1, 44, -1199, 2], [1, 60, -1191, 4]]);
    assert.deepEqual(k.unread, []);
  });
});

describe('kernel formats: what a tool could not format', () => {
  it('trace-cmd\'s `[FAILED TO PARSE]` (no printk formats for the TPS() strings) is counted, not read', () => {
    const a = both(traceCmd([
      [1.0, 'rcu_preempt-16', 0, 'rcu_grace_period', '[FAILED TO PARSE] rcuname=0xffffffff8272d2a0 gp_seq=-1199 gpevent=0xffffffff8272d2b5'],
      [1.1, 'cco-44', 1, 'rcu_preempt_task', '[FAILED TO PARSE] rcuname=0xffffffff8272d2a0 gp_seq=-1199 pid=44'],
    ]));
    assert.deepEqual(a.kernel.gracePeriods, []);
    assert.deepEqual(a.kernel.preemptedReaders, []);
    assert.deepEqual(a.kernel.unread?.map((u) => [u.event, u.count]), [['rcu_grace_period', 1], ['rcu_preempt_task', 1]]);
  });
});

describe('kernel formats: a counter clock (trace_clock x86-tsc or counter: raw integer stamps)', () => {
  it('grace periods and readers by line, with no times rather than made-up ones', () => {
    const raw = K414.map(([t, task, cpu, e, a]) => `${task.padStart(16)} [${String(cpu).padStart(3, '0')}] d..1. ${Math.round(t * 1e6) * 2}: ${e}: ${a}`);
    const a = both(['# tracer: nop', ...raw].join('\n') + '\n');
    assert.deepEqual(gps(a), [[-300, 3, 14], [-299, 15, 16]]);
    assert.deepEqual(a.kernel.gracePeriods.map((g) => [g.startTime, g.duration]), [[null, null], [null, null]]);
    assert.deepEqual(readers(a), [[44, -300, 5, 0]]);
    assert.equal(a.kernel.preemptedReaders[0]!.blockedFor, null);
  });
});

describe('kernel formats: flavours that share numbers (rcu_sched, rcu_bh and rcu_preempt before 5.0)', () => {
  it('a preempted reader and its unlock report belong to rcu_preempt\'s grace period, not rcu_sched\'s with the same number', () => {
    // 4.14: every flavour's gpnum starts at 0UL - 300UL.
    const a = both(tracefs([
      [1.0, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-300)} start`],
      [1.01, 'rcu_sched-8', 1, 'rcu_grace_period', `rcu_sched ${lu(-300)} start`],
      [1.1, 'cco-44', 1, 'rcu_preempt_task', `rcu_preempt ${lu(-300)} 44`],
      [2.5, 'cco-44', 1, 'rcu_unlock_preempted_task', `rcu_preempt ${lu(-300)} 44`],
      [2.50001, 'cco-44', 1, 'rcu_quiescent_state_report', `preempt_rcu ${lu(-300)} 0>0 0 0 1 0`],
      [2.501, 'rcu_preempt-9', 0, 'rcu_grace_period', `rcu_preempt ${lu(-300)} end`],
      [2.6, 'rcu_sched-8', 1, 'rcu_grace_period', `rcu_sched ${lu(-300)} end`],
    ]));
    const k = a.kernel;
    assert.deepEqual(k.gracePeriods.map((g) => [g.flavour, g.gpSeq, g.readers, g.lastReport?.kind ?? null]), [['rcu_preempt', -300, [0], 'task'], ['rcu_sched', -300, [], null]]);
    assert.deepEqual(readers(a), [[44, -300, 4, 0]]);
  });
});
