// Draws a timeline scene on a 2D canvas. Stateless: everything it needs is in the Scene, so the
// same function paints the screen every frame and the PNG export once. Level of detail comes
// from the core's column walk (timelineIndex.ts): cost follows pixels, not items.

import { bandName, barCaption, isPointKind, ItemFlag, type TimelineData } from '../../src/core/timeline/timeline';
import { axisTicks, tickLabel } from '../../src/core/timeline/axis';
import { DRAW_EACH_UP_TO, forEachBand, forEachDrawn, groupSummary, type TimelineIndex } from '../../src/core/timeline/lod';
import type { LegendSwatch } from '../../src/core/timeline/legend';
import { barDy, barHeightOf, itemDy, kindColor, LAYOUT, laneCenter, linkColor, linkDash, type Palette } from '../../src/core/timeline/style';
import { Batch, glyphPath, hasGlyph, markerPath } from './batch';

export interface Overlay {
  data: TimelineData;
  index: TimelineIndex;
  /** Overlay lane → lane of the shown data with the same name, or -1. */
  laneOf: Int32Array;
}

export interface Scene {
  data: TimelineData;
  index: TimelineIndex;
  overlay: Overlay | null;
  from: number;
  to: number;
  /** Plot size in CSS pixels. */
  width: number;
  height: number;
  palette: Palette;
  font: string;
  selected: number;
  hovered: number;
  /** A drag-selected x range being drawn. */
  range: [number, number] | null;
}

const TOP = LAYOUT.axisHeight + LAYOUT.phaseHeight;

