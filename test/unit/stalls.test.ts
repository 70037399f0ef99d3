// Stall reports in real logs: every stall log of the corpus gives its reports with the right line
// ranges, flavour, kinds, key fields and culprit. The collector is fed the way the analyzer feeds
// it (from the real format parsers): keyword lines while no report is open, every line while one is.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StallCollector, STALL_KEYWORDS } from '../../src/core/stalls/index';
import { readRecords } from '../../src/core/log/records';
import { analyzeBytes } from '../../src/core/analyze';
import type { Stall, StallKind } from '../../src/core/model';
import { stallPlain, viaJson } from './support/stallPlain';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

// --- feeding -----------------------------------------------------------------------------------
// The real format parsers read the log (readRecords); the collector gets each record's message,
// the way the analyzer feeds it: keyword lines while no report is open, every line while one is.

export function collect(content: Uint8Array | string): Stall[] {
  const c = new StallCollector();
  for (const r of readRecords(content).records) {
    if (c.active || STALL_KEYWORDS.some((k) => r.text.includes(k))) c.push(r.line, r.boot, r.time, r.text, r.kind);
  }
  return c.finish();
}

const stallsOf = (file: string): Stall[] => collect(readFileSync(join(CORPUS, file)));

// --- what each log must give -------------------------------------------------------------------

interface Want {
  lines: [number, number];
  flavor: string;
  kinds: StallKind[];
  cpus?: number[];
  tasks?: string[];
  culprit: string | null;          // the culprit's frame text (a prefix of it is enough)
  culpritLine?: number;
  fields?: Partial<Stall>;
}

const PHASED = 'dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log';

