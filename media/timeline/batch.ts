// Draw batching for the canvas: shapes are collected per item kind and drawn kind by kind, so
// the fill colour is parsed once per kind, not once per shape. Touching rectangles of the same
// kind on the same row merge into one. Buffers are reused between frames: no garbage.
// (Writing 1 px slivers into an ImageData instead was measured slower: putImageData and
// drawImage cost more than the path, in software raster.)

import { ITEM_KIND_COUNT, ItemKind } from '../../src/core/timeline/timeline';
import { kindColor, LAYOUT, markerDy, type Palette } from '../../src/core/timeline/style';

const CHUNK = 64;

export class Batch {
  private readonly rects: number[][] = Array.from({ length: ITEM_KIND_COUNT }, () => []);
  private readonly marks: number[][] = Array.from({ length: ITEM_KIND_COUNT }, () => []);
  /** A bar from x0 to x1 (px) centred on row y. */
  rect(kind: number, x0: number, x1: number, y: number, h: number): void {
    const r = this.rects[kind]!;
    const n = r.length;
    // x, y, width, height; merge with the previous rectangle when it touches on the same row.
    if (n && r[n - 3] === y - h / 2 && r[n - 4]! + r[n - 2]! >= x0 - 0.5) {
      r[n - 2] = Math.max(r[n - 2]!, x1 - r[n - 4]!);
      return;
    }
    r.push(x0, y - h / 2, x1 - x0, h);
  }

  /** A marker (spawn, init, stall, violation) at (x, y). */
  mark(kind: number, x: number, y: number): void {
    this.marks[kind]!.push(x, y + markerDy(kind));
  }

  /** Fills the bars collected since the last call. */
  flushRects(ctx: CanvasRenderingContext2D, p: Palette): void {
    for (let k = 0; k < ITEM_KIND_COUNT; k++) {
      const r = this.rects[k]!;
      if (r.length) {
        // fillRect per rectangle, one colour change per kind: one path of thousands of
        // overlapping rectangles was measured far slower (the rasteriser sorts every edge).
        ctx.fillStyle = kindColor(p, k);
        for (let i = 0; i < r.length; i += 4) ctx.fillRect(r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!);
        if (p.contrast) {
          ctx.strokeStyle = p.contrast;
          ctx.lineWidth = 1;
          for (let i = 0; i < r.length; i += 4) if (r[i + 2]! >= 3) ctx.strokeRect(r[i]! + 0.5, r[i + 1]! + 0.5, r[i + 2]! - 1, r[i + 3]! - 1);
        }
        r.length = 0;
      }
    }
  }

  /** Fills the markers collected since the last call (drawn last: on top of bars and captions). */
  flushMarks(ctx: CanvasRenderingContext2D, p: Palette): void {
    for (let k = 0; k < ITEM_KIND_COUNT; k++) {
      const m = this.marks[k]!;
      if (!m.length) continue;
      // Paths of at most CHUNK markers: small paths rasterise fast, and the colour is set per chunk.
      for (let from = 0; from < m.length; from += 2 * CHUNK) {
        const to = Math.min(m.length, from + 2 * CHUNK);
        ctx.beginPath();
        for (let i = from; i < to; i += 2) markerPath(ctx, k, m[i]!, m[i + 1]!);
        ctx.fillStyle = kindColor(p, k);
        ctx.fill();
        if (p.contrast) { ctx.strokeStyle = p.contrast; ctx.lineWidth = 1; ctx.stroke(); }
        if (hasGlyph(k)) {
          // A glyph inside, so the two reds differ by shape, not colour alone.
          ctx.beginPath();
          for (let i = from; i < to; i += 2) glyphPath(ctx, k, m[i]!, m[i + 1]!);
          ctx.strokeStyle = p.background;
          ctx.lineWidth = 2;
          ctx.stroke();
        }
      }
      m.length = 0;
    }
  }
}

/** Markers with a glyph inside (glyphPath), stroked in the background colour. */
export function hasGlyph(kind: number): boolean {
  return kind === ItemKind.Violation || kind === ItemKind.Stall;
}

export function markerPath(ctx: CanvasRenderingContext2D, kind: number, x: number, y: number): void {
  const r = LAYOUT.markerSize / 2;
  if (kind === ItemKind.Spawn) {
    ctx.moveTo(x - r * 0.6, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x - r * 0.6, y + r); ctx.closePath();
  } else if (kind === ItemKind.Init) {
    ctx.moveTo(x + r * 0.8, y); ctx.arc(x, y, r * 0.8, 0, Math.PI * 2); ctx.closePath();
  } else if (kind === ItemKind.KernelQs) {
    // A quiescent state: a small tick.
    ctx.rect(x - 1.5, y - r, 3, 2 * r);
  } else if (kind === ItemKind.KernelQsLast) {
    // The report that completed a grace period: an upward triangle.
    ctx.moveTo(x, y - r - 1); ctx.lineTo(x + r + 1, y + r); ctx.lineTo(x - r - 1, y + r); ctx.closePath();
  } else if (kind === ItemKind.KernelUnlock) {
    // rcu_read_unlock() of a preempted reader: a small square at the span's end.
    ctx.rect(x - r * 0.7, y - r * 0.7, r * 1.4, r * 1.4);
  } else if (kind === ItemKind.Stall) {
    ctx.moveTo(x, y - r - 1); ctx.lineTo(x + r + 1, y); ctx.lineTo(x, y + r + 1); ctx.lineTo(x - r - 1, y); ctx.closePath();
  } else {
    ctx.moveTo(x + r + 2, y); ctx.arc(x, y, r + 2, 0, Math.PI * 2); ctx.closePath();
  }
}

/** The glyph inside a violation's and a stall's marker, so the two reds differ by shape. */
export function glyphPath(ctx: CanvasRenderingContext2D, kind: number, x: number, y: number): void {
  if (kind === ItemKind.Violation) { ctx.moveTo(x - 3, y - 3); ctx.lineTo(x + 3, y + 3); ctx.moveTo(x + 3, y - 3); ctx.lineTo(x - 3, y + 3); }
  else { ctx.moveTo(x, y - 3); ctx.lineTo(x, y + 1); ctx.moveTo(x, y + 2.5); ctx.lineTo(x, y + 4); }
}

