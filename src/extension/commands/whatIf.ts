// RCU: What If… — rerun a run's scenario on the simulator with one change a learner asks about
// (drop the first or second synchronize_rcu(), add a reader, move a reader) and show what breaks:
// the core's checks on the changed run, the diff against the run as logged, ghost bars on the timeline.
import { SEED_WHAT_IFS } from '../../core/patterns/phased-state-change/simChoices';
import * as vscode from 'vscode';
import { simulate } from '../../core/sim/run/engine';
import { analyzeExpected } from '../../core/sim/run/expected';
import { type Mutation, applyMutation, describeMutation, parseMutation } from '../../core/sim/scenario/mutate';
import type { Lens } from '../lens';
import { overlayExpected, showComparison } from '../simView';
import { diffRun } from '../../core/sim/compare/diff';
import { fittedRun } from './simRun';

export interface WhatIfResult { mutation: string; violations: string[]; differing: number }

async function askMutation(readers: string[]): Promise<Mutation | undefined> {
  type Item = vscode.QuickPickItem & { make: () => Promise<Mutation | undefined> };
  const when = async (prompt: string) => {
    const v = await vscode.window.showInputBox({ title: 'RCU: What If…', prompt, placeHolder: 'seconds after the scenario starts, e.g. 45', validateInput: (s) => (/^\d+(\.\d+)?$/.test(s.trim()) ? null : 'a number of seconds') });
    return v === undefined ? undefined : Number(v);
  };
  const items: Item[] = [
    ...SEED_WHAT_IFS.map((c): Item => ({ label: c.label, description: c.description, detail: c.detail, make: async () => parseMutation(c.mutate) })),
    { label: 'Add a reader…', description: 'add-reader@T', make: async () => { const t = await when('Start a new reader at'); return t === undefined ? undefined : { kind: 'add-reader', at: t }; } },
    ...readers.map((r): Item => ({ label: `Move reader ${r}…`, description: `move-reader:${r}@T`, make: async () => { const t = await when(`Start ${r} at`); return t === undefined ? undefined : { kind: 'move-reader', task: r, at: t }; } })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'RCU: What If…', placeHolder: 'Change the scenario and rerun it on the simulator' });
  return pick?.make();
}

/** arg: log URI; mutationArg: a mutation in the CLI's syntax (add-reader@45, move-reader:NAME@100, the scenario's own: SEED_WHAT_IFS), for tests and keybindings. */
export async function whatIf(lens: Lens, arg?: unknown, mutationArg?: unknown): Promise<WhatIfResult | undefined> {
  const f = await fittedRun(lens, arg, undefined);
  if (!f) return undefined;
  let m: Mutation | undefined;
  try {
    m = typeof mutationArg === 'string' ? parseMutation(mutationArg) : await askMutation(f.run.readers.map((r) => r.task));
  } catch (e) {
    void vscode.window.showErrorMessage(`RCU: ${(e as Error).message}`);
    return undefined;
  }
  if (!m) return undefined;
  const what = describeMutation(m);
  let changed;
  try {
    changed = applyMutation(f.scenario, m, f.profile);
  } catch (e) {
    void vscode.window.showErrorMessage(`RCU: cannot ${what}: ${(e as Error).message}`);
    return undefined;
  }
  const result = simulate(changed, {}, f.profile);
  const expected = analyzeExpected(result, f.profile);
  const expRun = expected.runs[0];
  const violations = expected.violations.map((v) => `${v.rule}: ${v.message}`);
  let differing = 0;
  if (expRun) {
    const d = diffRun(f.analysis, f.run, result, { profile: f.profile, exhaustive: false });
    differing = d.entries.length - d.counts.same;
    await showComparison(lens.sim, f.doc.uri, {
      left: { title: `log, run ${f.run.id + 1}`, analysis: f.analysis, run: f.run },
      right: { title: `what if: ${what}`, analysis: expected, run: expRun },
      notes: [...f.notes, ...(result.deadlock ? ['the changed run deadlocked'] : [])],
      label: `what if: ${what}`,
    });
    overlayExpected(lens.timeline, f.doc.uri, expected, `what if: ${what}`);
  }
  void vscode.window.showInformationMessage(violations.length
    ? `RCU: what if ${what}? It breaks RCU's rules: ${expected.violations.map((v) => v.rule).join(', ')}.`
    : `RCU: what if ${what}? No RCU rule is broken${result.deadlock ? ', but the run deadlocks' : ''}.`);
  return { mutation: what, violations, differing };
}
