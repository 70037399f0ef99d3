// rcu-lens: the command line over the analysis core.
//   rcu-lens analyze FILE [--json] [--profile P]
//   rcu-lens check FILE [--profile P]
//   rcu-lens simulate ... / rcu-lens diff LOG ...   (the simulator)
//   rcu-lens litmus FILE|DIR...   (the exhaustive checker on herd7 C litmus tests)
// Exit codes: 0 fine, 1 violations (check), a forbidden difference (diff) or a test without a
// verdict (litmus: Unknown or Unsupported), 2 unreadable input
// or a usage error (an unknown option, an option without its value). A closed standard output
// (`| head`) ends the output quietly; the exit code stays the command's own.

import { type CliIO, CliInputError, nodeIO, quietOnClosedStdout, writeChunks } from './io';
import { jsonChunks } from '../core/jsonStream';
import type { Analysis } from '../core/model';
import { type OptionSpec, outputFormat, parseArgs } from './args';
import { analyzeFile, loadPatterns, loadProfile } from './inputs';
import { KERNEL_OPTIONS, KERNEL_USAGE, kernelOptions } from './kernelOptions';
import { renderText } from '../core/report/text';
import { toSarif } from '../core/report/sarif';
import { WorkBoundError } from '../core/sim/run/bounds';

/** The CLI's version (package.json's); SARIF output names it. */
export const VERSION = '0.1.0';

const USAGE = `usage:
  rcu-lens analyze FILE [--json] [--profile PROFILE.json]   report the RCU phases, readers, grace periods, violations, stalls
  rcu-lens check FILE [--format text|json|sarif] [--profile PROFILE.json]
                   exit 0 if no RCU rule is violated, 1 if some is (FILE:LINE: message; SARIF 2.1.0 for CI)
                   or an rcutorture run failed or never ended
                   [--pattern PATTERN.json]   analyze and check: also a pattern of yours (README: Write your own pattern)
                   [--stall-timeout SECONDS]  analyze and check: a kernel grace period longer than this is kernel-gp-long
                                              (default: the timeout the log announces, else 21)
                   [--reader-block-threshold SECONDS]  analyze and check: a preempted reader holding a kernel grace
                                              period up longer than this is kernel-reader-blocking (default 1)
  rcu-lens simulate [--scenario FILE|NAME] [--fit LOG [--run N]] [--mutate M[,M]] [--seed N] [--jitter X] [--cpus N] [--preempt]
                   [--profile PROFILE.json] [--json | --log | --emit-scenario | --exhaustive]
                   rerun the scenario on the RCU simulator; M: drop-gpN, add-reader@T, add-reader:NAME@T, move-reader:NAME@T
  rcu-lens diff LOG [--scenario FILE|NAME] [--run N] [--no-fit] [--tolerance S] [--seed N] [--profile PROFILE.json] [--json]
                   expected vs actual ordering: exit 0 no forbidden difference, 1 one, 2 unreadable input
  rcu-lens explore [--scenario FILE|NAME] [--readers N] [--mutate M[,M]] [--apart F,G | --never V[,V]] [--max-states N] [--json | --log | --svg | --litmus]
                   every ordering RCU and the kernel memory model allow: can the scenario's invariant break?
                   (apart questions decided on the axiomatic LKMM; --litmus prints the question as a herd7 litmus test)
                   exit 0 never, 1 a counterexample (printed) or a deadlock, 2 bad input, 4 undecided (state bound)
  rcu-lens litmus [--json] [--max-states N] FILE|DIR...
                   herd7-style verdict of each C litmus test (a directory: its *.litmus files) from the exhaustive
                   checker: exit 0 all decided, 1 some Unknown or Unsupported, 2 unreadable or a syntax error
NAME: a built-in scenario (phased-state-change, the default; rcu-list[:sync|call_rcu|kfree_rcu|none]).
FILE may be - for standard input. Options may also be written --name=value; -- ends the options.
--format text|json (and sarif for analyze and check) chooses the output; --format json is --json.
An unknown option or a missing value is an error (exit 2).
`;

const ANALYZE: OptionSpec = { command: 'analyze', valued: ['profile', 'pattern', ...KERNEL_OPTIONS], switches: ['json'], formats: ['text', 'json', 'sarif'], usage: `rcu-lens analyze FILE [--json | --format text|json|sarif] [--profile PROFILE.json] [--pattern PATTERN.json] ${KERNEL_USAGE}` };
const CHECK: OptionSpec = { command: 'check', valued: ['profile', 'pattern', ...KERNEL_OPTIONS], switches: [], formats: ['text', 'json', 'sarif'], usage: `rcu-lens check FILE [--format text|json|sarif] [--profile PROFILE.json] [--pattern PATTERN.json] ${KERNEL_USAGE}` };

/** JSON of any size, written as it is made (jsonChunks), then a newline. */
async function printJson(io: CliIO, value: unknown, indent = 0): Promise<void> {
  await writeChunks(io, jsonChunks(value, indent));
  io.stdout('\n');
}

