// The stall header in WebAssembly (src/wasm/stallHeader.ts, exported as header() by
// src/wasm/plainSkim.ts, decoded by log/wasmSkim.ts readHeader()) is stallHeader()
// (stalls/headerBytes.ts) byte for byte: on the headers the storm tests use, on every stall-like
// line of the fixtures, on near misses at every byte, and on random mutations of the three shapes,
// whatever the bytes after the message. The one difference allowed: a `{ }` list longer than the
// module's room (32 CPUs, 32 tasks) is "not mine" there, which only sends the line the general way.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { stallHeader, type ByteHeader } from '../../src/core/stalls/headerBytes';
import { PrefixTrie } from '../../src/core/log/prefixes';
import { WasmSkim } from '../../src/core/log/wasmSkim';
import { fuzzParams } from './support/fuzz';
import { HEADERS, NEAR } from './support/stallHeaders';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const MAX_CPUS = 32, MAX_TASKS = 32;

const EXP = 'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: {';
const exp = (list: string, tail = ' 10886 jiffies s: 25 root: 0x4/.', head = EXP): string => `${head}${list}${tail}`;
const range = (n: number, f: (k: number) => string): string => Array.from({ length: n }, (_, k) => f(k)).join('');

/** Hand-made near misses (and hits) at each of stallHeader()'s limits. */
const EDGES = [
  // the three shapes, with and without `rcu: `, each flavour, and their ends
  ...['rcu_preempt', 'rcu_sched', 'rcu_bh', 'rcu_tasks', 'rcu_', 'rcu_preemp', 'rcu_bhx'].flatMap((f) => ['', 'rcu: ', 'rcu:', 'rcu:  '].flatMap((p) => [
    `${p}INFO: ${f} detected stalls on CPUs/tasks:`, `${p}INFO: ${f} self-detected stall on CPU`,
    `${p}INFO: ${f} detected expedited stalls on CPUs/tasks: { 1-... } 5 jiffies s: 1 root: 0x0/.`,
  ])),
  'INFO: rcu_sched detected stalls on CPUs/tasks: ', 'INFO: rcu_sched detected stalls on CPUs/tasks:x', 'INFO: rcu_sched detected stalls on CPUs/tasks',
  'INFO: rcu_sched self-detected stall on CPU ', 'INFO: rcu_sched self-detected stall on CPUs', 'INFO: rcu_sched self-detected stall on CP',
  'INFO: rcu_sched self-detected stall on CPU\r', ' INFO: rcu_sched self-detected stall on CPU', 'INFO:  rcu_sched self-detected stall on CPU',
  'INFO: ', 'INFO: rcu_sched', 'rcu: ', '', 'I', 'INFO: rcu_sched detected expedited stalls on CPUs/tasks: {',
  // the list
  exp(' }'), exp('}'), exp('  }'), exp(' } '), exp(' 1 }'), exp(' 1  }'), exp('  1 }'), exp(' 1}'), exp(' 1-. }'), exp(' 1-.}'),
  exp(' 0 }'), exp(' 00 }'), exp(' 007-O.. }'), exp(' 1234 }'), exp(' 12345 }'), exp(' 123456 }'), exp(' 99999-...... }'),
  exp(' 12345-. }'), exp(' 123456-. }'), exp(' 1-.. 2-... }'), exp(' 1- }'), exp(' 1-- }'), exp(' 1-.-. }'), exp(' -1 }'), exp(' 1x }'),
  exp(' 1-...... }'), exp(' 1-....... }'), exp(' 1-........ }'), exp(' 1-a }'), exp(' 1-Z9!. }'), exp(' 1-@ }'), exp(' 1-[ }'), exp(' 1-` }'),
  exp(' 1-{ }'), exp(' 1-/ }'), exp(' 1-: }'), exp(' 1-\u00e9 }'), exp(' 1-.\t }'), exp(' 1-O..\n }'),
  exp(' P }'), exp(' P0 }'), exp(' P00 }'), exp(' P01 }'), exp(' P10 }'), exp(' P100 }'), exp(' P012 }'), exp(' p1 }'), exp(' P-1 }'),
  exp(' P1234567 }'), exp(' P12345678 }'), exp(' P99999999 }'), exp(' P123456789 }'), exp(' P1234567890 }'), exp(' P012345678 }'),
  exp(' P1 P2 P1 P2 P3 P1 }'), exp(' P0 P0 }'), exp(' P1 1 P1 1-. }'), exp(' P1P2 }'), exp(' P1-. }'), exp(' P1 }}'), exp(' { }'),
  // the tail
  exp(' }', ''), exp(' }', ' '), exp(' }', ' 1'), exp(' }', '1 jiffies s: 2 root: 0x4/.'), exp(' }', '  1 jiffies s: 2 root: 0x4/.'),
  exp(' }', ' 12345678901234 jiffies s: 1 root: 0'), exp(' }', ' 123456789012345 jiffies s: 1 root: 0'),
  exp(' }', ' 99999999999999 jiffies s: 99999999999999 root: 0'), exp(' }', ' 1 jiffies s: 123456789012345 root: 0'),
  exp(' }', ' 007 jiffies s: 007 root: 0'), exp(' }', ' 1 jiffies s:  2 root: 0x4/.'), exp(' }', ' 1 jiffies s: 2 root:  0x4/.'),
  exp(' }', ' 1 jiffies s: 2 root: '), exp(' }', ' 1 jiffies s: 2 root: 0x4/. '), exp(' }', ' 1 jiffies s: 2 root: 0123456789abcdefx/.T'),
  exp(' }', ' 1 jiffies s: 2 root: 0xg'), exp(' }', ' 1 jiffies s: 2 root: 0X4'), exp(' }', ' 1 jiffies s: 2 root: 0x4/t'),
  exp(' }', ' 1 jiffies s: 2 root: 0x4/.\r'), exp(' }', ' 1 jiffies s: root: 0x4/.'), exp(' }', ' jiffies s: 2 root: 0x4/.'),
  exp(' }', ' 1 jiffies s: 2 root:'), exp(' }', ' 1 jiffies  s: 2 root: 0'), exp(' }', ' 1 Jiffies s: 2 root: 0'),
  // many CPUs and tasks: up to the module's room and past it, and too long
  exp(range(32, (k) => ` ${k}-...`) + ' }'), exp(range(33, (k) => ` ${k}`) + ' }'), exp(range(40, (k) => ` ${k % 3}`) + ' }'),
  exp(range(32, (k) => ` P${k + 1}`) + ' }'), exp(range(33, (k) => ` P${k + 1}`) + ' }'),
  exp(range(64, (k) => ` P${k % 32}`) + ' }'), exp(range(64, (k) => ` P${k % 33}`) + ' }'),
  exp(range(32, (k) => ` ${k}-O.N P${k}`) + ' }'), exp(range(70, (k) => ` ${k}`) + ' }'),
  exp(range(120, (k) => ` ${k}`) + ' }'), exp(range(200, (k) => ` ${k}`) + ' }'),
];
/** Exactly 511, 512 and 513 bytes (MAX_BYTES), padded in the root mask. */
for (const n of [511, 512, 513]) {
  const short = exp(' 1-. }', ' 1 jiffies s: 2 root: 0x');
  EDGES.push(short + '0'.repeat(n - short.length));
  const list = exp(' }', ' 1 jiffies s: 2 root: 0');
  EDGES.push(exp(' ' + '1 '.repeat((n - list.length) / 2) + '}', ' 1 jiffies s: 2 root: 0'));
}

