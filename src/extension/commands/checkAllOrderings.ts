// RCU: Check All Orderings — the invariant explorer (core/sim/explore/invariant.ts) on the seed module
// (with a mutation or more readers, picked from a list) or on the scenario file in the editor.
// The verdict goes to a notification and the full report to the RCU Lens output channel; a
// counterexample opens as a kernel log beside it, with its timeline.
import { SEED_EXPLORE_CHOICES } from '../../core/patterns/phased-state-change/simChoices';
import * as vscode from 'vscode';
import { checkInvariant, InvariantError, type InvariantVerdict } from '../../core/sim/explore/invariant';
import { renderInvariant } from '../../core/sim/explore/invariantReport';
import { applyMutation, parseMutation } from '../../core/sim/scenario/mutate';
import type { Scenario } from '../../core/sim/scenario/scenario';
import { parseScenario } from '../../core/sim/scenario/parse';
import { builtinScenario } from '../../core/sim/scenario/builtin';
import type { Lens } from '../lens';
import { output } from '../log';
import { showTimelineFor } from './showTimeline';

/** What to explore, as tests and keybindings pass it (every field optional). */
export interface ExploreRequest {
  /** Readers of the seed module (default 2). */
  readers?: number;
  /** Mutations in the CLI's syntax, comma-separated (the seed's: SEED_EXPLORE_CHOICES). */
  mutate?: string;
  /** A scenario file instead of the seed. */
  scenario?: vscode.Uri;
  /** A built-in scenario instead of the seed (`rcu-list:none`: sim/scenario/builtin.ts). */
  builtin?: string;
  /** Two functions whose calls must not overlap, instead of the scenario's own invariant. */
  apart?: [string, string];
}

export interface ExploreOutcome {
  verdict: InvariantVerdict;
  subject: string;
  summary: string | null;
  states: number;
  /** The counterexample's log, opened as an untitled document. */
  log: vscode.Uri | null;
  /** Which model the verdict comes from ('lkmm': the axiomatic Linux-kernel memory model). */
  decidedBy: 'lkmm' | 'operational';
  /** Set when the LKMM and the operational search contradict each other (also shown as a warning). */
  disagreement: string | null;
}

/** States the editor explores before it gives up (the CLI's --max-states goes further). */
const MAX_STATES = 500_000;

async function pickRequest(): Promise<ExploreRequest | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  type Item = vscode.QuickPickItem & { make: () => Promise<ExploreRequest | undefined> };
  const items: Item[] = [
    ...SEED_EXPLORE_CHOICES.map((c): Item => ({ label: c.label, description: c.description, detail: c.detail, make: async () => (c.mutate ? { mutate: c.mutate } : {}) })),
    {
      label: 'The seed module with more readers…', description: '--readers N',
      make: async () => {
        const v = await vscode.window.showInputBox({ title: 'RCU: Check All Orderings', prompt: 'How many readers (1 to 16)?', value: '4', validateInput: (s) => (/^(1[0-6]|[1-9])$/.test(s.trim()) ? null : 'a whole number from 1 to 16') });
        return v === undefined ? undefined : { readers: Number(v) };
      },
    },
    { label: 'The rcu-list module, each way of freeing', description: 'rcu-list:sync, call_rcu, kfree_rcu, none', detail: 'Can a reader hold an element after it is freed?',
      make: async () => {
        const v = await vscode.window.showQuickPick(['sync', 'call_rcu', 'kfree_rcu', 'none'], { title: 'RCU: Check All Orderings', placeHolder: 'How the deleter frees an element' });
        return v === undefined ? undefined : { builtin: `rcu-list:${v}` };
      } },
  ];
  if (doc && /\.json$/i.test(doc.uri.path)) items.unshift({ label: `This scenario: ${doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1)}`, detail: 'The scenario file in the editor', make: async () => ({ scenario: doc.uri }) });
  const pick = await vscode.window.showQuickPick(items, { title: 'RCU: Check All Orderings', placeHolder: 'What to explore: every ordering the RCU rules and the kernel memory model allow' });
  return pick?.make();
}

