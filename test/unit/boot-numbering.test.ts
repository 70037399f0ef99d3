// Boots are numbered from 1 wherever a person reads them — the CLI report, the Markdown export, the
// timeline's picker and the editor's outline (`Boot 1`, test/vscode/suite/editor.test.ts) — while the
// model's `boot`/`index` fields stay 0-based.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { bootNumber, renderMarkdown, renderText } from '../../src/core/report/text';
import { timelineChoices } from '../../src/core/timeline/timeline';

const SEED = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seed', 'phased-state-change.log'), 'utf8');

describe('boot numbering: 1-based for people in every view', () => {
  const a = analyzeText(SEED + SEED); // two dmesg dumps: the time reset starts boot 2
  it('the model is 0-based', () => {
    assert.deepEqual(a.boots.map((b) => b.index), [0, 1]);
    assert.deepEqual(a.runs.map((r) => r.boot), [0, 1]);
    assert.equal(bootNumber(0), 1);
  });

  it('analyze\'s report, the Markdown export and the timeline say boot 1 and boot 2', () => {
    const text = renderText(a, { file: 'x.log' });
    assert.match(text, /^Run 1 — boot 1, /m);
    assert.match(text, /^Run 2 — boot 2, /m);
    assert.match(text, /^ {2}boot 1: lines 1–33/m);
    assert.match(text, /^ {2}boot 2: lines 34–66/m);
    assert.doesNotMatch(text, /boot 0/);
    const md = renderMarkdown(a, { file: 'x.log' });
    assert.match(md, /## Run 1 \(boot 1, /);
    assert.match(md, /## Run 2 \(boot 2, /);
    const labels = timelineChoices(a).map((c) => c.label).join('\n');
    assert.match(labels, /Run 1: lines 1–\d+, boot 1/);
    assert.match(labels, /Run 2: lines 34–\d+, boot 2/);
    assert.doesNotMatch(labels, /boot 0/);
  });
});
