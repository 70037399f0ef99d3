// The plain skim loop's WebAssembly half (src/wasm/plainSkim.ts, log/wasmSkim.ts): the module
// committed is what its source compiles to; it takes exactly the lines it should and stops at the
// first it is not sure of; and analyses with it, with the JavaScript loop alone and with the full
// parser are the same, however the input is cut into chunks and whatever buffer it comes in.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { Analyzer, analyzeBytes } from '../../src/core/analyze';
import { PrefixTrie } from '../../src/core/log/prefixes';
import { WasmSkim } from '../../src/core/log/wasmSkim';
import { fuzzParams } from './support/fuzz';
import { agree, concat } from './support/agree';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const ROOT = join(__dirname, '..', '..', '..');
const enc = new TextEncoder();
const stamp = (s: number, us: number): string => `[${String(s).padStart(5)}.${String(us).padStart(6, '0')}] `;
/** The real trace, and its first lines past the sniffer's 64 KiB (it settles on ftrace there). */
const REAL_BYTES = gunzipSync(readFileSync(join(ROOT, 'test/fixtures/traces/phased-rcutrace.trace.log.gz')));
const REAL = REAL_BYTES.toString('utf8');
const TRACE_HEAD = REAL.slice(0, REAL.indexOf('\n', 70_000) + 1);

function skimmer(...prefixes: string[]): WasmSkim {
  const trie = new PrefixTrie();
  for (const p of prefixes) trie.add(p, 0);
  trie.freeze();
  const w = WasmSkim.create(trie);
  assert.ok(w, 'WebAssembly runs under Node: the module must compile and instantiate');
  return w;
}

