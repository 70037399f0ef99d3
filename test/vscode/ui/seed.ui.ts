// The example log as a user first sees it: every line of the run painted by its RCU phase, and
// the hover on `hit do_maint` saying which reader grace period 1 had to wait for.
import * as assert from 'node:assert/strict';
import { seedLog } from '../harness/paths';
import type { Scenario } from './scenario';

// Lines of test/fixtures/seed/phased-state-change.log, one per phase (see its `rcu-lens analyze`).
const NORMAL = 5;   // sched: RT throttling activated (cco1 running, flag not yet set)
const GP1 = 13;     // hit maint: synchronize_rcu() #1 waits
const MAINT = 16;   // an audit line while do_maint() runs
const GP2 = 32;     // end cco_carefully: synchronize_rcu() #2 waits for cco2
const HIT_DO_MAINT = 15;

export const scenarios: Scenario[] = [{
  name: 'seed log: phases painted per line; the hover on hit do_maint names the reader grace period 1 waited for',
  async run(wb) {
    await wb.openFile(seedLog);
    assert.match(await wb.lineText(GP1), /\] hit maint$/);
    assert.match(await wb.lineText(HIT_DO_MAINT), /\] hit do_maint$/);
    assert.match(await wb.lineText(GP2), /\] end cco_carefully$/);
    // The backgrounds appear once the extension has analysed the log: wait for all three phases.
    const [normal, gp1, maint, gp2] = await wb.waitUntil('phase backgrounds on the gp1, maint and gp2 lines', async () => {
      const c = [await wb.lineDecorations(NORMAL), await wb.lineDecorations(GP1), await wb.lineDecorations(MAINT), await wb.lineDecorations(GP2)];
      return c.slice(1).every((x) => x.length > 0) ? c : undefined;
    });
    console.log(`    backgrounds: normal ${JSON.stringify(normal)}, gp1 ${JSON.stringify(gp1)}, maint ${JSON.stringify(maint)}, gp2 ${JSON.stringify(gp2)}`);
    const painted = Object.entries({ normal, gp1, maint, gp2 }).map(([phase, c]) => [phase, JSON.stringify(c)] as const);
    for (const [i, [a, ca]] of painted.entries()) {
      for (const [b, cb] of painted.slice(i + 1)) assert.notEqual(ca, cb, `${a} and ${b} lines are painted alike: ${ca}`);
    }
    // A phase paints the whole run of lines, not just the event lines: neighbours match.
    assert.deepEqual(await wb.lineDecorations(GP1 + 1), gp1, 'line 14 (end cco_quickly, still in gp1) is not painted as gp1');
    assert.deepEqual(await wb.lineDecorations(MAINT + 5), maint, 'line 21 (start cco2, during do_maint) is not painted as maint');
    await wb.screenshot('seed-log');

    const hover = await wb.hoverLine(HIT_DO_MAINT, 'hit do_maint');
    console.log(`    hover: ${JSON.stringify(hover.slice(0, 400))}`);
    assert.match(hover, /Grace period 1\b/);
    // "It had to wait for the reader already in a critical section when it began: cco1 (quick path), lines 3–14."
    assert.match(hover, /wait for the reader[^.]*: cco1 \(quick path\), lines 3\s*[–-]\s*14\b/);
    assert.doesNotMatch(hover, /wait for[^.]*cco2/, 'grace period 1 is said to wait for cco2, which began after it');
    await wb.screenshot('hover-gp1', { keepMouse: true });
    assert.deepEqual(wb.dialogs, []);
  },
}];
