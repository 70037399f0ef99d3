// .litmus files (herd7 C litmus tests): a CodeLens "Check with rcu-lens" on the `C name` line
// that, once run, shows the verdict inline (and whether it agrees with the file's Result line);
// for Sometimes and Always a second lens opens an execution that satisfies `exists` as a log,
// with its timeline. Results are kept per document version: an edit brings the button back.
import * as vscode from 'vscode';
import { checkLitmusSource, DEFAULT_MAX_STATES, disagrees, type LitmusResult, VERDICTS } from '../core/sim/litmus/outcome';
import { witnessLog } from '../core/sim/litmus/witnessLog';
import { analyzeText } from '../core/analyze';
import { showTimelineFor } from './commands/showTimeline';
import type { Lens } from './lens';
import { guard } from './log';

export const LITMUS_LANGUAGE = 'litmus';
/** States per search before a test is reported Unknown (the CLI's default too). */
const MAX_STATES = DEFAULT_MAX_STATES;

export type LitmusCheck = LitmusResult;

export class LitmusLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly results = new Map<string, { version: number; check: LitmusCheck }>();
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.subs = [vscode.workspace.onDidCloseTextDocument((d) => this.results.delete(d.uri.toString()))];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return guard('litmusLens', [], () => {
      if (doc.languageId !== LITMUS_LANGUAGE) return [];
      let line = 0;
      for (let i = 0; i < Math.min(doc.lineCount, 50); i++) if (/^\s*C\s+\S/.test(doc.lineAt(i).text)) { line = i; break; }
      const at = new vscode.Range(line, 0, line, 0);
      const cached = this.results.get(doc.uri.toString());
      if (!cached || cached.version !== doc.version) {
        return [new vscode.CodeLens(at, { title: '$(beaker) Check with rcu-lens', command: 'rcuLens.checkLitmus', arguments: [doc.uri], tooltip: 'Decide the exists clause over every execution the RCU rules and the kernel memory model allow' })];
      }
      const c = cached.check;
      const out = [new vscode.CodeLens(at, { title: `rcu-lens: ${verdictText(c)}`, command: 'rcuLens.checkLitmus', arguments: [doc.uri], tooltip: 'Check again' })];
      if (c.witness) out.push(new vscode.CodeLens(at, { title: '$(graph-line) Show execution', command: 'rcuLens.showLitmusExecution', arguments: [doc.uri], tooltip: 'Open an execution in which the exists clause holds, as a log with its timeline' }));
      return out;
    });
  }

  check(doc: vscode.TextDocument): LitmusCheck {
    const c = checkLitmusSource(doc.getText(), MAX_STATES, { witness: true });
    this.results.set(doc.uri.toString(), { version: doc.version, check: c });
    this.emitter.fire();
    return c;
  }

  cached(doc: vscode.TextDocument): LitmusCheck | undefined {
    const c = this.results.get(doc.uri.toString());
    return c && c.version === doc.version ? c.check : undefined;
  }

  dispose(): void {
    this.emitter.dispose();
    for (const s of this.subs) s.dispose();
  }
}

export function verdictText(c: LitmusCheck): string {
  switch (c.verdict) {
    case 'Unsupported': return `Unsupported: ${c.detail}`;
    case 'Error': return `cannot read the test: ${c.detail}`;
    case 'Unknown': return `Unknown (more than ${MAX_STATES.toLocaleString('en')} states; rcu-lens litmus --max-states goes further)`;
    default: {
      // short: the lens that opens an execution sits beside it on the same line
      const herd = !c.expected || !VERDICTS.includes(c.expected) ? '' : disagrees(c.expected, c.verdict) ? ` ✗ its Result line says ${c.expected}` : ' ✓ as its Result line';
      return `${c.verdict}${herd} (${c.states.toLocaleString('en')} states)`;
    }
  }
}

async function litmusDoc(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString()) ?? vscode.workspace.openTextDocument(arg);
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === LITMUS_LANGUAGE ? doc : undefined;
}

/** rcuLens.checkLitmus: the verdict, inline in the lens and in a notification. */
export async function checkLitmusCommand(litmus: LitmusLens, arg?: unknown): Promise<LitmusCheck | undefined> {
  const doc = await litmusDoc(arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a .litmus file first.'); return undefined; }
  const c = litmus.check(doc);
  const say = c.verdict === 'Unsupported' || c.verdict === 'Error' || c.verdict === 'Unknown' || disagrees(c.expected, c.verdict)
    ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void say(`RCU: ${c.test?.name ?? 'litmus test'}: ${verdictText(c)}`);
  return c;
}

/** rcuLens.showLitmusExecution: the witness as a log (read with a profile made for it) and its timeline. */
export async function showLitmusExecution(lens: Lens, litmus: LitmusLens, arg?: unknown): Promise<vscode.Uri | undefined> {
  const doc = await litmusDoc(arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a .litmus file first.'); return undefined; }
  const c = litmus.cached(doc) ?? litmus.check(doc);
  if (!c.test || !c.witness) {
    void vscode.window.showInformationMessage(`RCU: ${verdictText(c)}: no execution satisfies the exists clause, so there is none to show.`);
    return undefined;
  }
  const w = witnessLog(c.test.name, c.test.program, c.witness, `an execution in which the exists clause holds (${c.verdict})`);
  const log = await vscode.workspace.openTextDocument({ language: 'kernel-log', content: w.log });
  await vscode.window.showTextDocument(log, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  await showTimelineFor(lens, analyzeText(w.log, { profile: w.profile }), log.uri, 0);
  return log.uri;
}
