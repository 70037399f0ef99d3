// Level of detail for drawing a timeline at any zoom in time proportional to pixels, not items.
//
// Within a lane, items are sorted by start (timeline.ts). `endMax[i]` is the largest end among the
// lane's items up to i, so it never decreases: a binary search on it finds the first item that can
// still be visible at the left edge, and one on `start` the last at the right edge. Between them,
// items whose starts fall in the same pixel column are reported once, as a group, after a binary
// search to the next column: a lane of a million tiny items costs about one step per pixel.
// A group is drawn in one colour (its first item's), so it must stay inside its column: an item
// that reaches past the column (and past every item before it) is reported on its own, found by a
// binary search on `endMax` too. Otherwise a 29 µs grace-period band would paint the 60 s band
// after it in the grace period's colour.
// Shared by the webview's canvas and the SVG export, so both show the same picture.

import { isPointKind, ItemKind, type TimelineData } from './timeline';
import { barHeightOf, itemDy, LAYOUT } from './style';

export interface TimelineIndex {
  /** Per item: max(end) over the lane's items from its first to this one. */
  endMax: Float64Array;
  /** The same for phase bands (sorted by start, all in one sequence). */
  bandEndMax: Float64Array;
  /** Per lane: 1 when it holds any marker (point item), so bar-only lanes skip looking for one. */
  lanePoints: Uint8Array;
  /** Per lane: 1 when it holds only callbacks (ItemKind.Callback): see walkFlows. */
  laneFlows?: Uint8Array;
}

/** 1 for the item kinds drawn as markers (isPointKind), by kind: a table for buildIndex's loop. */
const POINT = Uint8Array.from({ length: 256 }, (_, k) => (isPointKind(k) ? 1 : 0));

/** One pass over the items (a million of them are indexed before the first frame). */
export function buildIndex(d: TimelineData): TimelineIndex {
  const { start, end, kind } = d.items;
  const endMax = new Float64Array(d.items.count);
  const lanePoints = new Uint8Array(d.lanes.length);
  const laneFlows = new Uint8Array(d.lanes.length);
  for (let l = 0; l < d.lanes.length; l++) {
    const a = d.laneOffsets[l]!, b = d.laneOffsets[l + 1]!;
    let m = -Infinity, points = 0, flows = b > a ? 1 : 0;
    for (let i = a; i < b; i++) {
      const s = start[i]!, e = end[i]!, k = kind[i]!;
      if (e > m) m = e;
      if (s > m) m = s;
      endMax[i] = m;
      points |= POINT[k]!;
      if (k !== ItemKind.Callback) flows = 0;
    }
    lanePoints[l] = points;
    laneFlows[l] = flows;
  }
  const bandEndMax = new Float64Array(d.bands.count);
  let m = -Infinity;
  for (let b = 0; b < d.bands.count; b++) { m = Math.max(m, d.bands.end[b]!); bandEndMax[b] = m; }
  return { endMax, bandEndMax, lanePoints, laneFlows };
}

/** First index in [lo, hi) whose value is >= x (hi when none). */
export function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose value is > x (hi when none). */
export function upperBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** [lo, hi): the lane's items that may intersect [from, to]. */
export function visibleRange(d: TimelineData, idx: TimelineIndex, lane: number, from: number, to: number): [number, number] {
  const a = d.laneOffsets[lane]!, b = d.laneOffsets[lane + 1]!;
  const lo = lowerBound(idx.endMax, from, a, b);
  const hi = upperBound(d.items.start, to, lo, b);
  return [lo, hi];
}

/**
 * Calls `draw(first, count, x0, x1)` for what to draw of a lane in [from, to] at `unit` x-units per
 * pixel: count 1 is the item `first` itself (x0..x1 its start and end); count > 1 is a group of
 * `count` items (from `first` on) that start in one pixel column and end by the end of that column
 * or under an item already reported; it spans x0..x1 with x1 at most the column's end. Items
 * starting left of the view group in a column ending at `from`. Every item is in exactly one call.
 */
export function forEachDrawn(
  d: TimelineData, idx: TimelineIndex, lane: number, from: number, to: number, unit: number,
  draw: (first: number, count: number, x0: number, x1: number) => void,
): void {
  const [lo, hi] = visibleRange(d, idx, lane, from, to);
  if (idx.laneFlows?.[lane]) { walkFlows(d.items.start, d.items.end, idx.endMax, lo, hi, from, unit, draw); return; }
  walkColumns(d.items.start, d.items.end, idx.endMax, d.laneOffsets[lane]!, lo, hi, from, unit, draw);
}

/** forEachDrawn for the phase bands: the canvas and the SVG export both draw them with it. */
export function forEachBand(
  d: TimelineData, idx: TimelineIndex, from: number, to: number, unit: number,
  draw: (first: number, count: number, x0: number, x1: number) => void,
): void {
  const lo = lowerBound(idx.bandEndMax, from, 0, d.bands.count);
  const hi = upperBound(d.bands.start, to, lo, d.bands.count);
  walkColumns(d.bands.start, d.bands.end, idx.bandEndMax, 0, lo, hi, from, unit, draw);
}

/** The end of the pixel column (width u from `from`) that time s falls in; before `from`: `from`. */
function columnEnd(s: number, from: number, u: number): number {
  return s < from ? from : from + (Math.floor((s - from) / u) + 1) * u;
}

/** The first item after i (items sorted by start, up to hi) that starts at or past colEnd. */
function firstPast(start: Float64Array, colEnd: number, i: number, hi: number): number {
  const j = i + 1;
  return j < hi && start[j]! < colEnd ? lowerBound(start, colEnd, j, hi) : j;
}

