// A log whose lines carry HTML and script (test/fixtures/ui/hostile.log: markup in task names, in
// free text, in a stall report) must show that markup as text everywhere and run none of it: in
// the hover, in the timeline webview (lane labels, tooltips, the screen-reader list) and in the
// Problems panel. Every payload would leave a trace if it ran or became an element: a dialog, an
// element in the webview's DOM, or the browser's console line about refusing it (CSP, sandbox).
import * as assert from 'node:assert/strict';
import type { Scenario } from './scenario';
import { Timeline } from './timeline';

const HOSTILE = 'ui/hostile.log';
const READER1 = '<svg/onload=alert(3)>';        // task of `start …` on line 2, a quick reader caught in gp1
const READER2 = '<img/src=x/onerror=alert(7)>'; // task of `start …` on line 13, a careful reader

/** What a payload leaves behind in the console if the browser ran it or refused to: e.g. "Executing
 *  inline event handler violates the following Content Security Policy directive…" (checked by
 *  rendering a lane label with innerHTML), "Ignored call to 'alert()'" (a sandboxed frame). */
const TRACE = /alert\(|refused to|content security policy|ignored call to/i;

export const scenarios: Scenario[] = [{
  name: 'hostile log: markup in log lines shows as text in the hover, the timeline and Problems, and nothing runs',
  async run(wb) {
    await wb.openFile(HOSTILE);
    assert.match(await wb.lineText(2), /start <svg\/onload=alert\(3\)>$/, 'the editor does not show line 2 as written');
    await wb.waitUntil('the log analysed (gp1 background on line 8)', async () => (await wb.lineDecorations(8)).length > 0);

    // The hover on the reader's `start` line names the task as written.
    const hover = await wb.hoverLine(2, 'start');
    console.log(`    hover: ${JSON.stringify(hover.slice(0, 300))}`);
    assert.ok(hover.includes(READER1), `the hover does not show the task name ${READER1} as text: ${hover}`);

    await wb.runCommand('RCU: Show Timeline');
    const tl = await Timeline.find(wb);
    const lanes = await tl.lanes();
    console.log(`    lanes: ${JSON.stringify(lanes)}`);
    assert.ok(lanes.includes(READER1) && lanes.includes(READER2), `lane labels are not the task names as text: ${JSON.stringify(lanes)}`);
    const options = await tl.options();
    assert.ok(options.some((o) => o.startsWith(`${READER1} reader, quick path`)), `no option for ${READER1}: ${JSON.stringify(options)}`);
    // The violation's message (a note from the analysis, quoting the task) is listed as text too.
    assert.ok(options.some((o) => o.includes('violation') && o.includes(`before ${READER1}`)), 'the violation note does not quote the task as text');
    // The tooltip over the careful reader's bar: text, and only the tooltip's own rows.
    await tl.locate(READER2, /reader, careful path$/);
    const tip = await tl.tooltip();
    console.log(`    tooltip: ${JSON.stringify(tip)}`);
    assert.ok(tip?.startsWith(`${READER2}: reader, careful path`), `tooltip: ${tip}`);
    // Nothing in the page became an element: no img, svg, iframe, script of the log's, no handler attributes.
    const made = await tl.frame.evaluate(() => ({
      // (VS Code injects one script of its own, acquireVsCodeApi; the log's would mention alert.)
      elements: [...document.querySelectorAll('img, svg, iframe, b, script')].filter((e) => e.tagName !== 'SCRIPT' || /alert/.test(e.textContent ?? ''))
        .map((e) => e.outerHTML.slice(0, 80)),
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
      text: document.body.textContent ?? '',
    }));
    assert.deepEqual(made.elements, [], 'markup from the log became elements in the timeline');
    assert.deepEqual(made.handlers, [], 'markup from the log became event handler attributes in the timeline');
    assert.ok(made.text.includes('<img'), 'the timeline does not show <img… as text');

    // Problems lists the violations, quoting the task as text.
    await wb.runCommand('RCU: Check Log');
    const rows = await wb.waitUntil('the gp1-wait problem', async () => {
      const r = await wb.problems();
      return r.some((t) => t.includes('gp1-wait')) ? r : undefined;
    });
    console.log(`    problems: ${JSON.stringify(rows.slice(0, 3))}`);
    assert.ok(rows.some((t) => t.includes('gp1-wait') && t.includes(READER1)), `Problems does not quote ${READER1}: ${JSON.stringify(rows)}`);
    await tl.locate(READER1, /reader, quick path$/);
    await wb.screenshot('hostile', { keepMouse: true });

    // Give anything that would run (an image's error handler, a late script) time to have run.
    await wb.page.waitForTimeout(500);
    assert.deepEqual(wb.dialogs, [], 'a dialog opened');
    assert.deepEqual(wb.pageErrors, [], 'uncaught errors in the page');
    const traces = wb.consoleMessages.filter((m) => TRACE.test(m));
    console.log(`    console: ${wb.consoleMessages.length} messages, ${traces.length} traces of the payloads`);
    assert.deepEqual(traces, [], 'the console shows a payload was run or refused');
  },
}];