const WANT: Record<string, Want[]> = {
  [PHASED]: [
    { lines: [1515, 1549], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked'], cpus: [], tasks: ['P14338'],
      culprit: 'cco+0x5a/0x6b [test_phased_state_change]', culpritLine: 1529, fields: { detectedBy: 0, t: 18002, g: 1477905, q: 870 } },
    { lines: [1563, 1597], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked'], cpus: [], tasks: ['P14338'],
      culprit: 'cco+0x5a/0x6b [test_phased_state_change]', culpritLine: 1577, fields: { detectedBy: 0, t: 18002, g: 1485053, q: 962 } },
  ],
  'dmesg-T-human-time-rcu_sched-stall-softlockup-debian-5.10.46-mailwrapped.log': [
    // the CPU line is wrapped by the mailer: its idle=/softirq=/fqs= half is on line 4
    { lines: [2, 56], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [2], culprit: 'handle_stripe+0x57c/0x1fd0 [raid456]', culpritLine: 47,
      fields: { t: 5250, g: 91613, q: 8034, fqs: 2624, idle: '0c2/1/0x4000000000000000' } },
  ],
  'journal-nohost-rcu_sched-stall-dockerd-4.x.log': [
    { lines: [1, 1], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [], culprit: null },
    // every frame of the task dump is a `?` guess: no culprit
    { lines: [2, 16], flavor: 'rcu_sched', kinds: ['cpu-stall'], cpus: [0, 1], culprit: null,
      fields: { detectedBy: 2, t: 8043, g: 269718727, c: 269718726, q: 4790, gpsBehind: 1, fqs: 0, idle: 'fcd/140000000000001/0' } },
  ],
  'journal-syslog-rcu_preempt-stall-rpi4-arm64-5.10.27.log': [
    { lines: [1, 4], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked'], cpus: [], tasks: [], culprit: null,
      fields: { detectedBy: 2, t: 21010, g: 1809, q: 1791, lastActivity: 1 } },
    { lines: [5, 6], flavor: 'rcu_preempt', kinds: ['expedited'], cpus: [], tasks: ['P392'], culprit: null, fields: { expeditedJiffies: 21382 } },
    { lines: [7, 10], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked'], cpus: [], tasks: [], culprit: null,
      fields: { detectedBy: 0, t: 36765, g: 1809, q: 1806 } },
  ],
  'journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log': [
    { lines: [1, 8], flavor: 'rcu_preempt', kinds: ['cpu-stall'], cpus: [8, 9, 10, 11, 13, 14, 15], culprit: null,
      fields: { gpsBehind: 21, fqs: 0, idle: 'e7b8/0/0x0', t: null } },
  ],
  'kern-log-syslog-rcu_sched_state-stalls-zfs-2.6-3.x.log': [
    ...[[1, 0, 105060], [2, 1, 15000], [3, 1, 60031], [4, 2, 15000]].map(([l, cpu, t]): Want => (
      { lines: [l!, l!], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [cpu!], culprit: null, fields: { t } })),
    { lines: [5, 5], flavor: 'rcu_sched', kinds: ['cpu-stall'], cpus: [2], culprit: null, fields: { detectedBy: 7, t: 15002 } },
    ...[[6, 7], [7, 6], [8, 5], [9, 1], [10, 2], [11, 3]].map(([l, cpu]): Want => (
      { lines: [l!, l!], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [cpu!], culprit: null, fields: { t: 15000 } })),
  ],
  'rcutorture-TREE03-self-detected-stall-lkml-6.7-rc2-next.log': [
    // CPU 11 was idle (idle=b41c/0/0x1): its stack is idle loop and interrupt plumbing only
    { lines: [5, 71], flavor: 'rcu_preempt', kinds: ['self-detected', 'kthread-starved'], cpus: [11], culprit: null,
      fields: { t: 21003, g: 302741, q: 71371, ncpus: 11, gpsBehind: 1, fqs: 88, starvedJiffies: 20595, gpState: 'RCU_GP_WAIT_FQS(5)' } },
  ],
  'rcutorture-writer-stall-gp-state-lkp-i386-6.7-rc3.log': [
    { lines: [5, 33], flavor: 'rcu_sched', kinds: ['writer-stall'], cpus: [], culprit: 'rcu_torture_writer (kernel/rcu/rcutorture.c:1502)', culpritLine: 15,
      fields: { g: 55465, gpState: 'RTWS_POLL_WAIT(17)' } },
  ],
  'serial-console-expedited-stall-systemd-interleaved-lkrg-mainline-2022.log': [
    // all frames are workqueue/scheduler plumbing: the work item named by `Workqueue:` is the culprit
    { lines: [5, 20], flavor: 'rcu_preempt', kinds: ['expedited'], cpus: [0], culprit: 'p_check_integrity [p_lkrg]', culpritLine: 9,
      fields: { expeditedJiffies: 6 } },
  ],
  'serial-console-printk-level-prefix-interleaved-rcu_preempt-sunxi-3.4.log': [
    { lines: [3, 4], flavor: 'unknown', kinds: ['stall-ended'], culprit: null },
    { lines: [5, 12], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'stall-ended'], cpus: [0], culprit: null,
      fields: { detectedBy: 1, t: 96056, gpsBehind: 1, idle: '07b/140000000000000/0' } },
    { lines: [13, 20], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'stall-ended'], cpus: [0], culprit: null, fields: { t: 114064 } },
    // the header of this last one was lost: a CPU list after the previous summary starts it
    { lines: [22, 25], flavor: 'unknown', kinds: ['cpu-stall'], cpus: [0], culprit: null, fields: { detectedBy: 1, t: 132072 } },
  ],
  'serial-console-rcu_sched-stall-login-prompt-interleaved-syzbot-4.x.log': [
    // `executing program` (fuzzer output) in mid-trace does not end the report; free_percpu (where
    // the interrupt caught it) is the percpu allocator: the culprit is its caller
    { lines: [1, 41], flavor: 'rcu_sched', kinds: ['cpu-stall'], cpus: [], culprit: 'array_map_free+0xca/0x130', culpritLine: 28,
      fields: { detectedBy: 0, t: 125002, g: 6134, c: 6133, q: 11, lastActivity: 124990 } },
  ],
  'stall-expedited-rcu_preempt-boot-syzbot-5.x.log': [
    { lines: [4, 47], flavor: 'rcu_preempt', kinds: ['expedited'], cpus: [2], culprit: null, fields: { expeditedJiffies: 10886 } },
    { lines: [48, 91], flavor: 'rcu_preempt', kinds: ['expedited'], cpus: [2], culprit: null, fields: { expeditedJiffies: 42631 } },
  ],
  'stall-expedited-rcu_preempt-nmi-iwlwifi-xanmod-6.4.8.log': [
    { lines: [7, 18], flavor: 'rcu_preempt', kinds: ['expedited'], cpus: [3], culprit: null, fields: { expeditedJiffies: 235 } },
  ],
  'stall-rcu_preempt-detected-stalls-syzbot-4.19.60.log': [
    // two CPUs' dumps interleaved; a `page allocation failure` line in mid-stack does not end it.
    // The interrupt caught kmem_cache_alloc (an allocator helper): the first frame below it that is
    // not machinery is hsr's timer sending a frame
    { lines: [1, 386], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'kthread-starved'], cpus: [], culprit: 'send_hsr_supervision_frame+0x110/0xf30', culpritLine: 70,
      fields: { detectedBy: 1, t: 10546, g: 301501, q: 390, starvedJiffies: 10546, lastActivity: 10546 } },
  ],
  'stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log': [
    // the blocked task's own stack (pid 9294), past the printk plumbing
    { lines: [1, 209], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked', 'kthread-starved'], cpus: [], tasks: ['P9294'],
      culprit: 'nsim_udp_tunnel_set_port+0x2a8/0x460', culpritLine: 43, fields: { detectedBy: 1, t: 10002, g: 13073, q: 1262, ncpus: 2, starvedJiffies: 10005 } },
  ],
  'stall-rcu_preempt-kthread-starved-loongarch-3a6000-6.7-rc2-next.log': [
    { lines: [1, 12], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'timer-wakeup', 'kthread-starved'], cpus: [], culprit: null,
      fields: { detectedBy: 6, t: 21002, g: 12009, q: 3846, ncpus: 8, starvedJiffies: 21002, timerWakeupJiffies: 20999, lastActivity: 21002 } },
  ],
  'stall-rcu_preempt-self-detected-syzbot-4.19.120.log': [
    // past the interrupt plumbing and a leaf helper (prandom_u32) to the timer function looping
    { lines: [1, 139], flavor: 'rcu_preempt', kinds: ['self-detected', 'kthread-starved'], cpus: [1], culprit: 'garp_join_timer_arm+0x21/0x80', culpritLine: 61,
      fields: { t: 10500, g: 285169, q: 488, gpsBehind: 1, fqs: 37, idle: 'b46/1/0x4000000000000004', starvedJiffies: 10424 } },
  ],
  'stall-rcu_preempt-tasks-blocked-syzbot-5.12-rc6.log': [
    // P9 is pid 9 (kworker/u4:0, line 55): its stack, not the first one dumped
    { lines: [1, 163], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'tasks-blocked', 'kthread-starved'], cpus: [], tasks: ['P9'],
      culprit: 'batadv_iv_ogm_schedule_buff+0x5d0/0x1410', culpritLine: 70, fields: { detectedBy: 1, t: 10502, g: 49045, q: 284, starvedJiffies: 10500 } },
  ],
  'stall-rcu_preempt-timer-wakeup-decoded-arm64-rk3528-6.16-rc7.log': [
    { lines: [1, 12], flavor: 'rcu_preempt', kinds: ['cpu-stall', 'timer-wakeup', 'kthread-starved'], cpus: [0], culprit: null,
      fields: { detectedBy: 3, t: 5252, g: -1139, q: 146, ncpus: 4, fqs: 2579, starvedJiffies: 2503, timerWakeupJiffies: 2501 } },
  ],
  'stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log': [
    // CPU 0's own dump (`CPU: 0 PID: 5128`, no NMI header) is preferred over CPU 1's
    { lines: [1, 172], flavor: 'rcu_preempt', kinds: ['self-detected', 'timer-wakeup', 'kthread-starved'], cpus: [0],
      culprit: 'nf_conntrack_sctp_packet+0x924/0x2710', culpritLine: 93,
      fields: { t: 10500, g: 177421, q: 68, ncpus: 2, gpsBehind: 1, fqs: 0, starvedJiffies: 10500, timerWakeupJiffies: 10499 } },
  ],
  'stall-rcu_sched-arm64-allwinner-a64-armbian-mainline.log': [
    { lines: [1, 11], flavor: 'rcu_sched', kinds: ['cpu-stall', 'kthread-starved'], cpus: [2], culprit: null,
      fields: { detectedBy: 1, t: 238767, g: 60137, q: 4756, fqs: 2431, starvedJiffies: 233905 } },
  ],
  'stall-rcu_sched-detected-stalls-nmi-syzbot-4.11-rc3.log': [
    { lines: [1, 1], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [], culprit: null },
    // past the serial console, lockdep and RCU frames; an sctp line from another CPU in mid-trace
    { lines: [2, 46], flavor: 'rcu_sched', kinds: ['cpu-stall'], cpus: [1], culprit: '__sctp_write_space+0x5b6/0x920', culpritLine: 43,
      fields: { detectedBy: 0, t: 65002, g: 72940, c: 72939, q: 1777, fqs: 16248 } },
  ],
  'stall-rcu_sched-nonpreempt-arm64-graviton-amzn2023-6.12.55.log': [
    { lines: [6, 20], flavor: 'rcu_sched', kinds: ['cpu-stall'], cpus: [0], culprit: null,
      fields: { detectedBy: 2, t: 5902, g: 45361, q: 1759, ncpus: 16, gpsBehind: 1, fqs: 2359 } },
  ],
  'stall-rcu_sched-self-detected-arm32-allwinner-t113.log': [
    { lines: [1, 18], flavor: 'rcu_sched', kinds: ['self-detected', 'timer-wakeup', 'kthread-starved'], cpus: [1], culprit: null,
      fields: { t: 8403, g: -1055, q: 60, ncpus: 2, fqs: 1344, starvedJiffies: 1519, timerWakeupJiffies: 1518 } },
  ],
  'stall-rcu_sched-self-detected-arm32-syzbot-5.10.2.log': [
    // ARM `(f) from [<addr>] (caller+off/size)` lines: the offset comes from the line before
    { lines: [1, 45], flavor: 'rcu_sched', kinds: ['self-detected', 'kthread-starved'], cpus: [0], culprit: 'check_zeroed_user+0x140/0x1dc', culpritLine: 40,
      fields: { t: 2100, g: 11589, q: 1, fqs: 126, starvedJiffies: 1848 } },
  ],
  'stall-rcu_sched-self-detected-syzbot-4.15.log': [
    { lines: [1, 53], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [1], culprit: 'rtc_timer_do_work+0x21a/0x650', culpritLine: 29,
      fields: { t: 10500, g: 2803, c: 2802, q: 3452, fqs: 5227 } },
    { lines: [54, 71], flavor: 'rcu_sched', kinds: ['expedited'], cpus: [1], culprit: 'rtc_timer_do_work', culpritLine: 58, fields: { expeditedJiffies: 10879 } },
  ],
  'syslog-macos-wrapped-kern-facility-rcu_sched-stall-docker-moby-4.4.log': [
    // several CPUs' self-detected reports interleaved: one record per header
    { lines: [1, 1], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [], culprit: null },
    { lines: [2, 4], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [0, 5], culprit: null, fields: { gpsBehind: 1 } },
    { lines: [7, 11], flavor: 'rcu_sched', kinds: ['self-detected', 'kthread-starved'], cpus: [1], culprit: null,
      fields: { t: 15299, g: 166424, c: 166423, q: 26094, starvedJiffies: 15299, gpState: 's3' } },
    { lines: [12, 12], flavor: 'rcu_sched', kinds: ['self-detected'], cpus: [], culprit: null },
  ],
};

