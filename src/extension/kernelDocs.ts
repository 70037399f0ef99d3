// Which open documents are kernel logs. The `kernel-log` language always is; a document in VS
// Code's `log` language is when the core's sniffer recognises a format it knows in its first few
// hundred lines. Everything else stays dark: no decorations, hovers or diagnostics.
//
// The verdict is cached per document and re-taken only when an edit touches the sniffed head.
import * as vscode from 'vscode';
import { sniffText, SNIFF_LINES } from '../core/log/sniff';
import { readConfig } from './config';
import { guard } from './log';

const KERNEL_LANGUAGE = 'kernel-log';
const LOG_LANGUAGE = 'log';
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ language: KERNEL_LANGUAGE }, { language: LOG_LANGUAGE }];
/** The context key set while the active editor shows a kernel log (menus' `when`). */
const CONTEXT_KEY = 'rcuLens.isKernelLog';

export class KernelDocs implements vscode.Disposable {
  private readonly verdicts = new Map<string, boolean>();
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when a document becomes (or stops being) a kernel log. */
  readonly onDidChange = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.subs.push(
      vscode.workspace.onDidCloseTextDocument((d) => this.verdicts.delete(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId !== LOG_LANGUAGE) return;
        if (e.contentChanges.some((c) => c.range.start.line < SNIFF_LINES)) this.resniff(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.resniff(d)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    );
    this.updateContext();
  }

  isKernel(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme === 'output') return false; // output channels (ours included) use the log language too
    if (doc.languageId === KERNEL_LANGUAGE) return true;
    if (doc.languageId !== LOG_LANGUAGE) return false;
    const key = doc.uri.toString();
    let v = this.verdicts.get(key);
    if (v === undefined) {
      v = this.sniff(doc);
      this.verdicts.set(key, v);
    }
    return v;
  }

  private sniff(doc: vscode.TextDocument): boolean {
    if (!readConfig(doc.uri).detectKernelLogs) return false;
    return guard('sniff', false, () => {
      const end = Math.min(doc.lineCount, SNIFF_LINES);
      return sniffText(doc.getText(new vscode.Range(0, 0, end, 0))).kernel;
    });
  }

  private resniff(doc: vscode.TextDocument): void {
    if (doc.languageId !== LOG_LANGUAGE && doc.languageId !== KERNEL_LANGUAGE) return;
    const key = doc.uri.toString();
    const before = this.verdicts.get(key);
    this.verdicts.delete(key);
    const now = this.isKernel(doc);
    if (before !== now) {
      this.emitter.fire(doc);
      this.updateContext();
    }
  }

  /** Treat a document as a kernel log (a command found kernel lines the sniffed head did not show). */
  force(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (this.verdicts.get(key) === true || doc.languageId === KERNEL_LANGUAGE) return;
    this.verdicts.set(key, true);
    this.emitter.fire(doc);
    this.updateContext();
  }

  /** Forget every verdict (settings changed). */
  reset(): void {
    this.verdicts.clear();
    for (const d of vscode.workspace.textDocuments) this.resniff(d);
    this.updateContext();
  }

  private updateContext(): void {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, !!doc && this.isKernel(doc));
  }

  dispose(): void {
    this.emitter.dispose();
    for (const s of this.subs) s.dispose();
  }
}
