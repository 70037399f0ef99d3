// The timeline webview in chromium, as a user meets it: the built bundle, the extension's own page
// and CSP, a stub of VS Code's webview API. Run: npm run test:webview (builds first).
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ItemKind, findItemAtLine, type TimelineData } from '../../src/core/timeline/timeline';
import { LAYOUT, laneCenter, PHASE_BACKGROUNDS } from '../../src/core/timeline/style';
import type { ThemeKind } from '../../src/core/timeline/style';
import { blend, deltaE, type Rgb } from '../unit/support/color';
import {
  clearPosted, init, legendSwatchColors, pagePerTest, posted, savedView, screenshotsDir, send, setTheme, timelineOfFile, waitPosted,
} from './harness';

const SEED = 'test/fixtures/seed/phased-state-change.log';

function itemOf(d: TimelineData, lane: string, kind: number): number {
  for (let i = 0; i < d.items.count; i++) if (d.lanes[d.items.lane[i]!]!.name === lane && d.items.kind[i] === kind) return i;
  throw new Error(`no ${kind} on ${lane}`);
}

/** Page coordinates of the middle of item i, given the view the webview saved. */
async function pointOf(page: Page, d: TimelineData, i: number): Promise<{ x: number; y: number }> {
  const view = await savedView(page);
  const box = (await page.locator('.plot canvas').boundingBox())!;
  const mid = (d.items.start[i]! + d.items.end[i]!) / 2;
  return { x: box.x + ((mid - view.from) / (view.to - view.from)) * box.width, y: box.y + laneCenter(d.items.lane[i]!) };
}

/** The canvas's colour at (x, y) CSS px of the plot, once the next frame is drawn. */
async function pixel(page: Page, x: number, y: number): Promise<Rgb> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(({ x, y }) => {
    const c = document.querySelector('.plot canvas') as HTMLCanvasElement;
    const dpr = c.width / c.clientWidth;
    const d = c.getContext('2d')!.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, { x, y });
}

/** Plot x (CSS px) of data x `v` at fraction `f` of [a, b], in the view the webview saved. */
async function plotX(page: Page, a: number, b: number, f = 0.5): Promise<number> {
  const view = await savedView(page);
  const w = (await page.locator('.plot canvas').boundingBox())!.width;
  return ((a + (b - a) * f - view.from) / (view.to - view.from)) * w;
}

/** Colour of phase band b in the strip under the axis (where nothing else is drawn), at its middle. */
async function bandPixel(page: Page, d: TimelineData, b: number): Promise<Rgb> {
  return pixel(page, await plotX(page, d.bands.start[b]!, d.bands.end[b]!), LAYOUT.axisHeight + 3);
}

function bandOf(d: TimelineData, phase: string): number {
  for (let b = 0; b < d.bands.count; b++) if (d.phases[d.bands.phase[b]!]!.name === phase) return b;
  throw new Error(`no ${phase} band`);
}

const THEME_BACKGROUNDS: [ThemeKind, string][] = [['dark', '#1f1f1f'], ['light', '#ffffff'], ['high-contrast', '#000000'], ['high-contrast-light', '#ffffff']];

