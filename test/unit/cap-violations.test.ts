// Violations capped per rule, as warnings are (issue 14: "keep findings compact, name a few, count
// the rest"): the first MAX_VIOLATIONS_PER_RULE of a rule are listed, then one summary of the same
// rule counts the rest. check still exits 1, SARIF still has a result for them, JSON says how many.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { MAX_VIOLATIONS_PER_RULE, capViolations, violationCount } from '../../src/core/capViolations';
import type { Violation } from '../../src/core/model';
import { cli } from './support/cli';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const GP1 = readFileSync(join(FIX, 'violations', 'no-first-synchronize_rcu.log'), 'utf8');

const stamp = (i: number) => `[${(100 + i * 1e-4).toFixed(6).padStart(12)}] `;

/** n quick readers, all open, then n `end cco_carefully` that end nothing (the 464 KB log at 4,000). */
function strayEnds(n: number): string {
  const msgs = ['phased state change - init module', 'start maint', 'hit maint'];
  for (let i = 0; i < n; i++) msgs.push(`start cco${i}`, 'hit cco', 'hit cco_quickly');
  for (let i = 0; i < n; i++) msgs.push('end cco_carefully');
  return msgs.map((m, i) => stamp(i) + m + '\n').join('');
}

function tmp(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'rcu-cap-')), name);
  writeFileSync(f, text);
  return f;
}

describe('violations capped per rule', function () {
  this.timeout(120_000);

  it('capViolations keeps the first of each rule in line order and counts the rest (fast-check)', () => {
    const rules = ['gp1-wait', 'gp2-wait', 'end-without-begin'] as const;
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...rules), fc.integer({ min: 1, max: 500 })), { maxLength: 400 }), fc.integer({ min: 1, max: 20 }), (raw, max) => {
      const vs: Violation[] = raw.map(([rule, line]) => ({ rule, line, message: `${rule} at ${line}`, run: 0, related: [] })).sort((a, b) => a.line - b.line);
      const out = capViolations(vs, max);
      assert.equal(violationCount(out), vs.length);
      for (const rule of rules) {
        const all = vs.filter((v) => v.rule === rule), got = out.filter((v) => v.rule === rule);
        const listed = got.filter((v) => v.omitted === undefined), sums = got.filter((v) => v.omitted !== undefined);
        assert.deepEqual(listed, all.slice(0, max));
        assert.equal(sums.length, all.length > max ? 1 : 0);
        if (sums[0]) {
          assert.equal(sums[0].omitted, all.length - max);
          assert.equal(sums[0].line, all[max]!.line);
        }
      }
      for (let i = 1; i < out.length; i++) assert.ok(out[i - 1]!.line <= out[i]!.line);
    }), { numRuns: 300 });
  });

  it('4,000 stray ends: 100 listed, "and 3,900 more like it", check exits 1 with bounded output', async () => {
    const a = analyzeText(strayEnds(4000));
    const ewb = a.violations.filter((v) => v.rule === 'end-without-begin');
    assert.equal(ewb.length, MAX_VIOLATIONS_PER_RULE + 1);
    assert.equal(violationCount(ewb), 4000);
    const sum = ewb[ewb.length - 1]!;
    assert.equal(sum.omitted, 3900);
    assert.match(sum.message, /^and 3,900 more like it \(lines \d+–\d+\)/);

    const file = tmp('ends.log', strayEnds(4000));
    const text = await cli('check', file);
    assert.equal(text.code, 1);
    assert.match(text.out, /: and 3,900 more like it .*\[end-without-begin\]\n/);
    const json = await cli('check', file, '--format', 'json');
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.out) as { violations: Violation[] };
    assert.equal(violationCount(parsed.violations.filter((v) => v.rule === 'end-without-begin')), 4000);
    const sarif = await cli('check', file, '--format', 'sarif');
    assert.equal(sarif.code, 1);
    const results = (JSON.parse(sarif.out) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0]!.results;
    assert.ok(results.some((r) => r.ruleId === 'end-without-begin' && /^and 3,900 more like it/.test(r.message.text)));
  });

  it('every violation listed has its message; maxViolationsPerRule: Infinity lists them all (simulate --exhaustive)', () => {
    const text = strayEnds(300);
    const all = analyzeText(text, { maxViolationsPerRule: Infinity }).violations.filter((v) => v.rule === 'end-without-begin');
    assert.equal(all.length, 300);
    const capped = analyzeText(text).violations.filter((v) => v.rule === 'end-without-begin');
    assert.equal(capped.length, MAX_VIOLATIONS_PER_RULE + 1);
    for (const v of [...all, ...capped]) assert.match(v.message, /^`end cco_carefully` ends a read-side critical section that never began|^and 200 more like it/);
    assert.deepEqual(capped.slice(0, MAX_VIOLATIONS_PER_RULE), all.slice(0, MAX_VIOLATIONS_PER_RULE));
  });

  it('check prints the same bounded number of lines for 200 or 2,000 stray ends', async () => {
    const lines = async (n: number) => (await cli('check', tmp('e.log', strayEnds(n)))).out.split('\n').length;
    const small = await lines(200), large = await lines(2000);
    assert.equal(small, large);
    assert.ok(large <= 3 * (MAX_VIOLATIONS_PER_RULE + 2), `${large}`);
  });

  it('a real violation fixture 300 times over: each rule listed 100 times, then counted', () => {
    const a = analyzeText(GP1.repeat(300));
    assert.equal(a.runs.length, 300);
    for (const rule of ['gp1-wait', 'quick-during-maint'] as const) {
      const vs = a.violations.filter((v) => v.rule === rule);
      assert.equal(vs.length, MAX_VIOLATIONS_PER_RULE + 1, rule);
      assert.equal(violationCount(vs), 300, rule);
      assert.match(vs[vs.length - 1]!.message, /^and 200 more like it/);
    }
  });
});
