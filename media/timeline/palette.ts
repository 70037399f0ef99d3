// Colours from the VS Code theme. VS Code sets --vscode-* variables and a body class per theme
// kind; the core's defaults stand in for anything the theme leaves unset.

import { defaultPalette, type Palette, type ThemeKind } from '../../src/core/timeline/style';
import { PHASE_COLOR_IDS } from '../../src/core/explain/words';

/** The theme kind from VS Code's body class; `hint` (the host's word) when the class is missing. */
function themeKind(body: HTMLElement = document.body, hint: ThemeKind = 'dark'): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  return hint;
}

/**
 * The CSS variable VS Code gives a webview for a theme colour id. VS Code 1.100 replaces only the
 * first dot (`'vscode-' + id.replace('.', '-')`), so `rcuLens.phase.<name>Background` arrives as
 * `--vscode-rcuLens-phase.<name>Background`; the all-dashes spelling is read too, in case that changes.
 */
function themeColorVariables(id: string): string[] {
  return [`--vscode-${id.replace('.', '-')}`, `--vscode-${id.replace(/\./g, '-')}`];
}

export function readPalette(body: HTMLElement = document.body, hint?: ThemeKind): Palette {
  const kind = themeKind(body, hint);
  const d = defaultPalette(kind);
  const cs = getComputedStyle(body);
  const v = (fallback: string, ...names: string[]) => {
    for (const n of names) { const x = cs.getPropertyValue(n).trim(); if (x) return x; }
    return fallback;
  };
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  // Phase bands: the editor's phase backgrounds (the extension's own theme colours), defaults as contributed.
  const band = (k: number) => v(d.bands[k]!, ...themeColorVariables(PHASE_COLOR_IDS[k]!));
  return {
    background: v(d.background, '--vscode-editor-background'),
    foreground: v(d.foreground, '--vscode-editor-foreground', '--vscode-foreground'),
    muted: v(d.muted, '--vscode-descriptionForeground'),
    grid: v(d.grid, '--vscode-editorIndentGuide-background1', '--vscode-editorIndentGuide-background', '--vscode-panel-border'),
    quick: v(d.quick, '--vscode-charts-blue'),
    // High-contrast light's charts.orange is a dark blue, next to the quick path's blue: amber there.
    careful: v(d.careful, kind === 'high-contrast-light' ? '--vscode-charts-yellow' : '--vscode-charts-orange'),
    unknown: v(d.unknown, '--vscode-charts-lines', '--vscode-descriptionForeground'),
    gp: v(d.gp, '--vscode-charts-purple'),
    work: v(d.work, '--vscode-charts-green'),
    kernelGp: v(d.kernelGp, '--vscode-terminal-ansiCyan'),
    spawn: v(d.spawn, '--vscode-editor-foreground', '--vscode-foreground'),
    stall: v(d.stall, '--vscode-charts-red'),
    violation: v(d.violation, '--vscode-editorError-foreground', '--vscode-errorForeground'),
    bands: [band(0), band(1), band(2), band(3)],
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
