// The ftrace skim loop (src/core/log/ftraceSkim.ts) and the byte-level callback reader
// (src/core/kernel/callbackFields.ts) against the full parser and the regex fields: on the real
// traces, on random mixtures of real and odd ftrace lines fed in random chunks, and on real lines
// damaged at random, the analysis is the same with and without the fast path.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { CallbackReader } from '../../src/core/kernel/callbackFields';
import { traceFields } from '../../src/core/log/formats/traceEvents';
import { fuzzParams } from './support/fuzz';
import { agree as agreeAll } from './support/agree';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces');
const TRACES = ['phased-rcutrace.trace.log.gz', 'phased-rcutrace-smp1.trace.log.gz', 'phased-rcutrace-skip-gp1.trace.log.gz', 'phased-rcutrace-kprobes-only.trace.log.gz'];
const enc = new TextEncoder();
const real = gunzipSync(readFileSync(join(DIR, TRACES[0]!))).toString('utf8').split('\n');
/** Event lines past the sniffer's 64 KiB, so that it settles on ftrace and the chunks after it
 * reach the skim loop with their own edges. */
const HEAD = real.slice(0, 800).join('\n') + '\n';

/** All paths, the fast ones fed in the given chunk sizes (the first chunk passes the sniffer). */
function agree(bytes: Uint8Array, cuts: readonly number[] = [1 << 16], maxLine?: number): void {
  agreeAll(bytes, cuts, { maxLine, first: HEAD.length - 3000, format: 'ftrace' });
}