function check(file: string, got: Stall[], want: Want[]): void {
  const summary = (s: Stall) => `${s.line}-${s.endLine} ${s.flavor} [${s.kinds.join(',')}] ${s.culprit?.frame ?? '-'}`;
  assert.equal(got.length, want.length, `${file}: ${got.map(summary).join(' | ')}`);
  want.forEach((w, i) => {
    const s = got[i]!;
    const at = `${file} report ${i + 1}`;
    assert.deepEqual([s.line, s.endLine], w.lines, `${at}: lines`);
    assert.equal(s.flavor, w.flavor, `${at}: flavor`);
    assert.deepEqual(s.kinds, w.kinds, `${at}: kinds`);
    if (w.cpus) assert.deepEqual(s.cpus.map((c) => c.cpu), w.cpus, `${at}: cpus`);
    if (w.tasks) assert.deepEqual(s.tasks, w.tasks, `${at}: tasks`);
    if (w.culprit === null) assert.equal(s.culprit, null, `${at}: culprit ${s.culprit?.frame}`);
    else {
      assert.ok(s.culprit && s.culprit.frame.startsWith(w.culprit), `${at}: culprit ${s.culprit?.frame}`);
      if (w.culpritLine) assert.equal(s.culprit.line, w.culpritLine, `${at}: culprit line`);
    }
    for (const [k, v] of Object.entries(w.fields ?? {})) assert.deepEqual(s[k as keyof Stall], v, `${at}: ${k}`);
    assert.equal(s.boot, 0);
  });
}

