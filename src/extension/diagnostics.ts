// Problems: each rule violation as an error with related information at the other lines involved,
// each stall report as a warning, and the analysis' own warnings (a reader never ended, lines
// lost...) as information. Source 'rcu-lens', code = the rule id linked to the kernel's RCU docs.
import * as vscode from 'vscode';
import { STALL_KIND_MEANING } from '../core/explain/events';
import { ruleMeaning, runWords } from '../core/explain/words';
import { RCU_DOCS } from '../core/explain/docs';
import { stallSummary } from '../core/report/text';
import type { AnalysisService, DocAnalysis } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guard } from './log';

const SOURCE = 'rcu-lens';
/** Cap: a pathological log must not flood the Problems panel. */
const MAX_PER_KIND = 1000;

function lineRange(doc: vscode.TextDocument, line: number): vscode.Range {
  const l = Math.min(Math.max(line - 1, 0), Math.max(doc.lineCount - 1, 0));
  const t = doc.lineAt(l);
  return new vscode.Range(l, t.firstNonWhitespaceCharacterIndex, l, t.range.end.character);
}

function toDiagnostics(doc: vscode.TextDocument, r: DocAnalysis): vscode.Diagnostic[] {
  const a = r.analysis;
  const out: vscode.Diagnostic[] = [];
  for (const v of a.violations.slice(0, MAX_PER_KIND)) {
    const d = new vscode.Diagnostic(lineRange(doc, v.line), `${v.message}`, vscode.DiagnosticSeverity.Error);
    d.source = SOURCE;
    d.code = { value: v.rule, target: vscode.Uri.parse(ruleMeaning(v.rule, runWords(a, v.run))?.doc ?? RCU_DOCS.requirements) };
    d.relatedInformation = v.related
      .filter((x) => x.line >= 1 && x.line <= doc.lineCount)
      .map((x) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, x.line)), x.message));
    out.push(d);
  }
  for (const s of a.stalls.slice(0, MAX_PER_KIND)) {
    const kinds = s.kinds.map((k) => STALL_KIND_MEANING[k] ?? k).join('; ');
    const d = new vscode.Diagnostic(lineRange(doc, s.line), `RCU stall: ${stallSummary(s)} — ${kinds}`, vscode.DiagnosticSeverity.Warning);
    d.source = SOURCE;
    d.code = { value: `stall:${s.kinds[0] ?? 'cpu-stall'}`, target: vscode.Uri.parse(RCU_DOCS.stallWarn) };
    const rel: vscode.DiagnosticRelatedInformation[] = [];
    if (s.culprit && s.culprit.line <= doc.lineCount) rel.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, s.culprit.line)), `likely culprit: ${s.culprit.frame}`));
    if (s.endLine !== s.line && s.endLine <= doc.lineCount) rel.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, s.endLine)), 'end of the stall report'));
    d.relatedInformation = rel;
    out.push(d);
  }
  out.push(...tortureDiagnostics(doc, r));
  // The kernel's own RCU rules (src/core/kernel/collector.ts), from RCU tracepoints.
  for (const f of (a.kernel?.findings ?? []).slice(0, MAX_PER_KIND)) {
    const d = new vscode.Diagnostic(lineRange(doc, f.line), f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = SOURCE;
    d.code = { value: f.rule, target: vscode.Uri.parse(RCU_DOCS.requirements) };
    d.relatedInformation = f.related
      .filter((x) => x.line >= 1 && x.line <= doc.lineCount)
      .map((x) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, x.line)), x.message));
    out.push(d);
  }
  for (const w of a.warnings.slice(0, MAX_PER_KIND)) {
    if (w.line < 1) continue;
    const d = new vscode.Diagnostic(lineRange(doc, w.line), w.message, vscode.DiagnosticSeverity.Information);
    d.source = SOURCE;
    d.code = 'analysis';
    // A summary (capWarnings.ts) sits on the first line it stands for and points at the last.
    if (w.lastLine !== undefined && w.lastLine <= doc.lineCount) {
      d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, w.lastLine)), 'the last of them')];
    }
    out.push(d);
  }
  return out;
}

export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly docs: KernelDocs, service: AnalysisService) {
    this.subs.push(
      service.onDidUpdate(({ doc, result }) => this.update(doc, result)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      docs.onDidChange((d) => { if (!docs.isKernel(d)) this.collection.delete(d.uri); }),
    );
  }

  update(doc: vscode.TextDocument, r: DocAnalysis): void {
    guard('diagnostics', undefined, () => {
      if (!this.docs.isKernel(doc)) { this.collection.delete(doc.uri); return; }
      this.collection.set(doc.uri, toDiagnostics(doc, r));
    });
  }

  clearAll(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** The kernel's rcutorture documentation: what the statistics and the verdict mean. */
const TORTURE_DOC = 'https://docs.kernel.org/RCU/torture.html';

/** rcutorture failures (Analysis.torture): errors, except a run that only never ended (a warning). */
function tortureDiagnostics(doc: vscode.TextDocument, r: DocAnalysis): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  for (const run of r.analysis.torture ?? []) {
    for (const f of run.failures.slice(0, MAX_PER_KIND)) {
      if (f.line < 1 || f.line > doc.lineCount) continue;
      const sev = f.kind === 'incomplete' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      const again = f.repeats ? ` (and on ${f.repeats} later statistics, last at line ${f.lastLine})` : '';
      const d = new vscode.Diagnostic(lineRange(doc, f.line), `rcutorture (${run.type}) ${run.verdict}: ${f.message}${again}`, sev);
      d.source = SOURCE;
      d.code = { value: `torture:${f.kind}`, target: vscode.Uri.parse(TORTURE_DOC) };
      const rel: vscode.DiagnosticRelatedInformation[] = [];
      const at = (line: number, msg: string) => { if (line >= 1 && line <= doc.lineCount && line !== f.line) rel.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, lineRange(doc, line)), msg)); };
      at(run.startLine, run.startSeen ? 'start of the rcutorture run' : 'first rcutorture line of the run (the log starts mid-run)');
      if (f.lastLine !== undefined) at(f.lastLine, 'last repeat');
      at(run.endLine, run.endSeen ? 'end of the rcutorture run' : 'last line of the run (no End of test line)');
      d.relatedInformation = rel;
      out.push(d);
    }
  }
  return out;
}
