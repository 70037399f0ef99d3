// Several boots in one file: banners, journal markers, timestamps going back; and what is not a
// reboot (a secondary CPU's early clock, NMI backtraces stamped earlier, an ftrace dump's clock).

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '../../src/core/log/records';
import { BootTracker, bootOf, isBootBanner, BOOT_KEYWORDS } from '../../src/core/log/boots';
import { analyzeText } from '../../src/core/analyze';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const read = (p: string): Buffer => readFileSync(join(FIX, p));
const span = (r: { boots: { startLine: number; endLine: number }[] }) => r.boots.map((b) => [b.startLine, b.endLine]);

describe('boots', () => {
  it('a serial console across a reboot: 2 boots, the firmware lines start the second (corpus)', () => {
    const r = readRecords(read('corpus/serial-console-multiboot-reboot-seabios-syzbot-4.20-rc3.log'));
    // Line 1 is the old boot's last line; SeaBIOS (line 2) .. `Booting the kernel.` (19) precede the
    // banner (20) of the new one. `[0.025314] kvm-clock: cpu 1` (line 167) is a secondary CPU's clock.
    assert.deepEqual(span(r), [[1, 1], [2, r.records.length]]);
    assert.match(r.boots[1]!.banner!, /^Linux version 4\.20\.0-rc3\+ \(syzkaller@ci\)/);
    assert.equal(r.boots[0]!.banner, null);
    assert.deepEqual([r.records[0]!.boot, r.records[1]!.boot, r.records[19]!.boot, r.records[166]!.boot], [0, 1, 1, 1]);
  });

  it('NMI backtraces stamped earlier than a line printed meanwhile are no reboot (corpus)', () => {
    const r = readRecords(read('corpus/stall-rcu_sched-detected-stalls-nmi-syzbot-4.11-rc3.log'));
    assert.equal(r.boots.length, 1);
  });

  it('two dmesg dumps one after the other: the time reset starts the second', () => {
    const seed = read('seed/phased-state-change.log').toString('utf8');
    const r = readRecords(seed + seed);
    assert.deepEqual(span(r), [[1, 33], [34, 66]]);
    assert.ok(r.records.slice(33).every((x) => x.boot === 1));
  });

  it('a banner right after the reset is that boot, not another one', () => {
    const r = readRecords('[  500.1] end of boot 0\n[    0.000000] Linux version 6.1.0 (gcc)\n[    0.000000] Command line: x\n[    0.5] hit cco\n');
    assert.deepEqual(span(r), [[1, 1], [2, 4]]);
    assert.equal(r.boots[1]!.banner, 'Linux version 6.1.0 (gcc)');
  });

  it('a second banner starts a boot even when the first boot was too short to go back a second', () => {
    const r = readRecords('[    0.000000] Linux version 6.1.0 (gcc)\n[    0.4] hit cco\n[    0.000000] Linux version 6.1.0 (gcc)\n[    0.3] hit cco\n');
    assert.deepEqual(span(r), [[1, 2], [3, 4]]);
  });

  it('printk times slightly out of order (less than a second) stay in one boot', () => {
    const r = readRecords('[  100.5] a\n[  100.1] b\n[  100.6] c\n[   99.9] d\n');
    assert.equal(r.boots.length, 1);
  });

  it('a console without timestamps: the second banner starts the second boot', () => {
    const r = readRecords('Linux version 6.1.0 (gcc)\nrcu: hit cco\nKernel panic - not syncing\nLinux version 6.1.0 (gcc)\nrcu: hit cco\n');
    assert.equal(r.format, 'console');
    assert.deepEqual(span(r), [[1, 3], [4, 5]]);
  });

  it('an ftrace dump (trace clock earlier than the printk clock) is no reboot', () => {
    const r = readRecords(read('formats/ftrace-dump.log'));
    assert.equal(r.boots.length, 1);
  });

  it('BootTracker: events the analyzer calls, boots from finish(), bootOf', () => {
    const t = new BootTracker();
    t.start(1);
    assert.equal(t.time(1, 500, 'kernel'), false);
    assert.equal(t.time(2, 1, 'trace'), false);
    assert.equal(t.time(3, 0.5, 'kernel'), false); // pending: went back, not yet confirmed
    assert.equal(t.index, 0);
    assert.equal(t.time(4, 0.6, 'kernel'), true);
    assert.equal(t.index, 1);
    t.marker(6);
    t.banner(6, NaN, 'Linux version 6.1.0');
    const boots = t.finish(7);
    // The boot starts after the last kernel timestamp of the old one (line 2 had only a trace time).
    assert.deepEqual(boots.map((b) => [b.index, b.startLine, b.endLine, b.banner]), [[0, 1, 1, null], [1, 2, 5, null], [2, 6, 7, 'Linux version 6.1.0']]);
    assert.deepEqual([1, 2, 3, 5, 6, 7].map((l) => bootOf(boots, l)), [0, 1, 1, 1, 2, 2]);
  });

  it('banner text: `Linux version ` then a version; BOOT_KEYWORDS finds candidates', () => {
    assert.ok(isBootBanner('Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org)'));
    assert.ok(isBootBanner('  Linux version 5.17.0'));
    assert.ok(!isBootBanner('Linux version '));
    assert.ok(!isBootBanner('Booting Linux on physical CPU 0x0'));
    assert.ok(BOOT_KEYWORDS.every((k) => 'Linux version 6.1.0'.includes(k)));
  });
});

describe('boots and runs', () => {
  const seed = read('seed/phased-state-change.log').toString('utf8').trimEnd().split('\n');
  const rebooted = (lines: string[]) => lines.map((l) => l.replace(/^\[\s*([\d.]+)\]/, (_m, t: string) => `[${(Number(t) - 95).toFixed(6).padStart(12)}]`));

  it('a reboot with no banner whose first line starts a run: one run per boot, none split', () => {
    const a = analyzeText([...seed, ...rebooted(seed)].join('\n') + '\n');
    assert.equal(a.boots.length, 2);
    assert.deepEqual(a.runs.map((r) => [r.boot, r.startLine, r.endLine, r.complete]), [[0, 1, 33, true], [1, 34, 66, true]]);
    assert.deepEqual(a.violations, []);
  });

  it('an ftrace dump replaying the run through console events is no reboot (its times are the trace clock)', () => {
    const dump = [
      '[  300.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000',
      '[  300.000001] Dumping ftrace buffer:', '[  300.000001] ---------------------------------',
      ...seed.filter((l) => /\] (phased|start|hit|end) /.test(l)).map((l: string) => {
        const [, t, msg] = /^\[\s*([\d.]+)\] (.*)$/.exec(l)!;
        const task = /^(start|phased)/.test(msg!) ? 'insmod-900' : 'maint-902';
        return `[  300.000002] ${task.padStart(12)}       1d..1 ${Math.round(Number(t) * 1e6)}us : console: [${t!.padStart(12)}] ${msg}`;
      }),
      '[  300.100000] ---------------------------------',
    ];
    const a = analyzeText([...seed, ...dump].join('\n') + '\n');
    assert.equal(a.boots.length, 1);
    assert.equal(a.runs.length, 2);
    assert.equal(a.runs[1]!.startLine, 37);
  });
});
