// A timeline as a standalone SVG document: the webview's "Export SVG" and the HTML report use it.
// Built from TimelineData with the same level of detail as the canvas (timelineIndex.ts), so a
// million items make a file of a few thousand shapes. Every text that may come from the log (task
// names, notes, run labels) goes through escapeXml: the SVG can be inlined in HTML safely.

import { axisTitle, bandLabel, bandName, barCaption, isPointKind, ItemFlag, ItemKind, itemLabel, type TimelineData } from './timeline';
import { legendEntries, type LegendEntry } from './legend';
import { axisTicks, tickLabel } from './axis';
import { buildIndex, DRAW_EACH_UP_TO, forEachBand, forEachDrawn, groupSummary, type TimelineIndex } from './lod';
import { barDy, barHeightOf, defaultPalette, itemDy, kindColor, LAYOUT, laneCenter, linkColor, linkDash, markerDy, plotHeight, splitAlpha, type Palette, type ThemeKind } from './style';

interface SvgOptions {
  /** Total width in px (default 1100). */
  width?: number;
  /** x range to show (default: the whole extent). */
  from?: number;
  to?: number;
  theme?: ThemeKind;
  palette?: Palette;
  /** Heading drawn above the timeline (plain text). */
  title?: string;
  /** Expected run (simulator), drawn as outlined ghost bars on lanes of the same name. */
  overlay?: TimelineData | null;
  /** Prefix for ids inside the SVG, so several can live in one HTML page. */
  idPrefix?: string;
  index?: TimelineIndex;
}

/** Text and attribute escaping; also drops characters XML 1.0 forbids (log junk, lone surrogates). */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

