// syzbot's titles for RCU stall reports: syzkaller's own report-parser fixtures (google/syzkaller
// pkg/report/testdata/linux/report, each headed by the TITLE syzkaller derives) run through the
// real analyzer. `tuned/` is what the rules were developed against; `heldout/` (a third of them,
// drawn at random) was only run at the end, to estimate how the rules do on reports not seen.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { isMachinery } from '../../src/core/stalls/culprit';
import { explainStall } from '../../src/core/stalls/explain';
import { stallDetails, renderMarkdown } from '../../src/core/report/text';
import type { Stall } from '../../src/core/model';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'syzkaller');

interface Case { name: string; want: string; stall: Stall | undefined }

/** A fixture: `TITLE: ...` and other header lines, a blank line, then the console log. */
function run(set: string): Case[] {
  const dir = join(DIR, set);
  return readdirSync(dir).sort((a, b) => Number(a) - Number(b)).map((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const blank = text.indexOf('\n\n');
    const head = text.slice(0, blank);
    const log = text.slice(blank + 2);
    let want = /^TITLE: (.*)$/m.exec(head)![1]!;
    if (want.endsWith(' in corrupted')) want = want.slice(0, -' in corrupted'.length); // syzkaller found no frame
    const a = analyzeBytes(new TextEncoder().encode(log));
    return { name, want, stall: a.stalls.find((s) => s.title !== undefined) };
  });
}

function agreement(set: string): { cases: Case[]; agree: number; wrong: string[] } {
  const cases = run(set);
  const wrong: string[] = [];
  for (const c of cases) {
    const got = c.stall?.title ?? '(no stall report)';
    if (got !== c.want) wrong.push(`${set}/${c.name}: got "${got}", syzkaller "${c.want}"`);
  }
  return { cases, agree: cases.length - wrong.length, wrong };
}

function report(set: string, r: ReturnType<typeof agreement>): void {
  const pct = (100 * r.agree / r.cases.length).toFixed(1);
  console.log(`      ${set}: title agrees with syzkaller on ${r.agree}/${r.cases.length} (${pct} %)`);
  for (const w of r.wrong) console.log(`        ${w}`);
}

describe('stall titles against syzkaller fixtures', function () {
  this.timeout(120_000); // 80 real consoles through the whole analyzer, on a shared 2-core machine
  for (const set of ['tuned', 'heldout']) {
    it(`${set}: the title agrees with syzkaller's on at least 90 % of reports`, () => {
      const r = agreement(set);
      report(set, r);
      assert.ok(r.agree >= 0.9 * r.cases.length, `${r.agree}/${r.cases.length}`);
    });

    it(`${set}: every report is found, and its culprit is never machinery`, () => {
      for (const c of run(set)) {
        assert.ok(c.stall, `${c.name}: no stall report`);
        const f = c.stall.culprit;
        if (f) assert.ok(!isMachinery(f.frame.split('+')[0]!.split(' ')[0]!), `${c.name}: culprit ${f.frame} is machinery`);
      }
    });
  }

  it('the hover, the text report and the Markdown say which is the title and which the culprit', () => {
    const log = readFileSync(join(DIR, '..', 'corpus', 'stall-rcu_sched-self-detected-arm32-syzbot-5.10.2.log'));
    const a = analyzeBytes(log);
    const s = a.stalls[0]!;
    assert.equal(s.title, 'INFO: rcu detected stall in openat2');
    assert.equal(s.culprit?.frame, 'check_zeroed_user+0x140/0x1dc');
    const md = explainStall(s);
    assert.match(md, /\*\*Likely culprit:\*\* `check_zeroed_user\+0x140\/0x1dc` \(line 40\) — where the stalled CPU was looping/);
    assert.match(md, /\*\*syzbot title:\*\* `INFO: rcu detected stall in openat2` — the name syzkaller gives/);
    const text = stallDetails(s).join('\n');
    assert.match(text, /likely culprit: check_zeroed_user\+0x140\/0x1dc \(line 40\)\n {2}syzbot title: INFO: rcu detected stall in openat2/);
    assert.match(renderMarkdown(a, { file: 'x.log' }), /syzbot title: INFO: rcu detected stall in openat2/);
  });
});
