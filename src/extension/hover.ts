// Hovers: on an RCU API name, its definition; on any other line of a kernel log, what the line
// means in RCU terms in this run (src/core/explain/lineHover.ts renders it from the model).
import * as vscode from 'vscode';
import { explainLine, type HoverContext } from '../core/explain/lineHover';
import { kernelLineHover } from '../core/kernel/hover';
import { apiMarkdown, lookupRcuApi } from '../core/explain/rcuApi';
import type { AnalysisService } from './analysisService';
import type { KernelDocs } from './kernelDocs';
import { guardAsync } from './log';
import { stallFieldHover, type StallExplainer } from './stallExplain';
import { explainTortureLine, tortureRunAt } from '../core/torture/index';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/;
const MAX_LINE_FOR_WORDS = 10_000;

/** A link to a line of the same document: VS Code's opener selects `#L<n>` on file-like URIs. */
function lineLink(uri: vscode.Uri, line: number, label?: string): string {
  const target = uri.with({ fragment: `L${line}` }).toString().replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${label ?? `line ${line}`}](${target})`;
}


export class LensHoverProvider implements vscode.HoverProvider {
  constructor(private readonly docs: KernelDocs, private readonly service: AnalysisService, private readonly stallExplainer?: StallExplainer) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    return guardAsync('hover', undefined, async () => {
      if (!this.docs.isKernel(doc)) return undefined;
      const lineText = doc.lineAt(pos.line);
      if (lineText.text.length <= MAX_LINE_FOR_WORDS) {
        const wr = doc.getWordRangeAtPosition(pos, WORD);
        const api = wr ? lookupRcuApi(doc.getText(wr)) : null;
        if (api && wr) {
          // On a tracepoint's name in a trace line, the line's decode comes first, then the definition.
          let decoded: string | null = null;
          if (/\brcu_\w+: /.test(lineText.text)) {
            const r = await this.service.get(doc);
            if (token.isCancellationRequested || r.version !== doc.version) return undefined;
            decoded = kernelLineHover(r.index.analysis, pos.line + 1, lineText.text, (l, label) => lineLink(doc.uri, l, label));
          }
          return new vscode.Hover(markdown(decoded ? `${decoded}\n\n---\n\n${apiMarkdown(api)}` : apiMarkdown(api)), wr);
        }
      }
      const r = await this.service.get(doc);
      if (token.isCancellationRequested || r.version !== doc.version) return undefined;
      const ctx: HoverContext = { lineRef: (l, label) => lineLink(doc.uri, l, label) };
      if (this.stallExplainer) ctx.explainStall = this.stallExplainer;
      const lineMd = explainLine(r.index, pos.line + 1, ctx);
      // An RCU tracepoint or kprobe line: its fields decoded and the kernel grace period it belongs to.
      const kernelMd = lineText.text.length <= MAX_LINE_FOR_WORDS ? kernelLineHover(r.index.analysis, pos.line + 1, lineText.text, ctx.lineRef) : null;
      let md = kernelMd && lineMd ? `${kernelMd}\n\n---\n\n${lineMd}` : kernelMd ?? lineMd;
      // rcutorture lines: each counter with this line's value, the verdict on the start/end line.
      const run = tortureRunAt(r.analysis.torture, pos.line + 1);
      const tmd = run && lineText.text.length <= MAX_LINE_FOR_WORDS ? explainTortureLine(run, pos.line + 1, lineText.text, pos.character) : null;
      if (tmd) md = md ? `${tmd}\n\n---\n\n${md}` : tmd;
      // Inside a stall report, the field under the cursor comes first (t=, g=, fqs=, idle=...).
      const field = r.index.stallAt(pos.line + 1) && lineText.text.length <= MAX_LINE_FOR_WORDS ? stallFieldHover(lineText.text, pos.character) : null;
      if (field) {
        const range = new vscode.Range(pos.line, field.start, pos.line, field.end);
        return new vscode.Hover(markdown(md ? `${field.markdown}\n\n---\n\n${md}` : field.markdown), range);
      }
      return md ? new vscode.Hover(markdown(md), lineText.range) : undefined;
    });
  }
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.supportHtml = false;
  md.isTrusted = false; // no command links: log text can never run anything
  return md;
}
