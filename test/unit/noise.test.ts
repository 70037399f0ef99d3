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

  it('keeps CRs of a dropped line, so CRLF and lone-CR line breaks still count', () => {
    assert.equal(dropNoise('a\r\nnoise x\r\nb\r\n', [/noise/]), 'a\r\n\r\nb\r\n');
    assert.equal(dropNoise('noise\rmore\nb', [/noise/]), '\r\nb');
    assert.equal(stream('noise\rmore\nb', [/noise/], [3]), '\r\nb');
  });

  it('streams the same text as the whole-text filter, however the input is cut', () => {
    const line = fc.oneof(fc.constantFrom('noise here', '[ 1.0] hit cco', 'rcu: x', '', '\r', 'é noise', 'x\ry'), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(400), { maxLength: 6 }), (lines, nl, cuts) => {
      const text = lines.join(nl);
      assert.equal(stream(text, [/noise/], cuts), dropNoise(text, [/noise/]));
    }), { numRuns: 300 });
  });
});