/** Every line of the fixtures (gzipped ones unpacked) with `INFO:` or `stall` in it. */
function fixtureLines(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) { walk(p); continue; }
      let b: Uint8Array = readFileSync(p);
      if (p.endsWith('.gz')) b = gunzipSync(b);
      const text = Buffer.from(b).toString('latin1');
      for (const line of text.split('\n')) if (line.includes('INFO:') || line.includes('stall')) out.push(Uint8Array.from(line, (c) => c.charCodeAt(0)));
    }
  };
  walk(FIX);
  return out;
}

let skim: WasmSkim | undefined;
function wasm(): WasmSkim {
  if (skim === undefined) {
    const trie = new PrefixTrie();
    trie.add('hit ', 0);
    trie.freeze();
    const w = WasmSkim.create(trie);
    assert.ok(w, 'WebAssembly runs under Node');
    skim = w;
  }
  return skim;
}

/** A ByteHeader, copied out of its scratch object. */
const copy = (h: ByteHeader | null): ByteHeader | null =>
  h === null ? null : { kind: h.kind, flavor: h.flavor, cpus: h.cpus.map((c) => ({ ...c })), tasks: [...h.tasks], jiffies: h.jiffies };

let taken = 0, capped = 0;
/** The module reads b[m, e) as stallHeader() does (beyond the module's room: null). */
function same(b: Uint8Array, m: number, e: number): void {
  const js = copy(stallHeader(b, m, e));
  const over = js !== null && (js.cpus.length > MAX_CPUS || js.tasks.length > MAX_TASKS);
  const w = wasm();
  w.forget();
  const got = copy(w.header(b, m, e));
  if (js !== null) { if (over) capped++; else taken++; }
  assert.deepStrictEqual(got, over ? null : js, JSON.stringify(Buffer.from(b.subarray(m, e)).toString('latin1')));
}