export function drawScene(ctx: CanvasRenderingContext2D, s: Scene): void {
  const { palette: p, width: w, height: h, data: d } = s;
  const k = w / (s.to - s.from);
  const X = (x: number) => (x - s.from) * k;
  const unit = 1 / k;

  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, w, h);
  ctx.font = `11px ${s.font}`;
  ctx.textBaseline = 'middle';

  // Phase bands across all lanes, in the editor's phase colours (translucent), named in the strip
  // under the axis. A group of bands (several in one pixel column) stays in that column.
  forEachBand(d, s.index, s.from, s.to, unit, (b, count, x0, x1) => {
    const xa = Math.max(-2, X(x0)), xb = Math.min(w + 2, Math.max(X(x1), X(x0) + 1));
    ctx.fillStyle = p.bands[d.phases[d.bands.phase[b]!]?.slot ?? -1] ?? p.grid;
    ctx.fillRect(xa, LAYOUT.axisHeight, xb - xa, h - LAYOUT.axisHeight);
    if (count === 1) {
      if (xb - xa > LAYOUT.phaseLabelMinWidth) { ctx.fillStyle = p.muted; ctx.fillText(bandName(d, b), Math.max(xa, 0) + 4, LAYOUT.axisHeight + LAYOUT.phaseHeight / 2); }
      ctx.fillStyle = p.grid;
      ctx.fillRect(Math.round(X(x0)), LAYOUT.axisHeight, 1, h - LAYOUT.axisHeight);
    }
  });

  // Grid: tick lines and lane separators.
  const ticks = axisTicks(d.axis, s.from, s.to, Math.max(2, Math.floor(w / 90)));
  ctx.fillStyle = p.grid;
  ctx.globalAlpha = 0.6;
  for (const v of ticks.values) ctx.fillRect(Math.round(X(v)), TOP, 1, h - TOP);
  ctx.globalAlpha = 1;
  for (let l = 0; l <= d.lanes.length; l++) ctx.fillRect(0, TOP + l * LAYOUT.laneHeight, w, 1);

  if (s.overlay) drawOverlay(ctx, s, X, unit);

  // Items, lane by lane: fills are batched per kind; decorations of single bars come after.
  const pad = unit * LAYOUT.markerSize;
  const special = SPECIAL;
  for (let l = 0; l < d.lanes.length; l++) {
    const y = laneCenter(l);
    const one = (i: number) => {
      const kind = d.items.kind[i]!;
      const xs = X(d.items.start[i]!);
      if (isPointKind(kind)) {
        if (d.items.flags[i]! & ItemFlag.Approx) special.push(i, xs, 0);
        else BATCH.mark(kind, xs, y);
        return;
      }
      const xa = Math.max(-4, xs), xb = Math.min(w + 4, Math.max(X(d.items.end[i]!), xs + LAYOUT.groupMinWidth));
      BATCH.rect(kind, xa, xb, y + barDy(kind), barHeightOf(kind));
      if (d.items.flags[i]! & (ItemFlag.OpenEnd | ItemFlag.Flagged | ItemFlag.Approx) || xb - xa > 40) special.push(i, xa, xb);
    };
    forEachDrawn(d, s.index, l, s.from - pad, s.to + pad, unit, (first, count, x0, x1) => {
      // A few items in one pixel column (a marker on a bar's first pixel): draw each.
      if (count === 1) { one(first); return; }
      if (count <= DRAW_EACH_UP_TO && s.index.lanePoints[l]) { for (let i = first; i < first + count; i++) one(i); return; }
      // Many: one sliver for the bars, and the marker that matters most (violation, stall, ...).
      const g = groupSummary(d, s.index, l, first, count);
      if (g.bar >= 0) BATCH.rect(g.bar, Math.max(-4, X(x0)), Math.min(w + 4, Math.max(X(x1), X(x0) + LAYOUT.groupMinWidth)), y + barDy(g.bar), barHeightOf(g.bar));
      if (g.mark >= 0) BATCH.mark(d.items.kind[g.mark]!, X(d.items.start[g.mark]!), y);
    });
  }
  BATCH.flushRects(ctx, p);
  for (let k = 0; k < special.length; k += 3) decorate(ctx, s, special[k]!, special[k + 1]!, special[k + 2]!);
  special.length = 0;

  drawLinks(ctx, s, X);
  if (s.hovered >= 0 && s.hovered !== s.selected) outline(ctx, s, X, s.hovered, p.foreground, 1);
  if (s.selected >= 0) {
    outline(ctx, s, X, s.selected, p.selection, 2);
    // A selected grace period shows the readers it waited for; a selected reader, its grace periods.
    ctx.setLineDash([3, 2]);
    for (let k = 0; k < d.links.count; k++) {
      if (d.links.from[k] === s.selected) outline(ctx, s, X, d.links.to[k]!, p.selection, 1);
      else if (d.links.to[k] === s.selected) outline(ctx, s, X, d.links.from[k]!, p.selection, 1);
    }
    ctx.setLineDash([]);
  }
  // Markers last: a violation on a selected bar's first pixel stays in sight.
  BATCH.flushMarks(ctx, p);

  // Axis strip on top.
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, w, LAYOUT.axisHeight);
  ctx.fillStyle = p.grid;
  ctx.fillRect(0, LAYOUT.axisHeight - 1, w, 1);
  ctx.fillStyle = p.muted;
  ctx.textAlign = 'center';
  for (const v of ticks.values) {
    const x = Math.round(X(v));
    ctx.fillRect(x, LAYOUT.axisHeight - 6, 1, 5);
    ctx.fillText(tickLabel(d.axis, v, ticks.decimals), x, LAYOUT.axisHeight / 2 - 2);
  }
  ctx.textAlign = 'start';

  if (s.range) {
    const a = X(Math.min(...s.range)), b = X(Math.max(...s.range));
    ctx.globalAlpha = 0.2;
    ctx.fillStyle = p.selection;
    ctx.fillRect(a, 0, b - a, h);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = p.selection;
    ctx.lineWidth = 1;
    ctx.strokeRect(a + 0.5, 0.5, b - a - 1, h - 1);
  }
}

function drawOverlay(ctx: CanvasRenderingContext2D, s: Scene, X: (x: number) => number, unit: number): void {
  const o = s.overlay!;
  ctx.strokeStyle = s.palette.ghost;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  const bh = LAYOUT.barHeight + 6;
  for (let gl = 0; gl < o.data.lanes.length; gl++) {
    const l = o.laneOf[gl]!;
    if (l < 0) continue;
    const y = laneCenter(l);
    forEachDrawn(o.data, o.index, gl, s.from, s.to, unit, (first, _count, x0, x1) => {
      if (isPointKind(o.data.items.kind[first]!)) return;
      const xa = Math.max(-4, X(x0)), xb = Math.min(s.width + 4, Math.max(X(x1), xa + 1));
      ctx.strokeRect(xa + 0.5, y - bh / 2 + 0.5, xb - xa - 1, bh - 1);
    });
  }
  ctx.setLineDash([]);
}

