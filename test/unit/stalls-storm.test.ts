// Stall storms on the bytes (stalls/unrelated.ts, stalls/headerBytes.ts): the lines of an open
// report that are plainly someone else's, and the modern stall headers, are taken without their
// text. They must change nothing: every line unrelatedMessage() clears is one the text-level
// collector would have taken as unrelated in any state of a report, every header stallHeader()
// takes gives the report the text-level path gives, and an analysis with the byte paths (the
// default) equals one with every line through the full parser, on real logs and random storms.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeBytes } from '../../src/core/analyze';
import { StallCollector, BARE_REPORT_LINES } from '../../src/core/stalls/index';
import { unrelatedMessage } from '../../src/core/stalls/unrelated';
import { stallHeader } from '../../src/core/stalls/headerBytes';
import { BareStall, StallRecord, isBare } from '../../src/core/stalls/record';
import { readRecords } from '../../src/core/log/records';
import { fuzzParams } from './support/fuzz';
import { agree } from './support/agree';
import { HEADERS, NEAR } from './support/stallHeaders';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const unrelated = (s: string): boolean => { const b = bytes(s); return unrelatedMessage(b, 0, b.length); };

// --- the collector, fed text or told "unrelated" ------------------------------------------------

/** Collector states a line can meet: a fresh report; one whose title readers passed the timer
 * interrupt and wait for the PC; one reading an interrupted CPU's stack (the title readers past
 * their marks, inside a trace); one cut by a WARNING whose stack is still read for a culprit (a
 * trail), before and inside that stack; one past
 * its summary with CPUs listed. */
const STATES: string[][] = [
  ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:'],
  ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'Call Trace:', ' <IRQ>', ' apic_timer_interrupt+0xf/0x20'],
  ['rcu: INFO: rcu_sched self-detected stall on CPU', '\t0-....: (2 ticks this GP) idle=6a2/1/0x4000000000000000 softirq=1/1 fqs=0',
    '\t(t=2100 jiffies g=11589 q=1)', 'NMI backtrace for cpu 0', 'CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.10.0 #1',
    'Call Trace:', ' <IRQ>', ' apic_timer_interrupt+0xf/0x20', ' </IRQ>', 'RIP: 0010:native_safe_halt+0xe/0x10', ' do_idle+0x1/0x2'],
  ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'Call Trace:', ' schedule+0x4b/0xb0', ' ret_from_fork+0x1f/0x30',
    'WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 bar+0x1/0x2'],
  ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'Call Trace:', ' schedule+0x4b/0xb0', ' ret_from_fork+0x1f/0x30',
    'WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 bar+0x1/0x2', 'Call Trace:', ' schedule+0x4b/0xb0'],
  ['INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 10886 jiffies s: 25 root: 0x4/.',
    'rcu: \t2-...0: (3 GPs behind) idle=06c/0/0 softirq=1453/1455 fqs=0', '\t(detected by 0, t=18002 jiffies, g=1477905, q=870)',
    'Sending NMI from CPU 0 to CPUs 2:', 'task:insmod          state:D stack:    0 pid:14338 ppid: 14337 flags:0x00000002'],
];
/** What follows: a dispatch frame at once (a frame the line gave would name the title), or a
 * panic (which ends a title read past 22 lines); then more of a report, so that a state the line
 * left wrong shows in the result. */
const REST = ['Call Trace:', ' <TASK>', ' cco+0x5a/0x6b [test_phased_state_change]', ' kthread+0x1/0x2', ' </TASK>',
  'sched: RT throttling activated', 'rcu: INFO: rcu_sched self-detected stall on CPU', ' apic_timer_interrupt+0x1/0x2',
  'RIP: 0010:foo_loop+0x1/0x2', ' foo_loop+0x1/0x2', ' process_one_work+0x1/0x2'];
const AFTERS = [[' process_one_work+0x1/0x2', ...REST], ['Kernel panic - not syncing: hung', ' foo_loop+0x1/0x2', ' process_one_work+0x1/0x2', ...REST]];
const AFTER = AFTERS[0]!;

