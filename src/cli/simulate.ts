// rcu-lens simulate: run a scenario (the seed module by default) on the built-in simulator.
//   --scenario FILE   a scenario file (JSON, see src/core/sim/scenario/scenario.schema.json), or a
//                     built-in name (rcu-list, rcu-list:none, ...: sim/scenario/builtin.ts)
//   --fit LOG         measure the timings from a log first (--run N picks the run, default the first complete one)
//   --mutate M        what-if: drop-gpN (the N-th synchronize_rcu() site), add-reader@T, move-reader:NAME@T (comma-separated for several)
//   --seed N --jitter X --cpus N --preempt   simulation options (--preempt: readers may be preempted)
//   --json            the events in order, with readers, grace periods, warnings and the core's check of the expected log
//   --log             the expected log in dmesg format on stdout (feed it to rcu-lens check/analyze)
//   --emit-scenario   the scenario actually simulated (after --fit and --mutate), as a scenario file
//   --exhaustive      instead of one timed run, every ordering the RCU model permits: the outcomes
//                     (path each reader takes, final values), and for each the distinct orders of
//                     its printed lines, each written as a log and checked by the core (as
//                     analyzeExpected does): how many break RCU's rules, which rules, an example;
//                     then a verdict line. With --json as JSON (per outcome: orderings, violating,
//                     violations {rule: orderings}, example {log, rules, violations}).
// Exit: 0 (also when the expected log or some ordering breaks RCU's rules: simulate reports, it
// does not judge; use check on --log, or diff, for an exit code), or 2 on unreadable input.

import { type CliIO, CliInputError } from './io';
import { type OptionSpec, parseArgs } from './args';
import { loadProfile } from './inputs';
import { fitPatternRun, mutateFlag, numberFlag, pickRun, readLog, readScenario } from './simInput';
import { simulate } from '../core/sim/run/engine';
import { analyzeExpected } from '../core/sim/run/expected';
import { exhaustiveOutcomes } from '../core/sim/explore/exhaustive';
import { fitScenarioDetailed } from '../core/sim/compare/fit';
import { describeMutation } from '../core/sim/scenario/mutate';
import { renderSimSummary } from '../core/sim/run/report';
import { ProgramError } from '../core/sim/explore/program';
import type { Scenario } from '../core/sim/scenario/scenario';
import { scenarioToJson } from '../core/sim/scenario/parse';
import type { SimOptions } from '../core/sim/run/types';
import { patternOfScenario } from '../core/sim/scenario/builtin';

const OPTIONS: OptionSpec = {
  command: 'simulate',
  valued: ['scenario', 'fit', 'run', 'mutate', 'seed', 'jitter', 'cpus', 'profile'],
  switches: ['json', 'log', 'emit-scenario', 'preempt', 'exhaustive'],
  formats: ['text', 'json'],
  usage: 'rcu-lens simulate [--scenario FILE|NAME] [--fit LOG [--run N]] [--mutate M[,M]] [--seed N] [--jitter X] [--cpus N] [--preempt] [--profile P] [--json | --format text|json | --log | --emit-scenario | --exhaustive]',
};

