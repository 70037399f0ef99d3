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
import { diffPatternRun, type PatternLine, patternLines } from '../../core/sim/compare/patternDiff';
import { scenarioForPattern } from '../../core/sim/scenario/builtin';
import { BUILTIN_PATTERNS } from '../../core/patterns/builtin';
import { compilePattern } from '../../core/patterns/schema';
import type { Analysis, Run } from '../../core/model';

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
  const rr = f.analysis.rcu?.find((x) => x.run === f.run.id);
  if (rr && scenarioForPattern(rr.pattern)) return diffPatternRunInEditor(lens, f.doc, f.analysis, f.run, rr.pattern);
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

/** A data-declared pattern's run (rcu-list): fitted from its lines and rerun on the pattern's
 * built-in scenario, compared line for line by the core (the CLI's `rcu-lens diff` does the same). */
async function diffPatternRunInEditor(lens: Lens, doc: vscode.TextDocument, a: Analysis, run: Run, pattern: string): Promise<DiffResult | undefined> {
  const sc = scenarioForPattern(pattern)!;
  const p = BUILTIN_PATTERNS.find((x) => x.name === pattern);
  const rr = a.rcu!.find((x) => x.run === run.id)!;
  if (!p) return undefined;
  const compiled = compilePattern(p);
  const lines = patternLines(doc.getText(), compiled, rr.startLine, rr.endLine);
  const fit = sc.fit(lines);
  const result = simulate(fit.scenario, {});
  const expected = analyzeExpected(result);
  const expRun = expected.runs[0];
  if (!expRun) {
    void vscode.window.showWarningMessage('RCU: the simulator produced no run for this scenario.');
    return undefined;
  }
  const d = diffPatternRun(a, rr, lines, result, compiled);
  const t0 = (xs: readonly { time: number | null }[]): number => xs.find((x) => x.time !== null)?.time ?? 0;
  const show = (xs: readonly PatternLine[]): string[] => { const z = t0(xs); return xs.map((x) => `${x.time === null ? '       ? s' : `${(x.time - z).toFixed(1).padStart(8)} s`}  ${(x.task ?? '?').padEnd(9)}  ${x.event.padEnd(16)}  ${x.text}`); };
  const shown = await showComparison(lens.sim, doc.uri, {
    left: { title: `log, run ${run.id + 1}`, analysis: a, run, lines: show(lines) },
    right: { title: 'simulator (expected)', analysis: expected, run: expRun, lines: show(patternLines(result.log, compiled)) },
    notes: [...fit.notes, d.summary],
    label: `run ${run.id + 1} ↔ simulator`,
  });
  overlayExpected(lens.timeline, doc.uri, expected, 'expected run (simulator)');
  const actualViolations = a.violations.filter((v) => v.run === run.id).length;
  const differing = d.entries.length - d.counts.same;
  const c = d.counts;
  void vscode.window.showInformationMessage(`RCU: run ${run.id + 1}: ${d.firstForbidden ? 'a forbidden difference' : 'no forbidden difference'}: ${c.timing} timing only, ${c.forbidden} forbidden, ${c.missing} missing, ${c.extra} extra; log: ${actualViolations || 'no'} violation${actualViolations === 1 ? '' : 's'}, simulator: ${expected.violations.length || 'no'} violation${expected.violations.length === 1 ? '' : 's'}.`);
  return { run: run.id, differing, counts: d.counts, summary: d.summary, forbidden: d.firstForbidden !== null, expectedViolations: expected.violations.length, actualViolations, left: shown.left, right: shown.right };
}
