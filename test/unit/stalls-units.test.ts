// Stall reports, piece by piece: line patterns, frame spellings, what counts as plumbing, report
// boundaries on made-up sequences, robustness on junk, and the hover explanations.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { StallCollector, STALL_KEYWORDS } from '../../src/core/stalls/index';
import { header, cpuLine, summary, kthreadLine, tasksBlocked, braceList, clean } from '../../src/core/stalls/patterns';
import { parseFrame, traceOwner } from '../../src/core/stalls/frames';
import { isPlumbing, isMachinery } from '../../src/core/stalls/culprit';
import { explainStall, explainField, stallFieldAt, stallFields, decodeValue, STALL_FIELDS } from '../../src/core/stalls/explain';
import type { Stall } from '../../src/core/model';
import { collect } from './stalls.test';
import { stallPlain, viaJson } from './support/stallPlain';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

/** Feed plain message lines (1-based), keyword lines only while inactive, like the analyzer. */
function run(lines: readonly string[], kinds?: readonly string[], boots?: readonly number[]): Stall[] {
  const c = new StallCollector();
  lines.forEach((t, i) => {
    if (c.active || STALL_KEYWORDS.some((k) => t.includes(k))) c.push(i + 1, boots?.[i] ?? 0, null, t, kinds?.[i] ?? (t.trim() ? 'kernel' : 'blank'));
  });
  return c.finish();
}

describe('stalls: line patterns', () => {
  it('recognises every header spelling, old and new', () => {
    const h = (s: string) => { const x = header(clean(s)); return x && [x.kind, x.flavor]; };
    assert.deepEqual(h('rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:'), ['cpu-stall', 'rcu_preempt']);
    assert.deepEqual(h('INFO: rcu_sched self-detected stall on CPU'), ['self-detected', 'rcu_sched']);
    assert.deepEqual(h('INFO: rcu_bh self-detected stall on CPU { 1}  (t=60000 jiffies)'), ['self-detected', 'rcu_bh']);
    assert.deepEqual(h('rcu: INFO: rcu_sched detected expedited stalls on CPUs/tasks: { 7-... } 21119 jiffies s: 73 root: 0x2/.'), ['expedited', 'rcu_sched']);
    assert.deepEqual(h('INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)'), ['self-detected', 'rcu_sched']);
    assert.deepEqual(h('INFO: rcu_tasks detected stalls on tasks:'), ['tasks-rcu', 'rcu_tasks']);
    assert.deepEqual(h('INFO: rcu_tasks_trace detected stalls on tasks'), ['tasks-rcu', 'rcu_tasks_trace']);
    assert.deepEqual(h('??? Writer stall state RTWS_POLL_WAIT(17) g55465 f0x0 ->state 0x402 cpu 1'), ['writer-stall', '']);
    assert.equal(h('usb 1-1: device descriptor read/64, error -32 (stall)'), null);
    assert.equal(h('INFO: task kworker/0:1:12 blocked for more than 120 seconds.'), null);
  });

  it('reads CPU lines of every era', () => {
    assert.deepEqual(cpuLine(clean('rcu: \t2-...!: (3 GPs behind) idle=06c/0/0 softirq=1453/1455 fqs=0 (false positive?)')), {
      cpu: 2, flags: '...!', gpsBehind: 3, ticksThisGp: null, idle: '06c/0/0', softirq: '1453/1455', fqs: 0 });
    assert.deepEqual(cpuLine(clean('\t0: (1 GPs behind) idle=07b/140000000000000/0 drain=0 . timer=-1')), {
      cpu: 0, flags: null, gpsBehind: 1, ticksThisGp: null, idle: '07b/140000000000000/0', softirq: null, fqs: null });
    assert.equal(cpuLine(clean('rcu:     0-...0: (5 ticks this GP) idle=04cc/1/0x4000000000000000'))!.ticksThisGp, 5);
    assert.equal(cpuLine('Call Trace:'), null);
  });

  it('reads summaries, the kthread lines, blocked tasks and brace lists', () => {
    assert.deepEqual(summary('(detected by 32, t=2603 jiffies, g=7075, q=625 ncpus=8)'), { detectedBy: 32, t: 2603, g: 7075, c: null, q: 625, ncpus: 8 });
    assert.deepEqual(summary('(t=8403 jiffies g=-1055 q=60 ncpus=2)'), { detectedBy: null, t: 8403, g: -1055, c: null, q: 60, ncpus: 2 });
    assert.deepEqual(summary('(detected by 2, t=8043 jiffies, g=269718727, c=269718726, q=4790)')!.c, 269718726);
    assert.deepEqual(kthreadLine('rcu_sched kthread starved for 23807 jiffies! g7075 f0x0 RCU_GP_WAIT_FQS(3) ->state=0x1 ->cpu=5'), {
      kind: 'kthread-starved', flavor: 'rcu_sched', jiffies: 23807, g: 7075, c: null, gpState: 'RCU_GP_WAIT_FQS(3)', cpu: 5 });
    assert.deepEqual(kthreadLine('rcu_sched kthread starved for 15299 jiffies! g166424 c166423 f0x0 s3 ->state=0x1'), {
      kind: 'kthread-starved', flavor: 'rcu_sched', jiffies: 15299, g: 166424, c: 166423, gpState: 's3', cpu: null });
    assert.equal(kthreadLine("rcu_preempt kthread timer wakeup didn't happen for 2501 jiffies! g-1139 f0x0")!.g, -1139);
    assert.deepEqual(tasksBlocked('\tTasks blocked on level-0 rcu_node (CPUs 0-3): P14338/1:b..l P7 P99/2:bq.l'), ['P14338', 'P7', 'P99']);
    assert.deepEqual(tasksBlocked('Tasks blocked on level-0 rcu_node (CPUs 0-3):'), []);
    assert.deepEqual(braceList('stalls on CPUs/tasks: { 2-... 5-O.N. P392 } 6 jiffies'), { cpus: [{ cpu: 2, flags: '...' }, { cpu: 5, flags: 'O.N.' }], tasks: ['P392'] });
  });
});

