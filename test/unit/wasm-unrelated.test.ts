// The WebAssembly port of unrelatedMessage() (src/wasm/unrelated.ts unrelatedAt(), with the tables
// stalls/unrelated.ts serialises): the same answer on every message of the fixtures, on the
// literals themselves in context, on random bytes biased towards them, and near its SIMD block
// edges, whatever the bytes after the message's end (which it reads but must not use).
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { PrefixTrie } from '../../src/core/log/prefixes';
import { WasmSkim } from '../../src/core/log/wasmSkim';
import { UNRELATED_TABLES, unrelatedMessage } from '../../src/core/stalls/unrelated';
import { fuzzParams } from './support/fuzz';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);

function skimmer(): WasmSkim {
  const trie = new PrefixTrie();
  trie.add('hit ', 0);
  trie.freeze();
  const w = WasmSkim.create(trie);
  assert.ok(w, 'WebAssembly runs under Node');
  return w;
}

/** The literals in the tables (the layout documented at UNRELATED_TABLES): the start literals,
 * and the anywhere literals with the offset of the pair each is looked for at. */
function literals(): { starts: Uint8Array[]; anywhere: Uint8Array[] } {
  const t = UNRELATED_TABLES, u16 = (p: number): number => t[p]! | (t[p + 1]! << 8);
  const starts: Uint8Array[] = [], anywhere: Uint8Array[] = [];
  for (let c = 0; c < 256; c++) {
    let p = u16(576 + 2 * c);
    if (p === 0) continue;
    for (let n = t[p++]!; n > 0; n--) { starts.push(t.slice(p + 1, p + 1 + t[p]!)); p += 1 + t[p]!; }
  }
  for (let k = 1; k < 256; k++) {
    let p = u16(1088 + 2 * k);
    if (p === 0) continue;
    for (let n = t[p++]!; n > 0; n--) { anywhere.push(t.slice(p + 2, p + 2 + t[p + 1]!)); p += 2 + t[p + 1]!; }
  }
  return { starts, anywhere };
}

function* fixtureFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* fixtureFiles(p);
    else yield p;
  }
}

