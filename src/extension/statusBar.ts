// Status bar: the RCU phase and the task at the cursor, for kernel logs.
import * as vscode from 'vscode';
import { eventMeaning, phaseWords, wordsOf } from '../core/explain/words';
import type { AnalysisService, DocAnalysis } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guard } from './log';

interface CursorInfo { text: string; tooltip: string }

/** What the status bar says for a (1-based) line, from the model. */
function cursorInfo(r: DocAnalysis, line: number): CursorInfo | null {
  const pa = r.index.phaseAt(line);
  const e = r.index.eventAt(line);
  const stall = r.index.stallAt(line);
  const parts: string[] = [];
  const tips: string[] = [];
  if (pa) {
    // A pattern's run is named by its pattern (its phases are its own words); the seed's by its phase.
    const w = wordsOf(r.analysis, pa.run);
    const m = phaseWords(w, pa.phase.name);
    parts.push(pa.run.pattern ? `${pa.run.pattern}${w.phases.length > 1 ? ` ${m.title}` : ''}` : pa.phase.name);
    tips.push(`Run ${pa.run.id + 1}${pa.run.pattern ? ` (pattern ${pa.run.pattern})` : ''}, phase ${m.title}${m.meaning ? `: ${m.meaning.replace(/`/g, '')}` : ''}`);
  }
  if (e?.task) {
    parts.push(e.task);
    tips.push(`Task ${e.task}${e.attribution === 'inferred' ? ' (inferred)' : e.attribution === 'ambiguous' ? ' (ambiguous)' : ''}: ${eventMeaning(wordsOf(r.analysis, r.analysis.runs[e.run]), e.kind).title}`);
  } else if (pa?.run.pattern) {
    const ra = r.index.readerAt(line);
    if (ra) {
      const w = wordsOf(r.analysis, ra.run);
      parts.push(ra.reader.task);
      tips.push(`${w.reader} ${ra.reader.task}: read-side critical section, lines ${ra.reader.beginLine ?? '?'}–${ra.reader.endLine ?? '(no end)'}`);
    }
  }
  if (stall) {
    parts.push(`${stall.flavor} stall`);
    tips.push(`RCU stall report, lines ${stall.line}–${stall.endLine}`);
  }
  if (!parts.length) {
    if (!r.analysis.runs.length && !r.analysis.stalls.length) return null;
    return { text: '$(pulse) RCU: —', tooltip: 'This line is outside every RCU run of the log' };
  }
  return { text: `$(pulse) RCU: ${parts.join(' · ')}`, tooltip: tips.join('\n') };
}

export class LensStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('rcuLens.status', vscode.StatusBarAlignment.Left, 100);
  private readonly subs: vscode.Disposable[] = [];
  /** Whether the item is shown (StatusBarItem cannot tell). */
  visible = false;

  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService) {
    this.item.name = 'RCU Lens';
    this.item.command = 'rcuLens.showTimeline';
    this.subs.push(
      vscode.window.onDidChangeTextEditorSelection((e) => this.update(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.update(e)),
      service.onDidUpdate(() => this.update(vscode.window.activeTextEditor)),
    );
    this.update(vscode.window.activeTextEditor);
  }

  update(editor: vscode.TextEditor | undefined): void {
    guard('statusBar', undefined, () => {
      if (!editor || !this.docs.isKernel(editor.document)) return this.hide();
      const r = this.service.current(editor.document);
      if (!r) { void this.service.get(editor.document); return this.hide(); }
      if (r.large) {
        this.item.text = '$(file-binary) RCU: large log';
        this.item.tooltip = 'Larger than rcuLens.largeLogThresholdMB: click to analyse it with RCU: Open Large Log (timeline and report)';
        this.item.command = { title: 'Open Large Log', command: 'rcuLens.openLargeLog', arguments: [editor.document.uri] };
        this.item.show();
        this.visible = true;
        return;
      }
      this.item.command = 'rcuLens.showTimeline';
      const info = cursorInfo(r, editor.selection.active.line + 1);
      if (!info) return this.hide();
      this.item.text = info.text;
      this.item.tooltip = info.tooltip;
      this.item.show();
      this.visible = true;
    });
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) s.dispose();
  }
}