describe('stalls: stack frames', () => {
  const f = (s: string) => { const x = parseFrame(clean(s)); return x && [x.func, x.text, x.unreliable]; };

  it('parses every spelling in the corpus', () => {
    assert.deepEqual(f(' cco+0x5a/0x6b [test_phased_state_change 1917e588a7502fe068c5678ef649d9f00e51f9d4]'),
      ['cco', 'cco+0x5a/0x6b [test_phased_state_change]', false]);
    assert.deepEqual(f(' ? __mod_timer+0x228/0x3c0'), ['__mod_timer', '__mod_timer+0x228/0x3c0', true]);
    assert.deepEqual(f(' [<ffffffff9901f859>] ? generic_update_time+0x79/0xd0'), ['generic_update_time', 'generic_update_time+0x79/0xd0', true]);
    assert.equal(f(' <EOI>  [<ffffffff81010d64>] ? _raw_spin_unlock_irqrestore+0x64/0x80'), null, 'the marker is the caller\'s to strip');
    assert.deepEqual(f('[<80c1e5e8>] (__schedule) from [<80c1eb20>] (schedule+0x60/0xdc)'), ['__schedule', '__schedule', false]);
    assert.deepEqual(f(' __schedule from schedule+0x20/0xac'), ['__schedule', '__schedule', false]);
    assert.deepEqual(f('__schedule (kernel/sched/core.c:5379 kernel/sched/core.c:6688) '), ['__schedule', '__schedule (kernel/sched/core.c:5379)', false]);
    assert.deepEqual(f('__switch_to (/home/x/arch/arm64/kernel/process.c:740) (T)'), ['__switch_to', '__switch_to (/home/x/arch/arm64/kernel/process.c:740)', false]);
    assert.deepEqual(f(' __schedule+0xc91/0x5770 kernel/sched/core.c:6622'), ['__schedule', '__schedule+0xc91/0x5770 kernel/sched/core.c:6622', false]);
    assert.deepEqual(f(' context_switch kernel/sched/core.c:5304 [inline]'), ['context_switch', 'context_switch kernel/sched/core.c:5304 [inline]', false]);
    assert.deepEqual(f('RIP: 0010:lock_acquire+0x1ef/0x740'), ['lock_acquire', 'lock_acquire+0x1ef/0x740', false]);
    assert.deepEqual(f('pc : handle_softirqs+0x9c/0x310'), ['handle_softirqs', 'handle_softirqs+0x9c/0x310', false]);
    assert.deepEqual(f('0010:native_queued_spin_lock_slowpath+0x1a2/0x1d0'), ['native_queued_spin_lock_slowpath', 'native_queued_spin_lock_slowpath+0x1a2/0x1d0', false]);
    assert.deepEqual(f(' handle_stripe+0x57c/0x1fd0 [raid456]'), ['handle_stripe', 'handle_stripe+0x57c/0x1fd0 [raid456]', false]);
  });

  it('is not fooled by lines that are not frames', () => {
    for (const s of ['RIP: 0033:0x7f112230ba9d', ' 0xd100c1b192ba8400', 'Call Trace:', 'RSP: 0018:ffffa0a70843ba60 EFLAGS: 00010086',
      'Hardware name: Google Google Compute Engine/Google Compute Engine, BIOS Google 01/01/2011', 'hit cco', 'Code: 08 4d 89 be']) {
      assert.equal(parseFrame(clean(s)), null, s);
    }
  });

  it('knows whose stack follows', () => {
    assert.deepEqual(traceOwner('task:insmod          state:D stack:    0 pid:14338 ppid: 14337 flags:0x00000002'), { cpu: null, pid: 14338, comm: 'insmod' });
    assert.deepEqual(traceOwner('kworker/0:0     R running task on cpu   0     0     4      2 0x00000008 584683503973'), { cpu: null, pid: 4, comm: 'kworker/0:0' });
    assert.deepEqual(traceOwner('syz-executor.1  R  running task    26208 22874  19650 0x8000000e'), { cpu: null, pid: 22874, comm: 'syz-executor.1' });
    assert.deepEqual(traceOwner('CPU: 1 PID: 12579 Comm: syz-executor0 Not tainted 4.11.0-rc3+ #71'), { cpu: 1, pid: 12579, comm: 'syz-executor0' });
    assert.deepEqual(traceOwner('NMI backtrace for cpu 7 skipped: idling at default_idle_call+0x3c/0xf0'), { cpu: 7, pid: null, comm: null });
  });
});

