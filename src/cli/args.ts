// Command-line options, shared by every subcommand: --name value / --name=value / --switch, and
// --format. (Kept apart from main.ts, which dispatches to the subcommands: they import this, and
// main.ts imports them lazily, so there is no import cycle.)
import { CliInputError } from './io';

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

/** The options a subcommand takes: every other one is refused (exit 2), not ignored. */
export interface OptionSpec {
  command: string;
  /** Options that take a value: --name value or --name=value. */
  valued: readonly string[];
  /** Options that take none. */
  switches: readonly string[];
  /** The command's usage line, shown after the error. */
  usage: string;
  /** Output formats `--format F` offers (text first: the default). `--format json` is the same as `--json`. */
  formats?: readonly OutputFormat[];
}

type OutputFormat = 'text' | 'json' | 'sarif';

/** The output format asked for: `--format F`, or `json` for `--json`. */
export function outputFormat(flags: Parsed['flags']): OutputFormat {
  const f = flags.get('format');
  return typeof f === 'string' ? f as OutputFormat : flags.has('json') ? 'json' : 'text';
}

/**
 * --name value / --name=value / --switch; `-` alone is a positional (stdin), `--` ends the
 * options. An unknown option, a missing value (`--profile` last, or followed by another option)
 * or a value given to a switch is a CliInputError naming it, with the command's usage.
 */
export function parseArgs(args: string[], spec: OptionSpec): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const fail = (what: string): never => { throw new CliInputError(`${spec.command}: ${what} (usage: ${spec.usage})`); };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { positional.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name === 'format' && spec.formats) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) fail(`--format needs a value: ${spec.formats.join(', ')}`);
        if (!spec.formats.includes(v as OutputFormat)) fail(`--format ${v}: ${spec.command} prints ${spec.formats.join(', ')}`);
        flags.set('format', v!);
      } else if (spec.valued.includes(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) fail(`--${name} needs a value`);
        flags.set(name, v!);
      } else if (spec.switches.includes(name)) {
        if (eq > 0) fail(`--${name} takes no value`);
        flags.set(name, true);
      } else fail(`unknown option --${name}`);
    } else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}`);
    else positional.push(a);
  }
  const format = flags.get('format');
  if (format !== undefined && flags.has('json') && format !== 'json') fail(`--json and --format ${String(format)} disagree`);
  if (format === 'json') flags.set('json', true);
  return { positional, flags };
}