/**
 * A lane of callbacks (queue → invoke spans, thousands overlapping, each ending a little later than
 * the one before): walkColumns would report nearly each on its own, as each reaches past every
 * earlier one. All bars of such a lane are the same kind on the same row, so the items starting in
 * one pixel column are one group spanning to the furthest end so far (endMax): whatever of that
 * span the group does not cover, an earlier item of the lane (starting further left) does. One
 * call per pixel column at most, and the pixels are those of drawing each bar.
 */
function walkFlows(
  start: Float64Array, end: Float64Array, endMax: Float64Array, lo: number, hi: number, from: number, unit: number,
  draw: (first: number, count: number, x0: number, x1: number) => void,
): void {
  const u = unit > 0 ? unit : 1;
  let i = lo;
  while (i < hi) {
    const s = start[i]!;
    const colEnd = columnEnd(s, from, u);
    const j = firstPast(start, colEnd, i, hi);
    if (j - i === 1) draw(i, 1, s, end[i]!);
    else draw(i, j - i, s, endMax[j - 1]!);
    i = j;
  }
}

/** `base`: the sequence's first index (endMax[base - 1] belongs to another lane). */
function walkColumns(
  start: Float64Array, end: Float64Array, endMax: Float64Array, base: number, lo: number, hi: number, from: number, unit: number,
  draw: (first: number, count: number, x0: number, x1: number) => void,
): void {
  const u = unit > 0 ? unit : 1;
  let i = lo;
  while (i < hi) {
    const s = start[i]!;
    const colEnd = columnEnd(s, from, u);
    const j = firstPast(start, colEnd, i, hi);
    // Items ending by `reach` are inside the column or under a bar already drawn; the first one
    // reaching further is wide and visible beyond this column: it closes the group and is drawn alone.
    // (Every item before i ends by endMax[i - 1] <= reach, so endMax first exceeds reach at that item.)
    const reach = i > base ? Math.max(colEnd, endMax[i - 1]!) : colEnd;
    const k = upperBound(endMax, reach, i, j);
    if (k === i) { draw(i, 1, s, end[i]!); i++; continue; }
    if (k - i === 1) draw(i, 1, s, end[i]!);
    else draw(i, k - i, s, Math.min(endMax[k - 1]!, colEnd));
    i = k;
  }
}

/**
 * The lane's item nearest to x within `tol` x-units: one that contains x, the narrowest first
 * (so a marker on a bar wins), else the closest. -1 when none. Looks at most `cap` items back.
 * `dy` (px from the lane's centre, optional): items drawn at that height come first, so a
 * preempted-reader strip under a reader's bar (style.ts barDy) does not take the bar's hover.
 */
export function hitItem(d: TimelineData, idx: TimelineIndex, lane: number, x: number, tol: number, cap = 4096, dy?: number): number {
  const { start, end } = d.items;
  const a = d.laneOffsets[lane]!;
  let best = -1, bestMiss = 2, bestDist = Infinity, bestWidth = Infinity;
  let k = upperBound(start, x + tol, a, d.laneOffsets[lane + 1]!) - 1;
  for (let n = 0; k >= a && n < cap && idx.endMax[k]! >= x - tol; k--, n++) {
    const s = start[k]!, e = end[k]!;
    const dist = x < s ? s - x : x > e ? x - e : 0;
    if (dist > tol) continue;
    const width = e - s;
    const miss = dy === undefined ? 0 : rowMiss(d.items.kind[k]!, dy);
    if (miss < bestMiss || (miss === bestMiss && (dist < bestDist || (dist === bestDist && width < bestWidth)))) {
      best = k; bestMiss = miss; bestDist = dist; bestWidth = width;
    }
  }
  return best;
}

/** 0 when an item of this kind is drawn at `dy` px from its lane's centre (2 px of slack), else 1. */
function rowMiss(kind: number, dy: number): number {
  const half = (isPointKind(kind) ? LAYOUT.markerSize : barHeightOf(kind)) / 2 + 2;
  return Math.abs(dy - itemDy(kind)) <= half ? 0 : 1;
}

/** The lane's item whose start is nearest to x; -1 for an empty lane. */
export function nearestByStart(d: TimelineData, lane: number, x: number): number {
  const a = d.laneOffsets[lane]!, b = d.laneOffsets[lane + 1]!;
  if (a === b) return -1;
  const k = lowerBound(d.items.start, x, a, b);
  if (k === b) return b - 1;
  if (k === a) return a;
  return x - d.items.start[k - 1]! <= d.items.start[k]! - x ? k - 1 : k;
}

const RANK: Record<number, number> = { [ItemKind.Violation]: 4, [ItemKind.Stall]: 3, [ItemKind.Init]: 2, [ItemKind.Spawn]: 1 };

/** In lanes with markers, groups this small are drawn one by one (a marker on a bar's first pixel stays visible). */
export const DRAW_EACH_UP_TO = 8;

/**
 * What a group of many items shows: the kind of its first bar (-1: none) and its most important
 * marker (violation > stall > init > start; -1: none). Looks at 64 items at most, so the cost
 * stays per pixel; a rarer marker deeper in a dense group shows when zoomed in. Lanes without
 * markers answer at once.
 */
export function groupSummary(d: TimelineData, idx: TimelineIndex, lane: number, first: number, count: number): { bar: number; mark: number } {
  if (!idx.lanePoints[lane]) return { bar: d.items.kind[first]!, mark: -1 };
  let bar = -1, mark = -1;
  for (let i = first; i < first + Math.min(count, 64); i++) {
    const k = d.items.kind[i]!;
    if (!isPointKind(k)) { if (bar < 0) bar = k; }
    else if (mark < 0 || RANK[k]! > RANK[d.items.kind[mark]!]!) mark = i;
  }
  return { bar, mark };
}
