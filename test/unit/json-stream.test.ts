// JSON output written as a stream (issue 14): `analyze --json` on a log of 200,000 runs made one
// string of ~900 MB and died with `RangeError: Invalid string length`. jsonChunks must give
// exactly JSON.stringify's text, in bounded pieces, and the CLI's JSON must grow linearly.

import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { jsonChunks } from '../../src/core/jsonStream';
import { analyzeText } from '../../src/core/analyze';
import { cli } from './support/cli';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const SEED = join(FIX, 'seed', 'phased-state-change.log');

const joined = (v: unknown, indent = 0, o: { piece?: number; small?: number } = {}): string | undefined => {
  const parts = [...jsonChunks(v, indent, o)];
  return parts.length ? parts.join('') : undefined;
};

/** Back-to-back runs of the seed's 14 scenario lines, one line every millisecond. */
function seedRuns(n: number): string {
  const RUN = ['phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint',
    'end cco_quickly', 'hit do_maint', 'start cco2', 'hit cco', 'hit cco_carefully', 'end do_maint', 'end cco_carefully', 'end maint'];
  const out: string[] = [];
  for (let i = 0; i < n * RUN.length; i++) out.push(`[${(100 + i * 1e-3).toFixed(6).padStart(12)}] ${RUN[i % RUN.length]}\n`);
  return out.join('');
}

describe('JSON as a stream (jsonChunks)', function () {
  this.timeout(120_000);

  it('is JSON.stringify, whatever the value, indent and piece size (fast-check)', () => {
    // undefined, functions and non-finite numbers inside, as JSON.stringify drops or nulls them
    const odd = fc.constantFrom(undefined, () => 1, NaN, Infinity, -0, new Date(0));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, fc.array(tie('v')), fc.dictionary(fc.string(), tie('v'))),
    })).v;
    fc.assert(fc.property(value, fc.constantFrom(0, 2, 4), fc.integer({ min: 1, max: 64 }), fc.constantFrom(0, 3, 256), (v, indent, piece, small) => {
      assert.equal(joined(v, indent, { piece, small }), JSON.stringify(v, null, indent));
    }), { numRuns: 500 });
  });

  it('is JSON.stringify on real analyses (the seed log, 300 runs, 4,000 readers with stray ends)', () => {
    const readers = ['phased state change - init module', 'start maint', 'hit maint'];
    for (let i = 0; i < 4000; i++) readers.push(`start cco${i}`, 'hit cco', 'hit cco_quickly');
    for (let i = 0; i < 4000; i++) readers.push('end cco_carefully');
    const logs = [readFileSync(SEED, 'utf8'), seedRuns(300), readers.map((m, i) => `[${(100 + i * 1e-4).toFixed(6).padStart(12)}] ${m}\n`).join('')];
    for (const text of logs) {
      const a = { file: 'x.log', ...analyzeText(text) };
      assert.equal(joined(a), JSON.stringify(a));
      assert.equal(joined(a, 2), JSON.stringify(a, null, 2));
    }
  });

  it('yields pieces of bounded size, however large the whole', () => {
    const a = analyzeText(seedRuns(500));
    const parts = [...jsonChunks(a, 0, { piece: 4096 })];
    assert.ok(parts.length > 50, `${parts.length} pieces`);
    // a piece ends after the first item that takes it past the size; no item here is near 8 KB
    for (const p of parts) assert.ok(p.length < 4096 + 8192, `${p.length}`);
  });

  it('throws on a cycle, as JSON.stringify does', () => {
    const a: unknown[] = [];
    a.push({ a });
    assert.throws(() => [...jsonChunks(a, 0, { small: 0 })], TypeError);
  });

  it('analyze --json and check --format json: output grows linearly in the runs and parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-json-'));
    const size = async (n: number, args: string[]): Promise<number> => {
      const f = join(dir, `runs-${n}.log`);
      writeFileSync(f, seedRuns(n));
      const r = await cli(...args.map((x) => (x === 'FILE' ? f : x)));
      const parsed = JSON.parse(r.out) as { runs: unknown[] };
      assert.equal(parsed.runs.length, n);
      return r.out.length;
    };
    for (const args of [['analyze', 'FILE', '--json'], ['check', 'FILE', '--format', 'json']]) {
      const s1 = await size(200, args), s2 = await size(400, args), s4 = await size(800, args);
      // linear: each doubling of the runs about doubles the output (line numbers grow a digit)
      assert.ok(s2 <= 2.05 * s1 && s4 <= 2.05 * s2, `${s1} ${s2} ${s4}`);
      assert.ok(s4 >= 3.5 * s1, `${s1} ${s4}`);
    }
  });
});
