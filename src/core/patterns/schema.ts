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
// Optional, for patterns with more structure (the seed, patterns/phased-state-change/pattern.ts):
// an event may stand for several (`"event": ["gp-end", "work-begin"]`: the same line returns from
// synchronize_rcu() and starts labelled work), may be named (`"id"`) so `phases` can span between
// events, and `reader-begin` may say `"inside": false` (printed before rcu_read_lock(): a later
// `reader-inside` line proves the reader inside). `rules` declares the pattern's own rules: today
// `must-not-overlap` between readers with one label and work with another (rcu/overlap.ts).
//
// Errors name the line and column in the file. A user's expression never hangs the tool: nested
// quantifiers and back-references (the constructs that backtrack exponentially) are rejected, and
// no message longer than 4 KiB reaches an expression (analyze.ts).

import type { RcuEventKind } from '../rcu/model';
import { type OverlapCase, type OverlapTexts, OVERLAP_PLACEHOLDERS } from '../rcu/overlap';
import { literalPrefix } from './profile';
import { regexHazard } from './regexCost';
import { type JNode, JsonPosError, parseJsonPos, type Pos } from '../jsonPos';

const PATTERN_SCHEMA = 'rcu-lens-pattern/1';

const RCU_EVENT_KINDS: readonly RcuEventKind[] = [
  'init', 'spawn', 'reader-begin', 'reader-inside', 'reader-holds', 'reader-end', 'reader-saw-freed', 'publish', 'unlink',
  'gp-begin', 'gp-end', 'call-rcu', 'callback', 'kfree-rcu', 'barrier-begin', 'barrier-end', 'free', 'work-begin', 'work-end',
];

interface PatternEvent {
  /** One event, or several the same line stands for (in order). */
  event: RcuEventKind | RcuEventKind[];
  match: string;
  flags?: string;
  task?: string;
  object?: string;
  label?: string;
  /** A name for `phases` to refer to (several events may share one: the first line of any counts). */
  id?: string;
  /** reader-begin only: false when the line is printed before rcu_read_lock(). */
  inside?: boolean;
  description?: string;
}

/** A phase: a span between two of the pattern's events (by id), or, without from/to, the phase of
 * every line outside the spans (at most one). rcu/phases.ts lays them over a run. */
interface PatternPhase {
  name: string;
  label?: string;
  description?: string;
  from?: string;
  to?: string;
}

/** A pattern's own rule (rcu/overlap.ts): readers labelled `reader` must not overlap work labelled
 * `work`. Texts are templates with {reader}, {label}, {work}, {readerLine}, {readerEnd},
 * {workBegin}, {workEnd}. */
interface PatternRule {
  id: string;
  kind: 'must-not-overlap';
  reader: string;
  work: string;
  description?: string;
  message?: string;
  messages?: Partial<Record<OverlapCase, string>>;
  related?: OverlapTexts['related'];
}

interface PatternWords {
  reader?: string;      // what the pattern calls a reader ("reader", "lookup")
  updater?: string;     // ("deleter", "resizer")
  object?: string;      // ("element", "book")
}

export interface Pattern {
  schema: string;
  name: string;
  description?: string;
  events: PatternEvent[];
  words?: PatternWords;
  phases?: PatternPhase[];
  rules?: PatternRule[];
}

interface CompiledPatternRule {
  events: RcuEventKind[];
  re: RegExp;
  prefix: string;
  task?: string;
  object?: string;
  label?: string;
  id: string | null;
  inside: boolean;
}

export interface CompiledPattern {
  name: string;
  rules: CompiledPatternRule[];
  /** Every rule's literal prefix (every rule must have one: see compilePattern). */
  prefixes: string[];
  words: Required<PatternWords>;
  /** Declared phases and the pattern's own rules (empty when it declares none). */
  phases: PatternPhase[];
  checks: CompiledRule[];
}

type CompiledRule = PatternRule & { message: string };

