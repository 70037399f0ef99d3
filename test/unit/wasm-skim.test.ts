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
import { agree } from './support/agree';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const ROOT = join(__dirname, '..', '..', '..');
const enc = new TextEncoder();
const stamp = (s: number, us: number): string => `[${String(s).padStart(5)}.${String(us).padStart(6, '0')}] `;

function skimmer(...prefixes: string[]): WasmSkim {
  const trie = new PrefixTrie();
  for (const p of prefixes) trie.add(p, 0);
  const w = WasmSkim.create(trie);
  assert.ok(w, 'WebAssembly runs under Node: the module must compile and instantiate');
  return w;
}

describe('wasm skim', () => {
  it('the committed module is what src/wasm/plainSkim.ts compiles to (npm run build:wasm)', function () {
    this.timeout(60000);
    execFileSync(process.execPath, [join(ROOT, 'src/tools/build-wasm.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
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
    const joined = new Uint8Array(3 * head.length + a1.length + a2.length);
    joined.set(head); joined.set(head, head.length); joined.set(head, 2 * head.length); joined.set(a1, 3 * head.length); joined.set(a2, 3 * head.length + a1.length);
    const got = a.end();
    assert.equal(got.stalls.length, 1);
    assert.deepEqual(got, analyzeBytes(joined, { fastPath: false }));
  });

  it('ftrace heads with digit strings near and past 2^53 (pid, cpu, seconds) are read as JavaScript reads them', () => {
    const real = gunzipSync(readFileSync(join(ROOT, 'test/fixtures/traces/phased-rcutrace.trace.log.gz'))).toString('utf8');
    const head = real.slice(0, real.indexOf('\n', 70_000) + 1);
    const digits = (n: number) => '9'.repeat(n);
    const lines: string[] = [];
    for (const n of [9, 14, 15, 16, 17, 22]) {
      lines.push(`            init-${digits(n)}     [001] d.s..     3.014111: rcu_utilization: Start RCU core`);
      lines.push(`            init-1     [${digits(n)}] d.s..     3.014112: rcu_grace_period: rcu_preempt 1234 cpuqs`);
      lines.push(`            init-1     [001] d.s..     ${digits(n)}.014113: sched_switch: prev_comm=a`);
      lines.push(`            init-1     [001] d.s..     ${digits(n)}.0141139: rcu_dyntick: Start 1 0 0x4`);
      lines.push(`            init-1     [001] d.s..     3.${digits(n)}: rcu_callback: rcu_preempt rhp=0000 func=f 1/2`);
    }
    const bytes = enc.encode(head + lines.join('\n') + '\n');
    const a = new Analyzer({});
    a.push(bytes);
    const got = a.end();
    assert.equal(got.format, 'ftrace');
    assert.deepEqual(got, analyzeBytes(bytes, { fastPath: false }));
    assert.deepEqual(analyzeBytes(bytes, { wasm: false }), got);
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
    const real = gunzipSync(readFileSync(join(ROOT, 'test/fixtures/traces/phased-rcutrace.trace.log.gz'))).toString('utf8');
    const head = real.slice(0, real.indexOf('\n', 70_000) + 1);
    const before = '            init-1       [001] d.s..     ';
    const times = ['3.014111: ', '13.014112: ', ' 3.014113: ', '3.01411x: ', '3.0141: ', '3: ', '314111: ', '3.014114:', '3.0141159: ',
      '9999999999999999.014116: ', '3x014117: ', '3.014118 ', ''];
    const events = ['rcu_utilization: Start RCU core', 'sched_switch: prev_comm=a', 'rcu_grace_period: rcu_preempt 1234 cpuqs'];
    const lines: string[] = [];
    for (const t of times) for (const ev of events) { lines.push(before + '3.014100: ' + ev); lines.push(before + t + ev); }
    // the same, after a head whose flags are read as the time's first attempt
    for (const t of times) { lines.push('            init-1       [001]      3.014100: sched_switch: x'); lines.push('            init-1       [001]      ' + t + 'sched_switch: x'); }
    const bytes = enc.encode(head + lines.join('\n') + '\n');
    const got = analyzeBytes(bytes);
    assert.equal(got.format, 'ftrace');
    assert.deepEqual(got, analyzeBytes(bytes, { fastPath: false }));
    assert.deepEqual(analyzeBytes(bytes, { wasm: false }), got);
  });
});