describe('stalls: plumbing', () => {
  it('skips RCU, scheduler, interrupt, timer, NMI, printk, entry, lock and debug frames', () => {
    for (const fn of ['rcu_gp_kthread', 'synchronize_rcu_expedited', '__schedule', 'schedule_timeout', 'msleep', 'preempt_schedule_irq',
      'asm_sysvec_apic_timer_interrupt', 'hrtimer_interrupt', '__do_softirq', 'irq_exit_rcu', 'tick_sched_timer', 'call_timer_fn',
      'nmi_cpu_backtrace.cold', 'dump_stack', 'vprintk_emit', 'serial8250_console_write', 'kthread', 'ret_from_fork_asm',
      'do_syscall_64', 'entry_SYSCALL_64_after_hwframe', 'default_idle_call', '_raw_spin_lock', 'native_queued_spin_lock_slowpath',
      'lock_acquire', 'kasan_save_stack', '__sanitizer_cov_trace_pc', 'prandom_u32', 'memcpy_erms', '__const_udelay', 'gic_handle_irq',
      '__irq_svc', 'el1_irq', 'torture_hrtimeout_ns', 'process_one_work', 'worker_thread']) {
      assert.ok(isPlumbing(fn, null), fn);
    }
  });

  it('keeps the code that might be looping', () => {
    for (const fn of ['cco', 'handle_stripe', 'garp_join_timer_arm', 'free_percpu', 'nf_conntrack_sctp_packet', '__sctp_write_space',
      'rcu_torture_writer', 'rtc_timer_do_work', 'batadv_iv_ogm_schedule_buff', 'check_zeroed_user', 'destroy_sched_domains_rcu']) {
      assert.ok(!isPlumbing(fn, null), fn);
    }
    assert.ok(!isPlumbing('rcu_read_lock_test', 'my_module'), 'a loadable module\'s own code is never plumbing');
  });
});

