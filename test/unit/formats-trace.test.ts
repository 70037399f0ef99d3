// The RCU tracepoints' typed fields, named as in include/trace/events/rcu.h's TP_printk, for the
// formats of a recent kernel and the older ones.

import * as assert from 'node:assert/strict';
import { traceFields, RCU_EVENTS } from '../../src/core/log/formats/traceEvents';

describe('formats: RCU tracepoint fields', () => {
  const cases: [string, string, Record<string, string | number>][] = [
    ['rcu_grace_period', 'rcu_preempt 12345 start', { rcuname: 'rcu_preempt', gp_seq: 12345, gpevent: 'start' }],
    ['rcu_grace_period', 'rcu_preempt -1200 cpustart', { rcuname: 'rcu_preempt', gp_seq: -1200, gpevent: 'cpustart' }],
    // Before 4.19 gpnum was printed with %lu: a negative long reads back as negative.
    ['rcu_grace_period', 'rcu_sched 18446744073709550416 start', { rcuname: 'rcu_sched', gp_seq: -1200, gpevent: 'start' }],
    ['rcu_exp_grace_period', 'rcu_preempt 52 snap', { rcuname: 'rcu_preempt', gpseq: 52, gpevent: 'snap' }],
    ['rcu_utilization', 'Start context switch', { s: 'Start context switch' }],
    ['rcu_quiescent_state_report', 'rcu_preempt 12345 1>e 0 0 3 0', { rcuname: 'rcu_preempt', gp_seq: 12345, mask: 1, qsmask: 14, level: 0, grplo: 0, grphi: 3, gp_tasks: 0 }],
    ['rcu_callback', 'rcu_preempt rhp=00000000a7e5c4f1 func=free_rootdomain 3', { rcuname: 'rcu_preempt', rhp: '00000000a7e5c4f1', func: 'free_rootdomain', qlen: 3 }],
    ['rcu_callback', 'rcu_preempt rhp=ffff88810b3f2e00 func=file_free_rcu 0/12', { rcuname: 'rcu_preempt', rhp: 'ffff88810b3f2e00', func: 'file_free_rcu', qlen_lazy: 0, qlen: 12 }],
    ['rcu_kvfree_callback', 'rcu_preempt rhp=00000000c0ffee00 func=16 7', { rcuname: 'rcu_preempt', rhp: '00000000c0ffee00', offset: 16, qlen: 7 }],
    ['rcu_kfree_callback', 'rcu_sched rhp=ffff88810b3f2e00 func=16 0/7', { rcuname: 'rcu_sched', rhp: 'ffff88810b3f2e00', offset: 16, qlen_lazy: 0, qlen: 7 }],
    ['rcu_invoke_callback', 'rcu_preempt rhp=000000002d6a3fce func=rcu_sync_func', { rcuname: 'rcu_preempt', rhp: '000000002d6a3fce', func: 'rcu_sync_func' }],
    ['rcu_invoke_kvfree_callback', 'rcu_preempt rhp=00000000c0ffee00 func=16', { rcuname: 'rcu_preempt', rhp: '00000000c0ffee00', offset: 16 }],
    ['rcu_invoke_kfree_callback', 'rcu_sched rhp=ffff88810b3f2e00 func=16', { rcuname: 'rcu_sched', rhp: 'ffff88810b3f2e00', offset: 16 }],
    ['rcu_batch_start', 'rcu_preempt CBs=3612 bl=10', { rcuname: 'rcu_preempt', qlen: 3612, blimit: 10 }],
    ['rcu_batch_start', 'rcu_sched CBs=0/3612 bl=10', { rcuname: 'rcu_sched', qlen_lazy: 0, qlen: 3612, blimit: 10 }],
    ['rcu_batch_end', 'rcu_preempt CBs-invoked=3612 idle=C.IR', { rcuname: 'rcu_preempt', callbacks_invoked: 3612, cb: 1, nr: 0, iit: 1, risk: 1 }],
    ['rcu_barrier', 'rcu_preempt Begin cpu -1 remaining 0 # 4', { rcuname: 'rcu_preempt', s: 'Begin', cpu: -1, cnt: 0, done: 4 }],
    ['rcu_preempt_task', 'rcu_preempt 12345 4166', { rcuname: 'rcu_preempt', gp_seq: 12345, pid: 4166 }],
    ['rcu_unlock_preempted_task', 'rcu_preempt 12349 4166', { rcuname: 'rcu_preempt', gp_seq: 12349, pid: 4166 }],
    ['rcu_fqs', 'rcu_sched 8812 3 dti', { rcuname: 'rcu_sched', gp_seq: 8812, cpu: 3, qsevent: 'dti' }],
    ['rcu_stall_warning', 'rcu_preempt SelfDetected', { rcuname: 'rcu_preempt', msg: 'SelfDetected' }],
    ['rcu_future_grace_period', 'rcu_preempt 12344 12348 0 0 3 Startleaf', { rcuname: 'rcu_preempt', gp_seq: 12344, gp_seq_req: 12348, level: 0, grplo: 0, grphi: 3, gpevent: 'Startleaf' }],
    ['rcu_grace_period_init', 'rcu_preempt 12348 0 0 3 f', { rcuname: 'rcu_preempt', gp_seq: 12348, level: 0, grplo: 0, grphi: 3, qsmask: 15 }],
    ['rcu_torture_read', 'rcu torture read 0000000000000000 286us c: 6048 6051', { rcutorturename: 'rcu', rhp: '0000000000000000', secs: 286, c_old: 6048, c: 6051 }],
    ['rcu_dyntick', 'Start 1 0 0x4', { polarity: 'Start', oldnesting: 1, newnesting: 0, dynticks: 4 }],
    ['rcu_nocb_wake', 'rcu_preempt 2 WakeEmpty', { rcuname: 'rcu_preempt', cpu: 2, reason: 'WakeEmpty' }],
    // Before 4.19 (gpnum era): gpnum, completed and the requested c; the 7-field shape must not take it.
    ['rcu_future_grace_period', 'rcu_preempt 18446744073709551315 18446744073709551315 18446744073709551316 0 0 1 Startleaf',
      { rcuname: 'rcu_preempt', gpnum: -301, completed: -301, c: -300, level: 0, grplo: 0, grphi: 1, gpevent: 'Startleaf' }],
    // Before 4.16: two %llx (a hex past 2^53 stays text, unrounded).
    ['rcu_dyntick', 'Start 4000000000000001 0', { polarity: 'Start', oldnesting: '4000000000000001', newnesting: 0 }],
    ['rcu_prep_idle', 'No callbacks', { reason: 'No callbacks' }],
    // 6.12 renamed rcu_dyntick.
    ['rcu_watching', 'End 1 0 0x4', { polarity: 'End', oldnesting: 1, newnesting: 0, counter: 4 }],
    // 6.9.
    ['rcu_sr_normal', 'rcu_preempt rhp=0x00000000d5a7f2c3 event=request', { rcuname: 'rcu_preempt', rhp: '00000000d5a7f2c3', srevent: 'request' }],
    ['rcu_segcb_stats', 'SegCbDequeued seglen: (DONE=0, WAIT=1, NEXT_READY=0, NEXT=0) gp_seq: (DONE=18446744073709550416, WAIT=-1172, NEXT_READY=-1172, NEXT=0)',
      { ctx: 'SegCbDequeued', seglen0: 0, seglen1: 1, seglen2: 0, seglen3: 0, gp_seq0: -1200, gp_seq1: -1172, gp_seq2: -1172, gp_seq3: 0 }],
  ];

  for (const [event, args, fields] of cases) {
    it(`${event}: ${args}`, () => assert.deepEqual(traceFields(event, args), fields));
  }

  it('covers every tracepoint the core issue names', () => {
    for (const e of ['rcu_grace_period', 'rcu_exp_grace_period', 'rcu_utilization', 'rcu_quiescent_state_report', 'rcu_callback',
      'rcu_invoke_callback', 'rcu_kvfree_callback', 'rcu_invoke_kvfree_callback', 'rcu_batch_start', 'rcu_batch_end', 'rcu_barrier',
      'rcu_preempt_task', 'rcu_unlock_preempted_task', 'rcu_fqs', 'rcu_stall_warning']) {
      assert.ok(RCU_EVENTS.includes(e), e);
    }
  });

  it('unknown events and text that fits no format give no fields', () => {
    assert.deepEqual(traceFields('sched_switch', 'prev_comm=bash prev_pid=1 ==> next_comm=swapper/0'), {});
    assert.deepEqual(traceFields('rcu_grace_period', 'garbage'), {});
    assert.deepEqual(traceFields('toString', 'x'), {});
    assert.deepEqual(traceFields('rcu_utilization', `Start ${' '.repeat(100_000)}x`), { s: `Start ${' '.repeat(100_000)}x` });
  });
});