// One line of each event of the real trace, and lines the loop must leave to the full parser.
const seen = new Set<string>();
const SAMPLE = real.filter((l) => {
  const m = /\d: (\S+):/.exec(l);
  if (!m || seen.has(m[1]!)) return false;
  seen.add(m[1]!);
  return true;
});
const ODD = [
  '# tracer: nop', '#', 'cpus=2', '', ' ',
  '            bash-1977    (   1977) [000] ...1  1234.567800: rcu_utilization: Start context switch',
  '            bash-1977    (-------) [000] ...1  1234.567800: rcu_utilization: End context switch',
  '          <idle>-0     [002]  8965.925383: rcu_utilization:      Start context switch',
  '          <idle>-0     [002]  8965.925383: rcu_grace_period: rcu_preempt -880 start',
  '          <idle>-0       [000] d..1. 12345678: rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] 1234: 5.5: rcu_dyntick: Start 1 0 0x3bc', // a counter clock, then what looks like a time
  '          <idle>-0       [000] d..1.     3.013251: rcu_dyntick:Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.013251 rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.: rcu_dyntick: Start 1 0 0x3bc',
  // six places that are not all digits, and fractions of other lengths (the loop reads six at fixed places)
  '          <idle>-0       [000] d..1.     3.01/251: rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.01:251: rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.0132 1: rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.013251\x00: rcu_dyntick: Start 1 0 0x3bc',
  '          <idle>-0       [000] d..1.     3.01325: rcu_grace_period: rcu_preempt -880 start',
  '          <idle>-0       [000] d..1.     3.0132519: rcu_grace_period: rcu_preempt -880 end',
  '          <idle>-0       [000] d..1.     3.013251123: rcu_utilization: Start context switch',
  '          <idle>-0       [000] d..1.     3.013251: rcu_dyntick: ',
  '          <idle>-0       [000] d..1.     3.013251: rcu_dyntick:',
  '          <idle>-0       [000] d..1.     3.013251: func_tracer_line <-parent',
  '          <idle>-0       [000] d..1.     3.013251: sched_waking: rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  '          <idle>-0       [000] d..1.     3.013251: some_event: INFO: task blocked',
  '          <idle>-0       [000] d..1.     3.013251: console: [    3.013251] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  '          <idle>-0       [000] d..1.     3.013251: console: Linux version 6.1.0 (gcc)',
  '          insmod-43      [001] d....     3.057993: console: phased state change - init module',
  '          insmod-43      [001] d....     3.057993: console: start cco1',
  '          insmod-43      [001] d....     3.057993: console: Dumping ftrace buffer:',
  '   kworker/0:1-events-22 [000] .....     5.000001: rcu_callback: rcu_preempt rhp=0xffff888003a1b2c0 func=kfree_rcu_work 3',
  '   kworker/0:1-events-22 [000] .....     5.000101: rcu_invoke_callback: rcu_preempt rhp=0xffff888003a1b2c0 func=kfree_rcu_work',
  '   a-b-c-7-8      [000] .....     5.000201: rcu_callback: rcu_preempt rhp=ffff888003a1b2c1 func=f 3/4',
  '            cco1-44      [001] ..... 6.5: rcu_invoke_callback: rcu_preempt rhp=ffff888003a1b2c1 func=f ',
  '            cco1-44      [001] .....     7.000000: rcu_invoke_callback: rcu_preempt rhp=(null) func=g',
  '            cco1-44      [001] .....     7.000000: rcu_callback: rcu_preempt rhp=0x func=g 1',
  '            cco1-44      [001] .....     7.000000: rcu_callback: rcu_preempt\trhp=0x1 func=g 1',
  '            cco1-44      [001] .....     7.000000: rcu_callback: rcu_préempt rhp=0x1 func=g 1',
  '            cco1-44      [001] .....     7.000001: rcu_grace_period: rcu_preempt -875 end',
  '            cco1-44      [001] .....     1.000001: rcu_grace_period: rcu_preempt -871 start',
  '            cco1-44      [001]     7.000001: rcu_grace_period: rcu_preempt -871 cpuqs',
  '            cco1-44      [001] .......... 7.000001: rcu_grace_period: rcu_preempt -871 cpuqs',
  '  \t   cco1-44      [001] ..... \t 7.000001: rcu_fqs: rcu_preempt -871 1 dti',
  'cco1-44 [1] x 7.1: rcu_utilization: Start context switch',
  '                                        cco1-44 [1] x 7.1: rcu_utilization: far right',
  '            cco1-4a      [001] .....     7.000000: rcu_utilization: Start context switch',
  '            cco1-44      [0a1] .....     7.000000: rcu_utilization: Start context switch',
  '            cco1-44[001] .....     7.000000: rcu_utilization: Start context switch',
  '     rcu_preempt-12      [000] .....     6.505230: rcu_grace_period: rcu_preempt -883 fqsstart',
  '           maint-45      [000] .....     6.323473: lab_synchronize_rcu: (synchronize_rcu+0x0/0x59)',
  '           maint-45      [001] .....     9.089678: lab_synchronize_rcu_ret: (0xffffffffa000209f <- synchronize_rcu)',
  '[    3.000000] Dumping ftrace buffer:', '[    3.000000] ---------------------------------',
  '[    3.000000]    <idle>-0       0d..1 75809163us : rcu_invoke_callback: rcu_preempt rhp=0000 func=f',
  '\x00\x01\x02\x03 binary', 'plain text',
  `            cco1-44      [001] .....     7.000000: rcu_utilization: ${'x'.repeat(150)}`,
  // Grace-period lines with an event word the model skips (the WebAssembly loop only counts those
  // of the exact shape) and near misses: tabs, trailing blanks, long or signed numbers, no number.
  '     rcu_preempt-12      [000] .....     6.505231: rcu_grace_period: rcu_preempt -883 fqswait',
  '     rcu_preempt-12      [000] .....     6.505232: rcu_grace_period: rcu_sched 4 AccWaitCB',
  '     rcu_preempt-12      [000] .....     6.505233: rcu_grace_period: rcu_preempt    -883    fqsend',
  '     rcu_preempt-12      [000] .....     6.505234: rcu_grace_period: rcu_preempt -883 fqswait ',
  '     rcu_preempt-12      [000] .....     6.505235: rcu_grace_period: rcu_preempt -883 fqswait\t',
  '     rcu_preempt-12      [000] .....     6.505236: rcu_grace_period: rcu_preempt\t-883 cpuend',
  '     rcu_preempt-12      [000] .....     6.505237: rcu_grace_period: rcu_preempt -883\tcpuend',
  '     rcu_preempt-12      [000] .....     6.505238: rcu_grace_period: rcu_preempt 123456789012345 reqwait',
  '     rcu_preempt-12      [000] .....     6.505239: rcu_grace_period: rcu_preempt -123456789012345 reqwait',
  '     rcu_preempt-12      [000] .....     6.505240: rcu_grace_period: rcu_preempt 1234567890123456 reqwait',
  '     rcu_preempt-12      [000] .....     6.505241: rcu_grace_period: rcu_preempt 18446744073709550733 fqswait',
  '     rcu_preempt-12      [000] .....     6.505241: rcu_grace_period: rcu_preempt 99999999999999999999999 fqswait',
  '     rcu_preempt-12      [000] .....     6.505242: rcu_grace_period: rcu_preempt - fqswait',
  '     rcu_preempt-12      [000] .....     6.505243: rcu_grace_period: rcu_preempt fqswait',
  '     rcu_preempt-12      [000] .....     6.505244: rcu_grace_period: -883 fqswait',
  '     rcu_preempt-12      [000] .....     6.505245: rcu_grace_period: rcu_preempt -883 fqswaits',
  '     rcu_preempt-12      [000] .....     6.505246: rcu_grace_period: rcu_preempt -883 fqswai',
  '     rcu_preempt-12      [000] .....     6.505247: rcu_grace_period: rcu_preempt -883 x fqswait',
  '     rcu_preempt-12      [000] .....     6.505248: rcu_grace_period: rcu_preempt -883x fqswait',
  '     rcu_preempt-12      [000] .....     6.505249: rcu_grace_period_x: rcu_preempt -883 fqswait',
  '     rcu_preempt-12      [000] .....     6.505250: rcu_grace_perioD: rcu_preempt -883 fqswait',
];