/** The default text of a must-not-overlap finding (a rule may give its own, in its words). */
const DEFAULT_OVERLAP_MESSAGE = '{reader} ({label}) overlapped {work} (lines {workBegin}–{workEnd}): it was inside its read-side critical section at line {readerLine}, and the pattern says a {label} reader must not overlap {work}';

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
  // A misspelt key (`rule` for `rules`) would otherwise drop what it holds without a word.
  for (const k of Object.keys(p)) if (!TOP_KEYS.includes(k)) fail(k, `unknown key; one of ${TOP_KEYS.filter((x) => x !== '$schema').join(', ')}`);
  if (p.schema !== PATTERN_SCHEMA) fail('schema', `must be "${PATTERN_SCHEMA}"`);
  if (typeof p.name !== 'string' || !p.name) fail('name', 'must be a non-empty string');
  if (!Array.isArray(p.events) || p.events.length === 0) fail('events', 'must be a non-empty array of {event, match}');
  const rules: CompiledPatternRule[] = [];
  p.events.forEach((ev, i) => {
    const path = `events[${i}]`;
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) fail(path, 'must be an object {event, match}');
    onlyKeys(ev, EVENT_KEYS, path, fail);
    const kinds = Array.isArray(ev.event) ? ev.event : [ev.event];
    if (kinds.length === 0) fail(`${path}.event`, 'must be an event or a non-empty array of events');
    kinds.forEach((k, j) => {
      if (!RCU_EVENT_KINDS.includes(k)) fail(Array.isArray(ev.event) ? `${path}.event[${j}]` : `${path}.event`, `unknown event ${JSON.stringify(k)}; one of ${RCU_EVENT_KINDS.join(', ')}`);
    });
    if (typeof ev.match !== 'string' || !ev.match) fail(`${path}.match`, 'must be a non-empty regular expression string');
    for (const k of ['task', 'object', 'label', 'flags', 'id', 'description'] as const) {
      if (ev[k] !== undefined && typeof ev[k] !== 'string') fail(`${path}.${k}`, 'must be a string');
    }
    if (ev.id === '') fail(`${path}.id`, 'must be a non-empty name');
    if (ev.inside !== undefined) {
      if (typeof ev.inside !== 'boolean') fail(`${path}.inside`, 'must be true or false');
      if (!kinds.includes('reader-begin')) fail(`${path}.inside`, 'applies to a reader-begin event only (is its line printed after rcu_read_lock()?)');
    }
    const unsafe = regexHazard(ev.match, ev.flags ?? '');
    if (unsafe) fail(`${path}.match`, `${unsafe}: such an expression can take exponential or high polynomial time on some lines; rewrite it without it`);
    let re: RegExp;
    try {
      re = new RegExp(ev.match, (ev.flags ?? '').replace(/[gy]/g, ''));
    } catch (e) {
      return fail(`${path}.match`, `bad regular expression: ${(e as Error).message}`);
    }
    // (literalPrefix gives none for a top-level `^a|^b`; a `|` inside a group keeps the prefix before it)
    const prefix = re.flags.includes('i') ? '' : literalPrefix(ev.match);
    if (!prefix) fail(`${path}.match`, 'must start with ^ and a literal text (e.g. "^mymodule: "), without a top-level |, so other lines can be skipped unread');
    rules.push({ events: kinds, re, prefix, task: ev.task, object: ev.object, label: ev.label, id: ev.id ?? null, inside: ev.inside ?? true });
  });
  const ids = new Set(rules.map((r) => r.id).filter((x): x is string => x !== null));
  const w = p.words ?? {};
  return {
    name: p.name, rules, prefixes: rules.map((r) => r.prefix),
    words: { reader: w.reader ?? 'reader', updater: w.updater ?? 'updater', object: w.object ?? 'object' },
    phases: checkPhases(p.phases, ids, fail),
    checks: checkRules(p.rules, fail),
  };
}

type Fail = (path: string, msg: string) => never;

// A misspelt key ("lable", "form") would otherwise be silently ignored.
const TOP_KEYS = ['$schema', 'schema', 'name', 'description', 'events', 'words', 'phases', 'rules'];
const EVENT_KEYS = ['event', 'match', 'flags', 'task', 'object', 'label', 'id', 'inside', 'description'];
const PHASE_KEYS = ['name', 'label', 'description', 'from', 'to'];
const RULE_KEYS = ['id', 'kind', 'reader', 'work', 'description', 'message', 'messages', 'related'];

function onlyKeys(o: object, keys: readonly string[], path: string, fail: Fail): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, `unknown key; one of ${keys.join(', ')}`);
}

