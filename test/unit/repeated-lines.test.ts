// "Quadratic on repeated scenario lines" (issue 14): a scenario line repeated n times keeps every
// stage linear. Unit tests never time anything (the bench does: `RCU_BENCH_ONLY=repeated npm run
// bench`); here the output must grow at most linearly and the findings stay compact: warnings
// of a kind are capped, candidate lists and "end without begin" messages name a few and count the rest.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { MAX_WARNINGS_PER_KIND } from '../../src/core/capWarnings';

const HEAD = ['phased state change - init module', 'start cco1', 'start cco2', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint'];
const LINES = [...HEAD, 'hit cco_carefully', 'end cco_quickly', 'end cco_carefully', 'hit do_maint', 'end do_maint', 'end maint', 'start cco3'];

function log(msgs: string[]): string {
  return msgs.map((m, i) => `[${(100 + i * 0.001).toFixed(6).padStart(12)}] ${m}`).join('\n') + '\n';
}

describe('a scenario line repeated n times', function () {
  this.timeout(120_000);

  it('output and findings grow at most linearly, warnings are capped (fast-check)', () => {
    fc.assert(fc.property(fc.constantFrom(...LINES), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: HEAD.length }), (msg, n, head) => {
      const a = analyzeText(log([...HEAD.slice(0, head), ...Array<string>(n).fill(msg)]));
      const lines = head + n;
      // Every event, reader and run is a bounded number of bytes: no message lists the others.
      assert.ok(JSON.stringify(a).length <= 2000 + 1200 * lines, `${JSON.stringify(a).length} bytes for ${lines} lines`);
      for (const e of a.events) assert.ok((e.candidates?.length ?? 0) <= 8);
      for (const v of a.violations) assert.ok(v.message.length < 1000, v.message.slice(0, 200));
      // Warnings: each kind capped, plus one summary line per kind.
      const kinds = 20;
      assert.ok(a.warnings.length <= kinds * (MAX_WARNINGS_PER_KIND + 1), `${a.warnings.length} warnings`);
    }), { numRuns: 60 });
  });

  it('10,000 `hit cco`: one run, every reader, the warnings summed up', () => {
    const a = analyzeText(log([...HEAD, ...Array<string>(10_000).fill('hit cco')]));
    assert.equal(a.runs.length, 1);
    assert.equal(a.runs[0]!.readers.length, 10_001);
    assert.ok(a.warnings.some((w) => /^and \d[\d,]* more like it \(lines \d+–\d+\), not listed one by one: a reader never ends$/.test(w.message)), a.warnings.slice(-3).map((w) => w.message).join('\n'));
  });

  it('10,000 `end cco_quickly`: the ambiguous end names a few candidates and counts them', () => {
    const a = analyzeText(log([...HEAD, ...Array<string>(20).fill('hit cco'), ...Array<string>(20).fill('hit cco_quickly'), ...Array<string>(10_000).fill('end cco_quickly')]));
    const first = a.events.find((e) => e.kind === 'reader-end-quick')!;
    assert.equal(first.attribution, 'ambiguous');
    assert.equal(first.candidates!.length, 8);
    assert.equal(first.candidateCount, 21);
    const ewb = a.violations.filter((v) => v.rule === 'end-without-begin');
    assert.ok(ewb.length > 0);
    assert.match(ewb[0]!.message, /and 18 more$/);
  });
});
