// Profiles: the vocabulary that maps a module's log messages to RCU events. A profile is data
// (JSON), not code, so a kernel developer can describe their own module without touching ours.
//
// Each pattern is a JavaScript regular expression matched against the message text (timestamp and
// other prefixes removed, trailing white space trimmed). A named capture `task` names the task the
// event is about (for `spawn`, the task started). Patterns are tried in order; the first match wins.
// A pattern that starts with `^literal` gives the analyzer a literal prefix to pre-filter lines on
// their bytes, so only lines that can match are ever decoded: keep patterns anchored.

import type { EventKind } from '../model';
import { regexHazard } from './regexCost';

interface ProfilePattern {
  kind: EventKind;
  match: string;
  flags?: string;       // regular-expression flags, e.g. "i"
}

export interface Profile {
  name: string;
  description?: string;
  patterns: ProfilePattern[];
  /** Names of tasks that are updaters when they are spawned (default ["maint"]). */
  updaters?: string[];
  /** Name given to the task that runs the module's init (default "init"). */
  initTask?: string;
  /** Name given to the updater when no `start` line names it (default "maint"). */
  updaterTask?: string;
  /** Prefix of names given to readers no `start` line names (default "reader"). */
  readerPrefix?: string;
  /**
   * Whether the reader-begin message is printed inside the read-side critical section, after
   * rcu_read_lock() (default true). The seed module prints `hit cco` before it, so there only the
   * path line (`hit cco_quickly`/`hit cco_carefully`) proves a reader was inside: a reader whose
   * `hit cco` comes before `hit maint` may still take the lock after synchronize_rcu() began.
   */
  readerBeginInside?: boolean;
}

export const EVENT_KINDS: readonly EventKind[] = [
  'init', 'spawn', 'reader-begin', 'reader-quick', 'reader-careful', 'reader-end-quick',
  'reader-end-careful', 'reader-end', 'update-begin', 'maint-begin', 'maint-end', 'update-end',
];

/** The seed module's exact messages (../shared/seed/phased-state-change-example.md). */
export const PHASED_STATE_CHANGE: Profile = {
  name: 'phased-state-change',
  description: "Paul McKenney's phased state change, as printed by the seed kernel module",
  patterns: [
    { kind: 'init', match: '^phased state change - init module\\b' },
    { kind: 'spawn', match: '^start (?<task>\\S+)$' },
    { kind: 'reader-begin', match: '^hit cco$' },
    { kind: 'reader-quick', match: '^hit cco_quickly$' },
    { kind: 'reader-careful', match: '^hit cco_carefully$' },
    { kind: 'reader-end-quick', match: '^end cco_quickly$' },
    { kind: 'reader-end-careful', match: '^end cco_carefully$' },
    { kind: 'update-begin', match: '^hit maint$' },
    { kind: 'maint-begin', match: '^hit do_maint$' },
    { kind: 'maint-end', match: '^end do_maint$' },
    { kind: 'update-end', match: '^end maint$' },
  ],
  updaters: ['maint'],
  initTask: 'init',
  updaterTask: 'maint',
  readerPrefix: 'reader',
  readerBeginInside: false,
};

interface CompiledRule {
  kind: EventKind;
  re: RegExp;
  /** Literal bytes every matching message starts with, or null when the pattern has none. */
  prefix: Uint8Array | null;
  source: string;
}

export interface CompiledProfile {
  name: string;
  rules: CompiledRule[];
  /** firstByte[c] is 1 when some rule's prefix starts with byte c. */
  firstByte: Uint8Array;
  /** Some rule has no literal prefix: every kernel line must be decoded and tried. */
  unanchored: boolean;
  updaters: string[];
  initTask: string;
  updaterTask: string;
  readerPrefix: string;
  readerBeginInside: boolean;
}

export class ProfileError extends Error {}

