// The inputs every log-reading subcommand takes: the log itself (streamed through the core's
// analyzer), a profile file and a pattern file, read with size caps and line:column errors.
import { type CliIO, CliInputError, nodeIndexOf, readSmallFile } from './io';
import { MAX_PROFILE_BYTES, ProfileFileError, readProfileText } from '../core/patterns/profileCheck';
import { Analyzer } from '../core/analyze';
import type { Analysis } from '../core/model';
import { type Profile, PHASED_STATE_CHANGE, ProfileError } from '../core/patterns/profile';
import { type CompiledPattern, type Pattern, PatternError, parsePattern } from '../core/patterns/schema';
import { BUILTIN_PATTERNS } from '../core/patterns/builtin';
import { looksBinary } from './binary';
import { sniffBytes } from '../core/log/sniff';
import type { KernelOptions } from '../core/kernel/collector';

/** A small file the user named (profile, pattern), with Node's error said as one line. */
function readUserFile(path: string, max: number, what: string): string {
  try {
    return readSmallFile(path, max, what);
  } catch (e) {
    if (e instanceof CliInputError) throw e;
    throw new CliInputError(`${path}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export function loadProfile(path: string | true | undefined): Profile {
  if (path === undefined) return PHASED_STATE_CHANGE;
  if (path === true) throw new CliInputError('--profile needs a file');
  const text = readUserFile(path, MAX_PROFILE_BYTES, 'profile');
  try {
    return readProfileText(text);
  } catch (e) {
    if (e instanceof ProfileFileError) throw new CliInputError(e.issues.map((i) => `${path}:${i.line}:${i.column}: invalid profile: ${i.message}`).join('\n'));
    throw new CliInputError(`${path}: ${(e as ProfileError).message}`);
  }
}

/** A pattern file (`--pattern`): the built-in patterns plus it. Errors say line:column. */
export function loadPatterns(path: string | true | undefined): (Pattern | CompiledPattern)[] | undefined {
  if (path === undefined) return undefined;
  if (path === true) throw new CliInputError('--pattern needs a file');
  const text = readUserFile(path, MAX_PATTERN_BYTES, 'pattern');
  try {
    const p = parsePattern(text);
    return [...BUILTIN_PATTERNS.filter((b) => b.name !== p.name), p];
  } catch (e) {
    if (e instanceof PatternError) throw new CliInputError(`${path}:${(e as PatternError).message}`);
    throw e;
  }
}
const MAX_PATTERN_BYTES = 1 << 20;

/** Stream FILE through the analyzer. Binary input is refused before anything is printed. */
export async function analyzeFile(io: CliIO, file: string, profile: Profile, patterns?: (Pattern | CompiledPattern)[], kernel?: KernelOptions): Promise<Analysis & { kernelLog: boolean }> {
  const a = new Analyzer({ profile, indexOf: nodeIndexOf, ...(patterns ? { patterns } : {}), ...(kernel ? { kernel } : {}) });
  let first = true, looksKernel = false;
  await io.readChunks(file, (chunk) => {
    if (first) {
      first = false;
      if (looksBinary(chunk)) throw new CliInputError(`${file}: binary file, not a kernel log`);
      looksKernel = sniffBytes(chunk).kernel;
    }
    a.push(chunk);
  });
  const analysis = a.end();
  // Prefix-less text parses as a bare console; it is a kernel log only if its head says so
  // (the editor's test) or the analysis found something in it.
  const found = analysis.runs.length > 0 || analysis.stalls.length > 0 || Object.keys(analysis.trace.events).length > 0 || (analysis.torture?.length ?? 0) > 0;
  return { ...analysis, kernelLog: analysis.kernelLines > 0 && (looksKernel || found) };
}
