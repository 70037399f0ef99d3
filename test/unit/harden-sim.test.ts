// The simulator's what-ifs tell the truth: the exhaustive check's count and names, and mutations
// that name call sites of the scenario as given, whatever their order.
import * as assert from 'node:assert/strict';
import { exhaustiveOutcomes } from '../../src/core/sim/explore/exhaustive';
import { scenarioPrintOrders } from '../../src/core/sim/explore/orderings';
import { applyMutations, parseMutation } from '../../src/core/sim/scenario/mutate';
import { SEED_SCENARIO } from '../../src/core/patterns/phased-state-change/scenario';
import { syncSites } from '../../src/core/sim/scenario/sites';
import { cli } from './support/cli';

/**
 * RCU's rules checked directly on an ordering of printed lines whose printers are known (a
 * reference independent of the core's attribution): gp1 is `hit maint`..`hit do_maint`, gp2
 * `end do_maint`..`end maint`; a reader is inside from its path line to its end line.
 */
function referenceRules(order: readonly { text: string; printer: string }[]): Set<string> {
  const at = (t: string) => order.findIndex((x) => x.text === t);
  const hm = at('hit maint'), hd = at('hit do_maint'), ed = at('end do_maint'), em = at('end maint');
  const readers = new Map<string, { path: string; pl: number; el: number }>();
  order.forEach((x, i) => {
    const m = /^(hit|end) cco_(quickly|carefully)$/.exec(x.text);
    if (!m) return;
    const r = readers.get(x.printer) ?? { path: '', pl: -1, el: -1 };
    if (m[1] === 'hit') { r.path = m[2]!; r.pl = i; } else r.el = i;
    readers.set(x.printer, r);
  });
  const out = new Set<string>();
  for (const r of readers.values()) {
    if (hm >= 0 && r.pl < hm && r.el > hd) out.add('gp1-wait');
    if (r.pl < ed && r.el > em) out.add('gp2-wait');
    if (r.path === 'quickly' && ((r.pl < hd && r.el > hd) || (r.pl > hd && r.pl < ed))) out.add('quick-during-maint');
  }
  return out;
}

describe('harden: simulate --exhaustive --mutate drop-gp1 (count and names)', () => {
  it('counts the orderings a direct check of the rules finds broken (9566 of 31587, as the README says)', function () {
    this.timeout(300_000);
    const sc = applyMutations(SEED_SCENARIO, [parseMutation('drop-gp1')]);
    const ref = scenarioPrintOrders(sc);
    let bad = 0;
    for (const { orders } of ref.outcomes) for (const o of orders) if (referenceRules(o).size > 0) bad++;
    const r = exhaustiveOutcomes(sc);
    assert.equal(r.orderings, ref.orderings);
    assert.equal(r.violating, bad);
    assert.equal(r.orderings, 31587);
    assert.equal(r.violating, 9566);
    // each example names the reader the outcome says took the quick path
    for (const o of r.outcomes) {
      if (!o.example) continue;
      const quick = Object.entries(o.branches).filter(([, b]) => /quickly/.test(String(b))).map(([t]) => t);
      const named = o.example.violations.filter((v) => v.rule === 'quick-during-maint')
        .map((v) => /(?:while |^)(cco\d)[ ,]/.exec(v.message)?.[1]);
      assert.ok(named.length > 0, JSON.stringify(o.example.violations));
      for (const n of named) assert.ok(n !== undefined && quick.includes(n), `${n} named in ${JSON.stringify(o.example.violations)}; quick: ${quick.join(',')}`);
      // and the example's caller ids are the spawn order's (T101 cco1, T102 maint, T103 cco2)
      for (const line of o.example.log.split('\n').filter(Boolean)) {
        const m = /\[ T(\d+)\] (.*)$/.exec(line)!;
        if (/^(start|phased)/.test(m[2]!)) assert.equal(m[1], '100');
      }
    }
  });
});

describe('harden: --mutate names call sites of the scenario as given', () => {
  it('drop-gp1,drop-gp2 and drop-gp2,drop-gp1 drop the same two calls', () => {
    const a = applyMutations(SEED_SCENARIO, ['drop-gp1', 'drop-gp2'].map(parseMutation));
    const b = applyMutations(SEED_SCENARIO, ['drop-gp2', 'drop-gp1'].map(parseMutation));
    assert.equal(syncSites(a).length, 0);
    assert.deepEqual(a.functions, b.functions);
    assert.equal(syncSites(SEED_SCENARIO).length, 2, 'the input is not touched');
    assert.throws(() => applyMutations(SEED_SCENARIO, ['drop-gp3', 'drop-gp1'].map(parseMutation)), /drop-gp3: the scenario has 2 synchronize_rcu\(\) call sites/);
  });

  it('explore and simulate accept either order (exit as the same scenario)', async function () {
    this.timeout(120_000);
    const x = await cli('explore', '--mutate', 'drop-gp1,drop-gp2');
    const y = await cli('explore', '--mutate', 'drop-gp2,drop-gp1');
    assert.equal(x.code, 1, x.err);
    assert.equal(y.code, 1, y.err);
    const s1 = await cli('simulate', '--log', '--mutate', 'drop-gp1,drop-gp2');
    const s2 = await cli('simulate', '--log', '--mutate', 'drop-gp2,drop-gp1');
    assert.equal(s1.code, 0, s1.err);
    assert.equal(s1.out, s2.out);
  });
});
