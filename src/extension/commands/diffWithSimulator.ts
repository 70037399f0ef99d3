// RCU: Diff with Simulator — rerun a run of the log on the simulator, with timings fitted from
// the log, and open the diff editor on the expected and actual event sequences; the timeline, when
// open, shows the expected run as ghost bars. Arguments: (uri?, run id?) as the CodeLens passes them.
import * as vscode from 'vscode';
import { diffRun, type DiffClass } from '../../core/sim/compare/diff';
import { simulate } from '../../core/sim/run/engine';
import { analyzeExpected } from '../../core/sim/run/expected';
import type { Lens } from '../lens';
import { overlayExpected, showComparison } from '../simView';
import { fittedRun } from './simRun';

export interface DiffResult {
  run: number;
  /** Event lines that are not the same in both (the core diff's entries other than `same`). */
  differing: number;
  /** The core diff's counts per class, as `rcu-lens diff` prints them. */
  counts: Record<DiffClass, number>;
  /** The core diff's summary sentence (the CLI's, word for word). */
  summary: string;
  forbidden: boolean;
  expectedViolations: number;
  actualViolations: number;
  left: vscode.Uri;
  right: vscode.Uri;
}

export async function diffWithSimulator(lens: Lens, arg?: unknown, runArg?: unknown): Promise<DiffResult | undefined> {
  const f = await fittedRun(lens, arg, runArg);
  if (!f) return undefined;
  const result = simulate(f.scenario, {}, f.profile);
  const expected = analyzeExpected(result, f.profile);
  const expRun = expected.runs[0];
  if (!expRun) {
    void vscode.window.showWarningMessage('RCU: the simulator produced no run for this scenario.');
    return undefined;
  }
  // The same diff as `rcu-lens diff`: each difference classified (timing, other path, forbidden,
  // missing, extra), the actual order checked against every ordering RCU permits.
  const d = diffRun(f.analysis, f.run, result, { profile: f.profile });
  const differing = d.entries.length - d.counts.same;
  const shown = await showComparison(lens.sim, f.doc.uri, {
    left: { title: `log, run ${f.run.id + 1}`, analysis: f.analysis, run: f.run },
    right: { title: 'simulator (expected)', analysis: expected, run: expRun },
    notes: [...f.notes, ...(result.deadlock ? ['the simulated run deadlocked'] : []), d.summary],
    label: `run ${f.run.id + 1} ↔ simulator`,
  });
  overlayExpected(lens.timeline, f.doc.uri, expected, 'expected run (simulator)');
  const actualViolations = f.analysis.violations.filter((v) => v.run === f.run.id).length;
  const c = d.counts;
  const summary = differing === 0
    ? 'the log matches the simulator event for event'
    : `${d.firstForbidden ? 'a forbidden difference' : 'no forbidden difference'}: ${c.timing} timing only, ${c.path} other path, ${c.forbidden} forbidden, ${c.missing} missing, ${c.extra} extra`;
  void vscode.window.showInformationMessage(`RCU: run ${f.run.id + 1}: ${summary}; log: ${actualViolations || 'no'} violation${actualViolations === 1 ? '' : 's'}, simulator: ${expected.violations.length || 'no'} violation${expected.violations.length === 1 ? '' : 's'}.`);
  return { run: f.run.id, differing, counts: d.counts, summary: d.summary, forbidden: d.firstForbidden !== null, expectedViolations: expected.violations.length, actualViolations, left: shown.left, right: shown.right };
}
