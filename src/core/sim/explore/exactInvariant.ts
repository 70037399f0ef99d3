// The invariant explorer's verdict on the exact model. The operational search (invariant.ts,
// explore.ts) is multi-copy atomic — a store reaches every CPU at once — and the Linux-kernel
// memory model is not, so its "no ordering overlaps" does not prove that no LKMM execution does.
// Here each of its questions is asked again of the axiomatic LKMM (litmus/lkmm/): the scenario,
// with its overlap probes, written as a herd7 litmus test (toLitmus.ts) and decided the way herd7
// decides it. The LKMM's answer is the verdict; the operational search supplies the
// counterexample's steps and log when it finds the same overlap, and any difference between the
// two is reported, never dropped.
//
// Questions, as the operational search asks them: per pair of calls (a task making one call and
// the task making the other), first without bystanders (bystanders.ts: taking them away only
// takes events and edges away, and every relation of the model grows with its events and edges —
// the scenario has no plain accesses, whose race rule is the model's only negation — so no overlap
// without them proves none with them), then in the whole program. Finally: does any execution of
// the whole program complete at all (otherwise a deadlock)?

import { decideLkmm, type LkResult } from '../litmus/lkmm/decide';
import { LitmusUnsupported } from '../litmus/parse';
import { withoutBystanders } from './bystanders';
import { type Program, ProgramError, type ThreadSource } from './program';
import { pairsOf, type Probe, scenarioProgram } from './fromScenario';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import type { Scenario } from '../scenario/scenario';
import { scenarioLitmus } from './toLitmus';

type ExactVerdict = 'holds' | 'broken' | 'deadlock' | 'undecided';

interface ExactDecision {
  verdict: ExactVerdict;
  /** Candidate executions the LKMM checker examined, over all questions. */
  candidates: number;
  /** Litmus questions asked. */
  questions: number;
  /** Why undecided: the candidate bound, or a construct the translation cannot express. */
  reason?: string;
  /** broken: the overlapping probe pair's litmus test (whole program) and the execution found. */
  litmus?: string;
  witness?: string[];
  /** The probe the execution has reading 1. */
  hit?: Probe;
}

interface ExactInput {
  program: Program;
  sources: readonly ThreadSource[];
  probes: readonly Probe[];
}

interface ExactOptions {
  /** Candidate executions per question (the LKMM checker's bound). */
  maxCandidates?: number;
  name?: string;
}

export function decideInvariantLkmm(sp: ExactInput, opts: ExactOptions = {}): ExactDecision {
  const maxCandidates = opts.maxCandidates ?? 200_000;
  let candidates = 0, questions = 0;
  const ask = (probes: readonly Probe[], omit: ReadonlySet<number>, others: 'drop' | 'zero', existsOnly: boolean, comment: string): { r: LkResult; text: string } => {
    const q = scenarioLitmus(sp.program, sp.sources, { probes, omit, otherProbes: { all: sp.probes, mode: others }, name: opts.name ?? 'rcu-lens-explore', comment });
    const r = decideLkmm(q.test, { maxCandidates, existsOnly, pinFilter: true, prunePartial: true });
    candidates += r.candidates;
    questions++;
    return { r, text: q.text };
  };
  const undecided = (reason: string): ExactDecision => ({ verdict: 'undecided', candidates, questions, reason });
  try {
    for (const pair of pairsOf(sp.probes)) {
      const keep = new Set([pair[0]!.thread, pair[0]!.otherThread]);
      const small = withoutBystanders(sp.program, keep);
      const names = `${sp.program.threads[pair[0]!.thread]!.name} and ${sp.program.threads[pair[0]!.otherThread]!.name}`;
      if (small) {
        const omit = new Set(small.threads.flatMap((th, t) => (th !== sp.program.threads[t] ? [t] : [])));
        const { r } = ask(pair, omit, 'drop', true, `Can the calls of ${names} overlap? (bystander tasks left out)`);
        if (r.verdict === 'Never' || r.verdict === 'DEADLOCK') continue;
        if (r.verdict === 'Unknown') return undecided(`the LKMM question for ${names} without bystanders is past ${maxCandidates} candidate executions${r.tooBig ? ` (${r.tooBig})` : ''}`);
      }
      // one probe at a time in the whole program: a single atom lets the checker drop every
      // thread trace that reads another value before building any candidate
      for (const p of pair) {
        const { r, text } = ask([p], new Set(), 'zero', true, `Can the calls of ${names} overlap?`);
        if (r.verdict === 'Sometimes' || r.verdict === 'Always') return { verdict: 'broken', candidates, questions, litmus: text, witness: r.witness ?? [], hit: p };
        if (r.verdict === 'Unknown') return undecided(`the LKMM question for ${names} is past ${maxCandidates} candidate executions${r.tooBig ? ` (${r.tooBig})` : ''}`);
      }
    }
    // with no condition, Always/Sometimes: an execution passes the filter (every started task ran)
    const { r } = ask([], new Set(), 'drop', true, 'Does any execution complete?');
    if (r.verdict === 'Unknown') return undecided(`whether any execution completes is past ${maxCandidates} candidate executions`);
    return { verdict: r.verdict === 'Always' || r.verdict === 'Sometimes' ? 'holds' : 'deadlock', candidates, questions };
  } catch (e) {
    if (e instanceof LitmusUnsupported) return undecided(`the LKMM translation cannot express ${e.message}`);
    throw e;
  }
}

