// One Analysis per open kernel-log document and version, shared by every view (decorations,
// hovers, diagnostics, outline, folding, CodeLens, status bar, commands).
//
// - Cheap activation: the analysis core is imported on first use, not at activation.
// - Edits: VS Code moves existing decorations and diagnostics with the text, so the analysis is
//   redone only after typing pauses (debounced, longer for bigger documents), never per keystroke.
// - Big documents: the text is fed to the streaming analyzer in chunks with a yield between them,
//   so the extension host keeps answering; a newer version cancels an older run.
// - Bad input never throws out of here: a failed analysis is logged and yields an empty result.
import { emptyKernel } from '../core/kernel/collector';
import * as vscode from 'vscode';
import type { Analysis } from '../core/model';
import { buildLineIndex, type LineIndex } from '../core/explain/lineIndex';
import { readConfig } from './config';
import type { KernelDocs } from './kernelDocs';
import { logError, output } from './log';
import type { ProfileStore } from './profiles';
import { dropNoise } from './noise';
import { hostIndexOf } from './byteSearch';

export interface DocAnalysis {
  uri: string;
  version: number;
  analysis: Analysis;
  index: LineIndex;
  profile: string;
  /** The document is over rcuLens.largeLogThresholdMB: not analysed in the editor (use Open Large Log). */
  large: boolean;
}

/** Characters in a document, without copying its text. */
function docChars(doc: vscode.TextDocument): number {
  return doc.lineCount ? doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) : 0;
}

const CHUNK_CHARS = 1 << 20;

type AnalyzeModule = typeof import('../core/analyze');
let core: Promise<AnalyzeModule> | undefined;
/** The analysis core, loaded on first use (esbuild keeps it in the bundle but evaluates it lazily). */
export function loadCore(): Promise<AnalyzeModule> {
  core ??= import('../core/analyze');
  return core;
}

const yieldToHost = () => new Promise<void>((r) => setTimeout(r, 0));

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new Map<string, DocAnalysis>();
  private readonly running = new Map<string, { version: number; gen: number; promise: Promise<DocAnalysis> }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private gen = 0;
  private readonly emitter = new vscode.EventEmitter<{ doc: vscode.TextDocument; result: DocAnalysis }>();
  /** Fires after a document's analysis is (re)computed. */
  readonly onDidUpdate = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly docs: KernelDocs, private readonly profiles: ProfileStore) {
    this.subs.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.docs.isKernel(e.document)) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
    );
  }

  /** The latest analysis of the document, whatever its version (for views that can use a stale one). */
  peek(doc: vscode.TextDocument): DocAnalysis | undefined {
    return this.cache.get(doc.uri.toString());
  }

  /** The analysis of the document's current version, if it is ready. */
  current(doc: vscode.TextDocument): DocAnalysis | undefined {
    const r = this.cache.get(doc.uri.toString());
    return r && r.version === doc.version ? r : undefined;
  }

  /** The analysis of the document's current version, computed now if needed. */
  get(doc: vscode.TextDocument): Promise<DocAnalysis> {
    const key = doc.uri.toString();
    const ready = this.current(doc);
    if (ready) return Promise.resolve(ready);
    const run = this.running.get(key);
    if (run && run.version === doc.version) return run.promise;
    const gen = ++this.gen;
    const promise = this.compute(doc, gen);
    this.running.set(key, { version: doc.version, gen, promise });
    void promise.finally(() => { if (this.running.get(key)?.gen === gen) this.running.delete(key); });
    return promise;
  }

  /** Re-analyse after a pause in typing. */
  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    // Longer pauses for bigger documents: their analysis costs more.
    const delay = Math.min(2000, 300 + Math.floor(doc.lineCount / 20_000) * 100);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) void this.get(doc);
    }, delay));
  }

  /** Drop every cached analysis and redo the open kernel logs (profile or settings changed). */
  refreshAll(): void {
    this.cache.clear();
    this.running.clear();
    for (const doc of vscode.workspace.textDocuments) if (this.docs.isKernel(doc)) void this.get(doc);
  }

  private async compute(doc: vscode.TextDocument, gen: number): Promise<DocAnalysis> {
    const key = doc.uri.toString();
    const version = doc.version;
    const cfg = readConfig(doc.uri);
    let analysis: Analysis;
    let profileName = 'phased-state-change';
    if (docChars(doc) > cfg.largeLogBytes) {
      // Over the user's threshold: keep the editor light; the streaming command does the work.
      const result: DocAnalysis = { uri: key, version, analysis: emptyAnalysis(doc.lineCount, profileName), index: buildLineIndex(emptyAnalysis(0, profileName)), profile: profileName, large: true };
      result.analysis.warnings.push({ line: 0, message: `larger than rcuLens.largeLogThresholdMB (${Math.round(cfg.largeLogBytes / 1048576)} MB): not analysed in the editor; use RCU: Open Large Log` });
      this.cache.set(key, result);
      this.emitter.fire({ doc, result });
      return result;
    }
    try {
      const [{ Analyzer }, profile, userPatterns] = await Promise.all([loadCore(), this.profiles.active(), this.profiles.patterns()]);
      profileName = profile.profile.name;
      // rcuLens.patterns: tried beside the built-in patterns (a user's file of the same name replaces the built-in one).
      const patterns = userPatterns.length
        ? [...(await import('../core/patterns/builtin')).BUILTIN_PATTERNS.filter((b) => !userPatterns.some((u) => u.name === b.name)), ...userPatterns]
        : undefined;
      const analyzer = new Analyzer({ profile: profile.compiled, rules: cfg.rules, kernel: cfg.kernel, indexOf: hostIndexOf, ...(patterns ? { patterns } : {}) });
      let text = doc.getText();
      if (cfg.noiseFilters.length) text = dropNoise(text, cfg.noiseFilters);
      for (const e of cfg.noiseErrors) output().warn(e);
      const enc = new TextEncoder();
      for (let i = 0; i < text.length;) {
        let j = Math.min(text.length, i + CHUNK_CHARS);
        const c = text.charCodeAt(j - 1);
        if (j < text.length && c >= 0xd800 && c <= 0xdbff) j++; // never split a surrogate pair
        analyzer.push(enc.encode(text.slice(i, j)));
        i = j;
        if (i < text.length) {
          await yieldToHost();
          if (this.running.get(key)?.gen !== gen && this.running.has(key)) throw new Superseded();
        }
      }
      analysis = analyzer.end();
    } catch (e) {
      if (e instanceof Superseded) return this.running.get(key)?.promise ?? this.get(doc);
      logError(`analysis of ${doc.uri.toString(true)}`, e);
      analysis = emptyAnalysis(doc.lineCount, profileName);
    }
    const result: DocAnalysis = { uri: key, version, analysis, index: buildLineIndex(analysis), profile: profileName, large: false };
    if (!doc.isClosed && doc.version === version) {
      this.cache.set(key, result);
      this.emitter.fire({ doc, result });
    }
    return result;
  }

  private forget(key: string): void {
    this.cache.delete(key);
    this.running.delete(key);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.emitter.dispose();
    for (const s of this.subs) s.dispose();
  }
}

class Superseded extends Error {}

/** Blank out lines the user marked as noise (line numbers stay as in the editor). */
function emptyAnalysis(lines: number, profile: string): Analysis {
  return {
    format: 'unknown', lines, bytes: 0, kernelLines: 0, boots: [], events: [], runs: [], violations: [], stalls: [],
    trace: { events: {}, callbacksQueued: 0, callbacksInvoked: 0 }, kernel: emptyKernel(), warnings: [], profile,
  };
}
