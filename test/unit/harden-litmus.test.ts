// The LKMM checker (src/core/sim/litmus/lkmm/) on tests built to make it explode: each must end
// Unknown with the limit it is past, in bounded memory, never crash or run on. Before: 11
// processes writing one location built all 11! coherence orders in memory until the heap ran out
// (exit by signal, no verdict); one process of 3,000 write/read pairs was enumerated again each
// round of the value fixpoint (minutes, 3 GB); and an Unknown past the path limit was reported as
// "state bound 100000 reached", which it was not.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLitmusSource } from '../../src/core/sim/litmus/outcome';
import { checkLitmusText } from '../../src/cli/litmusCheck';
import { fuzzParams } from './support/fuzz';

const coWriters = (n: number) =>
  `C cowriters\n{}\n${Array.from({ length: n }, (_, i) => `P${i}(int *x) { WRITE_ONCE(*x, ${i + 1}); }`).join('\n')}\nexists (x=1)\n`;
const longProc = (n: number) =>
  `C long\n{}\nP0(int *x, int *y) {\n${Array.from({ length: n }, (_, i) => `  WRITE_ONCE(*x, ${i % 3}); int r${i} = READ_ONCE(*y);`).join('\n')}\n}\n` +
  'P1(int *x, int *y) { WRITE_ONCE(*y, 1); int q = READ_ONCE(*x); }\nexists (1:q=0)\n';

describe('harden: litmus tests that make the LKMM checker explode end Unknown, saying why', () => {
  it('11 processes writing one location: Unknown past the enumeration steps, not out of memory', () => {
    const r = checkLitmusSource(coWriters(11));
    assert.equal(r.verdict, 'Unknown');
    assert.match(r.detail ?? '', /steps enumerating coherence orders/);
    const o = checkLitmusText('t.litmus', coWriters(11));
    assert.match(o.limit ?? '', /steps enumerating/);
  });

  it('4 writers are still decided (Sometimes: x=1 can be the last write)', () => {
    assert.equal(checkLitmusSource(coWriters(4)).verdict, 'Sometimes');
  });

  it('one process of 3,000 write/read pairs: Unknown past the events of its paths', () => {
    const r = checkLitmusSource(longProc(3000));
    assert.equal(r.verdict, 'Unknown');
    assert.match(r.detail ?? '', /events in the paths/);
  });

  it('an Unknown past the path limit says so, not "state bound"', () => {
    const atomics = `C atomics\n{}\n${Array.from({ length: 8 }, (_, i) => `P${i}(atomic_t *c) { atomic_add(1, c); int r0 = atomic_read(c); }`).join('\n')}\nexists (0:r0=99)\n`;
    const o = checkLitmusText('a.litmus', atomics);
    assert.equal(o.verdict, 'Unknown');
    assert.ok(o.limit, 'the limit is named');
  });

  it('random writers and readers on a few locations: a verdict or Unknown, never a throw (property)', function () {
    // Each case's work is bounded by the checker's step limits, but 40 random cases take 5-15 s on
    // an idle 2-core machine and past mocha's 20 s under CI's load: the bound is the checker's.
    this.timeout(120_000);
    const access = fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constantFrom('', 'smp_mb();', 'smp_wmb();', 'rcu_read_lock();', 'rcu_read_unlock();', 'synchronize_rcu();'));
    fc.assert(fc.property(fc.array(fc.array(access, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (procs) => {
      const body = procs.map((p, i) => `P${i}(int *x, int *y, int *z) {\n${p.map(([l, v, w, f], k) => `  ${f}\n  ${w ? `WRITE_ONCE(*${l}, ${v});` : `int r${k} = READ_ONCE(*${l});`}`).join('\n')}\n}`).join('\n');
      const r = checkLitmusSource(`C rnd\n{}\n${body}\nexists (x=1)\n`, 20_000);
      assert.ok(['Never', 'Sometimes', 'Always', 'DEADLOCK', 'Unknown', 'Unsupported'].includes(r.verdict), `${r.verdict} ${r.detail}`);
    }), fuzzParams(40));
  });
});