/** Link kinds (timeline.ts LinkKind) and dots: the drawing groups of drawLinks. */
const LINK_GROUPS = 4;
/** A direct-mapped table of the links drawn this frame, by their pixels (drawLinks): keys and the frame that wrote them. */
const LINK_SLOTS = 1 << 13;
const linkKeyA = new Float64Array(LINK_SLOTS), linkKeyB = new Float64Array(LINK_SLOTS);
const linkStamp = new Uint32Array(LINK_SLOTS);
let linkFrame = 0;
/** Per link kind: segments (xa, ya, xb, yb) to stroke, the vertical ones to fill, the dots. Reused between frames. */
const LINK_SEGS: number[][] = Array.from({ length: LINK_GROUPS }, () => []);
const LINK_BARS: number[][] = Array.from({ length: LINK_GROUPS }, () => []);
const LINK_DOTS: number[][] = Array.from({ length: LINK_GROUPS }, () => []);
const LINK_CHUNK = 256;

/** Has this frame already drawn a shape with these pixel keys? Marks it drawn when not. A collision
 * only costs a shape drawn twice, never one left out. */
function seen(a: number, b: number): boolean {
  const h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((a / 4294967296) | 0, 0x85ebca6b) ^ Math.imul(b | 0, 0xc2b2ae35) ^ Math.imul((b / 4294967296) | 0, 0x27d4eb2f)) >>> 0;
  const slot = (h ^ (h >>> 15)) & (LINK_SLOTS - 1);
  if (linkStamp[slot] === linkFrame && linkKeyA[slot] === a && linkKeyB[slot] === b) return true;
  linkStamp[slot] = linkFrame; linkKeyA[slot] = a; linkKeyB[slot] = b;
  return false;
}

/**
 * Grace period → reader links: from the reader's end to the GP's end, which had to wait for it
 * (and from a kernel grace period's end to the scenario's that it completed). Level of detail:
 * links whose ends fall on the same pixels as one already drawn are drawn once, a link within
 * one pixel column is a filled sliver (no stroke), and the rest of a kind are stroked in a few
 * paths: tens of thousands of links (the kernel's, a trace repeated) cost about one shape per
 * pixel they cover, not one stroke each.
 */
