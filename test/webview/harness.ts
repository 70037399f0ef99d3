// A stand-in for VS Code's webview host, for testing the timeline webview in Debian's chromium:
// a local HTTP server serves the very page the extension builds (src/extension/timeline/html.ts,
// same CSP) with the built bundle (dist/webview/), and an init script provides acquireVsCodeApi:
// posted messages collect in window.__posted, state persists in sessionStorage across reloads.
// Compiled to out/test/webview/, so the repo root is three levels up.

import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeText } from '../../src/core/analyze';
import { buildTimeline, type TimelineData } from '../../src/core/timeline/timeline';
import { makeNonce, timelineHtml } from '../../src/extension/timeline/html';
import type { Envelope, FromWebviewMessage, ToWebviewMessage } from '../../src/shared/protocol';
import type { ThemeKind } from '../../src/core/timeline/style';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const screenshotsDir = path.join(repoRoot, 'test', 'webview', 'screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Serves `/` (the webview page) and `/webview/*` (dist/webview) and `/theme.css` (test theme variables). */
export async function startServer(): Promise<{ server: Server; origin: string }> {
  const dist = path.join(repoRoot, 'dist', 'webview');
  if (!existsSync(path.join(dist, 'timeline.js'))) throw new Error('dist/webview/timeline.js is missing: run `npm run build` first');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(timelineHtml({
        cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/webview/timeline.js`,
        styleUri: `${origin}/webview/timeline.css`, codiconUri: `${origin}/webview/codicon.css`,
      }));
      return;
    }
    const file = url.pathname === '/theme.css' ? path.join(repoRoot, 'test', 'webview', 'vscode-theme.css')
      : url.pathname.startsWith('/webview/') ? path.join(dist, path.basename(url.pathname)) : '';
    if (!file || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS });
}

/** The acquireVsCodeApi stub and traps that notice anything hostile running. Runs before the page's scripts. */
function stub(): void {
  const w = window as unknown as Record<string, unknown>;
  w.__posted = [];
  w.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => (w.__cspViolations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
  let state: unknown = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null');
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
      getState: () => state,
      setState: (s: unknown) => { state = s; sessionStorage.setItem('vscode-state', JSON.stringify(s)); },
    };
  };
  w.alert = () => { w.__dialog = true; };
}

export interface Harness {
  browser: Browser;
  page: Page;
  origin: string;
  dialogs: string[];
  pageErrors: string[];
}

export async function openPage(browser: Browser, origin: string, theme: ThemeKind = 'dark', viewport = { width: 1100, height: 420 }): Promise<Harness> {
  const page = await browser.newPage({ viewport });
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(stub);
  await page.goto(`${origin}/`);
  await setTheme(page, theme);
  await waitPosted(page, (m) => m.type === 'ready');
  return { browser, page, origin, dialogs, pageErrors };
}

/** The mocha hooks of a webview suite: one server and one browser for the suite, a fresh page for
 * each test, checked after it for script errors and for anything the CSP had to block. Returns the
 * current test's page. */
export function pagePerTest(theme: ThemeKind = 'dark', viewport?: { width: number; height: number }): () => Harness {
  let server: Server | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let h: Harness | undefined;
  before(async () => {
    ({ server, origin } = await startServer());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  beforeEach(async () => { h = await openPage(browser!, origin, theme, viewport); });
  afterEach(async () => {
    assert.deepEqual(h!.pageErrors, [], 'no script errors');
    assert.deepEqual(await h!.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), [], 'nothing the CSP had to block');
    await h!.page.close();
  });
  return () => h!;
}

/** VS Code's body class and theme variables (the variables come from a same-origin stylesheet, as CSP allows),
 *  and the extension's contributed colours, set on <html> the way VS Code sets them (extensionColors). */
export async function setTheme(page: Page, theme: ThemeKind): Promise<void> {
  const has = await page.evaluate(() => !!document.querySelector('link[href$="/theme.css"]'));
  if (!has) await page.addStyleTag({ url: '/theme.css' });
  await page.evaluate(({ t, vars }) => {
    for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(t === 'high-contrast-light' ? 'vscode-high-contrast' : `vscode-${t}`);
    if (t === 'high-contrast-light') document.body.classList.add('vscode-high-contrast-light');
    document.body.setAttribute('data-vscode-theme-kind', t);
  }, { t: theme, vars: extensionColors(theme) });
}

/**
 * The variables VS Code 1.100 gives a webview for the colours package.json contributes, with their
 * defaults for `theme`: named `'--vscode-' + id.replace('.', '-')` (only the first dot becomes a
 * dash: `--vscode-rcuLens-phase.gp1Background`), translucent values as `rgba(r, g, b, a)`.
 * Colours defaulting to another theme colour (a name, not a value) are left out.
 */
export function extensionColors(theme: ThemeKind): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string> }[] } };
  const key = { dark: 'dark', light: 'light', 'high-contrast': 'highContrast', 'high-contrast-light': 'highContrastLight' }[theme];
  const out: Record<string, string> = {};
  for (const c of pkg.contributes.colors) {
    const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c.defaults[key] ?? '');
    if (!m) continue;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1]!.slice(i, i + 2), 16));
    const a = m[2] ? parseInt(m[2], 16) / 255 : 1;
    out[`--vscode-${c.id.replace('.', '-')}`] = a === 1 ? `#${m[1]!.toLowerCase()}` : `rgba(${r}, ${g}, ${b}, ${+a.toFixed(2)})`;
  }
  return out;
}

// Typed arrays do not survive page.evaluate's argument serialisation: tag them on the way in.
function toWire(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return { __typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) };
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
}

let nextId = 1000;
/** Posts a host message to the webview, as VS Code would (an Envelope on window 'message'). */
export async function send(page: Page, body: ToWebviewMessage, id = nextId++): Promise<void> {
  await page.evaluate(({ wire, id }) => {
    const fromWire = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(fromWire);
      if (v && typeof v === 'object') {
        const t = v as { __typed?: string; values?: number[] };
        if (t.__typed) return new (globalThis as unknown as Record<string, new (a: number[]) => unknown>)[t.__typed]!(t.values!);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]));
      }
      return v;
    };
    window.postMessage({ id, body: fromWire(wire) }, '*');
  }, { wire: toWire(body) as Record<string, unknown>, id });
}