describe('wasm skim', () => {
  it('the committed module is what src/wasm/plainSkim.ts compiles to (npm run build:wasm)', function () {
    this.timeout(60000);
    execFileSync(process.execPath, [join(ROOT, 'src/tools/build-wasm.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('copies only a frozen trie (an unfrozen one could change under its copy)', () => {
    const t = new PrefixTrie();
    t.add('hit ', 0);
    assert.equal(WasmSkim.create(t), null);
    t.freeze();
    assert.ok(WasmSkim.create(t));
  });

  it('takes plain lines with the fixed stamp, rising in time, and stops at the first it is not sure of', () => {
    const w = skimmer('hit ');
    const lines = [
      stamp(1, 0) + 'usb 1-1: new device',
      stamp(1, 5) + 'random: crng init done',
      stamp(1, 5) + '<TASK>',            // short: its b[m + 8] lies in the next line, inside the window
      stamp(2, 999999) + 'e1000: link up',
    ];
    const stops: [string, string][] = [
      ['a prefix of interest', stamp(3, 0) + 'hit cco'],
      ['a jump back in time', stamp(0, 1) + 'usb 1-1: again'],
      ['a stamp of another width', '[123456.000000] six-digit seconds'],
      ['a fraction that is not six digits', stamp(3, 0).replace('000000', '00000/') + 'x'],
      ['a notice the full parser reads', stamp(3, 0) + 'printk: 5 messages suppressed.'],
      ['a caller id', stamp(3, 0).trimEnd() + '[  T12] usb'],
      ['a colour code', stamp(3, 0) + '\x1b[1mbold'],
      ['an ftrace dump line (dash in the ninth column)', stamp(3, 0) + '    cco1-44     [001] d..1 3.7: x'],
      ['no stamp', 'plain text line'],
    ];
    for (const [why, stop] of stops) {
      const b = enc.encode([...lines, stop, stamp(9, 0) + 'after'].join('\n') + '\n');
      assert.equal(w.run(b, 0, 65536, -Infinity), lines.length, `stops at ${why}`);
      assert.equal(w.next, lines.join('\n').length + 1, why);
      assert.equal(w.last, 2.999999);
      assert.equal(w.indent, 15);
    }
    const b = enc.encode(lines.join('\n') + '\n');
    assert.equal(w.run(b, 0, 65536, 1.000001), 0, 'a time below the floor');
    assert.equal(w.run(b, 0, 20, -Infinity), 0, 'a line longer than maxLine');
    assert.equal(w.run(enc.encode(lines[0]!), 0, 65536, -Infinity), 0, 'a line with no end');
  });

  it('lines across its 256 KB windows, long lines and lines cut by chunks: the same analysis three ways', function () {
    this.timeout(120000);
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom('noise', 'hit cco', 'end cco_quickly', 'hit maint', '<TASK>', 'x')), { minLength: 200, maxLength: 400 }),
      fc.constantFrom(1 << 20, 100_000, 65_537, 4097),
      (spec, cut) => {
        const head = Array.from({ length: 40 }, (_, i) => stamp(0, 100000 + i) + `boot noise ${i}\n`).join('');
        const body = spec.map(([pad, msg], i) => stamp(1 + (i >> 4), i % 999999) + msg + (msg === 'noise' ? ' ' + 'n'.repeat(pad * 3) : '') + '\n').join('');
        agree(enc.encode(head + body), [cut]);
      },
    ), fuzzParams(20));
  });

  it('a caller that pushes the same buffer again with other bytes gets the analysis of those bytes', () => {
    const STALL = 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:';
    const log = (hit: number, t: (i: number) => string) => enc.encode(Array.from({ length: 3000 }, (_, i) => t(i) + (i === hit ? STALL : 'noise '.padEnd(STALL.length, 'x')) + '\n').join(''));
    // The first pushes are copied while the format is sniffed; the buffer is reused after that,
    // and its second bytes differ from the first only in a line of interest of the same length.
    // (one time for all their lines: the stale bytes, had they been read, would have looked in order)
    const head = log(-1, (i) => stamp(1, i)), a1 = log(-1, () => stamp(2, 0)), a2 = log(1500, () => stamp(2, 0));
    const buf = new Uint8Array(a1.length);
    const a = new Analyzer({});
    a.push(head); a.push(head.slice()); a.push(head.slice());
    buf.set(a1); a.push(buf);
    buf.set(a2); a.push(buf);
    const got = a.end();
    assert.equal(got.stalls.length, 1);
    assert.deepEqual(got, analyzeBytes(concat(head, head, head, a1, a2), { fastPath: false }));
  });

  it('ftrace heads with digit strings near and past 2^53 (pid, cpu, seconds) are read as JavaScript reads them', () => {
    const digits = (n: number) => '9'.repeat(n);
    const lines: string[] = [];
    for (const n of [9, 14, 15, 16, 17, 22]) {
      lines.push(`            init-${digits(n)}     [001] d.s..     3.014111: rcu_utilization: Start RCU core`);
      lines.push(`            init-1     [${digits(n)}] d.s..     3.014112: rcu_grace_period: rcu_preempt 1234 cpuqs`);
      lines.push(`            init-1     [001] d.s..     ${digits(n)}.014113: sched_switch: prev_comm=a`);
      lines.push(`            init-1     [001] d.s..     ${digits(n)}.0141139: rcu_dyntick: Start 1 0 0x4`);
      lines.push(`            init-1     [001] d.s..     3.${digits(n)}: rcu_callback: rcu_preempt rhp=0000 func=f 1/2`);
    }
    const bytes = enc.encode(TRACE_HEAD + lines.join('\n') + '\n');
    agree(bytes, [bytes.length], { format: 'ftrace' });
  });

  it('a trap in the module (a bug) leaves the JavaScript loop to finish the same analysis', () => {
    const w = WasmSkim.create((new Analyzer({}) as unknown as { prefixes: PrefixTrie }).prefixes)! as unknown as { x: object; broken: boolean };
    const x = w.x;
    w.x = { ...x, skim: () => { throw new Error('RuntimeError: unreachable'); } };
    try {
      const bytes = enc.encode(Array.from({ length: 5000 }, (_, i) => stamp(1, i) + `noise ${i}\n`).join('') + stamp(2, 0) + 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n');
      const got = analyzeBytes(bytes);
      assert.equal(got.stalls.length, 1);
      assert.deepEqual(got, analyzeBytes(bytes, { fastPath: false }));
      assert.equal(w.broken, true);
    } finally {
      w.x = x;
      w.broken = false;
    }
  });

  it('an ftrace head like the one before up to its time is read as if read in full, whatever follows', () => {
    const before = '            init-1       [001] d.s..     ';
    const times = ['3.014111: ', '13.014112: ', ' 3.014113: ', '3.01411x: ', '3.0141: ', '3: ', '314111: ', '3.014114:', '3.0141159: ',
      '9999999999999999.014116: ', '3x014117: ', '3.014118 ', ''];
    const events = ['rcu_utilization: Start RCU core', 'sched_switch: prev_comm=a', 'rcu_grace_period: rcu_preempt 1234 cpuqs'];
    const lines: string[] = [];
    for (const t of times) for (const ev of events) { lines.push(before + '3.014100: ' + ev); lines.push(before + t + ev); }
    // the same, after a head whose flags are read as the time's first attempt
    for (const t of times) { lines.push('            init-1       [001]      3.014100: sched_switch: x'); lines.push('            init-1       [001]      ' + t + 'sched_switch: x'); }
    const bytes = enc.encode(TRACE_HEAD + lines.join('\n') + '\n');
    agree(bytes, [bytes.length], { format: 'ftrace' });
  });
});

