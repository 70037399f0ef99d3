// The built-in rcu-list pattern on real kernel runs (test/fixtures/lab/rcu-list, the lab's
// rcu_list module on Linux 6.1 under QEMU): every variant with a grace period is clean in every
// format the lab saved, and the variant without one is a use-after-free — also in the run where
// the bug hid at run time (none-6: the module's own poison check saw nothing).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes } from '../../src/core/analyze';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab', 'rcu-list');
const FORMATS = ['dmesg', 'dmesg-T', 'dmesg-iso', 'dmesg-ul', 'dmesg-x', 'dmesg-r', 'kmsg'];

function analyze(file: string) {
  const bytes = readFileSync(join(DIR, file));
  return analyzeBytes(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

describe('rcu-list pattern on real kernel runs', () => {
  for (const run of ['sync', 'call_rcu', 'kfree_rcu', 'sync-trace', 'call_rcu-trace']) {
    it(`${run}: one rcu-list run, its deletions waited for, no violation in any format`, () => {
      for (const f of FORMATS) {
        const a = analyze(`${run}.${f}.log`);
        assert.equal(a.rcu?.length, 1, `${run}.${f}: one rcu-list run`);
        assert.deepEqual(a.violations.map((v) => `${v.line}: ${v.rule}`), [], `${run}.${f}`);
      }
    });
  }

  it('the traced runs: the ftrace buffer alone, through printk:console events, is clean too', () => {
    for (const run of ['sync-trace', 'call_rcu-trace']) {
      const a = analyze(`${run}.trace.log.gz`);
      assert.deepEqual(a.violations.map((v) => v.rule), [], run);
      assert.ok(a.kernel.gracePeriods.length > 0, `${run}: kernel grace periods`);
    }
  });

  for (const run of ['none-1', 'none-6']) {
    it(`${run}: no grace period between unlink and free is a use-after-free, in every format`, () => {
      const lines = new Set<string>();
      for (const f of FORMATS) {
        const a = analyze(`${run}.${f}.log`);
        const uaf = a.violations.filter((v) => v.rule === 'use-after-free');
        assert.ok(uaf.length > 0, `${run}.${f}: ${a.violations.map((v) => v.rule).join(', ') || 'no violation'}`);
        assert.ok(uaf.every((v) => /freed/.test(v.message) && v.related.length > 0), `${run}.${f}: each names the free and the reader`);
        if (f !== 'kmsg') lines.add(uaf.map((v) => v.line).join(','));
      }
      // Every format but kmsg (whose continuation records shift line numbers) puts them on the same lines.
      assert.equal(lines.size, 1, [...lines].join(' | '));
    });
  }

  it('none-6 hid the bug at run time (the module printed no use-after-free line), the ordering still shows it', () => {
    const text = readFileSync(join(DIR, 'none-6.dmesg.log'), 'utf8');
    assert.match(text, /use_after_free=0/);
    assert.doesNotMatch(text, /: use-after-free of element/);
    assert.ok(analyze('none-6.dmesg.log').violations.some((v) => v.rule === 'use-after-free'));
  });
});
