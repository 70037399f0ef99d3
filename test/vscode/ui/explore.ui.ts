// The exhaustive checker as a user meets it. "RCU: Check All Orderings" from the command palette:
// the seed module as written holds (a notification says no ordering lets cco_quickly overlap
// do_maint); without its second synchronize_rcu() it breaks, and the counterexample opens as a
// kernel log with its timeline beside it. A .litmus file: a click on the "Check with rcu-lens"
// CodeLens turns it into the verdict, and "Show execution" opens one in the timeline.
import * as assert from 'node:assert/strict';
import type { Scenario } from './scenario';
import { Timeline } from './timeline';
import type { Workbench } from './workbench';

const LITMUS = 'litmus/psc/C-PaulEMcKenney-psc+sr-po.litmus';

// The explorer is quick on the seed (a few hundred states), but the notification waits for the
// extension's activation on a cold window too.
const VERDICT_MS = 60_000;

/** The CodeLens titles of the active editor, as rendered (icons are codicon spans, so no `$(…)`). */
function lensTitles(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a')
    .allInnerTexts().then((ts) => ts.map((t) => t.replace(/\u00a0/g, ' ').trim()));
}

/** Clicks the CodeLens of the active editor whose title matches `title`, as a user would. */
async function clickLens(wb: Workbench, title: RegExp): Promise<void> {
  await wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: title }).first().click();
  await wb.page.mouse.move(0, 0);
}