// Random inputs for the WebAssembly loops against the JavaScript loops and the full parser (the
// properties of harden-fastpath.test.ts and ftrace-skim.test.ts vary the stamps and single real
// lines; these vary the message start with every byte, put lines at the 256 KB window's edge, and
// damage runs of real trace lines, whose heads repeat, at random).
describe('wasm skim: random inputs', () => {
  const WINDOW = 256 * 1024;
  const anyByte = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0x00, max: 0xff }) },
    { weight: 2, arbitrary: fc.constantFrom(0x20, 0x09, 0x2d, 0x5b, 0x5d, 0x1b, 0x2a, 0x70, 0x44, 0x0a, 0x30, 0x39, 0x2e) },
  );
  const MSGS = ['', 'x', 'ab', '<TASK>', 'noise', 'usb 1-1: new device', 'hit cco', 'end maint', 'printk: 5 messages suppressed.',
    '** 3 printk messages dropped **', 'Dumping ftrace buffer:', '   cco1-44     [001] d..1 3.7: x', '--------', '        -x', 'p', '*', 'D'];
  /** A dmesg line: a step of the clock (mostly a little forward; a second on, a jump back, the
   * top second, a random fraction), a message, and 0-3 bytes of the stamp or the message's first
   * ten set to any byte. */
  const dmesgLine = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 999999 }), fc.constantFrom(...MSGS),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 25 }), anyByte), { maxLength: 3 }));
  function dmesg(spec: [number, number, string, [number, number][]][], start: number): Uint8Array[] {
    let sec = start, us = 200000;
    return spec.map(([step, r, msg, edits]) => {
      if (step < 16) us += step * 37;
      else if (step < 18) sec++;
      else if (step === 18) sec = Math.max(0, sec - 2);
      else if (step === 19) sec = 99999;
      else us = r;
      if (us > 999999) { us -= 1000000; sec++; }
      sec = Math.min(sec, 99999);
      const out = Array.from(enc.encode(stamp(sec, us) + msg + '\n'));
      for (const [i, x] of edits) if (i < out.length - 1) out[i] = x;
      return Uint8Array.from(out);
    });
  }
  /** Good lines filling b up to `to` bytes (the last one padded to land there exactly). */
  function filler(from: number, to: number, sec: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let at = from, i = 0;
    while (to - at > 0) {
      const room = to - at, base = stamp(sec, i % 1000000) + 'noise ';
      const len = room - base.length - 1 < 60 ? room : 80;
      const line = room < base.length + 1 ? 'n'.repeat(room - 1) + '\n' : base + 'n'.repeat(len - base.length - 1) + '\n';
      out.push(enc.encode(line));
      at += line.length;
      i++;
    }
    return out;
  }

  it('dmesg lines with any byte in the stamp and at the message start, short messages, around the window edge, in random chunks', function () {
    this.timeout(300000);
    // One chunk: the module's first window is b[0, 256 KB), and the lines before the random ones
    // all go its way, so the random lines sit where the window ends (d bytes before it or after).
    const head = Array.from({ length: 40 }, (_, i) => enc.encode(stamp(0, 100000 + i) + `boot noise ${i}\n`));
    const headLen = head.reduce((n, p) => n + p.length, 0);
    fc.assert(fc.property(
      fc.array(dmesgLine, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: -400, max: 60 }),
      fc.oneof(fc.constant([1 << 20]), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 }).map((c) => [70_000, ...c])),
      (spec, d, cuts) => {
        const fill = filler(headLen, WINDOW + d, 1);
        agree(concat(...head, ...fill, ...dmesg(spec, 1), enc.encode(stamp(99999, 0) + 'tail\n')), cuts);
      },
    ), fuzzParams(40));
    // And small logs with the same lines, cut finely.
    fc.assert(fc.property(
      fc.array(dmesgLine, { minLength: 1, maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }),
      (spec, cuts) => agree(concat(...head, ...dmesg(spec, 0)), [1 << 16, ...cuts]),
    ), fuzzParams(300));
  });

  it('runs of real ftrace lines with bytes changed, inserted and deleted at random, in random chunks', function () {
    this.timeout(300000);
    const real = REAL.split('\n');
    const HEAD = real.slice(0, 800).join('\n') + '\n';
    const body = real.slice(800, -1);
    const edit = fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 70 }), fc.nat()), fc.constantFrom('set', 'set', 'ins', 'del'), anyByte);
    fc.assert(fc.property(
      fc.nat(), fc.integer({ min: 1, max: 400 }), fc.array(edit, { maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }),
      (at, n, edits, cuts) => {
        const from = at % (body.length - n);
        const lines = body.slice(from, from + n).map((l) => Array.from(enc.encode(l)));
        for (const [which, pos, op, x] of edits) {
          const l = lines[which % lines.length]!;
          const i = Math.min(pos, l.length);
          if (op === 'set') { if (i < l.length) l[i] = x; } else if (op === 'ins') l.splice(i, 0, x); else l.splice(i, 1);
        }
        const bytes = concat(enc.encode(HEAD), ...lines.map((l) => Uint8Array.from([...l, 10])));
        agree(bytes, cuts, { first: HEAD.length - 3000, format: 'ftrace' });
      },
    ), fuzzParams(150));
  });
});