export async function simulateCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  if (positional.length) throw new CliInputError(`simulate takes no file argument (got ${positional.join(' ')}); use --scenario FILE or --fit LOG`);
  const outputs = ['json', 'log', 'emit-scenario'].filter((k) => flags.has(k));
  if (outputs.length > 1) throw new CliInputError(`simulate: choose one of --${outputs.join(', --')}`);

  const profile = loadProfile(flags.get('profile'));
  // every ordering (--exhaustive) of a built-in scenario: its small form, as explore checks it
  let scenario: Scenario = await readScenario(io, flags.get('scenario'), flags.has('exhaustive') && !flags.has('fit') ? 'explored' : 'timed');
  const notes: string[] = [];
  const fit = flags.get('fit');
  const spec = flags.get('scenario');
  const pattern = typeof spec === 'string' ? patternOfScenario(spec) : null;
  if (fit !== undefined && pattern) {
    // a pattern's scenario (rcu-list): the plan one run of it followed, from its lines
    if (fit === true) throw new CliInputError('--fit needs a log file');
    const a = await readLog(io, fit, profile);
    const r = await fitPatternRun(io, fit, a, pattern, flags.get('run'));
    scenario = r.scenario;
    notes.push(`fitted from ${fit}, run ${r.run + 1}`, ...r.notes);
  } else if (fit !== undefined) {
    if (fit === true) throw new CliInputError('--fit needs a log file');
    const a = await readLog(io, fit, profile);
    const run = pickRun(a, fit, flags.get('run'));
    const r = fitScenarioDetailed(run, a.events, scenario, profile);
    scenario = r.scenario;
    notes.push(`timings fitted from ${fit}, run ${run.id + 1} (lines ${run.startLine}-${run.endLine})`, ...r.notes);
  }
  scenario = mutateFlag(flags, scenario, profile, (m) => notes.push(`what if: ${describeMutation(m)}`));
  if (flags.has('emit-scenario')) {
    io.stdout(JSON.stringify(scenarioToJson(scenario), null, 2) + '\n');
    return 0;
  }
  if (flags.has('exhaustive')) {
    if (flags.has('log')) throw new CliInputError('simulate: --exhaustive has no log to print (every ordering, no timings); use --json or the summary');
    let r;
    try {
      r = exhaustiveOutcomes(scenario, { profile });
    } catch (e) {
      if (e instanceof ProgramError) throw new CliInputError(`simulate --exhaustive: ${e.message}`);
      throw e;
    }
    if (flags.has('json')) { io.stdout(JSON.stringify({ scenario: scenario.name, notes, ...r }) + '\n'); return 0; }
    const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
    io.stdout(`scenario ${scenario.name}: every ordering the model permits (${r.states} states${r.truncated ? ', stopped at the bound: the list may be incomplete' : ''})\n`);
    for (const n of notes) io.stdout(`  note: ${n}\n`);
    io.stdout(`${plural(r.outcomes.length, 'outcome')}, ${plural(r.orderings, 'ordering')} of the printed lines, each log checked by rcu-lens check:\n`);
    for (const [i, o] of r.outcomes.entries()) {
      const br = Object.entries(o.branches).map(([t, b]) => `${t}: ${b}`).join(', ');
      const vars = Object.entries(o.vars).map(([k, v]) => `${k}=${v}`).join(', ');
      io.stdout(`  ${br || '(no branches)'}${vars ? `; finally ${vars}` : ''}\n`);
      if (!o.violating) { io.stdout(`    ${plural(o.orderings, 'ordering')}, none breaks RCU's rules\n`); continue; }
      const rules = Object.entries(o.violations).map(([rule, n]) => `${rule} in ${n}`).join(', ');
      io.stdout(`    ${plural(o.orderings, 'ordering')}, ${o.violating} break${o.violating === 1 ? 's' : ''} RCU's rules (${rules})\n`);
      const v = o.example!.violations[0]!;
      io.stdout(`    e.g. line ${v.line}: ${v.message} [${v.rule}]\n`);
      io.stdout(`      (no file is written: that ordering's log is outcomes[${i}].example.log in --json)\n`);
    }
    if (r.deadlocks) io.stdout(`${r.deadlocks} ordering${r.deadlocks === 1 ? '' : 's'} deadlock (a task can never go on)\n`);
    io.stdout(r.violating
      ? `${r.violating} of ${r.orderings} orderings break RCU's rules: ${r.rules.join(', ')}\n`
      : `every ordering is one RCU permits: rcu-lens check finds no violation in any of the ${plural(r.orderings, 'ordering')}${r.truncated ? ' explored' : ''}\n`);
    return 0;
  }
  const opts: SimOptions = {};
  const seed = numberFlag(flags, 'seed', 0, 2 ** 32 - 1, true);
  const jitter = numberFlag(flags, 'jitter', 0, 1);
  const cpus = numberFlag(flags, 'cpus', 1, 4096, true);
  if (seed !== undefined) opts.seed = seed;
  if (jitter !== undefined) opts.jitter = jitter;
  if (cpus !== undefined) opts.cpus = cpus;
  if (flags.has('preempt')) opts.preemptibleReaders = true;
  const sim = simulate(scenario, opts, profile);
  if (sim.stoppedAt !== undefined) throw new CliInputError(`simulate: the scenario did not finish: ${sim.stoppedAt}`);
  if (flags.has('log')) { io.stdout(sim.log); return 0; }
  const checked = analyzeExpected(sim, profile);
  if (flags.has('json')) {
    io.stdout(JSON.stringify({
      scenario: sim.scenario.name, notes, options: sim.options, events: sim.events, readers: sim.readers,
      gracePeriods: sim.gracePeriods, syncs: sim.syncs, tasks: sim.tasks, warnings: sim.warnings, deadlock: sim.deadlock,
      violations: checked.violations,
    }) + '\n');
    return 0;
  }
  io.stdout(renderSimSummary(sim, checked, notes));
  return 0;
}
