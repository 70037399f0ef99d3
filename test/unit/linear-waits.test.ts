// "Every stage must stay linear in the number of lines and events whatever they say" (issue 14),
// for the relation between grace periods and readers: a log where N readers are inside while N
// synchronize_rcu() calls come and go has N×N (reader, grace period) pairs. Each grace period used
// to list every reader it waited for and each reader every grace period that waited for it:
// memory, time and `analyze --json` grew as N². Now each list names at most MAX_NAMED_LINKS and a
// count says how many (src/core/waitLinks.ts), the rules count the pairs without visiting them,
// and the findings are the same (the unit suites on every fixture say so).
//
// No timing: the JSON's size and the steps counted in linkWork.steps must grow about 4 times
// when N does (16 times would be quadratic). On the code before this change the builtin pattern's
// JSON grew 15.7 times from 1,000 to 4,000 readers and its lists held N² entries; the seed (two
// grace periods a run) listed all N readers in each.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import type { Analysis } from '../../src/core/model';
import { violationCount } from '../../src/core/capViolations';
import { renderText } from '../../src/core/report/text';
import { buildTimeline } from '../../src/core/timeline/timeline';
import { buildLineIndex } from '../../src/core/explain/lineIndex';
import { explainLine, plainLineRef } from '../../src/core/explain/lineHover';
import { MAX_NAMED_LINKS, linkWork } from '../../src/core/waitLinks';
import { cli } from './support/cli';

const stamp = (i: number) => `[${(100 + i * 1e-4).toFixed(6).padStart(12)}] `;
const log = (msgs: string[]) => msgs.map((m, i) => stamp(i) + m + '\n').join('');

/** rcu-list: n readers begin, then n synchronize_rcu() calls return; the readers end after them all, or never. */
function listLog(n: number, readersEnd: boolean): string {
  const msgs = ['rcu_list: init mode=sync elements=8 readers=2 rounds=2', 'rcu_list: start deleter'];
  for (let i = 0; i < n; i++) msgs.push(`rcu_list: reader ${i}: begin`);
  for (let i = 0; i < n; i++) msgs.push('rcu_list: deleter: synchronize_rcu() begin', 'rcu_list: deleter: synchronize_rcu() end');
  if (readersEnd) for (let i = 0; i < n; i++) msgs.push(`rcu_list: reader ${i}: end`);
  return log(msgs);
}

/** rcu-list: n readers begin, the deleter unlinks and frees n elements with no grace period, then
 * the readers end (reader 0 reporting element 0 freed under it): n² uses after free. */
function unlinkLog(n: number): string {
  const msgs = ['rcu_list: init mode=none elements=8 readers=2 rounds=2', 'rcu_list: start deleter'];
  for (let i = 0; i < n; i++) msgs.push(`rcu_list: reader ${i}: begin`);
  for (let i = 0; i < n; i++) msgs.push(`rcu_list: deleter: unlink element ${i}`);
  for (let i = 0; i < n; i++) msgs.push(`rcu_list: deleter: kfree element ${i}`);
  msgs.push('rcu_list: reader 0: use-after-free of element 0');
  for (let i = 0; i < n; i++) msgs.push(`rcu_list: reader ${i}: end`);
  return log(msgs);
}

/** The seed: n quick readers inside, then the update with its two synchronize_rcu() calls; the
 * readers never end. (A seed run has two grace periods, so its pairs were 2n: the lists were long,
 * not quadratic.) */
function seedLog(n: number): string {
  const msgs = ['phased state change - init module'];
  for (let i = 0; i < n; i++) msgs.push(`start cco${i}`, 'hit cco', 'hit cco_quickly');
  msgs.push('start maint', 'hit maint', 'hit do_maint', 'end do_maint', 'end maint');
  return log(msgs);
}