describe('ftrace skim loop: the fast path changes nothing', () => {
  for (const t of TRACES) {
    it(t, () => {
      const bytes = gunzipSync(readFileSync(join(DIR, t)));
      agree(bytes);
      agree(bytes, [4096, 100, 7, 65536]);
    });
  }

  it('grace-period lines of the words the model skips, and near misses, each after a line the loop lists', () => {
    const gp = ODD.filter((l) => /rcu_grace_peri/.test(l));
    const arm = '     rcu_preempt-12      [000] .....     6.505230: rcu_grace_period: rcu_preempt -883 fqsstart';
    const text = HEAD + gp.flatMap((l) => [arm, l, l]).join('\n') + '\n';
    agree(enc.encode(text));
    agree(enc.encode(text), [4096, 97]);
    agree(enc.encode(text.repeat(3)));
  });

  it('random mixtures of real and odd ftrace lines, in random chunks, with CR and long lines', () => {
    const breaks = ['\n', '\n', '\n', '\n', '\r\n', '\r'];
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...SAMPLE, ...ODD), fc.constantFrom(...breaks)), { maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom(100, 1 << 16),
      (lines, cuts, maxLine) => agree(enc.encode(HEAD + lines.map(([l, br]) => l + br).join('')), cuts, maxLine),
    ), fuzzParams(300));
  });

  // Bytes that a hand-written reader can confuse: digits, the head's punctuation, spaces, tabs,
  // letters, and some high ones.
  const editByte = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x30, max: 0x39 }) },
    { weight: 4, arbitrary: fc.constantFrom(0x20, 0x09, 0x2d, 0x5b, 0x5d, 0x3a, 0x2e, 0x28, 0x29, 0x23, 0x2f, 0x3e) },
    { weight: 2, arbitrary: fc.integer({ min: 0x00, max: 0x7f }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  );
  const mutated = fc.tuple(
    fc.constantFrom(...SAMPLE, ...ODD.slice(5, 45)),
    fc.array(fc.tuple(fc.nat(), fc.oneof(editByte.map((x) => ['set', x] as const), fc.constant(['del', 0] as const), editByte.map((x) => ['ins', x] as const))), { maxLength: 3 }),
  ).map(([line, edits]) => {
    const b = Array.from(enc.encode(line));
    for (const [at, [op, x]] of edits) {
      if (b.length === 0) break;
      const i = at % b.length;
      if (op === 'set') b[i] = x; else if (op === 'del') b.splice(i, 1); else b.splice(i, 0, x);
    }
    return Uint8Array.from(b.filter((x) => x !== 10 && x !== 13));
  });

  it('real and odd lines with bytes changed, inserted and deleted at random', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(mutated, fc.constantFrom(...SAMPLE).map((l) => enc.encode(l))), { maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
      (lines, cuts) => {
        const parts = [enc.encode(HEAD)];
        for (const l of lines) parts.push(l, Uint8Array.of(10));
        const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of parts) { bytes.set(p, at); at += p.length; }
        agree(bytes, cuts);
      },
    ), fuzzParams(300));
  });
});

