// CR where the skim loops run (log/lines.ts searches for CR only where a line it handles needs it;
// the skim loops stop before a line with a CR: the JavaScript ones at the splitter's `limit`, the
// WebAssembly ones at the CR itself). Random logs of plain dmesg and ftrace lines with CR-only
// ends, CRLF, lone CRs inside lines and at chunk edges, cut into random chunks: the splitter's
// lines (each line() and each line a skim took) are the editor's (LF, CRLF and CR end a line), and
// the analyses with the WebAssembly loops, the JavaScript ones and the full parser are the same.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { LineSplitter, type LineSink } from '../../src/core/log/lines';
import { analyzeBytes } from '../../src/core/analyze';
import { fuzzParams } from './support/fuzz';
import { agree, concat } from './support/agree';

const enc = new TextEncoder();
const ROOT = join(__dirname, '..', '..', '..');
/** Fixed seeds (a failure prints its own); `npm run fuzz` draws fresh ones. */
const params = (n: number, seed: number) => ({ ...fuzzParams(n), ...(process.env['RCU_LENS_FUZZ'] ? {} : { seed }) });

interface Got { lineNo: number; offset: number; length: number; text: string; how: string }

/** The editor's lines of the whole input: LF, CRLF and a lone CR end a line; a line is kept to
 * its first maxLine bytes. */
function reference(b: Uint8Array, maxLine: number): { lines: Got[]; unterminated: boolean; longLines: number } {
  const lines: Got[] = [];
  let start = 0, longLines = 0;
  const add = (e: number) => {
    const length = e - start;
    if (length > maxLine) longLines++;
    lines.push({ lineNo: lines.length + 1, offset: start, length, text: latin1(b, start, start + Math.min(length, maxLine)), how: '' });
  };
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10 || b[i] === 13) {
      add(i);
      if (b[i] === 13 && b[i + 1] === 10) i++;
      start = i + 1;
    }
  }
  const unterminated = start < b.length;
  if (unterminated) add(b.length);
  return { lines, unterminated, longLines };
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let t = '';
  for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
  return t;
}

/**
 * A sink whose skim takes the LF-ended lines that start with `[` (up to maxLine bytes), as the
 * skim loops do: `js` stops at the first line whose LF is at or past the splitter's limit;
 * otherwise it looks for a CR in each line itself (as the WebAssembly loops do) and stops there.
 */
function sink(maxLine: number, js: boolean): LineSink & { got: Got[] } {
  const got: Got[] = [];
  return {
    got,
    skimmed: 0,
    line(b, s, e, lineNo, offset, length) { got.push({ lineNo, offset, length, text: latin1(b, s, e), how: '' }); },
    skim(b, s, lineNo, limit) {
      let n = 0;
      // (offsets: the test feeds subarrays of one buffer, so b.byteOffset is where b starts)
      for (;;) {
        const e = b.indexOf(10, s);
        if (e === -1 || e - s > maxLine || b[s] !== 91) break;
        if (js ? e >= limit : b.subarray(s, e).includes(13)) break;
        got.push({ lineNo: lineNo + n, offset: b.byteOffset + s, length: e - s, text: latin1(b, s, e), how: '' });
        n++;
        s = e + 1;
      }
      this.skimmed = n;
      return s;
    },
  };
}

/** The splitter's lines of `bytes` cut at `cuts` (offsets in bytes, any order). */
function split(bytes: Uint8Array, cuts: number[], maxLine: number, how: 'none' | 'js' | 'wasm'): ReturnType<typeof reference> {
  const k = how === 'none' ? null : sink(maxLine, how === 'js');
  const got: Got[] = k?.got ?? [];
  const sp = new LineSplitter(k ?? { line(b, s, e, lineNo, offset, length) { got.push({ lineNo, offset, length, text: latin1(b, s, e), how: '' }); } }, { maxLine });
  // One buffer, fed in subarrays: a line's offset from a skim is its place in it.
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const c of [...at, bytes.length]) { sp.push(bytes.subarray(from, c)); from = c; }
  sp.end();
  // A carried line's offset is the splitter's own; the skim's are checked against the splitter's numbering.
  got.sort((a, b) => a.lineNo - b.lineNo);
  assert.equal(sp.lines, got.length, 'lines counted = lines given');
  return { lines: got, unterminated: sp.unterminated, longLines: sp.longLines };
}