/** The whole program as one litmus test: can any call of one function overlap any of the other? */
function wholeLitmus(sp: ExactInput, name = 'rcu-lens-explore'): string {
  return scenarioLitmus(sp.program, sp.sources, { probes: sp.probes, name, comment: 'Can any two calls overlap? Written by rcu-lens explore.' }).text;
}

interface Counterexample { summary: string; steps: string[]; log: string; violations: unknown[] }

/** What the verdict adds to the operational search's result (InvariantResult's own fields). */
interface ExactFields {
  decidedBy: 'lkmm' | 'operational';
  lkmm: { verdict: ExactVerdict; candidates: number; questions: number; reason?: string };
  operational: ExactVerdict;
  disagreement: string | null;
}

/**
 * One answer from the two models. The LKMM's verdict stands whenever it has one; the operational
 * search's counterexample is shown when it found the same overlap (its executions are sequentially
 * consistent ones with only the reorderings the LKMM's ppo allows, so the LKMM allows them too),
 * otherwise the LKMM's execution is. Only when the LKMM cannot decide does an operational
 * counterexample decide "broken"; an operational "holds" never decides anything alone.
 */
export function onExactModel<R extends { verdict: ExactVerdict; counterexample: Counterexample | null }>(op: R, lk: ExactDecision, prog: Program): R & ExactFields {
  const lkmm = { verdict: lk.verdict, candidates: lk.candidates, questions: lk.questions, ...(lk.reason ? { reason: lk.reason } : {}) };
  const both = { lkmm, operational: op.verdict };
  if (lk.verdict === 'undecided') {
    if (op.verdict === 'broken') return { ...op, ...both, decidedBy: 'operational', disagreement: null };
    return { ...op, ...both, verdict: 'undecided', counterexample: null, decidedBy: 'lkmm', disagreement: null };
  }
  const disagreement = op.verdict !== 'undecided' && op.verdict !== lk.verdict
    ? `the LKMM says ${lk.verdict}, the operational search ${op.verdict}${lk.verdict === 'broken' ? ' (the overlap needs a store that is not seen by every CPU at once, which the operational search cannot express)' : ''}`
    : null;
  let counterexample: R['counterexample'] = null;
  if (lk.verdict === 'broken') counterexample = op.verdict === 'broken' && op.counterexample ? op.counterexample : lkmmCounterexample(lk, prog) as R['counterexample'];
  return { ...op, ...both, verdict: lk.verdict, counterexample, decidedBy: 'lkmm', disagreement };
}

/** The LKMM's own execution as a counterexample: who reads what from whom (no printed lines). */
function lkmmCounterexample(lk: ExactDecision, prog: Program): Counterexample {
  const hit = lk.hit!;
  const task = (t: number): string => prog.threads[t]!.name;
  return {
    summary: `${hit.fn} (${task(hit.thread)}) overlaps ${hit.otherFn} (${task(hit.otherThread)}) in an execution the LKMM allows`,
    steps: [...(lk.witness ?? []), '(the execution of the litmus test below; printk() lines are not events of the LKMM)', ...(lk.litmus ?? '').trimEnd().split('\n')],
    log: '',
    violations: [],
  };
}

/** The scenario with its overlap probes as one herd7 litmus test (`rcu-lens explore --litmus`). */
export function invariantLitmus(sc: Scenario, profile: Profile | CompiledProfile | undefined, apart: readonly [string, string]): string {
  let sp;
  try {
    sp = scenarioProgram(sc, profile, { printIsFence: false, apart });
  } catch (e) {
    if (e instanceof ProgramError) throw new LitmusUnsupported(e.message);
    throw e;
  }
  if (sp.probes.length === 0) throw new LitmusUnsupported(`no task calls ${apart.join(' and ')} with a call step`);
  return wholeLitmus(sp, sc.name ? `rcu-lens-${sc.name}` : undefined);
}