describe('callback fields off the bytes equal the regex fields', () => {
  const dec = new TextDecoder();
  const check = (event: 'rcu_callback' | 'rcu_invoke_callback', args: string): void => {
    const b = enc.encode(args);
    const got = new CallbackReader(dec).read(b, 0, b.length, event === 'rcu_invoke_callback');
    if (got === null) return; // the regex path reads it
    const f = traceFields(event, args);
    assert.deepEqual(got, { rcuname: f.rcuname, rhp: f.rhp, func: f.func }, args);
  };

  it('the real shapes are read, and read alike', () => {
    const r = new CallbackReader(dec);
    for (const [event, args] of [
      ['rcu_callback', 'rcu_preempt rhp=(____ptrval____) func=file_free_rcu 19'],
      ['rcu_callback', 'rcu_preempt rhp=0xffff888003a1b2c0 func=kfree_rcu_work 3/4'],
      ['rcu_invoke_callback', 'rcu_preempt rhp=(____ptrval____) func=delayed_put_pid'],
      ['rcu_invoke_callback', 'rcu_sched rhp=(null) func=x'],
    ] as const) {
      const b = enc.encode(args);
      assert.notEqual(r.read(b, 0, b.length, event === 'rcu_invoke_callback'), null, args);
      check(event, args);
    }
  });

  it('random and damaged argument texts', () => {
    const word = fc.stringMatching(/^[a-z_0-9()x.=/ \t-]{0,12}$/);
    const ptr = fc.oneof(fc.constant('(____ptrval____)'), fc.constant('(null)'), fc.constant('(____ptrval___)'), fc.constant('0x'),
      fc.stringMatching(/^(0x)?[0-9a-fA-Fgx]{1,16}$/), word);
    const args = fc.tuple(fc.oneof(word, fc.constant('rcu_preempt')), fc.constantFrom(' rhp=', ' rhp= ', 'rhp=', ' rhp=x'), ptr,
      fc.constantFrom(' func=', ' func= ', ' fun='), fc.oneof(word, fc.constant('file_free_rcu'), fc.constant('é')),
      fc.oneof(fc.constant(''), fc.constant(' 19'), fc.constant(' -3/4'), fc.constant(' 19 '), fc.constant(' 1/'), fc.constant(' /'), word.map((w) => ' ' + w)))
      .map((p) => p.join(''));
    fc.assert(fc.property(args, fc.constantFrom('rcu_callback', 'rcu_invoke_callback'), (a, ev) => check(ev as 'rcu_callback', a)), fuzzParams(2000));
  });
});