/** The message in buffers with each of these after it (stallHeader() may look at two bytes past
 * e, never with a different answer), and bytes before it. */
const AFTERS = ['', ' ', '}', ' }', '  ', ' } 1 jiffies s: 2 root: 0', ' 1', '-', '-.', 'P1', '\n', '\0', '\xff'].map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0)));
function sameAround(msg: Uint8Array, before = 0): void {
  for (const after of AFTERS) {
    const b = new Uint8Array(before + msg.length + after.length);
    b.fill(0x20, 0, before);
    b.set(msg, before);
    b.set(after, before + msg.length);
    same(b, before, before + msg.length);
  }
}

/** Each byte of msg deleted, doubled, or replaced by one of these. */
const BYTES = [...' }{P0159-.!aAfgxXT/:\t\r\n', '\0', '\xff', '\x80'].map((c) => c.charCodeAt(0));
function everyByte(msg: Uint8Array, f: (b: Uint8Array) => void): void {
  for (let i = 0; i <= msg.length; i++) {
    if (i < msg.length) {
      f(Uint8Array.from([...msg.subarray(0, i), ...msg.subarray(i + 1)]));
      f(Uint8Array.from([...msg.subarray(0, i + 1), ...msg.subarray(i)]));
    }
    for (const c of BYTES) {
      if (i < msg.length && msg[i] !== c) { const r = msg.slice(); r[i] = c; f(r); }
      f(Uint8Array.from([...msg.subarray(0, i), c, ...msg.subarray(i)]));
    }
  }
}

describe('wasm stall header: the module reads a header as stallHeader() does', () => {
  it('the storm tests\' headers and near misses, with their fields', () => {
    taken = 0;
    for (const h of [...HEADERS, ...NEAR]) { sameAround(bytes(h)); sameAround(bytes(h), 7); }
    for (const h of HEADERS) assert.ok(wasm().header(bytes(h), 0, bytes(h).length), h);
    const b = bytes(HEADERS[5]!);
    assert.deepStrictEqual(copy(wasm().header(b, 0, b.length)), {
      kind: 'expedited', flavor: 'rcu_sched', cpus: [{ cpu: 0, flags: '....' }, { cpu: 3, flags: 'O.N' }], tasks: ['P392', 'P10'], jiffies: 21004,
    });
  });

  it('every stall-like line of the fixtures, from each place a message may start', () => {
    taken = 0;
    const lines = fixtureLines();
    assert.ok(lines.length > 500, `${lines.length} lines`);
    for (const line of lines) {
      const s = Buffer.from(line).toString('latin1');
      const starts = new Set([0, s.startsWith('[') ? s.indexOf('] ') + 2 : 0, s.indexOf('rcu: '), s.indexOf('INFO: ')].filter((m) => m >= 0));
      const ends = new Set([line.length, s.endsWith('\r') ? line.length - 1 : line.length]);
      for (const m of starts) for (const e of ends) if (m <= e) same(line, m, e);
    }
    assert.ok(taken > 0, 'some fixture headers taken');
  });

  it('near misses at each limit: list lengths, digits, flags, leading zeros, duplicates, the tail, MAX_BYTES', () => {
    taken = 0; capped = 0;
    for (const h of EDGES) sameAround(bytes(h));
    assert.ok(taken > 100 && capped >= 3 * AFTERS.length, `${taken} taken, ${capped} past the module's room`);
  });

  it('each byte of each shape deleted, doubled or replaced', () => {
    taken = 0;
    const shapes = [...HEADERS, exp(' 12345-O.N... 0 P12345678 P7 P12345678 }', ' 12345678901234 jiffies s: 12345678901234 root: 0xabcdef/T')];
    for (const h of shapes) everyByte(bytes(h), (b) => { same(b, 0, b.length); });
    assert.ok(taken > 0);
  });
});