describe('stalls: machinery a culprit never names', () => {
  it('RCU, interrupt and timer entry, scheduler, locking, printing, unwinding, sanitizers, allocators', () => {
    for (const fn of ['check_cpu_stall.isra.61', 'rcu_sched_clock_irq', 'smp_trace_apic_timer_interrupt', '__run_hrtimer',
      'print_context_stack', 'walk_stackframe', 'vsnprintf', 'preempt_count_add', 'write_comp_data', 'prepare_to_wait_event',
      'kmem_cache_alloc', '__slab_free', 'xa_find', 'free_percpu', '__alloc_skb', 'sched_show_task', 'smp_call_function_single',
      'lock_is_held_type', 'do_divide_error', 'is_ftrace_trampoline', '__virt_addr_valid', 'rb_insert_color',
      'trace_apic_timer_interrupt', 'qlist_free_all']) {
      assert.ok(isMachinery(fn), fn);
    }
  });

  it('keeps the code that loops', () => {
    for (const fn of ['array_map_free', 'fuse_abort_conn', 'vcpu_enter_guest', 'check_zeroed_user', 'garp_join_timer_arm',
      'nf_conntrack_sctp_packet', 'batadv_iv_ogm_schedule_buff', 'rtc_timer_do_work', 'rcu_torture_writer', 'handle_stripe']) {
      assert.ok(!isMachinery(fn), fn);
    }
    assert.ok(!isMachinery('lock_stuff', 'my_module'), 'a loadable module\'s own code never is');
  });
});

