// rcu-lens diff LOG: rerun each run of LOG on the simulator (timings fitted from the run) and
// compare expected with actual.
//   --scenario FILE   the module's scenario (default: the seed module), or a built-in name; a log
//                     whose runs are all of a pattern with a built-in scenario (rcu-list) is rerun
//                     on that one: each run's plan fitted from its lines (sim/compare/patternDiff.ts)
//   --run N           only run N (1-based)
//   --no-fit          use the scenario's own timings instead of fitting them from the run
//   --json            one JSON object: per run, the diff entries, counts, first forbidden difference
//   --seed N, --profile P
// Exit: 0 no forbidden difference, 1 at least one, 2 unreadable input (or no run to compare).

import { type CliIO, CliInputError } from './io';
import { type OptionSpec, parseArgs } from './args';
import { loadProfile } from './inputs';
import { MAX_PATTERN_LOG, numberFlag, pickRun, readLog, readScenario } from './simInput';
import type { Run } from '../core/model';
import { type DiffEntry, diffRun, type RunDiff } from '../core/sim/compare/diff';
import { formatDmesgLine } from '../core/sim/run/dmesgOut';
import { simulate } from '../core/sim/run/engine';
import { fitScenarioDetailed } from '../core/sim/compare/fit';
import type { SimResult } from '../core/sim/run/types';
import type { Analysis } from '../core/model';
import { builtinScenario, patternOfScenario, scenarioForPattern } from '../core/sim/scenario/builtin';
import { diffPatternRun, patternLines } from '../core/sim/compare/patternDiff';
import { BUILTIN_PATTERNS } from '../core/patterns/builtin';
import { compilePattern } from '../core/patterns/schema';

const OPTIONS: OptionSpec = {
  command: 'diff',
  valued: ['scenario', 'run', 'seed', 'profile', 'tolerance'],
  switches: ['json', 'no-fit'],
  formats: ['text', 'json'],
  usage: 'rcu-lens diff LOG [--scenario FILE|NAME] [--run N] [--no-fit] [--tolerance S] [--seed N] [--profile P] [--json | --format text|json]',
};

export async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  const file = positional[0];
  if (!file || positional.length > 1) throw new CliInputError(`usage: ${OPTIONS.usage}`);
  const profile = loadProfile(flags.get('profile'));
  const spec = flags.get('scenario');
  const byPattern = typeof spec === 'string' ? patternOfScenario(spec) : null;
  const base = byPattern ? builtinScenario(spec as string, 'timed') : await readScenario(io, spec);
  const a = await readLog(io, file, profile);
  // A pattern's runs (rcu-list) are rerun on its scenario: named, or the only runs in the log.
  const pattern = byPattern ?? (spec === undefined && a.rcu?.length && a.rcu.length === a.runs.length ? a.rcu[0]!.pattern : null);
  if (pattern && scenarioForPattern(pattern)) return diffPatternRuns(io, file, a, pattern, flags, spec === undefined ? null : base);
  const runs: Run[] = flags.has('run') ? [pickRun(a, file, flags.get('run'))] : a.runs;
  if (runs.length === 0) throw new CliInputError(`${file}: no run of the scenario in this log (no line the profile recognises)`);
  const seed = numberFlag(flags, 'seed', 0, 2 ** 32 - 1, true);
  const tolerance = numberFlag(flags, 'tolerance', 0, 1e6);

  const results: { diff: RunDiff; sim: SimResult; notes: string[] }[] = [];
  for (const run of runs) {
    const fit = flags.has('no-fit') ? { scenario: base, notes: [] as string[] } : fitScenarioDetailed(run, a.events, base, profile);
    const sim = simulate(fit.scenario, seed !== undefined ? { seed } : {}, profile);
    if (sim.stoppedAt !== undefined) throw new CliInputError(`diff: the scenario did not finish: ${sim.stoppedAt}`);
    results.push({ diff: diffRun(a, run, sim, { profile, ...(tolerance !== undefined ? { tolerance } : {}) }), sim, notes: fit.notes });
  }
  const forbidden = results.some((r) => r.diff.firstForbidden);

  if (flags.has('json')) {
    io.stdout(JSON.stringify({
      file,
      scenario: base.name,
      forbidden,
      runs: results.map(({ diff, sim, notes }) => ({ ...diff, ordering: diff.ordering && { ...diff.ordering, ignored: diff.ordering.ignored.length }, notes, expectedLog: sim.log })),
    }) + '\n');
    return forbidden ? 1 : 0;
  }
  for (const { diff } of results) {
    io.stdout(`${diff.summary}\n`);
    const f = diff.firstForbidden;
    if (f) {
      io.stdout(`${file}:${f.actual!.line}: forbidden: ${f.reason}${f.rule ? ` [${f.rule}]` : ''}\n`);
      if (f.expected) io.stdout(`  expected (line ${f.expected.line} of the expected log): ${line(f.expected)}\n`);
      io.stdout(`  actual   (line ${f.actual!.line} of ${file}): ${line(f.actual!)}\n`);
    }
    for (const e of diff.entries) if (e.class !== 'same' && e !== f) io.stdout(`  ${e.class.padEnd(9)} ${where(file, e)}  ${e.reason ?? ''}\n`);
  }
  return forbidden ? 1 : 0;
}

