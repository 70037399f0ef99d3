// One test per log format of the core issue: real or documentation-derived fixtures, every field of
// every record asserted (line, offset, boot, kind, format, time, wallclock, level, facility, caller,
// task, pid, cpu, text, column, trace, flags).

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords, type ReadResult } from '../../src/core/log/records';
import type { LogRecord } from '../../src/core/model';
import { Flag } from '../../src/core/log/formats/head';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const read = (p: string): Buffer => readFileSync(join(FIX, p));

/** Byte offsets of each line's start, found independently of the splitter (LF or CRLF). */
function lineOffsets(b: Uint8Array): number[] {
  const out = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10 && i + 1 < b.length) out.push(i + 1);
  return out;
}

const BLANKS: Omit<LogRecord, 'line' | 'offset'> = {
  boot: 0, kind: 'kernel', format: 'dmesg', time: null, wallclock: null, level: null, facility: null,
  caller: null, task: null, pid: null, cpu: null, text: '', column: 0,
};

/** Assert the first want.length records, each field (defaults: BLANKS). */
function expectRecords(r: ReadResult, bytes: Uint8Array, want: Partial<LogRecord>[], defaults: Partial<LogRecord> = {}): void {
  const offs = lineOffsets(bytes);
  want.forEach((w, i) => {
    const exp = { ...BLANKS, ...defaults, line: i + 1, offset: offs[i], ...w };
    assert.deepEqual(r.records[i], exp, `line ${i + 1}`);
  });
}

/** Seconds since the epoch of a calendar time, minus a zone offset in hours. */
const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, zoneHours = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - zoneHours * 3600;

function fixture(p: string): { bytes: Buffer; r: ReadResult } {
  const bytes = read(p);
  return { bytes, r: readRecords(bytes) };
}