describe('stalls: every stall log of the corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => /^(stall-|journal|kern-log-|syslog-|serial-console-(rcu_sched|expedited|printk-level)-|rcutorture-|dmesg-T-human-)/.test(f) || f === PHASED);

  it('has an expectation for each of them', () => {
    assert.deepEqual(files.filter((f) => !WANT[f]), []);
    assert.ok(files.length >= 27, `${files.length} stall logs in test/fixtures/corpus`);
  });

  for (const [file, want] of Object.entries(WANT)) {
    it(file, () => check(file, stallsOf(file), want));
  }

  it('finds no stall in the clean run of the phased-state-change module', () => {
    assert.deepEqual(stallsOf('dmesg-phased-state-change-module-5.17-preempt.log'), []);
  });
});

describe('stalls: the phased-state-change stall log', () => {
  const st = stallsOf(PHASED);

  it('names the blocked reader and its frames from the task dump', () => {
    const s = st[0]!;
    assert.deepEqual(s.frames.slice(0, 5).map((f) => f.frame), [
      '__schedule+0x311/0x10b0', 'schedule+0x4b/0xb0', 'schedule_timeout+0x95/0x150', 'msleep+0x29/0x40',
      'cco+0x5a/0x6b [test_phased_state_change]',
    ]);
    assert.ok(s.frames.every((f) => f.line > s.line && f.line <= s.endLine));
    assert.equal(s.time, 67083.516771);
  });

  it('is plain JSON: every field a reader sees, and nothing else', () => {
    assert.deepStrictEqual(viaJson(st), st.map(stallPlain));
  });

  it('comes out of the analyzer the same (plus the readers open at the time, which only the analyzer knows)', () => {
    const got = analyzeBytes(readFileSync(join(CORPUS, PHASED))).stalls;
    assert.deepEqual(viaJson(got).map(({ openReaders: _, ...rest }) => rest), viaJson(st));
    assert.ok(got.every((s) => s.openReaders?.length === 1));
  });
});
