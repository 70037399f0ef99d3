// The kernel's own RCU on the timeline webview in chromium (kernelTimelineItems in src/core/timeline/timeline.ts): the
// quiescent-state lane, the report that completed a grace period, preempted readers' unlocks and
// callbacks, on the real trace of the seed module; and a million of them, drawn through the level
// of detail. Run: npm run test:webview (builds first).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { analyzeBytes } from '../../src/core/analyze';
import { buildTimeline, isPointKind, ItemKind, LinkKind, type TimelineData } from '../../src/core/timeline/timeline';
import { defaultPalette, itemDy, laneCenter } from '../../src/core/timeline/style';
import { mkdirSync } from 'node:fs';
import { deltaE, parseColor, type Rgb } from '../unit/support/color';
import { init, legendSwatchColors, pagePerTest, plain, repeatAndPost, savedView, screenshotsDir, send, setTheme, timelineOfFile } from './harness';

const TRACE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces', 'phased-rcutrace.trace.log.gz');

function first(d: TimelineData, pred: (i: number) => boolean): number {
  for (let i = 0; i < d.items.count; i++) if (pred(i)) return i;
  throw new Error('no such item');
}

async function pointOf(page: Page, x: number, lane: number): Promise<{ x: number; y: number }> {
  const view = await savedView(page);
  const box = (await page.locator('.plot canvas').boundingBox())!;
  return { x: box.x + ((x - view.from) / (view.to - view.from)) * box.width, y: box.y + laneCenter(lane) };
}

async function pixel(page: Page, x: number, y: number): Promise<Rgb> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(({ x, y }) => {
    const c = document.querySelector('.plot canvas') as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    const dpr = c.width / c.clientWidth;
    const d = c.getContext('2d')!.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, { x, y });
}

/** A million kernel items, built in the page (a million-element array does not cross the test
 * protocol) and posted as VS Code would: callbacks on two CPU lanes, quiescent states and last
 * reports on a third. Kinds are ItemKind's: Callback 14, KernelQs 11, KernelQsLast 12. `words`: the
 * real trace's timeline words (TimelineData.words), so the data has every field the page reads. */
function postMillion(words: TimelineData['words']): void {
  const n = 1_000_000, lanes = ['callbacks CPU 0', 'callbacks CPU 1', 'rcu_preempt quiescent states'];
  const counts = [450_000, 450_000, 100_000];
  const span = 10_000;
  const start = new Float64Array(n), end = new Float64Array(n), line = new Int32Array(n), endLine = new Int32Array(n);
  const lane = new Uint16Array(n), kind = new Uint8Array(n), flags = new Uint8Array(n), ref = new Float64Array(n), note = new Int32Array(n).fill(-1);
  const laneOffsets = new Int32Array(lanes.length + 1);
  let i = 0;
  for (let l = 0; l < lanes.length; l++) {
    laneOffsets[l] = i;
    for (let k = 0; k < counts[l]!; k++, i++) {
      const s = (k / counts[l]!) * span;
      start[i] = s;
      end[i] = l < 2 ? s + 0.5 + (k % 17) * 0.05 : s;
      kind[i] = l < 2 ? 14 : k % 10 === 9 ? 12 : 11;
      lane[i] = l; line[i] = 1 + i; endLine[i] = 1 + i + (l < 2 ? 50 : 0); ref[i] = k % 4;
    }
  }
  laneOffsets[lanes.length] = i;
  const data = {
    version: 1, selection: 'boot:0', runs: [{ key: 'boot:0', label: 'a million kernel items' }], axis: { mode: 'time', origin: 0 },
    extent: { min: 0, max: span + 2 }, lanes: lanes.map((name) => ({ name, role: 'kernel' })), laneOffsets,
    items: { count: n, start, end, line, endLine, lane, kind, flags, ref, note },
    bands: { count: 0, start: new Float64Array(0), end: new Float64Array(0), phase: new Uint8Array(0), line: new Int32Array(0), endLine: new Int32Array(0) },
    links: { count: 0, from: new Int32Array(0), to: new Int32Array(0), kind: new Uint8Array(0) },
    notes: [], phases: [], words, gpNames: {},
  };
  window.postMessage({ id: 1, body: { type: 'init', docUri: 'file:///million.log', docLabel: 'million.log', data, theme: 'dark' } }, '*');
}