// Line material: plain dmesg lines (what the skim loops take), ftrace event lines, junk.
const stamp = (s: number, us: number): string => `[${String(s).padStart(5)}.${String(us).padStart(6, '0')}] `;
const MSGS = ['noise', 'usb 1-1: new device', 'e1000: enp0s3 NIC Link is Up 1000 Mbps', 'x', '', 'hit cco', 'random: crng init done'];
const TRACE = ['          <idle>-0       [000] d..1.     3.013251: rcu_dyntick: Start 1 0 0x3bc',
  '            bash-1977    [001] ...1  1234.567800: rcu_utilization: Start context switch',
  '     kworker/0:1-12      [000] .....    11.000100: sched_waking: comm=rcu_preempt pid=15'];
const BREAKS = ['\n', '\n', '\n', '\n', '\r\n', '\r'];
/** A line: its text (with a lone CR put inside it, sometimes), then its line break. */
const line = fc.tuple(
  fc.oneof({ weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 999999 }), fc.constantFrom(...MSGS)).map(([s, u, m]) => stamp(s, u) + m) },
    { weight: 2, arbitrary: fc.constantFrom(...TRACE) },
    { weight: 1, arbitrary: fc.constantFrom('', 'junk', 'x'.repeat(150), '# tracer: nop') }),
  fc.oneof({ weight: 5, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(200) }),
  fc.constantFrom(...BREAKS),
).map(([t, cr, br]) => (cr >= 0 ? t.slice(0, cr % (t.length + 1)) + '\r' + t.slice(cr % (t.length + 1)) : t) + br);

/** Runs of good plain lines between the random ones, so the skim loops take long stretches and a
 * CR comes right after one. */
const run = (n: number, sec: number) => Array.from({ length: n }, (_, i) => stamp(sec, i % 1000000) + 'skimmed noise ' + i + '\n').join('');

/** Cuts: random places, and places at each CR and one byte after it (a CR first or last in a chunk). */
function cutsOf(bytes: Uint8Array, random: number[], atCR: number): number[] {
  const cuts = [...random];
  let k = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && (k++ % atCR) === 0) cuts.push(i, i + 1);
  }
  return cuts;
}

describe('LineSplitter: CR found where needed', () => {
  it('lines with CR, CRLF and lone CR between runs of skimmed lines, in random chunks: the editor\'s lines, skimmed or not', function () {
    this.timeout(300000);
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.array(line, { maxLength: 12 }), fc.integer({ min: 0, max: 120 })), { minLength: 1, maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(64, 100, 1 << 16),
      (parts, random, atCR, maxLine) => {
        const text = parts.map(([ls, n], k) => run(n, k) + ls.join('')).join('');
        const bytes = enc.encode(text);
        const cuts = cutsOf(bytes, random.map((r) => r % (bytes.length + 1)), atCR);
        const want = reference(bytes, maxLine);
        for (const how of ['none', 'js', 'wasm'] as const) {
          assert.deepEqual(split(bytes, cuts, maxLine, how), want, how);
        }
      },
    ), params(300, 0xc4));
  });

  it('a CR at a chunk\'s first and last byte, after a carried line, and far past a long CR-free stretch', () => {
    const body = run(2000, 1); // ~70 KB: the search windows double several times over it
    const cases = [
      body + 'a\rb\n' + body,
      '\r' + body + '\r',
      body + '\r\n' + body,
      'carried' + body + 'x\ry\n',
      body.slice(0, 1000) + '\r' + body,
      body + body + '\r',
      'x'.repeat(200_000) + '\r' + body,
      body.replace(/\n/g, '\r\n'),
      body.replace(/\n/g, '\r'),
    ];
    for (const text of cases) {
      const bytes = enc.encode(text);
      const want = reference(bytes, 1 << 16);
      for (const cuts of [[], cutsOf(bytes, [], 1), [7, 4096, 4097, 70_001], Array.from({ length: 200 }, (_, i) => i * 997)]) {
        for (const how of ['none', 'js', 'wasm'] as const) assert.deepEqual(split(bytes, cuts, 1 << 16, how), want, `${how}, ${cuts.length} cuts`);
      }
    }
  });
});