function drawLinks(ctx: CanvasRenderingContext2D, s: Scene, X: (x: number) => number): void {
  const d = s.data, L = d.links;
  linkFrame = (linkFrame + 1) >>> 0 || 1;
  const hot: number[] = [];
  const clampX = (x: number) => Math.round(Math.max(-4096, Math.min(16384, x)));
  for (let k = 0; k < L.count; k++) {
    const g = L.from[k]!, r = L.to[k]!;
    const xa = X(d.items.end[r]!), xb = X(d.items.end[g]!);
    if (Math.max(xa, xb) < 0 || Math.min(xa, xb) > s.width) continue;
    if (g === s.selected || r === s.selected || g === s.hovered || r === s.hovered) { hot.push(k); continue; }
    const kind = L.kind[k]! % LINK_GROUPS;
    const ya = laneCenter(d.items.lane[r]!) + itemDy(d.items.kind[r]!), yb = laneCenter(d.items.lane[g]!) + itemDy(d.items.kind[g]!);
    // Keys: x pixel (shifted to be positive) × 2^22 + y pixel; kind in the low bits of the second.
    const pa = clampX(xa) + 4096, pb = clampX(xb) + 4096;
    if (!seen(pa * 4194304 + Math.round(ya), (pb * 4194304 + Math.round(yb)) * 8 + kind)) {
      if (Math.abs(xb - xa) < 1 && !linkDash(kind).length) LINK_BARS[kind]!.push(Math.round((xa + xb) / 2 - 0.6), Math.min(ya, yb), Math.abs(yb - ya));
      else LINK_SEGS[kind]!.push(xa, ya, xb, yb);
    }
    if (!seen(pb * 4194304 + Math.round(yb), 4 + kind)) LINK_DOTS[kind]!.push(xb, yb);
  }
  ctx.lineWidth = 1.2;
  for (let kind = 0; kind < LINK_GROUPS; kind++) {
    const segs = LINK_SEGS[kind]!, bars = LINK_BARS[kind]!, dots = LINK_DOTS[kind]!;
    if (!segs.length && !bars.length && !dots.length) continue;
    ctx.strokeStyle = ctx.fillStyle = linkColor(s.palette, kind);
    for (let i = 0; i < bars.length; i += 3) ctx.fillRect(bars[i]!, bars[i + 1]!, 1.2, bars[i + 2]!);
    ctx.setLineDash(linkDash(kind));
    for (let from = 0; from < segs.length; from += 4 * LINK_CHUNK) {
      ctx.beginPath();
      for (let i = from; i < Math.min(segs.length, from + 4 * LINK_CHUNK); i += 4) { ctx.moveTo(segs[i]!, segs[i + 1]!); ctx.lineTo(segs[i + 2]!, segs[i + 3]!); }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (let from = 0; from < dots.length; from += 2 * LINK_CHUNK) {
      ctx.beginPath();
      for (let i = from; i < Math.min(dots.length, from + 2 * LINK_CHUNK); i += 2) { ctx.moveTo(dots[i]! + 2.5, dots[i + 1]!); ctx.arc(dots[i]!, dots[i + 1]!, 2.5, 0, Math.PI * 2); }
      ctx.fill();
    }
    segs.length = 0; bars.length = 0; dots.length = 0;
  }
  // The selected or hovered item's links, on top, one by one.
  for (const k of hot) {
    const g = L.from[k]!, r = L.to[k]!;
    const xa = X(d.items.end[r]!), xb = X(d.items.end[g]!);
    const ya = laneCenter(d.items.lane[r]!) + itemDy(d.items.kind[r]!), yb = laneCenter(d.items.lane[g]!) + itemDy(d.items.kind[g]!);
    ctx.strokeStyle = ctx.fillStyle = s.palette.selection;
    ctx.lineWidth = 2;
    ctx.setLineDash(linkDash(L.kind[k]!));
    ctx.beginPath();
    ctx.moveTo(xa, ya);
    ctx.lineTo(xb, yb);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(xb, yb, 2.5, 0, Math.PI * 2);
    ctx.fill();
  }
}

function outline(ctx: CanvasRenderingContext2D, s: Scene, X: (x: number) => number, i: number, color: string, width: number): void {
  const d = s.data;
  if (i >= d.items.count) return;
  const kind = d.items.kind[i]!;
  const y = laneCenter(d.items.lane[i]!) + itemDy(kind);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  const x0 = X(d.items.start[i]!);
  if (isPointKind(kind)) {
    ctx.beginPath();
    ctx.arc(x0, y, LAYOUT.markerSize / 2 + 4, 0, Math.PI * 2);
    ctx.stroke();
    return;
  }
  const xa = Math.max(-4, x0), xb = Math.min(s.width + 4, Math.max(X(d.items.end[i]!), x0 + 1));
  const bh = barHeightOf(kind) + 6;
  ctx.strokeRect(xa - 2.5, y - bh / 2 - 0.5, xb - xa + 5, bh + 1);
}

function triangle(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r * 1.2, y);
  ctx.lineTo(x, y + r);
  ctx.closePath();
  ctx.fill();
}

const BATCH = new Batch();
/** Items needing more than a fill: triples of item, xa, xb (px). Reused between frames. */
const SPECIAL: number[] = [];