describe('timeline webview: the kernel\'s quiescent states, unlocks and callbacks', function () {
  this.timeout(120000);
  const a = analyzeBytes(gunzipSync(readFileSync(TRACE)));
  const d = buildTimeline(a, 'boot:0');
  const current = pagePerTest('dark', { width: 1100, height: 700 });

  it('has a quiescent-state lane and a callback lane per CPU', async () => {
    await init(current().page, d, 'phased-rcutrace.trace.log');
    const names = await current().page.locator('.lane-name').allTextContents();
    for (const n of ['rcu_preempt GPs', 'rcu_preempt quiescent states', 'callbacks CPU 0', 'callbacks CPU 1']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  });

  it('selects the report that completed grace period -883 from the editor\'s line, and says what it was', async () => {
    await init(current().page, d, 'phased-rcutrace.trace.log');
    const last = first(d, (i) => d.items.kind[i] === ItemKind.KernelQsLast && d.items.line[i] === 11123);
    await send(current().page, { type: 'highlight', line: 11123 });
    await current().page.waitForFunction((id) => document.querySelector('.plot')!.getAttribute('aria-activedescendant') === id, `tl-item-${last}`);
    const text = (await current().page.locator(`#tl-item-${last}`).textContent())!;
    assert.match(text, /^rcu_preempt quiescent states last quiescent-state report, line 11123, 9\.078 s/);
    assert.match(text, /last quiescent state of grace period -883 \(rcu_preempt\): the preempted reader cco1 \(pid 44\)/);
    // cco1's unlock, on cco1's lane.
    const unlock = first(d, (i) => d.items.kind[i] === ItemKind.KernelUnlock && d.items.line[i] === 11122);
    await send(current().page, { type: 'highlight', line: 11122 });
    await current().page.waitForFunction((id) => document.querySelector('.plot')!.getAttribute('aria-activedescendant') === id, `tl-item-${unlock}`);
    assert.match((await current().page.locator(`#tl-item-${unlock}`).textContent())!, /^cco1 preempted reader unlocks, line 11122/);
  });

  it('shows the tooltip of a cpuqs marker, and paints callbacks in the kernel colour', async () => {
    await init(current().page, d, 'phased-rcutrace.trace.log');
    const qs = first(d, (i) => d.items.kind[i] === ItemKind.KernelQs && d.items.line[i] === 2511);
    const p = await pointOf(current().page, d.items.start[qs]!, d.items.lane[qs]!);
    await current().page.mouse.move(p.x, p.y);
    const tip = current().page.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent())!, /CPU 0 passed through a quiescent state \(rcu_grace_period cpuqs\) for grace period -883/);
    await current().page.mouse.move(0, 0);
    // The longest callback: its middle is the kernel's colour.
    let cb = -1;
    for (let i = 0; i < d.items.count; i++) if (d.items.kind[i] === ItemKind.Callback && (cb < 0 || d.items.end[i]! - d.items.start[i]! > d.items.end[cb]! - d.items.start[cb]!)) cb = i;
    const m = await pointOf(current().page, (d.items.start[cb]! + d.items.end[cb]!) / 2, d.items.lane[cb]!);
    const got = await pixel(current().page, m.x, m.y);
    assert.ok(deltaE(got, parseColor(defaultPalette('dark').kernelGp).rgb) < 12, `callback pixel ${got}`);
  });

  it('has a legend entry per kind of kernel item drawn, each swatch the colour of what it names on the canvas in every theme (screenshot)', async () => {
    const page = current().page;
    await init(page, d, 'phased-rcutrace.trace.log');
    mkdirSync(screenshotsDir, { recursive: true });
    // Text names every entry (a list for screen readers; swatches are hidden from them).
    const texts = await page.locator('.legend [role=listitem]:visible').allTextContents();
    for (const t of ['kernel grace period', 'quiescent state (cpuqs)', 'last quiescent-state report', 'preempted reader (kernel)',
      'preempted reader unlocks', 'callback (queue → invoke)', 'completed by a kernel grace period']) assert.ok(texts.includes(t), `${t} in ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => t.startsWith('waited for')), texts.join(' | '));
    assert.equal(await page.locator('.legend').getAttribute('role'), 'list');
    const view = await savedView(page);
    const box = (await page.locator('.plot canvas').boundingBox())!;
    const px = (x: number) => ((x - view.from) / (view.to - view.from)) * box.width;
    /** The canvas's colours on the row of x..x+2 px (CSS, plot coordinates) at y: the one nearest `want`. */
    const nearest = async (x: number, y: number, want: Rgb): Promise<Rgb> => {
      let best: Rgb = [0, 0, 0];
      for (const dx of [-2, -1, 0, 1, 2]) {
        const got = await pixel(page, box.x + x + dx, box.y + y);
        if (deltaE(got, want) < deltaE(best, want)) best = got;
      }
      return best;
    };
    /** The longest bar of the kind; a marker of the kind with no marker of another kind drawn after
     * it (Batch.flushMarks goes by kind) within 12 px on its lane, so its colour shows. */
    const alone = (kind: number, longest = false): number => {
      let pick = -1;
      for (let i = 0; i < d.items.count; i++) {
        if (d.items.kind[i] !== kind) continue;
        const l = d.items.lane[i]!, x0 = px(d.items.start[i]!), x1 = px(d.items.end[i]!);
        if (longest) { if (pick < 0 || x1 - x0 > px(d.items.end[pick]!) - px(d.items.start[pick]!)) pick = i; continue; }
        let clear = true;
        for (let j = d.laneOffsets[l]!; j < d.laneOffsets[l + 1]! && clear; j++) {
          const later = isPointKind(d.items.kind[j]!) && d.items.kind[j]! > kind;
          if (j !== i && later && px(d.items.end[j]!) > x0 - 12 && px(d.items.start[j]!) < x1 + 12) clear = false;
        }
        if (clear) return i;
      }
      if (pick < 0) throw new Error(`no ${kind} drawn alone`);
      return pick;
    };
    const checks: [string, number, boolean][] = [
      ['kernelGp', ItemKind.KernelGp, true], ['kernelReader', ItemKind.KernelReader, true], ['callback', ItemKind.Callback, true],
      ['kernelQs', ItemKind.KernelQs, false], ['kernelQsLast', ItemKind.KernelQsLast, false], ['kernelUnlock', ItemKind.KernelUnlock, false],
    ];
    // In every theme kind: the swatches and the canvas read the same palette.
    for (const theme of ['dark', 'light', 'high-contrast', 'high-contrast-light'] as const) {
      await setTheme(page, theme);
      const swatches = await legendSwatchColors(page);
      await page.screenshot({ path: path.join(screenshotsDir, `timeline-kernel-legend-${theme}.png`) });
      for (const [key, kind, bar] of checks) {
        const i = alone(kind, bar);
        // Bars: right of the caption; markers: their point. Each at the height the plot draws the kind.
        const x = bar ? px(d.items.start[i]!) + 0.9 * (px(d.items.end[i]!) - px(d.items.start[i]!)) : px(d.items.start[i]!);
        const got = await nearest(x, laneCenter(d.items.lane[i]!) + itemDy(kind), swatches[key]!);
        assert.ok(deltaE(got, swatches[key]!) < 12, `${theme}: the legend's ${key} swatch rgb(${swatches[key]}) is not the colour of a ${key} on the canvas, rgb(${got})`);
      }
      // Links: half-way along the scenario grace period → kernel grace period link (drawn last) and
      // along a grace period → last report link.
      for (const [key, kind] of [['linkCompleted', LinkKind.CompletedBy], ['linkWaited', LinkKind.LastQs]] as const) {
        let k = 0;
        while (k < d.links.count && d.links.kind[k] !== kind) k++;
        assert.ok(k < d.links.count, `a link of kind ${kind}`);
        const a = d.links.from[k]!, b = d.links.to[k]!;
        const x = (px(d.items.end[a]!) + px(d.items.end[b]!)) / 2;
        const y = (laneCenter(d.items.lane[a]!) + itemDy(d.items.kind[a]!) + laneCenter(d.items.lane[b]!) + itemDy(d.items.kind[b]!)) / 2;
        const got = await nearest(x, y, swatches[key]!);
        assert.ok(deltaE(got, swatches[key]!) < 15, `${theme}: the legend's ${key} swatch rgb(${swatches[key]}) is not the colour of its link on the canvas, rgb(${got})`);
      }
    }
    // The kernel's entries are there only when the data has such items: not for the seed's dmesg log.
    await send(page, { type: 'update', data: timelineOfFile('test/fixtures/seed/phased-state-change.log') });
    await page.locator('.legend-item', { hasText: 'kernel grace period' }).waitFor({ state: 'detached' });
    const seedTexts = await page.locator('.legend [role=listitem]:visible').allTextContents();
    assert.ok(!seedTexts.some((t) => /kernel|quiescent|callback|preempted/.test(t)), seedTexts.join(' | '));
  });

  it('draws a million callbacks and quiescent states, zooms and pans them, through the level of detail', async () => {
    assert.deepEqual([ItemKind.Callback, ItemKind.KernelQs, ItemKind.KernelQsLast], [14, 11, 12]);
    await current().page.evaluate(postMillion, d.words);
    await current().page.waitForFunction(() => ((globalThis as { rcuTimelineStats?: { draws: number } }).rcuTimelineStats?.draws ?? 0) > 0);
    const draws = () => current().page.evaluate(() => (globalThis as unknown as { rcuTimelineStats: { draws: number } }).rcuTimelineStats.draws);
    const before = await draws();
    await current().page.locator('.plot').focus();
    for (const key of ['+', '+', 'Shift+ArrowRight', '-']) await current().page.keyboard.press(key);
    await current().page.waitForFunction((n) => (globalThis as unknown as { rcuTimelineStats: { draws: number } }).rcuTimelineStats.draws > n, before);
    // The callback lane is drawn (a sliver per pixel column): its middle is the kernel's colour.
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    const box = (await current().page.locator('.plot canvas').boundingBox())!;
    const got = await pixel(current().page, box.x + box.width / 2, box.y + laneCenter(0));
    assert.ok(deltaE(got, parseColor(defaultPalette('dark').kernelGp).rgb) < 12, `callback lane pixel ${got}`);
    // The screen-reader list stays bounded however many items are in view.
    assert.ok(await current().page.locator('.plot [role=option]').count() < 5000);
  });

  it('draws the real trace\'s timeline laid end to end to a million items with a number of canvas calls set by pixels, not items or links', async () => {
    const page = current().page;
    const copies = Math.ceil(1_000_000 / d.items.count);
    await page.evaluate(repeatAndPost, { base: plain(d), copies });
    await page.waitForFunction(() => ((globalThis as { rcuTimelineStats?: { draws: number } }).rcuTimelineStats?.draws ?? 0) > 0, undefined, { timeout: 60000 });
    // One redraw of the whole extent, counting the drawing calls made on the canvas.
    const calls = await page.evaluate(async () => {
      const P = CanvasRenderingContext2D.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
      const names = ['stroke', 'fill', 'fillRect', 'strokeRect', 'arc', 'lineTo', 'rect'];
      const n: Record<string, number> = {};
      const orig = names.map((k) => P[k]!);
      names.forEach((k, i) => { n[k] = 0; P[k] = function (this: unknown, ...a: unknown[]) { n[k]!++; return orig[i]!.apply(this, a); }; });
      (document.querySelector('button[aria-label="Fit all"]') as HTMLButtonElement).click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      names.forEach((k, i) => { P[k] = orig[i]!; });
      return n;
    });
    const box = (await page.locator('.plot canvas').boundingBox())!;
    const cells = box.width * d.lanes.length;   // pixel columns × lanes
    const shapes = calls.fillRect! + calls.strokeRect! + calls.arc! + calls.lineTo! + calls.rect!;
    const strokes = calls.stroke! + calls.fill!;
    // 1,000,000 items and ${copies * d.links.count} links: drawn one by one they would be ~1,100,000 shapes.
    assert.ok(shapes < 6 * cells, `${shapes} shapes for ${Math.round(cells)} lane columns: ${JSON.stringify(calls)}`);
    assert.ok(strokes < 2000, `${strokes} stroke/fill calls: ${JSON.stringify(calls)}`);
  });
});
