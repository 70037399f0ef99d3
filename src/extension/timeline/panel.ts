// The timeline panel, host side: one webview panel per log, beside its editor.
//
// For the lead, in activate():
//
//   import { registerTimeline } from './timeline/panel';
//   const timeline = registerTimeline(context, (uri) => analysisFor(uri));   // Analysis | undefined | Thenable
//   // "RCU: Show Timeline" and the CodeLens "Show timeline" (run: Run.id):
//   vscode.commands.registerCommand('rcuLens.showTimeline', (uri?: vscode.Uri, run?: number) =>
//     timeline.show(uri ?? vscode.window.activeTextEditor!.document.uri, run));
//   // a log analysed without a TextDocument (Open Large Log): timeline.show(uri, run, analysis) keeps
//   // that analysis for the panel; timeline.refresh(uri, analysis?) redraws after a re-analysis
//   // the simulator's expected run (another TimelineData): timeline.setOverlay(uri, data, 'expected run')
//   // save the shown timeline as an image: timeline.exportImage(uri, 'svg' | 'png', target?)
//
// package.json needs "onWebviewPanel:rcuLens.timeline" in activationEvents, so a panel left open
// comes back after a reload (the serializer below restores it from the webview's saved state).
// registerTimeline itself follows the editor: cursor moves highlight the matching item; edits of
// the document refresh the panel (getAnalysisFor is called again: cache per document version).
// The HTML report can embed the same picture without a webview: timelineSvg(buildTimeline(a)).

import * as vscode from 'vscode';
import type { Analysis } from '../../core/model';
import { buildTimeline, emptyTimeline, type TimelineData } from '../../core/timeline/timeline';
import {
  isTimelineWebviewState, Messenger, parseFromWebview,
  type ExportFormat, type FromWebviewMessage, type HostMessenger, type HostRequests, type ThemeKind, type ToWebviewMessage,
} from '../../shared/protocol';
import { makeNonce, timelineHtml } from './html';

const TIMELINE_VIEW_TYPE = 'rcuLens.timeline';

type AnalysisSource = (uri: vscode.Uri) => Analysis | undefined | Thenable<Analysis | undefined>;

export interface TimelineController {
  /**
   * Opens the panel beside the editor (or reveals it); `run` selects a run by Run.id. With
   * `analysis`, the panel shows that one (a large log read from disk) instead of asking
   * getAnalysisFor, until refresh() gives another.
   */
  show(uri: vscode.Uri, run?: number, analysis?: Analysis): Promise<void>;
  /** Re-reads the analysis (or takes the one given) and redraws, keeping the view. */
  refresh(uri: vscode.Uri, analysis?: Analysis): Promise<void>;
  /** Draws (or removes, with null) the expected run as ghost bars. */
  setOverlay(uri: vscode.Uri, data: TimelineData | null, label?: string): void;
  /** Asks the panel for an image and writes it to `target` (default: a save dialog). The written URI, or undefined. */
  exportImage(uri: vscode.Uri, format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** The open panel for a log, if any. */
  panelFor(uri: vscode.Uri): TimelinePanel | undefined;
}

function themeKind(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light: return 'light';
    case vscode.ColorThemeKind.HighContrast: return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight: return 'high-contrast-light';
    default: return 'dark';
  }
}