/** Each state, the message fed as text or as an unrelated line (`repeat` times), then each AFTERS. */
function bothWays(message: string, repeat = 1): void {
  for (const state of STATES) {
    for (const after of AFTERS) {
      const run = (asText: boolean) => {
        const c = new StallCollector();
        let line = 1;
        for (const s of state) c.push(line++, 0, 1, s, 'kernel', 'console');
        for (let k = 0; k < repeat; k++) {
          if (asText) c.push(line++, 0, 1, message, 'kernel', 'console');
          else c.pushUnrelated(line++, 0, 'console');
        }
        for (const s of after) c.push(line++, 0, 1, s, 'kernel', 'console');
        return c.finish();
      };
      assert.deepEqual(run(false), run(true), `${JSON.stringify(message)} × ${repeat} after ${JSON.stringify(state[state.length - 1])}, then ${after[0]}`);
    }
  }
}

/** Both ways for a message unrelatedMessage clears (and nothing to check for one it does not). */
function sound(message: string): boolean {
  if (!unrelated(message)) return false;
  bothWays(message);
  return true;
}

// Pieces of messages: every literal the patterns look for, near misses, words of each shape the
// first-word rules read, and bytes a decode changes.
const FRAGMENTS = [
  'stall', 'Stall', 'stal', 'starved', 'wakeup didn', 'wakeup', 'blocked on', 'blocked', ' jiffies', 'jiffies', ' kthread ',
  'kthread', 'All QSes', ': wait state: ', '+0x', '+0x1f/0x30', 'IP ', 'IP:', 'IPv6:', 'NIP', 'pc ', 'pci', 'PC is at',
  'IP: func.cold', 'pc : f.x', 'f+', 'g.h', 'x_y.', 'a$b',
  'BUG', 'BUG:', 'WARNING:', 'WARN', 'INFO:', 'INFO', 'Unable to handle kernel', 'general protection fault', 'stack segment: ',
  'divide error:', 'divide_error:', 'int3:', 'UBSAN:', 'Unhandled fault:', 'Alignment trap:', 'vmalloc: allocation failure:',
  'FAULT_INJECTION', ' invoked oom-killer', ': page allocation failure', 'Sending NMI from CPU', 'Kernel panic',
  'apic_timer_interrupt', 'Exception stack', 'el1h_64_irq', 'Call Trace', 'Call trace', 'Allocated', 'Freed', ' backtrace',
  'Backtrace:', 'Uninit was stored', 'badaddr: ', 'Unless ', 'RCU', 'Stack', 'blocking', 'l=', 'Offline', 'Possible',
  'hardirqs', 'softirqs', 'number:', 'cputime:', 'rcu', 'rcu:', 'cpu ', 'Dumping', 'Oops', 'watchdog: ', 'Out of memory',
  'Linux version ', 'KASAN:', 'NMI', 'sysrq: ', 'task:', 'Task dump for CPU 1:', 'CPU: 1 PID: 2 Comm: x', 'Workqueue: events f',
  'RIP: 0010:', 'EIP:', 'era', 'Code: ', 'Hardware name: ', 'Modules linked in:', 'irq event stamp:', 'Preemption disabled at:',
  'Process x (pid: 1', 'Tainted: ', 'ORIG_RAX: ', 'PKRU: ', 'pstate:', 'psr:', 'Flags:', 'Control:', 'Table:', 'DAC:', 'CSR crmd:',
  'ESTAT:', 'idle=', 'should_fail+0x1/0x2', 'RSP: 0018:ffffc9000', 'R10: 0000', 'x29: ffff', 'sp :', 'lr : ', 'x1:', 'ab', 'abcd:',
  'deadbeef', 'deadbeefcafe', 'e1000:', 'audit:', 'sched:', 'usb 1-1:', 'func', 'func.cold', 'f$x', 'f (a.c:12)',
  'f a.c:12 [inline]', 'fs/a.c:12', ' 0x1f', '0x1f', ':5', ':', '=', ' ', '  ', '\t', '\r', '\x1b[0m', 'é', '\u00a0', '? ',
  '<IRQ>', '[<ffffffff81000000>]', '(', ')', '{ 2-... }', '12', '3', 'EXT4-fs (sda1):', 'systemd[1]:', 'random: crng init done',
  'x', 'Comm:', 'state:D', 'R  running task', ' 123  1 0x00000000', 'took too long', 'handler', 'lockdep is turned off',
];
const message = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 })
  .chain((parts) => fc.array(fc.constantFrom('', ' ', ' ', ':', '\t', '_'), { minLength: parts.length, maxLength: parts.length })
    .map((seps) => parts.map((p, i) => seps[i] + p).join('').replace(/^\s+/, '')));

