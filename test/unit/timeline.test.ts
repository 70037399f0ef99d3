import { emptyKernel } from '../../src/core/kernel/collector';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import type { Analysis, Run } from '../../src/core/model';
import {
  buildTimeline, emptyItems, findItemAtLine, ItemFlag, ItemKind, itemLabel, LinkKind, timelineChoices,
  type TimelineData,
} from '../../src/core/timeline/timeline';
import { buildIndex, forEachBand, forEachDrawn, hitItem, nearestByStart } from '../../src/core/timeline/lod';
import { niceTicks } from '../../src/core/timeline/axis';

const ROOT = join(__dirname, '..', '..', '..');
const analyzeFile = (p: string): Analysis => analyzeText(readFileSync(join(ROOT, p), 'utf8'));

/** Items of a timeline as readable rows: [lane, kind, line, endLine, start, end]. */
function rows(d: TimelineData): [string, number, number, number, number, number][] {
  const out: [string, number, number, number, number, number][] = [];
  for (let i = 0; i < d.items.count; i++) {
    out.push([d.lanes[d.items.lane[i]!]!.name, d.items.kind[i]!, d.items.line[i]!, d.items.endLine[i]!, d.items.start[i]!, d.items.end[i]!]);
  }
  return out;
}

function find(d: TimelineData, lane: string, kind: number, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < d.items.count; i++) {
    if (d.lanes[d.items.lane[i]!]!.name === lane && d.items.kind[i] === kind && seen++ === nth) return i;
  }
  return -1;
}

/** Structural invariants every TimelineData must keep, whatever the analysis. */
function checkInvariants(d: TimelineData): void {
  const it = d.items;
  assert.equal(d.laneOffsets.length, d.lanes.length + 1);
  assert.equal(d.laneOffsets[0], 0);
  assert.equal(d.laneOffsets[d.lanes.length], it.count);
  for (let l = 0; l < d.lanes.length; l++) {
    for (let i = d.laneOffsets[l]!; i < d.laneOffsets[l + 1]!; i++) {
      assert.equal(it.lane[i], l, 'items are grouped by lane');
      if (i > d.laneOffsets[l]!) assert.ok(it.start[i - 1]! <= it.start[i]!, 'sorted by start within a lane');
    }
  }
  for (let i = 0; i < it.count; i++) {
    assert.ok(Number.isFinite(it.start[i]!) && Number.isFinite(it.end[i]!), 'finite x');
    assert.ok(it.start[i]! <= it.end[i]!, 'start <= end');
    assert.ok(it.line[i]! <= it.endLine[i]!, 'line <= endLine');
    assert.ok(it.start[i]! >= d.extent.min && it.end[i]! <= d.extent.max, 'inside the extent');
  }
  assert.ok(d.extent.min < d.extent.max);
  for (let k = 0; k < d.links.count; k++) {
    assert.equal(it.kind[d.links.from[k]!], ItemKind.GracePeriod);
    assert.ok(it.kind[d.links.to[k]!]! <= ItemKind.ReaderUnknown);
  }
  assert.ok(d.runs.some((r) => r.key === d.selection));
}

