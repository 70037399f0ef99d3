// Inputs of the simulator's commands: a scenario file, a log to fit or diff, the run to use.
// Every problem becomes a CliInputError (exit 2) with a message that says where it is.

import type { Analysis, Run } from '../core/model';
import type { Profile } from '../core/patterns/profile';
import { parseScenario } from '../core/sim/scenario/parse';
import { type Scenario, ScenarioError } from '../core/sim/scenario/scenario';
import { SEED_SCENARIO } from '../core/patterns/phased-state-change/scenario';
import { BuiltinScenarioError, builtinScenario, builtinScenarioHelp, isBuiltinScenarioName } from '../core/sim/scenario/builtin';
import { applyMutations, type Mutation, MutationError, parseMutation } from '../core/sim/scenario/mutate';
import { type CliIO, CliInputError } from './io';
import { analyzeFile } from './inputs';
import { scenarioForPattern } from '../core/sim/scenario/builtin';
import { patternLines } from '../core/sim/compare/patternDiff';
import { BUILTIN_PATTERNS } from '../core/patterns/builtin';
import { compilePattern } from '../core/patterns/schema';

/** A log a pattern's run is diffed or fitted from is read whole (its lines a second time). */
export const MAX_PATTERN_LOG = 256 << 20;

/**
 * --scenario FILE or a built-in name (`rcu-list`, `rcu-list:none`, `phased-state-change`: see
 * sim/scenario/builtin.ts; write ./NAME for a file of that name); none: the seed. `form`: the
 * timed scenario (simulate, diff) or the one explore checks; `readers` changes a built-in's count.
 */
export async function readScenario(io: CliIO, path: string | true | undefined, form: 'timed' | 'explored' = 'timed', readers?: number): Promise<Scenario> {
  if (path === undefined) return readers === undefined ? SEED_SCENARIO : builtinScenario('phased-state-change', form, readers);
  if (path === true) throw new CliInputError(`--scenario needs a file or a built-in name; ${builtinScenarioHelp()}`);
  if (isBuiltinScenarioName(path)) {
    try {
      return builtinScenario(path, form, readers);
    } catch (e) {
      if (e instanceof BuiltinScenarioError) throw new CliInputError(`--scenario ${path}: ${e.message}`);
      throw e;
    }
  }
  if (readers !== undefined) throw new CliInputError('--readers changes a built-in scenario; it cannot be used with --scenario FILE');
  const bytes = await io.readFile(path);
  try {
    return parseScenario(new TextDecoder('utf-8').decode(bytes));
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw new CliInputError(`${path}: invalid scenario\n${e.issues.map((i) => `${path}:${i.line}:${i.column}: ${i.message}`).join('\n')}`);
    }
    throw e;
  }
}

/** Stream LOG through the analyzer (as `analyze` and `check` do); refuse binary and non-kernel input. */
export async function readLog(io: CliIO, path: string, profile: Profile): Promise<Analysis> {
  const a = await analyzeFile(io, path, profile);
  if (a.kernelLines === 0) throw new CliInputError(`${path}: no kernel log found (no line in a format rcu-lens knows)`);
  return a;
}

/** --run N (1-based), else the first complete run, else the first run. */
export function pickRun(a: Analysis, path: string, which: string | true | undefined): Run {
  if (a.runs.length === 0) throw new CliInputError(`${path}: no run of the scenario in this log (no line the profile recognises)`);
  if (which === undefined) return a.runs.find((r) => r.complete) ?? a.runs[0]!;
  const n = Number(which);
  if (!Number.isInteger(n) || n < 1 || n > a.runs.length) throw new CliInputError(`--run must be 1..${a.runs.length} for ${path}`);
  return a.runs[n - 1]!;
}

export function numberFlag(flags: Map<string, string | true>, name: string, min: number, max: number, integer = false): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new CliInputError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

/**
 * --mutate M[,M]: the mutations together (drop-gpN names a call site of the scenario as given,
 * whatever the order: mutate.ts, applyMutations); each applied one goes to onApplied.
 */
export function mutateFlag(flags: Map<string, string | true>, scenario: Scenario, profile: Profile, onApplied: (m: Mutation) => void): Scenario {
  const mut = flags.get('mutate');
  if (mut === undefined) return scenario;
  if (mut === true) throw new CliInputError('--mutate needs a mutation');
  try {
    const parsed = mut.split(',').filter(Boolean).map(parseMutation);
    scenario = applyMutations(scenario, parsed, profile);
    for (const m of parsed) onApplied(m);
  } catch (e) {
    if (e instanceof MutationError) throw new CliInputError(e.message);
    throw e;
  }
  return scenario;
}

/** simulate --scenario rcu-list --fit LOG: the scenario one run of the pattern followed (--run N
 * picks it, as in diff; default the first). */
export async function fitPatternRun(io: CliIO, file: string, a: Analysis, pattern: string, which: string | true | undefined): Promise<{ run: number; scenario: Scenario; notes: string[] }> {
  const sc = scenarioForPattern(pattern)!;
  const p = BUILTIN_PATTERNS.find((x) => x.name === pattern);
  let runs = (a.rcu ?? []).filter((r) => r.pattern === pattern);
  if (which !== undefined) { const run = pickRun(a, file, which); runs = runs.filter((r) => r.run === run.id); }
  const rr = runs[0];
  if (!p || !rr) throw new CliInputError(`${file}: no run of the ${pattern} pattern in this log${which !== undefined ? ' at --run' : ''}`);
  if (file === '-') throw new CliInputError(`--fit: the lines of a ${pattern} run are read a second time: give a file, not standard input`);
  const lines = patternLines(await io.readFile(file, MAX_PATTERN_LOG), compilePattern(p), rr.startLine, rr.endLine);
  return { run: rr.run, ...sc.fit(lines) };
}