describe('stall storms: unrelatedMessage() clears only lines no pattern can take', () => {
  it('ordinary kernel lines are cleared (a storm\'s lines take the byte path)', () => {
    for (const m of ['e1000: enp0s3 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX', 'usb 1-1: new high-speed USB device number 2 using ehci-pci',
      'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.', 'systemd[1]: Started Journal Service.',
      'IPv6: ADDRCONF(NETDEV_CHANGE): enp0s3: link becomes ready', 'kauditd_printk_skb: 26 callbacks suppressed', 'sched: RT throttling activated',
      'random: crng init done', 'hid-generic 0003:80EE:0021.0001: input,hidraw0: USB HID v1.10 Mouse [VirtualBox USB Tablet] on usb-0000:00:06.0-1/input0']) {
      assert.ok(sound(m), m);
    }
  });

  it('lines that a pattern takes, or might, are not', () => {
    for (const m of ['rcu_sched kthread starved for 23807 jiffies!', 'Tasks blocked on level-0 rcu_node (CPUs 0-3): P14338/1:b..l',
      'schedule+0x4b/0xb0', 'do_idle.cold+0x1/0x2', 'RSP: 0018:ffffc90000003e38 EFLAGS: 00000246', 'x29: ffff800008003d90 x28: 0',
      'deadbeef cafebabe', 'Call Trace:', 'WARNING: CPU: 0 PID: 1 at a.c:1', 'foo BUG: bar', 'note INFO: x', 'sysrq: Show backtrace',
      'x apic_timer_interrupt', 'lock (kernel/locking/x.c:12)', 'lock kernel/locking/x.c:12 [inline]', 'Workqueue: events f',
      'insmod  D    0 14338  14337 0x00000000', 'a\rstall', 'caf\xc3\xa9', 'task:insmod state:D', 'pc : foo+0x1/0x2',
      'el1h_64_irq_handler', 'All QSes seen, last rcu_preempt kthread activity 1', 'x: wait state: RCU_GP_WAIT_FQS(5)',
      'Sending NMI from CPU 0 to CPUs 1:', 'NMI backtrace for cpu 1', 'install stall', 'PC is at foo+0x1/0x2', 'NIP [c0000000] foo']) {
      assert.equal(unrelated(m), false, m);
    }
  });

  it('every message of the real corpus that it clears is unrelated in every state of a report', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.md') ? [] : [join(dir, d.name)]);
    let cleared = 0;
    const seen = new Set<string>();
    for (const f of [...files(join(FIX, 'corpus')), ...files(join(FIX, 'syzkaller'))]) {
      for (const r of readRecords(readFileSync(f)).records) {
        if (r.kind !== 'kernel' || seen.has(r.text)) continue;
        seen.add(r.text);
        if (sound(r.text)) cleared++;
      }
    }
    assert.ok(cleared > 1000, `only ${cleared} corpus messages cleared`);
  });

  it('random messages made of every literal the patterns look for', () => {
    fc.assert(fc.property(message, (m) => { sound(m); }), fuzzParams(1500));
  });

  it('an unrelated line repeated past the report\'s limits (MAX_UNRELATED, MAX_GAP, MAX_TRAIL)', () => {
    for (const n of [3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 41, 61, 401]) bothWays('sched: RT throttling activated', n);
  });
});

// --- headers (HEADERS and NEAR: support/stallHeaders.ts) -----------------------------------------

/** A dmesg log (stamped, with enough plain lines first for the sniffer) of these messages. */
function dmesg(messages: readonly string[]): Uint8Array {
  const head = Array.from({ length: 40 }, (_, i) => `boot noise ${i}`);
  return bytes([...head, ...messages].map((m, i) => `[${String(100 + Math.floor(i / 1000)).padStart(5)}.${String((i % 1000) * 1000).padStart(6, '0')}] ${m}\n`).join(''));
}