describe('stalls: report boundaries', () => {
  const report = [
    'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
    'rcu: \t3-...0: (1 GPs behind) idle=1a2/1/0x4000000000000000 softirq=10/10 fqs=5',
    '\t(detected by 0, t=21002 jiffies, g=4141, q=12 ncpus=4)',
    'Sending NMI from CPU 0 to CPUs 3:',
    'NMI backtrace for cpu 3',
    'RIP: 0010:spin_forever+0x10/0x20 [mymod]',
    ' my_ioctl+0x44/0x90 [mymod]',
    ' __x64_sys_ioctl+0x90/0xd0',
    ' entry_SYSCALL_64_after_hwframe+0x44/0xae',
  ];

  it('ends after a few unrelated kernel lines, at its last line that belonged', () => {
    const st = run([...report, 'e1000: eth0 NIC Link is Up', 'audit: type=1130', 'hit cco', 'hit maint', ' not_a_frame_anymore+0x1/0x2']);
    assert.equal(st.length, 1);
    assert.deepEqual([st[0]!.line, st[0]!.endLine], [1, 9]);
    assert.equal(st[0]!.culprit?.frame, 'spin_forever+0x10/0x20 [mymod]');
    assert.equal(st[0]!.culprit?.line, 6);
  });

  it('tolerates console text and another CPU\'s line inside a trace', () => {
    const lines = [...report.slice(0, 7), 'executing program', '[  OK  ] Started Journal Service.', 'sctp: [Deprecated]: use of int', ' ksys_ioctl+0x10/0x20'];
    const kinds = lines.map((l) => (l.startsWith('executing') || l.startsWith('[  OK') ? 'other' : 'kernel'));
    const st = run(lines, kinds);
    assert.deepEqual([st[0]!.line, st[0]!.endLine], [1, 11]);
  });

  it('ends at a blank gap, at another event, at a boot change, at the next header', () => {
    assert.equal(run([...report, '', '', ' orphan+0x1/0x2']).at(0)!.endLine, 9);
    assert.equal(run([...report, 'WARNING: CPU: 1 PID: 1 at foo.c:1 bar+0x1/0x2', ' baz+0x1/0x2']).at(0)!.endLine, 9);
    const boots = report.map(() => 0).concat([1, 1]);
    assert.equal(run([...report, ' next_boot+0x1/0x2', ' more+0x1/0x2'], undefined, boots).at(0)!.endLine, 9);
    const two = run([...report, ...report]);
    assert.deepEqual(two.map((s) => [s.line, s.endLine]), [[1, 9], [10, 18]]);
  });

  it('in mid-stack, takes another CPU\'s event line as interleaving, not as the end', () => {
    const mid = report.slice(0, 7);
    assert.equal(run([...mid, 'rsyslogd: page allocation failure: order:0', ' ksys_ioctl+0x10/0x20']).at(0)!.endLine, 9);
  });

  it('merges the lines of one report and keeps a header-only report of its own', () => {
    const st = run(['INFO: rcu_sched self-detected stall on CPU', ...report,
      'rcu: rcu_preempt kthread starved for 20001 jiffies! g4141 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=1',
      'rcu: \tUnless rcu_preempt kthread gets sufficient CPU time, OOM is now expected behavior.']);
    assert.deepEqual(st.map((s) => [s.line, s.endLine, s.kinds.join()]), [[1, 1, 'self-detected'], [2, 12, 'cpu-stall,kthread-starved']]);
    assert.equal(st[1]!.starvedJiffies, 20001);
    assert.equal(st[1]!.gpState, 'RCU_GP_WAIT_FQS(5)');
  });

  it('reads an RCU Tasks stall and its tasks', () => {
    const st = run(['INFO: rcu_tasks detected stalls on tasks:',
      'task:looper          state:R  running task     stack:0     pid:4242  tgid:4242  ppid:2      flags:0x00004000',
      'Call Trace:', ' <TASK>', ' busy_loop+0x20/0x40 [looper]', ' kthread+0xd3/0x100', ' ret_from_fork+0x2f/0x50', ' </TASK>']);
    assert.equal(st.length, 1);
    assert.deepEqual(st[0]!.kinds, ['tasks-rcu']);
    assert.equal(st[0]!.flavor, 'rcu_tasks');
    assert.equal(st[0]!.culprit?.frame, 'busy_loop+0x20/0x40 [looper]');
  });

  it('ignores keyword lines that are not stall reports', () => {
    assert.deepEqual(run(['usb 1-1: stall on endpoint', 'hung_task: INFO: task foo blocked on io', 'Stallion driver loaded', 'rcu: starved? no']), []);
  });

  it('is bounded: frames kept, report length', () => {
    const frames = Array.from({ length: 3000 }, (_, i) => ` f${i}+0x1/0x2`);
    const st = run([...report, ...frames]);
    assert.ok(st[0]!.frames.length <= 64);
    assert.ok(st[0]!.endLine - st[0]!.line < 5000);
  });
});

