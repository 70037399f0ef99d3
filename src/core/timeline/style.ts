// How a timeline looks: geometry and colours, shared by the canvas (webview) and the SVG export.
// The webview overrides these colours with VS Code's theme variables (--vscode-charts-*, the
// extension's own rcuLens.phase.* colours, ...); the defaults below are VS Code's own defaults and
// the extension's contributed ones, for exports made without a webview.
//
// Bars: quick reader blue, careful reader orange (amber in high-contrast light, where VS Code's
// charts.orange is a dark blue), grace period purple, the updater's labelled work green: four hues
// apart in every theme kind. Phase bands: the editor's phase backgrounds (by colour slot,
// explain/words.ts), so a phase looks the same in the timeline as on the log's lines.

import { isPointKind, ItemKind, LinkKind } from './timeline';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export const LAYOUT = {
  labelWidth: 160,    // lane label column (DOM in the webview, text in exports)
  axisHeight: 26,     // tick labels
  phaseHeight: 18,    // phase names strip under the axis
  laneHeight: 30,
  barHeight: 14,
  markerSize: 10,
  groupMinWidth: 1,   // px: an aggregated column is at least this wide
  phaseLabelMinWidth: 34, // px: a phase band narrower than this is not named
} as const;

export interface Palette {
  background: string;
  foreground: string;
  muted: string;        // secondary text (roles, axis title)
  grid: string;         // lane separators and ticks
  quick: string;
  careful: string;
  unknown: string;
  gp: string;
  work: string;
  kernelGp: string;
  spawn: string;
  stall: string;
  violation: string;
  /** Band colours by phase colour slot (the seed's phases in order), translucent (drawn as they are, like the editor's line backgrounds). */
  bands: [string, string, string, string];
  link: string;
  selection: string;
  /** Outline for every shape in high-contrast themes; '' elsewhere. */
  contrast: string;
  ghost: string;        // expected (simulated) run, drawn as outlines
}

/** Their defaults per theme kind, as package.json declares them (a unit test keeps the two equal). */
export const PHASE_BACKGROUNDS: Record<ThemeKind, [string, string, string, string]> = {
  dark: ['#4fc1ff0d', '#d7ba7d2e', '#f1493629', '#c586c02e'],
  light: ['#0070c00b', '#bf880030', '#e5140024', '#8b3dd126'],
  'high-contrast': ['#4fc1ff1a', '#ffd70038', '#ff634740', '#d7a8ff40'],
  'high-contrast-light': ['#0070c01a', '#bf880038', '#e5140030', '#8b3dd133'],
};

const DARK: Palette = {
  background: '#1e1e1e', foreground: '#cccccc', muted: '#9d9d9d', grid: '#3c3c3c',
  quick: '#3794ff', careful: '#d18616', unknown: '#9d9d9d', gp: '#b180d7', work: '#89d185', kernelGp: '#11a8cd',
  spawn: '#cccccc', stall: '#f14c4c', violation: '#f14c4c',
  bands: PHASE_BACKGROUNDS.dark,
  link: '#cccccc', selection: '#007fd4', contrast: '', ghost: '#89d185',
};

const LIGHT: Palette = {
  background: '#ffffff', foreground: '#3b3b3b', muted: '#717171', grid: '#e5e5e5',
  quick: '#1a85ff', careful: '#d18616', unknown: '#8a8a8a', gp: '#652d90', work: '#388a34', kernelGp: '#0598bc',
  spawn: '#3b3b3b', stall: '#e51400', violation: '#e51400',
  bands: PHASE_BACKGROUNDS.light,
  link: '#3b3b3b', selection: '#0090f1', contrast: '', ghost: '#388a34',
};

const HC_DARK: Palette = {
  background: '#000000', foreground: '#ffffff', muted: '#ffffff', grid: '#6fc3df',
  quick: '#3794ff', careful: '#ab5a00', unknown: '#ffffff', gp: '#b180d7', work: '#89d185', kernelGp: '#00cdcd',
  spawn: '#ffffff', stall: '#f48771', violation: '#f48771',
  bands: PHASE_BACKGROUNDS['high-contrast'],
  link: '#ffffff', selection: '#f38518', contrast: '#6fc3df', ghost: '#89d185',
};

const HC_LIGHT: Palette = {
  background: '#ffffff', foreground: '#292929', muted: '#292929', grid: '#0f4a85',
  quick: '#1a85ff', careful: '#895503', unknown: '#292929', gp: '#652d90', work: '#374e06', kernelGp: '#0598bc',
  spawn: '#292929', stall: '#b5200d', violation: '#b5200d',
  bands: PHASE_BACKGROUNDS['high-contrast-light'],
  link: '#292929', selection: '#006bbd', contrast: '#0f4a85', ghost: '#374e06',
};