/** Validate and compile a profile. Throws ProfileError with a message naming the bad pattern. */
export function compileProfile(p: Profile): CompiledProfile {
  if (!p || typeof p !== 'object') throw new ProfileError('a profile must be a JSON object');
  if (typeof p.name !== 'string' || !p.name) throw new ProfileError('profile: "name" must be a non-empty string');
  if (!Array.isArray(p.patterns) || p.patterns.length === 0) throw new ProfileError(`profile ${p.name}: "patterns" must be a non-empty array`);
  const rules: CompiledRule[] = [];
  const firstByte = new Uint8Array(256);
  let unanchored = false;
  p.patterns.forEach((pat, i) => {
    const where = `profile ${p.name}, patterns[${i}]`;
    if (!pat || typeof pat !== 'object') throw new ProfileError(`${where}: must be an object {kind, match}`);
    if (!EVENT_KINDS.includes(pat.kind)) throw new ProfileError(`${where}: unknown kind ${JSON.stringify(pat.kind)}; one of ${EVENT_KINDS.join(', ')}`);
    if (typeof pat.match !== 'string' || !pat.match) throw new ProfileError(`${where}: "match" must be a non-empty regular expression string`);
    let re: RegExp;
    try {
      re = new RegExp(pat.match, (pat.flags ?? '').replace(/[gy]/g, ''));
    } catch (e) {
      throw new ProfileError(`${where}: bad regular expression ${JSON.stringify(pat.match)}: ${(e as Error).message}`);
    }
    const lit = re.flags.includes('i') ? '' : literalPrefix(pat.match);
    // No log line may hang the analysis: the same test as a pattern's (an unanchored expression
    // is tried at every position, one repetition more).
    const unsafe = regexHazard(pat.match, pat.flags ?? '', !lit);
    if (unsafe) throw new ProfileError(`${where}: ${unsafe}: such an expression can take exponential or high polynomial time on some lines; rewrite it without it`);
    let prefix: Uint8Array | null = null;
    if (lit) {
      prefix = new TextEncoder().encode(lit);
      firstByte[prefix[0]!] = 1;
    } else {
      unanchored = true;
    }
    rules.push({ kind: pat.kind, re, prefix, source: pat.match });
  });
  return {
    name: p.name, rules, firstByte, unanchored,
    updaters: p.updaters ?? ['maint'],
    initTask: p.initTask ?? 'init',
    updaterTask: p.updaterTask ?? 'maint',
    readerPrefix: p.readerPrefix ?? 'reader',
    readerBeginInside: p.readerBeginInside ?? true,
  };
}

/** Parse a profile from JSON text, with errors that say what is wrong. */
export function parseProfile(json: string): Profile {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new ProfileError(`profile is not valid JSON: ${(e as Error).message}`);
  }
  compileProfile(v as Profile); // validates
  return v as Profile;
}

/**
 * The literal text a regex source requires at the start of the subject ('' when none): the
 * characters after `^` up to the first metacharacter. `\\` escapes of punctuation count as literals.
 * A quantifier after the last literal makes that literal optional, so it is dropped.
 */
export function literalPrefix(src: string): string {
  if (!src.startsWith('^') || topLevelAlternation(src)) return '';
  let out = '';
  for (let i = 1; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n !== undefined && /[^\w\s]/.test(n)) { out += n; i++; continue; }
      break; // \d, \s, \b ...: a class or assertion, not a literal
    }
    if ('.^$|?*+()[]{}'.includes(c)) {
      if ('?*{'.includes(c)) out = out.slice(0, -1); // the previous literal is optional
      break;
    }
    out += c;
  }
  return out;
}

/** `^a|^b`: a `|` outside groups and classes, so the first branch's prefix is not required. */
function topLevelAlternation(src: string): boolean {
  let depth = 0, inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Match a message against the profile: the first rule that matches, with its task capture. */
export function matchMessage(p: CompiledProfile, text: string): { kind: EventKind; task: string | null } | null {
  for (const r of p.rules) {
    const m = r.re.exec(text);
    if (m) return { kind: r.kind, task: m.groups?.['task'] ?? null };
  }
  return null;
}
