// RCU: Open Large Log — for files VS Code will not open for extensions (over 50 MB) or will not
// highlight: stream the file from disk through the analyzer with a cancellable progress
// notification, then show the report and the timeline. The document itself is never loaded.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/model';
import { renderMarkdown } from '../../core/report/text';
import { loadCore } from '../analysisService';
import { readInChunks, readsInRanges } from '../largeFile';
import { type Lens, basename } from '../lens';
import { readConfig } from '../config';
import { logError, output } from '../log';
import { NoiseStream } from '../noise';
import { showTimelineFor } from './showTimeline';
import { hostIndexOf } from '../byteSearch';

export interface LargeLogResult {
  uri: vscode.Uri;
  bytes: number;
  cancelled: boolean;
  analysis: Analysis | null;
  report: vscode.TextDocument | null;
}

export interface LargeLogOptions { showReport?: boolean; showTimeline?: boolean }

export async function openLargeLog(lens: Lens, arg?: unknown, opts: LargeLogOptions = {}): Promise<LargeLogResult | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'RCU: Open Large Log', openLabel: 'Analyse', filters: { 'Kernel logs': ['log', 'txt', 'dmesg', 'kmsg'], 'All files': ['*'] } });
    uri = picked?.[0];
    if (!uri) return undefined;
  }
  const target = uri;
  const name = basename(target);
  const [{ Analyzer }, profile] = await Promise.all([loadCore(), lens.profiles.active()]);
  // The same settings as the editor's analysis: which checks run, which lines are noise.
  const cfg = readConfig(target);
  for (const e of cfg.noiseErrors) output().warn(e);
  const analyzer = new Analyzer({ profile: profile.compiled, rules: cfg.rules, indexOf: hostIndexOf });
  const noise = cfg.noiseFilters.length ? new NoiseStream(cfg.noiseFilters, (b) => analyzer.push(b)) : null;
  let bytes = 0;
  // Ranged reads need Node's file system; without it the file is read whole first. Say so, since
  // that is what decides whether a 200 MB log fits.
  const ranged = readsInRanges(target);
  if (!ranged) output().info(`open large log: ${target.toString(true)} is read whole into memory (ranged reads need a desktop or remote VS Code and a local file)`);
  const notWhole = ranged ? '' : ' (read whole: no ranged reads in this VS Code)';
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `RCU: analysing ${name}${notWhole}`, cancellable: true },
    async (progress, token) => {
      let last = 0;
      try {
        return await readInChunks(target, {
          chunk: (b) => { if (noise) noise.push(b); else analyzer.push(b); bytes += b.length; },
          progress: async (done, total) => {
            const pct = (done / total) * 100;
            progress.report({ increment: pct - last, message: `${(done / 1048576).toFixed(0)} of ${(total / 1048576).toFixed(0)} MB` });
            last = pct;
            await new Promise((r) => setTimeout(r, 0)); // let cancellation and other work through
          },
        }, token);
      } catch (e) {
        logError(`open large log ${target.toString(true)}`, e);
        void vscode.window.showErrorMessage(`RCU: cannot read ${name}: ${(e as Error).message}`);
        return null;
      }
    });
  if (ok === null) return undefined;
  if (!ok) {
    void vscode.window.showInformationMessage(`RCU: analysis of ${name} cancelled.`);
    return { uri: target, bytes, cancelled: true, analysis: null, report: null };
  }
  noise?.end();
  const analysis = analyzer.end();
  let report: vscode.TextDocument | null = null;
  if (opts.showReport ?? true) {
    report = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderMarkdown(analysis, { file: name }) });
    await vscode.window.showTextDocument(report, { preview: false });
  }
  if (opts.showTimeline ?? true) await showTimelineFor(lens, analysis, target, undefined);
  else lens.external.set(target.toString(), analysis);
  return { uri: target, bytes, cancelled: false, analysis, report };
}