function line(s: { time: number | null; text: string }): string {
  return s.time === null ? s.text : formatDmesgLine(Math.round(s.time * 1e6), s.text);
}

function where(file: string, e: DiffEntry): string {
  if (e.actual) return `${file}:${e.actual.line}`;
  return `expected line ${e.expected!.line}`;
}

/** diff for the runs of a data-declared pattern (rcu-list): each run fitted and rerun on its
 * built-in scenario (or `fixed`, with --scenario NAME --no-fit), its lines compared. */
async function diffPatternRuns(io: CliIO, file: string, a: Analysis, pattern: string, flags: Map<string, string | true>, fixed: import('../core/sim/scenario/scenario').Scenario | null): Promise<number> {
  const sc = scenarioForPattern(pattern)!;
  const p = BUILTIN_PATTERNS.find((x) => x.name === pattern);
  if (!p) throw new CliInputError(`diff: no built-in pattern ${pattern}`);
  const compiled = compilePattern(p);
  let runs = (a.rcu ?? []).filter((r) => r.pattern === pattern);
  if (flags.has('run')) { const run = pickRun(a, file, flags.get('run')); runs = runs.filter((r) => r.run === run.id); }
  if (runs.length === 0) throw new CliInputError(`${file}: no run of the ${pattern} pattern in this log${flags.has('run') ? ' at --run' : ''}`);
  if (file === '-') throw new CliInputError(`diff: the lines of a ${pattern} run are read a second time: give a file, not standard input`);
  const bytes = await io.readFile(file, MAX_PATTERN_LOG);
  const seed = numberFlag(flags, 'seed', 0, 2 ** 32 - 1, true);
  const tolerance = numberFlag(flags, 'tolerance', 0, 1e6);
  const results: { diff: RunDiff; sim: SimResult; notes: string[] }[] = [];
  for (const rr of runs) {
    const lines = patternLines(bytes, compiled, rr.startLine, rr.endLine);
    const fit = flags.has('no-fit')
      ? { scenario: fixed ?? builtinScenario(`${sc.spec}${rr.label ? `:${rr.label}` : ''}`, 'timed'), notes: [] as string[] }
      : sc.fit(lines);
    const sim = simulate(fit.scenario, seed !== undefined ? { seed } : {});
    if (sim.stoppedAt !== undefined) throw new CliInputError(`diff: the scenario did not finish: ${sim.stoppedAt}`);
    results.push({ diff: diffPatternRun(a, rr, lines, sim, compiled, tolerance !== undefined ? { tolerance } : {}), sim, notes: fit.notes });
  }
  const forbidden = results.some((r) => r.diff.firstForbidden);
  if (flags.has('json')) {
    io.stdout(JSON.stringify({ file, scenario: sc.spec, forbidden, runs: results.map(({ diff, sim, notes }) => ({ ...diff, notes, expectedLog: sim.log })) }) + '\n');
    return forbidden ? 1 : 0;
  }
  for (const { diff, notes } of results) {
    io.stdout(`${diff.summary}\n`);
    for (const n of notes) io.stdout(`  note: ${n}\n`);
    const f = diff.firstForbidden;
    if (f) io.stdout(`${file}:${f.actual!.line}: forbidden: ${f.reason}${f.rule ? ` [${f.rule}]` : ''}\n`);
    for (const e of diff.entries) if (e.class !== 'same' && e !== f) io.stdout(`  ${e.class.padEnd(9)} ${where(file, e)}  ${e.reason ?? ''}\n`);
  }
  return forbidden ? 1 : 0;
}

