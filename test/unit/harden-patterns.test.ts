// A pattern's must-not-overlap rules on many readers and work items (src/core/rcu/rules.ts): each
// work item looks only at the readers that can overlap it. Before, every work item was checked
// against every reader of the run under every rule: a pattern of 2,000 events and 200 rules on a
// log of 40,000 lines (each a reader and a work item) ran for minutes; it now takes a few seconds
// and the property below shows that no overlap the full check finds is skipped.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { OverlapIndex } from '../../src/core/rcu/rules';
import { overlapOf } from '../../src/core/rcu/overlap';
import type { RcuSection } from '../../src/core/rcu/model';
import { analyzeText } from '../../src/core/analyze';
import { parsePattern } from '../../src/core/patterns/schema';
import { fuzzParams } from './support/fuzz';

const TEXTS = { id: 'r', kind: 'must-not-overlap' as const, reader: 'fast', work: 'resize', message: '{reader} overlaps {work}' };

describe('harden: must-not-overlap rules look only at the readers that can overlap', () => {
  it('every reader the full check finds overlapping a work item is a candidate (property)', () => {
    const line = fc.option(fc.integer({ min: 1, max: 60 }), { nil: null });
    const section = fc.tuple(line, line, line).map(([inside, label, end]): RcuSection => ({
      id: 0, task: '', label: 'fast', beginLine: inside, endLine: end, beginTime: null, endTime: null, holds: [], insideLine: inside, labelLine: label,
    }));
    const work = fc.tuple(fc.integer({ min: 1, max: 60 }), line, fc.boolean());
    fc.assert(fc.property(fc.array(section, { maxLength: 30 }), fc.array(work, { minLength: 1, maxLength: 10 }), (ss, ws) => {
      ss.forEach((s, i) => { s.id = i; s.task = `t${i}`; });
      const idx = new OverlapIndex(ss);
      for (const [wb, we, endUnknown] of ws) {
        const got = idx.candidates(wb, we ?? Infinity, !endUnknown);
        assert.deepEqual(got, [...got].sort((a, b) => a.id - b.id), 'in reader order');
        for (const s of ss) {
          const f = overlapOf({ task: s.task, label: s.label, insideLine: s.insideLine ?? null, labelLine: s.labelLine ?? null, endLine: s.endLine },
            { beginLine: wb, endLine: we, endUnknown }, 'resize', TEXTS);
          if (f) assert.ok(got.includes(s), `reader ${s.id} (${s.insideLine}, ${s.labelLine}, ${s.endLine}) overlaps work ${wb}-${we}`);
        }
      }
    }), fuzzParams(500));
  });

  it('the table-resize example finds what it found', () => {
    const dir = join(__dirname, '..', '..', '..', 'examples', 'patterns');
    const p = parsePattern(readFileSync(join(dir, 'table-resize.json'), 'utf8'));
    const a = analyzeText(readFileSync(join(dir, 'table-resize.log'), 'utf8'), { patterns: [p] });
    assert.ok(a.violations.some((v) => v.rule === 'must-not-overlap'));
  });
});
