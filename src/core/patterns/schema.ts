// Patterns as data (issue 10): a versioned JSON file that maps a module's messages to the
// pattern-neutral RCU events of rcu/model.ts. A user writes one without reading our source (see
// the README's "Write your own pattern"):
//
//   { "schema": "rcu-lens-pattern/1", "name": "my-list",
//     "events": [ { "event": "reader-begin", "match": "^mylist: reader (?<task>\\d+) in$", "task": "reader {task}" }, ... ] }
//
// `match` is a JavaScript regular expression on the message (timestamp and prefixes removed);
// named captures `task`, `object` and `label` fill the event, and the optional `task`/`object`/
// `label` templates build names from any capture (`{name}`). Keep patterns anchored (`^literal`):
// the literal prefix lets the analyzer skip every other line by its bytes.
//
// Errors name the line and column in the file. A user's expression never hangs the tool: nested
// quantifiers and back-references (the constructs that backtrack exponentially) are rejected, and
// no message longer than 4 KiB reaches an expression (analyze.ts).

import type { RcuEventKind } from '../rcu/model';
import { literalPrefix } from './profile';
import { type JNode, JsonPosError, parseJsonPos, type Pos } from '../jsonPos';

const PATTERN_SCHEMA = 'rcu-lens-pattern/1';

const RCU_EVENT_KINDS: readonly RcuEventKind[] = [
  'init', 'spawn', 'reader-begin', 'reader-holds', 'reader-end', 'reader-saw-freed', 'unlink', 'gp-begin', 'gp-end',
  'call-rcu', 'callback', 'kfree-rcu', 'barrier-begin', 'barrier-end', 'free', 'work-begin', 'work-end',
];

interface PatternEvent {
  event: RcuEventKind;
  match: string;
  flags?: string;
  task?: string;
  object?: string;
  label?: string;
}

interface PatternWords {
  reader?: string;      // what the pattern calls a reader ("reader", "cco")
  updater?: string;     // ("deleter", "maint")
  object?: string;      // ("element", "book")
}

export interface Pattern {
  schema: string;
  name: string;
  description?: string;
  events: PatternEvent[];
  words?: PatternWords;
}

interface CompiledPatternRule {
  event: RcuEventKind;
  re: RegExp;
  prefix: string;
  task?: string;
  object?: string;
  label?: string;
}

export interface CompiledPattern {
  name: string;
  rules: CompiledPatternRule[];
  /** Every rule's literal prefix (every rule must have one: see compilePattern). */
  prefixes: string[];
  words: Required<PatternWords>;
}

export class PatternError extends Error {}

/** Parse and compile a pattern file's text; errors say `line:column: what is wrong`. */
export function parsePattern(text: string): CompiledPattern {
  const pos = new Map<string, Pos>();
  let value: unknown;
  try {
    value = plain(parseJsonPos(text, MAX_DEPTH), '', pos);
  } catch (e) {
    if (e instanceof JsonPosError) throw new PatternError(`${e.pos.line}:${e.pos.column}: not valid JSON: ${e.message}`);
    throw e;
  }
  const where = (path: string): string => {
    const p = pos.get(path) ?? pos.get(path.replace(/\.[^.[\]]+$|\[\d+\]$/, '')) ?? { line: 1, column: 1 };
    return `${p.line}:${p.column}`;
  };
  return compilePattern(value as Pattern, where);
}

