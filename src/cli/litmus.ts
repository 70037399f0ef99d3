// rcu-lens litmus FILE|DIR...: the exhaustive checker's herd7-style verdict on each C litmus test.
//   --max-states N   the bound on candidate executions the LKMM checker examines (default 100 000, at most 10 000 000)
//   --json           one JSON array: {file, verdict, expected?, states, construct? | error?}
// One line per test: FILE<TAB>VERDICT[<TAB>expected R[ MISMATCH]], VERDICT one of Never, Sometimes,
// Always, DEADLOCK, `Unknown (state bound N reached)`, `Unsupported: <construct>` (the parser
// refuses what it does not model; nothing is guessed) or `Error: <message>` (unreadable file,
// syntax error). `expected R` is the test's ` * Result:` header line; MISMATCH when R and the
// verdict are both verdicts (not Maybe) and differ. A directory stands for its *.litmus files,
// recursively, sorted.
// Exit: 0 every test got a verdict and none contradicts its Result line, 1 some are Unknown or
// Unsupported or some verdict is a MISMATCH, 2 some file is unreadable or has a syntax error, or a
// usage error.

import { statSync } from 'node:fs';

import { type CliIO, CliInputError } from './io';
import { checkLitmusText, DEFAULT_MAX_STATES, litmusFiles, type LitmusOutcome, mismatch, VERDICTS } from './litmusCheck';
import { type OptionSpec, parseArgs } from './args';
import { numberFlag } from './simInput';

/** Litmus tests are a few kB; anything past this is refused before it is read. */
export const MAX_LITMUS_BYTES = 4_000_000;
const MAX_STATES_LIMIT = 10_000_000;

function fileSize(path: string): number | null {
  if (path === '-') return null;
  try { return statSync(path).size; } catch { return null; }
}

const OPTIONS: OptionSpec = {
  command: 'litmus',
  valued: ['max-states'],
  switches: ['json'],
  formats: ['text', 'json'],
  usage: 'rcu-lens litmus [--json | --format text|json] [--max-states N] FILE|DIR...',
};

function line(o: LitmusOutcome, maxStates: number): string {
  const v = o.verdict === 'Unknown' ? `Unknown (${o.limit ?? `state bound ${maxStates} reached`})`
    : o.verdict === 'Unsupported' ? `Unsupported: ${o.construct}`
      : o.verdict === 'Error' ? `Error: ${o.error}` : o.verdict;
  const exp = o.expected === undefined ? '' : `\texpected ${o.expected}${mismatch(o) ? ' MISMATCH' : ''}`;
  return `${o.file}\t${v}${exp}\n`;
}

export async function litmusCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, OPTIONS);
  if (positional.length === 0) throw new CliInputError(`litmus: no file (usage: ${OPTIONS.usage})`);
  // each candidate is checked in bounded memory, but time grows with the bound: past ten million a
  // run would take hours, so such a bound is refused rather than half-honoured
  const maxStates = numberFlag(flags, 'max-states', 1, MAX_STATES_LIMIT, true) ?? DEFAULT_MAX_STATES;
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
        const size = fileSize(file);
        if (size !== null && size > MAX_LITMUS_BYTES) throw new CliInputError(`larger than ${MAX_LITMUS_BYTES / 1e6} MB (${size} bytes): not a litmus test`);
        const bytes = await io.readFile(file);
        if (bytes.length > MAX_LITMUS_BYTES) throw new CliInputError(`larger than ${MAX_LITMUS_BYTES / 1e6} MB: not a litmus test`);
        o = checkLitmusText(file, new TextDecoder('utf-8').decode(bytes), maxStates);
      } catch (e) {
        // one bad file is that file's Error; the run goes on
        const msg = e instanceof CliInputError ? e.message : e instanceof RangeError ? `too deeply nested (${e.message})` : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        // io's message starts with the path; the line already does
        o = { file, verdict: 'Error', states: 0, error: msg.startsWith(`${file}: `) ? msg.slice(file.length + 2) : msg };
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
  return count('Unknown') + count('Unsupported') + mismatches > 0 ? 1 : 0;
}
