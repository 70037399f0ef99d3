// "A line that is not there is never evidence of an RCU bug" (issue 14): deleting any one line of
// a log that has no violation never creates one. Checked on every fixture without a violation:
// every line of the small ones, and in the large ones every scenario line plus a sample of the
// rest (a line that is not a scenario line can matter only through boots and times).

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import type { Profile } from '../../src/core/patterns/profile';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');

function fixtures(): { file: string; profile?: Profile }[] {
  const out: { file: string; profile?: Profile }[] = [{ file: 'seed/phased-state-change.log' }];
  for (const d of ['allowed', 'sim', 'formats']) {
    for (const f of readdirSync(join(FIX, d))) if (/\.(log|txt)$/.test(f)) out.push({ file: `${d}/${f}` });
  }
  out.push({ file: 'corpus/dmesg-phased-state-change-module-5.17-preempt.log' });
  out.push({ file: 'corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log' });
  const addonly = JSON.parse(readFileSync(join(FIX, 'profiles', 'addonly-list.json'), 'utf8')) as Profile;
  out.push({ file: 'corpus/dmesg-addonly-list-rcu-module-5.18-rc1.log', profile: addonly });
  return out;
}

describe('a lost line never makes a violation', function () {
  this.timeout(120_000);
  for (const { file, profile } of fixtures()) {
    const bytes = readFileSync(join(FIX, file));
    const whole = analyzeBytes(bytes, { profile });
    if (whole.violations.length > 0) continue; // only logs that have none
    it(`${file}: deleting any one line`, () => {
      const lines = bytes.toString('latin1').split('\n');
      const events = new Set(whole.events.map((e) => e.line));
      const stride = Math.max(1, Math.floor(lines.length / 200));
      const bad: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (lines.length > 400 && !events.has(i + 1) && i % stride !== 0) continue;
        const cut = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        const a = analyzeBytes(Buffer.from(cut, 'latin1'), { profile });
        if (a.violations.length) bad.push(`line ${i + 1} (${lines[i]!.trim()}): ${a.violations.map((v) => `${v.rule}@${v.line}`).join(', ')}`);
      }
      assert.deepEqual(bad, []);
    });
  }
});

describe('the lost `hit maint` of issue 14', () => {
  it('is a warning that says so, and the rest of the log is still checked', () => {
    const lines = readFileSync(join(FIX, 'seed', 'phased-state-change.log'), 'utf8').split('\n');
    assert.match(lines[12]!, /hit maint$/);
    const a = analyzeBytes(Buffer.from([...lines.slice(0, 12), ...lines.slice(13)].join('\n')));
    assert.deepEqual(a.violations, []);
    assert.ok(a.warnings.some((w) => w.line === 14 && /the update's `hit maint` line is missing: lost from the log\?/.test(w.message)), a.warnings.map((w) => `${w.line}: ${w.message}`).join('\n'));
    // What the log does show is still checked: grace period 2 and its readers.
    assert.equal(a.runs[0]!.gracePeriods.find((g) => g.index === 2)?.endLine, 32);
  });
});
