// rcu-lens explore: does any ordering break the scenario's invariant? By default the seed module
// (or --readers N readers of it) and the phased state change's own invariant: no quick-path
// reader (cco_quickly) overlaps the maintenance (do_maint).
//   --scenario FILE   a scenario file instead of the seed
//   --readers N       the seed with N readers (1..16) instead of two
//   --mutate M        what-if, as simulate (drop-gp1, drop-gp2, ...; comma-separated for several)
//   --apart F,G       the two functions whose calls must not overlap (default do_maint,cco_quickly)
//   --max-states N    the search's bound (default 2,000,000)
//   --log             print only the counterexample's log (nothing when the invariant holds)
//   --svg             print only the counterexample's timeline, as SVG (the editor's, drawn by core)
//   --json            {scenario, subject, verdict, apart, calls, states, counterexample, decidedBy, lkmm, operational, disagreement}
//   --litmus          print the scenario with its overlap probes as a herd7 C litmus test (what the
//                     LKMM decides; herd7 -conf linux-kernel.cfg runs it), without exploring
// Exit: 0 the invariant holds in every ordering, 1 a counterexample (printed) or a deadlock,
// 2 bad input, 4 undecided (the state bound was reached).

import { type CliIO, CliInputError } from './io';
import { type OptionSpec, parseArgs } from './args';
import { loadProfile } from './inputs';
import { mutateFlag, numberFlag, readScenario } from './simInput';
import { analyzeText } from '../core/analyze';
import { buildTimeline } from '../core/timeline/timeline';
import { timelineSvg } from '../core/timeline/svg';
import { checkInvariant, DEFAULT_APART, InvariantError } from '../core/sim/explore/invariant';
import { renderInvariant } from '../core/sim/explore/invariantReport';
import { invariantLitmus } from '../core/sim/explore/exactInvariant';
import { LitmusUnsupported } from '../core/sim/litmus/parse';
import { mutationLabel } from '../core/sim/scenario/mutate';
import type { Scenario } from '../core/sim/scenario/scenario';
import { seedWithReaders } from '../core/sim/scenario/seed';

const OPTIONS: OptionSpec = {
  command: 'explore',
  valued: ['scenario', 'readers', 'mutate', 'apart', 'max-states', 'profile'],
  switches: ['json', 'log', 'svg', 'litmus'],
  formats: ['text', 'json'],
  usage: 'rcu-lens explore [--scenario FILE | --readers N] [--mutate M[,M]] [--apart F,G] [--max-states N] [--profile P] [--json | --format text|json | --log | --svg | --litmus]',
};

export async function exploreCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  if (positional.length) throw new CliInputError(`explore takes no file argument (got ${positional.join(' ')}); use --scenario FILE`);
  const outputs = ['json', 'log', 'svg', 'litmus'].filter((k) => flags.has(k));
  if (outputs.length > 1) throw new CliInputError(`explore: choose one of --${outputs.join(', --')}`);
  if (flags.has('scenario') && flags.has('readers')) throw new CliInputError('explore: --readers changes the seed scenario; it cannot be used with --scenario');
  const profile = loadProfile(flags.get('profile'));
  const readers = numberFlag(flags, 'readers', 1, 16, true);
  let scenario: Scenario = readers !== undefined ? seedWithReaders(readers) : await readScenario(io, flags.get('scenario'));
  const subject = [flags.has('scenario') ? `scenario ${scenario.name || flags.get('scenario')}` : `the seed module with ${readers ?? 2} readers`];
  scenario = mutateFlag(flags, scenario, profile, (m) => subject.push(mutationLabel(m)));
  let apart = DEFAULT_APART;
  const ap = flags.get('apart');
  if (ap !== undefined) {
    const fns = ap === true ? [] : ap.split(',').map((s) => s.trim()).filter(Boolean);
    if (fns.length !== 2) throw new CliInputError('--apart needs two function names: F,G');
    apart = [fns[0]!, fns[1]!];
  }
  const maxStates = numberFlag(flags, 'max-states', 1000, 1e8, true);
  if (flags.has('litmus')) {
    try {
      io.stdout(invariantLitmus(scenario, profile, apart));
    } catch (e) {
      if (e instanceof LitmusUnsupported) throw new CliInputError(`explore --litmus: ${e.message}`);
      throw e;
    }
    return 0;
  }
  const t0 = performance.now();
  let r;
  try {
    r = checkInvariant(scenario, { profile, apart, ...(maxStates !== undefined ? { maxStates } : {}) });
  } catch (e) {
    if (e instanceof InvariantError) throw new CliInputError(`explore: ${e.message}`);
    throw e;
  }
  const ms = performance.now() - t0;
  const code = r.verdict === 'holds' ? 0 : r.verdict === 'undecided' ? 4 : 1;
  if (flags.has('json')) {
    io.stdout(JSON.stringify({ scenario: scenario.name, subject: subject.join(', '), ...r }) + '\n');
  } else if (flags.has('log')) {
    if (r.counterexample) io.stdout(r.counterexample.log);
  } else if (flags.has('svg')) {
    if (r.counterexample) {
      const a = analyzeText(r.counterexample.log, { profile });
      io.stdout(timelineSvg(buildTimeline(a), { title: `${subject.join(', ')}: ${r.counterexample.summary}` }) + '\n');
    }
  } else {
    io.stdout(renderInvariant(r, { subject: subject.join(', '), ms }));
  }
  return code;
}
