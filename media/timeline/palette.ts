// Colours from the VS Code theme. VS Code sets --vscode-* variables and a body class per theme
// kind; the core's defaults stand in for anything the theme leaves unset.

import { defaultPalette, type Palette, type ThemeKind } from '../../src/core/timelineStyle';

/** The theme kind from VS Code's body class; `hint` (the host's word) when the class is missing. */
export function themeKind(body: HTMLElement = document.body, hint: ThemeKind = 'dark'): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  return hint;
}

export function readPalette(body: HTMLElement = document.body, hint?: ThemeKind): Palette {
  const kind = themeKind(body, hint);
  const d = defaultPalette(kind);
  const cs = getComputedStyle(body);
  const v = (fallback: string, ...names: string[]) => {
    for (const n of names) { const x = cs.getPropertyValue(n).trim(); if (x) return x; }
    return fallback;
  };
  const gp = v(d.gp, '--vscode-charts-purple');
  const maint = v(d.maint, '--vscode-charts-yellow');
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  return {
    background: v(d.background, '--vscode-editor-background'),
    foreground: v(d.foreground, '--vscode-editor-foreground', '--vscode-foreground'),
    muted: v(d.muted, '--vscode-descriptionForeground'),
    grid: v(d.grid, '--vscode-editorIndentGuide-background1', '--vscode-editorIndentGuide-background', '--vscode-panel-border'),
    quick: v(d.quick, '--vscode-charts-blue'),
    careful: v(d.careful, '--vscode-charts-orange'),
    unknown: v(d.unknown, '--vscode-charts-lines', '--vscode-descriptionForeground'),
    gp,
    maint,
    kernelGp: v(d.kernelGp, '--vscode-charts-green'),
    spawn: v(d.spawn, '--vscode-editor-foreground', '--vscode-foreground'),
    stall: v(d.stall, '--vscode-charts-red'),
    violation: v(d.violation, '--vscode-editorError-foreground', '--vscode-errorForeground'),
    bands: [d.bands[0], gp, maint, gp],
    bandAlpha: d.bandAlpha,
    link: v(d.link, '--vscode-editor-foreground', '--vscode-foreground'),
    selection: v(d.selection, '--vscode-focusBorder'),
    contrast: hc ? v(d.contrast, '--vscode-contrastBorder') : '',
    ghost: v(d.ghost, '--vscode-charts-green'),
  };
}

/** The UI font VS Code gives webviews. */
export function fontFamily(body: HTMLElement = document.body): string {
  return getComputedStyle(body).getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif';
}
