// The core's checks against every ordering the simulator's RCU model allows for the seed module,
// written as the real module's dmesg is: no caller ids, so every task is inferred from the order
// of the lines. None may be flagged (a false violation), whatever the interleaving.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { scenarioPrintOrders } from '../../src/core/sim/explore/orderings';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';

describe('sim: every permitted ordering of the seed, tasks inferred', () => {
  it('passes the checks, all 21684 of them (one log per ordering, read in one pass)', function () {
    this.timeout(120_000);
    const r = scenarioPrintOrders(SEED_SCENARIO, {});
    const lines: string[] = [];
    let t = 100, runs = 0;
    for (const { orders } of r.outcomes) {
      for (const order of orders) {
        runs++;
        for (const o of order) lines.push(`[${(t += 0.001).toFixed(6).padStart(12)}] ${o.text}`);
        t += 20;
      }
    }
    const a = analyzeText(lines.join('\n') + '\n');
    assert.equal(r.truncated, false);
    assert.equal(runs, 21684);
    assert.equal(a.runs.length, runs, 'each ordering is its own run');
    assert.deepEqual(a.violations.slice(0, 3), []);
  });
});
