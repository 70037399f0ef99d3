// The timeline view: holds what is shown (data, view range, selection), answers the host's
// messages, and paints on the next animation frame whenever something changed.

import { findItemAtLine, formatX, axisTitle, type TimelineData } from '../../src/core/timeline/timeline';
import { legendEntries } from '../../src/core/timeline/legend';
import { buildIndex, type TimelineIndex } from '../../src/core/timeline/lod';
import { LAYOUT, plotHeight, type Palette } from '../../src/core/timeline/style';
import type {
  ExportFormat, ExportResultMessage, FromWebviewMessage, InitMessage, OverlayMessage, ThemeKind, TimelineWebviewState, ToWebviewMessage,
  UpdateMessage,
} from '../../src/shared/protocol';
import { setActive, syncList } from './a11y';
import { exportPng, exportSvg } from './exporter';
import { fontFamily, readPalette } from './palette';
import { drawScene, type Overlay, type Scene } from './renderer';
import { paintLegend, renderLanes, renderLegend, renderRuns, type Ui } from './ui';
import { Viewport } from './viewport';
import { renderTorture } from './torture';
import { el } from './dom';

/** Draw timings, read by the benchmark (test/webview/bench.ts). */
interface DrawStats {
  draws: number;
  lastEnd: number;
  samples: number[];
  /** When the last init or update message reached setData (after its structured clone), and how long indexing it took. */
  dataAt: number;
  indexMs: number;
}

export class TimelineApp {
  data: TimelineData | null = null;
  index: TimelineIndex | null = null;
  overlay: Overlay | null = null;
  readonly view = new Viewport();
  selected = -1;
  hovered = -1;
  range: [number, number] | null = null;
  palette: Palette;
  font: string;
  readonly stats: DrawStats = { draws: 0, lastEnd: 0, samples: [], dataAt: 0, indexMs: 0 };
  private docUri = '';
  private docLabel = '';
  /** The host's theme kind, used only when the body carries no VS Code theme class. */
  private themeHint: ThemeKind = 'dark';
  private frame = 0;
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private width = 300;
  /** The rcutorture chart under the lanes (hidden when the selection has no rcutorture run). */
  private readonly tortureHost: HTMLElement;

  constructor(
    readonly ui: Ui,
    private readonly post: (m: FromWebviewMessage) => void,
    private readonly saveState: (s: TimelineWebviewState) => void,
    private readonly savedState: TimelineWebviewState | null,
  ) {
    this.palette = readPalette();
    paintLegend(ui, this.palette);
    this.font = fontFamily();
    this.tortureHost = el('div', { class: 'torture', hidden: true });
    ui.scroller.after(this.tortureHost);
  }

  /** Redraws the rcutorture chart for the current data and view. */
  private drawTorture(): void {
    const d = this.data;
    if (!d) return;
    if (d.torture?.length) this.ui.empty.hidden = true;
    renderTorture(this.tortureHost, d, this.view.from, this.view.to, this.ui.plot.offsetLeft, this.width, (line) => this.revealLines(line, line));
  }

  /** Reads the theme's colours again: the canvas and the legend's swatches paint with them. */
  private repaint(): void {
    this.palette = readPalette(document.body, this.themeHint);
    paintLegend(this.ui, this.palette);
  }

  // --- messages from the host -----------------------------------------------------------------

  handle(m: ToWebviewMessage): ExportResultMessage | undefined {
    switch (m.type) {
      case 'init': this.onInit(m); return undefined;
      case 'update': this.onUpdate(m); return undefined;
      case 'highlight': this.onHighlight(m.line); return undefined;
      case 'overlay': this.onOverlay(m); return undefined;
      case 'exportRequest': return this.exportImage(m.format);
    }
  }

  private onInit(m: InitMessage): void {
    this.themeHint = m.theme;
    this.repaint();
    this.docUri = m.docUri;
    this.docLabel = m.docLabel;
    const s = this.savedState;
    const same = !!s && s.docUri === m.docUri && s.selection === m.data.selection;
    this.setData(m.data, same ? s!.view : null);
    // Restore the selection where it was, without moving the restored view.
    if (same && s!.selectedLine !== null) this.select(findItemAtLine(m.data, s!.selectedLine), false);
  }

  private onUpdate(m: UpdateMessage): void {
    if (m.theme) { this.themeHint = m.theme; this.repaint(); }
    const old = this.data;
    const keep = old && old.selection === m.data.selection ? { from: this.view.from, to: this.view.to } : null;
    const line = this.selected >= 0 && old ? old.items.line[this.selected]! : null;
    this.setData(m.data, keep);
    if (keep && line !== null) this.select(findItemAtLine(m.data, line), false);
  }

  private onHighlight(line: number | null): void {
    if (!this.data) return;
    const d = this.data;
    // The editor moved because we revealed the selected item: keep it rather than a neighbour.
    if (line !== null && this.selected >= 0 && line >= d.items.line[this.selected]! && line <= d.items.endLine[this.selected]!) return;
    this.select(line === null ? -1 : findItemAtLine(d, line), true);
  }

  private onOverlay(m: OverlayMessage): void {
    if (!m.data || !this.data) {
      this.overlay = null;
      this.ui.overlayNote.hidden = true;
    } else {
      const names = new Map(this.data.lanes.map((l, i) => [l.name, i] as const));
      this.overlay = { data: m.data, index: buildIndex(m.data), laneOf: Int32Array.from(m.data.lanes, (l) => names.get(l.name) ?? -1) };
      this.ui.overlayNote.hidden = false;
      this.ui.overlayNote.textContent = `dashed outlines: ${m.label}`;
    }
    this.requestDraw();
  }

  // --- data and view --------------------------------------------------------------------------

