// A litmus witness drawn as what it is (issue 10): its processes, their critical sections and every
// synchronize_rcu() as a grace-period wait, read back by the core through the witness's pattern —
// not dressed up as the phased state change's two grace periods and update work.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { checkLitmus } from '../../src/core/sim/litmus/check';
import { parseLitmus } from '../../src/core/sim/litmus/parse';
import { witnessLog } from '../../src/core/sim/litmus/witnessLog';

const PSC = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'litmus', 'psc', 'C-PaulEMcKenney-psc+sr-po.litmus');

describe('litmus witness as a log', () => {
  it('shows the processes, their critical sections and grace periods, in the core\'s RCU model', () => {
    const t = parseLitmus(readFileSync(PSC, 'utf8'));
    const c = checkLitmus(t);
    assert.equal(c.verdict, 'Sometimes');
    const w = witnessLog(t.name, t.program, c.witness!, 'an execution in which the exists clause holds');
    assert.match(w.log, /litmus P0: rcu_read_lock\(\)/);
    assert.match(w.log, /litmus P1: synchronize_rcu\(\) begins its grace period/);
    assert.doesNotMatch(w.log, /#1|#2/, 'no numbered grace periods of a two-phase updater');
    const a = analyzeText(w.log, { patterns: [w.pattern] });
    assert.equal(a.rcu?.length, 1);
    const rr = a.rcu![0]!;
    assert.equal(rr.pattern, 'litmus');
    assert.deepEqual([...new Set(rr.sections.map((s) => s.task))], ['P0']);
    const waits = rr.waits.filter((x) => x.kind === 'synchronize_rcu');
    assert.ok(waits.length >= 1);
    assert.ok(waits.every((x) => x.task === 'P1' && x.endLine !== null), 'each wait returns, in P1');
    assert.deepEqual(a.runs.map((r) => r.readers.map((x) => x.task)), [['P0']], 'the drawn run: P0 is the reader');
  });
});
