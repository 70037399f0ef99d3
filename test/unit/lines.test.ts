import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter, splitAll } from '../../src/core/log/lines';

interface Got { text: string; lineNo: number; offset: number; length: number }

function collect(input: Uint8Array, chunkSizes: number[], maxLine?: number): { lines: Got[]; sp: LineSplitter } {
  const lines: Got[] = [];
  const dec = new TextDecoder('latin1');
  const sp = new LineSplitter({
    line(b, s, e, lineNo, offset, length) { lines.push({ text: dec.decode(b.subarray(s, e)), lineNo, offset, length }); },
  }, maxLine ? { maxLine } : {});
  let i = 0, k = 0;
  while (i < input.length) {
    const n = Math.max(1, chunkSizes.length ? chunkSizes[k++ % chunkSizes.length]! : input.length);
    sp.push(input.subarray(i, i + n));
    i += n;
  }
  sp.end();
  return { lines, sp };
}

/** What an editor shows: split on CRLF, LF or lone CR. */
function reference(s: string): Got[] {
  const out: Got[] = [];
  let start = 0, n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\n' || c === '\r') {
      out.push({ text: s.slice(start, i), lineNo: ++n, offset: start, length: i - start });
      if (c === '\r' && s[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (start < s.length) out.push({ text: s.slice(start), lineNo: ++n, offset: start, length: s.length - start });
  return out;
}

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('LineSplitter', () => {
  it('splits LF, CRLF and lone CR like an editor, with offsets', () => {
    const s = 'a\nbb\r\nccc\rdd\r\n\nlast';
    const { lines, sp } = collect(latin1(s), []);
    assert.deepEqual(lines, reference(s));
    assert.equal(sp.unterminated, true);
    assert.equal(sp.lines, 6);
  });

  it('handles a CRLF split across two chunks as one break', () => {
    const { lines } = collect(latin1('one\r\ntwo\n'), [4, 1, 10]);
    assert.deepEqual(lines.map((l) => l.text), ['one', 'two']);
  });

  it('cuts lines longer than maxLine but keeps their true length and the numbering', () => {
    const long = 'x'.repeat(200_000);
    const { lines, sp } = collect(latin1(`a\n${long}\nb\n`), [4096], 1000);
    assert.equal(lines.length, 3);
    assert.equal(lines[1]!.text.length, 1000);
    assert.equal(lines[1]!.length, 200_000);
    assert.equal(lines[2]!.text, 'b');
    assert.equal(lines[2]!.offset, 2 + 200_001);
    assert.equal(sp.longLines, 1);
  });

  it('agrees with the reference for any bytes and any chunking', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('a', 'b', '\n', '\r', ' ', '\0', 'é'), { maxLength: 300 }).map((a) => a.join('')),
      fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 8 }),
      (s, chunks) => {
        assert.deepEqual(collect(latin1(s), chunks).lines, reference(s));
      },
    ), { numRuns: 500 });
  });

  it('splitAll takes a string', () => {
    const lines: string[] = [];
    splitAll('x\ny', { line(b, s, e) { lines.push(new TextDecoder().decode(b.subarray(s, e))); } });
    assert.deepEqual(lines, ['x', 'y']);
  });
});