export function defaultPalette(theme: ThemeKind = 'dark'): Palette {
  const p = theme === 'light' ? LIGHT : theme === 'high-contrast' ? HC_DARK : theme === 'high-contrast-light' ? HC_LIGHT : DARK;
  return { ...p, bands: [...p.bands] };
}

/**
 * A CSS colour as an opaque colour and an opacity, for SVG's fill / fill-opacity (8-digit hex and
 * rgba() are not understood by every SVG reader). Takes #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() and
 * rgba() (VS Code gives webviews translucent theme colours as rgba()); anything else comes back as is.
 */
export function splitAlpha(css: string): { color: string; opacity: number } {
  const c = css.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) {
    let h = hex[1]!;
    if (h.length <= 4) h = [...h].map((x) => x + x).join('');
    const a = h.length === 8 ? parseInt(h.slice(6), 16) / 255 : 1;
    return { color: `#${h.slice(0, 6).toLowerCase()}`, opacity: round3(a) };
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*[, ]\s*([\d.]+)\s*[, ]\s*([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/i.exec(c);
  if (fn) {
    const ch = [fn[1], fn[2], fn[3]].map((v) => Math.max(0, Math.min(255, Math.round(Number(v)))).toString(16).padStart(2, '0'));
    const a = fn[4] === undefined ? 1 : Number(fn[4]) / (fn[5] ? 100 : 1);
    return { color: `#${ch.join('')}`, opacity: round3(Math.max(0, Math.min(1, a))) };
  }
  return { color: c, opacity: 1 };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The fill of an item kind. */
export function kindColor(p: Palette, kind: number): string {
  switch (kind) {
    case ItemKind.ReaderQuick: return p.quick;
    case ItemKind.ReaderCareful: return p.careful;
    case ItemKind.ReaderUnknown: return p.unknown;
    case ItemKind.GracePeriod: return p.gp;
    case ItemKind.Work: return p.work;
    case ItemKind.KernelGp: return p.kernelGp;
    case ItemKind.KernelReader: return p.unknown;
    case ItemKind.Stall: return p.stall;
    case ItemKind.Violation: return p.violation;
    case ItemKind.KernelQs: case ItemKind.KernelQsLast: case ItemKind.Callback: return p.kernelGp;
    case ItemKind.KernelUnlock: return p.unknown;
    default: return p.spawn;
  }
}

/** A bar's height: callbacks are thin lines from queueing to invocation (many overlap on a CPU's
 * lane); a kernel preempted-reader span is a strip (barDy). */
export function barHeightOf(kind: number): number {
  return kind === ItemKind.Callback ? 4 : kind === ItemKind.KernelReader ? 5 : LAYOUT.barHeight;
}

/** Vertical offset of a bar from the lane centre: a kernel preempted-reader span is a strip under
 * the lane's bars, because on the reader's own lane it lies inside the scenario reader's bar,
 * whose colour and caption stay in sight. */
export function barDy(kind: number): number {
  return kind === ItemKind.KernelReader ? 10 : 0;
}

/** Vertical offset of a marker from the lane centre: violations sit above the bar they concern, a
 * preempted reader's unlock at the end of its strip (barDy). */
export function markerDy(kind: number): number {
  return kind === ItemKind.Violation ? -7 : kind === ItemKind.KernelUnlock ? 10 : 0;
}

/** Vertical offset of any item (bar or marker) from its lane's centre. */
export function itemDy(kind: number): number {
  return isPointKind(kind) ? markerDy(kind) : barDy(kind);
}

/** A link's colour: the one from a scenario grace period to the kernel grace period that
 * completed it is in the kernel's colour; the others (a grace period to what it waited for) in
 * the link colour. */
export function linkColor(p: Palette, kind: number): string {
  return kind === LinkKind.CompletedBy ? p.kernelGp : p.link;
}

/** A link's dash pattern: dashed for a reader that overlapped a grace period without being waited for. */
export function linkDash(kind: number): number[] {
  return kind === LinkKind.Overlapped ? [2, 3] : [];
}

/** Vertical position of a lane's centre line, from the top of the plot. */
export function laneCenter(lane: number): number {
  return LAYOUT.axisHeight + LAYOUT.phaseHeight + lane * LAYOUT.laneHeight + LAYOUT.laneHeight / 2;
}

/** Total plot height for n lanes. */
export function plotHeight(lanes: number): number {
  return LAYOUT.axisHeight + LAYOUT.phaseHeight + Math.max(1, lanes) * LAYOUT.laneHeight + 4;
}