describe('stall storms: stallHeader() takes the modern headers exactly', () => {
  it('the three shapes are taken, with their fields', () => {
    for (const h of HEADERS) assert.ok(stallHeader(bytes(h), 0, bytes(h).length), h);
    const b = bytes(HEADERS[5]!);
    const h = stallHeader(b, 0, b.length)!;
    assert.deepEqual({ ...h, cpus: [...h.cpus], tasks: [...h.tasks] }, {
      kind: 'expedited', flavor: 'rcu_sched', cpus: [{ cpu: 0, flags: '....' }, { cpu: 3, flags: 'O.N' }], tasks: ['P392', 'P10'], jiffies: 21004,
    });
  });

  it('the analysis of headers and near misses, in every state of a report, is the text path\'s', () => {
    const msgs: string[] = [];
    for (const h of [...HEADERS, ...NEAR]) for (const state of STATES) msgs.push(...state, h, 'sched: RT throttling activated');
    agree(dmesg(msgs));
  });
});

describe('stall storms: analyses with and without the byte paths are the same', () => {
  const lineOf = fc.oneof(
    { weight: 4, arbitrary: message },
    { weight: 3, arbitrary: fc.constantFrom(...HEADERS, ...NEAR) },
    { weight: 3, arbitrary: fc.constantFrom(...STATES.flat(), ...AFTER) },
    { weight: 2, arbitrary: fc.constantFrom('e1000: enp0s3 NIC Link is Up', 'sched: RT throttling activated', 'audit: type=1101 audit(1.049:68): pid=931', '') },
  );

  it('random storms, fed in random chunks', () => {
    fc.assert(fc.property(fc.array(lineOf, { maxLength: 80 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }),
      (lines, cuts) => agree(dmesg(lines), [1 << 16, ...cuts])), fuzzParams(200));
  });

  it('the bench\'s storm: a header every sixth line', () => {
    const noise = ['e1000: enp0s3 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX', 'systemd[1]: Started Journal Service.',
      'IPv6: ADDRCONF(NETDEV_CHANGE): enp0s3: link becomes ready', 'random: crng init done', 'sched: RT throttling activated'];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(i % 6 === 0 ? HEADERS[(i / 6) % 3 === 0 ? 0 : (i / 6) % 3 === 1 ? 2 : 4]! : noise[i % 5]!);
    const log = dmesg(lines);
    agree(log);
    assert.equal(analyzeBytes(log).stalls.length, 500);
  });
});

describe('stall storms: a bare report made at once is the one its calls make', () => {
  const header = (h: string) => { const b = bytes(h); const x = stallHeader(b, 0, b.length)!; return { ...x, cpus: [...x.cpus], tasks: [...x.tasks] }; };

  it('pushBareReport() equals pushHeader() and BARE_REPORT_LINES unrelated lines, which close the report', () => {
    for (const h of HEADERS) {
      for (const before of [[], ['sched: RT throttling activated'], STATES[2]!]) {
        const calls = new StallCollector(), direct = new StallCollector();
        let line = 1;
        for (const s of before) { calls.push(line, 0, 1, s, 'kernel', 'console'); direct.push(line, 0, 1, s, 'kernel', 'console'); line++; }
        // (after a report that is still open, pushBareReport must take the long way: the same calls)
        calls.pushHeader(line, 0, 7.5, 'console', header(h));
        for (let k = 1; k <= BARE_REPORT_LINES; k++) calls.pushUnrelated(line + k, 0, 'console');
        if (before.length === 0) assert.equal(calls.active, false, `${h}: open after ${BARE_REPORT_LINES} unrelated lines`);
        direct.pushBareReport(line, 0, 7.5, header(h));
        for (const c of [calls, direct]) c.push(line + BARE_REPORT_LINES + 1, 0, 9, 'rcu: INFO: rcu_sched self-detected stall on CPU', 'kernel', 'console');
        assert.deepEqual(JSON.parse(JSON.stringify(direct.finish())), JSON.parse(JSON.stringify(calls.finish())), h);
      }
    }
  });

  it('one line fewer leaves the report open: pushBareReport() with fewer lines takes the long way', () => {
    const h = header(HEADERS[0]!);
    for (let after = 0; after < BARE_REPORT_LINES; after++) {
      const calls = new StallCollector(), direct = new StallCollector();
      calls.pushHeader(10, 0, 1, 'console', h);
      for (let k = 1; k <= after; k++) calls.pushUnrelated(10 + k, 0, 'console');
      assert.equal(calls.active, true);
      direct.pushBareReport(10, 0, 1, h, after);
      assert.equal(direct.active, true);
      for (const c of [calls, direct]) c.push(11 + after, 0, 1, ' schedule+0x4b/0xb0', 'kernel', 'console');
      assert.deepEqual(JSON.parse(JSON.stringify(direct.finish())), JSON.parse(JSON.stringify(calls.finish())));
    }
  });

  it('a storm of short lines (more reports than the WebAssembly loop lists at a time) reads the same three ways, its reports made at once', () => {
    const proto = StallCollector.prototype as unknown as { pushBareReport: (...a: unknown[]) => void };
    const orig = proto.pushBareReport;
    let whole = 0;
    proto.pushBareReport = function (this: StallCollector, ...a: unknown[]) { if (a[4] === undefined || a[4] === BARE_REPORT_LINES) whole++; orig.apply(this, a); };
    try {
      const lines: string[] = [];
      for (let i = 0; i < 30000; i++) lines.push(i % 5 === 0 ? HEADERS[(i / 5) % HEADERS.length]! : `x${i % 7}`);
      const log = dmesg(lines);
      agree(log, [1 << 20]);
      assert.ok(whole > 5400, `only ${whole} of 6000 reports were made at once`); // (in the analysis with WebAssembly)
      assert.equal(analyzeBytes(log).stalls.length, 6000);
    } finally {
      proto.pushBareReport = orig;
    }
  });
});

