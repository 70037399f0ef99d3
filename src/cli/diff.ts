// rcu-lens diff LOG: rerun each run of LOG on the simulator (timings fitted from the run) and
// compare expected with actual.
//   --scenario FILE   the module's scenario (default: the seed module)
//   --run N           only run N (1-based)
//   --no-fit          use the scenario's own timings instead of fitting them from the run
//   --json            one JSON object: per run, the diff entries, counts, first forbidden difference
//   --seed N, --profile P
// Exit: 0 no forbidden difference, 1 at least one, 2 unreadable input (or no run to compare).

import { type CliIO, CliInputError } from './io';
import { type OptionSpec, parseArgs } from './args';
import { loadProfile } from './inputs';
import { numberFlag, pickRun, readLog, readScenario } from './simInput';
import type { Run } from '../core/model';
import { type DiffEntry, diffRun, type RunDiff } from '../core/sim/compare/diff';
import { formatDmesgLine } from '../core/sim/run/dmesgOut';
import { simulate } from '../core/sim/run/engine';
import { fitScenarioDetailed } from '../core/sim/compare/fit';
import type { SimResult } from '../core/sim/run/types';

const OPTIONS: OptionSpec = {
  command: 'diff',
  valued: ['scenario', 'run', 'seed', 'profile', 'tolerance'],
  switches: ['json', 'no-fit'],
  formats: ['text', 'json'],
  usage: 'rcu-lens diff LOG [--scenario FILE] [--run N] [--no-fit] [--tolerance S] [--seed N] [--profile P] [--json | --format text|json]',
};

export async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  const file = positional[0];
  if (!file || positional.length > 1) throw new CliInputError(`usage: ${OPTIONS.usage}`);
  const profile = loadProfile(flags.get('profile'));
  const base = await readScenario(io, flags.get('scenario'));
  const a = await readLog(io, file, profile);
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
