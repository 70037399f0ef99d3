// Reading a scenario file: JSON text -> Scenario, with every problem reported at its line and
// column (all of them at once, not just the first). The file syntax is documented by
// scenario.schema.json; this module is the authority, the schema is for editors.
//
// Step syntax: a bare string for steps without arguments ("rcu_read_lock"), otherwise an object
// with one key that names the step (any order): {"print": "reader 1: begin"}, {"sleep": 30}, {"busy": 60},
// {"spawn": "reader1", "fn": "reader", "delay": 0.00003}, {"call": "update"},
// {"read": "be_careful", "into": "r1"}, {"write": "be_careful", "value": 1},
// {"if": {"read": "be_careful"}, "then": [...], "else": [...]}, {"synchronize_rcu": {"latency": 0.03}},
// {"call_rcu": "free_old", "fn": "free_cb"}, {"spin_lock": "cl"}, {"spin_unlock": "cl"}.

import { type JNode, type JProp, JsonPosError, parseJsonPos, type Pos } from '../../jsonPos';
import {
  BARE_OPS, type Cond, type Scenario, ScenarioError, type ScenarioInvariant, type ScenarioIssue, type ScenarioTiming, type Step, type TopTask,
} from './scenario';

/** Keys each object step may have besides its op key, and whether each is required. */
const EXTRA_KEYS: Record<string, Record<string, boolean>> = {
  print: { cost: false },
  sleep: {},
  busy: {},
  spawn: { fn: true, delay: false },
  call: {},
  read: { into: true },
  write: { value: true },
  if: { then: true, else: false },
  synchronize_rcu: {},
  call_rcu: { fn: true },
  spin_lock: {},
  spin_unlock: {},
};
export const OBJECT_OPS = Object.keys(EXTRA_KEYS);
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Names are keys of plain objects (functions, vars): this one would set the prototype. */
const RESERVED = new Set(['__proto__']);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/**
 * Ranges of a file's numbers: every time and duration (seconds) at most MAX_SECONDS (a virtual
 * clock past it loses its microseconds, and 1e308 overflows to Infinity), at most MAX_CPUS CPUs
 * (the engine keeps a slot per CPU), values finite.
 */
const MAX_SECONDS = 1e7;
const MAX_CPUS = 4096;

class Reader {
  issues: ScenarioIssue[] = [];
  err(p: Pos, message: string): void {
    this.issues.push({ line: p.line, column: p.column, message });
  }
  prop(o: Extract<JNode, { type: 'object' }>, key: string): JProp | undefined {
    return o.props.find((p) => p.key === key);
  }
  str(n: JNode, what: string, name = false): string | undefined {
    if (n.type !== 'string') { this.err(n.pos, `${what} must be a string`); return undefined; }
    if (name && (!NAME.test(n.value) || RESERVED.has(n.value))) { this.err(n.pos, `${what} ${JSON.stringify(n.value)} is not a valid name (letters, digits, _ . -)`); return undefined; }
    return n.value;
  }
  num(n: JNode, what: string, min = -Infinity, max = Infinity): number | undefined {
    if (n.type !== 'number') { this.err(n.pos, `${what} must be a number`); return undefined; }
    if (!Number.isFinite(n.value)) { this.err(n.pos, `${what} must be a finite number`); return undefined; }
    if (!(n.value >= min)) { this.err(n.pos, `${what} must be at least ${min}`); return undefined; }
    if (!(n.value <= max)) { this.err(n.pos, `${what} must be at most ${max}`); return undefined; }
    return n.value;
  }
  /** Seconds: a time or a duration, 0..MAX_SECONDS. */
  secs(n: JNode, what: string): number | undefined {
    return this.num(n, what, 0, MAX_SECONDS);
  }
  noDuplicates(o: Extract<JNode, { type: 'object' }>): void {
    const seen = new Set<string>();
    for (const p of o.props) {
      if (seen.has(p.key)) this.err(p.keyPos, `duplicate key ${JSON.stringify(p.key)}`);
      seen.add(p.key);
    }
  }
}

