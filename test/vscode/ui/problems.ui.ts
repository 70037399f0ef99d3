// "RCU: Check Log" on a log of the module without its first synchronize_rcu(): the Problems panel
// lists the broken grace-period guarantee at the line where synchronize_rcu() #1 returned.
import * as assert from 'node:assert/strict';
import type { Scenario } from './scenario';

const LOG = 'violations/no-first-synchronize_rcu.log';

export const scenarios: Scenario[] = [{
  name: 'problems: Check Log on a log without the first synchronize_rcu() lists gp1-wait at line 8',
  async run(wb) {
    await wb.openFile(LOG);
    assert.match(await wb.lineText(8), /\] hit do_maint$/);
    await wb.runCommand('RCU: Check Log');
    const note = await wb.waitForNotification(/RCU: no-first-synchronize_rcu\.log:/);
    console.log(`    notification: ${JSON.stringify(note)}`);
    assert.match(note, /\b2 RCU rule violations\b/);
    const rows = await wb.waitUntil('the gp1-wait problem in the Problems panel', async () => {
      const r = await wb.problems();
      return r.some((t) => t.includes('gp1-wait')) ? r : undefined;
    });
    console.log(`    problems: ${JSON.stringify(rows)}`);
    const gp1 = rows.find((t) => t.includes('gp1-wait'))!;
    assert.match(gp1, /synchronize_rcu\(\) #1 returned/);
    assert.match(gp1, /\bcco1\b/);
    assert.match(gp1, /\[Ln 8, Col \d+\]/, `gp1-wait is not at line 8: ${gp1}`);
    // Related information: the other lines involved (the reader's begin and end, the call).
    const related = rows.filter((t) => /\[Ln (3|7|9), Col \d+\]/.test(t));
    assert.ok(related.length >= 2, `no related lines listed under the violation: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((t) => t.includes('quick-during-maint')), 'the quick reader during do_maint() is not listed');
    await wb.screenshot('problems');
    assert.deepEqual(wb.dialogs, []);
  },
}];
