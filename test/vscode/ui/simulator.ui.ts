// The simulator from the command palette: "RCU: Diff with Simulator" opens the diff editor on the
// log's events and the simulator's (two virtual documents, named by their URIs and the editor's
// title, not by a first line); on the seed log they are the same document and the diff editor marks
// nothing, on a log with a violation the verdicts and the order of events differ. "RCU: What If…" →
// drop the first synchronize_rcu() shows the violation that change causes.
import * as assert from 'node:assert/strict';
import { seedLog } from '../harness/paths';
import type { Scenario } from './scenario';

const VIOLATION = 'violations/no-first-synchronize_rcu.log';

export const scenarios: Scenario[] = [{
  name: 'simulator: Diff with Simulator on the seed log and a violation log; What If… drop-gp1 breaks gp1-wait',
  async run(wb) {
    await wb.openFile(seedLog);
    await wb.waitUntil('the log analysed (gp1 background on line 13)', async () => (await wb.lineDecorations(13)).length > 0);
    await wb.runCommand('RCU: Diff with Simulator');
    const seedNote = await wb.waitForNotification(/RCU: run 1: /);
    console.log(`    notification: ${JSON.stringify(seedNote)}`);
    assert.match(seedNote, /log: no violations?, simulator: no violation/);
    const tab = await wb.page.locator('.editor-group-container.active .tab.active').getAttribute('aria-label');
    assert.match(tab ?? '', /phased-state-change\.log: run 1 ↔ simulator/, `the diff editor's tab: ${tab}`);
    // Two virtual documents, not files: the window title names both (`….events ↔ ….events`).
    assert.match(await wb.page.title(), /log-run-1\.events ↔ \S*simulator\S*\.events/);
    // The log matches the simulator event for event: the diff editor shows no change at all.
    const clean = await wb.diffEditorChanges();
    const seed = await wb.diffEditorText();
    console.log(`    diff: ${JSON.stringify({ original: seed.original.slice(0, 3), modified: seed.modified.slice(0, 3), changes: clean })}`);
    assert.deepEqual(clean, { original: 0, modified: 0 }, `the diff editor marks lines of a perfect match as changed: ${JSON.stringify(seed)}`);
    assert.deepEqual(seed.original, seed.modified);
    assert.equal(seed.original[0], '# no RCU rule violation');
    // Both sides list the run's events, one per line (time, task, event, message).
    for (const side of [seed.original, seed.modified]) {
      assert.ok(side.some((l) => /\bmaint\s+update-begin\s+hit maint$/.test(l)), `no update-begin event line: ${JSON.stringify(side)}`);
      assert.ok(side.some((l) => /\bcco2\s+reader-careful\s+hit cco_carefully$/.test(l)), `no cco2 careful line: ${JSON.stringify(side)}`);
    }
    await wb.screenshot('sim-diff');

    // A log with a violation: the simulator (RCU as it must behave) has none, so the verdicts differ.
    await wb.openFile(VIOLATION);
    await wb.runCommand('RCU: Diff with Simulator');
    const badNote = await wb.waitForNotification(/RCU: run 1: .*log: 2 violations/);
    console.log(`    notification: ${JSON.stringify(badNote)}`);
    assert.match(badNote, /simulator: no violation/);
    const bad = await wb.waitUntil('the diff of the violation log', async () => {
      const d = await wb.diffEditorText();
      return /gp1-wait/.test(d.original[0] ?? '') ? d : undefined;
    });
    const changes = await wb.diffEditorChanges();
    console.log(`    diff: ${JSON.stringify({ original: bad.original[0], modified: bad.modified[0], changes })}`);
    assert.equal(bad.original[0], '# 2 RCU rule violations: gp1-wait, quick-during-maint');
    assert.equal(bad.modified[0], '# no RCU rule violation');
    assert.ok(changes.original > 0 && changes.modified > 0, `the diff editor marks no change between the violation log and the simulator: ${JSON.stringify(changes)}`);
    // Where it went wrong: in the log cco1 ends after do_maint() began; the simulator's
    // synchronize_rcu() #1 makes do_maint() wait for it.
    const order = (side: string[]) => side.filter((l) => /\bmaint\s+maint-begin\b|\bcco1\s+reader-end-quick\b/.test(l)).map((l) => (/maint-begin/.test(l) ? 'maint-begin' : 'cco1-end'));
    assert.deepEqual(order(bad.original), ['maint-begin', 'cco1-end']);
    assert.deepEqual(order(bad.modified), ['cco1-end', 'maint-begin']);

    // What If… on the seed log: drop the first synchronize_rcu() → gp1-wait.
    await wb.openFile(seedLog);
    await wb.runCommand('RCU: What If…');
    await wb.pickQuickItem('Drop the first synchronize_rcu()');
    const whatIf = await wb.waitForNotification(/RCU: what if /);
    console.log(`    notification: ${JSON.stringify(whatIf)}`);
    assert.match(whatIf, /breaks RCU's rules: .*\bgp1-wait\b/);
    const changed = await wb.waitUntil('the what-if diff', async () => {
      const tab = await wb.page.locator('.editor-group-container.active .tab.active').getAttribute('aria-label');
      const d = await wb.diffEditorText();
      return /what if/.test(tab ?? '') && /gp1-wait/.test(d.modified[0] ?? '') ? d : undefined;
    });
    console.log(`    diff: ${JSON.stringify({ original: changed.original[0], modified: changed.modified[0] })}`);
    assert.equal(changed.original[0], '# no RCU rule violation');
    assert.match(changed.modified[0]!, /^# \d+ RCU rule violations?: .*\bgp1-wait\b/);
    await wb.screenshot('what-if-drop-gp1');
    assert.deepEqual(wb.dialogs, []);
  },
}];
