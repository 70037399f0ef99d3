// rcu-lens explore: does any ordering break the scenario's invariant (the one it declares, or
// --apart / --never)? By default the seed module (or --readers N readers of it).
//   --scenario FILE   a scenario file, or a built-in name (rcu-list, rcu-list:none, ...: its explorer form)
//   --readers N       the built-in scenario with N readers (1..16)
//   --mutate M        what-if, as simulate (drop-gpN, ...; comma-separated for several)
//   --apart F,G       the two functions whose calls must not overlap (instead of the scenario's invariant)
//   --never V[,V]     variables no read may see non-zero (V=N: see N) (instead of the scenario's invariant)
//   --max-states N    the search's bound (default 2,000,000)
//   --log             print only the counterexample's log (nothing when the invariant holds)
//   --svg             print only the counterexample's timeline, as SVG (the editor's, drawn by core)
//   --json            {scenario, subject, verdict, apart, calls | says, never, reads, states, counterexample, decidedBy, lkmm, operational, disagreement}
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
import { checkInvariant, InvariantError } from '../core/sim/explore/invariant';
import { renderInvariant } from '../core/sim/explore/invariantReport';
import { invariantLitmus } from '../core/sim/explore/exactInvariant';
import { LitmusUnsupported } from '../core/sim/litmus/parse';
import { mutationLabel } from '../core/sim/scenario/mutate';
import type { Scenario } from '../core/sim/scenario/scenario';

const OPTIONS: OptionSpec = {
  command: 'explore',
  valued: ['scenario', 'readers', 'mutate', 'apart', 'never', 'max-states', 'profile'],
  switches: ['json', 'log', 'svg', 'litmus'],
  formats: ['text', 'json'],
  usage: 'rcu-lens explore [--scenario FILE|NAME] [--readers N] [--mutate M[,M]] [--apart F,G | --never V[,V]] [--max-states N] [--profile P] [--json | --format text|json | --log | --svg | --litmus]',
};

export async function exploreCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  if (positional.length) throw new CliInputError(`explore takes no file argument (got ${positional.join(' ')}); use --scenario FILE`);
  const outputs = ['json', 'log', 'svg', 'litmus'].filter((k) => flags.has(k));
  if (outputs.length > 1) throw new CliInputError(`explore: choose one of --${outputs.join(', --')}`);
  const profile = loadProfile(flags.get('profile'));
  const readers = numberFlag(flags, 'readers', 1, 16, true);
  let scenario: Scenario = await readScenario(io, flags.get('scenario'), 'explored', readers);
  const subject = [flags.has('scenario') ? `scenario ${scenario.name || flags.get('scenario')}` : `the seed module with ${readers ?? 2} readers`];
  scenario = mutateFlag(flags, scenario, profile, (m) => subject.push(mutationLabel(m)));
  const question = questionFlags(flags);
  const maxStates = numberFlag(flags, 'max-states', 1000, 1e8, true);
  if (flags.has('litmus')) {
    const apart = question.never ? undefined : question.apart ?? (scenario.invariant?.never ? undefined : scenario.invariant?.apart);
    if (!apart) throw new CliInputError('explore --litmus writes apart questions (--apart F,G, or a scenario that declares one) as litmus tests; never-read questions are not written yet');
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
    r = checkInvariant(scenario, { profile, ...question, ...(maxStates !== undefined ? { maxStates } : {}) });
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

/** --apart F,G or --never V[=N][,V...]: the caller's own question instead of the scenario's. */
function questionFlags(flags: Map<string, string | true>): { apart?: [string, string]; never?: { read: string; equals?: number }[] } {
  const ap = flags.get('apart'), nv = flags.get('never');
  if (ap !== undefined && nv !== undefined) throw new CliInputError('explore: --apart and --never are two invariants; give one');
  if (ap !== undefined) {
    const fns = ap === true ? [] : ap.split(',').map((s) => s.trim()).filter(Boolean);
    if (fns.length !== 2) throw new CliInputError('--apart needs two function names: F,G');
    return { apart: [fns[0]!, fns[1]!] };
  }
  if (nv === undefined) return {};
  const items = nv === true ? [] : nv.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new CliInputError('--never needs variables: V[,V] (a read of V must never be non-zero) or V=N');
  return {
    never: items.map((it) => {
      const m = /^([A-Za-z_][\w.-]*)(?:=(-?\d+))?$/.exec(it);
      if (!m) throw new CliInputError(`--never: ${JSON.stringify(it)} is not VAR or VAR=N`);
      if (m[2] !== undefined && Number(m[2]) === 0) throw new CliInputError(`--never ${it}: a read that did not happen looks like 0; ask for a non-zero value`);
      return m[2] !== undefined ? { read: m[1]!, equals: Number(m[2]) } : { read: m[1]! };
    }),
  };
}
