// Readers open at a stall report (issue 14: findings stay compact, every stage linear): each report
// names a few open readers and counts the rest, found by bisection instead of a scan of every run
// and reader per report. The named and counted readers must be exactly those the plain scan finds.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { MAX_NAMED_OPEN_READERS, OpenReaderIndex } from '../../src/core/openReaders';
import type { Run } from '../../src/core/model';

const STALL = ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', '\t(detected by 0, t=18002 jiffies, g=1477905, q=870)'];
const SEED = ['phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint',
  'end cco_quickly', 'hit do_maint', 'start cco2', 'hit cco', 'hit cco_carefully', 'end do_maint', 'end cco_carefully', 'end maint'];

const log = (msgs: string[]) => msgs.map((m, i) => `[${(100 + i * 1e-3).toFixed(6).padStart(12)}] ${m}\n`).join('');

/** The plain scan the index replaces. */
function scan(runs: readonly Run[], boot: number, line: number): { run: number; reader: number; task: string }[] {
  const out: { run: number; reader: number; task: string }[] = [];
  for (const run of runs) {
    if (run.boot !== boot || line < run.startLine || line > run.endLine) continue;
    for (const rd of run.readers) {
      const s = rd.beginLine ?? rd.pathLine;
      if (s !== null && s < line && (rd.endLine === null || rd.endLine > line)) out.push({ run: run.id, reader: rd.id, task: rd.task });
    }
  }
  return out;
}

describe('readers open at a stall report', function () {
  this.timeout(120_000);

  it('the index finds what the plain scan finds, at every line (fast-check)', () => {
    const piece = fc.oneof(fc.constantFrom(...SEED), fc.constant('STALL'), fc.constant('audit: nothing'));
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }), (msgs) => {
      const a = analyzeText(log(msgs.flatMap((m) => (m === 'STALL' ? STALL : [m]))));
      const ix = new OpenReaderIndex(a.runs);
      for (let line = 1; line <= a.lines; line++) {
        for (const boot of a.boots.map((_b, i) => i)) {
          const want = scan(a.runs, boot, line);
          const got = ix.at(boot, line);
          assert.equal(got.count, want.length, `line ${line}`);
          assert.deepEqual(got.named, want.slice(0, MAX_NAMED_OPEN_READERS), `line ${line}`);
        }
      }
    }), { numRuns: 150 });
  });

  it('2,000 open readers and 2,000 stall reports: a few named per report, all counted, output linear', () => {
    const make = (n: number) => {
      const msgs = ['phased state change - init module', 'start maint', 'hit maint'];
      for (let i = 0; i < n; i++) msgs.push('hit cco');
      for (let i = 0; i < n; i++) msgs.push(...STALL);
      return analyzeText(log(msgs));
    };
    const a = make(2000);
    assert.equal(a.stalls.length, 2000);
    for (const s of a.stalls) {
      assert.equal(s.openReaders!.length, MAX_NAMED_OPEN_READERS);
      assert.equal(s.openReaderCount, 2000);
    }
    const small = JSON.stringify(make(500)).length, large = JSON.stringify(a).length;
    assert.ok(large < 4.5 * small, `${small} → ${large}: not linear`);
  });
});
