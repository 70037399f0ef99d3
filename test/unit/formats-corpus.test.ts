// Every real log of the corpus: detected as the format it is in, parsed without throwing, one
// record per line, and the kinds a reader of the log would give its lines.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '../../src/core/log/records';
import { detectFormat } from '../../src/core/log/formats/index';
import { LineSplitter } from '../../src/core/log/lines';
import type { FormatId } from '../../src/core/model';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

/** What each corpus log is, by a human reading it (see test/fixtures/SOURCES.md). */
const EXPECTED: Record<string, FormatId> = {
  'dmesg-T-human-time-rcu_sched-stall-softlockup-debian-5.10.46-mailwrapped.log': 'dmesg-ctime',
  'dmesg-addonly-list-rcu-module-5.18-rc1.log': 'dmesg',
  'dmesg-phased-state-change-module-5.17-preempt.log': 'dmesg',
  'dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log': 'dmesg',
  'dmesg-rcu-list-module-kthread-spinlock-5.17.log': 'dmesg',
  'ftrace-dump-on-oops-rcu_invoke_callback-rcuop-lkml-5.10-rc.log': 'ftrace-dump',
  'ftrace-tracefs-rcu_invoke_callback-batch_end-android-nocb-lkml.log': 'ftrace',
  'journal-nohost-rcu_sched-stall-dockerd-4.x.log': 'journal-short',
  'journal-syslog-rcu_preempt-stall-rpi4-arm64-5.10.27.log': 'journal-short',
  'journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log': 'journal-precise',
  'kern-log-syslog-rcu_sched_state-stalls-zfs-2.6-3.x.log': 'syslog',
  'rcutorture-TREE03-self-detected-stall-lkml-6.7-rc2-next.log': 'dmesg',
  'rcutorture-writer-stall-gp-state-lkp-i386-6.7-rc3.log': 'dmesg',
  'serial-console-expedited-stall-systemd-interleaved-lkrg-mainline-2022.log': 'dmesg',
  'serial-console-multiboot-reboot-seabios-syzbot-4.20-rc3.log': 'dmesg',
  'serial-console-printk-level-prefix-interleaved-rcu_preempt-sunxi-3.4.log': 'dmesg-raw',
  'serial-console-rcu_sched-stall-login-prompt-interleaved-syzbot-4.x.log': 'dmesg',
  'stall-expedited-rcu_preempt-boot-syzbot-5.x.log': 'dmesg',
  'stall-expedited-rcu_preempt-nmi-iwlwifi-xanmod-6.4.8.log': 'dmesg',
  'stall-rcu_preempt-detected-stalls-syzbot-4.19.60.log': 'dmesg',
  'stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log': 'dmesg',
  'stall-rcu_preempt-kthread-starved-loongarch-3a6000-6.7-rc2-next.log': 'dmesg',
  'stall-rcu_preempt-self-detected-syzbot-4.19.120.log': 'dmesg',
  'stall-rcu_preempt-tasks-blocked-syzbot-5.12-rc6.log': 'dmesg',
  'stall-rcu_preempt-timer-wakeup-decoded-arm64-rk3528-6.16-rc7.log': 'dmesg',
  'stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log': 'console',
  'stall-rcu_sched-arm64-allwinner-a64-armbian-mainline.log': 'dmesg',
  'stall-rcu_sched-detected-stalls-nmi-syzbot-4.11-rc3.log': 'dmesg',
  'stall-rcu_sched-nonpreempt-arm64-graviton-amzn2023-6.12.55.log': 'dmesg',
  'stall-rcu_sched-self-detected-arm32-allwinner-t113.log': 'dmesg',
  'stall-rcu_sched-self-detected-arm32-syzbot-5.10.2.log': 'console',
  'stall-rcu_sched-self-detected-syzbot-4.15.log': 'dmesg',
  'syslog-macos-wrapped-kern-facility-rcu_sched-stall-docker-moby-4.4.log': 'syslog',
};

/** Lines as an editor counts them (LF, CRLF, lone CR), independently of the splitter. */
function countLines(b: Uint8Array): number {
  let n = 0, i = 0;
  for (; i < b.length; i++) {
    if (b[i] === 10) n++;
    else if (b[i] === 13) { n++; if (b[i + 1] === 10) i++; }
  }
  const last = b.length ? b[b.length - 1] : 10;
  return last === 10 || last === 13 ? n : n + 1;
}

describe('formats: the corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.log')).sort();

  it('has every corpus log this test knows, and knows every log there', () => {
    for (const f of Object.keys(EXPECTED)) assert.ok(files.includes(f), `missing fixture ${f}`);
  });

  for (const f of files) {
    it(`${f}: detected, one record per line, never thrown`, () => {
      const bytes = readFileSync(join(CORPUS, f));
      const r = readRecords(bytes);
      if (EXPECTED[f]) assert.equal(r.format, EXPECTED[f]);
      assert.equal(r.records.length, countLines(bytes));
      r.records.forEach((x, i) => assert.equal(x.line, i + 1));
      for (let i = 1; i < r.records.length; i++) assert.ok(r.records[i]!.offset > r.records[i - 1]!.offset);
      // Nothing in the corpus is binary, broken in time (but one pasted line) or cut off.
      const bad = r.records.filter((x) => (x.flags ?? 0) & (8 | 4)).map((x) => x.line);
      assert.deepEqual(bad, f.startsWith('stall-rcu_sched-arm64-allwinner') ? [1] : []);
      // Every kernel or trace record has its text; kernel text never starts with its own stamp.
      for (const x of r.records) {
        if (x.kind === 'kernel') assert.ok(!/^\[\s*\d+\.\d+\]/.test(x.text), `line ${x.line} kept its stamp: ${x.text}`);
      }
    });
  }

  it('the sunxi console: raw prefixes and stamped copies are both kernel records', () => {
    const r = readRecords(readFileSync(join(CORPUS, 'serial-console-printk-level-prefix-interleaved-rcu_preempt-sunxi-3.4.log')));
    const kinds = r.records.reduce<Record<string, number>>((m, x) => ({ ...m, [x.kind]: (m[x.kind] ?? 0) + 1 }), {});
    assert.deepEqual(kinds, { kernel: 18, other: 4, blank: 3 });
  });

  it('the lkrg console: systemd status lines are other records, kernel lines are kernel records', () => {
    const r = readRecords(readFileSync(join(CORPUS, 'serial-console-expedited-stall-systemd-interleaved-lkrg-mainline-2022.log')));
    assert.deepEqual(r.records.filter((x) => x.kind === 'other').map((x) => x.line), [1, 2, 3, 4, 21, 22]);
    assert.equal(r.records.filter((x) => x.kind === 'kernel').length, 16);
  });

  it('detectFormat samples lines of a buffer, as the analyzer calls it', () => {
    const bytes = readFileSync(join(CORPUS, 'journalctl-short-precise-rcu_preempt-stall-resume-popos-6.4.log'));
    const ranges: [number, number][] = [];
    const sp = new LineSplitter({ line: (_b, s, e) => { ranges.push([s, e]); } });
    sp.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    assert.equal(detectFormat(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), ranges), 'journal-precise');
    assert.equal(detectFormat(new Uint8Array(0), []), 'unknown');
  });
});
