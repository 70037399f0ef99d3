// Images of the current view: SVG from the core (same function the HTML report uses) and PNG by
// painting the same scene, with lane labels, on an offscreen canvas.

import { timelineSvg } from '../../src/core/timeline/svg';
import { LAYOUT, plotHeight } from '../../src/core/timeline/style';
import { drawLabels, drawScene, type Scene } from './renderer';

export function exportSvg(s: Scene, title: string): string {
  return timelineSvg(s.data, {
    width: LAYOUT.labelWidth + s.width + 12, from: s.from, to: s.to, palette: s.palette, title,
    overlay: s.overlay?.data ?? null, index: s.index,
  });
}

export function exportPng(s: Scene, scale = 2): string {
  const w = LAYOUT.labelWidth + s.width, h = plotHeight(s.data.lanes.length);
  const c = document.createElement('canvas');
  c.width = Math.round(w * scale);
  c.height = Math.round(h * scale);
  const ctx = c.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = s.palette.background;
  ctx.fillRect(0, 0, w, h);
  drawLabels(ctx, s.data, s.palette, s.font, LAYOUT.labelWidth);
  ctx.translate(LAYOUT.labelWidth, 0);
  drawScene(ctx, { ...s, height: h, selected: -1, hovered: -1, range: null });
  return c.toDataURL('image/png');
}
