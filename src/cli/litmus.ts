// rcu-lens litmus FILE|DIR...: the exhaustive checker's herd7-style verdict on each C litmus test.
//   --max-states N   the checker's state bound per search (default 100 000)
//   --json           one JSON array: {file, verdict, expected?, states, construct? | error?}
// One line per test: FILE<TAB>VERDICT[<TAB>expected R[ MISMATCH]], VERDICT one of Never, Sometimes,
// Always, DEADLOCK, `Unknown (state bound N reached)`, `Unsupported: <construct>` (the parser
// refuses what it does not model; nothing is guessed) or `Error: <message>` (unreadable file,
// syntax error). `expected R` is the test's ` * Result:` header line; MISMATCH when R and the
// verdict are both verdicts (not Maybe) and differ. A directory stands for its *.litmus files,
// recursively, sorted.
// Exit: 0 every test got a verdict, 1 some are Unknown or Unsupported, 2 some file is unreadable or
// has a syntax error, or a usage error. A MISMATCH does not change the exit code.

import { type CliIO, CliInputError } from './io';
import { checkLitmusText, DEFAULT_MAX_STATES, litmusFiles, type LitmusOutcome, mismatch, VERDICTS } from './litmusCheck';
import { type OptionSpec, parseArgs } from './main';
import { numberFlag } from './simInput';

const OPTIONS: OptionSpec = {
  command: 'litmus',
  valued: ['max-states'],
  switches: ['json'],
  formats: ['text', 'json'],
  usage: 'rcu-lens litmus [--json | --format text|json] [--max-states N] FILE|DIR...',
};

function line(o: LitmusOutcome, maxStates: number): string {
  const v = o.verdict === 'Unknown' ? `Unknown (state bound ${maxStates} reached)`
    : o.verdict === 'Unsupported' ? `Unsupported: ${o.construct}`
      : o.verdict === 'Error' ? `Error: ${o.error}` : o.verdict;
  const exp = o.expected === undefined ? '' : `\texpected ${o.expected}${mismatch(o) ? ' MISMATCH' : ''}`;
  return `${o.file}\t${v}${exp}\n`;
}

export async function litmusCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  if (positional.length === 0) throw new CliInputError(`litmus: no file (usage: ${OPTIONS.usage})`);
  const maxStates = numberFlag(flags, 'max-states', 1, 1e9, true) ?? DEFAULT_MAX_STATES;
  const json = flags.has('json');

  const outcomes: LitmusOutcome[] = [];
  for (const arg of positional) {
    const files = litmusFiles(arg);
    if (files.length === 0) {
      const o: LitmusOutcome = { file: arg, verdict: 'Error', states: 0, error: 'no .litmus file in this directory' };
      outcomes.push(o);
      if (!json) io.stdout(line(o, maxStates));
    }
    for (const file of files) {
      let o: LitmusOutcome;
      try {
        o = checkLitmusText(file, new TextDecoder('utf-8').decode(await io.readFile(file)), maxStates);
      } catch (e) {
        if (!(e instanceof CliInputError)) throw e;
        // io's message starts with the path; the line already does
        o = { file, verdict: 'Error', states: 0, error: e.message.startsWith(`${file}: `) ? e.message.slice(file.length + 2) : e.message };
      }
      outcomes.push(o);
      if (!json) io.stdout(line(o, maxStates));
    }
  }
  if (json) io.stdout(JSON.stringify(outcomes) + '\n');

  const count = (v: string) => outcomes.filter((o) => o.verdict === v).length;
  const mismatches = outcomes.filter(mismatch).length;
  if (outcomes.length > 1) {
    const parts = [...VERDICTS, 'Unknown', 'Unsupported', 'Error'].filter((v) => count(v) > 0).map((v) => `${count(v)} ${v}`);
    io.stderr(`${outcomes.length} tests: ${parts.join(', ')}${mismatches ? `; ${mismatches} differ from their Result line` : ''}\n`);
  }
  if (count('Error') > 0) return 2;
  return count('Unknown') + count('Unsupported') > 0 ? 1 : 0;
}
