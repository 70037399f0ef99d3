// Benchmark (not a test): the timeline webview with a million items in headless chromium.
// Prints first paint (message posted → first frame drawn, including the structured clone and the
// index) and per-frame draw times while zooming and panning with wheel events, one per animation
// frame, against the goals (first paint ≤ 300 ms, frames ≤ 16 ms): printed, never asserted.
// Cases: `synthetic` (readers, scenario and kernel grace periods, stalls: 10 lanes) and `kernel`:
// the timeline of the real trace test/fixtures/traces/phased-rcutrace.trace.log.gz (kernel grace
// periods, cpuqs and last reports, preempted readers and their unlocks, callbacks, the links) laid
// end to end, as many copies as make ~1,000,000 trace events (the trace's own lines), then as many
// as make ~`--items` timeline items.
// Run: npm run bench:timeline [-- --items 1000000] [-- --case synthetic|kernel]
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { analyzeBytes } from '../../src/core/analyze';
import { buildTimeline, emptyTimeline, type TimelineData } from '../../src/core/timeline/timeline';
import { launch, openPage, plain, repeatAndPost, repoRoot, startServer } from './harness';

const FIRST_PAINT_GOAL_MS = 300;
const FRAME_GOAL_MS = 16;

/** Builds a synthetic TimelineData in the page (same shape as src/core/timeline/timeline.ts) and posts it like VS Code would.
 * `words`: a real timeline's (TimelineData.words), so the data has every field the page reads. */
function synthAndPost({ n, words }: { n: number; words: TimelineData['words'] }): number {
  const LANES = ['insmod', 'cco1', 'cco2', 'cco3', 'cco4', 'cco5', 'cco6', 'maint', 'rcu_preempt GPs', 'stalls'];
  const roles = ['init', 'reader', 'reader', 'reader', 'reader', 'reader', 'reader', 'updater', 'kernel', 'stalls'];
  const L = LANES.length;
  // Share of items per lane: readers and kernel GPs dominate, like a long stress log.
  const share = [0.01, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.24, 0.01];
  const counts = share.map((s) => Math.floor(s * n));
  counts[1]! += n - counts.reduce((a, b) => a + b, 0);
  const span = 100000;   // seconds since boot
  const start = new Float64Array(n), end = new Float64Array(n), line = new Int32Array(n), endLine = new Int32Array(n);
  const lane = new Uint16Array(n), kind = new Uint8Array(n), flags = new Uint8Array(n), ref = new Float64Array(n), note = new Int32Array(n).fill(-1);
  const laneOffsets = new Int32Array(L + 1);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  let i = 0;
  for (let l = 0; l < L; l++) {
    laneOffsets[l] = i;
    const c = counts[l]!;
    const step = span / Math.max(1, c);
    for (let k = 0; k < c; k++, i++) {
      const s = k * step + rnd() * step * 0.3;
      const point = l === 0 || l === L - 1;
      start[i] = s;
      end[i] = point ? s : s + step * (0.2 + rnd() * 0.5);
      lane[i] = l;
      kind[i] = l === 0 ? 5 : l === L - 1 ? 7 : l === 7 ? (k % 3 === 1 ? 4 : 3) : l === 8 ? 9 : (rnd() < 0.5 ? 0 : 1);
      line[i] = 1 + Math.floor((s / span) * n * 3);
      endLine[i] = line[i]! + (point ? 0 : 2);
      ref[i] = l === 7 ? 1 + (k % 2) : k;
    }
  }
  laneOffsets[L] = i;
  const data = {
    version: 1, selection: 'boot:0', runs: [{ key: 'boot:0', label: `Synthetic: ${n} items` }], axis: { mode: 'time', origin: 0 },
    extent: { min: 0, max: span * 1.01 }, lanes: LANES.map((name, k) => ({ name, role: roles[k] })), laneOffsets,
    items: { count: n, start, end, line, endLine, lane, kind, flags, ref, note },
    bands: { count: 0, start: new Float64Array(0), end: new Float64Array(0), phase: new Uint8Array(0), line: new Int32Array(0), endLine: new Int32Array(0) },
    links: { count: 0, from: new Int32Array(0), to: new Int32Array(0), kind: new Uint8Array(0) },
    notes: [], phases: [], words, gpNames: {},
  };
  const t0 = performance.now();
  window.postMessage({ id: 1, body: { type: 'init', docUri: 'file:///bench.log', docLabel: 'bench.log', data, theme: 'dark' } }, '*');
  return t0;
}

interface Stats { draws: number; lastEnd: number; samples: number[]; dataAt: number; indexMs: number }

