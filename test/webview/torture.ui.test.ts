// The rcutorture chart under the timeline's lanes, in chromium with the extension's page and CSP:
// drawn for an rcutorture log (ver, reads, the failures as markers), in the theme's chart colours,
// a marker click reveals its line, log text stays text. Run: npm run test:webview.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { clearPosted, init, launch, openPage, screenshotsDir, send, setTheme, startServer, timelineOfFile, waitPosted, type Harness } from './harness';

describe('timeline webview: the rcutorture chart', function () {
  this.timeout(60000);
  let server: Server;
  let origin: string;
  let browser: Browser;
  let h: Harness;

  before(async () => {
    ({ server, origin } = await startServer());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  beforeEach(async () => { h = await openPage(browser, origin); });
  afterEach(async () => {
    assert.deepEqual(h.pageErrors, [], 'no script errors');
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), [], 'nothing the CSP had to block');
    await h.page.close();
  });

  it('draws the busted run: its verdict, ver and reads, a marker per failure that reveals its line (screenshots)', async () => {
    const d = timelineOfFile('test/fixtures/torture/rcutorture-busted.dmesg.log');
    await init(h.page, d, 'rcutorture-busted.dmesg.log');
    await h.page.waitForSelector('.torture .torture-chart');
    assert.equal(await h.page.locator('.torture-verdict').textContent(), 'FAILURE');
    assert.match((await h.page.locator('.torture-label').textContent())!, /^rcutorture \(busted\): FAILURE — 5 failures/);
    assert.equal(await h.page.locator('.torture-fail').count(), 5);
    assert.equal(await h.page.locator('.torture-point').count(), 9);
    assert.equal(await h.page.locator('.torture-ver').count(), 1);
    assert.equal(await h.page.locator('.empty').isHidden(), true, 'no "nothing found" note over a torture log');
    const titles = await h.page.locator('.torture-fail title').allTextContents();
    assert.match(titles[1]!, /^line 277 \[too-short-gp\] Reader Pipe: 2 reads/);
    await clearPosted(h.page);
    await h.page.locator('.torture-fail').nth(1).dispatchEvent('click');
    const m = await waitPosted(h.page, (b) => b.type === 'reveal');
    assert.deepEqual(m.body, { type: 'reveal', line: 277, endLine: 277 });
    mkdirSync(screenshotsDir, { recursive: true });
    await h.page.screenshot({ path: path.join(screenshotsDir, 'timeline-rcutorture-busted.png') });
  });

  it('paints with the theme\'s chart colours, and hides the chart for a log without rcutorture', async () => {
    await init(h.page, timelineOfFile('test/fixtures/torture/rcutorture-rcu.dmesg.log'), 'rcutorture-rcu.dmesg.log');
    await h.page.waitForSelector('.torture .torture-chart');
    assert.equal(await h.page.locator('.torture-verdict').textContent(), 'SUCCESS');
    const stroke = () => h.page.evaluate(() => getComputedStyle(document.querySelector('.torture-ver')!).stroke);
    const dark = await stroke();
    assert.equal(dark, 'rgb(55, 148, 255)');   // --vscode-charts-blue, Dark Modern
    await setTheme(h.page, 'light');
    const light = await stroke();
    assert.notEqual(light, dark, 'the light theme\'s charts-blue');
    await send(h.page, { type: 'update', data: timelineOfFile('test/fixtures/seed/phased-state-change.log') });
    await h.page.waitForSelector('.torture', { state: 'hidden' });
  });
});