describe('stall storms: a BareStall is the StallRecord it stands for', () => {
  const KEYS = ['line', 'endLine', 'boot', 'time', 'flavor', 'kinds', 'cpus', 'tasks', 'detectedBy', 't', 'g', 'c', 'q', 'ncpus', 'gpsBehind', 'fqs',
    'idle', 'starvedJiffies', 'expeditedJiffies', 'culprit', 'frames', 'gpState', 'timerWakeupJiffies', 'lastActivity', 'title'] as const;
  const record = (b: BareStall): StallRecord => {
    const r = new StallRecord(b.line, b.endLine, b.boot, b.time, b.flavor, b.kinds, b.cpus, b.tasks, []);
    r.expeditedJiffies = b.expeditedJiffies;
    r.title = b.title;
    return r;
  };

  it('field for field and in JSON, for each header shape', () => {
    for (const h of HEADERS) {
      const c = new StallCollector();
      c.push(5, 0, 2.5, h, 'kernel', 'console');
      for (let k = 1; k <= BARE_REPORT_LINES; k++) c.pushUnrelated(5 + k, 0, 'console');
      const [b] = c.finish();
      assert.ok(b instanceof BareStall, h);
      const r = record(b);
      for (const k of KEYS) assert.deepEqual(b[k], r[k], `${h}: ${k}`);
      assert.equal(JSON.stringify(b), JSON.stringify(r), h);
      assert.equal(isBare(r), true, h);
    }
  });

  it('a record that says anything more stays a StallRecord', () => {
    const c = new StallCollector();
    c.push(5, 0, 2.5, HEADERS[4]!, 'kernel', 'console');
    c.pushUnrelated(6, 0, 'console');
    const b = c.finish()[0] as BareStall;
    const more: ((r: StallRecord) => void)[] = [
      (r) => { r.endLine++; }, (r) => { r.g = 1; }, (r) => { r.gpState = 'RCU_GP_WAIT_FQS(5)'; }, (r) => { r.lastActivity = 3; },
      (r) => { r.culprit = { line: 7, frame: 'f+0x1/0x2' }; }, (r) => { r.frames = [{ line: 7, frame: 'f+0x1/0x2' }]; },
      (r) => { r.title = 'INFO: rcu detected stall in f'; }, (r) => { r.kinds = ['cpu-stall', 'kthread-starved']; },
      (r) => { r.cpus = [{ ...r.cpus[0]!, idle: '6a2/1/0x4000000000000000' }]; }, (r) => { r.cpus = [{ ...r.cpus[0]!, line: 4 }]; },
    ];
    for (const f of more) {
      const r = record(b);
      f(r);
      assert.equal(isBare(r), false, f.toString());
    }
  });
});