describe('timeline: the seed log through the real analyzer', () => {
  const a = analyzeFile('test/fixtures/seed/phased-state-change.log');
  const d = buildTimeline(a);

  it('has one lane per task in the order the log introduces them', () => {
    assert.deepEqual(d.lanes, [
      { name: 'init', role: 'init' }, { name: 'cco1', role: 'reader' }, { name: 'maint', role: 'updater' }, { name: 'cco2', role: 'reader' },
    ]);
    assert.equal(d.axis.mode, 'time');
    assert.equal(d.selection, 'run:0');
    checkInvariants(d);
  });

  it('draws the readers as bars coloured by path, from `hit cco` to `end cco_*`', () => {
    const r1 = find(d, 'cco1', ItemKind.ReaderQuick);
    const r2 = find(d, 'cco2', ItemKind.ReaderCareful);
    assert.deepEqual(rows(d)[r1], ['cco1', ItemKind.ReaderQuick, 3, 14, 99.566686, 159.569091]);
    assert.deepEqual(rows(d)[r2], ['cco2', ItemKind.ReaderCareful, 22, 32, 192.555721, 252.55673]);
    assert.ok(d.items.flags[r1]! & ItemFlag.Inferred, 'the seed log does not name the printer: attribution is inferred');
  });

  it('draws both grace periods from the synchronize_rcu() call to its return, linked to the reader each waited for', () => {
    const g1 = find(d, 'maint', ItemKind.GracePeriod, 0), g2 = find(d, 'maint', ItemKind.GracePeriod, 1);
    assert.deepEqual(rows(d)[g1], ['maint', ItemKind.GracePeriod, 13, 15, 131.102161, 159.601005]);
    assert.deepEqual(rows(d)[g2], ['maint', ItemKind.GracePeriod, 31, 33, 219.852212, 252.589445]);
    assert.equal(d.items.ref[g1], 1);
    assert.deepEqual(rows(d)[find(d, 'maint', ItemKind.Work)], ['maint', ItemKind.Work, 15, 31, 159.601005, 219.852212]);
    const links = Array.from({ length: d.links.count }, (_, k) => [d.links.from[k], d.links.to[k], d.links.kind[k]]);
    assert.deepEqual(links, [
      [g1, find(d, 'cco1', ItemKind.ReaderQuick), LinkKind.WaitedFor],
      [g2, find(d, 'cco2', ItemKind.ReaderCareful), LinkKind.WaitedFor],
    ]);
    assert.match(d.notes[d.items.note[g1]!]!, /waited for cco1/);
  });

  it('marks init and the `start` lines on the init task, and bands every phase', () => {
    assert.deepEqual(rows(d).filter((r) => r[0] === 'init').map((r) => [r[1], r[2]]), [
      [ItemKind.Init, 1], [ItemKind.Spawn, 2], [ItemKind.Spawn, 12], [ItemKind.Spawn, 21],
    ]);
    const bands = Array.from({ length: d.bands.count }, (_, b) => [d.phases[d.bands.phase[b]!]!.name, d.bands.line[b], d.bands.endLine[b]]);
    assert.deepEqual(bands, [['normal', 1, 12], ['gp1', 13, 14], ['maint', 15, 30], ['gp2', 31, 33]]);
    assert.equal(d.bands.start[1], 131.102161);
    assert.equal(d.bands.end[1], 159.601005);
  });

  it('labels items for screen readers and tooltips', () => {
    assert.equal(itemLabel(d, find(d, 'cco1', ItemKind.ReaderQuick)), 'cco1 reader, quick path, lines 3–14, 99.567 s to 159.569 s, 60.002 s');
    assert.equal(itemLabel(d, find(d, 'maint', ItemKind.GracePeriod)), 'maint grace period 1 (synchronize_rcu), lines 13–15, 131.102 s to 159.601 s, 28.499 s');
    assert.equal(itemLabel(d, find(d, 'init', ItemKind.Spawn)), 'init starts cco1, line 2, 99.567 s');
  });

  it('finds the item under the editor cursor', () => {
    assert.equal(findItemAtLine(d, 4), find(d, 'cco1', ItemKind.ReaderQuick), '`hit cco_quickly` is inside cco1');
    assert.equal(findItemAtLine(d, 8), find(d, 'cco1', ItemKind.ReaderQuick), 'an audit line inside the critical section');
    assert.equal(findItemAtLine(d, 13), find(d, 'maint', ItemKind.GracePeriod), '`hit maint` starts grace period 1');
    assert.equal(findItemAtLine(d, 15), find(d, 'maint', ItemKind.Work), '`hit do_maint` starts do_maint() (and ends grace period 1)');
    assert.equal(findItemAtLine(d, 33), find(d, 'maint', ItemKind.GracePeriod, 1), '`end maint` ends grace period 2');
    assert.equal(findItemAtLine(d, 21), find(d, 'init', ItemKind.Spawn, 2));
    assert.equal(findItemAtLine(d, 999), -1);
  });
});

