// The kernel-log grammars, tokenized by vscode-textmate + oniguruma (VS Code's engine) on real
// lines from ../shared/corpus and the seed log. The injection is tested inside VS Code's built-in
// Log grammar, so a rule of the host that would win over ours shows up here.
import * as assert from 'node:assert/strict';
import { RCU_API_NAMES, lookupRcuApi } from '../../src/core/explain/rcuApi';
import { scopesOf, tokenize } from './support/textmate';

type Case = [line: string, part: string, scope: string];

// [line, the text to look at, a scope it must carry]
const CASES: Case[] = [
  // seed log (../shared/seed/phased-state-change-example.md)
  ['[   99.566511] phased state change - init module', '99.566511', 'comment.timestamp.kernel-log'],
  ['[   99.566511] phased state change - init module', 'phased state', 'keyword.control.rcu-event.init.kernel-log'],
  ['[   99.566653] start cco1', 'start', 'keyword.control.rcu-event.spawn.kernel-log'],
  ['[   99.566653] start cco1', 'cco1', 'variable.other.task.kernel-log'],
  ['[   99.566686] hit cco', 'hit cco', 'storage.type.rcu-event.reader.kernel-log'],
  ['[   99.566687] hit cco_quickly', 'hit cco_quickly', 'storage.type.rcu-event.reader.kernel-log'],
  ['[  252.556730] end cco_carefully', 'end cco_carefully', 'storage.type.rcu-event.reader.kernel-log'],
  ['[  131.102161] hit maint', 'hit maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[  159.601005] hit do_maint', 'hit do_maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[  219.852212] end do_maint', 'end do_maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[  252.589445] end maint', 'end maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[  101.133465] sched: RT throttling activated', 'sched', 'entity.name.namespace.subsystem.kernel-log'],
  // caller ids: corpus/stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log
  ['[  204.021600][    C1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'C1', 'entity.name.tag.caller.kernel-log'],
  ['[  204.021600][    C1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'rcu:', 'entity.name.namespace.subsystem.rcu.kernel-log'],
  ['[  204.021600][    C1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'rcu_preempt', 'entity.name.type.rcu-flavor.kernel-log'],
  ['[  204.021600][    C1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'detected stalls', 'string.regexp.stall.kernel-log'],
  ['[  204.025087][    C1] rcu: \t(detected by 1, t=10002 jiffies, g=13073, q=1262 ncpus=2)', 't=', 'variable.parameter.stall-field.kernel-log'],
  ['[  204.025087][    C1] rcu: \t(detected by 1, t=10002 jiffies, g=13073, q=1262 ncpus=2)', '13073', 'constant.numeric.kernel-log'],
  ['[  204.025087][    C1] rcu: \t(detected by 1, t=10002 jiffies, g=13073, q=1262 ncpus=2)', 'ncpus', 'variable.parameter.stall-field.kernel-log'],
  ['[  204.025087][    C1] rcu: \t(detected by 1, t=10002 jiffies, g=13073, q=1262 ncpus=2)', 'detected by', 'variable.parameter.stall-field.kernel-log'],
  ['[  204.023224][    C1] rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-1): P9294/1:b..l', 'Tasks blocked', 'string.regexp.stall.kernel-log'],
  ['[  204.030279][    C1] Call Trace:', 'Call Trace', 'keyword.other.section.kernel-log'],
  ['[  204.031560][    C1]  <TASK>', '<TASK>', 'keyword.other.section.kernel-log'],
  ['[  204.038603][    C1]  preempt_schedule_common+0x9c/0xe0', 'preempt_schedule_common', 'entity.name.function.frame.kernel-log'],
  ['[  204.033238][    C1]  ? __kasan_check_write+0x18/0x20', '? ', 'comment.unreliable-frame.kernel-log'],
  ['[  204.033238][    C1]  ? __kasan_check_write+0x18/0x20', '__kasan_check_write', 'comment.unreliable-frame.kernel-log'],
  // corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log
  ['[67023.519496]  cco+0x5a/0x6b [test_phased_state_change 1917e588a7502fe068c5678ef649d9f00e51f9d4]', '[test_phased', 'entity.name.tag.module.kernel-log'],
  ['[67023.519368] Modules linked in: test_phased_state_change(OE+) test_rcu(OE)', 'Modules linked in', 'keyword.other.section.kernel-log'],
  ['[  828.857702] RIP: 0010:kthread_stop+0x140/0x170', 'RIP', 'keyword.other.section.kernel-log'],
  // stall fields: corpus/journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log
  ['Aug 05 21:28:11.869459 pop-os kernel: rcu:         8-...!: (2 ticks this GP) idle=e7b8/0/0x0 softirq=85494/85495 fqs=0 (false positive?)', 'kernel', 'keyword.other.facility.kernel-log'],
  ['Aug 05 21:28:11.869459 pop-os kernel: rcu:         8-...!: (2 ticks this GP) idle=e7b8/0/0x0 softirq=85494/85495 fqs=0 (false positive?)', 'ticks this GP', 'variable.parameter.stall-field.kernel-log'],
  ['Aug 05 21:28:11.869459 pop-os kernel: rcu:         8-...!: (2 ticks this GP) idle=e7b8/0/0x0 softirq=85494/85495 fqs=0 (false positive?)', 'e7b8/0/0x0', 'constant.numeric.kernel-log'],
  ['Aug 05 21:28:11.869459 pop-os kernel: rcu:         8-...!: (2 ticks this GP) idle=e7b8/0/0x0 softirq=85494/85495 fqs=0 (false positive?)', 'fqs', 'variable.parameter.stall-field.kernel-log'],
  // old spelling: corpus/kern-log-syslog-rcu_sched_state-stalls-zfs-2.6-3.x.log
  ['Nov 24 19:39:04 gsan1-coy kernel: [ 3556.510903] INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)', 'rcu_sched_state', 'entity.name.type.rcu-flavor.kernel-log'],
  ['Nov 24 19:39:04 gsan1-coy kernel: [ 3556.510903] INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)', 'detected stall on CPU', 'string.regexp.stall.kernel-log'],
  ['Nov 24 19:39:04 gsan1-coy kernel: [ 3556.510903] INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)', '3556.510903', 'comment.timestamp.kernel-log'],
  // starved / timer: corpus/stall-rcu_preempt-timer-wakeup-decoded-arm64-rk3528-6.16-rc7.log
  ["[   31.291558] rcu: rcu_preempt kthread timer wakeup didn't happen for 2501 jiffies! g-1139 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402", 'kthread timer wakeup', 'string.regexp.stall.kernel-log'],
  ['[   31.293601] rcu: rcu_preempt kthread starved for 2503 jiffies! g-1139 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402 ->cpu=3', 'kthread starved', 'string.regexp.stall.kernel-log'],
  // other prefixes
  ['<6>[    0.200000] hit cco', '6', 'keyword.other.level.kernel-log'],
  ['<6>[    0.200000] hit cco', 'hit cco', 'storage.type.rcu-event.reader.kernel-log'],
  ['kern  :info  : [   99.566686] hit cco', 'info', 'keyword.other.level.kernel-log'],
  ['kern  :info  : [   99.566686] hit cco', 'kern', 'keyword.other.facility.kernel-log'],
  ['6,339,99566686,-;hit cco_quickly', 'hit cco_quickly', 'storage.type.rcu-event.reader.kernel-log'],
  ['6,339,99566686,-,caller=T12;start cco1', 'caller=T12', 'entity.name.tag.caller.kernel-log'],
  ['Apr 04 01:22:04 host kernel: hit do_maint', 'hit do_maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[Mon Apr  4 01:22:04 2022] end maint', 'Mon Apr  4 01:22:04 2022', 'comment.timestamp.kernel-log'],
  ['[Mon Apr  4 01:22:04 2022] end maint', 'end maint', 'keyword.control.rcu-event.updater.kernel-log'],
  // ftrace: corpus/ftrace-tracefs-rcu_invoke_callback-batch_end-android-nocb-lkml.log
  ['  <...>-29      [001] ..... 21950.152578: rcu_invoke_callback: rcu_preempt rhp=00000000b2d6dee8 func=__free_vm_area_struct.cfi_jt', 'rcu_invoke_callback', 'entity.name.function.trace-event.kernel-log'],
  ['  <...>-29      [001] ..... 21950.152578: rcu_invoke_callback: rcu_preempt rhp=00000000b2d6dee8 func=__free_vm_area_struct.cfi_jt', '21950.152578', 'comment.timestamp.kernel-log'],
  // API names in frames and text
  ['[  204.040000]  synchronize_rcu+0x5a/0x6b', 'synchronize_rcu', 'support.function.rcu.kernel-log'],
  ['[  204.040000]  __call_rcu+0x12/0x300', 'call_rcu', 'support.function.rcu.kernel-log'],
  ['[  204.040000] WARNING: suspicious RCU usage in rcu_dereference_check() without protection', 'rcu_dereference_check', 'support.function.rcu.kernel-log'],
];

// Lines that must NOT be taken for scenario events (the message is not exactly the profile's).
const NEGATIVE: [string, string, string][] = [
  ['[   10.000000] systemd[1]: Failed to start foo.service and hit cco twice', 'hit cco', 'storage.type.rcu-event.reader.kernel-log'],
  ['[   10.000000] hit cocoa', 'hit', 'storage.type.rcu-event.reader.kernel-log'],
  ['[   10.000000] something hit maint', 'hit maint', 'keyword.control.rcu-event.updater.kernel-log'],
  ['[   10.000000] my_rcu_read_lock_wrapper called', 'rcu_read_lock', 'support.function.rcu.kernel-log'],
];

for (const host of ['text.log', 'text.kernel-log'] as const) {
  describe(`grammar: ${host === 'text.log' ? 'injection into VS Code\'s Log grammar' : 'kernel-log language'}`, () => {
    for (const [line, part, scope] of CASES) {
      it(`${JSON.stringify(part)} in ${JSON.stringify(line.slice(0, 60))} is ${scope}`, async () => {
        const [tokens] = await tokenize(host, [line]);
        const scopes = scopesOf(tokens!, line, part);
        assert.ok(scopes.includes(scope), `got ${scopes.join(' ')}`);
        assert.equal(scopes[0], host, 'the root scope is the language\'s');
      });
    }
    for (const [line, part, scope] of NEGATIVE) {
      it(`not ${scope}: ${JSON.stringify(line.slice(15, 70))}`, async () => {
        const [tokens] = await tokenize(host, [line]);
        assert.ok(!scopesOf(tokens!, line, part).includes(scope));
      });
    }
  });
}

describe('grammar: coverage and robustness', () => {
  it('colours every RCU API name that explain/rcuApi.ts defines (flavours and tracepoints aside)', async () => {
    const names = RCU_API_NAMES.filter((n) => !['flavor', 'tracepoint'].includes(lookupRcuApi(n)!.role));
    const lines = names.map((n) => `[    1.000000]  ${n}+0x10/0x20`);
    const all = await tokenize('text.log', lines);
    names.forEach((n, i) => {
      assert.ok(scopesOf(all[i]!, lines[i]!, n).includes('support.function.rcu.kernel-log'), n);
    });
  });

  it('leaves a plain application log line to the Log grammar', async () => {
    const line = '2024-01-05 10:00:02,456 WARNING app.db: slow query';
    const [tokens] = await tokenize('text.log', [line]);
    assert.ok(!tokens!.some((t) => t.scopes.some((s) => s.endsWith('.kernel-log'))), JSON.stringify(tokens));
  });

  it('tokenizes a 200 kB line of junk and CRLF text without error', async () => {
    const junk = '[' + '9'.repeat(100_000) + '.' + 'x('.repeat(50_000);
    const [tokens] = await tokenize('text.kernel-log', [junk, '[   99.566686] hit cco\r']);
    assert.ok(tokens!.length > 0);
  });
});