/** Entries held in every link list of an analysis. */
function entries(a: Analysis): number {
  let n = 0;
  for (const r of a.runs) {
    for (const g of r.gracePeriods) n += g.waitedFor.length + g.overlapping.length;
    for (const rd of r.readers) n += rd.waitedForBy.length + rd.overlaps.length;
  }
  for (const rr of a.rcu ?? []) for (const w of rr.waits) n += w.waitedFor.length;
  return n;
}

interface Measure { a: Analysis; steps: number; bytes: number; entries: number }

async function measure(text: string): Promise<Measure> {
  const before = linkWork.steps;
  const a = analyzeText(text);
  const steps = linkWork.steps - before;
  const file = join(mkdtempSync(join(tmpdir(), 'rcu-waits-')), 'w.log');
  writeFileSync(file, text);
  const json = await cli('analyze', file, '--json');
  assert.equal(json.code, 0, json.err);
  return { a, steps, bytes: json.out.length, entries: entries(a) };
}

function assertLinear(small: Measure, large: Measure, what: string, keys: readonly ('bytes' | 'steps' | 'entries')[] = ['bytes', 'steps', 'entries']): void {
  // 4 times the input: about 4 times the output and the work (quadratic would be 16).
  for (const k of keys) {
    const ratio = large[k] / small[k];
    assert.ok(ratio > 2 && ratio < 6, `${what}: ${k} grew ${ratio.toFixed(2)} times (${small[k]} → ${large[k]})`);
  }
}

