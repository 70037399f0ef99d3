// rcuLens.noiseFilters (src/extension/noise.ts, no vscode import): dropped lines become empty lines,
// so line numbers never move; the byte stream (Open Large Log) and the text (the editor) agree.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyzeBytes } from '../../src/core/analyze';
import { NoiseStream, dropNoise } from '../../src/extension/noise';

const enc = new TextEncoder(), dec = new TextDecoder();

function stream(text: string, filters: RegExp[], cuts: number[]): string {
  const out: Uint8Array[] = [];
  const s = new NoiseStream(filters, (b) => out.push(b.slice()));
  const bytes = enc.encode(text);
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) { s.push(bytes.subarray(at, Math.max(at, Math.min(c, bytes.length)))); at = Math.max(at, Math.min(c, bytes.length)); }
  s.push(bytes.subarray(at));
  s.end();
  return out.map((b) => dec.decode(b)).join('');
}

describe('noise filters', () => {
  const seed = readFileSync('test/fixtures/seed/phased-state-change.log', 'utf8');

  it('empties matching lines and keeps every line number', () => {
    const filtered = dropNoise(seed, [/audit: type=/]);
    assert.equal(filtered.split('\n').length, seed.split('\n').length);
    assert.ok(!/audit/.test(filtered));
    const a = analyzeBytes(enc.encode(seed)), b = analyzeBytes(enc.encode(filtered));
    assert.deepEqual(b.events.map((e) => [e.line, e.kind]), a.events.map((e) => [e.line, e.kind]));
    assert.deepEqual(b.runs[0]!.phases.map((p) => [p.name, p.startLine, p.endLine]), a.runs[0]!.phases.map((p) => [p.name, p.startLine, p.endLine]));
  });

  it('a dropped scenario line no longer counts, and the lines after it keep their numbers', () => {
    const a = analyzeBytes(enc.encode(stream(seed, [/\] start cco2$/], [100, 1000])));
    assert.ok(!a.events.some((e) => e.kind === 'spawn' && e.task === 'cco2'));
    assert.equal(a.events.find((e) => e.kind === 'update-end')?.line, 33);
  });

  it('breaks lines where the editor does (LF, CRLF, lone CR) and keeps every break', () => {
    assert.equal(dropNoise('a\r\nnoise x\r\nb\r\n', [/noise/]), 'a\r\n\r\nb\r\n');
    // a lone CR ends a line: only the noise line goes, and `^`/`$` anchor at the editor's lines
    assert.equal(dropNoise('[1] hit cco\r[2] audit: x\r[3] hit cco_quickly\n', [/audit:/]), '[1] hit cco\r\r[3] hit cco_quickly\n');
    assert.equal(dropNoise('keep\raudit: x\r\nkeep$', [/^audit: x$/]), 'keep\r\r\nkeep$');
    // a lone CR, the noise, a LF: the CR and LF must not close up into one CRLF
    assert.equal(dropNoise('a\rnoise\nb', [/noise/]), 'a\r \nb');
    for (const cuts of [[1], [2], [7]]) assert.equal(stream('a\rnoise\nb', [/noise/], cuts), 'a\r \nb');
    for (const cuts of [[5], [6], [17], [5, 6, 7]]) {
      assert.equal(stream('[1] hit cco\r[2] audit: x\r\n[3] x\r', [/audit:/], cuts), '[1] hit cco\r\r\n[3] x\r');
    }
  });

  it('streams the same text as the whole-text filter, however the input is cut', () => {
    const line = fc.oneof(fc.constantFrom('noise here', 'x\rnoise', '[ 1.0] hit cco', 'rcu: x', '', '\r', 'é noise', 'x\ry'), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(400), { maxLength: 6 }), (lines, nl, cuts) => {
      const text = lines.join(nl);
      const out = stream(text, [/noise/], cuts);
      assert.equal(out, dropNoise(text, [/noise/]));
      const breaks = (t: string) => t.match(/\r\n|\r|\n/g)?.length ?? 0;
      assert.equal(breaks(out), breaks(text), 'the editor would number lines differently');
    }), { numRuns: 300 });
  });
});