function printSarif(io: CliIO, file: string, a: Analysis): Promise<void> {
  return printJson(io, toSarif(a, { file, toolVersion: VERSION }), 2);
}

async function analyzeCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, ANALYZE);
  const file = positional[0];
  if (!file || positional.length > 1) { io.stderr(USAGE); return 2; }
  const kernel = kernelOptions(flags);
  const a = await analyzeFile(io, file, loadProfile(flags.get('profile')), loadPatterns(flags.get('pattern')), kernel);
  const { kernelLog, ...analysis } = a;
  const format = outputFormat(flags);
  if (format === 'json') await printJson(io, { file, ...analysis });
  else if (format === 'sarif') await printSarif(io, file, analysis);
  else io.stdout(renderText(analysis, { file }));
  if (!kernelLog) { io.stderr(`rcu-lens: ${file}: no kernel log found (no line in a format rcu-lens knows)\n`); return 2; }
  return 0;
}

async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, CHECK);
  const file = positional[0];
  if (!file || positional.length > 1) { io.stderr(USAGE); return 2; }
  const kernel = kernelOptions(flags);
  const a = await analyzeFile(io, file, loadProfile(flags.get('profile')), loadPatterns(flags.get('pattern')), kernel);
  if (!a.kernelLog) { io.stderr(`rcu-lens: ${file}: no kernel log found (no line in a format rcu-lens knows)\n`); return 2; }
  const format = outputFormat(flags);
  const { kernelLog: _k, ...analysis } = a;
  // rcutorture runs: a failed or unfinished run fails the check, as parse-console.sh flags both.
  const torture = a.torture ?? [];
  const failed = torture.filter((r) => r.verdict !== 'SUCCESS');
  // The kernel's own RCU rules broken on its tracepoints (a callback or rcu_barrier() too early).
  const kernelErrors = (a.kernel?.findings ?? []).filter((f) => f.severity === 'error');
  if (format === 'json') await printJson(io, { file, ...analysis });
  else if (format === 'sarif') await printSarif(io, file, analysis);
  else {
    for (const v of a.violations) io.stdout(`${file}:${v.line}: ${v.message} [${v.patternRule ?? v.rule}]\n`);
    for (const r of failed) for (const f of r.failures) io.stdout(`${file}:${f.line}: rcutorture (${r.type}) ${r.verdict}: ${f.message} [torture:${f.kind}]\n`);
    for (const f of kernelErrors) io.stdout(`${file}:${f.line}: ${f.message} [${f.rule}]\n`);
    for (const r of torture) io.stderr(`${file}:${r.startLine}: rcutorture (${r.type}) ${r.verdict}\n`);
  }
  if (a.violations.length === 0 && failed.length === 0 && kernelErrors.length === 0) io.stderr(`${file}: no RCU rule violated (${a.runs.length} run${a.runs.length === 1 ? '' : 's'}, ${a.stalls.length} stall report${a.stalls.length === 1 ? '' : 's'})\n`);
  return a.violations.length || failed.length || kernelErrors.length ? 1 : 0;
}

type Command = (args: string[], io: CliIO) => Promise<number>;

async function lazy(mod: () => Promise<Record<string, unknown>>, name: string): Promise<Command> {
  const m = await mod();
  return m[name] as Command;
}

export async function main(argv: string[], io: CliIO = nodeIO()): Promise<number> {
  const [cmd, ...rest] = argv;
  const dashes = rest.indexOf('--');
  if (cmd && (dashes < 0 ? rest : rest.slice(0, dashes)).some((a) => a === '--help' || a === '-h')) { io.stdout(USAGE); return 0; }
  try {
    switch (cmd) {
      case 'analyze': return await analyzeCommand(rest, io);
      case 'check': return await checkCommand(rest, io);
      case 'simulate': return await (await lazy(() => import('./simulate'), 'simulateCommand'))(rest, io);
      case 'diff': return await (await lazy(() => import('./diff'), 'diffCommand'))(rest, io);
      case 'explore': return await (await lazy(() => import('./explore'), 'exploreCommand'))(rest, io);
      case 'litmus': return await (await lazy(() => import('./litmus'), 'litmusCommand'))(rest, io);
      case '--version': case '-V': io.stdout(`rcu-lens ${VERSION}\n`); return 0;
      case undefined: case 'help': case '--help': case '-h': io.stdout(USAGE); return cmd === undefined ? 2 : 0;
      default: io.stderr(`rcu-lens: unknown command ${JSON.stringify(cmd)}\n${USAGE}`); return 2;
    }
  } catch (e) {
    if (e instanceof CliInputError) { io.stderr(`rcu-lens: ${e.message}\n`); return 2; }
    if (e instanceof WorkBoundError) { io.stderr(`rcu-lens: ${cmd}: ${e.message}\n`); return 2; }
    throw e;
  }
}

if (require.main === module) {
  quietOnClosedStdout();
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`rcu-lens: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  });
}
