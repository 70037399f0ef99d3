// Shared by Diff with Simulator and What If…: which run of which log, fitted into a scenario.
import * as vscode from 'vscode';
import type { Analysis, Run } from '../../core/model';
import type { CompiledProfile } from '../../core/patterns/profile';
import { fitScenarioDetailed } from '../../core/sim/compare/fit';
import type { Scenario } from '../../core/sim/scenario/scenario';
import { type Lens, targetDocument } from '../lens';

interface FittedRun {
  doc: vscode.TextDocument;
  analysis: Analysis;
  run: Run;
  scenario: Scenario;
  notes: string[];
  profile: CompiledProfile;
}

/** The run named by the CodeLens (run id), else the one at the cursor, else the first. */
export async function fittedRun(lens: Lens, arg: unknown, runArg: unknown): Promise<FittedRun | undefined> {
  const doc = await targetDocument(lens, arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a kernel log first.'); return undefined; }
  const r = await lens.service.get(doc);
  const a = r.analysis;
  let run = typeof runArg === 'number' ? a.runs[runArg] : undefined;
  const editor = vscode.window.activeTextEditor;
  if (!run && editor?.document === doc) run = r.index.runAt(editor.selection.active.line + 1);
  run ??= a.runs[0];
  if (!run) {
    void vscode.window.showWarningMessage('RCU: this log holds no run of the scenario to simulate (no line the active profile recognises).');
    return undefined;
  }
  const profile = (await lens.profiles.active()).compiled;
  const fit = fitScenarioDetailed(run, a.events, undefined, profile);
  return { doc, analysis: a, run, scenario: fit.scenario, notes: fit.notes, profile };
}
