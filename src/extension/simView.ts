// What the simulator's results look like in the editor: the expected and actual event sequences
// of a run as two virtual documents for VS Code's diff editor (one event per line: time since the
// run began, task, event, message), and the expected run as ghost bars on the timeline.
//
// The simulator decides nothing about RCU rules: its expected log goes back through the core's
// analyzer (analyzeExpected), and the verdicts shown are the core's checks on it.
import * as vscode from 'vscode';
import type { Analysis, LogEvent, Run } from '../core/model';
import { buildTimeline } from '../core/timeline/timeline';
import type { TimelineController } from './timeline/panel';

export const SIM_SCHEME = 'rcu-lens-sim';

/** Virtual documents by URI: written once per diff, read by VS Code through the provider. */
export class SimDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), text);
    if (this.docs.size > 40) this.docs.delete(this.docs.keys().next().value!); // keep the last few
    this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '(this comparison is no longer available: run the command again)\n';
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The events of one run as diffable lines: `   31.5 s  TASK  KIND  MESSAGE` (seconds since the run's first line). */
function eventLines(a: Analysis, run: Run): string[] {
  const evs = run.events.map((id) => a.events[id]).filter((e): e is LogEvent => !!e);
  const t0 = evs.find((e) => e.time !== null)?.time ?? null;
  const width = Math.max(4, ...evs.map((e) => (e.task ?? '?').length));
  return evs.map((e) => {
    const t = e.time !== null && t0 !== null ? `${(e.time - t0).toFixed(1).padStart(8)} s` : '       ? s';
    return `${t}  ${(e.task ?? '?').padEnd(width)}  ${e.kind.padEnd(18)}  ${e.text}`;
  });
}

function verdict(a: Analysis, run: Run): string {
  const vs = a.violations.filter((v) => v.run === run.id);
  return vs.length ? `${vs.length} RCU rule violation${vs.length === 1 ? '' : 's'}: ${vs.map((v) => v.rule).join(', ')}` : 'no RCU rule violation';
}

interface Comparison {
  /** Left side (e.g. the log) and right side (e.g. the simulator). */
  /** `lines`: the side's event lines when its run is a pattern's (its events are its lines, not
   * the seed's event kinds: sim/compare/patternDiff.ts). */
  left: { title: string; analysis: Analysis; run: Run; lines?: string[] };
  right: { title: string; analysis: Analysis; run: Run; lines?: string[] };
  /** Notes printed at the top of both sides (what was fitted or assumed). */
  notes: string[];
  label: string;
}

/** Opens the diff editor on two runs' event lines. What differs, and whether RCU allows it, is the
 * core's diff (core/sim/compare/diff.ts), which the commands run: this only shows the two sides. */
export async function showComparison(docs: SimDocuments, logUri: vscode.Uri, c: Comparison): Promise<{ left: vscode.Uri; right: vscode.Uri }> {
  // Each side is named by its URI and the diff editor's title, not by its text: a first line naming
  // the side would make two identical runs differ on line 1. Only the verdict heads each side.
  const head = (side: Comparison['left']) => [`# ${verdict(side.analysis, side.run)}`, ...c.notes.map((n) => `# note: ${n}`), ''];
  const l = c.left.lines ?? eventLines(c.left.analysis, c.left.run), r = c.right.lines ?? eventLines(c.right.analysis, c.right.run);
  const stamp = Date.now().toString(36);
  const base = logUri.path.split('/').pop() || 'log';
  const left = vscode.Uri.from({ scheme: SIM_SCHEME, path: `/${base}.${c.left.title.replace(/\W+/g, '-')}.events`, query: stamp });
  const right = vscode.Uri.from({ scheme: SIM_SCHEME, path: `/${base}.${c.right.title.replace(/\W+/g, '-')}.events`, query: stamp });
  // The verdict lines differ when the verdicts do, which is the point; the notes are shared.
  docs.set(left, [...head(c.left), ...l].join('\n') + '\n');
  docs.set(right, [...head(c.right), ...r].join('\n') + '\n');
  await vscode.commands.executeCommand('vscode.diff', left, right, `${base}: ${c.label}`, { preview: true });
  return { left, right };
}

/** Draws the expected run as ghost bars on the log's timeline panel, when one is open. */
export function overlayExpected(timeline: Pick<TimelineController, 'panelFor' | 'setOverlay'>, logUri: vscode.Uri, expected: Analysis, label: string): void {
  if (!timeline.panelFor(logUri)) return;
  const run = expected.runs[0];
  timeline.setOverlay(logUri, buildTimeline(expected, run ? `run:${run.id}` : undefined), label);
}
