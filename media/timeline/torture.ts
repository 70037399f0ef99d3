// The rcutorture chart under the lanes: per run, ver (grace periods completed by the writer) and
// reader passes over time on the lanes' x axis and view, with the failures as markers. SVG built
// with DOM calls; log text only in <title> textContent. Colours are the theme's chart colours (CSS).

import type { TimelineData } from '../../src/core/timeline/timeline';
import type { TimelineTorture } from '../../src/core/torture/chart';
import { el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 72;
const PAD = 6;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, title?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (title !== undefined) {
    const t = document.createElementNS(SVG, 'title');
    t.textContent = title;
    e.append(t);
  }
  return e;
}

/**
 * Draws (or removes) the chart in `host` for the selection's rcutorture runs, x from `from` to
 * `to` over `width` pixels starting `left` pixels in. `reveal(line)` shows a line in the editor.
 */
export function renderTorture(host: HTMLElement, d: TimelineData, from: number, to: number, left: number, width: number, reveal: (line: number) => void): void {
  const runs = d.torture ?? [];
  host.hidden = runs.length === 0;
  if (!runs.length) { host.replaceChildren(); return; }
  const span = to > from ? to - from : 1;
  const xOf = (x: number) => ((x - from) / span) * width;
  host.replaceChildren(...runs.map((r) => runChart(r, xOf, left, width, reveal)));
}

function runChart(r: TimelineTorture, xOf: (x: number) => number, left: number, width: number, reveal: (line: number) => void): HTMLElement {
  const box = el('div', { class: `torture-run verdict-${r.verdict}`, role: 'group', 'aria-label': r.label });
  const head = el('div', { class: 'torture-head' });
  head.style.marginLeft = `${left}px`;
  head.append(el('span', { class: 'torture-verdict' }, r.verdict), el('span', { class: 'torture-label' }, r.label),
    el('span', { class: 'torture-key torture-key-ver' }, 'ver'), el('span', { class: 'torture-key torture-key-reads' }, 'reads'),
    el('span', { class: 'torture-key torture-key-fail' }, 'failures'));
  const chart = svg('svg', { class: 'torture-chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': `${r.label}: ver and reads over time` });
  chart.style.marginLeft = `${left}px`;
  const yOf = (v: number, max: number) => HEIGHT - PAD - (max > 0 ? (v / max) * (HEIGHT - 2 * PAD) : 0);
  chart.append(svg('line', { class: 'torture-base', x1: 0, x2: width, y1: HEIGHT - PAD, y2: HEIGHT - PAD }));
  const maxVer = Math.max(0, ...r.ver);
  const reads = r.reads.map((v) => v ?? 0);
  const maxReads = Math.max(0, ...reads);
  const path = (ys: number[], max: number) => ys.map((v, i) => `${i ? 'L' : 'M'}${xOf(r.x[i]!).toFixed(1)},${yOf(v, max).toFixed(1)}`).join(' ');
  if (r.x.length) {
    chart.append(svg('path', { class: 'torture-reads', d: path(reads, maxReads) }));
    chart.append(svg('path', { class: 'torture-ver', d: path(r.ver, maxVer) }));
  }
  r.x.forEach((x, i) => {
    const bad = (r.tooShort[i] ?? 0) > 0 || r.errors[i]! > 0;
    const c = svg('circle', { class: bad ? 'torture-point bad' : 'torture-point', cx: xOf(x).toFixed(1), cy: yOf(r.ver[i]!, maxVer).toFixed(1), r: 3 },
      `line ${r.line[i]}: ver ${r.ver[i]}, reads ${r.reads[i] ?? '?'}, errors ${r.errors[i]}, Reader Pipe beyond bucket 1: ${r.tooShort[i] ?? '?'}`);
    c.addEventListener('click', () => reveal(r.line[i]!));
    chart.append(c);
  });
  for (const f of r.failures) {
    const x = xOf(f.x);
    const m = svg('path', { class: `torture-fail kind-${f.kind}`, d: `M${(x - 5).toFixed(1)},1 L${(x + 5).toFixed(1)},1 L${x.toFixed(1)},9 Z` }, `line ${f.line} [${f.kind}] ${f.message}`);
    m.addEventListener('click', () => reveal(f.line));
    chart.append(m);
  }
  box.append(head, chart);
  return box;
}
