// Mouse, wheel, touchpad and keyboard on the plot.
//   drag: pan · Shift+drag or drag on the axis: zoom to the range · wheel: zoom at the pointer ·
//   Ctrl+wheel (touchpad pinch): zoom faster · horizontal wheel / Shift+wheel: pan ·
//   two fingers on a touch screen: pinch to zoom, move together to pan ·
//   click: select and reveal · double-click: reveal and focus the editor.
//   Keys: ←/→ previous/next item in the lane, ↑/↓ other lanes, Home/End, Enter/Space reveal
//   (Ctrl+Enter: and focus the editor), +/− zoom, 0 fit, Shift+←/→ pan, Esc clear.

import { hitItem, lowerBound, nearestByStart, upperBound } from '../../src/core/timeline/lod';
import { LAYOUT } from '../../src/core/timeline/style';
import type { TimelineApp } from './app';
import { hideTooltip, showBandTooltip, showItemTooltip } from './tooltip';

const TOP = LAYOUT.axisHeight + LAYOUT.phaseHeight;
const CLICK_SLOP = 4;   // px a press may move and still be a click
const PINCH_MIN = 24;   // px: fingers closer than this count as this far apart (no zoom blow-up)

type Hit = { item: number } | { band: number } | null;

export function attachInput(app: TimelineApp): void {
  const { plot, canvas, tooltip } = app.ui;
  let drag: { mode: 'pan' | 'range'; x0: number; from: number; to: number; moved: boolean; id: number } | null = null;
  // Touch points by pointer id; with two down, a pinch: the time under the fingers' midpoint at the
  // start stays under their midpoint, and the span scales with their horizontal distance.
  const touches = new Map<number, number>();
  let pinch: { from: number; to: number; mid: number; dist: number } | null = null;
  const fingers = () => {
    const [a = 0, b = 0] = touches.values();
    return { mid: (a + b) / 2, dist: Math.max(PINCH_MIN, Math.abs(a - b)) };
  };

  const local = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };
  const xAt = (px: number) => app.view.from + (px / Math.max(1, app.ui.canvas.clientWidth)) * app.view.span;
  const unit = () => app.view.span / Math.max(1, app.ui.canvas.clientWidth);

  const hit = (px: number, py: number): Hit => {
    const d = app.data, idx = app.index;
    if (!d || !idx) return null;
    const x = xAt(px);
    if (py >= TOP) {
      const lane = Math.floor((py - TOP) / LAYOUT.laneHeight);
      if (lane < d.lanes.length) {
        const dy = py - TOP - (lane + 0.5) * LAYOUT.laneHeight;
        const i = hitItem(d, idx, lane, x, unit() * (LAYOUT.markerSize / 2 + 2), undefined, dy);
        if (i >= 0) return { item: i };
      }
    }
    if (py >= LAYOUT.axisHeight && d.bands.count) {
      // The band under the pointer: the last one starting at or before x that still covers it.
      const b = upperBound(d.bands.start, x, 0, d.bands.count) - 1;
      if (b >= 0 && d.bands.end[b]! >= x) return { band: b };
    }
    return null;
  };

  const hover = (e: PointerEvent) => {
    const d = app.data;
    if (!d) return;
    const { px, py } = local(e);
    const h = hit(px, py);
    const item = h && 'item' in h ? h.item : -1;
    if (item !== app.hovered) { app.hovered = item; app.requestDraw(); }
    const bounds = plot.getBoundingClientRect();
    const ty = py + canvas.offsetTop;
    if (h && 'item' in h) showItemTooltip(tooltip, d, h.item, px, ty, bounds);
    else if (h && 'band' in h && py < TOP) showBandTooltip(tooltip, d, h.band, px, ty, bounds);
    else hideTooltip(tooltip);
    canvas.style.cursor = item >= 0 ? 'pointer' : py < LAYOUT.axisHeight ? 'col-resize' : 'grab';
  };

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || !app.data) return;
    const { px, py } = local(e);
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, px);
      if (touches.size === 2) {
        drag = null; // the first finger's pan (or tap) becomes a pinch
        pinch = { from: app.view.from, to: app.view.to, ...fingers() };
        canvas.setPointerCapture(e.pointerId);
        hideTooltip(tooltip);
        return;
      }
      if (touches.size > 2) return;
    }
    drag = { mode: e.shiftKey || py < LAYOUT.axisHeight ? 'range' : 'pan', x0: px, from: app.view.from, to: app.view.to, moved: false, id: e.pointerId };
    canvas.setPointerCapture(e.pointerId);
    plot.focus({ preventScroll: true });
  });

  canvas.addEventListener('pointermove', (e) => {
    if (pinch && touches.has(e.pointerId)) {
      touches.set(e.pointerId, local(e).px);
      const now = fingers(), w = Math.max(1, canvas.clientWidth);
      const span = (pinch.to - pinch.from) * (pinch.dist / now.dist);
      const at = pinch.from + (pinch.mid / w) * (pinch.to - pinch.from);
      const from = at - (now.mid / w) * span;
      app.view.set(from, from + span);
      app.viewChanged();
      return;
    }
    if (!drag) { hover(e); return; }
    const { px } = local(e);
    if (Math.abs(px - drag.x0) > CLICK_SLOP) drag.moved = true;
    if (!drag.moved) return;
    hideTooltip(tooltip);
    if (drag.mode === 'pan') {
      const dx = ((px - drag.x0) / Math.max(1, canvas.clientWidth)) * (drag.to - drag.from);
      app.view.set(drag.from - dx, drag.to - dx);
      canvas.style.cursor = 'grabbing';
      app.viewChanged();
    } else {
      const w = Math.max(1, canvas.clientWidth);
      const a = drag.from + (drag.x0 / w) * (drag.to - drag.from), b = drag.from + (px / w) * (drag.to - drag.from);
      app.range = [a, b];
      app.requestDraw();
    }
  });

  const end = (e: PointerEvent, cancelled: boolean) => {
    if (touches.delete(e.pointerId) && pinch) {
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      if (touches.size < 2) pinch = null;
      return;
    }
    if (!drag || e.pointerId !== drag.id) return;
    const d = drag;
    drag = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (cancelled) { app.range = null; app.requestDraw(); return; }
    if (!d.moved) {
      const { px, py } = local(e);
      const h = hit(px, py);
      if (h && 'item' in h) app.reveal(h.item);
      else if (h && 'band' in h && py < TOP && app.data) app.revealLines(app.data.bands.line[h.band]!, app.data.bands.endLine[h.band]!);
      return;
    }
    if (d.mode === 'range' && app.range) {
      const [a, b] = app.range;
      app.range = null;
      if (Math.abs(b - a) > 0) app.view.set(Math.min(a, b), Math.max(a, b));
      app.viewChanged();
    }
    canvas.style.cursor = 'grab';
  };
  canvas.addEventListener('pointerup', (e) => end(e, false));
  canvas.addEventListener('pointercancel', (e) => end(e, true));
  canvas.addEventListener('pointerleave', () => { if (!drag) { hideTooltip(tooltip); if (app.hovered >= 0) { app.hovered = -1; app.requestDraw(); } } });

  canvas.addEventListener('dblclick', (e) => {
    const { px, py } = local(e);
    const h = hit(px, py);
    if (h && 'item' in h) app.reveal(h.item, true);
  });

  canvas.addEventListener('wheel', (e) => {
    if (!app.data) return;
    e.preventDefault();
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const dx = e.deltaX * scale, dy = e.deltaY * scale;
    if (!e.ctrlKey && (Math.abs(dx) > Math.abs(dy) || e.shiftKey)) {
      app.view.pan(((e.shiftKey && !dx ? dy : dx) / Math.max(1, canvas.clientWidth)) * app.view.span);
    } else {
      const { px } = local(e);
      app.view.zoom(Math.exp(Math.max(-2, Math.min(2, dy * (e.ctrlKey ? 0.01 : 0.002)))), xAt(px));
    }
    hideTooltip(tooltip);
    app.viewChanged();
  }, { passive: false });

  plot.addEventListener('keydown', (e) => {
    if (e.target !== plot || !app.data) return;
    if (onKey(app, e)) { e.preventDefault(); e.stopPropagation(); hideTooltip(tooltip); }
  });

  // A screen reader may "click" an option of the hidden list.
  app.ui.list.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('[data-item]');
    if (li) app.reveal(Number(li.getAttribute('data-item')));
  });
}