describe('stalls: bad input never throws', () => {
  const corpusLines = readFileSync(join(CORPUS, 'stall-rcu_preempt-tasks-blocked-syzbot-5.12-rc6.log'), 'utf8').split('\n')
    .concat(readFileSync(join(CORPUS, 'stall-rcu_sched-self-detected-arm32-syzbot-5.10.2.log'), 'utf8').split('\n'));

  it('random mixtures of real report lines and junk give well-formed, ordered reports', () => {
    const line = fc.oneof(fc.constantFrom(...corpusLines), fc.string({ maxLength: 200 }), fc.constantFrom('', '\u0000\u0001\ufffd', 'INFO: rcu_sched detected stalls on CPUs/tasks: {'));
    fc.assert(fc.property(fc.array(line, { maxLength: 300 }), fc.array(fc.constantFrom('kernel', 'other', 'continuation', 'blank', 'trace'), { minLength: 1 }), (lines, kinds) => {
      const c = new StallCollector();
      lines.forEach((t, i) => c.push(i + 1, 0, null, t, kinds[i % kinds.length]!));
      const st = c.finish();
      let prev = 0;
      for (const s of st) {
        assert.ok(s.line > prev && s.line <= s.endLine && s.endLine <= lines.length);
        assert.ok(s.frames.every((f) => f.line >= s.line && f.line <= s.endLine));
        assert.ok(!s.culprit || (s.culprit.line >= s.line && s.culprit.line <= s.endLine));
        assert.ok(s.kinds.length > 0 && s.flavor.length > 0);
        prev = s.endLine;
      }
      assert.deepStrictEqual(viaJson(st), st.map(stallPlain));
    }), { numRuns: 200 });
  });

  it('survives huge and pathological lines', () => {
    const c = new StallCollector();
    c.push(1, 0, null, 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'kernel');
    c.push(2, 0, null, 'a'.repeat(200_000), 'kernel');
    c.push(3, 0, null, `${'0123456789abcdef'.repeat(10_000)}g`, 'kernel');
    c.push(4, 0, null, ` f+0x1/0x2 ${'a.'.repeat(50_000)}`, 'kernel');
    c.push(5, 0, null, `[${' '.repeat(100_000)}`, 'kernel');
    c.push(6, 0, null, '\t(detected by 1, t=5 jiffies, g=1, q=1)', 'kernel');
    const st = c.finish();
    assert.equal(st.length, 1);
    assert.equal(st[0]!.t, 5);
  });
});