/** Validate and compile a pattern. `where` maps a JSON path ('events[2].match') to 'line:column'. */
export function compilePattern(p: Pattern, where: (path: string) => string = () => ''): CompiledPattern {
  const fail = (path: string, msg: string): never => {
    const w = where(path);
    throw new PatternError(`${w ? `${w}: ` : ''}${path || 'pattern'}: ${msg}`);
  };
  if (!p || typeof p !== 'object' || Array.isArray(p)) fail('', 'a pattern must be a JSON object');
  if (p.schema !== PATTERN_SCHEMA) fail('schema', `must be "${PATTERN_SCHEMA}"`);
  if (typeof p.name !== 'string' || !p.name) fail('name', 'must be a non-empty string');
  if (!Array.isArray(p.events) || p.events.length === 0) fail('events', 'must be a non-empty array of {event, match}');
  const rules: CompiledPatternRule[] = [];
  p.events.forEach((ev, i) => {
    const path = `events[${i}]`;
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) fail(path, 'must be an object {event, match}');
    if (!RCU_EVENT_KINDS.includes(ev.event)) fail(`${path}.event`, `unknown event ${JSON.stringify(ev.event)}; one of ${RCU_EVENT_KINDS.join(', ')}`);
    if (typeof ev.match !== 'string' || !ev.match) fail(`${path}.match`, 'must be a non-empty regular expression string');
    for (const k of ['task', 'object', 'label', 'flags'] as const) {
      if (ev[k] !== undefined && typeof ev[k] !== 'string') fail(`${path}.${k}`, 'must be a string');
    }
    const unsafe = backtrackingConstruct(ev.match);
    if (unsafe) fail(`${path}.match`, `${unsafe}: such an expression can take exponential time on some lines; rewrite it without it`);
    let re: RegExp;
    try {
      re = new RegExp(ev.match, (ev.flags ?? '').replace(/[gy]/g, ''));
    } catch (e) {
      return fail(`${path}.match`, `bad regular expression: ${(e as Error).message}`);
    }
    const prefix = re.flags.includes('i') || /(^|[^\\])\|/.test(ev.match) ? '' : literalPrefix(ev.match);
    if (!prefix) fail(`${path}.match`, 'must start with ^ and a literal text (e.g. "^mymodule: "), without a top-level |, so other lines can be skipped unread');
    rules.push({ event: ev.event, re, prefix, task: ev.task, object: ev.object, label: ev.label });
  });
  const w = p.words ?? {};
  return {
    name: p.name, rules, prefixes: rules.map((r) => r.prefix),
    words: { reader: w.reader ?? 'reader', updater: w.updater ?? 'updater', object: w.object ?? 'object' },
  };
}

interface PatternMatch { event: RcuEventKind; task: string | null; object: string | null; label: string | null }

/** The first rule that matches the message, with its captures filled into the templates. */
export function matchPattern(p: CompiledPattern, text: string): PatternMatch | null {
  for (const r of p.rules) {
    if (!text.startsWith(r.prefix)) continue;
    const m = r.re.exec(text);
    if (!m) continue;
    const g = m.groups ?? {};
    const fill = (tpl: string | undefined, name: string): string | null => {
      if (tpl !== undefined) return tpl.replace(/\{(\w+)\}/g, (_s, k: string) => g[k] ?? '');
      return g[name] ?? null;
    };
    return { event: r.event, task: fill(r.task, 'task'), object: fill(r.object, 'object'), label: fill(r.label, 'label') };
  }
  return null;
}

/**
 * The first construct in a regular expression source that can backtrack exponentially, or null:
 * a back-reference, or a quantified group that itself contains a quantifier (`(a+)+`, `(\w*x)*`).
 * A conservative syntactic test: it rejects a few safe expressions too, never an unsafe one of
 * these kinds.
 */
export function backtrackingConstruct(src: string): string | null {
  // For each open group: does it contain a quantifier?
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(n) || (n === 'k' && src[i + 2] === '<'))) return `a back-reference (\\${n}) at column ${i + 1} of the expression`;
      i++;
      continue;
    }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') { stack.push(false); continue; }
    if (c === ')') {
      const inner = stack.pop() ?? false;
      const q = src[i + 1];
      const quantified = q === '*' || q === '+' || q === '?' || q === '{';
      if (quantified && inner && q !== '?') return `a repeated group that itself repeats (the group ending at column ${i + 1})`;
      if (stack.length && (inner || quantified)) stack[stack.length - 1] = true;
      continue;
    }
    if ((c === '*' || c === '+' || c === '{') && stack.length) stack[stack.length - 1] = true;
  }
  return null;
}

// --- JSON with positions ---------------------------------------------------------------------

/** A pattern is a few levels deep; a deeper file is not one (and must not exhaust the stack). */
const MAX_DEPTH = 64;

/** The file's JSON as plain values (objects without a prototype), and where each value starts, by
 * path ('events[2].match'). Depth is bounded by the parser. */
function plain(n: JNode, path: string, pos: Map<string, Pos>): unknown {
  pos.set(path, n.pos);
  switch (n.type) {
    case 'object': {
      const o = Object.create(null) as Record<string, unknown>;
      for (const p of n.props) o[p.key] = plain(p.value, path ? `${path}.${p.key}` : p.key, pos);
      return o;
    }
    case 'array': return n.items.map((x, i) => plain(x, `${path}[${i}]`, pos));
    case 'null': return null;
    default: return n.value;
  }
}
