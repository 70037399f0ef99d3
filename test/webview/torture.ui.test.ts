// The rcutorture chart under the timeline's lanes, in chromium with the extension's page and CSP:
// drawn for an rcutorture log (ver, reads, the failures as markers), in the theme's chart colours,
// a marker click reveals its line, log text stays text. Run: npm run test:webview.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { clearPosted, init, pagePerTest, screenshotsDir, send, setTheme, timelineOfFile, waitPosted } from './harness';

describe('timeline webview: the rcutorture chart', function () {
  this.timeout(60000);
  const current = pagePerTest();

  it('draws the busted run: its verdict, ver and reads, a marker per failure that reveals its line (screenshots)', async () => {
    const d = timelineOfFile('test/fixtures/torture/rcutorture-busted.dmesg.log');
    await init(current().page, d, 'rcutorture-busted.dmesg.log');
    await current().page.waitForSelector('.torture .torture-chart');
    assert.equal(await current().page.locator('.torture-verdict').textContent(), 'FAILURE');
    assert.match((await current().page.locator('.torture-label').textContent())!, /^rcutorture \(busted\): FAILURE — 5 failures/);
    assert.equal(await current().page.locator('.torture-fail').count(), 5);
    assert.equal(await current().page.locator('.torture-point').count(), 9);
    assert.equal(await current().page.locator('.torture-ver').count(), 1);
    assert.equal(await current().page.locator('.empty').isHidden(), true, 'no "nothing found" note over a torture log');
    const titles = await current().page.locator('.torture-fail title').allTextContents();
    assert.match(titles[1]!, /^line 277 \[too-short-gp\] Reader Pipe: 2 reads/);
    await clearPosted(current().page);
    await current().page.locator('.torture-fail').nth(1).dispatchEvent('click');
    const m = await waitPosted(current().page, (b) => b.type === 'reveal');
    assert.deepEqual(m.body, { type: 'reveal', line: 277, endLine: 277 });
    mkdirSync(screenshotsDir, { recursive: true });
    await current().page.screenshot({ path: path.join(screenshotsDir, 'timeline-rcutorture-busted.png') });
  });

  it('paints with the theme\'s chart colours, and hides the chart for a log without rcutorture', async () => {
    await init(current().page, timelineOfFile('test/fixtures/torture/rcutorture-rcu.dmesg.log'), 'rcutorture-rcu.dmesg.log');
    await current().page.waitForSelector('.torture .torture-chart');
    assert.equal(await current().page.locator('.torture-verdict').textContent(), 'SUCCESS');
    const stroke = () => current().page.evaluate(() => getComputedStyle(document.querySelector('.torture-ver')!).stroke);
    const dark = await stroke();
    assert.equal(dark, 'rgb(55, 148, 255)');   // --vscode-charts-blue, Dark Modern
    await setTheme(current().page, 'light');
    const light = await stroke();
    assert.notEqual(light, dark, 'the light theme\'s charts-blue');
    await send(current().page, { type: 'update', data: timelineOfFile('test/fixtures/seed/phased-state-change.log') });
    await current().page.waitForSelector('.torture', { state: 'hidden' });
  });
});
