// Reading a profile file: JSON text -> Profile, every field's type checked and each problem
// reported at its line and column, before compileProfile (profile.ts) sees it. compileProfile
// checks the patterns; a field of the wrong type (`"updaters": 5`) would otherwise get through and
// crash the run builder at the first spawn line.

import { type JNode, JsonPosError, parseJsonPos, type Pos } from '../jsonPos';
import { compileProfile, EVENT_KINDS, type Profile, ProfileError } from './profile';

interface ProfileIssue { line: number; column: number; message: string }

/** A profile file's problems, each at its place. message: the first, as `LINE:COLUMN: what`. */
export class ProfileFileError extends ProfileError {
  constructor(readonly issues: ProfileIssue[]) {
    super(issues.map((i) => `${i.line}:${i.column}: ${i.message}`).join('\n'));
  }
}

const STRINGS = ['name', 'description', 'initTask', 'updaterTask', 'readerPrefix'] as const;
const KEYS = new Set<string>([...STRINGS, 'patterns', 'updaters', 'readerBeginInside', '$schema']);
const PATTERN_KEYS = new Set(['kind', 'match', 'flags']);
/** Larger files are refused by the CLI before reading (io.ts); a profile is a few KB. */
export const MAX_PROFILE_BYTES = 4 << 20;

/** Parse and check profile JSON text; throws ProfileFileError (line:column) or ProfileError. */
export function readProfileText(text: string): Profile {
  let root: JNode;
  try {
    root = parseJsonPos(text);
  } catch (e) {
    if (e instanceof JsonPosError) throw new ProfileFileError([{ ...e.pos, message: `not valid JSON: ${e.message}` }]);
    throw e;
  }
  const issues: ProfileIssue[] = [];
  const err = (p: Pos, message: string) => issues.push({ line: p.line, column: p.column, message });
  if (root.type !== 'object') throw new ProfileFileError([{ ...root.pos, message: 'a profile must be a JSON object {"name", "patterns": [...]}' }]);
  const seen = new Set<string>();
  for (const p of root.props) {
    if (seen.has(p.key)) err(p.keyPos, `duplicate key ${JSON.stringify(p.key)}`);
    seen.add(p.key);
    const v = p.value;
    if (!KEYS.has(p.key)) { err(p.keyPos, `unknown key ${JSON.stringify(p.key)} (expected ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`); continue; }
    if ((STRINGS as readonly string[]).includes(p.key)) {
      if (v.type !== 'string' || (p.key !== 'description' && v.value === '')) err(v.pos, `"${p.key}" must be a${p.key === 'description' ? '' : ' non-empty'} string`);
    } else if (p.key === 'readerBeginInside') {
      if (v.type !== 'boolean') err(v.pos, '"readerBeginInside" must be true or false');
    } else if (p.key === 'updaters') {
      if (v.type !== 'array') err(v.pos, '"updaters" must be an array of task names, e.g. ["updater"]');
      else for (const x of v.items) if (x.type !== 'string' || x.value === '') err(x.pos, 'each of "updaters" must be a non-empty task name');
    } else if (p.key === 'patterns') {
      if (v.type !== 'array' || v.items.length === 0) { err(v.pos, '"patterns" must be a non-empty array of {"kind", "match"}'); continue; }
      for (const pat of v.items) {
        if (pat.type !== 'object') { err(pat.pos, 'a pattern must be an object {"kind", "match"}'); continue; }
        for (const q of pat.props) {
          if (!PATTERN_KEYS.has(q.key)) err(q.keyPos, `unknown key ${JSON.stringify(q.key)} in a pattern (kind, match, flags)`);
          else if (q.key === 'kind' && (q.value.type !== 'string' || !(EVENT_KINDS as readonly string[]).includes(q.value.value))) err(q.value.pos, `unknown kind ${JSON.stringify(q.value.type === 'string' ? q.value.value : q.value.type)}; "kind" must be one of ${EVENT_KINDS.join(', ')}`);
          else if (q.key === 'match' && (q.value.type !== 'string' || q.value.value === '')) err(q.value.pos, '"match" must be a non-empty regular expression string');
          else if (q.key === 'flags' && (q.value.type !== 'string' || !/^[imsu]*$/.test(q.value.value))) err(q.value.pos, '"flags" must be a string of regular-expression flags (i, m, s, u)');
          else if (q.key === 'match' && q.value.type === 'string') {
            try { new RegExp(q.value.value); } catch (e) { err(q.value.pos, `bad regular expression: ${(e as Error).message}`); }
          }
        }
        for (const k of ['kind', 'match']) if (!pat.props.some((q) => q.key === k)) err(pat.pos, `a pattern needs "${k}"`);
      }
    }
  }
  for (const k of ['name', 'patterns']) if (!seen.has(k)) err(root.pos, `a profile needs "${k}"`);
  if (issues.length) throw new ProfileFileError(issues.sort((a, b) => a.line - b.line || a.column - b.column));
  const profile = JSON.parse(text) as Profile;
  compileProfile(profile); // the patterns with their flags (ProfileError names the pattern)
  return profile;
}
