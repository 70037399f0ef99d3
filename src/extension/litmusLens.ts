// .litmus files (herd7 C litmus tests): a CodeLens "Check with rcu-lens" on the `C name` line
// that, once run, shows the verdict inline (and whether it agrees with the file's Result line);
// for Sometimes and Always a second lens opens an execution that satisfies `exists` as a log,
// with its timeline. Results are kept per document version: an edit brings the button back.
// The checker, the analyzer and the timeline are imported on first use (a click), not at activation:
// esbuild keeps them in the bundle but evaluates them only when the import() runs.
import * as vscode from 'vscode';
import type { LitmusResult } from '../core/sim/litmus/outcome';
import type { Lens } from './lens';
import { guard } from './log';

export const LITMUS_LANGUAGE = 'litmus';

type LitmusCheck = LitmusResult;
type Outcome = typeof import('../core/sim/litmus/outcome');
let outcome: Promise<Outcome> | undefined;
const loadOutcome = (): Promise<Outcome> => (outcome ??= import('../core/sim/litmus/outcome'));

export class LitmusLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly results = new Map<string, { version: number; check: LitmusCheck; text: string }>();
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
      const out = [new vscode.CodeLens(at, { title: `rcu-lens: ${cached.text}`, command: 'rcuLens.checkLitmus', arguments: [doc.uri], tooltip: 'Check again' })];
      if (c.witness) out.push(new vscode.CodeLens(at, { title: '$(graph-line) Show execution', command: 'rcuLens.showLitmusExecution', arguments: [doc.uri], tooltip: 'Open an execution in which the exists clause holds, as a log with its timeline' }));
      return out;
    });
  }

  async check(doc: vscode.TextDocument): Promise<{ check: LitmusCheck; text: string }> {
    const o = await loadOutcome();
    const c = o.checkLitmusSource(doc.getText(), o.DEFAULT_MAX_STATES, { witness: true });
    const r = { version: doc.version, check: c, text: verdictText(o, c) };
    this.results.set(doc.uri.toString(), r);
    this.emitter.fire();
    return r;
  }

  cached(doc: vscode.TextDocument): { check: LitmusCheck; text: string } | undefined {
    const c = this.results.get(doc.uri.toString());
    return c && c.version === doc.version ? c : undefined;
  }

  dispose(): void {
    this.emitter.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** States per search before a test is reported Unknown: the CLI's default, DEFAULT_MAX_STATES. */
function verdictText(o: Outcome, c: LitmusCheck): string {
  switch (c.verdict) {
    case 'Unsupported': return `Unsupported: ${c.detail}`;
    case 'Error': return `cannot read the test: ${c.detail}`;
    case 'Unknown': return `Unknown (more than ${o.DEFAULT_MAX_STATES.toLocaleString('en')} states; rcu-lens litmus --max-states goes further)`;
    default: {
      // short: the lens that opens an execution sits beside it on the same line
      const herd = !c.expected || !o.VERDICTS.includes(c.expected) ? '' : o.disagrees(c.expected, c.verdict) ? ` ✗ its Result line says ${c.expected}` : ' ✓ as its Result line';
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
  const { check: c, text } = await litmus.check(doc);
  const o = await loadOutcome();
  const say = c.verdict === 'Unsupported' || c.verdict === 'Error' || c.verdict === 'Unknown' || o.disagrees(c.expected, c.verdict)
    ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void say(`RCU: ${c.test?.name ?? 'litmus test'}: ${text}`);
  return c;
}

/** rcuLens.showLitmusExecution: the witness as a log (read with a pattern made for it: processes, sections, grace periods) and its timeline. */
export async function showLitmusExecution(lens: Lens, litmus: LitmusLens, arg?: unknown): Promise<vscode.Uri | undefined> {
  const doc = await litmusDoc(arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a .litmus file first.'); return undefined; }
  const { check: c, text } = litmus.cached(doc) ?? await litmus.check(doc);
  if (!c.test || !c.witness) {
    void vscode.window.showInformationMessage(`RCU: ${text}: no execution satisfies the exists clause, so there is none to show.`);
    return undefined;
  }
  const [{ witnessLog }, { analyzeText }, { showTimelineFor }] = await Promise.all([
    import('../core/sim/litmus/witnessLog'), import('../core/analyze'), import('./commands/showTimeline'),
  ]);
  const w = witnessLog(c.test.name, c.test.program, c.witness, `an execution in which the exists clause holds (${c.verdict})`);
  const log = await vscode.workspace.openTextDocument({ language: 'kernel-log', content: w.log });
  await vscode.window.showTextDocument(log, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  await showTimelineFor(lens, analyzeText(w.log, { patterns: [w.pattern] }), log.uri, 0);
  return log.uri;
}
