// One litmus test file to an outcome, shared by `rcu-lens litmus` (litmus.ts) and
// `npm run litmus:table` (src/tools/litmus-table.ts). Kept apart from the command so the table's
// bundle does not pull in the CLI's entry point (main.ts runs itself when it is the main module).

import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkLitmusSource, DEFAULT_MAX_STATES, disagrees } from '../core/sim/litmus/outcome';

export { DEFAULT_MAX_STATES, VERDICTS } from '../core/sim/litmus/outcome';

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
  /** For Unknown: the size limit the test is past, when not the state bound. */
  limit?: string;
  /** Why the file could not be checked (verdict Error). */
  error?: string;
}

/** One test's text as the CLI reports it (core's checkLitmusSource, flattened for JSON). */
export function checkLitmusText(file: string, text: string, maxStates = DEFAULT_MAX_STATES): LitmusOutcome {
  const r = checkLitmusSource(text, maxStates);
  return {
    file, verdict: r.verdict, states: r.states,
    ...(r.expected !== null ? { expected: r.expected } : {}),
    ...(r.verdict === 'Unsupported' ? { construct: r.detail! } : r.verdict === 'Error' ? { error: r.detail! } : {}),
    ...(r.verdict === 'Unknown' && r.detail ? { limit: r.detail } : {}),
  };
}

/** Both are verdicts and they differ (an expected Maybe, or an undecided check, is no mismatch). */
export function mismatch(o: LitmusOutcome): boolean {
  return disagrees(o.expected, o.verdict);
}

/** FILE, or every *.litmus file under DIR (recursively, sorted; symbolic links to directories are
 * not followed, so a link cycle cannot loop); a path that is neither is kept as given. */
export function litmusFiles(path: string): string[] {
  if (path === '-') return [path];
  let dir = false;
  try { dir = statSync(path).isDirectory(); } catch { /* reading it will say why */ }
  if (!dir) return [path];
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 64) return;
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const name of names) {
      const f = join(d, name);
      let st;
      try { st = lstatSync(f); } catch { continue; }
      if (st.isDirectory()) walk(f, depth + 1);
      else if (name.endsWith('.litmus')) {
        // a link to a file is read; a link to a directory is not followed
        if (st.isFile()) out.push(f);
        else if (st.isSymbolicLink()) { try { if (statSync(f).isFile()) out.push(f); } catch { /* dangling */ } }
      }
    }
  };
  walk(path, 0);
  return out.sort();
}
