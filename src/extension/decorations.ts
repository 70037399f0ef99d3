// Editor decorations, drawn from the model: each line of a run painted by its phase (whole-line
// backgrounds in theme colours that themes can override), a short label where each phase starts,
// reader begin/end in the gutter, violations and stalls in the overview ruler.
//
// Applied only when the analysis matches the document's version: between an edit and the next
// analysis VS Code keeps moving the existing decorations with the text, which is what we want.
import * as vscode from 'vscode';
import { PHASE_COLOR_IDS, phaseSlot, phaseTag, wordsOf } from '../core/explain/words';
import type { AnalysisService, DocAnalysis } from './analysisService';
import { readConfig } from './config';
import type { KernelDocs } from './kernelDocs';
import { guard } from './log';

function whole(startLine: number, endLine: number): vscode.Range {
  return new vscode.Range(Math.max(0, startLine - 1), 0, Math.max(0, endLine - 1), 0);
}

export interface AppliedDecorations {
  version: number;
  /** Lines per phase name, as the runs' patterns name them (the seed's four always present). */
  phases: Record<string, [number, number][]>;
  labels: [number, string][];
  readerBegin: number[];
  readerEnd: number[];
  violations: number[];
  stalls: [number, number][];
}

export class Decorations implements vscode.Disposable {
  /** One background per phase colour slot (explain/words.ts phaseSlot): a phase's position in its pattern's list. */
  private readonly phase: vscode.TextEditorDecorationType[] = [];
  private readonly label: vscode.TextEditorDecorationType;
  private readonly readerBegin: vscode.TextEditorDecorationType;
  private readonly readerEnd: vscode.TextEditorDecorationType;
  private readonly violation: vscode.TextEditorDecorationType;
  private readonly stall: vscode.TextEditorDecorationType;
  private readonly subs: vscode.Disposable[] = [];
  /** What was last applied per document (URI string), as 1-based line spans: read by the API for tests. */
  readonly applied = new Map<string, AppliedDecorations>();

  constructor(extensionUri: vscode.Uri, private readonly docs: KernelDocs, private readonly service: AnalysisService) {
    for (const id of PHASE_COLOR_IDS) {
      this.phase.push(vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor(id),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }));
    }
    this.label = vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('rcuLens.phase.labelForeground'), margin: '0 0 0 3em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    const icon = (name: string) => vscode.Uri.joinPath(extensionUri, 'media', 'icons', name);
    this.readerBegin = vscode.window.createTextEditorDecorationType({ gutterIconPath: icon('reader-begin.svg'), gutterIconSize: 'contain' });
    this.readerEnd = vscode.window.createTextEditorDecorationType({ gutterIconPath: icon('reader-end.svg'), gutterIconSize: 'contain' });
    this.violation = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      gutterIconPath: icon('violation.svg'), gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('rcuLens.violation.rulerForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    });
    this.stall = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('rcuLens.stall.background'),
      overviewRulerColor: new vscode.ThemeColor('rcuLens.stall.rulerForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    this.subs.push(
      service.onDidUpdate(({ doc }) => this.refreshDocument(doc)),
      vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((e) => this.refresh(e))),
      docs.onDidChange((doc) => this.refreshDocument(doc)),
    );
  }

  refreshDocument(doc: vscode.TextDocument): void {
    for (const e of vscode.window.visibleTextEditors) if (e.document === doc) this.refresh(e);
  }

  refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.refresh(e);
  }

  refresh(editor: vscode.TextEditor): void {
    guard('decorations', undefined, () => {
      const doc = editor.document;
      if (!this.docs.isKernel(doc) || !readConfig(doc.uri).decorations) return this.clear(editor);
      const r = this.service.current(doc);
      if (!r) { void this.service.get(doc); return; } // decorated when it is ready (onDidUpdate)
      this.apply(editor, r);
    });
  }

  /** The ranges each decoration gets (exposed for the extension-host tests). */
  static ranges(r: DocAnalysis): { phases: Record<string, vscode.Range[]>; slots: vscode.Range[][]; labels: vscode.DecorationOptions[]; readerBegin: vscode.Range[]; readerEnd: vscode.Range[]; violations: vscode.Range[]; stalls: vscode.Range[] } {
    const a = r.analysis;
    const phases: Record<string, vscode.Range[]> = Object.create(null) as Record<string, vscode.Range[]>;
    for (const p of wordsOf(a, null).phases) phases[p.name] = [];
    const slots: vscode.Range[][] = PHASE_COLOR_IDS.map(() => []);
    const labels: vscode.DecorationOptions[] = [];
    const readerBegin: vscode.Range[] = [], readerEnd: vscode.Range[] = [];
    for (const run of a.runs) {
      const w = wordsOf(a, run);
      for (const p of run.phases) {
        const range = whole(p.startLine, p.endLine);
        (phases[p.name] ??= []).push(range);
        slots[phaseSlot(w, p.name)]!.push(range);
        const at = new vscode.Position(p.startLine - 1, Number.MAX_SAFE_INTEGER);
        labels.push({ range: new vscode.Range(at, at), renderOptions: { after: { contentText: phaseTag(w, run, p.name) } } });
      }
      for (const rd of run.readers) {
        const first = rd.beginLine ?? rd.pathLine;
        if (first !== null) readerBegin.push(whole(first, first));
        if (rd.endLine !== null) readerEnd.push(whole(rd.endLine, rd.endLine));
      }
    }
    const violations = a.violations.map((v) => whole(v.line, v.line));
    const stalls = a.stalls.map((s) => whole(s.line, s.endLine));
    return { phases, slots, labels, readerBegin, readerEnd, violations, stalls };
  }

  private apply(editor: vscode.TextEditor, r: DocAnalysis): void {
    const d = Decorations.ranges(r);
    this.phase.forEach((t, i) => editor.setDecorations(t, d.slots[i]!));
    editor.setDecorations(this.label, d.labels);
    editor.setDecorations(this.readerBegin, d.readerBegin);
    editor.setDecorations(this.readerEnd, d.readerEnd);
    editor.setDecorations(this.violation, d.violations);
    editor.setDecorations(this.stall, d.stalls);
    const spans = (rs: vscode.Range[]) => rs.map((x) => [x.start.line + 1, x.end.line + 1] as [number, number]);
    this.applied.set(editor.document.uri.toString(), {
      version: r.version,
      phases: Object.fromEntries(Object.entries(d.phases).map(([k, v]) => [k, spans(v)])),
      labels: d.labels.map((o) => [o.range.start.line + 1, o.renderOptions?.after?.contentText ?? ''] as [number, string]),
      readerBegin: spans(d.readerBegin).map((x) => x[0]), readerEnd: spans(d.readerEnd).map((x) => x[0]),
      violations: spans(d.violations).map((x) => x[0]), stalls: spans(d.stalls),
    });
  }

  private clear(editor: vscode.TextEditor): void {
    this.applied.delete(editor.document.uri.toString());
    for (const t of [...this.phase, this.label, this.readerBegin, this.readerEnd, this.violation, this.stall]) editor.setDecorations(t, []);
  }

  dispose(): void {
    for (const t of [...this.phase, this.label, this.readerBegin, this.readerEnd, this.violation, this.stall]) t.dispose();
    for (const s of this.subs) s.dispose();
  }
}