export async function posted(page: Page): Promise<Envelope<FromWebviewMessage>[]> {
  return page.evaluate(() => (window as unknown as { __posted: Envelope<FromWebviewMessage>[] }).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => { (window as unknown as { __posted: unknown[] }).__posted.length = 0; });
}

export async function waitPosted(page: Page, pred: (m: FromWebviewMessage, e: Envelope<FromWebviewMessage>) => boolean, timeoutMs = 5000): Promise<Envelope<FromWebviewMessage>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = (await posted(page)).find((e) => pred(e.body, e));
    if (found) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for a posted message; got ${JSON.stringify((await posted(page)).map((e) => e.body.type))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function timelineOfFile(rel: string, selection?: string): TimelineData {
  return buildTimeline(analyzeText(readFileSync(path.join(repoRoot, rel), 'utf8')), selection);
}

export async function init(page: Page, data: TimelineData, docLabel = 'phased-state-change.log', theme: ThemeKind = 'dark'): Promise<void> {
  await send(page, { type: 'init', docUri: `file:///logs/${docLabel}`, docLabel, data, theme });
  await page.waitForFunction(() => ((globalThis as { rcuTimelineStats?: { draws: number } }).rcuTimelineStats?.draws ?? 0) > 0);
}

/** The view range the webview saved (it saves 200 ms after a change). */
export async function savedView(page: Page): Promise<{ from: number; to: number }> {
  await page.waitForFunction(() => !!JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null')?.view);
  await page.waitForTimeout(300);
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state')!).view);
}

/**
 * The colour of each legend swatch shown, by entry key (legend.ts), read off its canvas: a bar's
 * middle, a marker's body (beside the glyph of a stall or violation), a link's dot.
 */
export async function legendSwatchColors(page: Page): Promise<Record<string, [number, number, number]>> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const out: Record<string, [number, number, number]> = {};
    for (const c of document.querySelectorAll<HTMLCanvasElement>('.legend .swatch')) {
      if ((c.closest('.legend-item') as HTMLElement | null)?.hidden) continue;
      const key = [...c.classList].find((k) => k.startsWith('swatch-'))!.slice(7);
      const dpr = c.width / c.clientWidth, w = c.clientWidth, h = c.clientHeight;
      const shape = c.dataset.shape;
      const [x, y] = shape === 'link' ? [w - 4, 4] : shape === 'mark' && (key === 'stall' || key === 'violation') ? [w / 2 + 3.5, h / 2] : [w / 2, h / 2];
      const d = c.getContext('2d')!.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data;
      // Swatches are transparent where nothing is painted: blend with the legend's background.
      const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
      const a = d[3]! / 255;
      out[key] = [0, 1, 2].map((i) => Math.round(d[i]! * a + bg[i]! * (1 - a))) as [number, number, number];
    }
    return out;
  });
}

/** A TimelineData as plain arrays and objects: what page.evaluate can carry. */
export type Plain = Record<string, unknown>;
export function plain(d: TimelineData): Plain {
  const arr = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v]));
  return { ...d, laneOffsets: Array.from(d.laneOffsets), items: arr(d.items), bands: arr(d.bands), links: arr(d.links) };
}

