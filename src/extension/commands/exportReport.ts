// RCU: Export Report — the Markdown report (src/core/report/text.ts) or a self-contained HTML page with
// the timeline as SVG, written through workspace.fs beside the log (or where the user says).
import * as vscode from 'vscode';
import { renderMarkdown } from '../../core/report/text';
import type { Analysis } from '../../core/model';
import { timelineFigures } from '../export/figures';
import { reportHtml } from '../export/html';
import { type Lens, basename, targetDocument } from '../lens';

export type ReportFormat = 'markdown' | 'html';
export interface ExportOptions { format?: ReportFormat; target?: vscode.Uri; open?: boolean }

export function renderReport(a: Analysis, file: string, format: ReportFormat): string {
  const md = renderMarkdown(a, { file });
  return format === 'markdown' ? md : reportHtml(`RCU report: ${file}`, md, timelineFigures(a));
}

/** Where the report goes by default: beside the log, or in the first folder for untitled logs. */
function defaultTarget(doc: vscode.TextDocument, format: ReportFormat): vscode.Uri | undefined {
  const ext = format === 'markdown' ? 'md' : 'html';
  const name = `${basename(doc.uri).replace(/\.[^.]*$/, '') || 'log'}.rcu-report.${ext}`;
  if (doc.uri.scheme !== 'untitled') return vscode.Uri.joinPath(doc.uri, '..', name);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}

export async function exportReport(lens: Lens, arg?: unknown, opts: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = await targetDocument(lens, arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a kernel log first.'); return undefined; }
  let format = opts.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      [{ label: 'Markdown', description: '.md', format: 'markdown' as const }, { label: 'HTML', description: 'self-contained, with the timeline as SVG', format: 'html' as const }],
      { title: 'RCU: Export Report', placeHolder: 'Report format' });
    if (!pick) return undefined;
    format = pick.format;
  }
  let target = opts.target;
  if (!target) {
    target = await vscode.window.showSaveDialog({
      defaultUri: defaultTarget(doc, format),
      filters: format === 'markdown' ? { Markdown: ['md'] } : { HTML: ['html'] },
      title: 'Export RCU report',
    });
    if (!target) return undefined;
  }
  const r = await lens.service.get(doc);
  const text = renderReport(r.analysis, basename(doc.uri), format);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  if (opts.open ?? true) {
    void vscode.window.showInformationMessage(`RCU: report written to ${basename(target)}.`, 'Open').then((b) => {
      if (b === 'Open') void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target;
}