describe('grace periods and readers: linked in linear size and work', function () {
  this.timeout(300_000);

  it('rcu-list, N readers inside while N synchronize_rcu() return: each list names 20 and counts N', async () => {
    const ms: Measure[] = [];
    for (const n of [1000, 4000]) {
      const m = await measure(listLog(n, false));
      ms.push(m);
      const run = m.a.runs[0]!;
      assert.equal(run.gracePeriods.length, n);
      for (const g of run.gracePeriods) {
        assert.equal(g.waitedForCount, n);
        assert.deepEqual(g.waitedFor, [...Array(MAX_NAMED_LINKS).keys()]);
      }
      for (const rd of run.readers) {
        assert.equal(rd.waitedForByCount, n);
        assert.deepEqual(rd.waitedForBy, [...Array(MAX_NAMED_LINKS).keys()].map((i) => i + 1));
      }
      for (const w of m.a.rcu![0]!.waits) assert.equal(w.waitedForCount, n);
      assert.ok(m.entries <= 2 * MAX_NAMED_LINKS * (2 * n), `${m.entries} entries`);
      // Every pair still counted: each return warns of each reader that never ends (summed up).
      const kind = m.a.warnings.filter((w) => w.kind === 'a waited-for reader with no end line');
      assert.equal(kind.reduce((s, w) => s + (w.omitted ?? 1), 0), n * n);
    }
    assertLinear(ms[0]!, ms[1]!, 'rcu-list');
  });

  it('rcu-list, the readers end after every return: all N² gp-wait violations counted, 100 built', async () => {
    const ms: Measure[] = [];
    for (const n of [1000, 4000]) {
      const m = await measure(listLog(n, true));
      ms.push(m);
      const vs = m.a.violations.filter((v) => v.rule === 'gp-wait');
      assert.equal(violationCount(vs), n * n);
      assert.equal(vs.filter((v) => v.omitted === undefined).length, 100);
      // the first listed are those the pair-by-pair check listed first: the first return, readers in order
      assert.match(vs[0]!.message, /^synchronize_rcu\(\) returned \(line \d+\) before reader 0 left/);
      assert.match(vs[1]!.message, / before reader 1 left/);
    }
    assertLinear(ms[0]!, ms[1]!, 'rcu-list, readers end');
  });

  it('rcu-list, N readers inside across N unlinks and frees: all N² uses after free counted, 100 built', async () => {
    const ms: Measure[] = [];
    for (const n of [1000, 4000]) {
      const m = await measure(unlinkLog(n));
      ms.push(m);
      const vs = m.a.violations.filter((v) => v.rule === 'use-after-free');
      // the module's own report is explained by the rule (reader 0 was inside at element 0's unlink): not one more
      assert.equal(violationCount(vs), n * n);
      assert.equal(vs.filter((v) => v.omitted === undefined).length, 100);
      assert.match(vs[0]!.message, /^element 0 is freed \(line \d+\) while reader 0, which was inside its read-side critical section since line 3, before the unlink at line \d+, is still in/);
      assert.match(vs[1]!.message, /^element 0 is freed .* while reader 1,/);
    }
    // (no wait, so no link lists: the work is what was quadratic here)
    assertLinear(ms[0]!, ms[1]!, 'rcu-list, unlinks', ['bytes', 'steps']);
  });

  it('the seed, N readers inside at both grace periods: each names 20 and counts N', async () => {
    const ms: Measure[] = [];
    for (const n of [1000, 4000]) {
      const m = await measure(seedLog(n));
      ms.push(m);
      const run = m.a.runs[0]!;
      assert.deepEqual(run.gracePeriods.map((g) => [g.index, g.waitedForCount, g.waitedFor.length]), [[1, n, MAX_NAMED_LINKS], [2, n, MAX_NAMED_LINKS]]);
      for (const rd of run.readers) assert.deepEqual([rd.waitedForBy, rd.waitedForByCount], [[1, 2], 2]);
      const kind = m.a.warnings.filter((w) => w.kind === 'a waited-for reader with no end line');
      assert.equal(kind.reduce((s, w) => s + (w.omitted ?? 1), 0), 2 * n);
    }
    assertLinear(ms[0]!, ms[1]!, 'seed');
  });

  it('views say how many a cut list stands for', async () => {
    const a = analyzeText(listLog(300, false));
    const text = renderText(a, { file: 'w.log' });
    assert.match(text, /waited for 300 readers: reader 0 \(line 3–\(no end\)\), .*, reader 19 \(line 22–\(no end\)\) and 280 more\n/);
    assert.match(text, /waited for by GP1, GP2, .*, GP20 and 280 more/);
    assert.match(text, /synchronize_rcu +lines \d+–\d+ +by deleter; waited for 300 readers inside before the call/);
    const t = buildTimeline(a);
    const notes = t.notes;
    assert.ok(notes.some((n) => /^waited for 300 readers: reader 0, .* and 280 more$/.test(n)), notes.slice(0, 5).join('\n'));
    assert.ok(notes.some((n) => /^grace periods 1, 2, .*, 20 and 280 more waited for it$/.test(n)), notes.slice(0, 5).join('\n'));
    // Hovers: a reader's begin line (line 3 is reader 0's), a synchronize_rcu() call
    const ix = buildLineIndex(a);
    const onReader = explainLine(ix, 3, { lineRef: plainLineRef })!;
    assert.match(onReader, /waited for by `synchronize_rcu\(\)` at line \d+, .* and 280 more\./);
    const call = 3 + 300; // the first synchronize_rcu() begin
    const onCall = explainLine(ix, call, { lineRef: plainLineRef })!;
    assert.match(onCall, /must wait for reader 0, reader 1, .*, reader 19 and 280 more, inside before the call\./);
    const seedA = analyzeText(seedLog(50));
    const onGp = explainLine(buildLineIndex(seedA), 2 + 3 * 50 + 2, { lineRef: plainLineRef })!; // hit maint
    assert.match(onGp, /It had to wait for the 50 readers already in a critical section when it began: .*; and 30 more\.|It had to wait for the 50 readers already in a critical section when it began: .* and 30 more\./);
    const onSeedReader = explainLine(buildLineIndex(seedA), 3, { lineRef: plainLineRef })!;
    assert.match(onSeedReader, /grace period 1\*\*/);
    const seed = renderText(seedA, { file: 's.log' });
    assert.match(seed, /waited for 50 readers: cco0 \(line 3–\(no end\)\), .* and 30 more/);
  });
});