describe('timeline webview in chromium', function () {
  this.timeout(60000);
  const seed = timelineOfFile(SEED);
  const current = pagePerTest();

  it('shows one lane per task as DOM text', async () => {
    await init(current().page, seed);
    assert.deepEqual(await current().page.locator('.lane-name').allTextContents(), ['init', 'cco1', 'maint', 'cco2']);
    assert.deepEqual(await current().page.locator('.lane-role').allTextContents(), ['init', 'reader', 'updater', 'reader']);
    assert.equal(await current().page.locator('.run-select option').count(), 1);
  });

  it('posts reveal with the lines of a clicked bar', async () => {
    await init(current().page, seed);
    for (const [lane, kind, line, endLine] of [['cco1', ItemKind.ReaderQuick, 3, 14], ['maint', ItemKind.GracePeriod, 13, 15], ['cco2', ItemKind.ReaderCareful, 22, 32]] as const) {
      await clearPosted(current().page);
      const p = await pointOf(current().page, seed, itemOf(seed, lane, kind));
      await current().page.mouse.click(p.x, p.y);
      const m = await waitPosted(current().page, (b) => b.type === 'reveal');
      assert.deepEqual(m.body, { type: 'reveal', line, endLine, focusEditor: false }, lane);
    }
  });

  it('shows a tooltip with the item, its lines and times', async () => {
    await init(current().page, seed);
    const p = await pointOf(current().page, seed, itemOf(seed, 'cco1', ItemKind.ReaderQuick));
    await current().page.mouse.move(p.x, p.y);
    const tip = current().page.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.textContent();
    assert.match(text!, /cco1: reader, quick path/);
    assert.match(text!, /lines 3–14 · 99\.567 s → 159\.569 s \(60\.002 s\)/);
    assert.match(text!, /grace period 1 waited for it/);
  });

  it('selects the item under the editor cursor (highlight) and exposes it to screen readers', async () => {
    await init(current().page, seed);
    const r2 = itemOf(seed, 'cco2', ItemKind.ReaderCareful);
    assert.equal(findItemAtLine(seed, 24), r2);
    await send(current().page, { type: 'highlight', line: 24 });
    await current().page.waitForFunction((id) => document.querySelector('.plot')!.getAttribute('aria-activedescendant') === id, `tl-item-${r2}`);
    const opt = current().page.locator(`#tl-item-${r2}`);
    assert.equal(await opt.getAttribute('role'), 'option');
    assert.equal(await opt.getAttribute('aria-selected'), 'true');
    assert.match((await opt.textContent())!, /^cco2 reader, careful path, lines 22–32, 192\.556 s to 252\.557 s/);
    assert.equal((await posted(current().page)).filter((e) => e.body.type === 'reveal').length, 0, 'a highlight does not echo back as reveal');
    await send(current().page, { type: 'highlight', line: null });
    await current().page.waitForFunction(() => !document.querySelector('.plot')!.hasAttribute('aria-activedescendant'));
  });

  it('lists the items in view in a hidden listbox for screen readers', async () => {
    await init(current().page, seed);
    await current().page.waitForFunction((n) => document.querySelectorAll('.plot [role=option]').length === n, seed.items.count);
    const labels = await current().page.locator('.plot [role=option]').allTextContents();
    assert.ok(labels.includes('cco1 reader, quick path, lines 3–14, 99.567 s to 159.569 s, 60.002 s; grace period 1 waited for it; task inferred from the scenario order'));
    assert.equal(await current().page.locator('.plot').getAttribute('role'), 'listbox');
    assert.equal(await current().page.locator('.plot').getAttribute('tabindex'), '0');
  });

  it('moves between items with the keyboard and reveals with Enter', async () => {
    await init(current().page, seed);
    await current().page.locator('.plot').focus();
    const active = () => current().page.locator('.plot').getAttribute('aria-activedescendant');
    await current().page.keyboard.press('ArrowRight');
    assert.equal(await active(), `tl-item-${itemOf(seed, 'init', ItemKind.Init)}`);
    await current().page.keyboard.press('ArrowRight');
    await current().page.keyboard.press('ArrowDown');
    assert.equal(await active(), `tl-item-${itemOf(seed, 'cco1', ItemKind.ReaderQuick)}`);
    await current().page.keyboard.press('Enter');
    assert.deepEqual((await waitPosted(current().page, (b) => b.type === 'reveal')).body, { type: 'reveal', line: 3, endLine: 14, focusEditor: false });
    await clearPosted(current().page);
    await current().page.keyboard.press('ArrowDown');
    assert.equal(await active(), `tl-item-${itemOf(seed, 'maint', ItemKind.GracePeriod)}`);
    await current().page.keyboard.press('ArrowRight');
    assert.equal(await active(), `tl-item-${itemOf(seed, 'maint', ItemKind.Work)}`);
    await current().page.keyboard.press('Control+Enter');
    assert.deepEqual((await waitPosted(current().page, (b) => b.type === 'reveal')).body, { type: 'reveal', line: 15, endLine: 31, focusEditor: true });
  });

  it('zooms (keys, buttons, wheel, range drag), pans, fits, and restores the view after a reload', async () => {
    await init(current().page, seed);
    const fit = await savedView(current().page);
    await current().page.locator('.plot').focus();
    await current().page.keyboard.press('+');
    const zoomed = await savedView(current().page);
    assert.ok(zoomed.to - zoomed.from < (fit.to - fit.from) * 0.7, 'zoomed in');
    await current().page.keyboard.press('Shift+ArrowRight');
    const panned = await savedView(current().page);
    assert.ok(panned.from > zoomed.from, 'panned right');
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    assert.deepEqual(await savedView(current().page), fit);
    await current().page.getByRole('button', { name: 'Zoom in' }).click();
    assert.ok((await savedView(current().page)).to - (await savedView(current().page)).from < fit.to - fit.from);
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    const box = (await current().page.locator('.plot canvas').boundingBox())!;
    await current().page.mouse.move(box.x + box.width / 2, box.y + 100);
    await current().page.mouse.wheel(0, -300);
    const wheeled = await savedView(current().page);
    assert.ok(wheeled.to - wheeled.from < fit.to - fit.from, 'wheel up zooms in');
    // A touchpad pinch arrives as a wheel event with ctrlKey: it zooms faster.
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    await savedView(current().page);
    await current().page.mouse.move(box.x + box.width / 2, box.y + 100);
    await current().page.keyboard.down('Control');
    await current().page.mouse.wheel(0, -100);
    await current().page.keyboard.up('Control');
    const pinched = await savedView(current().page);
    assert.ok(pinched.to - pinched.from < (fit.to - fit.from) * 0.5, `pinch zooms in: ${JSON.stringify(pinched)}`);
    // Two fingers on a touch screen (real touch input through the browser): spreading them from
    // 100 px apart to 300 px zooms in 3×, about their midpoint; bringing them back zooms out again.
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    await savedView(current().page);
    const cdp = await current().page.context().newCDPSession(current().page);
    const cx = box.x + box.width / 2, ty = box.y + 150;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', xs: number[]) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: xs.map((x, id) => ({ x, y: ty, id })) });
    await touch('touchStart', [cx - 50, cx + 50]);
    for (const half of [75, 100, 125, 150]) await touch('touchMove', [cx - half, cx + half]);
    const spread = await savedView(current().page);
    const fitSpan = fit.to - fit.from, mid = (v: { from: number; to: number }) => (v.from + v.to) / 2;
    assert.ok(Math.abs((spread.to - spread.from) / fitSpan - 1 / 3) < 0.02, `a 3× spread zooms in 3×: ${JSON.stringify({ fit, spread })}`);
    assert.ok(Math.abs(mid(spread) - mid(fit)) < fitSpan * 0.01, 'the time under the fingers stays under them');
    for (const half of [100, 50]) await touch('touchMove', [cx - half, cx + half]);
    await touch('touchEnd', []);
    const back = await savedView(current().page);
    assert.ok(Math.abs((back.to - back.from) / fitSpan - 1) < 0.02, `pinching back zooms out again: ${JSON.stringify(back)}`);
    await cdp.detach();
    // Drag on the axis selects a range and zooms to it.
    await current().page.getByRole('button', { name: 'Fit all' }).click();
    await savedView(current().page);
    await current().page.mouse.move(box.x + box.width * 0.25, box.y + 10);
    await current().page.mouse.down();
    await current().page.mouse.move(box.x + box.width * 0.5, box.y + 10, { steps: 5 });
    await current().page.mouse.up();
    const ranged = await savedView(current().page);
    const expect = (f: number) => fit.from + f * (fit.to - fit.from);
    assert.ok(Math.abs(ranged.from - expect(0.25)) < 1 && Math.abs(ranged.to - expect(0.5)) < 1, JSON.stringify(ranged));
    // Drag in the lanes pans.
    await current().page.mouse.move(box.x + box.width * 0.6, box.y + 150);
    await current().page.mouse.down();
    await current().page.mouse.move(box.x + box.width * 0.4, box.y + 150, { steps: 5 });
    await current().page.mouse.up();
    const dragged = await savedView(current().page);
    assert.ok(dragged.from > ranged.from && Math.abs(dragged.to - dragged.from - (ranged.to - ranged.from)) < 1e-6, 'drag pans, same zoom');
    // A reload (the panel was hidden, or VS Code restarted) comes back to the same view.
    await current().page.reload();
    await waitPosted(current().page, (m) => m.type === 'ready');
    await init(current().page, seed);
    const restored = await savedView(current().page);
    assert.ok(Math.abs(restored.from - dragged.from) < 1e-9 && Math.abs(restored.to - dragged.to) < 1e-9, 'view restored from getState');
    // The selection comes back too, and does not move the restored view (cco2 reaches past it).
    const r2 = itemOf(seed, 'cco2', ItemKind.ReaderCareful);
    await send(current().page, { type: 'highlight', line: 24 });
    await current().page.locator('.plot').focus();
    await current().page.keyboard.press('+');
    await current().page.keyboard.press('+');
    const zoomedOnCco2 = await savedView(current().page);
    assert.ok(zoomedOnCco2.to - zoomedOnCco2.from < seed.items.end[r2]! - seed.items.start[r2]!, 'cco2 is wider than the view');
    await current().page.reload();
    await waitPosted(current().page, (m) => m.type === 'ready');
    await init(current().page, seed);
    await current().page.waitForFunction((id) => document.querySelector('.plot')!.getAttribute('aria-activedescendant') === id, `tl-item-${r2}`);
    assert.deepEqual(await savedView(current().page), zoomedOnCco2);
  });

  it('answers exportRequest with SVG and PNG, and exports from its toolbar', async () => {
    await init(current().page, seed);
    await send(current().page, { type: 'exportRequest', format: 'svg' }, 77);
    const svg = await waitPosted(current().page, (_b, e) => e.inReplyTo === 77);
    assert.equal(svg.body.type, 'exportResult');
    assert.ok(svg.body.type === 'exportResult' && svg.body.data.startsWith('<svg') && svg.body.data.includes('>cco1</text>'));
    await send(current().page, { type: 'exportRequest', format: 'png' }, 78);
    const png = await waitPosted(current().page, (_b, e) => e.inReplyTo === 78);
    assert.ok(png.body.type === 'exportResult' && png.body.data.startsWith('data:image/png;base64,') && png.body.data.length > 5000);
    await clearPosted(current().page);
    await current().page.getByRole('button', { name: 'Export as SVG' }).click();
    const own = await waitPosted(current().page, (b) => b.type === 'exportResult');
    assert.equal(own.inReplyTo, undefined);
  });

  it('offers several runs and asks the host for the one picked', async () => {
    const d = timelineOfFile('test/fixtures/corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    await init(current().page, d, 'stall.log');
    assert.equal(await current().page.locator('.run-select option').count(), d.runs.length);
    await current().page.locator('.run-select').selectOption('boot:0');
    assert.deepEqual((await waitPosted(current().page, (b) => b.type === 'selectRun')).body, { type: 'selectRun', key: 'boot:0' });
    const all = timelineOfFile('test/fixtures/corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log', 'boot:0');
    await send(current().page, { type: 'update', data: all });
    await current().page.waitForFunction(() => [...document.querySelectorAll('.lane-name')].some((e) => e.textContent === 'stalls'));
    assert.equal(await current().page.locator('.run-select').inputValue(), 'boot:0');
  });

  it('shows log text carrying HTML and script as text, and runs none of it', async () => {
    const d = timelineOfFile('test/webview/fixtures/hostile.log');
    d.notes.push('<img src=x onerror="window.__pwned=3"></script><script>window.__pwned=4</script>');
    d.items.note[itemOf(d, 'maint', ItemKind.Work)] = d.notes.length - 1;
    d.runs[0]!.label = '<img src=x onerror=alert(1)>';
    await init(current().page, d, '<b>evil</b>.log');
    const names = await current().page.locator('.lane-name').allTextContents();
    assert.ok(names.includes('<img/src=x/onerror=alert(1)></script>'));
    assert.ok(names.includes('cco2"><script>window.__pwned=1</script>'));
    assert.equal(await current().page.locator('.run-select option').first().textContent(), '<img src=x onerror=alert(1)>');
    // Hover the hostile reader and the item whose note is hostile: the tooltip shows them as text.
    const reader = itemOf(d, '<img/src=x/onerror=alert(1)></script>', ItemKind.ReaderQuick);
    let p = await pointOf(current().page, d, reader);
    await current().page.mouse.move(p.x, p.y);
    await current().page.locator('.tooltip').waitFor({ state: 'visible' });
    assert.match((await current().page.locator('.tooltip').textContent())!, /<img\/src=x\/onerror=alert\(1\)><\/script>: reader, quick path/);
    p = await pointOf(current().page, d, itemOf(d, 'maint', ItemKind.Work));
    await current().page.mouse.move(p.x, p.y);
    await current().page.waitForFunction(() => document.querySelector('.tooltip')!.textContent!.includes('window.__pwned=4'));
    await current().page.locator('.plot').focus();
    await current().page.keyboard.press('ArrowRight');
    // Nothing from the log became markup, and nothing ran.
    const state = await current().page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      bold: document.querySelectorAll('b').length,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      dialog: (window as unknown as { __dialog?: unknown }).__dialog ?? null,
      tooltipElements: [...document.querySelectorAll('.tooltip *')].every((e) => e.tagName === 'DIV'),
    }));
    assert.deepEqual(state, { imgs: 0, scripts: 1, bold: 0, pwned: null, dialog: null, tooltipElements: true });
    assert.deepEqual(current().dialogs, []);
    const svg = await current().page.evaluate(() => document.title);
    assert.equal(svg, 'RCU Timeline');
  });

  it('shows stall reports and violations as markers, listed for screen readers (screenshots)', async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    const stalls = timelineOfFile('test/fixtures/corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log', 'boot:0');
    await init(current().page, stalls, 'rcu-stall.log');
    await current().page.waitForFunction(() => [...document.querySelectorAll('.plot [role=option]')].some((o) => o.textContent!.startsWith('stalls RCU stall warning')));
    await current().page.screenshot({ path: path.join(screenshotsDir, 'timeline-stalls-all-runs.png') });
    const v = timelineOfFile('test/fixtures/violations/quick-reader-during-maint.log');
    await send(current().page, { type: 'update', data: v });
    await current().page.waitForFunction(() => [...document.querySelectorAll('.plot [role=option]')].some((o) => / violation, line \d+/.test(o.textContent!)));
    await send(current().page, { type: 'highlight', line: v.items.line[itemOf(v, 'cco2', ItemKind.ReaderQuick)]! });
    await current().page.screenshot({ path: path.join(screenshotsDir, 'timeline-violation.png') });
  });

  it('paints with the theme\'s colours in light, dark and high contrast (screenshots)', async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    const themes: [ThemeKind, string][] = [['dark', '#1f1f1f'], ['light', '#ffffff'], ['high-contrast', '#000000'], ['high-contrast-light', '#ffffff']];
    await init(current().page, seed);
    await send(current().page, { type: 'highlight', line: 4 });
    for (const [theme, bg] of themes) {
      await setTheme(current().page, theme);
      await current().page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // The canvas background (top-left of the lanes, left of any bar) is the editor background.
      const px = await current().page.evaluate((y) => {
        const c = document.querySelector('.plot canvas') as HTMLCanvasElement;
        const dpr = c.width / c.clientWidth;
        const d = c.getContext('2d')!.getImageData(2 * dpr, y * dpr, 1, 1).data;
        return `#${[d[0], d[1], d[2]].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
      }, LAYOUT.axisHeight + LAYOUT.phaseHeight + LAYOUT.laneHeight * 3 + 3);
      assert.equal(px.slice(0, 5), bg.slice(0, 5), `${theme}: canvas background ${px}`);
      await current().page.screenshot({ path: path.join(screenshotsDir, `timeline-${theme}.png`) });
    }
  });

  it('paints the phase bands in the editor\'s phase colours, read from VS Code\'s variables for them', async () => {
    await init(current().page, seed);
    const show = (c: Rgb) => `rgb(${c.map(Math.round).join(', ')})`;
    for (const [theme, bg] of THEME_BACKGROUNDS) {
      await setTheme(current().page, theme);
      const got: Record<string, Rgb> = {};
      for (const phase of ['gp1', 'maint', 'gp2']) {
        got[phase] = await bandPixel(current().page, seed, bandOf(seed, phase));
        const want = blend(PHASE_BACKGROUNDS[theme][['normal', 'gp1', 'maint', 'gp2'].indexOf(phase)]!, bg);
        assert.ok(deltaE(got[phase]!, want) < 3, `${theme}: ${phase} band is ${show(got[phase]!)}, the editor's ${phase} colour gives ${show(want)}`);
      }
      assert.ok(deltaE(got.gp1!, got.gp2!) > 5, `${theme}: gp1 ${show(got.gp1!)} and gp2 ${show(got.gp2!)} bands look alike`);
    }
    // A theme that sets the colour: the band follows, under the variable's name as VS Code spells it.
    await setTheme(current().page, 'high-contrast-light');
    await current().page.evaluate(() => document.documentElement.style.setProperty('--vscode-rcuLens-phase.gp1Background', 'rgba(0, 200, 0, 0.5)'));
    const green = await bandPixel(current().page, seed, bandOf(seed, 'gp1'));
    assert.ok(deltaE(green, blend('rgba(0, 200, 0, 0.5)', '#ffffff')) < 3, `gp1 band ${show(green)} does not follow --vscode-rcuLens-phase.gp1Background`);
    // No variables at all (an older host): the contributed defaults.
    await setTheme(current().page, 'light');
    await current().page.evaluate(() => { for (const p of ['normal', 'gp1', 'maint', 'gp2']) document.documentElement.style.removeProperty(`--vscode-rcuLens-phase.${p}Background`); });
    const fallback = await bandPixel(current().page, seed, bandOf(seed, 'gp1'));
    assert.ok(deltaE(fallback, blend(PHASE_BACKGROUNDS.light[1], '#ffffff')) < 3, `without the variable, gp1 band is ${show(fallback)}`);
  });

  it('draws the 60 s maint band in maint\'s colour when gp1 before it lasts 29 µs (no-first-synchronize_rcu)', async () => {
    const d = timelineOfFile('test/fixtures/violations/no-first-synchronize_rcu.log');
    await init(current().page, d, 'no-first-synchronize_rcu.log');
    await setTheme(current().page, 'light');
    const got = await bandPixel(current().page, d, bandOf(d, 'maint'));
    const want = blend(PHASE_BACKGROUNDS.light[2], '#ffffff');
    assert.ok(deltaE(got, want) < 3, `the maint band is rgb(${got.join(', ')}), not the maint colour rgb(${want.map(Math.round).join(', ')})`);
    await current().page.screenshot({ path: path.join(screenshotsDir, 'timeline-short-gp1.png') });
  });

  it('tells quick, careful, grace period and do_maint() bars apart in every theme, as the legend shows them', async () => {
    await init(current().page, seed);
    const bars = { quick: itemOf(seed, 'cco1', ItemKind.ReaderQuick), careful: itemOf(seed, 'cco2', ItemKind.ReaderCareful), gp: itemOf(seed, 'maint', ItemKind.GracePeriod), work: itemOf(seed, 'maint', ItemKind.Work) };
    for (const [theme] of THEME_BACKGROUNDS) {
      await setTheme(current().page, theme);
      const got: Record<string, Rgb> = {};
      for (const [name, i] of Object.entries(bars)) {
        // Right of the bar's caption, clear of its text.
        got[name] = await pixel(current().page, await plotX(current().page, seed.items.start[i]!, seed.items.end[i]!, 0.9), laneCenter(seed.items.lane[i]!) + 3);
      }
      const names = Object.keys(bars);
      for (const [k, a] of names.entries()) {
        for (const b of names.slice(k + 1)) {
          const d = deltaE(got[a]!, got[b]!);
          assert.ok(d > 25, `${theme}: ${a} rgb(${got[a]}) and ${b} rgb(${got[b]}) bars are only ΔE ${d.toFixed(1)} apart`);
        }
      }
      const swatches = await legendSwatchColors(current().page);
      for (const name of names) {
        assert.ok(deltaE(swatches[name]!, got[name]!) < 3, `${theme}: the legend's ${name} swatch rgb(${swatches[name]}) is not the bar's rgb(${got[name]})`);
      }
    }
    // Kernel grace periods (RCU tracepoints) are in the legend only when there are some.
    const kernel = current().page.locator('.legend-item', { hasText: 'kernel grace period' });
    assert.equal(await kernel.isVisible(), false, 'a kernel GP legend entry without kernel GPs');
    await send(current().page, { type: 'update', data: timelineOfFile('test/fixtures/formats/trace-cmd-report.txt') });
    await kernel.waitFor({ state: 'visible' });
  });

  it('draws a pattern\'s run in its words: readers, the deleter\'s waits by kind, a legend without the seed\'s paths or work', async () => {
    const d = timelineOfFile('test/fixtures/lab/rcu-list/call_rcu.dmesg.log');
    await init(current().page, d, 'call_rcu.dmesg.log');
    const lanes = await current().page.locator('.lane-name').allTextContents();
    assert.ok(lanes.includes('deleter') && lanes.includes('reader 0'), lanes.join(', '));
    const legend = await current().page.locator('.legend-item:visible').allTextContents();
    assert.ok(legend.includes('reader') && legend.includes('grace period'), legend.join(' | '));
    assert.ok(!legend.some((t) => /quick|careful|do_maint|path unknown/.test(t)), legend.join(' | '));
    const gp = itemOf(d, 'deleter', ItemKind.GracePeriod);
    const p = await pointOf(current().page, d, gp);
    await current().page.mouse.move(p.x, p.y);
    const tip = current().page.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent())!, /deleter: grace period 1 \(call_rcu, element \d+\)/);
    mkdirSync(screenshotsDir, { recursive: true });
    await current().page.screenshot({ path: path.join(screenshotsDir, 'timeline-rcu-list-call_rcu.png') });
  });
});