export function timelineSvg(d: TimelineData, o: SvgOptions = {}): string {
  const p = o.palette ?? defaultPalette(o.theme ?? 'light');
  const width = Math.max(400, Math.round(o.width ?? 1100));
  const from = o.from ?? d.extent.min;
  const to = o.to !== undefined && o.to > from ? o.to : Math.max(from + 1e-9, d.extent.max);
  const id = (o.idPrefix ?? 'rcu-tl').replace(/[^A-Za-z0-9_-]/g, '');
  const idx = o.index ?? buildIndex(d);
  const titleH = o.title ? 28 : 0;
  const left = LAYOUT.labelWidth;
  const plotW = width - left - 12;
  const legend = legendLayout(legendEntries(d), width - 16);
  // Under the plot: the axis title, then the legend's rows.
  const h = titleH + plotHeight(d.lanes.length) + 18 + legend.rows * LEGEND_ROW + 4;
  const unit = (to - from) / plotW;
  const X = (x: number) => left + ((x - from) / (to - from)) * plotW;
  const Y = (lane: number) => titleH + laneCenter(lane);
  const bh = LAYOUT.barHeight;
  const stroke = p.contrast ? ` stroke="${p.contrast}" stroke-width="1"` : '';
  const out: string[] = [];
  const font = `font-family="system-ui, -apple-system, 'Segoe UI', Ubuntu, sans-serif" font-size="12"`;

  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" ${font} role="img" aria-labelledby="${id}-t">`);
  out.push(`<title id="${id}-t">${escapeXml(o.title ?? `RCU timeline: ${d.runs.find((r) => r.key === d.selection)?.label ?? ''}`)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="${p.background}"/>`);
  out.push(`<defs><clipPath id="${id}-plot"><rect x="${left}" y="${titleH}" width="${plotW}" height="${h - titleH}"/></clipPath></defs>`);
  if (o.title) out.push(`<text x="8" y="19" font-size="14" font-weight="600" fill="${p.foreground}">${escapeXml(o.title)}</text>`);

  // Lanes: labels and separators.
  for (let l = 0; l < d.lanes.length; l++) {
    const lane = d.lanes[l]!;
    const y = Y(l);
    out.push(`<line x1="0" x2="${width}" y1="${n2(y + LAYOUT.laneHeight / 2)}" y2="${n2(y + LAYOUT.laneHeight / 2)}" stroke="${p.grid}"/>`);
    out.push(`<text x="8" y="${n2(y + 4)}" fill="${p.foreground}" font-weight="600"><title>${escapeXml(lane.name)}</title>${escapeXml(clip(lane.name, 16))}</text>`);
    out.push(`<text x="${left - 8}" y="${n2(y + 4)}" text-anchor="end" fill="${p.muted}" font-size="10">${escapeXml(lane.role)}</text>`);
  }

  out.push(`<g clip-path="url(#${id}-plot)">`);
  // Phase bands across all lanes, in the editor's phase colours, named in the strip under the axis;
  // grouped per pixel column by the same walk as the canvas, so both show the same bands.
  const bandTop = titleH + LAYOUT.axisHeight;
  const bandH = LAYOUT.phaseHeight + d.lanes.length * LAYOUT.laneHeight;
  const bandFill = p.bands.map((c) => { const f = splitAlpha(c); return `fill="${f.color}" fill-opacity="${f.opacity}"`; });
  forEachBand(d, idx, from, to, unit, (b, count, b0, b1) => {
    const x0 = X(b0), x1 = Math.max(X(b1), x0 + 1);
    const ph = d.bands.phase[b]!;
    const tip = count === 1 ? bandLabel(d, b) : `${count} phases from ${bandLabel(d, b)}`;
    const slot = d.phases[ph]?.slot ?? -1;
    out.push(`<rect x="${n2(x0)}" y="${bandTop}" width="${n2(x1 - x0)}" height="${bandH}" ${bandFill[slot] ?? `fill="${p.grid}"`}><title>${escapeXml(tip)}</title></rect>`);
    if (count === 1 && x1 - x0 > LAYOUT.phaseLabelMinWidth) out.push(`<text x="${n2(Math.max(x0, left) + 4)}" y="${bandTop + 13}" fill="${p.muted}" font-size="11">${escapeXml(bandName(d, b))}</text>`);
  });

  // Ghost bars of the expected run.
  if (o.overlay) {
    const g = o.overlay;
    const gi = buildIndex(g);
    g.lanes.forEach((gl, glIndex) => {
      const l = d.lanes.findIndex((x) => x.name === gl.name);
      if (l < 0) return;
      forEachDrawn(g, gi, glIndex, from, to, unit, (first, count, x0, x1) => {
        if (isPointKind(g.items.kind[first]!)) return;
        const xa = X(x0), w = Math.max(1, X(x1) - xa);
        out.push(`<rect x="${n2(xa)}" y="${n2(Y(l) - bh / 2 - 3)}" width="${n2(w)}" height="${bh + 6}" fill="none" stroke="${p.ghost}" stroke-dasharray="4 3" rx="3"><title>${escapeXml(count === 1 ? `expected: ${itemLabel(g, first)}` : `expected: ${count} items`)}</title></rect>`);
      });
    });
  }

  // Items: bars first, markers over them.
  const marks: string[] = [];
  for (let l = 0; l < d.lanes.length; l++) {
    const y = Y(l);
    const one = (i: number) => {
      const kind = d.items.kind[i]!, flags = d.items.flags[i]!;
      const fill = kindColor(p, kind);
      const tip = escapeXml(itemLabel(d, i));
      const xa = X(d.items.start[i]!);
      if (isPointKind(kind)) { marks.push(marker(kind, xa, y, fill, p, tip, flags)); return; }
      const w = Math.max(LAYOUT.groupMinWidth, X(d.items.end[i]!) - xa);
      const bh = barHeightOf(kind), yb = y + barDy(kind);
      const dash = flags & ItemFlag.Approx ? ' stroke-dasharray="3 2"' : '';
      const edge = flags & ItemFlag.Flagged ? ` stroke="${p.violation}" stroke-width="2"` : flags & ItemFlag.Approx ? ` stroke="${p.foreground}"` : stroke;
      out.push(`<rect x="${n2(xa)}" y="${n2(yb - bh / 2)}" width="${n2(w)}" height="${bh}" rx="2" fill="${fill}"${edge}${dash}><title>${tip}</title></rect>`);
      if (flags & ItemFlag.OpenEnd) out.push(`<path d="M${n2(xa + w)} ${n2(yb - bh / 2)} l6 ${bh / 2} l-6 ${bh / 2}z" fill="${fill}"/>`);
      const caption = bh >= LAYOUT.barHeight ? barCaption(d, i) : '';
      if (caption && w > caption.length * 6.5 + 8) {
        out.push(`<text x="${n2(Math.max(xa, left) + 4)}" y="${n2(y + 4)}" fill="${p.background}" font-size="11">${escapeXml(caption)}</text>`);
      }
    };
    forEachDrawn(d, idx, l, from - unit * LAYOUT.markerSize, to + unit * LAYOUT.markerSize, unit, (first, count, x0, x1) => {
      if (count === 1 || (count <= DRAW_EACH_UP_TO && idx.lanePoints[l])) { for (let i = first; i < first + count; i++) one(i); return; }
      const g = groupSummary(d, idx, l, first, count);
      const tip = escapeXml(`${count} items from ${itemLabel(d, first)}`);
      if (g.bar >= 0) {
        const xa = X(x0), w = Math.max(LAYOUT.groupMinWidth, X(x1) - xa), bh = barHeightOf(g.bar);
        out.push(`<rect x="${n2(xa)}" y="${n2(y + barDy(g.bar) - bh / 2)}" width="${n2(w)}" height="${bh}" fill="${kindColor(p, g.bar)}"${stroke}><title>${tip}</title></rect>`);
      }
      if (g.mark >= 0) {
        const k = d.items.kind[g.mark]!;
        marks.push(marker(k, X(d.items.start[g.mark]!), y, kindColor(p, k), p, tip, d.items.flags[g.mark]!));
      }
    });
  }
  out.push(...marks);

  // Links: from the reader's end to the end of the grace period that waited for it.
  for (let k = 0; k < d.links.count; k++) {
    const gpi = d.links.from[k]!, ri = d.links.to[k]!;
    const xa = X(d.items.end[ri]!), ya = Y(d.items.lane[ri]!) + itemDy(d.items.kind[ri]!);
    const xb = X(d.items.end[gpi]!), yb = Y(d.items.lane[gpi]!) + itemDy(d.items.kind[gpi]!);
    out.push(linkSvg(xa, ya, xb, yb, d.links.kind[k]!, p));
  }
  out.push('</g>');

  // Axis.
  const ticks = axisTicks(d.axis, from, to, Math.max(2, Math.floor(plotW / 90)));
  const axisY = titleH + LAYOUT.axisHeight;
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${axisY}" y2="${axisY}" stroke="${p.grid}"/>`);
  for (const v of ticks.values) {
    const x = X(v);
    out.push(`<line x1="${n2(x)}" x2="${n2(x)}" y1="${axisY - 5}" y2="${axisY}" stroke="${p.muted}"/>`);
    out.push(`<text x="${n2(x)}" y="${axisY - 9}" text-anchor="middle" fill="${p.muted}" font-size="11">${escapeXml(tickLabel(d.axis, v, ticks.decimals))}</text>`);
  }
  out.push(`<text x="8" y="${axisY - 9}" fill="${p.muted}" font-size="11">${escapeXml(d.axis.mode === 'time' ? 's since boot' : d.axis.mode === 'line' ? 'line' : 's (wall clock)')}</text>`);

  // Legend: the webview's entries (legend.ts), each with the shape the plot draws it with.
  const legendTop = titleH + plotHeight(d.lanes.length) + 18;
  for (const { entry, x, row } of legend.at) {
    const cy = legendTop + row * LEGEND_ROW + LEGEND_ROW / 2;
    out.push(`<g>${swatchSvg(entry, x + 9, cy, p, stroke)}<text x="${x + 22}" y="${n2(cy + 4)}" fill="${p.foreground}" font-size="11">${escapeXml(entry.text)}</text></g>`);
  }
  const ly = titleH + plotHeight(d.lanes.length) + 13;
  out.push(`<text x="${width - 8}" y="${ly}" text-anchor="end" fill="${p.muted}" font-size="11">${escapeXml(axisTitle(d.axis))}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

const LEGEND_ROW = 18;

/** Legend entries placed left to right, wrapping at `width`: x (px from the left) and row of each. */
function legendLayout(entries: LegendEntry[], width: number): { at: { entry: LegendEntry; x: number; row: number }[]; rows: number } {
  const at: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = 8, row = 0;
  for (const entry of entries) {
    const w = 30 + entry.text.length * 6.2;
    if (x > 8 && x + w > width) { x = 8; row++; }
    at.push({ entry, x, row });
    x += w;
  }
  return { at, rows: row + 1 };
}

/** A legend swatch centred on (x, y): the bar, marker or link as the plot draws it. */
function swatchSvg(e: LegendEntry, x: number, y: number, p: Palette, stroke: string): string {
  const sw = e.swatch;
  if (sw.shape === 'bar') {
    const bh = barHeightOf(sw.kind);
    return `<rect x="${x - 8}" y="${n2(y - bh / 2)}" width="16" height="${bh}" rx="2" fill="${kindColor(p, sw.kind)}"${stroke}/>`;
  }
  if (sw.shape === 'mark') return marker(sw.kind, x, y - markerDy(sw.kind), kindColor(p, sw.kind), p, escapeXml(e.text), 0);
  return linkSvg(x - 8, y + 5, x + 6, y - 4, sw.kind, p);
}

/** A link: a line from (xa, ya) to the grace period's end (xb, yb), with a dot there. */
function linkSvg(xa: number, ya: number, xb: number, yb: number, kind: number, p: Palette): string {
  const c = linkColor(p, kind), dash = linkDash(kind);
  const da = dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
  return `<path d="M${n2(xa)} ${n2(ya)} L${n2(xb)} ${n2(yb)}" stroke="${c}" stroke-width="1.2" fill="none"${da}/><circle cx="${n2(xb)}" cy="${n2(yb)}" r="2.5" fill="${c}"/>`;
}

function marker(kind: number, x: number, yLane: number, fill: string, p: Palette, tip: string, flags: number): string {
  const s = LAYOUT.markerSize / 2;
  const y = yLane + markerDy(kind);
  const edge = p.contrast ? ` stroke="${p.contrast}"` : flags & ItemFlag.Approx ? ` stroke="${p.foreground}" stroke-dasharray="2 2"` : '';
  const t = `<title>${tip}</title>`;
  switch (kind) {
    case ItemKind.Spawn: return `<path d="M${n2(x - s * 0.6)} ${n2(y - s)} L${n2(x + s)} ${n2(y)} L${n2(x - s * 0.6)} ${n2(y + s)}Z" fill="${fill}"${edge}>${t}</path>`;
    case ItemKind.KernelQs: return `<rect x="${n2(x - 1.5)}" y="${n2(y - s)}" width="3" height="${2 * s}" fill="${fill}"${edge}>${t}</rect>`;
    case ItemKind.KernelQsLast: return `<path d="M${n2(x)} ${n2(y - s - 1)} L${n2(x + s + 1)} ${n2(y + s)} L${n2(x - s - 1)} ${n2(y + s)}Z" fill="${fill}"${edge}>${t}</path>`;
    case ItemKind.KernelUnlock: return `<rect x="${n2(x - s * 0.7)}" y="${n2(y - s * 0.7)}" width="${n2(s * 1.4)}" height="${n2(s * 1.4)}" fill="${fill}"${edge}>${t}</rect>`;
    case ItemKind.Init: return `<circle cx="${n2(x)}" cy="${n2(y)}" r="${s * 0.8}" fill="${fill}"${edge}>${t}</circle>`;
    case ItemKind.Stall: return `<path d="M${n2(x)} ${n2(y - s - 1)} L${n2(x + s + 1)} ${n2(y)} L${n2(x)} ${n2(y + s + 1)} L${n2(x - s - 1)} ${n2(y)}Z" fill="${fill}"${edge}>${t}</path>`;
    default: return `<g>${t}<circle cx="${n2(x)}" cy="${n2(y)}" r="${s + 1}" fill="${fill}"${edge}/><path d="M${n2(x - 3)} ${n2(y - 3)} L${n2(x + 3)} ${n2(y + 3)} M${n2(x + 3)} ${n2(y - 3)} L${n2(x - 3)} ${n2(y + 3)}" stroke="${p.background}" stroke-width="2"/></g>`;
  }
}
