// One litmus test file to an outcome, shared by `rcu-lens litmus` (litmus.ts) and
// `npm run litmus:table` (src/tools/litmus-table.ts). Kept apart from the command so the table's
// bundle does not pull in the CLI's entry point (main.ts runs itself when it is the main module).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkLitmus } from '../core/sim/litmus/check';
import { LitmusSyntaxError, LitmusUnsupported, parseLitmus } from '../core/sim/litmus/parse';
import { ProgramError } from '../core/sim/explore/program';

export const DEFAULT_MAX_STATES = 100_000;

/** The verdicts herd7 gives (and a Result line may state); anything else is not a verdict. */
export const VERDICTS: readonly string[] = ['Never', 'Sometimes', 'Always', 'DEADLOCK'];

export interface LitmusOutcome {
  file: string;
  /** Never, Sometimes, Always, DEADLOCK, Unknown, Unsupported or Error. */
  verdict: string;
  /** The test's ` * Result:` line, when it has one and parses. */
  expected?: string;
  /** States the checker visited (0 when it did not run). */
  states: number;
  /** What the parser does not model (verdict Unsupported). */
  construct?: string;
  /** Why the file could not be checked (verdict Error). */
  error?: string;
}

/**
 * Parse and check one test's text. Unsupported constructs and the checker's program limits
 * (too many branch paths or operations) are Unsupported; syntax errors are Error. Anything else
 * thrown is a bug and is not caught.
 */
export function checkLitmusText(file: string, text: string, maxStates = DEFAULT_MAX_STATES): LitmusOutcome {
  let test;
  try {
    test = parseLitmus(text);
  } catch (e) {
    if (e instanceof LitmusUnsupported || e instanceof ProgramError) return { file, verdict: 'Unsupported', states: 0, construct: e.message };
    if (e instanceof LitmusSyntaxError) return { file, verdict: 'Error', states: 0, error: `syntax error: ${e.message}` };
    throw e;
  }
  const v = checkLitmus(test, maxStates);
  // a string, not check.ts's union: the checker's verdicts may grow (Always) without this changing
  const verdict: string = v.verdict;
  return { file, verdict, ...(test.result !== null ? { expected: test.result } : {}), states: v.states };
}

/** Both are verdicts and they differ (an expected Maybe, or an undecided check, is no mismatch). */
export function mismatch(o: LitmusOutcome): boolean {
  return o.expected !== undefined && VERDICTS.includes(o.expected) && VERDICTS.includes(o.verdict) && o.expected !== o.verdict;
}

/** FILE, or every *.litmus file under DIR (recursively, sorted); a path that is neither is kept as given. */
export function litmusFiles(path: string): string[] {
  if (path === '-') return [path];
  let dir = false;
  try { dir = statSync(path).isDirectory(); } catch { /* reading it will say why */ }
  if (!dir) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.litmus'))
    .map((f) => join(path, f))
    .filter((f) => { try { return statSync(f).isFile(); } catch { return false; } })
    .sort();
}