describe('timeline: the real module log (corpus)', () => {
  it('shows lines 605–616 for cco1, as the editor numbers them', () => {
    const d = buildTimeline(analyzeFile('test/fixtures/corpus/dmesg-phased-state-change-module-5.17-preempt.log'));
    const r = find(d, 'cco1', ItemKind.ReaderQuick);
    assert.equal(itemLabel(d, r), 'cco1 reader, quick path, lines 605–616, 99.567 s to 159.569 s, 60.002 s');
    checkInvariants(d);
  });

  it('offers each run and the whole log, and puts stall reports on a stalls lane', () => {
    const a = analyzeFile('test/fixtures/corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    const choices = timelineChoices(a);
    assert.deepEqual(choices.map((c) => c.key), [...a.runs.map((r) => `run:${r.id}`), 'boot:0']);
    const all = buildTimeline(a, 'boot:0');
    checkInvariants(all);
    const stalls = rows(all).filter((r) => r[1] === ItemKind.Stall);
    assert.equal(stalls.length, a.stalls.length);
    assert.ok(stalls.every((r) => r[0] === 'stalls'));
    const s = find(all, 'stalls', ItemKind.Stall);
    assert.match(all.notes[all.items.note[s]!]!, /rcu_preempt.*cco\+0x5a/);
    for (const r of a.runs) checkInvariants(buildTimeline(a, `run:${r.id}`));
  });

  it('lays out stall-only logs without timestamps by line number', () => {
    const a = analyzeFile('test/fixtures/corpus/stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log');
    const d = buildTimeline(a);
    assert.equal(d.selection, 'boot:0');
    assert.equal(d.axis.mode, 'line');
    assert.equal(d.items.start[0], a.stalls[0]!.line);
    checkInvariants(d);
  });
});

describe('timeline: violations', () => {
  it('puts a marker on the offending line and flags the reader involved', () => {
    const a = analyzeFile('test/fixtures/violations/quick-reader-during-maint.log');
    assert.equal(a.violations.length, 1);
    const d = buildTimeline(a);
    checkInvariants(d);
    const v = rows(d).findIndex((r) => r[1] === ItemKind.Violation);
    assert.ok(v >= 0);
    assert.equal(d.items.line[v], a.violations[0]!.line);
    assert.equal(d.notes[d.items.note[v]!], a.violations[0]!.message);
    const flagged = rows(d).filter((_, i) => d.items.flags[i]! & ItemFlag.Flagged && d.items.kind[i] !== ItemKind.Violation);
    // The lines the violation names: cco2's quick path (11), do_maint() beginning (8), cco2 leaving (13).
    assert.deepEqual(flagged.map((r) => [r[0], r[1]]), [['maint', ItemKind.Work], ['cco2', ItemKind.ReaderQuick]]);
  });

  it('builds a sane timeline for every violation fixture', () => {
    for (const f of ['double-begin-caller-id', 'end-without-begin', 'no-first-synchronize_rcu', 'no-second-synchronize_rcu']) {
      const a = analyzeFile(`test/fixtures/violations/${f}.log`);
      const d = buildTimeline(a);
      checkInvariants(d);
      assert.equal(rows(d).filter((r) => r[1] === ItemKind.Violation).length, a.violations.length, f);
    }
  });
});

// --- hand-made analyses for what real logs rarely show -------------------------------------------

function run(over: Partial<Run>): Run {
  return {
    id: 0, boot: 0, startLine: 1, endLine: 10, startTime: null, endTime: null, complete: false, tasks: [], readers: [],
    updater: null, gracePeriods: [], phases: [], events: [], ...over,
  };
}

function analysis(runs: Run[], events: Analysis['events'] = []): Analysis {
  return {
    format: 'dmesg', lines: 100, bytes: 1000, kernelLines: 100, boots: [{ index: 0, startLine: 1, endLine: 100, banner: null }], events, runs,
    violations: [], stalls: [], trace: { events: {}, callbacksQueued: 0, callbacksInvoked: 0 }, kernel: emptyKernel(), warnings: [], profile: 'test',
  };
}

function ev(id: number, line: number, time: number | null, kind: Analysis['events'][number]['kind'], task: string, wallclock: number | null = null): Analysis['events'][number] {
  return { id, line, time, wallclock, boot: 0, run: 0, kind, task, attribution: 'known', text: kind };
}

describe('timeline: missing times, open sections, hostile names', () => {
  const reader = (over: Partial<Run['readers'][number]>): Run['readers'][number] => ({
    id: 0, task: 'r', path: 'quick', beginLine: 2, pathLine: 3, endLine: 8, beginTime: null, endTime: null,
    attribution: 'known', waitedForBy: [], waitedForByCount: 0, overlaps: [], overlapsCount: 0, ...over,
  });

  it('uses line numbers when nothing has a time', () => {
    const a = analysis([run({ readers: [reader({})], tasks: [{ name: 'r', role: 'reader', spawnLine: null, caller: null, inferredName: false }], events: [0, 1] })],
      [ev(0, 2, null, 'reader-begin', 'r'), ev(1, 8, null, 'reader-end-quick', 'r')]);
    const d = buildTimeline(a);
    assert.equal(d.axis.mode, 'line');
    assert.deepEqual(rows(d), [['r', ItemKind.ReaderQuick, 2, 8, 2, 8]]);
    assert.equal(d.items.flags[0]! & ItemFlag.Approx, 0);
  });

  it('interpolates a line without a time between timed neighbours and says so', () => {
    const a = analysis([run({
      readers: [reader({ beginTime: 10, endTime: null, endLine: 8 })], events: [0, 1, 2],
      tasks: [{ name: 'r', role: 'reader', spawnLine: null, caller: null, inferredName: false }],
    })], [ev(0, 2, 10, 'reader-begin', 'r'), ev(1, 8, null, 'reader-end-quick', 'r'), ev(2, 12, 20, 'init', 'r')]);
    const d = buildTimeline(a);
    assert.equal(d.axis.mode, 'time');
    const r = find(d, 'r', ItemKind.ReaderQuick);
    assert.equal(d.items.start[r], 10);
    assert.equal(d.items.end[r], 10 + (10 * 6) / 10, 'line 8 lies 6/10 of the way from line 2 (10 s) to line 12 (20 s)');
    assert.ok(d.items.flags[r]! & ItemFlag.Approx);
    assert.match(itemLabel(d, r), /about 10\.000 s/);
  });

  it('uses the wall clock when only that is known', () => {
    const a = analysis([run({ readers: [reader({})], events: [0, 1] })],
      [ev(0, 2, null, 'reader-begin', 'r', 1649028244), ev(1, 8, null, 'reader-end-quick', 'r', 1649028304)]);
    const d = buildTimeline(a);
    assert.equal(d.axis.mode, 'wallclock');
    assert.equal(d.axis.origin, 1649028244);
    assert.deepEqual([d.items.start[0], d.items.end[0]], [0, 60]);
    assert.match(itemLabel(d, 0), /\+0\.000 s \(23:24:04\.000\)/);
  });

  it('draws a reader that never ends to the end of its run, flagged', () => {
    const a = analysis([run({ endLine: 30, endTime: 50, readers: [reader({ beginTime: 5, endLine: null, path: null })], events: [0] })],
      [ev(0, 2, 5, 'reader-begin', 'r')]);
    const d = buildTimeline(a);
    const r = find(d, 'r', ItemKind.ReaderUnknown);
    assert.deepEqual([d.items.start[r], d.items.end[r]], [5, 50]);
    assert.ok(d.items.flags[r]! & ItemFlag.OpenEnd);
    assert.match(itemLabel(d, r), /never ends in the log/);
  });

  it('keeps hostile task names as data (escaping is the renderer\'s job, tested there)', () => {
    const name = '<img src=x onerror=alert(1)>';
    const a = analysis([run({ readers: [reader({ task: name, beginTime: 1, endTime: 2 })], events: [] })]);
    const d = buildTimeline(a);
    assert.equal(d.lanes[0]!.name, name);
    assert.ok(itemLabel(d, 0).startsWith(name));
  });

  it('gives an empty log a selectable, empty timeline', () => {
    const d = buildTimeline(analysis([]));
    assert.deepEqual(d.runs, [{ key: 'boot:0', label: 'Everything in the log' }]);
    assert.equal(d.items.count, 0);
    checkInvariants(d);
  });

  it('never throws and keeps its invariants on arbitrary partial runs', () => {
    const nul = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const line = fc.integer({ min: 1, max: 60 });
    const time = nul(fc.double({ min: 0, max: 1000, noNaN: true }));
    fc.assert(fc.property(
      fc.array(fc.record({ b: nul(line), p: nul(line), e: nul(line), bt: time, et: time, path: fc.constantFrom('quick', 'careful', null) }), { maxLength: 5 }),
      fc.array(fc.record({ line, time }), { maxLength: 8 }),
      fc.array(fc.record({ b: nul(line), e: nul(line) }), { maxLength: 2 }),
      (rds, evs, gps) => {
        const readers = rds.map((r, id) => reader({
          id, task: `r${id % 3}`, beginLine: r.b, pathLine: r.p, endLine: r.e, beginTime: r.bt, endTime: r.et, path: r.path as 'quick' | null,
        }));
        const events = evs.map((e, id) => ev(id, e.line, e.time, 'reader-begin', 'r0'));
        const gracePeriods = gps.map((g, k) => ({
          index: (k + 1) as 1 | 2, beginLine: g.b, endLine: g.e, beginTime: null, endTime: null, duration: null,
          waitedFor: readers.length ? [0] : [], waitedForCount: readers.length ? 1 : 0, overlapping: [], overlappingCount: 0,
        }));
        const r = run({ endLine: 60, readers, events: events.map((e) => e.id), gracePeriods, updater: { task: 'maint', steps: [] } });
        checkInvariants(buildTimeline(analysis([r], events)));
      },
    ), { numRuns: 300 });
  });
});

describe('timeline index: level of detail', () => {
  /** One lane of n back-to-back items, each 1 unit wide. */
  function dense(n: number): TimelineData {
    const items = emptyItems(n);
    for (let i = 0; i < n; i++) { items.start[i] = i; items.end[i] = i + 0.9; items.line[i] = i + 1; items.endLine[i] = i + 1; }
    const d = buildTimeline(analysis([]));
    return { ...d, lanes: [{ name: 'x', role: 'reader' }], laneOffsets: Int32Array.from([0, n]), items, extent: { min: 0, max: n } };
  }

  it('draws a million items in one call per pixel column, and every item is counted once', () => {
    const d = dense(1_000_000);
    const idx = buildIndex(d);
    let calls = 0, counted = 0;
    forEachDrawn(d, idx, 0, 0, 1_000_000, 1_000_000 / 1000, (_f, count) => { calls++; counted += count; });
    assert.ok(calls <= 1001, `${calls} draw calls for 1000 px`);
    assert.equal(counted, 1_000_000);
  });

  it('draws items one by one when zoomed in, and only the visible ones', () => {
    const d = dense(1_000_000);
    const idx = buildIndex(d);
    const seen: number[] = [];
    forEachDrawn(d, idx, 0, 500_000.5, 500_010, 0.01, (f, count) => { assert.equal(count, 1); seen.push(f); });
    assert.deepEqual(seen, Array.from({ length: 11 }, (_, k) => 500_000 + k));
  });

  it('keeps a long item visible behind many short ones', () => {
    const items = emptyItems(4);
    [[0, 100], [1, 2], [3, 4], [5, 6]].forEach(([s, e], i) => { items.start[i] = s!; items.end[i] = e!; });
    const base = buildTimeline(analysis([]));
    const d: TimelineData = { ...base, lanes: [{ name: 'x', role: 'reader' }], laneOffsets: Int32Array.from([0, 4]), items };
    const idx = buildIndex(d);
    const got: number[][] = [];
    forEachDrawn(d, idx, 0, 50, 60, 0.1, (f, c, x0, x1) => got.push([f, c, x0, x1]));
    // The long one is drawn by itself; the short ones left of the view group at its left edge.
    assert.deepEqual(got, [[0, 1, 0, 100], [1, 3, 1, 50]]);
    assert.equal(hitItem(d, idx, 0, 55, 0.5), 0);
    assert.equal(hitItem(d, idx, 0, 3.5, 0.1), 2, 'the narrowest item under the pointer wins');
    assert.equal(nearestByStart(d, 0, 3.9), 2);
    assert.equal(nearestByStart(d, 0, 4.2), 3);
  });

  it('draws a wide phase band on its own after a sub-pixel one in its column (gp1 of 29 µs before a 60 s maint)', () => {
    const d = buildTimeline(analyzeFile('test/fixtures/violations/no-first-synchronize_rcu.log'));
    const idx = buildIndex(d);
    const phaseAt = (b: number) => d.phases[d.bands.phase[b]!]!.name;
    const gp1 = Array.from({ length: d.bands.count }, (_, b) => b).find((b) => phaseAt(b) === 'gp1')!;
    const maint = gp1 + 1;
    assert.equal(phaseAt(maint), 'maint');
    assert.ok(d.bands.end[gp1]! - d.bands.start[gp1]! < 1e-4, 'gp1 lasts microseconds');
    // The whole run on 1000 px: gp1 and maint start in the same pixel column.
    const unit = (d.extent.max - d.extent.min) / 1000;
    const calls: [string, number, number, number][] = [];
    forEachBand(d, idx, d.extent.min, d.extent.max, unit, (b, count, x0, x1) => calls.push([phaseAt(b)!, count, x0, x1]));
    assert.ok(calls.some(([ph, count, x0, x1]) => ph === 'maint' && count === 1 && x0 === d.bands.start[maint] && x1 === d.bands.end[maint]),
      `maint is not drawn on its own across its 60 s: ${JSON.stringify(calls)}`);
    for (const [ph, count, x0, x1] of calls) {
      if (count > 1) assert.ok(x1 - x0 <= unit, `a group from ${ph} paints ${((x1 - x0) / unit).toFixed(0)} px in ${ph}'s colour`);
    }
    assert.equal(calls.reduce((n, c) => n + c[1], 0), d.bands.count, 'every band counted once');
  });

  it('never stretches a group past its pixel column, and keeps every item\'s extent drawn (any lane, any view)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.oneof(fc.double({ min: 0, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }))), { minLength: 1, maxLength: 60 }),
      fc.double({ min: -10, max: 90, noNaN: true }), fc.double({ min: 1, max: 120, noNaN: true }), fc.integer({ min: 5, max: 400 }),
      (raw, from, span, px) => {
        const sorted = raw.map(([s, w]) => [s, s + w] as const).sort((a, b) => a[0] - b[0]);
        const items = emptyItems(sorted.length);
        sorted.forEach(([s, e], i) => { items.start[i] = s; items.end[i] = e; });
        const base = buildTimeline(analysis([]));
        const d: TimelineData = { ...base, lanes: [{ name: 'x', role: 'reader' }], laneOffsets: Int32Array.from([0, sorted.length]), items };
        const idx = buildIndex(d);
        const to = from + span, unit = span / px;
        const calls: [number, number, number, number][] = [];
        forEachDrawn(d, idx, 0, from, to, unit, (f, c, x0, x1) => calls.push([f, c, x0, x1]));
        for (const [f, c, x0, x1] of calls) {
          if (c === 1) { assert.equal(x0, items.start[f]); assert.equal(x1, items.end[f]); continue; }
          // A group ends in the pixel column where it starts (the left edge's, for items left of the view).
          const colEnd = x0 < from ? from : from + (Math.floor((x0 - from) / unit) + 1) * unit;
          assert.ok(x1 <= colEnd + 1e-9 * Math.max(1, Math.abs(colEnd)), `group ${JSON.stringify([f, c, x0, x1])} reaches past ${colEnd}`);
        }
        // Every item that reaches into the view is drawn to its end, by itself or by a bar reaching further.
        for (let i = 0; i < items.count; i++) {
          const e = items.end[i]!;
          if (e < from || items.start[i]! > to || e - items.start[i]! <= unit) continue;
          assert.ok(calls.some(([, , x0, x1]) => x0 <= e && x1 >= e), `item ${i} [${items.start[i]}, ${e}] is cut short`);
        }
      },
    ), { numRuns: 400 });
  });

  it('picks nice axis ticks', () => {
    assert.deepEqual(niceTicks(99.5, 252.6, 8).values, [100, 120, 140, 160, 180, 200, 220, 240]);
    assert.deepEqual(niceTicks(0.001, 0.0042, 4), { step: 0.001, values: [0.001, 0.002, 0.003, 0.004], decimals: 3 });
    assert.deepEqual(niceTicks(5, 5, 4).values, [5]);
  });
});
