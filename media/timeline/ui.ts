// The webview's static DOM: toolbar, lane labels, plot (canvas + the screen-reader list), legend.
// Built with createElement only; log text enters the DOM as textContent (dom.ts).

import type { Lane, RunChoice } from '../../src/core/timeline/timeline';
import { LAYOUT, type Palette } from '../../src/core/timeline/style';
import type { LegendEntry } from '../../src/core/timeline/legend';
import { drawSwatch } from './renderer';
import { el, iconButton } from './dom';

export interface Ui {
  root: HTMLElement;
  runSelect: HTMLSelectElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  fit: HTMLButtonElement;
  exportSvg: HTMLButtonElement;
  exportPng: HTMLButtonElement;
  status: HTMLElement;
  scroller: HTMLElement;
  labels: HTMLElement;
  plot: HTMLElement;
  canvas: HTMLCanvasElement;
  list: HTMLElement;
  listNote: HTMLElement;
  tooltip: HTMLElement;
  empty: HTMLElement;
  overlayNote: HTMLElement;
  /** The legend: its entries (renderLegend) and the overlay's note after them. */
  legend: HTMLElement;
  /** The entries shown, each with its swatch (a small canvas painted like the plot: paintLegend). */
  legendShown: { entry: LegendEntry; swatch: HTMLCanvasElement }[];
}

export function buildUi(parent: HTMLElement): Ui {
  const root = el('div', { class: 'timeline' });
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline tools' });
  const runLabel = el('label', { class: 'run-label', for: 'tl-run' }, 'Run');
  const runSelect = el('select', { id: 'tl-run', class: 'run-select' });
  const zoomIn = iconButton('zoom-in', 'Zoom in', '+');
  const zoomOut = iconButton('zoom-out', 'Zoom out', '-');
  const fit = iconButton('screen-full', 'Fit all', '0');
  const exportSvg = iconButton('file-code', 'Export as SVG');
  const exportPng = iconButton('file-media', 'Export as PNG');
  const status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  toolbar.append(runLabel, runSelect, el('span', { class: 'sep' }), zoomIn, zoomOut, fit, el('span', { class: 'sep' }), exportSvg, exportPng, status);

  const scroller = el('div', { class: 'scroller' });
  const labels = el('div', { class: 'labels', role: 'list', 'aria-label': 'Lanes, one per task' });
  const plot = el('div', {
    class: 'plot', tabindex: 0, role: 'listbox', 'aria-label': 'Timeline items',
    'aria-describedby': 'tl-keys tl-list-note',
  });
  const canvas = el('canvas', { 'aria-hidden': 'true' });
  const list = el('ul', { class: 'visually-hidden', role: 'none' });
  const listNote = el('span', { id: 'tl-list-note', class: 'visually-hidden' });
  const keys = el('span', { id: 'tl-keys', class: 'visually-hidden' },
    'Left and Right arrows: previous and next item in the lane; Up and Down: other lanes; Enter: show the line in the editor; ' +
    'plus and minus: zoom; 0: fit; Shift with Left or Right: pan.');
  const tooltip = el('div', { class: 'tooltip', role: 'tooltip', id: 'tl-tooltip', hidden: true });
  plot.append(canvas, list, listNote, keys, tooltip);
  scroller.append(labels, plot);

  const overlayNote = el('span', { class: 'overlay-note', role: 'listitem', hidden: true });
  // A list, so a screen reader says how many entries there are; each entry's text names it (the
  // swatch repeats the plot's shape and colour and is hidden from screen readers).
  const legend = el('div', { class: 'legend', role: 'list', 'aria-label': 'Legend' });
  legend.append(overlayNote);
  const empty = el('div', { class: 'empty', hidden: true }, 'No RCU scenario lines, stall warnings or RCU trace events found in this selection.');
  root.append(toolbar, scroller, empty, legend);
  parent.append(root);
  return { root, runSelect, zoomIn, zoomOut, fit, exportSvg, exportPng, status, scroller, labels, plot, canvas, list, listNote, tooltip, empty, overlayNote, legend, legendShown: [] };
}

/** Swatch size in CSS pixels: room for a bar, the largest marker and a link. */
const SWATCH = { w: 18, h: 14 } as const;

/** The legend for these entries (legendEntries: the selection's words, the kinds the data has). */
export function renderLegend(ui: Ui, entries: LegendEntry[], p: Palette): void {
  const same = entries.length === ui.legendShown.length && entries.every((e, i) => e.key === ui.legendShown[i]!.entry.key && e.text === ui.legendShown[i]!.entry.text);
  if (same) return;
  ui.legendShown = entries.map((entry) => ({ entry, swatch: el('canvas', { class: `swatch swatch-${entry.key}`, 'data-shape': entry.swatch.shape, 'aria-hidden': 'true' }) }));
  const items = ui.legendShown.map(({ entry, swatch }) => {
    const item = el('span', { class: 'legend-item', role: 'listitem', 'data-key': entry.key });
    item.append(swatch, el('span', {}, entry.text));
    return item;
  });
  ui.legend.replaceChildren(...items, ui.overlayNote);
  paintLegend(ui, p);
}

/** Paints the legend's swatches with the palette and shapes the canvas draws with, so the two always agree. */
export function paintLegend(ui: Ui, p: Palette): void {
  const dpr = window.devicePixelRatio || 1;
  for (const { entry, swatch } of ui.legendShown) {
    swatch.style.width = `${SWATCH.w}px`;
    swatch.style.height = `${SWATCH.h}px`;
    swatch.width = Math.round(SWATCH.w * dpr);
    swatch.height = Math.round(SWATCH.h * dpr);
    const ctx = swatch.getContext('2d');
    if (!ctx) continue;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawSwatch(ctx, entry.swatch, p, SWATCH.w, SWATCH.h);
  }
}

export function renderRuns(select: HTMLSelectElement, runs: RunChoice[], selected: string): void {
  select.replaceChildren(...runs.map((r) => el('option', { value: r.key, selected: r.key === selected }, r.label)));
  select.value = selected;
  select.disabled = runs.length < 2;
}

export function renderLanes(labels: HTMLElement, lanes: Lane[], axisText: string): void {
  const header = el('div', { class: 'lane-header', 'aria-hidden': 'true' });
  const axis = el('div', { class: 'axis-title' }, axisText);
  axis.style.height = `${LAYOUT.axisHeight}px`;
  const phase = el('div', { class: 'phase-title' }, 'phase');
  phase.style.height = `${LAYOUT.phaseHeight}px`;
  header.append(axis, phase);
  const rows = lanes.map((l, i) => {
    const row = el('div', { class: `lane-label role-${l.role}`, role: 'listitem', 'data-lane': i, title: l.name });
    row.style.height = `${LAYOUT.laneHeight}px`;
    row.append(el('span', { class: 'lane-name' }, l.name), el('span', { class: 'lane-role' }, l.role));
    return row;
  });
  labels.replaceChildren(header, ...rows);
}