describe('skim loops and CR: the same analysis three ways', () => {
  /** Plain lines first, so the sniffer settles on dmesg and the fast paths are on. */
  const HEAD = run(40, 0);
  /** An analysis that shows line numbers: a profile's marks, so the lines after a CR are counted right. */
  const MARKS = ['hit cco', 'end cco', 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:'];

  it('random dmesg logs with CR, CRLF and lone CRs, around the WebAssembly loop\'s runs and in random chunks', function () {
    this.timeout(300000);
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.array(line, { maxLength: 8 }), fc.integer({ min: 0, max: 300 }), fc.constantFrom(...MARKS)), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }),
      (parts, cuts) => {
        const text = HEAD + parts.map(([ls, n, mark], k) => run(n, k + 1) + ls.join('') + stamp(k + 1, 999999) + mark + '\n').join('');
        agree(enc.encode(text), [1 << 16, ...cuts]);
      },
    ), params(150, 0xc5));
  });

  it('a CR in a line the WebAssembly loop would take, right after a skimmed run, and at chunk edges', () => {
    const body = run(3000, 1);
    const lines = body.split('\n');
    for (const k of [0, 1, 1500, 2999]) {
      for (const edit of ['lone', 'cr', 'crlf', 'start', 'double']) {
        const ls = lines.slice();
        const l = ls[k]!;
        ls[k] = edit === 'lone' ? l.slice(0, 20) + '\r' + l.slice(20)
          : edit === 'cr' ? l + '\r' + stamp(1, 0) + 'hit cco'
            : edit === 'crlf' ? l + '\r'
              : edit === 'start' ? '\r' + l
                : l + '\r\r';
        const text = HEAD + ls.join('\n') + stamp(2, 0) + 'hit cco\n';
        const bytes = enc.encode(text);
        const cr = bytes.indexOf(13);
        for (const cuts of [[1 << 20], [cr], [cr + 1], [cr, 1, 4096], [cr + 1, 65536]]) {
          const first = cuts[0]!;
          agree(bytes, cuts.slice(1).length ? cuts.slice(1) : [1 << 20], { first });
        }
        // and the splitter's numbering reaches the analysis: the last mark is on the editor's last line
        const a = analyzeBytes(bytes, {});
        assert.equal(a.lines, reference(bytes, 1 << 16).lines.length, `${edit} at ${k}`);
      }
    }
  });

  it('ftrace logs with CR, CRLF and lone CRs in random chunks', function () {
    this.timeout(300000);
    const real = gunzipSync(readFileSync(join(ROOT, 'test/fixtures/traces/phased-rcutrace.trace.log.gz'))).toString('utf8').split('\n');
    const head = real.slice(0, 800).join('\n') + '\n';
    const body = real.slice(800, -1);
    fc.assert(fc.property(
      fc.nat(), fc.integer({ min: 1, max: 600 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('lone', 'cr', 'crlf')), { maxLength: 10 }),
      fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }),
      (at, n, edits, cuts) => {
        const from = at % (body.length - n);
        const ls = body.slice(from, from + n).map((l) => l + '\n');
        for (const [which, pos, edit] of edits) {
          const i = which % ls.length, l = ls[i]!;
          const p = pos % l.length;
          ls[i] = edit === 'lone' ? l.slice(0, p) + '\r' + l.slice(p) : edit === 'cr' ? l.slice(0, -1) + '\r' : l.slice(0, -1) + '\r\n';
        }
        const bytes = concat(enc.encode(head), enc.encode(ls.join('')));
        agree(bytes, cuts, { first: head.length - 3000, format: 'ftrace' });
      },
    ), params(100, 0xc6));
  });
});