function label(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

class TimelinePanel {
  readonly messenger: HostMessenger;
  private ready = false;
  private overlay: { data: TimelineData; label: string } | null = null;
  private lastHighlight: number | null = null;
  /** An analysis handed over by show()/refresh(), used instead of the source. */
  pinned: Analysis | undefined;
  private reveals: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly source: AnalysisSource,
    private selection: string | undefined,
    onDispose: () => void,
  ) {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [root] };
    panel.title = `Timeline: ${label(uri)}`;
    const w = panel.webview;
    panel.webview.html = timelineHtml({
      cspSource: w.cspSource, nonce: makeNonce(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'timeline.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'timeline.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
    });
    this.messenger = new Messenger<ToWebviewMessage, FromWebviewMessage, HostRequests>(
      (e) => { void w.postMessage(e); },
      (m) => this.onMessage(m),
    );
    this.disposables.push(
      w.onDidReceiveMessage((raw) => {
        const env = parseFromWebview(raw);
        if (env) void this.messenger.receive(env);
      }),
      panel.onDidDispose(() => {
        this.messenger.dispose();
        for (const d of this.disposables) d.dispose();
        onDispose();
      }),
    );
  }

  private async onMessage(m: FromWebviewMessage): Promise<undefined> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.send('init');
        if (this.overlay) this.messenger.send({ type: 'overlay', ...this.overlay });
        if (this.lastHighlight !== null) this.messenger.send({ type: 'highlight', line: this.lastHighlight });
        break;
      case 'reveal':
        // In order: a double click posts two plain reveals, then the one that focuses the editor.
        this.reveals = this.reveals.then(() => this.revealLines(m.line, m.endLine, m.focusEditor === true));
        await this.reveals;
        break;
      case 'selectRun': this.selection = m.key; await this.send('update'); break;
      case 'exportResult': await saveImage(this.uri, m.format, m.data); break;
      case 'error': void vscode.window.showWarningMessage(`RCU Lens timeline: ${m.message}`); break;
    }
    return undefined;
  }

  private async data(): Promise<TimelineData | undefined> {
    const a = this.pinned ?? await this.source(this.uri);
    if (!a) return undefined;
    const d = buildTimeline(a, this.selection);
    this.selection = d.selection;
    return d;
  }

  private async send(kind: 'init' | 'update'): Promise<void> {
    let data = await this.data();
    if (!data) {
      void vscode.window.showWarningMessage(`RCU Lens: no analysis for ${label(this.uri)}`);
      data = emptyTimeline('No analysis');
    }
    if (kind === 'init') this.messenger.send({ type: 'init', docUri: this.uri.toString(), docLabel: label(this.uri), data, theme: themeKind() });
    else this.messenger.send({ type: 'update', data, theme: themeKind() });
  }

  async selectRun(run: number | undefined): Promise<void> {
    if (run === undefined || `run:${run}` === this.selection) return;
    this.selection = `run:${run}`;
    if (this.ready) await this.send('update');
  }

  async refresh(): Promise<void> {
    if (this.ready) await this.send('update');
  }

  highlight(line: number | null): void {
    if (line === this.lastHighlight) return;
    this.lastHighlight = line;
    if (this.ready) this.messenger.send({ type: 'highlight', line });
  }

  setOverlay(data: TimelineData | null, label: string): void {
    this.overlay = data ? { data, label } : null;
    if (this.ready) this.messenger.send({ type: 'overlay', data, label });
  }

  async exportImage(format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const r = await this.messenger.request({ type: 'exportRequest', format });
    if (r.type !== 'exportResult') return undefined;
    return saveImage(this.uri, r.format, r.data, target);
  }

  /** Selects lines line..endLine (1-based) in the log's editor, opening it if needed. */
  private async revealLines(line: number, endLine: number, focus: boolean): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      const first = Math.min(line, doc.lineCount) - 1;
      const last = Math.max(first, Math.min(endLine, doc.lineCount) - 1);
      const range = new vscode.Range(first, 0, last, doc.lineAt(last).text.length);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
      const column = shown?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: !focus, selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (err) {
      // Too large for an editor (over 50 MB) or gone: say where the line is instead.
      void vscode.window.showWarningMessage(`RCU Lens: cannot open ${label(this.uri)} at line ${line}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}

/** Writes an exported image (SVG text or PNG data URL) to `target`, or where the user says. */
async function saveImage(doc: vscode.Uri, format: ExportFormat, data: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let to = target;
  if (!to) {
    const base = doc.scheme === 'untitled' ? undefined : doc.with({ path: `${doc.path.replace(/\.[^./]*$/, '')}.timeline.${format}` });
    to = await vscode.window.showSaveDialog({ defaultUri: base, filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] }, title: 'Export RCU timeline' });
    if (!to) return undefined;
  }
  const bytes = format === 'svg' ? new TextEncoder().encode(data) : base64(data.slice(data.indexOf(',') + 1));
  await vscode.workspace.fs.writeFile(to, bytes);
  return to;
}

function base64(s: string): Uint8Array {
  const bin = atob(s);   // global in Node 16+ and in the web extension host
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function registerTimeline(context: vscode.ExtensionContext, getAnalysisFor: AnalysisSource): TimelineController {
  const panels = new Map<string, TimelinePanel>();
  const key = (u: vscode.Uri) => u.toString();

  const adopt = (panel: vscode.WebviewPanel, uri: vscode.Uri, selection: string | undefined): TimelinePanel => {
    const p = new TimelinePanel(panel, uri, context.extensionUri, getAnalysisFor, selection, () => panels.delete(key(uri)));
    panels.get(key(uri))?.dispose();
    panels.set(key(uri), p);
    return p;
  };

  const refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        if (!isTimelineWebviewState(state)) { panel.dispose(); return; }
        adopt(panel, vscode.Uri.parse(state.docUri, true), state.selection);
      },
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      panels.get(key(e.textEditor.document.uri))?.highlight(e.selections[0] ? e.selections[0].active.line + 1 : null);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const k = key(e.document.uri);
      if (!panels.has(k) || e.contentChanges.length === 0) return;
      clearTimeout(refreshTimers.get(k));
      refreshTimers.set(k, setTimeout(() => { refreshTimers.delete(k); void panels.get(k)?.refresh(); }, 400));
    }),
    { dispose: () => { for (const p of [...panels.values()]) p.dispose(); for (const t of refreshTimers.values()) clearTimeout(t); } },
  );

  return {
    async show(uri, run, analysis) {
      const existing = panels.get(key(uri));
      if (existing) {
        existing.panel.reveal(undefined, true);
        if (analysis) { existing.pinned = analysis; await existing.refresh(); }
        await existing.selectRun(run);
        return;
      }
      const panel = vscode.window.createWebviewPanel(
        TIMELINE_VIEW_TYPE, `Timeline: ${label(uri)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] },
      );
      adopt(panel, uri, run !== undefined ? `run:${run}` : undefined).pinned = analysis;
    },
    async refresh(uri, analysis) {
      const p = panels.get(key(uri));
      if (!p) return;
      if (analysis) p.pinned = analysis;
      await p.refresh();
    },
    setOverlay(uri, data, overlayLabel = 'expected run (simulator)') {
      panels.get(key(uri))?.setOverlay(data, overlayLabel);
    },
    async exportImage(uri, format, target) {
      return panels.get(key(uri))?.exportImage(format, target);
    },
    panelFor(uri) {
      return panels.get(key(uri));
    },
  };
}
