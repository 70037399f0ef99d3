// The timeline from the command palette: a lane per task of the seed run, and a click on a bar
// selecting that item's lines in the log beside it (double-click: and going there).
import * as assert from 'node:assert/strict';
import { blend, deltaE, type Rgb } from '../../unit/support/color';
import { seedLog } from '../harness/paths';
import type { Scenario } from './scenario';
import { Timeline } from './timeline';

const LOG = 'phased-state-change.log';

export const scenarios: Scenario[] = [{
  name: 'timeline: lanes for cco1, maint and cco2; a click on a bar selects its lines in the editor',
  async run(wb) {
    await wb.openFile(seedLog);
    await wb.waitUntil('the log analysed (gp1 background on line 13)', async () => (await wb.lineDecorations(13)).length > 0);
    await wb.runCommand('RCU: Show Timeline');
    const tl = await Timeline.find(wb);
    const lanes = await tl.lanes();
    console.log(`    lanes: ${JSON.stringify(lanes)}`);
    for (const name of ['cco1', 'maint', 'cco2']) assert.ok(lanes.includes(name), `no lane labelled ${name}: ${JSON.stringify(lanes)}`);
    assert.ok(lanes.indexOf('cco1') < lanes.indexOf('maint') && lanes.indexOf('maint') < lanes.indexOf('cco2'), `lanes out of order: ${lanes}`);
    // The screen-reader list says what the canvas draws, with the lines each item covers.
    const options = await tl.options();
    assert.ok(options.some((o) => /^cco1 reader, quick path, lines 3–14\b/.test(o)), `no cco1 quick reader listed: ${JSON.stringify(options)}`);
    assert.ok(options.some((o) => /^maint grace period 1 \(synchronize_rcu\), lines 13–15\b/.test(o)), 'no grace period 1 on the maint lane');
    await wb.screenshot('timeline');

    // Phases look the same in the timeline as on the log's lines: each band is the editor's phase
    // background (the theme colours rcuLens.phase.*) over the same editor background.
    const editorBg = await wb.page.evaluate(() => getComputedStyle(document.querySelector('.monaco-editor .monaco-editor-background')!).backgroundColor);
    const bands: Record<string, Rgb> = {};
    for (const [phase, line] of [['gp1', 13], ['maint', 16], ['gp2', 32]] as const) {
      const [paint] = await wb.lineDecorations(line, LOG);
      assert.ok(paint, `line ${line} is not painted as ${phase}`);
      bands[phase] = await tl.phaseColor(phase);
      const want = blend(paint, editorBg);
      console.log(`    ${phase}: editor line ${line} ${paint} on ${editorBg}, timeline band rgb(${bands[phase]})`);
      assert.ok(deltaE(bands[phase]!, want) < 3, `the timeline's ${phase} band rgb(${bands[phase]}) is not the editor's ${phase} colour ${paint} (rgb(${want.map(Math.round)}))`);
    }
    assert.ok(deltaE(bands.gp1!, bands.gp2!) > 5, `gp1 and gp2 bands look alike: rgb(${bands.gp1}) and rgb(${bands.gp2})`);

    // Single click on cco2's reader bar: the timeline keeps the focus, the log beside it gets the
    // selection (lines 22–32, painted as a selection overlay on those lines and no others).
    const before = { 21: await wb.lineDecorations(21, LOG), 22: await wb.lineDecorations(22, LOG), 32: await wb.lineDecorations(32, LOG), 33: await wb.lineDecorations(33, LOG) };
    const bar = await tl.locate('cco2', /^cco2: reader, careful path$/);
    assert.match((await tl.tooltip()) ?? '', /lines 22–32/);
    await wb.page.mouse.click(bar.x, bar.y);
    await wb.waitUntil('cco2 reader selected in the timeline', async () => /^cco2 reader, careful path, lines 22–32\b/.test((await tl.selected()) ?? ''));
    const after = await wb.waitUntil('the selection painted on lines 22 and 32 of the log', async () => {
      const a = { 21: await wb.lineDecorations(21, LOG), 22: await wb.lineDecorations(22, LOG), 32: await wb.lineDecorations(32, LOG), 33: await wb.lineDecorations(33, LOG) };
      return a[22].length > before[22].length && a[32].length > before[32].length ? a : undefined;
    });
    console.log(`    line overlays before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    assert.deepEqual(after[21], before[21], 'line 21 (before the reader) got selected too');
    assert.deepEqual(after[33], before[33], 'line 33 (after the reader) got selected too');
    assert.ok(await tl.frame.evaluate(() => document.hasFocus()), 'a single click took the focus away from the timeline');

    // Double click on cco1's bar: its lines (3–14) selected and the editor focused, so the status
    // bar shows the editor's cursor at the end of the selection.
    const cco1 = await tl.locate('cco1', /^cco1: reader, quick path$/);
    await wb.page.mouse.dblclick(cco1.x, cco1.y);
    const cursor = await wb.waitUntil('the editor focused with the cursor on line 14', async () => {
      const c = await wb.cursor();
      return c.line === 14 ? c : undefined;
    });
    console.log(`    cursor after double click: ${JSON.stringify(cursor)}`);
    assert.ok(cursor.selected && cursor.selected > 0, `no selection in the status bar: ${JSON.stringify(cursor)}`);
    assert.match(await wb.page.locator('.editor-group-container.active .tab.active').getAttribute('aria-label') ?? '', new RegExp(LOG));
    await wb.screenshot('timeline-click');
    assert.deepEqual(wb.dialogs, []);
  },
}];