describe('wasm stall header: random mutations of the three shapes', () => {
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
  const cpu = (d: fc.Arbitrary<string>, f: fc.Arbitrary<string>) =>
    fc.tuple(d, fc.option(f, { nil: undefined })).map(([c, x]) => x === undefined ? c : `${c}-${x}`);
  const token = fc.oneof(
    { weight: 4, arbitrary: cpu(digits(1, 5), fc.stringMatching(/^[.ONDdRr!0-9]{1,6}$/)) },
    { weight: 3, arbitrary: digits(1, 8).map((d) => `P${d}`) },
    { weight: 2, arbitrary: cpu(digits(0, 7), fc.stringMatching(/^[.!A-Za-z0-9@#]{0,8}$/)) },
    { weight: 1, arbitrary: digits(0, 11).map((d) => `P${d}`) },
    { weight: 2, arbitrary: fc.constantFrom('P1', 'P1', 'P392', '0-....', '3-O.N', '}', '', 'x') },
  );
  const sep = fc.constantFrom(' ', ' ', ' ', ' ', ' ', ' ', '  ', '', '\t');
  const expedited = fc.tuple(fc.array(fc.tuple(sep, token), { maxLength: 40 }), sep, fc.oneof(digits(1, 14), digits(0, 16)), fc.oneof(digits(1, 14), digits(0, 16)),
    fc.stringMatching(/^[0-9a-gxXT/.]{0,8}$/)).map(([list, close, j, s, root]) =>
    ` detected expedited stalls on CPUs/tasks: {${list.map(([a, b]) => a + b).join('')}${close}} ${j} jiffies s: ${s} root: ${root}`);
  const message = fc.tuple(fc.constantFrom('', 'rcu: ', 'rcu:', ' '), fc.constantFrom('INFO: ', 'INFO:', 'INFO: '),
    fc.constantFrom('rcu_preempt', 'rcu_sched', 'rcu_bh', 'rcu_tasks', 'rcu_s'),
    fc.oneof(fc.constantFrom(' detected stalls on CPUs/tasks:', ' self-detected stall on CPU'), expedited))
    .map(([a, b, c, d]) => bytes(a + b + c + d));
  const edit = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(...BYTES, ...BYTES, 0x41, 0x7f, 0xfe));
  const mutated = fc.tuple(message, fc.oneof(fc.constant([]), fc.array(edit, { maxLength: 3 }))).map(([msg, edits]) => {
    const b = [...msg];
    for (const [at, op, c] of edits) {
      const i = b.length === 0 ? 0 : at % (b.length + (op === 'insert' ? 1 : 0));
      if (op === 'delete') b.splice(i, 1); else if (op === 'insert') b.splice(i, 0, c); else if (i < b.length) b[i] = c;
    }
    return Uint8Array.from(b);
  });
  // A fixed seed in the ordinary run (the same inputs each time); a fresh one under npm run fuzz.
  const params = { ...fuzzParams(4000), ...(process.env['RCU_LENS_FUZZ'] ? {} : { seed: 0x5ca1ab1e }) };

  it('the module and stallHeader() agree, whatever lies around the message', () => {
    taken = 0;
    fc.assert(fc.property(mutated, fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 3 }), (msg, before, after) => {
      const b = Uint8Array.from([...before, ...msg, ...after]);
      same(b, before.length, before.length + msg.length);
    }), params);
    assert.ok(taken > 200, `${taken} headers taken`);
  });
});
