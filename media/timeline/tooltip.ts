// The hover tooltip: DOM text only (textContent), positioned inside the plot.

import { bandLabel, formatX, isPointKind, ItemKind, itemName, type TimelineData } from '../../src/core/timeline/timeline';
import { el } from './dom';

export function showItemTooltip(tip: HTMLElement, d: TimelineData, i: number, px: number, py: number, bounds: DOMRect): void {
  const it = d.items;
  const lane = d.lanes[it.lane[i]!]?.name ?? '';
  const lines = it.line[i] === it.endLine[i] ? `line ${it.line[i]}` : `lines ${it.line[i]}–${it.endLine[i]}`;
  const when = isPointKind(it.kind[i]!) ? formatX(d.axis, it.start[i]!)
    : `${formatX(d.axis, it.start[i]!)} → ${formatX(d.axis, it.end[i]!)}${d.axis.mode === 'line' ? '' : ` (${(it.end[i]! - it.start[i]!).toFixed(3)} s)`}`;
  const rows: HTMLElement[] = [el('div', { class: 'tip-title' }, `${lane}: ${itemName(d, i)}`), el('div', {}, `${lines} · ${when}`)];
  const n = it.note[i]!;
  if (n >= 0 && it.kind[i] !== ItemKind.Spawn) rows.push(el('div', { class: 'tip-note' }, d.notes[n] ?? ''));
  rows.push(el('div', { class: 'tip-hint' }, 'Click: select the line in the editor · double-click: go there'));
  place(tip, rows, px, py, bounds);
}

export function showBandTooltip(tip: HTMLElement, d: TimelineData, b: number, px: number, py: number, bounds: DOMRect): void {
  place(tip, [el('div', { class: 'tip-title' }, bandLabel(d, b)), el('div', { class: 'tip-hint' }, 'Click: select the phase in the editor')], px, py, bounds);
}

export function hideTooltip(tip: HTMLElement): void {
  tip.hidden = true;
}

function place(tip: HTMLElement, rows: HTMLElement[], px: number, py: number, bounds: DOMRect): void {
  tip.replaceChildren(...rows);
  tip.hidden = false;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  const x = px + 14 + w > bounds.width ? Math.max(0, px - 14 - w) : px + 14;
  const y = py + 16 + h > bounds.height ? Math.max(0, py - 10 - h) : py + 16;
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}
