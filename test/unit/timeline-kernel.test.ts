// The kernel's quiescent states, readers' unlocks and callbacks on the timeline
// (kernelTimelineItems in src/core/timeline/timeline.ts), on the real trace of the seed module: grace period -883 waited
// for CPUs 0 and 1 (cpuqs at 6.337 s and 6.453 s) and then for cco1, preempted in its critical
// section until 9.078 s, whose unlock was its last quiescent state. And the level of detail that
// keeps 50,000 callbacks (the model's cap) at a cost per pixel.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes } from '../../src/core/analyze';
import type { Analysis, KernelCallbackSpan } from '../../src/core/model';
import { MAX_CALLBACK_SPANS } from '../../src/core/kernel/collector';
import { buildTimeline, isPointKind, ItemKind, itemLabel, LinkKind, type TimelineData } from '../../src/core/timeline/timeline';
import { buildIndex, forEachDrawn, hitItem } from '../../src/core/timeline/lod';
import { legendEntries } from '../../src/core/timeline/legend';
import { barDy } from '../../src/core/timeline/style';
import { timelineSvg } from '../../src/core/timeline/svg';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces');
const trace = (name: string): Analysis => analyzeBytes(gunzipSync(readFileSync(join(DIR, name))));

function items(d: TimelineData, kind: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.items.count; i++) if (d.items.kind[i] === kind) out.push(i);
  return out;
}
const laneName = (d: TimelineData, i: number) => d.lanes[d.items.lane[i]!]!.name;
const note = (d: TimelineData, i: number) => d.notes[d.items.note[i]!] ?? '';