/** Keyboard handling; true when the key was used. */
function onKey(app: TimelineApp, e: KeyboardEvent): boolean {
  const d = app.data!;
  const v = app.view;
  const sel = app.selected;
  const center = sel >= 0 ? (d.items.start[sel]! + d.items.end[sel]!) / 2 : (v.from + v.to) / 2;
  const laneOf = (i: number) => d.items.lane[i]!;
  const laneRange = (l: number): [number, number] => [d.laneOffsets[l]!, d.laneOffsets[l + 1]!];
  const firstInView = () => {
    for (let l = 0; l < d.lanes.length; l++) {
      const [a, b] = laneRange(l);
      const k = lowerBound(d.items.start, v.from, a, b);
      if (k < b && d.items.start[k]! <= v.to) return k;
    }
    return d.items.count ? 0 : -1;
  };
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowLeft': {
      const dir = e.key === 'ArrowRight' ? 1 : -1;
      if (e.shiftKey) { v.pan(dir * v.span * 0.1); app.viewChanged(); return true; }
      if (sel < 0) { app.select(firstInView(), true); return true; }
      const [a, b] = laneRange(laneOf(sel));
      const next = sel + dir;
      if (next >= a && next < b) app.select(next, true);
      return true;
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      if (sel < 0) { app.select(firstInView(), true); return true; }
      const dir = e.key === 'ArrowDown' ? 1 : -1;
      for (let l = laneOf(sel) + dir; l >= 0 && l < d.lanes.length; l += dir) {
        const k = nearestByStart(d, l, center);
        if (k >= 0) { app.select(k, true); break; }
      }
      return true;
    }
    case 'Home':
    case 'End': {
      const l = sel >= 0 ? laneOf(sel) : 0;
      const [a, b] = laneRange(l);
      if (b > a) app.select(e.key === 'Home' ? a : b - 1, true);
      return true;
    }
    case 'Enter':
    case ' ':
      if (sel >= 0) app.reveal(sel, e.ctrlKey || e.metaKey);
      return true;
    case '+':
    case '=':
      v.zoom(1 / 1.5, center); app.viewChanged(); return true;
    case '-':
    case '_':
      v.zoom(1.5, center); app.viewChanged(); return true;
    case '0':
      v.fit(); app.viewChanged(); return true;
    case 'Escape':
      if (app.range) { app.range = null; app.requestDraw(); return true; }
      return false;
    default:
      return false;
  }
}