function readCond(r: Reader, n: JNode): Cond | undefined {
  if (n.type === 'string') return { read: n.value }; // shorthand: "be_careful" = READ_ONCE(be_careful)
  if (n.type !== 'object') { r.err(n.pos, 'an if condition must be {"read": VAR} or {"reg": REGISTER}'); return undefined; }
  const read = r.prop(n, 'read'), reg = r.prop(n, 'reg'), eq = r.prop(n, 'equals');
  for (const p of n.props) if (!['read', 'reg', 'equals'].includes(p.key)) r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} in condition (read, reg, equals)`);
  if (!!read === !!reg) { r.err(n.pos, 'a condition needs exactly one of "read" or "reg"'); return undefined; }
  const equals = eq ? r.num(eq.value, '"equals"') : undefined;
  const name = r.str((read ?? reg)!.value, read ? '"read"' : '"reg"', true);
  if (name === undefined) return undefined;
  const c: Cond = read ? { read: name } : { reg: name };
  if (equals !== undefined) c.equals = equals;
  return c;
}

function readSteps(r: Reader, n: JNode, where: string): Step[] {
  if (n.type !== 'array') { r.err(n.pos, `${where} must be an array of steps`); return []; }
  const out: Step[] = [];
  for (const item of n.items) {
    const s = readStep(r, item);
    if (s) out.push(s);
  }
  return out;
}

function readStep(r: Reader, n: JNode): Step | undefined {
  const pos = { line: n.pos.line, column: n.pos.column };
  if (n.type === 'string') {
    if ((BARE_OPS as readonly string[]).includes(n.value)) return { op: n.value as (typeof BARE_OPS)[number], pos } as Step;
    const hint = OBJECT_OPS.includes(n.value) ? ` ("${n.value}" takes an argument: {"${n.value}": ...})` : ` (one of ${BARE_OPS.join(', ')})`;
    r.err(n.pos, `unknown step ${JSON.stringify(n.value)}${hint}`);
    return undefined;
  }
  if (n.type !== 'object' || n.props.length === 0) {
    r.err(n.pos, `a step must be a string such as "rcu_read_lock" or an object such as {"print": "reader 1: begin"}`);
    return undefined;
  }
  r.noDuplicates(n);
  const heads = n.props.filter((p) => OBJECT_OPS.includes(p.key));
  if (heads.length !== 1) {
    if (heads.length > 1) { r.err(heads[1]!.keyPos, `a step does one thing: found both "${heads[0]!.key}" and "${heads[1]!.key}"`); return undefined; }
    const op = n.props[0]!.key;
    const bare = (BARE_OPS as readonly string[]).includes(op) && op !== 'synchronize_rcu';
    r.err(n.props[0]!.keyPos, bare ? `write "${op}" as a bare string step` : `unknown step ${JSON.stringify(op)}; expected one of ${[...OBJECT_OPS, ...BARE_OPS].join(', ')}`);
    return undefined;
  }
  const head = heads[0]!;
  const op = head.key;
  const extra = EXTRA_KEYS[op]!;
  for (const p of n.props.filter((q) => q !== head)) {
    if (!(p.key in extra)) r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} for a "${op}" step${Object.keys(extra).length ? ` (allowed: ${Object.keys(extra).join(', ')})` : ''}`);
  }
  for (const [k, required] of Object.entries(extra)) {
    if (required && !r.prop(n, k)) r.err(n.pos, `a "${op}" step needs "${k}"`);
  }
  const v = head.value;
  const get = (k: string): JNode | undefined => r.prop(n, k)?.value;
  const before = r.issues.length;
  let s: Step | undefined;
  switch (op) {
    case 'print': {
      const text = r.str(v, '"print"');
      const cost = get('cost') ? r.secs(get('cost')!, '"cost"') : undefined;
      if (text !== undefined) s = cost !== undefined ? { op, text, cost, pos } : { op, text, pos };
      break;
    }
    case 'sleep': case 'busy': {
      const seconds = r.secs(v, `"${op}" (seconds)`);
      if (seconds !== undefined) s = { op, seconds, pos };
      break;
    }
    case 'spawn': {
      const task = r.str(v, '"spawn" (the new task\'s name)', true);
      const fn = get('fn') ? r.str(get('fn')!, '"fn"', true) : undefined;
      const delay = get('delay') ? r.secs(get('delay')!, '"delay"') : undefined;
      if (task !== undefined && fn !== undefined) s = delay !== undefined ? { op, task, fn, delay, pos } : { op, task, fn, pos };
      break;
    }
    case 'call': {
      const fn = r.str(v, '"call" (a function name)', true);
      if (fn !== undefined) s = { op, fn, pos };
      break;
    }
    case 'read': {
      const name = r.str(v, '"read" (a variable)', true);
      const into = get('into') ? r.str(get('into')!, '"into" (a register)', true) : undefined;
      if (name !== undefined && into !== undefined) s = { op, var: name, into, pos };
      break;
    }
    case 'write': {
      const name = r.str(v, '"write" (a variable)', true);
      const value = get('value') ? r.num(get('value')!, '"value"') : undefined;
      if (name !== undefined && value !== undefined) s = { op, var: name, value, pos };
      break;
    }
    case 'if': {
      const cond = readCond(r, v);
      const then = get('then') ? readSteps(r, get('then')!, '"then"') : [];
      const els = get('else') ? readSteps(r, get('else')!, '"else"') : [];
      if (cond) s = { op, cond, then, else: els, pos };
      break;
    }
    case 'synchronize_rcu': {
      if (v.type === 'boolean' && v.value) { s = { op, pos }; break; }
      if (v.type !== 'object') { r.err(v.pos, '"synchronize_rcu" takes {"latency": seconds} (or write it as the bare string "synchronize_rcu")'); break; }
      for (const p of v.props) if (p.key !== 'latency') r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} for synchronize_rcu (allowed: latency)`);
      const lat = r.prop(v, 'latency');
      const latency = lat ? r.secs(lat.value, '"latency"') : undefined;
      s = latency !== undefined ? { op, latency, pos } : { op, pos };
      break;
    }
    case 'call_rcu': {
      const callback = r.str(v, '"call_rcu" (the callback\'s name)', true);
      const fn = get('fn') ? r.str(get('fn')!, '"fn"', true) : undefined;
      if (callback !== undefined && fn !== undefined) s = { op, callback, fn, pos };
      break;
    }
    case 'spin_lock': case 'spin_unlock': {
      const lock = r.str(v, `"${op}" (a lock name)`, true);
      if (lock !== undefined) s = { op, lock, pos };
      break;
    }
  }
  return r.issues.length === before ? s : undefined;
}

function readTiming(r: Reader, n: JNode): ScenarioTiming {
  const t: ScenarioTiming = {};
  if (n.type !== 'object') { r.err(n.pos, '"timing" must be an object'); return t; }
  for (const p of n.props) {
    switch (p.key) {
      case 'bootTime': { const v = r.secs(p.value, '"bootTime"'); if (v !== undefined) t.bootTime = v; break; }
      case 'gpLatency': { const v = r.secs(p.value, '"gpLatency"'); if (v !== undefined) t.gpLatency = v; break; }
      case 'printCost': { const v = r.secs(p.value, '"printCost"'); if (v !== undefined) t.printCost = v; break; }
      case 'cpus': {
        const v = r.num(p.value, '"cpus"', 1, MAX_CPUS);
        if (v !== undefined && !Number.isInteger(v)) r.err(p.value.pos, '"cpus" must be a whole number');
        else if (v !== undefined) t.cpus = v;
        break;
      }
      default: r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} in "timing" (bootTime, cpus, gpLatency, printCost)`);
    }
  }
  return t;
}