function checkPhases(phases: unknown, ids: Set<string>, fail: Fail): PatternPhase[] {
  if (phases === undefined) return [];
  if (!Array.isArray(phases)) return fail('phases', 'must be an array of {name, from, to}');
  const names = new Set<string>();
  let outside: string | null = null;
  const known = ids.size ? `; the events' ids: ${[...ids].join(', ')}` : '; no event has an "id" yet: give the events the phases begin and end at one';
  phases.forEach((ph: PatternPhase, i) => {
    const path = `phases[${i}]`;
    if (!ph || typeof ph !== 'object' || Array.isArray(ph)) fail(path, 'must be an object {name, from, to}');
    onlyKeys(ph, PHASE_KEYS, path, fail);
    if (typeof ph.name !== 'string' || !ph.name) fail(`${path}.name`, 'must be a non-empty string');
    if (names.has(ph.name)) fail(`${path}.name`, `a second phase named ${JSON.stringify(ph.name)}`);
    names.add(ph.name);
    for (const k of ['label', 'description', 'from', 'to'] as const) {
      if (ph[k] !== undefined && typeof ph[k] !== 'string') fail(`${path}.${k}`, 'must be a string');
    }
    for (const k of ['from', 'to'] as const) {
      if (ph[k] !== undefined && !ids.has(ph[k])) fail(`${path}.${k}`, `no event has the id ${JSON.stringify(ph[k])}${known}`);
    }
    if (ph.to !== undefined && ph.from === undefined) fail(`${path}.from`, 'a phase with "to" needs "from" (the event it begins at)');
    if (ph.from === undefined) {
      if (outside !== null) fail(path, `a second phase without "from" (${JSON.stringify(outside)} already holds the lines outside the spans)`);
      outside = ph.name;
    }
  });
  return phases as PatternPhase[];
}

function checkRules(rs: unknown, fail: Fail): CompiledRule[] {
  if (rs === undefined) return [];
  if (!Array.isArray(rs)) return fail('rules', 'must be an array of {id, kind, reader, work}');
  const ids = new Set<string>();
  const placeholders = (path: string, tpl: unknown) => {
    if (typeof tpl !== 'string') return fail(path, 'must be a string');
    for (const m of tpl.matchAll(/\{(\w+)\}/g)) {
      if (!(OVERLAP_PLACEHOLDERS as readonly string[]).includes(m[1]!)) fail(path, `unknown placeholder {${m[1]}}; one of ${OVERLAP_PLACEHOLDERS.map((x) => `{${x}}`).join(', ')}`);
    }
  };
  return rs.map((r: PatternRule, i): CompiledRule => {
    const path = `rules[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) fail(path, 'must be an object {id, kind, reader, work}');
    onlyKeys(r, RULE_KEYS, path, fail);
    if (typeof r.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(r.id)) fail(`${path}.id`, 'must be a rule name in lower case with dashes, e.g. "fast-during-resize"');
    if (ids.has(r.id)) fail(`${path}.id`, `a second rule named ${JSON.stringify(r.id)}`);
    ids.add(r.id);
    if (r.kind !== 'must-not-overlap') fail(`${path}.kind`, 'must be "must-not-overlap" (readers with the label `reader` must not overlap work with the label `work`)');
    for (const k of ['reader', 'work'] as const) if (typeof r[k] !== 'string' || !r[k]) fail(`${path}.${k}`, `must be a non-empty label (the "label" of ${k === 'reader' ? 'reader-begin, reader-inside or reader-end' : 'work-begin'} events)`);
    if (r.description !== undefined && typeof r.description !== 'string') fail(`${path}.description`, 'must be a string');
    if (r.message !== undefined) placeholders(`${path}.message`, r.message);
    for (const [key, cases] of [['messages', ['began-before', 'inside-during', 'end-during']], ['related', ['workBegin', 'readerInside', 'readerEnd', 'readerEndDuring']]] as const) {
      const o = r[key] as Record<string, unknown> | undefined;
      if (o === undefined) continue;
      if (!o || typeof o !== 'object' || Array.isArray(o)) fail(`${path}.${key}`, `must be an object with any of ${cases.join(', ')}`);
      for (const k of Object.keys(o)) {
        if (!(cases as readonly string[]).includes(k)) fail(`${path}.${key}.${k}`, `unknown key; one of ${cases.join(', ')}`);
        placeholders(`${path}.${key}.${k}`, o[k]);
      }
    }
    return { ...r, message: r.message ?? DEFAULT_OVERLAP_MESSAGE };
  });
}

interface PatternMatch { events: RcuEventKind[]; task: string | null; object: string | null; label: string | null; id: string | null; inside: boolean }

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
    return { events: r.events, task: fill(r.task, 'task'), object: fill(r.object, 'object'), label: fill(r.label, 'label'), id: r.id, inside: r.inside };
  }
  return null;
}

/**
 * The first construct in a regular expression source that can backtrack exponentially, or past
 * n^2 steps on a line of n characters, or null (regexCost.ts). A conservative syntactic test: it
 * rejects a few safe expressions too, never an unsafe one of these kinds.
 */
export function backtrackingConstruct(src: string, flags = ''): string | null {
  return regexHazard(src, flags);
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