/** What a single item shows beyond its fill: open end, violation/approx outline, caption, dashed marker. */
function decorate(ctx: CanvasRenderingContext2D, s: Scene, i: number, xa: number, xb: number): void {
  const d = s.data, p = s.palette;
  const kind = d.items.kind[i]!, flags = d.items.flags[i]!;
  const y = laneCenter(d.items.lane[i]!) + itemDy(kind);
  if (isPointKind(kind)) {
    ctx.beginPath();
    markerPath(ctx, kind, xa, y);
    ctx.fillStyle = kindColor(p, kind);
    ctx.fill();
    ctx.strokeStyle = p.foreground;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 2]);
    ctx.stroke();
    ctx.setLineDash([]);
    return;
  }
  const bh = barHeightOf(kind);
  if (flags & ItemFlag.OpenEnd && xb < s.width) { ctx.fillStyle = kindColor(p, kind); triangle(ctx, xb, y, bh / 2); }
  if (flags & (ItemFlag.Flagged | ItemFlag.Approx)) {
    ctx.strokeStyle = flags & ItemFlag.Flagged ? p.violation : p.foreground;
    ctx.lineWidth = flags & ItemFlag.Flagged ? 2 : 1;
    ctx.setLineDash(flags & ItemFlag.Approx ? [3, 2] : []);
    ctx.strokeRect(xa + 0.5, y - bh / 2 + 0.5, xb - xa - 1, bh - 1);
    ctx.setLineDash([]);
  }
  const caption = bh >= LAYOUT.barHeight ? barCaption(d, i) : '';
  if (caption && xb - xa > caption.length * 6.5 + 10) {
    ctx.fillStyle = p.background;
    ctx.fillText(caption, Math.max(xa, 0) + 5, y + 0.5);
  }
}

/** Lane labels painted on the canvas: only for image exports (on screen they are DOM text). */
export function drawLabels(ctx: CanvasRenderingContext2D, d: TimelineData, p: Palette, font: string, width: number): void {
  ctx.textBaseline = 'middle';
  for (let l = 0; l < d.lanes.length; l++) {
    const y = laneCenter(l);
    ctx.fillStyle = p.foreground;
    ctx.font = `600 12px ${font}`;
    const name = d.lanes[l]!.name;
    ctx.fillText(name.length > 18 ? `${name.slice(0, 17)}…` : name, 8, y);
    ctx.fillStyle = p.muted;
    ctx.font = `10px ${font}`;
    ctx.textAlign = 'end';
    ctx.fillText(d.lanes[l]!.role, width - 8, y);
    ctx.textAlign = 'start';
  }
}

/**
 * A legend swatch, `w`×`h` CSS px: the shape and colour the plot draws the entry's items with
 * (bars at their height, markers by markerPath, links as a line ending in the grace period's dot).
 */
export function drawSwatch(ctx: CanvasRenderingContext2D, sw: LegendSwatch, p: Palette, w: number, h: number): void {
  ctx.clearRect(0, 0, w, h);
  const y = h / 2;
  if (sw.shape === 'bar') {
    const bh = Math.min(h - 2, barHeightOf(sw.kind));
    ctx.fillStyle = kindColor(p, sw.kind);
    ctx.fillRect(1, y - bh / 2, w - 2, bh);
    if (p.contrast && bh >= 3) { ctx.strokeStyle = p.contrast; ctx.lineWidth = 1; ctx.strokeRect(1.5, y - bh / 2 + 0.5, w - 3, bh - 1); }
    return;
  }
  if (sw.shape === 'mark') {
    ctx.beginPath();
    markerPath(ctx, sw.kind, w / 2, y);
    ctx.fillStyle = kindColor(p, sw.kind);
    ctx.fill();
    if (p.contrast) { ctx.strokeStyle = p.contrast; ctx.lineWidth = 1; ctx.stroke(); }
    if (hasGlyph(sw.kind)) {
      ctx.beginPath();
      glyphPath(ctx, sw.kind, w / 2, y);
      ctx.strokeStyle = p.background;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    return;
  }
  ctx.strokeStyle = ctx.fillStyle = linkColor(p, sw.kind);
  ctx.lineWidth = 1.2;
  ctx.setLineDash(linkDash(sw.kind));
  ctx.beginPath();
  ctx.moveTo(1, h - 3);
  ctx.lineTo(w - 4, 4);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.arc(w - 4, 4, 2.5, 0, Math.PI * 2);
  ctx.fill();
}