/** Dispatches one wheel event per animation frame; returns the draw times and frame intervals. */
function animate({ frames, mode }: { frames: number; mode: 'zoom-in' | 'zoom-out' | 'pan' }): Promise<{ draw: number[]; interval: number[] }> {
  const canvas = document.querySelector('.plot canvas') as HTMLCanvasElement;
  const r = canvas.getBoundingClientRect();
  const stats = (globalThis as unknown as { rcuTimelineStats: Stats }).rcuTimelineStats;
  const before = stats.samples.length;
  const times: number[] = [];
  return new Promise((resolve) => {
    let k = 0;
    const tick = (t: number) => {
      times.push(t);
      if (k++ >= frames) {
        const draw = stats.samples.slice(before);
        resolve({ draw, interval: times.slice(1).map((x, j) => x - times[j]!) });
        return;
      }
      const init: WheelEventInit = { clientX: r.left + r.width * 0.37, clientY: r.top + 120, bubbles: true, cancelable: true };
      if (mode === 'pan') canvas.dispatchEvent(new WheelEvent('wheel', { ...init, deltaX: 40 }));
      else canvas.dispatchEvent(new WheelEvent('wheel', { ...init, deltaY: mode === 'zoom-in' ? -60 : 60 }));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Draw time at a series of fixed zoom levels (fit, then ×~0.37 each step): 15 redraws each. */
async function levels(): Promise<string[]> {
  const canvas = document.querySelector('.plot canvas') as HTMLCanvasElement;
  const r = canvas.getBoundingClientRect();
  const stats = (globalThis as unknown as { rcuTimelineStats: Stats }).rcuTimelineStats;
  const wheel = (dy: number) => canvas.dispatchEvent(new WheelEvent('wheel', { clientX: r.left + r.width * 0.37, clientY: r.top + 120, deltaY: dy, bubbles: true, cancelable: true }));
  const frame = () => new Promise((res) => requestAnimationFrame(res));
  (document.querySelector('button[aria-label="Fit all"]') as HTMLButtonElement).click();
  await frame();
  const out: string[] = [];
  for (let z = 0; z < 10; z++) {
    const xs: number[] = [];
    for (let k = 0; k < 15; k++) { wheel(0); await frame(); xs.push(stats.samples[stats.samples.length - 1]!); }
    xs.sort((a, b) => a - b);
    out.push(`  view ${document.querySelector('.status')!.textContent!.padEnd(28)} draw min ${xs[0]!.toFixed(2)} ms, median ${xs[7]!.toFixed(2)} ms`);
    wheel(-500);
    await frame();
  }
  return out;
}

function summary(xs: number[]): string {
  if (!xs.length) return 'n/a';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (${xs.length} frames)`;
}

/** Draws after a post until the first frame, then at fixed zoom levels and while zooming and panning. */
async function measure(page: Page, t0: number, title: string): Promise<void> {
  // The first frame, or the error the page reports when the data is not what it reads.
  await page.waitForFunction(() => (globalThis as unknown as { rcuTimelineStats: Stats }).rcuTimelineStats.draws > 0 ||
    (globalThis as unknown as { __posted: { body: { type: string } }[] }).__posted.some((m) => m.body.type === 'error'), undefined, { timeout: 120000 });
  const error = await page.evaluate(() => (globalThis as unknown as { __posted: { body: { type: string; message?: string } }[] }).__posted.find((m) => m.body.type === 'error')?.body.message);
  if (error) throw new Error(`${title}: the page failed: ${error}`);
  const first = await page.evaluate(() => (globalThis as unknown as { rcuTimelineStats: Stats }).rcuTimelineStats);
  console.log(title);
  const fp = first.lastEnd - t0;
  console.log(`first paint (post → first frame drawn): ${fp.toFixed(1)} ms (goal ≤ ${FIRST_PAINT_GOAL_MS} ms${fp > FIRST_PAINT_GOAL_MS ? ': OVER' : ''}): ` +
    `message received (structured clone) after ${(first.dataAt - t0).toFixed(1)} ms, index ${first.indexMs.toFixed(1)} ms, first draw itself ${first.samples[0]!.toFixed(2)} ms`);
  console.log('fixed zoom levels (redraws of the same view):');
  for (const line of await page.evaluate(levels)) console.log(line);
  await (await page.$('button[aria-label="Fit all"]'))!.click();
  console.log(`continuous interaction (one wheel event per animation frame; goal: frames ≤ ${FRAME_GOAL_MS} ms):`);
  for (const mode of ['zoom-in', 'pan', 'zoom-out'] as const) {
    const r = await page.evaluate(animate, { frames: 120, mode });
    console.log(`  ${mode.padEnd(8)} draw: ${summary(r.draw)}; frame interval: ${summary(r.interval)}`);
  }
  const fullView = await page.evaluate(animate, { frames: 60, mode: 'zoom-out' as const });
  console.log(`  zoomed out past everything, draw: ${summary(fullView.draw)}`);
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--items');
  const n = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
  const caseArg = process.argv.indexOf('--case');
  const only = caseArg > 0 ? process.argv[caseArg + 1] : '';
  const { server, origin } = await startServer();
  const browser = await launch();
  const fresh = async (): Promise<{ page: Page; errors: string[] }> => {
    const h = await openPage(browser, origin, 'dark', { width: 1280, height: 720 });
    return { page: h.page, errors: h.pageErrors };
  };
  try {
    if (!only || only === 'synthetic') {
      const { page, errors } = await fresh();
      const t0 = await page.evaluate(synthAndPost, { n, words: emptyTimeline('').words });
      await measure(page, t0, `timeline bench: ${n.toLocaleString('en')} items, 10 lanes, 1280×720, headless chromium (software raster)`);
      if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
      await page.close();
    }
    if (!only || only === 'kernel') {
      const bytes = gunzipSync(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'traces', 'phased-rcutrace.trace.log.gz')));
      const a = analyzeBytes(bytes);
      const base = buildTimeline(a, 'boot:0');
      const events = a.kernelLines;   // the trace's event lines (its header is not counted)
      const sizes = [Math.ceil(1_000_000 / events), Math.ceil(n / base.items.count)];
      for (const copies of sizes) {
        const { page, errors } = await fresh();
        const t0 = await page.evaluate(repeatAndPost, { base: plain(base), copies });
        await measure(page, t0, `\ntimeline bench, kernel: phased-rcutrace.trace.log's timeline (${base.items.count} items, ${base.links.count} links, ${base.lanes.length} lanes, ` +
          `from ${events.toLocaleString('en')} trace events) × ${copies}: ${(copies * events).toLocaleString('en')} trace events, ` +
          `${(copies * base.items.count).toLocaleString('en')} items, ${(copies * base.links.count).toLocaleString('en')} links; 1280×720, headless chromium (software raster)`);
        if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

void main().catch((e) => { console.error(e); process.exit(1); });