async function scenarioOf(req: ExploreRequest): Promise<{ scenario: Scenario; subject: string[] }> {
  if (req.scenario) {
    const bytes = await vscode.workspace.fs.readFile(req.scenario);
    const name = req.scenario.path.slice(req.scenario.path.lastIndexOf('/') + 1);
    return { scenario: parseScenario(new TextDecoder().decode(bytes)), subject: [`scenario ${name}`] };
  }
  if (req.builtin) {
    const sc = builtinScenario(req.builtin, 'explored', req.readers);
    return { scenario: sc, subject: [`scenario ${sc.name}`] };
  }
  const n = req.readers ?? 2;
  return { scenario: builtinScenario('phased-state-change', 'explored', n), subject: [`the seed module with ${n} readers`] };
}

export async function checkAllOrderings(lens: Lens, arg?: unknown): Promise<ExploreOutcome | undefined> {
  const req: ExploreRequest | undefined = arg instanceof vscode.Uri ? { scenario: arg }
    : arg && typeof arg === 'object' ? arg as ExploreRequest : await pickRequest();
  if (!req) return undefined;
  let scenario: Scenario, subject: string[];
  try {
    ({ scenario, subject } = await scenarioOf(req));
    for (const m of (req.mutate ?? '').split(',').filter(Boolean)) {
      scenario = applyMutation(scenario, parseMutation(m));
      subject.push(m);
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`RCU: Check All Orderings: ${(e as Error).message}`);
    return undefined;
  }
  const what = subject.join(', ');
  const t0 = Date.now();
  let r;
  try {
    r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `RCU: exploring every ordering of ${what}…` },
      async () => checkInvariant(scenario, { ...(req.apart ? { apart: req.apart } : {}), maxStates: MAX_STATES }));
  } catch (e) {
    if (e instanceof InvariantError) { void vscode.window.showErrorMessage(`RCU: Check All Orderings: ${e.message}`); return undefined; }
    throw e;
  }
  const report = renderInvariant(r, { subject: what, ms: Date.now() - t0 });
  output().info(`Check All Orderings\n${report}`);
  const holds = r.apart ? `no ordering lets ${r.apart[1]} overlap ${r.apart[0]}` : `no ordering breaks it: ${r.says ?? 'the invariant'}`;
  let log: vscode.Uri | null = null;
  switch (r.verdict) {
    case 'holds':
      void vscode.window.showInformationMessage(`RCU: ${what}: ${holds} (${r.states} states explored).`);
      break;
    case 'deadlock':
      void vscode.window.showWarningMessage(`RCU: ${what}: no ordering runs to completion: a deadlock (synchronize_rcu() inside a reader?).`);
      break;
    case 'undecided':
      void vscode.window.showWarningMessage(`RCU: ${what}: undecided after ${r.states} states; rcu-lens explore --max-states goes further.`);
      break;
    case 'broken': {
      const cx = r.counterexample!;
      const doc = await vscode.workspace.openTextDocument({ language: 'kernel-log', content: cx.log });
      await vscode.window.showTextDocument(doc, { preview: false });
      await showTimelineFor(lens, null, doc.uri, 0);
      log = doc.uri;
      void vscode.window.showWarningMessage(`RCU: ${what}: counterexample: ${cx.summary}. Its log and timeline are open; the steps are in the RCU Lens output.`, 'Show Steps')
        .then((c) => { if (c) output().show(true); });
      break;
    }
  }
  if (r.disagreement) void vscode.window.showWarningMessage(`RCU: ${what}: the models disagree: ${r.disagreement}. The verdict is the LKMM's.`);
  return { verdict: r.verdict, subject: what, summary: r.counterexample?.summary ?? null, states: r.states, log, decidedBy: r.decidedBy, disagreement: r.disagreement };
}