/**
 * In the page: `copies` copies of a timeline laid end to end in time (each shifted by its extent
 * and a little more, lines by its last line), items still sorted by lane then start, links and
 * grace-period names following their items; posted like VS Code would. Returns the time posted.
 * Runs in the page (page.evaluate): self-contained. The timeline bench's kernel case and the
 * kernel webview test's million-item case use it.
 */
export function repeatAndPost({ base, copies }: { base: Plain; copies: number }): number {
  const b = base as {
    lanes: unknown[]; laneOffsets: number[]; extent: { min: number; max: number };
    items: { count: number; start: number[]; end: number[]; line: number[]; endLine: number[]; lane: number[]; kind: number[]; flags: number[]; ref: number[]; note: number[] };
    bands: { count: number; start: number[]; end: number[]; phase: number[]; line: number[]; endLine: number[] };
    links: { count: number; from: number[]; to: number[]; kind: number[] };
    gpNames: Record<string, unknown>;
  };
  const bc = b.items.count, L = b.lanes.length, n = bc * copies;
  const period = (b.extent.max - b.extent.min) * 1.05;
  let lastLine = 0;
  for (let i = 0; i < bc; i++) lastLine = Math.max(lastLine, b.items.endLine[i]!);
  for (let i = 0; i < b.bands.count; i++) lastLine = Math.max(lastLine, b.bands.endLine[i]!);
  const it = {
    count: n, start: new Float64Array(n), end: new Float64Array(n), line: new Int32Array(n), endLine: new Int32Array(n),
    lane: new Uint16Array(n), kind: new Uint8Array(n), flags: new Uint8Array(n), ref: new Float64Array(n), note: new Int32Array(n),
  };
  const newIndex = new Int32Array(n);   // copy * bc + base index → index
  const laneOffsets = new Int32Array(L + 1);
  let k = 0;
  for (let l = 0; l < L; l++) {
    laneOffsets[l] = k;
    for (let c = 0; c < copies; c++) {
      const dx = c * period, dl = c * lastLine;
      for (let i = b.laneOffsets[l]!; i < b.laneOffsets[l + 1]!; i++, k++) {
        it.start[k] = b.items.start[i]! + dx; it.end[k] = b.items.end[i]! + dx;
        it.line[k] = b.items.line[i]! + dl; it.endLine[k] = b.items.endLine[i]! + dl;
        it.lane[k] = l; it.kind[k] = b.items.kind[i]!; it.flags[k] = b.items.flags[i]!; it.ref[k] = b.items.ref[i]!; it.note[k] = b.items.note[i]!;
        newIndex[c * bc + i] = k;
      }
    }
  }
  laneOffsets[L] = k;
  const nb = b.bands.count * copies, nl = b.links.count * copies;
  const bands = { count: nb, start: new Float64Array(nb), end: new Float64Array(nb), phase: new Uint8Array(nb), line: new Int32Array(nb), endLine: new Int32Array(nb) };
  const links = { count: nl, from: new Int32Array(nl), to: new Int32Array(nl), kind: new Uint8Array(nl) };
  const gpNames: Record<number, unknown> = {};
  for (let c = 0; c < copies; c++) {
    for (let j = 0; j < b.bands.count; j++) {
      const q = c * b.bands.count + j;
      bands.start[q] = b.bands.start[j]! + c * period; bands.end[q] = b.bands.end[j]! + c * period; bands.phase[q] = b.bands.phase[j]!;
      bands.line[q] = b.bands.line[j]! + c * lastLine; bands.endLine[q] = b.bands.endLine[j]! + c * lastLine;
    }
    for (let j = 0; j < b.links.count; j++) {
      const q = c * b.links.count + j;
      links.from[q] = newIndex[c * bc + b.links.from[j]!]!; links.to[q] = newIndex[c * bc + b.links.to[j]!]!; links.kind[q] = b.links.kind[j]!;
    }
    for (const [i, v] of Object.entries(b.gpNames)) gpNames[newIndex[c * bc + Number(i)]!] = v;
  }
  const data = {
    ...base, runs: [{ key: (base as { selection: string }).selection, label: `${copies} copies of the trace's timeline: ${n} items` }],
    extent: { min: b.extent.min, max: b.extent.min + (copies - 1) * period + (b.extent.max - b.extent.min) },
    laneOffsets, items: it, bands, links, gpNames,
  };
  const t0 = performance.now();
  window.postMessage({ id: 1, body: { type: 'init', docUri: 'file:///bench-trace.log', docLabel: 'bench-trace.log', data, theme: 'dark' } }, '*');
  return t0;
}