/** The rendered lines of the active editor, top to bottom (the whole document when it fits). */
function activeEditorLines(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((v) =>
    [...v.querySelectorAll('.view-line')]
      .map((e) => ({ top: e.getBoundingClientRect().top, text: (e.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((e) => e.text));
}

/**
 * Waits until the command palette offers `title`. The scenario starts on an empty window, and the
 * palette lists an extension's commands only once the remote extension host has reported its
 * contributions (a second or so after the explorer shows): a user would look again.
 */
async function waitForCommand(wb: Workbench, title: string): Promise<void> {
  const row = wb.page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: title });
  await wb.waitUntil(`"${title}" in the command palette`, async () => {
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('F1');
    await wb.page.keyboard.type(title);
    const found = await row.first().waitFor({ timeout: 2000 }).then(() => true, () => false);
    await wb.page.keyboard.press('Escape');
    return found;
  });
}

/** The open timeline whose lanes include `lane` (an earlier panel may still be on screen). */
async function timelineWith(wb: Workbench, lane: string): Promise<{ tl: Timeline; lanes: string[] }> {
  return wb.waitUntil(`a timeline with a ${lane} lane`, async () => {
    const tl = await Timeline.find(wb);
    const lanes = await tl.lanes();
    return lanes.includes(lane) ? { tl, lanes } : undefined;
  });
}

export const scenarios: Scenario[] = [{
  name: 'explore: Check All Orderings holds on the seed, drop-gp2 opens a counterexample log + timeline; the .litmus CodeLens',
  leavesUnsavedEditors: true, // the counterexample and the litmus execution open as untitled logs
  async run(wb) {
    // 1. The seed module as written: no ordering breaks it.
    await waitForCommand(wb, 'RCU: Check All Orderings');
    await wb.runCommand('RCU: Check All Orderings');
    await wb.pickQuickItem('The seed module');
    const holds = await wb.waitForNotification(/no ordering lets/, VERDICT_MS);
    console.log(`    notification: ${JSON.stringify(holds)}`);
    assert.match(holds, /^RCU: the seed module with 2 readers: no ordering lets cco_quickly overlap do_maint \([\d,]+ states explored\)\.$/m);

    // 2. Without the second synchronize_rcu(): a counterexample, opened as a log with its timeline.
    await wb.runCommand('RCU: Check All Orderings');
    await wb.pickQuickItem('The seed module without the second synchronize_rcu()');
    const broken = await wb.waitForNotification(/counterexample:/, VERDICT_MS);
    console.log(`    notification: ${JSON.stringify(broken)}`);
    assert.match(broken, /^RCU: the seed module with 2 readers, drop-gp2: counterexample: cco_quickly \(cco\d\) overlaps do_maint\b/m);
    assert.match(broken, /Its log and timeline are open/);
    const tab = await wb.page.locator('.editor-group-container.active .tab.active').getAttribute('aria-label');
    // An untitled document: VS Code names its tab by the first line, with `Untitled-N` in the label.
    assert.match(tab ?? '', /phased state change\b.*\bUntitled-\d+/, `the active editor's tab: ${tab}`);
    assert.equal((await wb.page.locator('#status\\.editor\\.mode').innerText()).trim(), 'Kernel Log');
    const lines = await wb.waitUntil('the counterexample log in the active editor', async () => {
      const l = await activeEditorLines(wb);
      return l.some((x) => x.includes('rcu-lens:') && x.includes('in the middle of do_maint')) ? l : undefined;
    });
    console.log(`    log: ${lines.length} lines, ${JSON.stringify(lines.find((x) => x.includes('in the middle of')))}`);
    assert.match(lines[0]!, /\] phased state change - init module$/);
    const { tl, lanes } = await timelineWith(wb, 'maint');
    console.log(`    lanes: ${JSON.stringify(lanes)}`);
    for (const name of ['cco1', 'maint', 'cco2']) assert.ok(lanes.includes(name), `no lane labelled ${name}: ${JSON.stringify(lanes)}`);
    const options = await tl.options();
    console.log(`    timeline items: ${JSON.stringify(options.slice(0, 8))}`);
    // One reader on each path, and the quick one is the reader the notification names (each
    // task's first line is printed beside its start line, so the log names its readers).
    const quick = /cco_quickly \((cco\d)\)/.exec(broken)![1]!;
    const careful = quick === 'cco1' ? 'cco2' : 'cco1';
    assert.ok(options.some((o) => new RegExp(`^${quick} reader, quick path\\b`).test(o)), `no quick reader ${quick} drawn: ${JSON.stringify(options)}`);
    assert.ok(options.some((o) => new RegExp(`^${careful} reader, careful path\\b`).test(o)), `no careful reader ${careful} drawn: ${JSON.stringify(options)}`);
    assert.ok(options.some((o) => /^maint grace period 1\b/.test(o)), `no grace period 1 on the maint lane: ${JSON.stringify(options)}`);
    const timelineTab = await wb.page.locator('.tab[aria-label^="Timeline: "]').first().getAttribute('aria-label');
    console.log(`    timeline tab: ${JSON.stringify(timelineTab)}`);
    assert.match(timelineTab ?? '', /^Timeline: /);
    await wb.screenshot('explore-counterexample');

    // 3. A litmus test: click the lens, read the verdict in it, open an execution.
    await wb.openFile(LITMUS);
    assert.equal((await wb.page.locator('#status\\.editor\\.mode').innerText()).trim(), 'Litmus (herd7 C)');
    const before = await wb.waitUntil('the "Check with rcu-lens" CodeLens', async () => {
      const t = await lensTitles(wb);
      return t.includes('Check with rcu-lens') ? t : undefined;
    });
    assert.deepEqual(before, ['Check with rcu-lens']);
    // The lens sits on the `C name` line (line 1), above it.
    await clickLens(wb, /^\s*Check with rcu-lens$/);
    const after = await wb.waitUntil('the verdict in the lens', async () => {
      const t = await lensTitles(wb);
      return t.some((x) => x.startsWith('rcu-lens:')) ? t : undefined;
    });
    console.log(`    lenses: ${JSON.stringify(after)}`);
    assert.match(after[0]!, /^rcu-lens: Sometimes ✓ as its Result line \([\d,]+ states\)$/);
    assert.equal(after[1], 'Show execution');
    const note = await wb.waitForNotification(/C-PaulEMcKenney-psc\+sr-po: Sometimes/);
    console.log(`    notification: ${JSON.stringify(note)}`);
    await wb.screenshot('litmus-lens');

    await clickLens(wb, /Show execution/);
    const exec = await timelineWith(wb, 'P0');
    console.log(`    lanes: ${JSON.stringify(exec.lanes)}`);
    assert.ok(exec.lanes.includes('P1'), `no P1 lane: ${JSON.stringify(exec.lanes)}`);
    const execOptions = await exec.tl.options();
    console.log(`    timeline items: ${JSON.stringify(execOptions.slice(0, 8))}`);
    assert.ok(execOptions.some((o) => /^P0 reader\b/.test(o)), `no P0 reader drawn: ${JSON.stringify(execOptions)}`);
    await wb.waitUntil('the execution log beside the litmus test', async () =>
      (await wb.page.locator('.tab.active[aria-label*="Untitled-"]').count()) > 0);
    await wb.screenshot('litmus-execution');
    assert.deepEqual(wb.dialogs, []);
    assert.deepEqual(wb.pageErrors, []);
  },
}];
