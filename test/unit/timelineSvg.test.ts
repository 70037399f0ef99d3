import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { buildTimeline, emptyItems, type TimelineData } from '../../src/core/timeline/timeline';
import { escapeXml, timelineSvg } from '../../src/core/timeline/svg';
import { defaultPalette, PHASE_BACKGROUNDS, splitAlpha, type ThemeKind } from '../../src/core/timeline/style';
import { PHASE_COLOR_IDS } from '../../src/core/explain/words';
import { deltaE } from './support/color';

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

  it('names the 60 s maint band after a 29 µs gp1 and paints it in maint\'s colour (no-first-synchronize_rcu)', () => {
    const svg = timelineSvg(timelineOf('test/fixtures/violations/no-first-synchronize_rcu.log'), { theme: 'light' });
    assertWellFormed(svg);
    for (const ph of ['normal', 'maint']) assert.ok(svg.includes(`>${ph}</text>`), ph);
    const maint = /<rect [^>]*fill="([^"]+)" fill-opacity="([^"]+)"><title>phase maint/.exec(svg);
    assert.deepEqual(maint && [maint[1], Number(maint[2])], ['#e51400', 0.141], 'the maint band in the editor\'s maint colour');
  });
});

describe('timeline colours', () => {
  const KINDS: ThemeKind[] = ['dark', 'light', 'high-contrast', 'high-contrast-light'];

  it('paints phase bands with the editor\'s phase colours, as package.json contributes them', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string> }[] } };
    const key: Record<ThemeKind, string> = { dark: 'dark', light: 'light', 'high-contrast': 'highContrast', 'high-contrast-light': 'highContrastLight' };
    for (const kind of KINDS) {
      const contributed = PHASE_COLOR_IDS.map((id) => pkg.contributes.colors.find((c) => c.id === id)?.defaults[key[kind]]);
      assert.deepEqual(PHASE_BACKGROUNDS[kind], contributed, kind);
      assert.deepEqual(defaultPalette(kind).bands, contributed, kind);
    }
  });

  it('tells gp1 from gp2, and quick, careful, grace period and do_maint() bars apart, in every theme kind', () => {
    for (const kind of KINDS) {
      const p = defaultPalette(kind);
      assert.ok(deltaE(p.bands[1], p.bands[3]) > 25, `${kind}: gp1 ${p.bands[1]} and gp2 ${p.bands[3]} look alike`);
      const bars = { quick: p.quick, careful: p.careful, gp: p.gp, work: p.work };
      const names = Object.keys(bars) as (keyof typeof bars)[];
      for (const [i, a] of names.entries()) {
        for (const b of names.slice(i + 1)) {
          const d = deltaE(bars[a], bars[b]);
          assert.ok(d > 25, `${kind}: ${a} ${bars[a]} and ${b} ${bars[b]} are ΔE ${d.toFixed(1)} apart`);
        }
      }
    }
  });

  it('splits translucent colours into fill and fill-opacity for SVG', () => {
    assert.deepEqual(splitAlpha('#bf880030'), { color: '#bf8800', opacity: 0.188 });
    assert.deepEqual(splitAlpha('rgba(191, 136, 0, 0.19)'), { color: '#bf8800', opacity: 0.19 });
    assert.deepEqual(splitAlpha('rgb(1 2 3 / 50%)'), { color: '#010203', opacity: 0.5 });
    assert.deepEqual(splitAlpha('#ABC'), { color: '#aabbcc', opacity: 1 });
    assert.deepEqual(splitAlpha('#652D90'), { color: '#652d90', opacity: 1 });
    assert.deepEqual(splitAlpha('currentColor'), { color: 'currentColor', opacity: 1 });
  });
});
