import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { buildTimeline, emptyItems, type TimelineData } from '../../src/core/timeline';
import { escapeXml, timelineSvg } from '../../src/core/timelineSvg';

const ROOT = join(__dirname, '..', '..', '..');
const timelineOf = (p: string, sel?: string) => buildTimeline(analyzeText(readFileSync(join(ROOT, p), 'utf8')), sel);

/**
 * A strict-enough XML well-formedness check: every tag closes in order, attributes are quoted,
 * and no raw `<` or `&` appears in text. Enough to prove escaping (a stray `<img` would fail).
 */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    const text = svg.slice(last, m.index);
    assert.doesNotMatch(text, /[<>]|&(?!amp;|lt;|gt;|quot;|#39;)/, `raw markup in text near: ${text.slice(0, 80)}`);
    last = re.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const [, close, name, , self] = m;
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!self) stack.push(name!);
  }
  assert.doesNotMatch(svg.slice(last), /[<>]/, 'trailing markup');
  assert.deepEqual(stack, [], 'unclosed elements');
}

describe('timeline SVG export', () => {
  it('draws the seed run: lanes, bars with titles, phases, axis', () => {
    const svg = timelineSvg(timelineOf('test/fixtures/seed/phased-state-change.log'), { title: 'phased-state-change.log' });
    assertWellFormed(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const lane of ['init', 'cco1', 'maint', 'cco2']) assert.ok(svg.includes(`>${lane}</text>`), lane);
    assert.ok(svg.includes('<title>cco1 reader, quick path, lines 3–14, 99.567 s to 159.569 s, 60.002 s</title>'));
    assert.ok(svg.includes('<title>maint grace period 1 (synchronize_rcu), lines 13–15'));
    for (const ph of ['normal', 'gp1', 'maint', 'gp2']) assert.ok(svg.includes(`>${ph}</text>`), ph);
    assert.ok(svg.includes('>GP1 synchronize_rcu()</text>'), 'wide bars carry a caption');
    assert.ok(svg.includes('>120</text>'), 'axis tick at 120 s');
  });

  it('shows a log whose task names are markup as text, and runs nothing', () => {
    const d = timelineOf('test/webview/fixtures/hostile.log');
    const svg = timelineSvg(d, { title: '<b>title</b>' });
    assertWellFormed(svg);
    assert.ok(!/<img|<script|<b>/i.test(svg), 'no element from the log');
    assert.ok(svg.includes('&lt;img/src=x/onerror=alert(1)&gt;&lt;/script&gt;'), 'the hostile reader name as text');
    assert.ok(svg.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
  });

  it('escapes a task named <img src=x onerror=alert(1)> and strips characters XML forbids', () => {
    const d = timelineOf('test/fixtures/seed/phased-state-change.log');
    const evil = '<img src=x onerror=alert(1)>';
    d.lanes[1] = { name: `${evil}\u0000\u001b[31m"'&`, role: 'reader' };
    d.notes.push('</script><script>alert(1)</script>');
    d.items.note[0] = d.notes.length - 1;
    const svg = timelineSvg(d);
    assertWellFormed(svg);
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;[31m&quot;&#39;&amp;'));
    assert.ok(!svg.includes('\u0000') && !svg.includes('\u001b'));
    assert.equal(escapeXml('a\ud800b'), 'ab', 'a lone surrogate is not XML');
    assert.equal(escapeXml('😀'), '😀', 'a surrogate pair is kept');
  });

  it('stays small for a million items (one shape per pixel column)', () => {
    const base = timelineOf('test/fixtures/seed/phased-state-change.log');
    const n = 1_000_000;
    const items = emptyItems(n);
    for (let i = 0; i < n; i++) { items.start[i] = i; items.end[i] = i + 0.5; items.line[i] = i + 1; items.endLine[i] = i + 1; items.kind[i] = i % 2; }
    const d: TimelineData = { ...base, lanes: [{ name: 'r', role: 'reader' }], laneOffsets: Int32Array.from([0, n]), items, links: { count: 0, from: new Int32Array(0), to: new Int32Array(0), kind: new Uint8Array(0) }, extent: { min: 0, max: n } };
    const svg = timelineSvg(d, { width: 1100 });
    assertWellFormed(svg);
    assert.ok(svg.length < 1_000_000, `${svg.length} bytes`);
  });

  it('draws the expected run as dashed ghost outlines', () => {
    const d = timelineOf('test/fixtures/seed/phased-state-change.log');
    const svg = timelineSvg(d, { overlay: d });
    assertWellFormed(svg);
    assert.ok(svg.includes('stroke-dasharray="4 3"'));
    assert.ok(svg.includes('<title>expected: cco1 reader, quick path'));
  });
});