describe('wasm unrelatedAt() equals unrelatedMessage()', () => {
  const w = skimmer();
  const { starts, anywhere } = literals();
  let calls = 0, cleared = 0;
  /** Both on b[m, e) (b's bytes after e stay where they are: the port reads some of them). */
  const same = (b: Uint8Array, m: number, e: number): void => {
    const js = unrelatedMessage(b, m, e), wasm = w.unrelated(b, m, e);
    calls++;
    if (js) cleared++;
    if (js !== wasm) assert.fail(`differs (js ${js}, wasm ${wasm}) on ${JSON.stringify(text(b.subarray(m, e)))} followed by ${JSON.stringify(text(b.subarray(e, e + 8)))}`);
  };
  /** s on its own, then followed by bytes that would change the answer were they inside. */
  const TAILS = [enc('\x80'), enc('BUG: +0x'), enc('ll :1 0x\r')];
  let turn = 0;
  const both = (s: Uint8Array): void => {
    same(s, 0, s.length);
    const tail = TAILS[turn++ % TAILS.length]!, b = new Uint8Array(s.length + tail.length + 64);
    b.set(s);
    b.set(tail, s.length);
    same(b, 0, s.length);
  };

  it('the literals are the tables\'', () => {
    assert.ok(starts.some((l) => text(l) === 'Workqueue: ') && anywhere.some((l) => text(l) === 'PC is at'));
    assert.ok(starts.length > 50 && anywhere.length > 40);
  });

  it('on every line of every fixture, whole and without its stamp', function () {
    this.timeout(300000);
    const STAMP = /^\[ *\d+\.\d+\] /;
    calls = cleared = 0;
    for (const f of fixtureFiles(FIX)) {
      let b: Uint8Array = readFileSync(f);
      if (f.endsWith('.gz')) b = gunzipSync(b);
      for (let s = 0; s < b.length;) {
        let e = b.indexOf(10, s);
        if (e < 0) e = b.length;
        same(b, s, e);
        const head = STAMP.exec(text(b.subarray(s, Math.min(e, s + 24))));
        if (head !== null) same(b, s + head[0].length, e);
        s = e + 1;
      }
    }
    assert.ok(calls > 300000 && cleared > 10000, `${calls} messages, ${cleared} unrelated`);
  });

  it('on the literals, alone and with prefixes and suffixes', () => {
    const pre = ['', 'a', 'ab ', 'foo bar ', 'x', 'hello world: ', 'usb 1-1: ', 'z\t', 'q'.repeat(61), 'w '.repeat(40)];
    const post = ['', ' ', 'x', ':', ': 12', ' more text here', '\r', '\x80', '+0x1/0x2', '.cold', 'y'.repeat(70)];
    for (const lit of [...starts, ...anywhere]) {
      for (let cut = 0; cut <= lit.length; cut++) {
        const part = text(lit.subarray(0, cut)), rest = text(lit.subarray(cut));
        for (const a of pre) for (const z of post) {
          both(enc(a + part + z));
          both(enc(a + text(lit) + z));
          both(enc(a + rest + z));
          // the literal's head before the message (bytes before m must not count either)
          const b = enc(a + part + rest + z + 'x'.repeat(64));
          same(b, a.length + cut, b.length - 64);
        }
      }
    }
  });

  it('on random bytes biased towards the literals\'', () => {
    const lits = [...starts, ...anywhere].map(text);
    const alphabet = [...new Set(lits.join(''))].join('') + ' \t:0123456789x+.$_';
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...lits).chain((l) => fc.tuple(fc.nat(l.length), fc.nat(l.length)).map(([i, j]) => l.slice(Math.min(i, j), Math.max(i, j) + 1))) },
      { weight: 6, arbitrary: fc.constantFrom(...alphabet).map((c) => c) },
      { weight: 1, arbitrary: fc.constantFrom('\r', '\x7f', '\x80', '\xff', '\xc3', '\x00', '\x1b', '\x0b', '\x0c', '\x0a') },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) },
      { weight: 2, arbitrary: fc.constantFrom('hello ', 'world ', 'usb ', 'eth0: ', 'link up ', 'the ', 'a') },
    );
    const line = fc.tuple(fc.constantFrom('', 'a', 'x', 'kernel ', 'usb ', 'foo', 'Qz'), fc.array(piece, { maxLength: 60 }), fc.array(piece, { maxLength: 10 }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 4 }), line, (before, [head, body, after]) => {
      // pieces before the message and after it, which must not count
      const pre = enc(before.join('')), msg = enc(head + body.join('')), tail = enc(after.join(''));
      const b = new Uint8Array(pre.length + msg.length + tail.length);
      b.set(pre);
      b.set(msg, pre.length);
      b.set(tail, pre.length + msg.length);
      same(b, pre.length, pre.length + msg.length);
    }), { ...fuzzParams(5000), ...(process.env['RCU_LENS_FUZZ'] ? {} : { seed: 20261202 }) });
  });

  it('on bytes ≥ 0x80, controls and CR anywhere', () => {
    for (let c = 0; c < 256; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [`${ch}`, `a${ch}`, `ab ${ch} cd`, `hello${ch}`, `hello world${ch}`, `x`.repeat(70) + ch, `${ch}hello`]) both(enc(s));
    }
  });

  it('near the SIMD blocks\' edges: lines of 0..200 bytes with a candidate at each position', function () {
    this.timeout(300000);
    const filler = 'hey you then we go and see what is done ';
    // Candidates: never plain, a pair with no literal, each pair rule, literals (whole or cut by the end).
    const inserts = ['\x80', '\r', '\x01', '\x7f', 'la', 'l', 'k', ' 0x1', '0x', ':1', 'BUG', 'stall', 'st', '+0x', 'Call Trace', ' backtrace'];
    for (let len = 0; len <= 200; len++) {
      const base = (filler.repeat(6)).slice(0, len);
      both(enc(base));
      for (let p = 1; p < len; p++) for (const x of inserts) both(enc((base.slice(0, p) + x + base.slice(p + x.length)).slice(0, len)));
    }
  });
});