  private setData(d: TimelineData, view: { from: number; to: number } | null): void {
    this.stats.dataAt = performance.now();
    this.data = d;
    this.index = buildIndex(d);
    this.stats.indexMs = performance.now() - this.stats.dataAt;
    this.selected = -1;
    this.hovered = -1;
    this.view.setExtent(d.extent.min, d.extent.max);
    if (view && Number.isFinite(view.from) && view.to > view.from) this.view.set(view.from, view.to);
    else this.view.fit();
    renderRuns(this.ui.runSelect, d.runs, d.selection);
    renderLanes(this.ui.labels, d.lanes, d.axis.mode === 'time' ? 's since boot' : d.axis.mode === 'line' ? 'line number' : 's, wall clock');
    this.ui.empty.hidden = d.items.count > 0;
    renderLegend(this.ui, legendEntries(d), this.palette);
    this.ui.plot.setAttribute('aria-label', `Timeline of ${this.docLabel || 'the log'}: ${d.lanes.length} lanes, ${d.items.count} items; x axis in ${axisTitle(d.axis)}`);
    if (this.overlay) {
      const names = new Map(d.lanes.map((l, i) => [l.name, i] as const));
      this.overlay.laneOf = Int32Array.from(this.overlay.data.lanes, (l) => names.get(l.name) ?? -1);
    }
    this.resize();
    this.viewChanged();
    this.drawTorture();
  }

  /** Canvas size follows the plot's width and the lane count. */
  resize(): void {
    const d = this.data;
    const w = Math.max(100, this.ui.plot.clientWidth);
    const h = plotHeight(d ? d.lanes.length : 1);
    const dpr = window.devicePixelRatio || 1;
    const c = this.ui.canvas;
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    this.width = w;
    this.requestDraw();
  }

  /** Call after any change of the view range: redraw now, refresh the slower things later. */
  viewChanged(): void {
    this.requestDraw();
    clearTimeout(this.listTimer);
    this.listTimer = setTimeout(() => { this.syncList(); this.drawTorture(); }, 120);
    this.scheduleSave();
    if (this.data) this.ui.status.textContent = `${formatX(this.data.axis, this.view.from, 2)} – ${formatX(this.data.axis, this.view.to, 2)}`;
  }

  syncList(): void {
    if (!this.data || !this.index) return;
    syncList(this.ui.list, this.ui.listNote, this.data, this.index, this.view.from, this.view.to, this.selected);
    setActive(this.ui.plot, this.ui.list, this.data, this.selected);
  }

  requestDraw(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  scene(): Scene | null {
    if (!this.data || !this.index) return null;
    return {
      data: this.data, index: this.index, overlay: this.overlay, from: this.view.from, to: this.view.to,
      width: this.width, height: plotHeight(this.data.lanes.length), palette: this.palette, font: this.font,
      selected: this.selected, hovered: this.hovered, range: this.range,
    };
  }

  draw(): void {
    const s = this.scene();
    if (!s) return;
    const t0 = performance.now();
    const ctx = this.ui.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = this.ui.canvas.width / s.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawScene(ctx, s);
    const t1 = performance.now();
    this.stats.draws++;
    this.stats.lastEnd = t1;
    this.stats.samples.push(t1 - t0);
    if (this.stats.samples.length > 1000) this.stats.samples.splice(0, 500);
  }

  themeChanged(): void {
    this.repaint();
    this.font = fontFamily();
    this.requestDraw();
  }

  // --- selection ------------------------------------------------------------------------------

  /** Selects item i (-1: none); `show` pans it into view. Never posts to the host. */
  select(i: number, show: boolean): void {
    const d = this.data;
    if (!d) return;
    this.selected = i >= 0 && i < d.items.count ? i : -1;
    if (this.selected >= 0 && show) {
      this.view.reveal(d.items.start[i]!, d.items.end[i]!);
      const top = LAYOUT.axisHeight + LAYOUT.phaseHeight + d.items.lane[i]! * LAYOUT.laneHeight;
      const sc = this.ui.scroller;
      if (top < sc.scrollTop || top + LAYOUT.laneHeight > sc.scrollTop + sc.clientHeight) sc.scrollTop = Math.max(0, top - sc.clientHeight / 2);
    }
    setActive(this.ui.plot, this.ui.list, d, this.selected);
    this.viewChanged();
  }

  /** Selects i and asks the host to show its lines. */
  reveal(i: number, focusEditor = false): void {
    const d = this.data;
    if (!d || i < 0) return;
    this.select(i, true);
    this.post({ type: 'reveal', line: d.items.line[i]!, endLine: Math.max(d.items.line[i]!, d.items.endLine[i]!), focusEditor });
  }

  revealLines(line: number, endLine: number): void {
    this.post({ type: 'reveal', line, endLine: Math.max(line, endLine) });
  }

  selectRun(key: string): void {
    if (this.data && key !== this.data.selection) this.post({ type: 'selectRun', key });
  }

  // --- export ---------------------------------------------------------------------------------

  exportImage(format: ExportFormat): ExportResultMessage | undefined {
    const s = this.scene();
    if (!s) return undefined;
    const run = s.data.runs.find((r) => r.key === s.data.selection)?.label ?? '';
    const title = `${this.docLabel}${run ? ` · ${run}` : ''}`;
    return { type: 'exportResult', format, data: format === 'svg' ? exportSvg(s, title) : exportPng(s) };
  }

  private scheduleSave(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      if (!this.data) return;
      this.saveState({
        docUri: this.docUri, selection: this.data.selection, view: { from: this.view.from, to: this.view.to },
        selectedLine: this.selected >= 0 ? this.data.items.line[this.selected]! : null,
      });
    }, 200);
  }
}