describe('stalls: explanations for hovers', () => {
  const phased = collect(readFileSync(join(CORPUS, 'dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log'), 'utf8'))[0]!;

  it('documents every field', () => {
    for (const f of Object.values(STALL_FIELDS)) assert.ok(f.label.length > 0 && f.doc.length > 40, f.id);
  });

  it('finds the fields of a CPU line with their columns', () => {
    const line = 'rcu: \t2-...!: (17 ticks this GP) idle=c8a/1/0x4000000000000000 softirq=25484/25485 fqs=2431 ';
    assert.deepEqual(stallFields(line).map((h) => [h.id, h.value]), [
      ['cpu', '2-...!'], ['ticksThisGp', '17 ticks this GP'], ['idle', 'idle=c8a/1/0x4000000000000000'],
      ['softirq', 'softirq=25484/25485'], ['fqs', 'fqs=2431']]);
    const at = line.indexOf('fqs=') + 2;
    assert.equal(stallFieldAt(line, at)?.id, 'fqs');
    assert.equal(stallFieldAt(line, 0), null);
    assert.equal(line.slice(stallFieldAt(line, at)!.start, stallFieldAt(line, at)!.end), 'fqs=2431');
  });

  it('finds the fields of summary, blocked-task, expedited and kthread lines', () => {
    const ids = (s: string) => stallFields(s).map((h) => `${h.id}:${h.value}`);
    assert.deepEqual(ids('\t(detected by 0, t=18002 jiffies, g=1477905, q=870)'), ['detectedBy:detected by 0', 't:t=18002 jiffies', 'g:g=1477905', 'q:q=870']);
    assert.deepEqual(ids('rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P14338/1:b..l'),
      ['blockedOn:Tasks blocked on level-0 rcu_node (CPUs 0-3)', 'blockedTask:P14338/1:b..l']);
    assert.deepEqual(ids('rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 10886 jiffies s: 25 root: 0x4/.'),
      ['header:detected expedited stalls on CPUs/tasks', 'cpu:2-...', 'expJiffies:10886 jiffies', 's:s: 25', 'root:root: 0x4/.']);
    assert.deepEqual(ids('rcu: rcu_sched kthread starved for 233905 jiffies! g60137 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402 ->cpu=1'),
      ['kthreadStarved:kthread starved for 233905 jiffies!', 'g:g60137', 'gpFlags:f0x0', 'gpState:RCU_GP_WAIT_FQS(5)', 'state:->state=0x402', 'kthreadCpu:->cpu=1']);
    assert.deepEqual(ids('audit: type=1130 q=5 g=7'), [], 'generic tokens only on report lines');
  });

  it('reads the values', () => {
    assert.match(decodeValue('blockedTask', 'P14338/1:b..l'), /pid 14338, `rcu_read_lock\(\)` nesting 1: blocked in its critical section, on the blocked-tasks list/);
    assert.match(decodeValue('cpu', '2-...!'), /CPU 2: online; RCU's irq_work has not run/);
    assert.match(decodeValue('cpu', '5-O..3'), /offline; .*pending for 3 grace periods: interrupts probably disabled/);
    assert.match(decodeValue('idle', 'idle=e7b8/0/0x0'), /even; nesting 0: the CPU was in the idle loop/);
    assert.match(decodeValue('softirq', 'softirq=11026/11026'), /No RCU softirq has run/);
    assert.match(decodeValue('root', 'root: 0x4/.'), /child rcu_node 2 still block; no task blocked at the root/);
    assert.match(decodeValue('s', 's: 25'), /Odd: an expedited grace period is in progress/);
    assert.match(decodeValue('state', '->state=0x402'), /idle sleep/);
    assert.match(decodeValue('state', '->state=0x0'), /runnable/);
    assert.match(decodeValue('gpFlags', 'f0x2'), /force-quiescent-state scan requested/);
    assert.match(explainField(stallFieldAt('\t(detected by 0, t=18002 jiffies, g=1, q=870)', 20)!), /^\*\*`t=`\*\* — Jiffies since the grace period began/);
  });

  it('sums up a report with its values and culprit', () => {
    const md = explainStall(phased);
    assert.match(md, /^\*\*RCU stall warning\*\* \(`rcu_preempt`\): detected stalls on CPUs\/tasks; tasks blocked on an rcu_node — lines 1515–1549/);
    assert.match(md, /Blocked task \*\*P14338\*\*/);
    assert.match(md, /Detected by CPU 0, \*\*18002 jiffies\*\* into the grace period, g=1477905, 870 callbacks queued\./);
    assert.match(md, /\*\*Likely culprit:\*\* `cco\+0x5a\/0x6b \[test_phased_state_change\]` \(line 1529\)/);
    assert.match(md, /The blocked task sleeps in `msleep` called from the culprit/);
    const idle = collect(readFileSync(join(CORPUS, 'rcutorture-TREE03-self-detected-stall-lkml-6.7-rc2-next.log'), 'utf8'))[0]!;
    assert.match(explainStall(idle), /Grace-period kthread starved for \*\*20595 jiffies\*\* \(state RCU_GP_WAIT_FQS\(5\)\)/);
    assert.match(explainStall(idle), /No likely culprit/);
    const resumed = collect(readFileSync(join(CORPUS, 'journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log'), 'utf8'))[0]!;
    assert.match(explainStall(resumed), /Every CPU listed was idle/);
    assert.match(explainStall(resumed), /Stalled CPUs: \*\*8\*\* \(2 ticks this GP, idle=e7b8\/0\/0x0, softirq=85494\/85495, fqs=0\); \*\*9\*\* \(21 GPs behind/);
  });
});
