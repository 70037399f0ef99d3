// Views speak the pattern's words (issue 10): a pattern's run, on the real lab logs of the rcu_list
// module and on the README's config-pointer example, is reported, drawn and explained as its
// pattern says — its readers, its grace-period waits by kind, its objects — never in the seed's
// phases, paths or do_maint(). The seed's own views are unchanged (their tests say so).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { parsePattern } from '../../src/core/patterns/schema';
import { BUILTIN_PATTERNS } from '../../src/core/patterns/builtin';
import { renderMarkdown, renderText } from '../../src/core/report/text';
import { barCaption, bandLabel, buildTimeline, ItemKind, itemLabel } from '../../src/core/timeline/timeline';
import { timelineSvg } from '../../src/core/timeline/svg';
import { buildLineIndex } from '../../src/core/explain/lineIndex';
import { explainLine, plainLineRef } from '../../src/core/explain/lineHover';
import { phaseSlot, phaseTag, wordsOf } from '../../src/core/explain/words';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
/** The seed's words in output (`GP1` is any run's first grace period, so it is not one). */
const SEED_WORD = /(?<![A-Za-z0-9])(?:cco|maint|gp[12])(?![a-z])|be_careful|quick path|careful path|hit /;

describe('pattern runs in their own words', () => {
  const callRcu = analyzeText(read('test/fixtures/lab/rcu-list/call_rcu.dmesg.log'));
  const none = analyzeText(read('test/fixtures/lab/rcu-list/none-1.dmesg.log'));
  const cfg = analyzeText(read('examples/patterns/config-pointer.log'), { patterns: [...BUILTIN_PATTERNS, parsePattern(read('examples/patterns/config-pointer.json'))] });

  it('a pattern run is a Run of its pattern, with its waits as numbered, labelled grace periods (real call_rcu run)', () => {
    const rr = callRcu.rcu![0]!;
    const run = callRcu.runs[rr.run]!;
    assert.equal(run.pattern, 'rcu-list');
    const drawn = rr.waits.filter((w) => w.kind !== 'kfree_rcu');
    assert.equal(run.gracePeriods.length, drawn.length);
    run.gracePeriods.forEach((g, k) => {
      const w = drawn[k]!;
      assert.equal(g.index, k + 1);
      assert.equal(g.kind, w.kind);
      assert.equal(g.label, `${w.kind}() #${k + 1}${w.object !== null ? ` (element ${w.object})` : ''}`);
      assert.deepEqual([g.beginLine, g.endLine], [w.beginLine, w.endLine]);
      for (const id of g.waitedFor) assert.ok(run.readers[id]!.waitedForBy.includes(g.index));
    });
    assert.ok(run.gracePeriods.some((g) => g.kind === 'call_rcu') && run.gracePeriods.some((g) => g.kind === 'rcu_barrier'));
    assert.equal(run.updater?.task, 'deleter');
  });

  it('the text and Markdown reports name its pattern, waits and objects, and none of the seed\'s words', () => {
    for (const [a, file] of [[callRcu, 'call_rcu.dmesg.log'], [none, 'none-1.dmesg.log'], [cfg, 'config-pointer.log']] as const) {
      const text = renderText(a, { file }), md = renderMarkdown(a, { file });
      assert.doesNotMatch(text, SEED_WORD, file);
      assert.doesNotMatch(md, SEED_WORD, file);
      assert.match(text, /Run 1 — pattern /);
      assert.match(md, /## Run 1 \(pattern /);
    }
    const md = renderMarkdown(callRcu, { file: 'x' });
    assert.match(md, /- GP1: call\\_rcu\(\) #1 \(element \d+\) from line \d+ to line \d+/);
    assert.match(renderText(cfg, { file: 'x' }), /GP1: synchronize_rcu\(\) #1 from line 5 to line 9, 0\.200 s; waited for reader1 \(lines 2–8\)/);
    assert.match(renderMarkdown(none, { file: 'x' }), /\| Reader \| Path \|/);
  });

  it('the timeline names items, bars, phases and the legend in the pattern\'s words', () => {
    const d = buildTimeline(callRcu);
    assert.equal(d.words.legend.quick, null);
    assert.equal(d.words.legend.work, null);
    assert.equal(d.words.legend.unknown, 'reader');
    const gps = [...Array(d.items.count).keys()].filter((i) => d.items.kind[i] === ItemKind.GracePeriod);
    assert.ok(gps.length >= 2);
    for (const i of gps) {
      assert.match(itemLabel(d, i), /^deleter grace period \d+ \((call_rcu, element \d+|rcu_barrier)\), lines /);
      assert.match(barCaption(d, i), /^GP\d+ (call_rcu\(\) element \d+|rcu_barrier\(\))$/);
    }
    const readers = [...Array(d.items.count).keys()].filter((i) => d.items.kind[i] === ItemKind.ReaderUnknown);
    assert.ok(readers.length > 0);
    assert.match(itemLabel(d, readers[0]!), /^reader \d reader, lines/);
    assert.equal(bandLabel(d, 0).startsWith('phase normal'), true);
    const svg = timelineSvg(d);
    assert.doesNotMatch(svg, SEED_WORD);
    assert.match(svg, />reader</);
  });

  it('decorations\' labels and colours come from the pattern\'s phases', () => {
    const run = cfg.runs[cfg.rcu![0]!.run]!;
    const w = wordsOf(cfg, run);
    assert.equal(w.pattern, 'config-pointer');
    assert.equal(w.object, 'config');
    assert.equal(phaseTag(w, run, 'normal'), 'RCU run 1 · config-pointer · normal');
    assert.equal(phaseSlot(w, 'normal'), 0);
    // The seed's words for the seed's runs, its colours by its declared order.
    const seed = analyzeText(read('test/fixtures/seed/phased-state-change.log'));
    const sw = wordsOf(seed, seed.runs[0]);
    assert.deepEqual(sw.phases.map((p) => phaseSlot(sw, p.name)), [0, 1, 2, 3]);
    assert.equal(phaseTag(sw, seed.runs[0]!, 'maint'), 'RCU maint · do_maint() runs; readers go careful');
  });

  it('hovers explain a pattern line by what it is: a section, a wait, an unlink, a free', () => {
    const ix = buildLineIndex(cfg);
    const wait = explainLine(ix, 5, { lineRef: plainLineRef })!;
    assert.match(wait, /\*\*RCU: synchronize\\?_rcu\(\) called\*\* — updater; run 1, pattern \*\*config\\-pointer\*\*/);
    assert.match(wait, /must wait for reader1, inside before the call/);
    assert.match(explainLine(ix, 14, { lineRef: plainLineRef })!, /config 2: unlinked line 14, freed line 15, with no grace-period wait/);
    assert.match(explainLine(ix, 3, { lineRef: plainLineRef })!, /reader1: critical section lines 2–8, holds config 1; waited for by `synchronize_rcu\(\)` at line 5/);
    const uaf = explainLine(ix, 15, { lineRef: plainLineRef })!;
    assert.match(uaf, /use after free/);
    for (const l of [2, 5, 9, 14, 15]) assert.doesNotMatch(explainLine(ix, l, { lineRef: plainLineRef })!, SEED_WORD, `line ${l}`);
  });

  it('--json keeps its shape: a pattern run carries its pattern; the seed\'s runs gain no field', () => {
    const seed = analyzeText(read('test/fixtures/seed/phased-state-change.log'));
    assert.ok(!('pattern' in seed.runs[0]!));
    assert.ok(seed.runs[0]!.gracePeriods.every((g) => !('label' in g) && !('kind' in g)));
    const j = JSON.parse(JSON.stringify(cfg)) as typeof cfg;
    assert.equal(j.runs[0]!.pattern, 'config-pointer');
    assert.equal(j.runs[0]!.gracePeriods[0]!.label, 'synchronize_rcu() #1');
  });

  it('an add-only list (real log): its elements are published, never said to be lost; its additions are work', () => {
    const a = analyzeText(read('test/fixtures/corpus/dmesg-addonly-list-rcu-module-5.18-rc1.log'));
    const text = renderText(a, { file: 'addonly.log' });
    assert.match(text, /element Golko0 +published line 604, never unlinked or freed in the log/);
    assert.doesNotMatch(text, /not in the log\)|with no grace-period wait/);
    assert.match(text, /work:\n +add +lines 599–604 +by adder thread/);
    const ix = buildLineIndex(a);
    const pub = explainLine(ix, 604, { lineRef: plainLineRef })!;
    assert.match(pub, /\*\*RCU: object published\*\*/);
    assert.match(pub, /element Golko0: published line 604, never unlinked or freed in the log/);
    assert.match(explainLine(ix, 599, { lineRef: plainLineRef })!, /\*\*RCU: labelled work begins\*\* — adder thread[\s\S]*add: lines 599–604/);
  });
});