describe('wasm skim: windows inside big chunks', () => {
  it('a real trace in chunks bigger than the 256 KB window, with heads damaged here and there, reads the same three ways', function () {
    this.timeout(300000);
    const bytes = REAL_BYTES;
    // Every 7919th line (past the sniffed start) gets one byte of its head changed: a digit, a
    // space, a dash, a bracket or a colon at one of its first 60 places.
    const b = Uint8Array.from(bytes);
    const subst = [0x30, 0x39, 0x20, 0x2d, 0x5b, 0x5d, 0x3a, 0x2e, 0x09, 0x00];
    for (let i = 100_000, k = 0; i < b.length; i += 7919, k++) {
      let s = i;
      while (s > 0 && b[s - 1] !== 10) s--;
      b[s + (k * 13) % 60] = subst[k % subst.length]!;
    }
    for (const cuts of [[1 << 20], [300_001, 262_143, 524_289]]) agree(b, cuts);
  });
});

describe('wasm skim: callers', () => {
  const lines = (n: number, t0: number, msg: (i: number) => string) => enc.encode(Array.from({ length: n }, (_, i) => stamp(t0 + (i >> 6), i % 1000) + msg(i) + '\n').join(''));

  it('lines around maxLine (the module is told each call) read the same three ways', () => {
    const head = lines(40, 0, (i) => `boot noise ${i}`);
    const body = lines(600, 1, (i) => 'n'.repeat(70 + (i % 20)) + (i % 97 === 0 ? ' hit cco' : ''));
    const bytes = concat(head, body);
    for (const maxLine of [100, 97, 1 << 16]) for (const cut of [1 << 20, 333]) agree(bytes, [cut], { maxLine });
  });

  it('two analyzers fed in turn from one reused buffer (they share the module and its window) each read their own bytes', () => {
    const STALL = 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:';
    const head = lines(3000, 0, () => 'noise '.padEnd(STALL.length, 'x'));
    // Each push is 3000 lines of one time (so that stale bytes, were they read, would be taken);
    // A's and B's bytes differ in one line of interest.
    const part = (_k: number, stall: boolean) => enc.encode(Array.from({ length: 3000 }, (_, i) => stamp(60, 0) + (stall && i === 1700 ? STALL : 'noise '.padEnd(STALL.length, 'y')) + '\n').join(''));
    const buf = new Uint8Array(part(0, false).length);
    const a = new Analyzer({}), b = new Analyzer({});
    a.push(head); b.push(head);
    const fedA: Uint8Array[] = [head], fedB: Uint8Array[] = [head];
    for (let k = 0; k < 4; k++) {
      const pa = part(k, k % 2 === 1), pb = part(k, k % 2 === 0);
      buf.set(pa); a.push(buf); fedA.push(pa);
      buf.set(pb); b.push(buf); fedB.push(pb);
    }
    const ga = a.end(), gb = b.end();
    assert.equal(ga.stalls.length, 2);
    assert.equal(gb.stalls.length, 2);
    assert.deepEqual(ga, analyzeBytes(concat(...fedA), { fastPath: false }));
    assert.deepEqual(gb, analyzeBytes(concat(...fedB), { fastPath: false }));
  });
});

describe('wasm skim: times', () => {
  it('w + f / 1e6 rises strictly with w * 1e6 + f for 5-digit seconds (the module compares the integers, JavaScript the doubles)', () => {
    // Monotone rounding makes the integers' order imply the doubles' (never a line taken that
    // JavaScript would call a jump back); strictness (checked at every second's edge and at
    // random fractions) makes the two orders the same, so no line is refused that it would take.
    const t = (w: number, f: number) => w + f / 1e6;
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 999999;
    for (let w = 0; w < 100000; w++) {
      if (!(t(w, 999999) < t(w + 1, 0))) assert.fail(`${w}.999999 is not below ${w + 1}.000000`);
      const f = rnd();
      if (!(t(w, f) < t(w, f + 1))) assert.fail(`${w}.${f} is not below the next microsecond`);
    }
  });
});