/** "invariant": {"says"?, and exactly one of "apart": [F, G] or "never": [{"read": VAR, "equals"?}]}. */
function readInvariant(r: Reader, n: JNode): ScenarioInvariant | undefined {
  if (n.type !== 'object') { r.err(n.pos, '"invariant" must be an object {"apart": [F, G]} or {"never": [{"read": VAR}]}'); return undefined; }
  r.noDuplicates(n);
  const inv: ScenarioInvariant = {};
  for (const p of n.props) {
    switch (p.key) {
      case 'says': { const v = r.str(p.value, '"says"'); if (v !== undefined) inv.says = v; break; }
      case 'apart': {
        const v = p.value;
        if (v.type !== 'array' || v.items.length !== 2) { r.err(v.pos, '"apart" must be two function names [F, G]'); break; }
        const [a, b] = v.items.map((x) => r.str(x, 'a function name', true));
        if (a !== undefined && b !== undefined) inv.apart = [a, b];
        break;
      }
      case 'never': {
        const v = p.value;
        if (v.type !== 'array' || v.items.length === 0) { r.err(v.pos, '"never" must be a non-empty array of {"read": VAR} (optionally with "equals")'); break; }
        const reads: { read: string; equals?: number }[] = [];
        for (const x of v.items) {
          const c = readCond(r, x);
          if (!c) continue;
          if (!('read' in c)) { r.err(x.pos, '"never" takes reads of variables ({"read": VAR}), not registers'); continue; }
          if (c.equals === 0) { r.err(x.pos, '"never" cannot ask for a read of 0 (a read that did not happen looks the same)'); continue; }
          reads.push(c);
        }
        inv.never = reads;
        break;
      }
      default: r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} in "invariant" (says, apart, never)`);
    }
  }
  if (!!inv.apart === !!inv.never) { r.err(n.pos, '"invariant" needs exactly one of "apart" or "never"'); return undefined; }
  return inv;
}

/** Parse and validate scenario JSON text. Throws ScenarioError listing every problem found. */
export function parseScenario(text: string): Scenario {
  let root: JNode;
  try {
    root = parseJsonPos(text);
  } catch (e) {
    if (e instanceof JsonPosError) throw new ScenarioError([{ ...e.pos, message: `not valid JSON: ${e.message}` }]);
    throw e;
  }
  const r = new Reader();
  if (root.type !== 'object') throw new ScenarioError([{ ...root.pos, message: 'a scenario must be a JSON object' }]);
  r.noDuplicates(root);
  const sc: Scenario = { name: 'scenario', functions: {}, tasks: [] };
  const fnPos = new Map<string, Pos>();
  const taskPos: Pos[] = [];
  for (const p of root.props) {
    switch (p.key) {
      case '$schema': break;
      case 'name': { const v = r.str(p.value, '"name"'); if (v !== undefined) sc.name = v; break; }
      case 'description': { const v = r.str(p.value, '"description"'); if (v !== undefined) sc.description = v; break; }
      case 'vars': {
        if (p.value.type !== 'object') { r.err(p.value.pos, '"vars" must be an object {"name": initial value}'); break; }
        r.noDuplicates(p.value);
        sc.vars = {};
        for (const q of p.value.props) {
          if (!NAME.test(q.key) || RESERVED.has(q.key)) { r.err(q.keyPos, `${JSON.stringify(q.key)} is not a valid variable name`); continue; }
          const v = r.num(q.value, `variable ${q.key}`);
          if (v !== undefined) sc.vars[q.key] = v;
        }
        break;
      }
      case 'functions': {
        if (p.value.type !== 'object') { r.err(p.value.pos, '"functions" must be an object {"name": [steps]}'); break; }
        r.noDuplicates(p.value);
        for (const q of p.value.props) {
          if (!NAME.test(q.key) || RESERVED.has(q.key)) { r.err(q.keyPos, `${JSON.stringify(q.key)} is not a valid function name`); continue; }
          sc.functions[q.key] = readSteps(r, q.value, `function ${q.key}`);
          fnPos.set(q.key, q.keyPos);
        }
        break;
      }
      case 'tasks': {
        if (p.value.type !== 'array') { r.err(p.value.pos, '"tasks" must be an array of {"name", "fn", "at"}'); break; }
        for (const t of p.value.items) {
          if (t.type !== 'object') { r.err(t.pos, 'a task must be an object {"name": ..., "fn": ..., "at": seconds}'); continue; }
          const name = r.prop(t, 'name'), fn = r.prop(t, 'fn'), at = r.prop(t, 'at');
          for (const q of t.props) if (!['name', 'fn', 'at'].includes(q.key)) r.err(q.keyPos, `unknown key ${JSON.stringify(q.key)} in a task (name, fn, at)`);
          if (!name || !fn) { r.err(t.pos, 'a task needs "name" and "fn"'); continue; }
          const n = r.str(name.value, 'task "name"', true), f = r.str(fn.value, 'task "fn"', true);
          const a = at ? r.secs(at.value, 'task "at"') : undefined;
          if (n === undefined || f === undefined) continue;
          const task: TopTask = { name: n, fn: f };
          if (a !== undefined) task.at = a;
          sc.tasks.push(task);
          taskPos.push(t.pos);
        }
        break;
      }
      case 'timing': sc.timing = readTiming(r, p.value); break;
      case 'invariant': { const v = readInvariant(r, p.value); if (v) sc.invariant = v; break; }
      default: r.err(p.keyPos, `unknown key ${JSON.stringify(p.key)} (expected name, description, vars, functions, tasks, timing, invariant)`);
    }
  }
  if (!r.prop(root, 'functions')) r.err(root.pos, 'a scenario needs "functions"');
  if (!r.prop(root, 'tasks')) r.err(root.pos, 'a scenario needs "tasks" (at least one task that starts the scenario)');
  if (r.issues.length === 0) {
    for (const issue of checkScenario(sc)) r.issues.push(issue);
  }
  if (r.issues.length) throw new ScenarioError(r.issues.sort((a, b) => a.line - b.line || a.column - b.column));
  return sc;
}

/**
 * Cross-reference checks that need the whole scenario: functions exist, calls do not recurse,
 * task names are unique, variables are declared, registers are written before an `if` reads them.
 * Usable on scenarios built in code as well (issues then carry the steps' pos, or 0:0).
 */
function checkScenario(sc: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const at = (s: { pos?: Pos } | undefined, message: string): void => {
    issues.push({ line: s?.pos?.line ?? 0, column: s?.pos?.column ?? 0, message });
  };
  const fns = sc.functions;
  const vars = new Set(Object.keys(sc.vars ?? {}));
  const taskNames = new Map<string, string>();
  const regs = new Set<string>();
  const visit = (steps: readonly Step[], f: (s: Step) => void): void => {
    for (const s of steps) {
      f(s);
      if (s.op === 'if') { visit(s.then, f); visit(s.else, f); }
    }
  };
  for (const steps of Object.values(fns)) visit(steps, (s) => { if (s.op === 'read') regs.add(s.into); });
  if (sc.tasks.length === 0) at(undefined, 'a scenario needs at least one task in "tasks"');
  for (const t of sc.tasks) {
    if (!own(fns, t.fn)) at(undefined, `task ${t.name}: no function named ${JSON.stringify(t.fn)}`);
    if (taskNames.has(t.name)) at(undefined, `task name ${t.name} is used twice`);
    taskNames.set(t.name, 'task');
  }
  for (const [name, steps] of Object.entries(fns)) {
    visit(steps, (s) => {
      switch (s.op) {
        case 'spawn':
          if (!own(fns, s.fn)) at(s, `spawn ${s.task}: no function named ${JSON.stringify(s.fn)}`);
          if (taskNames.has(s.task)) at(s, `task name ${s.task} is used twice (every spawned task needs its own name)`);
          taskNames.set(s.task, name);
          break;
        case 'call_rcu':
          if (!own(fns, s.fn)) at(s, `call_rcu ${s.callback}: no function named ${JSON.stringify(s.fn)}`);
          if (taskNames.has(s.callback)) at(s, `name ${s.callback} is used twice`);
          taskNames.set(s.callback, name);
          break;
        case 'call':
          if (!own(fns, s.fn)) at(s, `call: no function named ${JSON.stringify(s.fn)}`);
          break;
        case 'read': case 'write':
          if (!vars.has(s.var)) at(s, `variable ${s.var} is not declared in "vars"`);
          break;
        case 'if':
          if ('read' in s.cond && !vars.has(s.cond.read)) at(s, `variable ${s.cond.read} is not declared in "vars"`);
          if ('reg' in s.cond && !regs.has(s.cond.reg)) at(s, `register ${s.cond.reg} is never written by a "read" step`);
          break;
        default: break;
      }
    });
  }
  for (const fn of sc.invariant?.apart ?? []) if (!own(fns, fn)) at(undefined, `invariant: no function named ${JSON.stringify(fn)}`);
  for (const c of sc.invariant?.never ?? []) if (!vars.has(c.read)) at(undefined, `invariant: variable ${c.read} is not declared in "vars"`);
  // `call` must not recurse: the simulator inlines calls.
  const state = new Map<string, 'active' | 'done'>();
  const dfs = (fn: string, via: Step | undefined): void => {
    if (state.get(fn) === 'done' || !own(fns, fn)) return;
    if (state.get(fn) === 'active') { at(via, `function ${fn} calls itself (directly or through others): recursion is not supported`); return; }
    state.set(fn, 'active');
    visit(fns[fn]!, (s) => { if (s.op === 'call') dfs(s.fn, s); });
    state.set(fn, 'done');
  };
  for (const fn of Object.keys(fns)) dfs(fn, undefined);
  return issues;
}

/** Serialise a scenario back to the file syntax (pos dropped), e.g. for `simulate --fit --json`. */
export function scenarioToJson(sc: Scenario): unknown {
  const cond = (c: Cond): unknown => ('read' in c ? (c.equals === undefined ? { read: c.read } : c) : c);
  const step = (s: Step): unknown => {
    switch (s.op) {
      case 'rcu_read_lock': case 'rcu_read_unlock': case 'rcu_barrier': case 'smp_mb': return s.op;
      case 'synchronize_rcu': return s.latency === undefined ? s.op : { synchronize_rcu: { latency: s.latency } };
      case 'print': return s.cost === undefined ? { print: s.text } : { print: s.text, cost: s.cost };
      case 'sleep': return { sleep: s.seconds };
      case 'busy': return { busy: s.seconds };
      case 'spawn': return s.delay === undefined ? { spawn: s.task, fn: s.fn } : { spawn: s.task, fn: s.fn, delay: s.delay };
      case 'call': return { call: s.fn };
      case 'read': return { read: s.var, into: s.into };
      case 'write': return { write: s.var, value: s.value };
      case 'if': return { if: cond(s.cond), then: s.then.map(step), else: s.else.map(step) };
      case 'call_rcu': return { call_rcu: s.callback, fn: s.fn };
      case 'spin_lock': return { spin_lock: s.lock };
      case 'spin_unlock': return { spin_unlock: s.lock };
    }
  };
  const out: Record<string, unknown> = { name: sc.name };
  if (sc.description !== undefined) out['description'] = sc.description;
  if (sc.vars) out['vars'] = sc.vars;
  out['tasks'] = sc.tasks;
  out['functions'] = Object.fromEntries(Object.entries(sc.functions).map(([k, v]) => [k, v.map(step)]));
  if (sc.timing) out['timing'] = sc.timing;
  if (sc.invariant) out['invariant'] = sc.invariant;
  return out;
}
