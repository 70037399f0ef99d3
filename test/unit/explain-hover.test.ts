// Hover text per line, on the real analysis of the seed log and a violation fixture: the phase, the
// task, the grace period's waited-for readers with their lines, and whether RCU allows an overlap.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { buildLineIndex } from '../../src/core/explain/lineIndex';
import { explainLine, mdEscape, plainLineRef } from '../../src/core/explain/lineHover';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const read = (p: string) => fs.readFileSync(path.join(fixtures, p), 'utf8');
const lineOf = (text: string, msg: string) => text.split('\n').findIndex((l) => l.endsWith(msg)) + 1;

/** A fixture's line index, and the hover on the line ending with a message. */
function hoversOf(file: string) {
  const text = read(file);
  const ix = buildLineIndex(analyzeText(text));
  return { text, ix, hover: (msg: string) => explainLine(ix, lineOf(text, msg), { lineRef: plainLineRef })! };
}

describe('explain: line hovers on the seed log', () => {
  const { text, ix, hover } = hoversOf('seed/phased-state-change.log');

  it('hit do_maint: grace period 1 waited for cco1, with its lines and duration', () => {
    const h = hover('hit do_maint');
    assert.match(h, /grace period 1 is over/);
    assert.match(h, /Grace period 1\*\* — `synchronize_rcu\(\)` #1 called after line 13 \(`hit maint`\), returned before line 15 \(`hit do_maint`\), \*\*28\.499 s\*\*/);
    assert.match(h, /wait for the reader already in a critical section when it began: \*\*cco1\*\* \(quick path\), lines 3–14/);
  });

  it('hit maint: the same grace period seen from its start', () => {
    const h = hover('hit maint');
    assert.match(h, /task \*\*maint\*\*/);
    assert.match(h, /phase \*\*gp1\*\*/);
    assert.match(h, /cco1\*\* \(quick path\)/);
  });

  it('end do_maint / end maint: grace period 2 waited for cco2', () => {
    for (const m of ['end do_maint', 'end maint']) {
      const h = hover(m);
      assert.match(h, /Grace period 2/, m);
      assert.match(h, /\*\*cco2\*\* \(careful path\), lines 22–32/, m);
      assert.match(h, /32\.737 s/, m);
    }
  });

  it('a reader line: which grace period it overlapped, and that RCU was obeyed', () => {
    const h = hover('end cco_quickly');
    assert.match(h, /task \*\*cco1\*\*/);
    assert.match(h, /task inferred/);
    assert.match(h, /overlapped \*\*grace period 1\*\* and began before `synchronize_rcu\(\)` #1/);
    assert.match(h, /✓ It ended \(line 14\) before grace period 1 returned \(line 15\)/);
  });

  it('a noise line inside the run gets its phase; none outside', () => {
    const audit = text.split('\n').findIndex((l) => l.includes('audit:') && l.includes('179.620992')) + 1;
    assert.match(explainLine(ix, audit, { lineRef: plainLineRef })!, /phase maintenance\*\* \(lines 15–30/);
    assert.equal(explainLine(ix, 9999, { lineRef: plainLineRef }), null);
  });

  it('uses the given line references (links into the document)', () => {
    const h = explainLine(ix, lineOf(text, 'hit do_maint'), { lineRef: (l) => `[line ${l}](file:///x.log#L${l})` })!;
    assert.match(h, /\[line 13\]\(file:\/\/\/x\.log#L13\)/);
  });
});

describe('explain: line hovers on a violation', () => {
  const { ix } = hoversOf('violations/quick-reader-during-maint.log');

  it('shows the violation on its line, with the rule and why', () => {
    const h = explainLine(ix, 11, { lineRef: plainLineRef })!;
    assert.match(h, /✗ quick-path reader overlapped maintenance\*\* \(`quick-during-maint`\)/);
    assert.match(h, /cco2/);
  });
});

describe('explain: Markdown escaping of log text', () => {
  it('escapes Markdown and HTML in task names and messages', () => {
    assert.equal(mdEscape('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
    assert.equal(mdEscape('[a](b)'), '\\[a\\]\\(b\\)');
  });

  it('a task name carrying Markdown is shown as text', () => {
    const text = ['[ 1.0] phased state change - init module', '[ 1.1] start [x](javascript:alert(1))', '[ 1.2] hit cco', '[ 1.3] hit cco_quickly'].join('\n');
    const ix = buildLineIndex(analyzeText(text));
    const h = explainLine(ix, 2, { lineRef: plainLineRef }) ?? '';
    assert.ok(!h.includes('](javascript'), h);
  });
});

describe('explain: line hovers on a dmesg -T log (wall clock only)', () => {
  const { ix, hover } = hoversOf('formats/dmesg-ctime-seed.log');

  it('a reader line: its critical section by the wall clock, and the phase with its duration', () => {
    const h = hover('end cco_quickly');
    assert.match(h, /critical section lines 3–14 \(01:22:11 – 01:23:11, 60\.000 s\)/);
    // a line of noise inside do_maint: the phase and how long it lasted
    assert.match(explainLine(ix, 16, { lineRef: plainLineRef })!, /phase maintenance\*\* \(lines 15–30, 60\.000 s\)/);
  });
});