describe('timeline: the kernel\'s quiescent states, unlocks and callbacks', () => {
  const a = trace('phased-rcutrace.trace.log.gz');
  const d = buildTimeline(a, 'boot:0');

  it('each CPU\'s cpuqs of grace period -883 on the flavour\'s quiescent-state lane, at the line and time of the trace', () => {
    const qs = items(d, ItemKind.KernelQs).filter((i) => /grace period -883 /.test(note(d, i)));
    assert.deepEqual(qs.map((i) => [laneName(d, i), d.items.ref[i], d.items.line[i], d.items.start[i]]),
      [['rcu_preempt quiescent states', 0, 2511, 6.337021], ['rcu_preempt quiescent states', 1, 2850, 6.452843]]);
    assert.match(note(d, qs[0]!), /^CPU 0 passed through a quiescent state \(rcu_grace_period cpuqs\) for grace period -883 \(rcu_preempt\)/);
    // Every grace period's cpuqs are there, none twice.
    const want = a.kernel.gracePeriods.reduce((n, g) => n + g.cpuQs.length, 0);
    assert.equal(items(d, ItemKind.KernelQs).length, want);
  });

  it('the report that completed -883 (cco1 leaving its critical section) is marked and linked from the grace period', () => {
    const g = a.kernel.gracePeriods.findIndex((x) => x.gpSeq === -883);
    const gi = items(d, ItemKind.KernelGp).find((i) => d.items.ref[i] === -883)!;
    const last = items(d, ItemKind.KernelQsLast).find((i) => d.items.line[i] === a.kernel.gracePeriods[g]!.lastReport!.line)!;
    assert.ok(last !== undefined);
    assert.equal(d.items.start[last], 9.077611);
    assert.match(note(d, last), /^last quiescent state of grace period -883 \(rcu_preempt\): the preempted reader cco1 \(pid 44\) leaving its read-side critical section/);
    let linked = false;
    for (let k = 0; k < d.links.count; k++) if (d.links.from[k] === gi && d.links.to[k] === last && d.links.kind[k] === LinkKind.LastQs) linked = true;
    assert.ok(linked, 'grace period -883 → its last quiescent state');
    assert.equal(items(d, ItemKind.KernelQsLast).length, a.kernel.gracePeriods.filter((x) => x.lastReport).length);
    assert.match(itemLabel(d, last), /^rcu_preempt quiescent states last quiescent-state report, line 11123, 9\.078 s/);
  });

  it('each preempted reader\'s unlock ends its span, on the same lane (cco1 at line 11122)', () => {
    const unlocks = items(d, ItemKind.KernelUnlock);
    assert.equal(unlocks.length, a.kernel.preemptedReaders.filter((r) => r.endLine !== null).length);
    const u = unlocks.find((i) => d.items.line[i] === 11122)!;
    const span = items(d, ItemKind.KernelReader).find((i) => d.items.endLine[i] === 11122)!;
    assert.equal(d.items.lane[u], d.items.lane[span]);
    assert.equal(laneName(d, u), 'cco1');
    assert.equal(d.items.start[u], d.items.end[span]);
    assert.match(note(d, u), /^cco1 \(pid 44\) left its read-side critical section \(rcu_unlock_preempted_task\); grace period -883 \(rcu_preempt\) no longer waited for it/);
  });

  it('callbacks from call_rcu() to their invocation, on a lane per queueing CPU', () => {
    const cbs = items(d, ItemKind.Callback);
    assert.equal(cbs.length, a.kernel.callbacks.spans!.length);
    assert.equal(a.kernel.callbacks.spans!.length, a.kernel.callbacks.paired);
    const first = cbs.find((i) => d.items.line[i] === 13)!;
    assert.deepEqual([laneName(d, first), d.items.endLine[first], d.items.start[first], d.items.end[first]], ['callbacks CPU 1', 106, 3.010005, 3.014136]);
    assert.match(note(d, first), /^file_free_rcu: queued by call_rcu\(\)/);
    assert.ok(!isPointKind(ItemKind.Callback) && isPointKind(ItemKind.KernelQs) && isPointKind(ItemKind.KernelQsLast) && isPointKind(ItemKind.KernelUnlock));
    // One note per function, not per callback.
    assert.ok(new Set(cbs.map((i) => d.items.note[i])).size <= a.kernel.callbacks.functions.length + 20);
  });

  it('each synchronize_rcu() of the scenario says, in its tooltip, which kernel grace period completed it and what it waited for', () => {
    const run = buildTimeline(a);
    const gps = items(run, ItemKind.GracePeriod);
    assert.equal(gps.length, 2);
    assert.match(note(run, gps[0]!), /synchronize_rcu\(\) #1 \(called 6\.323 s, returned 9\.090 s, kprobes\) was completed by grace period -883 \(rcu_preempt\) \(6\.337 s → 9\.081 s\), which waited for task cco1 \(pid 44\)/);
    assert.match(note(run, gps[1]!), /synchronize_rcu\(\) #2 .* was completed by grace period -867 \(rcu_preempt\).*which waited for task cco2 \(pid 46\)/);
    // The skip-gp1 run: the first call found no kernel grace period.
    const skip = buildTimeline(trace('phased-rcutrace-skip-gp1.trace.log.gz'));
    const sg = items(skip, ItemKind.GracePeriod).map((i) => note(skip, i));
    assert.ok(sg.some((t) => /no kernel grace period in the trace started after it was called/.test(t)), sg.join('\n'));
  });

  it('the SVG export draws them and names callbacks in its legend', () => {
    const svg = timelineSvg(d, { width: 1200 });
    assert.match(svg, /callback \(queue → invoke\)/);
    assert.match(svg, /last quiescent-state report/);
  });

  it('the legend has an entry per kind of kernel item and link drawn, only when there are some; the SVG export draws it', () => {
    const keys = legendEntries(d).map((e) => e.key);
    for (const k of ['kernelGp', 'kernelQs', 'kernelQsLast', 'kernelReader', 'kernelUnlock', 'callback', 'linkWaited', 'linkCompleted']) assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    const shapes = Object.fromEntries(legendEntries(d).map((e) => [e.key, `${e.swatch.shape} ${e.swatch.kind}`]));
    assert.equal(shapes.kernelQsLast, `mark ${ItemKind.KernelQsLast}`);
    assert.equal(shapes.kernelReader, `bar ${ItemKind.KernelReader}`);
    assert.equal(shapes.linkCompleted, `link ${LinkKind.CompletedBy}`);
    // The seed's dmesg log has none of them.
    const seed = buildTimeline(analyzeBytes(readFileSync(join(DIR, '..', 'seed', 'phased-state-change.log'))));
    const seedKeys = legendEntries(seed).map((e) => e.key);
    assert.deepEqual(seedKeys.filter((k) => /^kernel|^callback|^linkCompleted/.test(k)), []);
    const svg = timelineSvg(d, { width: 1200 });
    for (const e of legendEntries(d)) assert.ok(svg.includes(`>${e.text.replace(/'/g, '&#39;')}</text>`), `the SVG legend names ${e.text}`);
  });

  it('a preempted reader is a strip under its reader\'s bar; the pointer on the bar finds the reader, under it the strip', () => {
    const kr = items(d, ItemKind.KernelReader).find((i) => laneName(d, i) === 'cco1')!;
    assert.ok(kr !== undefined && barDy(ItemKind.KernelReader) > 0);
    const x = (d.items.start[kr]! + d.items.end[kr]!) / 2, lane = d.items.lane[kr]!;
    const idx = buildIndex(d);
    assert.equal(d.items.kind[hitItem(d, idx, lane, x, 0.01, 4096, 0)], ItemKind.ReaderQuick);
    assert.equal(hitItem(d, idx, lane, x, 0.01, 4096, barDy(ItemKind.KernelReader)), kr);
    assert.equal(hitItem(d, idx, lane, x, 0.01), kr, 'without a height, the narrowest item under the pointer');
  });

  it('a run\'s timeline shows only what lies in the run; the skip-gp1 trace too', () => {
    const s = trace('phased-rcutrace-skip-gp1.trace.log.gz');
    const t = buildTimeline(s);
    assert.ok(items(t, ItemKind.KernelQs).length > 0);
    assert.ok(items(t, ItemKind.Callback).length > 0);
    for (const i of items(t, ItemKind.Callback)) assert.ok(t.items.end[i]! >= t.items.start[i]!);
  });

  it(`${MAX_CALLBACK_SPANS.toLocaleString('en')} callbacks on two lanes: the level of detail draws per pixel column, not per callback`, () => {
    const spans: KernelCallbackSpan[] = [];
    for (let k = 0; k < MAX_CALLBACK_SPANS; k++) {
      const t = 3 + k * 0.0005;
      spans.push({ func: `f${k % 7}`, boot: 0, cpu: k % 2, invokeCpu: k % 2, queueLine: 100 + k, invokeLine: 200 + k, queueTime: t, invokeTime: t + 0.02 + (k % 13) * 0.001 });
    }
    const big: Analysis = { ...a, kernel: { ...a.kernel, callbacks: { ...a.kernel.callbacks, spans } } };
    const t = buildTimeline(big, 'boot:0');
    assert.equal(items(t, ItemKind.Callback).length, MAX_CALLBACK_SPANS);
    const idx = buildIndex(t);
    const { min, max } = t.extent;
    for (let l = 0; l < t.lanes.length; l++) {
      if (!t.lanes[l]!.name.startsWith('callbacks CPU')) continue;
      let calls = 0, counted = 0;
      forEachDrawn(t, idx, l, min, max, (max - min) / 1000, (_f, n) => { calls++; counted += n; });
      assert.equal(counted, t.laneOffsets[l + 1]! - t.laneOffsets[l]!, 'every callback in exactly one call');
      assert.ok(calls <= 2000, `${calls} draw calls for 1000 px`);
    }
  });
});
