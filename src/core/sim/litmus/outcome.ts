// One litmus test's text to a verdict, with every way it can fail named: the one place that
// decides what counts as Unsupported (a construct the parser does not model, or a program past
// the checker's size limits) and what as Error (a syntax error). The CLI, the agreement table and
// the editor's CodeLens all read tests through it.

import { ProgramError } from '../explore/program';
import type { Execution } from '../explore/trace';
import { checkLitmus, type Verdict } from './check';
import { decideLkmm } from './lkmm/decide';
import { parseLkmm } from './lkmm/parse';
import { LitmusSyntaxError, type LitmusTest, LitmusUnsupported, parseLitmus } from './parse';

export const DEFAULT_MAX_STATES = 100_000;

/** The verdicts herd7 gives (and a Result line may state); anything else is not a verdict. */
export const VERDICTS: readonly string[] = ['Never', 'Sometimes', 'Always', 'DEADLOCK'];

export interface LitmusResult {
  verdict: Verdict | 'Unsupported' | 'Error';
  /** The test's ` * Result:` line, when it has one and parses. */
  expected: string | null;
  /** The construct not modelled (Unsupported), the syntax error (Error), or for Unknown, the size
   * limit the program is past when it is not the state bound. */
  detail: string | null;
  /** States the checker visited (0 when it did not run). */
  states: number;
  test: LitmusTest | null;
  /** For Sometimes and Always, when asked for: an execution of the operational explorer that
   * satisfies the clause (for display; the verdict is the LKMM's). */
  witness: Execution | null;
  /** For Sometimes and Always: the LKMM execution that satisfies the clause (reads-from, registers). */
  lkmmWitness?: string[];
}

export interface CheckOptions {
  /** Also look for an operational execution to show (the editor's "Show execution"). */
  witness?: boolean;
}

export function checkLitmusSource(text: string, maxStates = DEFAULT_MAX_STATES, opts: CheckOptions = {}): LitmusResult {
  const none = { expected: null, states: 0, test: null, witness: null };
  // the verdict: the axiomatic Linux-kernel memory model (lkmm/), as herd7 decides it
  let lk;
  try {
    const t = parseLkmm(text);
    const r = decideLkmm(t, { maxCandidates: maxStates });
    lk = { t, r };
  } catch (e) {
    if (e instanceof LitmusUnsupported || e instanceof ProgramError) return { ...none, verdict: 'Unsupported', detail: e.message };
    if (e instanceof LitmusSyntaxError) return { ...none, verdict: 'Error', detail: `syntax error: ${e.message}` };
    throw e;
  }
  const base: LitmusResult = { verdict: lk.r.verdict, expected: lk.t.result, detail: lk.r.tooBig ?? null, states: lk.r.candidates, test: null, witness: null,
    ...(lk.r.witness ? { lkmmWitness: lk.r.witness } : {}) };
  if (!opts.witness || (lk.r.verdict !== 'Sometimes' && lk.r.verdict !== 'Always')) return base;
  // an operational execution to show, when the operational explorer finds one (display only)
  try {
    const test = parseLitmus(text);
    const v = checkLitmus(test, maxStates);
    return { ...base, test, witness: v.witness ?? null };
  } catch {
    return base;
  }
}

/** Both are verdicts and they differ (an expected Maybe, or an undecided check, is no mismatch). */
export function disagrees(expected: string | null | undefined, verdict: string): boolean {
  return expected != null && VERDICTS.includes(expected) && VERDICTS.includes(verdict) && expected !== verdict;
}
