// The webview's static DOM: toolbar, lane labels, plot (canvas + the screen-reader list), legend.
// Built with createElement only; log text enters the DOM as textContent (dom.ts).

import type { Lane, RunChoice, TimelineWords } from '../../src/core/timeline/timeline';
import { LAYOUT, type Palette } from '../../src/core/timeline/style';
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
  /** Legend swatches and entries by palette key (the kernel GP entry shows only when there are kernel GPs). */
  swatches: Record<LegendKey, HTMLElement>;
  legendItems: Record<LegendKey, HTMLElement>;
  legendTexts: Record<LegendKey, HTMLElement>;
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

  const overlayNote = el('span', { class: 'overlay-note', hidden: true });
  const legend = el('div', { class: 'legend', 'aria-label': 'Legend' });
  const swatches = {} as Record<LegendKey, HTMLElement>;
  const legendItems = {} as Record<LegendKey, HTMLElement>;
  const legendTexts = {} as Record<LegendKey, HTMLElement>;
  for (const [key, text] of LEGEND) {
    const item = el('span', { class: 'legend-item' });
    swatches[key] = el('span', { class: `swatch swatch-${key}`, 'aria-hidden': 'true' });
    legendTexts[key] = el('span', {}, text);
    item.append(swatches[key], legendTexts[key]);
    legendItems[key] = item;
    legend.append(item);
  }
  legendItems.kernelGp.hidden = true;
  legend.append(overlayNote);
  const empty = el('div', { class: 'empty', hidden: true }, 'No RCU scenario lines, stall warnings or RCU trace events found in this selection.');
  root.append(toolbar, scroller, empty, legend);
  parent.append(root);
  return { root, runSelect, zoomIn, zoomOut, fit, exportSvg, exportPng, status, scroller, labels, plot, canvas, list, listNote, tooltip, empty, overlayNote, swatches, legendItems, legendTexts };
}

/** The legend's entries: palette colour and text (the texts of readers, grace periods and work are
 * the selection's words: renderLegend). */
const LEGEND = [
  ['quick', 'reader'], ['careful', 'reader'], ['unknown', 'path unknown'], ['gp', 'grace period'],
  ['work', 'labelled work'], ['kernelGp', 'kernel grace period'], ['stall', 'stall'], ['violation', 'violation'],
] as const satisfies readonly (readonly [keyof Palette, string])[];
type LegendKey = (typeof LEGEND)[number][0];

/** The legend in the selection's words; entries the pattern has no word for are hidden. */
export function renderLegend(ui: Ui, w: TimelineWords): void {
  const set = (key: 'quick' | 'careful' | 'unknown' | 'gp' | 'work', text: string | null) => {
    ui.legendItems[key].hidden = text === null;
    ui.legendTexts[key].textContent = text ?? '';
  };
  set('quick', w.legend.quick);
  set('careful', w.legend.careful);
  set('unknown', w.legend.unknown);
  set('gp', w.legend.gp);
  set('work', w.legend.work);
}

/** Colours the legend's swatches from the palette the canvas paints with, so the two always agree. */
export function paintLegend(ui: Ui, p: Palette): void {
  for (const [key] of LEGEND) ui.swatches[key].style.background = p[key];
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