describe('formats: dmesg default, with printk caller ids', () => {
  it('reads `[time] [ T1234] msg`, `[C1]` and the glued `[time][   C1]` form', () => {
    const { bytes, r } = fixture('formats/dmesg-callerid.log');
    assert.equal(r.format, 'dmesg');
    assert.equal(r.records.length, 5);
    expectRecords(r, bytes, [
      { time: 0, caller: 'T0', column: 24, text: 'Linux version 6.10.0-rc5 (syzkaller@syzkaller) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC' },
      { time: 99.566511, caller: 'T1234', column: 24, text: 'phased state change - init module' },
      { time: 99.566653, caller: 'T1234', column: 24, text: 'start cco1' },
      { time: 131.102161, caller: 'C1', column: 24, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { time: 131.10217, caller: 'C1', column: 23, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P1236/1:b..l' },
    ]);
    assert.deepEqual(r.warnings, []);
  });

  it('reads the corpus logs with CONFIG_PRINTK_CALLER', () => {
    const { bytes, r } = fixture('corpus/stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log');
    assert.equal(r.format, 'dmesg');
    expectRecords(r, bytes, [
      { time: 204.0216, caller: 'C1', column: 23, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { time: 204.023224, caller: 'C1', column: 23, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-1): P9294/1:b..l' },
    ]);
  });
});

describe('formats: dmesg -d, -T, --time-format iso', () => {
  it('dmesg -d: the time since boot, the delta ignored', () => {
    const { bytes, r } = fixture('formats/dmesg-delta.log');
    assert.equal(r.format, 'dmesg-delta');
    expectRecords(r, bytes, [
      { time: 99.566511, text: 'phased state change - init module', column: 30 },
      { time: 99.566653, text: 'start cco1', column: 30 },
      { time: 99.566686, text: 'hit cco', column: 30 },
      { time: 131.102161, text: 'hit maint', column: 30 },
    ], { format: 'dmesg-delta' });
  });

  it('dmesg --time-format delta (`[<    0.000142>]`): kernel lines without a time since boot', () => {
    const { bytes, r } = fixture('formats/dmesg-delta-only.log');
    assert.equal(r.format, 'dmesg-delta');
    expectRecords(r, bytes, [
      { text: 'phased state change - init module', column: 17 },
      { text: 'start cco1', column: 17 },
      { text: 'hit maint', column: 17 },
    ], { format: 'dmesg-delta' });
  });

  it('dmesg -T: wall-clock time with its year; mail-wrapped lines stay other records', () => {
    const { bytes, r } = fixture('corpus/dmesg-T-human-time-rcu_sched-stall-softlockup-debian-5.10.46-mailwrapped.log');
    assert.equal(r.format, 'dmesg-ctime');
    expectRecords(r, bytes, [
      { wallclock: utc(2021, 9, 3, 6, 40, 40), text: 'md: resync of RAID array md127', column: 27 },
      { wallclock: utc(2021, 9, 3, 7, 30, 0), text: 'rcu: INFO: rcu_sched self-detected stall on CPU', column: 27 },
      { wallclock: utc(2021, 9, 3, 7, 30, 0), text: 'rcu:         2-....: (5249 ticks this GP)', column: 27 },
      { kind: 'other', format: 'unknown', text: 'idle=0c2/1/0x4000000000000000 softirq=56412/56412 fqs=2624' },
    ], { format: 'dmesg-ctime' });
  });

  it('dmesg -T -d: ctime and delta', () => {
    const { bytes, r } = fixture('formats/dmesg-ctime-delta.log');
    assert.equal(r.format, 'dmesg-ctime');
    expectRecords(r, bytes, [
      { wallclock: utc(2022, 4, 4, 1, 22, 4), text: 'phased state change - init module', column: 42 },
      { wallclock: utc(2022, 4, 4, 1, 22, 4), text: 'start cco1', column: 42 },
      { wallclock: utc(2022, 4, 4, 1, 22, 35), text: 'hit maint', column: 42 },
    ], { format: 'dmesg-ctime' });
  });

  it('dmesg --time-format iso: wall clock with fraction and zone', () => {
    const { bytes, r } = fixture('formats/dmesg-iso.log');
    assert.equal(r.format, 'dmesg-iso');
    const w = (s: number, us: number) => utc(2022, 4, 4, 1, 22, s, 2) + us / 1e6;
    const got = r.records.map((x) => x.wallclock!);
    [w(4, 566511), w(4, 566653), w(35, 102161)].forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-6, `line ${i + 1}`));
    expectRecords(r, bytes, [
      { wallclock: got[0]!, text: 'phased state change - init module', column: 33 },
      { wallclock: got[1]!, text: 'start cco1', column: 33 },
      { wallclock: got[2]!, text: 'hit maint', column: 33 },
    ], { format: 'dmesg-iso' });
  });
});

describe('formats: dmesg -x and dmesg -r', () => {
  it('dmesg -x: facility and level names', () => {
    const { bytes, r } = fixture('formats/dmesg-decoded.log');
    assert.equal(r.format, 'dmesg-decoded');
    expectRecords(r, bytes, [
      { time: 0, level: 5, facility: 'kern', column: 30, text: 'Linux version 5.17.0-master-13410-g74164d284b29 (sbcd90@isob2) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.38) #1 SMP PREEMPT_DYNAMIC Sun Apr 3 20:11:05 IST 2022' },
      { time: 5.216473, level: 6, facility: 'daemon', column: 30, text: 'systemd[1]: Started Journal Service.' },
      { time: 99.566511, level: 6, facility: 'kern', column: 30, text: 'phased state change - init module' },
      { time: 131.102161, level: 3, facility: 'kern', column: 30, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { time: 131.10217, level: 4, facility: 'kern', column: 30, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P1236/1:b..l' },
    ], { format: 'dmesg-decoded' });
  });

  it('dmesg -x -t: no time at all', () => {
    const r = readRecords('kern  :info  : phased state change - init module\n');
    assert.equal(r.format, 'dmesg-decoded');
    expectRecords(r, new TextEncoder().encode('x'), [
      { format: 'dmesg-decoded', level: 6, facility: 'kern', column: 15, text: 'phased state change - init module' },
    ]);
  });

  it('dmesg -r: `<n>` is facility * 8 + level', () => {
    const { bytes, r } = fixture('formats/dmesg-raw.log');
    assert.equal(r.format, 'dmesg-raw');
    expectRecords(r, bytes, [
      { time: 0, level: 5, facility: 'kern', column: 18, text: 'Linux version 5.17.0-master-13410-g74164d284b29 (sbcd90@isob2) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.38) #1 SMP PREEMPT_DYNAMIC Sun Apr 3 20:11:05 IST 2022' },
      { time: 5.216473, level: 6, facility: 'daemon', column: 19, text: 'systemd[1]: Started Journal Service.' },
      { time: 99.566511, level: 6, facility: 'kern', column: 18, text: 'phased state change - init module' },
      { time: 131.102161, level: 3, facility: 'kern', column: 18, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
    ], { format: 'dmesg-raw', flags: Flag.RawLevel });
  });
});

describe('formats: /dev/kmsg records', () => {
  it('reads level, facility, sequence gaps, caller ids, \\x escapes and dictionary lines', () => {
    const { bytes, r } = fixture('formats/kmsg.log');
    assert.equal(r.format, 'kmsg');
    assert.equal(r.records.length, 7);
    expectRecords(r, bytes, [
      { time: 99.566511, level: 6, facility: 'kern', column: 17, text: 'phased state change - init module' },
      { time: 99.566653, level: 6, facility: 'kern', caller: 'T1234', column: 30, text: 'start cco1' },
      { time: 131.102161, level: 3, facility: 'kern', caller: 'C1', column: 28, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', flags: Flag.Lost, lost: 1 },
      { time: 131.10217, level: 3, facility: 'kern', column: 18, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P1236/1:b..l' },
      { time: 131.2, level: 6, facility: 'kern', column: 18, text: 'usb 1-1: new high-speed USB device number 2 using xhci_hcd' },
      { kind: 'continuation', column: 1, text: 'SUBSYSTEM=usb' },
      { kind: 'continuation', column: 1, text: 'DEVICE=c189:1' },
    ], { format: 'kmsg' });
    assert.deepEqual(r.warnings, [{ line: 3, kind: 'lost messages', message: '1 kernel message was lost before line 3 (the /dev/kmsg sequence number jumps)' }]);
  });

  it('a line starting with a space is a dictionary line only right after a kmsg record', () => {
    const r = readRecords('[   99.566511] hit cco\n SUBSYSTEM=usb\n');
    assert.equal(r.records[1]!.kind, 'other');
  });
});

describe('formats: journalctl -k', () => {
  it('short: host, other programs, `-- Logs begin` (gives the year) and `-- Boot --` markers', () => {
    const { bytes, r } = fixture('formats/journal-short.log');
    assert.equal(r.format, 'journal-short');
    const banner = 'Linux version 5.17.0-master-13410-g74164d284b29 (sbcd90@isob2) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.38) #1 SMP PREEMPT_DYNAMIC Sun Apr 3 20:11:05 IST 2022';
    expectRecords(r, bytes, [
      { kind: 'other', text: '-- Logs begin at Mon 2022-04-04 01:20:11 IST, end at Mon 2022-04-04 01:26:14 IST. --' },
      { wallclock: utc(2022, 4, 4, 1, 20, 11), column: 30, text: banner },
      { wallclock: utc(2022, 4, 4, 1, 22, 4), column: 30, text: 'phased state change - init module' },
      { kind: 'other', wallclock: utc(2022, 4, 4, 1, 22, 27), column: 33, text: 'pam_unix(sudo:session): session opened for user root(uid=0) by sbcd90(uid=1000)' },
      { wallclock: utc(2022, 4, 4, 1, 22, 35), column: 30, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { boot: 1, kind: 'other', text: '-- Boot 5a3c1b2d9e8f47a6b1c0d2e3f4a5b6c7 --', flags: Flag.BootMarker },
      { boot: 1, wallclock: utc(2022, 4, 4, 1, 25, 40), column: 30, text: banner },
      { boot: 1, wallclock: utc(2022, 4, 4, 1, 25, 41), column: 30, text: 'rcu: Preemptible hierarchical RCU implementation.' },
    ], { format: 'journal-short' });
    assert.deepEqual(r.boots.map((b) => [b.startLine, b.endLine, b.banner]), [[1, 5, banner], [6, 8, banner]]);
  });

  it('`-- Reboot --` is a boot marker too; `-- No entries --` is not', () => {
    const r = readRecords('Apr 04 01:22:04 isob2 kernel: hit cco\n-- Reboot --\nApr 04 01:25:40 isob2 kernel: hit maint\n-- No entries --\n');
    assert.deepEqual(r.records.map((x) => [x.kind, x.boot, x.flags ?? 0]), [['kernel', 0, 0], ['other', 1, Flag.BootMarker], ['kernel', 1, 0], ['other', 1, 0]]);
  });

  it('the year the short stamps lack comes from `-- Logs begin`, and goes on across New Year', () => {
    const r = readRecords('-- Logs begin at Fri 2021-12-31 23:50:00 UTC, end at Sat 2022-01-01 00:10:00 UTC. --\n' +
      'Dec 31 23:59:59 isob2 kernel: hit cco\nJan 01 00:00:01 isob2 kernel: end cco_quickly\n');
    assert.deepEqual(r.records.map((x) => x.wallclock), [null, utc(2021, 12, 31, 23, 59, 59), utc(2022, 1, 1, 0, 0, 1)]);
  });

  it('short without a host name (corpus)', () => {
    const { bytes, r } = fixture('corpus/journal-nohost-rcu_sched-stall-dockerd-4.x.log');
    assert.equal(r.format, 'journal-short');
    expectRecords(r, bytes, [
      { wallclock: utc(1970, 7, 28, 4, 24, 10), column: 24, text: 'INFO: rcu_sched self-detected stall on CPU' },
      { wallclock: utc(1970, 7, 28, 4, 24, 10), column: 24, text: 'INFO: rcu_sched detected stalls on CPUs/tasks:' },
      { wallclock: utc(1970, 7, 28, 4, 24, 10), column: 24, text: '        0-...: (1 GPs behind) idle=fcd/140000000000001/0 softirq=392901330/392901331 fqs=0' },
    ], { format: 'journal-short' });
  });

  it('short-precise (corpus)', () => {
    const { bytes, r } = fixture('corpus/journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log');
    assert.equal(r.format, 'journal-precise');
    const w = r.records[0]!.wallclock!;
    assert.ok(Math.abs(w - (utc(1970, 8, 5, 21, 28, 11) + 0.869453)) < 1e-6);
    expectRecords(r, bytes, [
      { wallclock: w, column: 38, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
    ], { format: 'journal-precise' });
  });

  it('short-iso and short-iso-precise', () => {
    const { bytes, r } = fixture('formats/journal-iso.log');
    assert.equal(r.format, 'journal-iso');
    const w4 = r.records[3]!.wallclock!;
    assert.ok(Math.abs(w4 - (utc(2022, 4, 4, 1, 22, 35, 5.5) + 0.102161)) < 1e-6);
    expectRecords(r, bytes, [
      { wallclock: utc(2022, 4, 4, 1, 22, 4, 5.5), column: 39, text: 'phased state change - init module' },
      { wallclock: utc(2022, 4, 4, 1, 22, 4, 5.5), column: 39, text: 'start cco1' },
      { kind: 'other', wallclock: utc(2022, 4, 4, 1, 22, 27, 5.5), column: 42, text: 'pam_unix(sudo:session): session opened for user root(uid=0) by sbcd90(uid=1000)' },
      { wallclock: w4, column: 47, text: 'hit maint' },
    ], { format: 'journal-iso' });
  });

  it('short-monotonic: the stamp is the time since boot; a host-less `prog[pid]:` is no journal line in dmesg output', () => {
    const { bytes, r } = fixture('formats/journal-monotonic.log');
    assert.equal(r.format, 'journal-monotonic');
    expectRecords(r, bytes, [
      { kind: 'other', text: '-- Logs begin at Mon 2022-04-04 01:20:11 IST, end at Mon 2022-04-04 01:26:14 IST. --' },
      { time: 99.566511, column: 29, text: 'phased state change - init module' },
      { time: 99.566653, column: 29, text: 'start cco1' },
      { kind: 'other', time: 122.651194, column: 32, text: 'pam_unix(sudo:session): session opened for user root(uid=0) by sbcd90(uid=1000)' },
      { kind: 'other', time: 122.6512, column: 42, text: 'New session 3 of user root.' },
      { time: 131.102161, column: 29, text: 'hit maint' },
    ], { format: 'journal-monotonic' });
    const d = readRecords('[    5.216473] systemd[1]: Started Journal Service.\n[   99.566511] hit cco\n');
    assert.deepEqual(d.records.map((x) => [x.format, x.kind, x.text]), [['dmesg', 'kernel', 'systemd[1]: Started Journal Service.'], ['dmesg', 'kernel', 'hit cco']]);
  });
});

describe('formats: syslog', () => {
  it('kern.log: wall clock and time since boot; rsyslog `#011` is a tab', () => {
    const { bytes, r } = fixture('formats/kern-log-rsyslog.log');
    assert.equal(r.format, 'syslog');
    expectRecords(r, bytes, [
      { time: 99.566511, wallclock: utc(1970, 4, 4, 1, 22, 4), column: 45, text: 'phased state change - init module' },
      { time: 131.102161, wallclock: utc(1970, 4, 4, 1, 22, 35), column: 45, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { time: 131.10217, wallclock: utc(1970, 4, 4, 1, 22, 35), column: 45, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P1236/1:b..l' },
      { time: 131.102175, wallclock: utc(1970, 4, 4, 1, 22, 35), column: 45, text: '\t(detected by 2, t=21010 jiffies, g=1809, q=1791)' },
    ], { format: 'syslog' });
  });

  it('kern.log from the corpus', () => {
    const { bytes, r } = fixture('corpus/kern-log-syslog-rcu_sched_state-stalls-zfs-2.6-3.x.log');
    assert.equal(r.format, 'syslog');
    expectRecords(r, bytes, [
      { time: 3556.510903, wallclock: utc(1970, 11, 24, 19, 39, 4), column: 49, text: 'INFO: rcu_sched_state detected stall on CPU 0 (t=105060 jiffies)' },
    ], { format: 'syslog' });
  });

  it('RFC 3339 stamps', () => {
    const { bytes, r } = fixture('formats/syslog-rfc3339.log');
    assert.equal(r.format, 'syslog-rfc3339');
    const w = r.records.map((x) => x.wallclock!);
    assert.ok(Math.abs(w[0]! - (utc(2022, 4, 4, 1, 22, 4, 5.5) + 0.566511)) < 1e-6);
    expectRecords(r, bytes, [
      { time: 99.566511, wallclock: w[0]!, column: 62, text: 'phased state change - init module' },
      { kind: 'other', wallclock: w[1]!, column: 50, text: 'pam_unix(sudo:session): session opened for user root(uid=0) by sbcd90(uid=1000)' },
      { time: 131.102161, wallclock: w[2]!, column: 62, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
    ], { format: 'syslog-rfc3339' });
  });

  it('macOS-wrapped VM syslog: facility and level from `kern.error` (corpus)', () => {
    const { bytes, r } = fixture('corpus/syslog-macos-wrapped-kern-facility-rcu_sched-stall-docker-moby-4.4.log');
    assert.equal(r.format, 'syslog');
    const w = utc(2016, 8, 3, 4, 35, 57);
    expectRecords(r, bytes, [
      { level: 3, facility: 'kern', wallclock: w, column: 62, text: 'INFO: rcu_sched self-detected stall on CPU' },
      { level: 3, facility: 'kern', wallclock: w, column: 62, text: 'INFO: rcu_sched self-detected stall on CPU' },
      { level: 3, facility: 'kern', wallclock: w, column: 62, text: '   0-...: (1 GPs behind) idle=575/1/0 softirq=516638/516642 fqs=0' },
      { level: 3, facility: 'kern', wallclock: w, column: 62, text: '   5-...: (1 GPs behind) idle=449/1/0 softirq=273919/273920 fqs=0' },
      { level: 3, facility: 'kern', wallclock: w, column: 61, text: '' },
    ], { format: 'syslog' });
    assert.deepEqual([r.records[7]!.level, r.records[7]!.text], [4, '(t=15299 jiffies g=166424 c=166423 q=26094)']);
  });
});

describe('formats: serial and QEMU consoles', () => {
  it('CRLF, colour codes, systemd status, a glued login prompt, a raw level prefix', () => {
    const { bytes, r } = fixture('formats/serial-console.log');
    assert.equal(r.format, 'dmesg');
    expectRecords(r, bytes, [
      { kind: 'other', format: 'console', text: '[  OK  ] Started Journal Service.', flags: Flag.Ansi },
      { kind: 'other', format: 'console', text: '         Starting Remount Root and Kernel File Systems...', flags: Flag.Ansi },
      { kind: 'blank', format: 'unknown' },
      { kind: 'other', format: 'unknown', text: 'Debian GNU/Linux 11 isob2 ttyS0' },
      { kind: 'blank', format: 'unknown' },
      { time: 99.566511, column: 28, text: 'phased state change - init module', flags: Flag.Glued },
      { time: 99.566653, column: 15, text: 'start cco1' },
      { time: 99.566686, column: 20, text: 'hit cco', flags: Flag.Ansi },
      { format: 'dmesg-raw', time: 99.566687, level: 6, facility: 'kern', column: 18, text: 'hit cco_quickly', flags: Flag.RawLevel },
      { time: 131.102161, column: 15, text: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      { time: 131.10217, column: 15, text: 'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P1236/1:b..l' },
      { kind: 'other', format: 'unknown', text: 'root@isob2:~# rmmod test_phased_state_change' },
    ]);
    assert.equal(r.records.length, 12);
  });

  it('`[  OK  ]` is not a timestamp; nor is a bracketed status with colour inside', () => {
    const r = readRecords('[  OK  ] Reached target Basic System.\n[\x1b[36minfo\x1b[39;49m] Using makefile-style concurrent boot in runlevel S.\n[   99.566511] hit cco\n');
    assert.deepEqual(r.records.map((x) => [x.kind, x.time, x.text]), [
      ['other', null, '[  OK  ] Reached target Basic System.'],
      ['other', null, '[info] Using makefile-style concurrent boot in runlevel S.'],
      ['kernel', 99.566511, 'hit cco'],
    ]);
  });

  it('raw printk prefixes, `<c>` continuation markers and glued copies (corpus, sunxi 3.4)', () => {
    const { bytes, r } = fixture('corpus/serial-console-printk-level-prefix-interleaved-rcu_preempt-sunxi-3.4.log');
    assert.equal(r.format, 'dmesg-raw');
    expectRecords(r, bytes, [
      // `<3>     [  193.981301]  <c>(detected by 1, t=78048 jiffies)`
      { format: 'dmesg-raw', time: 193.981301, level: 3, facility: 'kern', column: 27, text: '(detected by 1, t=78048 jiffies)', flags: Flag.RawLevel },
      { kind: 'other', format: 'unknown', text: '(detected by 1, t=78048 jiffies)' },
      { format: 'dmesg-raw', level: 3, facility: 'kern', column: 3, text: 'INFO: Stall ended before state dump start', flags: Flag.RawLevel },
      { time: 193.992875, column: 15, text: 'INFO: Stall ended before state dump start' },
      // `<3>INFO: rcu_preempt detected stalls on CPUs/tasks:[  195.089380] INFO: rcu_preempt detected stalls on CPUs/tasks:<c>`
      { format: 'dmesg-raw', time: 195.08938, level: 3, facility: 'kern', column: 66, text: 'INFO: rcu_preempt detected stalls on CPUs/tasks:', flags: Flag.RawLevel | Flag.Glued },
      { kind: 'blank', format: 'unknown' },
      { format: 'dmesg-raw', level: 3, facility: 'kern', column: 3, text: '     0: (1 GPs behind) idle=07b/140000000000000/0 drain=0 . timer=-1', flags: Flag.RawLevel },
    ]);
  });

  it('a login prompt glued to a kernel line (corpus, syzbot)', () => {
    const { bytes, r } = fixture('corpus/serial-console-rcu_sched-stall-login-prompt-interleaved-syzbot-4.x.log');
    expectRecords(r, bytes, [
      { time: 709.689951, column: 28, text: 'INFO: rcu_sched detected stalls on CPUs/tasks:', flags: Flag.Glued },
      { time: 709.695737, column: 15, text: '\t(detected by 0, t=125002 jiffies, g=6134, c=6133, q=11)' },
    ]);
  });

  it('a console without timestamps is kernel text, line for line (corpus)', () => {
    const { bytes, r } = fixture('corpus/stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log');
    assert.equal(r.format, 'console');
    expectRecords(r, bytes, [
      { text: 'rcu: INFO: rcu_preempt self-detected stall on CPU' },
      { text: 'rcu: \t0-...!: (1 GPs behind) idle=4e3c/1/0x4000000000000000 softirq=104586/104587 fqs=0' },
      { text: 'rcu: \t(t=10500 jiffies g=177421 q=68 ncpus=2)' },
    ], { format: 'console' });
    assert.ok(r.records.every((x) => x.kind === 'kernel' || x.kind === 'blank'));
  });

  it('dmesg indents the next lines of a multi-line message: those are continuations', () => {
    const r = readRecords('[   99.566511] first line of a message\n               second line of it\n[   99.566512] hit cco\n         Starting Foo...\n');
    assert.deepEqual(r.records.map((x) => [x.kind, x.text, x.column]), [
      ['kernel', 'first line of a message', 15],
      ['continuation', 'second line of it', 15],
      ['kernel', 'hit cco', 15],
      ['other', '         Starting Foo...', 0],
    ]);
  });
});

describe('formats: ftrace', () => {
  it('tracefs `trace`: header lines, 5-character flags, task names with dashes, the console event', () => {
    const { bytes, r } = fixture('formats/tracefs-trace.txt');
    assert.equal(r.format, 'ftrace');
    assert.ok(r.records.slice(0, 12).every((x) => x.kind === 'other' && x.format === 'ftrace'));
    const got = r.records.slice(12);
    const offs = lineOffsets(bytes);
    assert.deepEqual(got, [
      { ...BLANKS, line: 13, offset: offs[12], kind: 'trace', format: 'ftrace', time: 101.344839, task: 'rcu_preempt', pid: 16, cpu: 2, column: 69, text: 'rcu_preempt 12345 start',
        trace: { event: 'rcu_grace_period', args: 'rcu_preempt 12345 start', fields: { rcuname: 'rcu_preempt', gp_seq: 12345, gpevent: 'start' } } },
      { ...BLANKS, line: 14, offset: offs[13], kind: 'trace', format: 'ftrace', time: 101.345001, task: '<idle>', pid: 0, cpu: 1, column: 68, text: 'Start scheduler-tick',
        trace: { event: 'rcu_utilization', args: 'Start scheduler-tick', fields: { s: 'Start scheduler-tick' } } },
      { ...BLANKS, line: 15, offset: offs[14], kind: 'kernel', format: 'ftrace', time: 101.3451, task: 'cco1', pid: 1234, cpu: 0, column: 75, text: 'hit cco',
        trace: { event: 'console', args: '[  101.345098] hit cco', fields: {} } },
      { ...BLANKS, line: 16, offset: offs[15], kind: 'trace', format: 'ftrace', time: 101.346, task: 'syz-executor.0', pid: 4166, cpu: 3, column: 69, text: 'rcu_preempt 12345 4166',
        trace: { event: 'rcu_preempt_task', args: 'rcu_preempt 12345 4166', fields: { rcuname: 'rcu_preempt', gp_seq: 12345, pid: 4166 } } },
      { ...BLANKS, line: 17, offset: offs[16], kind: 'trace', format: 'ftrace', time: 101.347, task: 'kworker/u8:2', pid: 77, cpu: 1, column: 65, text: 'rcu_preempt rhp=00000000a7e5c4f1 func=free_rootdomain 3',
        trace: { event: 'rcu_callback', args: 'rcu_preempt rhp=00000000a7e5c4f1 func=free_rootdomain 3', fields: { rcuname: 'rcu_preempt', rhp: '00000000a7e5c4f1', func: 'free_rootdomain', qlen: 3 } } },
      { ...BLANKS, line: 18, offset: offs[17], kind: 'trace', format: 'ftrace', time: 101.352, task: 'rcu_preempt', pid: 16, cpu: 2, column: 69, text: 'rcu_preempt 12345 end',
        trace: { event: 'rcu_grace_period', args: 'rcu_preempt 12345 end', fields: { rcuname: 'rcu_preempt', gp_seq: 12345, gpevent: 'end' } } },
    ]);
  });

  it('tracefs with the TGID column (`(   1977)`, `(-------)`) and 4-character flags', () => {
    const { bytes, r } = fixture('formats/tracefs-trace-tgid.txt');
    assert.equal(r.format, 'ftrace');
    expectRecords(r, bytes, [
      { kind: 'other', format: 'ftrace', text: '# tracer: nop' },
      { kind: 'other', format: 'ftrace', text: '#' },
      { kind: 'other', format: 'ftrace', text: '#           TASK-PID     TGID     CPU#  ||||   TIMESTAMP  FUNCTION' },
      { kind: 'other', format: 'ftrace', text: '#              | |         |        |   ||||      |         |' },
      { kind: 'trace', format: 'ftrace', time: 1234.56789, task: 'bash', pid: 1977, cpu: 0, column: 77, text: 'Start context switch',
        trace: { event: 'rcu_utilization', args: 'Start context switch', fields: { s: 'Start context switch' } } },
      { kind: 'trace', format: 'ftrace', time: 1234.567901, task: '<idle>', pid: 0, cpu: 3, column: 69, text: 'rcu_sched 8812 3 dti',
        trace: { event: 'rcu_fqs', args: 'rcu_sched 8812 3 dti', fields: { rcuname: 'rcu_sched', gp_seq: 8812, cpu: 3, qsevent: 'dti' } } },
    ]);
  });

  it('trace-cmd report: `cpus=4`, padded event names, with and without latency flags', () => {
    const { bytes, r } = fixture('formats/trace-cmd-report.txt');
    assert.equal(r.format, 'ftrace');
    expectRecords(r, bytes, [
      { kind: 'other', format: 'ftrace', text: 'cpus=4' },
      { kind: 'trace', format: 'ftrace', time: 101.344839, task: 'rcu_preempt', pid: 16, cpu: 2, column: 65, text: 'rcu_preempt 12345 start',
        trace: { event: 'rcu_grace_period', args: 'rcu_preempt 12345 start', fields: { rcuname: 'rcu_preempt', gp_seq: 12345, gpevent: 'start' } } },
      { kind: 'trace', format: 'ftrace', time: 101.345001, task: '<idle>', pid: 0, cpu: 1, column: 65, text: 'Start scheduler-tick',
        trace: { event: 'rcu_utilization', args: 'Start scheduler-tick', fields: { s: 'Start scheduler-tick' } } },
      { kind: 'trace', format: 'ftrace', time: 101.3452, task: 'rcu_preempt', pid: 16, cpu: 2, column: 71, text: 'rcu_preempt 12345 1>e 0 0 3 0',
        trace: { event: 'rcu_quiescent_state_report', args: 'rcu_preempt 12345 1>e 0 0 3 0',
          fields: { rcuname: 'rcu_preempt', gp_seq: 12345, mask: 1, qsmask: 14, level: 0, grplo: 0, grphi: 3, gp_tasks: 0 } } },
      { kind: 'trace', format: 'ftrace', time: 101.352, task: 'rcu_preempt', pid: 16, cpu: 2, column: 69, text: 'rcu_preempt 12345 end',
        trace: { event: 'rcu_grace_period', args: 'rcu_preempt 12345 end', fields: { rcuname: 'rcu_preempt', gp_seq: 12345, gpevent: 'end' } } },
    ]);
  });

  it('the console dump after `Dumping ftrace buffer:` (latency format, lost events, the console event)', () => {
    const { bytes, r } = fixture('formats/ftrace-dump.log');
    assert.equal(r.format, 'dmesg');
    expectRecords(r, bytes, [
      { time: 192.480148, column: 15, text: 'Dumping ftrace buffer:' },
      { time: 192.480148, column: 15, text: '---------------------------------' },
      { time: 192.480148, column: 15, text: 'CPU:0 [LOST 2282 EVENTS]', flags: Flag.Lost, lost: 2282 },
      { kind: 'trace', format: 'ftrace-dump', time: 75.8091, task: 'rcu_tort', pid: 1085, cpu: 0, column: 71, text: 'rcu torture read 0000000000000000 286us c: 6048 6051',
        trace: { event: 'rcu_torture_read', args: 'rcu torture read 0000000000000000 286us c: 6048 6051',
          fields: { rcutorturename: 'rcu', rhp: '0000000000000000', secs: 286, c_old: 6048, c: 6051 } } },
      { kind: 'trace', format: 'ftrace-dump', time: 75.809163, task: 'rcuop/0', pid: 12, cpu: 0, column: 74, text: 'rcu_preempt rhp=000000002d6a3fce func=rcu_sync_func',
        trace: { event: 'rcu_invoke_callback', args: 'rcu_preempt rhp=000000002d6a3fce func=rcu_sync_func', fields: { rcuname: 'rcu_preempt', rhp: '000000002d6a3fce', func: 'rcu_sync_func' } } },
      { kind: 'kernel', format: 'ftrace-dump', time: 75.80917, task: 'cco1', pid: 1234, cpu: 1, column: 77, text: 'hit cco',
        trace: { event: 'console', args: '[   75.809168] hit cco', fields: {} } },
      { time: 192.560539, column: 15, text: '---------------------------------' },
      { time: 192.5606, column: 15, text: 'Kernel Offset: disabled' },
    ]);
    assert.deepEqual(r.warnings, [{ line: 3, kind: 'lost messages', message: '2282 ftrace events were lost before line 3 (CPU:0 [LOST 2282 EVENTS])' }]);
    assert.equal(r.boots.length, 1, 'the trace clock going back is no reboot');
  });

  it('the corpus dump (latency format behind dmesg stamps) and tracefs excerpt', () => {
    const dump = readRecords(read('corpus/ftrace-dump-on-oops-rcu_invoke_callback-rcuop-lkml-5.10-rc.log'));
    assert.equal(dump.format, 'ftrace-dump');
    assert.ok(dump.records.every((x) => x.kind === 'trace' && x.task === 'rcuop/0' && x.pid === 12 && x.cpu === 0));
    assert.deepEqual(dump.records.at(-1)!.trace, { event: 'rcu_do_batch', args: 'p2', fields: {} });
    const fs = readRecords(read('corpus/ftrace-tracefs-rcu_invoke_callback-batch_end-android-nocb-lkml.log'));
    assert.equal(fs.format, 'ftrace');
    assert.deepEqual(fs.records.at(-1)!.trace!.fields, { rcuname: 'rcu_preempt', callbacks_invoked: 3612, cb: 0, nr: 0, iit: 0, risk: 0 });
    assert.deepEqual([fs.records[0]!.task, fs.records[0]!.pid, fs.records[0]!.cpu, fs.records[0]!.time], ['<...>', 29, 1, 21950.152578]);
  });
});
