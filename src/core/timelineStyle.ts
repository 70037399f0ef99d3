// How a timeline looks: geometry and colours, shared by the canvas (webview) and the SVG export.
// The webview overrides these colours with VS Code's theme variables (--vscode-charts-*, ...); the
// defaults below are VS Code's own defaults, for exports made without a webview.

import { ItemKind } from './timeline';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export const LAYOUT = {
  labelWidth: 160,    // lane label column (DOM in the webview, text in exports)
  axisHeight: 26,     // tick labels
  phaseHeight: 18,    // phase names strip under the axis
  laneHeight: 30,
  barHeight: 14,
  markerSize: 10,
  groupMinWidth: 1,   // px: an aggregated column is at least this wide
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
  maint: string;
  kernelGp: string;
  spawn: string;
  stall: string;
  violation: string;
  /** Band colours by phase: normal, gp1, maint, gp2 (drawn at `bandAlpha`). */
  bands: [string, string, string, string];
  bandAlpha: number;
  link: string;
  selection: string;
  /** Outline for every shape in high-contrast themes; '' elsewhere. */
  contrast: string;
  ghost: string;        // expected (simulated) run, drawn as outlines
}

const DARK: Palette = {
  background: '#1e1e1e', foreground: '#cccccc', muted: '#9d9d9d', grid: '#3c3c3c',
  quick: '#3794ff', careful: '#d18616', unknown: '#9d9d9d', gp: '#b180d7', maint: '#cca700', kernelGp: '#89d185',
  spawn: '#cccccc', stall: '#f14c4c', violation: '#f14c4c',
  bands: ['#808080', '#b180d7', '#cca700', '#b180d7'], bandAlpha: 0.13,
  link: '#cccccc', selection: '#007fd4', contrast: '', ghost: '#89d185',
};

const LIGHT: Palette = {
  background: '#ffffff', foreground: '#3b3b3b', muted: '#717171', grid: '#e5e5e5',
  quick: '#1a85ff', careful: '#d18616', unknown: '#8a8a8a', gp: '#652d90', maint: '#bf8803', kernelGp: '#388a34',
  spawn: '#3b3b3b', stall: '#e51400', violation: '#e51400',
  bands: ['#808080', '#652d90', '#bf8803', '#652d90'], bandAlpha: 0.09,
  link: '#3b3b3b', selection: '#0090f1', contrast: '', ghost: '#388a34',
};

const HC_DARK: Palette = {
  background: '#000000', foreground: '#ffffff', muted: '#ffffff', grid: '#6fc3df',
  quick: '#3794ff', careful: '#d18616', unknown: '#ffffff', gp: '#b180d7', maint: '#ffd700', kernelGp: '#89d185',
  spawn: '#ffffff', stall: '#f48771', violation: '#f48771',
  bands: ['#000000', '#b180d7', '#ffd700', '#b180d7'], bandAlpha: 0.22,
  link: '#ffffff', selection: '#f38518', contrast: '#6fc3df', ghost: '#89d185',
};

const HC_LIGHT: Palette = {
  background: '#ffffff', foreground: '#292929', muted: '#292929', grid: '#0f4a85',
  quick: '#0f4a85', careful: '#b5200d', unknown: '#292929', gp: '#652d90', maint: '#895503', kernelGp: '#374e06',
  spawn: '#292929', stall: '#b5200d', violation: '#b5200d',
  bands: ['#ffffff', '#652d90', '#895503', '#652d90'], bandAlpha: 0.16,
  link: '#292929', selection: '#006bbd', contrast: '#0f4a85', ghost: '#374e06',
};

export function defaultPalette(theme: ThemeKind = 'dark'): Palette {
  const p = theme === 'light' ? LIGHT : theme === 'high-contrast' ? HC_DARK : theme === 'high-contrast-light' ? HC_LIGHT : DARK;
  return { ...p, bands: [...p.bands] };
}

/** The fill of an item kind. */
export function kindColor(p: Palette, kind: number): string {
  switch (kind) {
    case ItemKind.ReaderQuick: return p.quick;
    case ItemKind.ReaderCareful: return p.careful;
    case ItemKind.ReaderUnknown: return p.unknown;
    case ItemKind.GracePeriod: return p.gp;
    case ItemKind.Maint: return p.maint;
    case ItemKind.KernelGp: return p.kernelGp;
    case ItemKind.Stall: return p.stall;
    case ItemKind.Violation: return p.violation;
    default: return p.spawn;
  }
}

/** Vertical offset of a marker from the lane centre: violations sit above the bar they concern. */
export function markerDy(kind: number): number {
  return kind === ItemKind.Violation ? -7 : 0;
}

/** Short text drawn inside a bar when it is wide enough. */
export function barCaption(kind: number, ref: number): string {
  switch (kind) {
    case ItemKind.ReaderQuick: return 'quick';
    case ItemKind.ReaderCareful: return 'careful';
    case ItemKind.ReaderUnknown: return 'reader';
    case ItemKind.GracePeriod: return `GP${ref} synchronize_rcu()`;
    case ItemKind.Maint: return 'do_maint()';
    case ItemKind.KernelGp: return `gp ${ref}`;
    default: return '';
  }
}

/** Vertical position of a lane's centre line, from the top of the plot. */
export function laneCenter(lane: number): number {
  return LAYOUT.axisHeight + LAYOUT.phaseHeight + lane * LAYOUT.laneHeight + LAYOUT.laneHeight / 2;
}

/** Total plot height for n lanes. */
export function plotHeight(lanes: number): number {
  return LAYOUT.axisHeight + LAYOUT.phaseHeight + Math.max(1, lanes) * LAYOUT.laneHeight + 4;
}
