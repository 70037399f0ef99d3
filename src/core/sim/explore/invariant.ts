// The invariant explorer: does *any* ordering of a scenario break what it declares must never
// happen (Scenario.invariant, or the caller's own question)? Two forms. `apart`: can two
// functions' calls overlap (the phased state change asks it of its quick-path reader and its
// update work)? `never`: can a read return a value it must not (the rcu-list pattern asks whether
// a reader can read an element's poison, i.e. hold it after it was freed)? Every ordering the RCU
// rules and the Linux-kernel memory model allow is explored (explore/), with printk as the LKMM
// sees it (a store to the log buffer, not a barrier) so that accesses move inside a critical
// section as they may on real hardware. A counterexample comes back as the execution step by step
// and as a dmesg log the core reads (its lines in execution order, with `rcu-lens:` marker lines
// where the accesses that break the invariant took effect).

import { analyzeText } from '../../analyze';
import type { RuleId } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import { formatDmesgLine } from '../run/dmesgOut';
import { pairsOf, type Probe, scenarioProgram, type WatchedRead } from './fromScenario';
import { withoutBystanders } from './bystanders';
import { completes } from './explore';
import { type Program, ProgramError } from './program';
import { describeStep, type Execution, type Step } from './trace';
import { decide } from '../litmus/check';
import type { Cond } from '../litmus/parse';
import { forEachStep, type Scenario, type ScenarioInvariant } from '../scenario/scenario';
import { decideInvariantLkmm, onExactModel } from './exactInvariant';

export class InvariantError extends Error {}

interface InvariantOptions {
  profile?: Profile | CompiledProfile;
  /** The two functions whose calls must not overlap (default: the scenario's invariant). */
  apart?: readonly [string, string];
  /** Reads that must never return the value (default any non-zero one): instead of `apart`. */
  never?: readonly { read: string; equals?: number }[];
  maxStates?: number;
}

export type InvariantVerdict =
  | 'holds'      // no ordering lets the calls overlap
  | 'broken'     // some ordering does: see counterexample
  | 'deadlock'   // no ordering completes (e.g. synchronize_rcu() inside a reader)
  | 'undecided'; // the state bound was reached first

interface Counterexample {
  /** One sentence: who overlapped whom. */
  summary: string;
  /** The execution, one line per step, in order. */
  steps: string[];
  /** The execution's printed lines as a dmesg log (caller id per task), with marker lines. */
  log: string;
  /** What the core's checks find in that log (rule violations, if the overlap shows in it). */
  violations: { rule: RuleId; line: number; message: string }[];
}

/** The verdict; `apart` and `calls` for an apart invariant, `says`, `never` and `reads` for a never one. */
export interface InvariantResult {
  verdict: InvariantVerdict;
  /** Which model the verdict comes from: 'lkmm', the axiomatic Linux-kernel memory model on the
   * scenario written as litmus tests (exactInvariant.ts); 'operational' when the LKMM could not
   * decide and the operational search found a counterexample, and for `never` questions, which
   * are not yet written as litmus tests (the operational search alone answers them). */
  decidedBy: 'lkmm' | 'operational';
  /** The LKMM's own answer: candidate executions examined, litmus questions asked, why undecided. */
  lkmm: { verdict: InvariantVerdict; candidates: number; questions: number; reason?: string };
  /** The operational search's own verdict (its states are `states`). */
  operational: InvariantVerdict;
  /** The two models' answers when they contradict each other (never dropped: the report says it). */
  disagreement: string | null;
  apart?: readonly [string, string];
  /** Calls of each function in the scenario (per task that makes one). */
  calls?: [number, number];
  /** The invariant in words (the scenario's `says`, or one made from the reads). */
  says?: string;
  never?: readonly { read: string; equals?: number }[];
  /** Reads of those variables in the scenario (per task and path that makes one). */
  reads?: number;
  states: number;
  counterexample: Counterexample | null;
}

/** The question asked: the caller's `apart` or `never`, else the scenario's declared invariant. */
function questionOf(sc: Scenario, opts: InvariantOptions): ScenarioInvariant {
  if (opts.apart) return { apart: [opts.apart[0], opts.apart[1]] };
  if (opts.never) return { never: [...opts.never] };
  if (sc.invariant?.apart || sc.invariant?.never) return sc.invariant;
  throw new InvariantError(`scenario ${sc.name} declares no invariant ("invariant" in the scenario file): say which, e.g. --apart F,G (two functions whose calls must never overlap) or --never VAR (a variable no read may see non-zero)`);
}

/** The verdict: an `apart` question on the exact model (the LKMM), the operational search's
 * counterexample beside it; a `never` question on the operational search, saying so. */
export function checkInvariant(sc: Scenario, opts: InvariantOptions = {}): InvariantResult {
  const q = questionOf(sc, opts);
  if (q.never) {
    const op = checkNever(sc, q.never, q.says, opts);
    const reason = 'never-read questions are not written as litmus tests yet';
    return { ...op, decidedBy: 'operational', lkmm: { verdict: 'undecided', candidates: 0, questions: 0, reason }, operational: op.verdict, disagreement: null };
  }
  const apart = q.apart!;
  const op = checkApart(sc, apart, opts);
  const sp = scenarioProgram(sc, opts.profile, { printIsFence: false, apart });
  return onExactModel(op, decideInvariantLkmm(sp, { name: sc.name ? `rcu-lens-${sc.name}` : undefined }), sp.program);
}

type SearchResult = Omit<InvariantResult, 'decidedBy' | 'lkmm' | 'operational' | 'disagreement'>;

/** The operational search for an apart question (explore.ts): multi-copy atomic, so its "holds" alone proves nothing. */
function checkApart(sc: Scenario, apart: readonly [string, string], opts: InvariantOptions): SearchResult {
  if (apart[0] === apart[1]) throw new InvariantError(`the two functions must differ (got ${apart[0]} twice)`);
  for (const fn of apart) if (!Object.prototype.hasOwnProperty.call(sc.functions, fn)) throw new InvariantError(`the scenario has no function ${fn} (functions: ${Object.keys(sc.functions).join(', ')})`);
  for (const fn of apart) {
    const why = unprobeable(sc, fn);
    if (why) throw new InvariantError(`${fn} ${why}: the explorer models a checked function's shared-state accesses as the psc litmus test does (probes where it is called), which such a step would leave outside`);
  }
  let sp;
  try {
    sp = scenarioProgram(sc, opts.profile, { printIsFence: false, apart });
  } catch (e) {
    if (e instanceof ProgramError) throw new InvariantError(e.message);
    throw e;
  }
  const calls = sp.calls;
  if (sp.probes.length === 0) {
    const missing = apart.filter((_, i) => calls[i] === 0);
    // A function that runs as a task's or a callback's whole body has no call site to probe: its
    // probes would sit outside any critical section it opens, which says nothing.
    const bodies = missing.filter((fn) => runsAsBody(sc, fn));
    throw new InvariantError(`no task calls ${missing.join(' or ')} with a call step: there is nothing that could overlap`
      + (bodies.length ? ` (${bodies.join(', ')} ${bodies.length === 1 ? 'runs' : 'run'} as a task's or callback's whole body; --apart checks functions entered with "call", e.g. the code inside a critical section)` : ''));
  }
  const maxStates = opts.maxStates ?? 2_000_000;
  const search = { maxStates, printsCommute: true, existsOnly: true };
  let states = 0;
  // One question per pair of calls (one of each function, each in its task): can these
  // two overlap? It is asked first of a smaller program, without the tasks that cannot matter to
  // it (bystanders.ts): if not even there, not in the whole program either.
  for (const pair of pairsOf(sp.probes)) {
    const keep = new Set([pair[0]!.thread, pair[0]!.otherThread]);
    const small = withoutBystanders(sp.program, keep);
    if (small) {
      const d = decide(small, anyOf(pair), search);
      states += d.states;
      if (d.verdict === 'Never') continue;
    }
    // maybe: the whole program decides, one probe at a time (a single atom guards its read)
    for (const p of pair) {
      const d = decide(sp.program, anyOf([p]), { ...search, preferProgramOrder: true });
      states += d.states;
      if (d.witness) return { verdict: 'broken', apart, calls, states, counterexample: explain(sp.program, sp.probes, d.witness, sc, opts.profile) };
      if (d.verdict === 'Unknown') return { verdict: 'undecided', apart, calls, states, counterexample: null };
    }
  }
  // no overlap anywhere; but does any ordering complete at all?
  const any = completes(sp.program, { maxStates, printsCommute: true });
  states += any.states;
  const verdict: InvariantVerdict = any.truncated ? 'undecided' : any.found ? 'holds' : 'deadlock';
  return { verdict, apart, calls, states, counterexample: null };
}

/**
 * Why function fn (and what it calls) cannot be bracketed by the probes at its call site, or
 * null: a barrier, a lock, a grace period, a task or callback it starts, or a memory access of
 * its own would order or move the function's real effects apart from its probes.
 */
function unprobeable(sc: Scenario, fn: string, seen = new Set<string>()): string | null {
  if (seen.has(fn)) return null;
  seen.add(fn);
  let why: string | null = null;
  forEachStep(sc.functions[fn] ?? [], (st) => {
    if (why) return;
    if (st.op === 'call') why = unprobeable(sc, st.fn, seen);
    else if (st.op !== 'print' && st.op !== 'sleep' && st.op !== 'busy' && st.op !== 'if') why = `contains a ${st.op} step`;
  });
  return why;
}

/** Does fn run as a task's, a spawned task's or a call_rcu callback's whole body? */
function runsAsBody(sc: Scenario, fn: string): boolean {
  let found = sc.tasks.some((t) => t.fn === fn);
  for (const steps of Object.values(sc.functions)) {
    forEachStep(steps, (st) => { if ((st.op === 'spawn' || st.op === 'call_rcu') && st.fn === fn) found = true; });
  }
  return found;
}

const anyOf = (probes: readonly Probe[]): Cond => probes.map((p): Cond => ({ k: 'reg', thread: p.thread, reg: p.reg, v: 1 }))
  .reduce((a, b): Cond => ({ k: 'or', a, b }));

/**
 * The same execution with each task's first line printed right after the step that starts it,
 * where nothing in the task orders that line later (a print with no program-order predecessor):
 * a printk commutes with every other task's steps, so this is an equally valid order. A dmesg log
 * names no task, and the core tells readers apart by which `start` line came last; with each
 * task's first line beside its start the log's readers are the execution's.
 */
function startsBesideSpawns(prog: Program, ex: Execution): Execution {
  const steps = [...ex.steps];
  const opOf = (s: Step) => prog.threads[s.thread]!.paths[ex.combo[s.thread]!]!;
  for (let i = 0; i < steps.length; i++) {
    const sp = steps[i]!;
    if (sp.kind !== 'spawn') continue;
    const op = opOf(sp).ops[sp.op]!;
    if (op.k !== 'spawn') continue;
    const first = steps.findIndex((s) => s.thread === op.thread);
    if (first <= i + 1) continue;
    const f = steps[first]!;
    if (f.kind !== 'print' || opOf(f).preds[f.op]!.length > 0) continue;
    steps.splice(first, 1);
    steps.splice(i + 1, 0, f);
  }
  return { ...ex, steps };
}

function explain(prog: Program, probes: readonly Probe[], witness: Execution, sc: Scenario, profile: Profile | CompiledProfile | undefined): Counterexample {
  const ex = startsBesideSpawns(prog, witness);
  const hit = probes.find((p) => ex.regs[p.thread]?.get(p.reg) === 1)!;
  const task = (t: number): string => prog.threads[t]!.name;
  const summary = `${hit.fn} (${task(hit.thread)}) overlaps ${hit.otherFn} (${task(hit.otherThread)}): `
    + `its accesses took effect while ${hit.otherFn}'s were in progress`;
  const flag = (fn: string, i: number): string => `%${fn}#${i}`;
  const mine = flag(hit.fn, hit.instance), theirs = flag(hit.otherFn, hit.otherInstance);
  // the probe ops that matter, as marker lines: the other call's flag set and cleared, this read
  const marker = (s: Step): string | null => {
    if (s.kind === 'write' && s.loc === theirs) return s.value === 1 ? `rcu-lens: ${hit.otherFn} (${task(s.thread)}) begins changing shared state` : `rcu-lens: ${hit.otherFn} (${task(s.thread)}) has finished changing shared state`;
    if (s.kind === 'read' && s.thread === hit.thread && s.loc === theirs && s.value === 1) return `rcu-lens: ${hit.fn} (${task(s.thread)}) reads shared state here, in the middle of ${hit.otherFn}`;
    if (s.kind === 'write' && s.loc === mine && s.value === 1) return `rcu-lens: ${hit.fn} (${task(s.thread)}) writes shared state here`;
    if (s.kind === 'read' && s.thread === hit.otherThread && s.loc === mine && s.value === 1) return `rcu-lens: ${hit.otherFn} (${task(s.thread)}) sees ${hit.fn} (${task(hit.thread)}) in progress`;
    return null;
  };
  return render(prog, ex, sc, profile, summary, (i) => marker(ex.steps[i]!));
}

/**
 * `never`: can some read of these variables return the value (default: any non-zero one)? Each
 * read fills its own register (an `if` condition's, or a `read` step's that no other read of its
 * thread fills too), so "some register ends with the value" is "some read returned it".
 */
function checkNever(sc: Scenario, never: readonly { read: string; equals?: number }[], says: string | undefined, opts: InvariantOptions): SearchResult {
  const vars = new Set(never.map((n) => n.read));
  for (const v of vars) if (!Object.prototype.hasOwnProperty.call(sc.vars ?? {}, v)) throw new InvariantError(`the scenario has no variable ${v} (variables: ${Object.keys(sc.vars ?? {}).join(', ') || 'none'})`);
  for (const n of never) if (n.equals === 0) throw new InvariantError(`never ${n.read} = 0: a read that did not happen looks the same; ask for a non-zero value`);
  const text = says ?? `no read of ${never.map((n) => (n.equals === undefined ? `${n.read} returns non-zero` : `${n.read} returns ${n.equals}`)).join(', or ')}`;
  // A witness is looked for first with each printk a full barrier (its lines then say in order
  // what each task did, and an execution of that program is one of the LKMM's too); the proof
  // that none exists is made without (printk is a store to the log buffer, accesses move past it).
  const maxStates = opts.maxStates ?? 2_000_000;
  let states = 0;
  for (const printIsFence of [true, false]) {
    let sp;
    try {
      sp = scenarioProgram(sc, opts.profile, { printIsFence, watch: vars });
    } catch (e) {
      if (e instanceof ProgramError) throw new InvariantError(e.message);
      throw e;
    }
    const reads = sp.watched;
    if (reads.length === 0) throw new InvariantError(`no task reads ${[...vars].join(' or ')}: there is nothing that could break "${text}"`);
    const shared = reads.find((w) => w.shared);
    if (shared) throw new InvariantError(`${sp.program.threads[shared.thread]!.name} reads ${shared.var} into register ${shared.reg}, which another of its reads fills too: give each read its own register, so its value is known at the end`);
    const bad = (w: WatchedRead): Cond => {
      const eq = never.find((n) => n.read === w.var)!.equals;
      const reg: Cond = { k: 'reg', thread: w.thread, reg: w.reg, v: eq ?? 0 };
      return eq === undefined ? { k: 'not', a: reg } : reg;
    };
    const cond = reads.map(bad).reduce((a, b): Cond => ({ k: 'or', a, b }));
    const d = decide(sp.program, cond, { maxStates, printsCommute: true, existsOnly: true, preferProgramOrder: true });
    states += d.states;
    const base = { says: text, never, reads: reads.length };
    if (d.witness) return { verdict: 'broken', ...base, states, counterexample: explainNever(sp.program, reads, never, d.witness, sc, text, opts.profile) };
    if (printIsFence) continue;
    if (d.verdict === 'Unknown') return { verdict: 'undecided', ...base, states, counterexample: null };
    const any = completes(sp.program, { maxStates, printsCommute: true });
    states += any.states;
    return { verdict: any.truncated ? 'undecided' : any.found ? 'holds' : 'deadlock', ...base, states, counterexample: null };
  }
  throw new Error('unreachable');
}

function explainNever(prog: Program, reads: readonly WatchedRead[], never: readonly { read: string; equals?: number }[], witness: Execution, sc: Scenario, says: string, profile: Profile | CompiledProfile | undefined): Counterexample {
  const ex = startsBesideSpawns(prog, witness);
  const task = (t: number): string => prog.threads[t]!.name;
  const isBad = (v: unknown, name: string): boolean => { const eq = never.find((n) => n.read === name)?.equals; return eq === undefined ? v !== 0 && v !== undefined : v === eq; };
  const hit = reads.find((w) => isBad(ex.regs[w.thread]?.get(w.reg), w.var))!;
  const value = ex.regs[hit.thread]!.get(hit.reg);
  const summary = `${task(hit.thread)} reads ${hit.var} = ${String(value)}: the invariant "${says}" is broken`;
  // the read that returned the value, and the write that stored it, as marker lines
  let readIdx = -1;
  ex.steps.forEach((s, i) => { if (s.kind === 'read' && s.thread === hit.thread && s.loc === hit.var && s.value === value) readIdx = i; });
  let writeIdx = -1;
  ex.steps.forEach((s, i) => { if (i < readIdx && s.kind === 'write' && s.loc === hit.var && s.value === value) writeIdx = i; });
  const marker = (i: number): string | null => {
    if (i === writeIdx) return `rcu-lens: ${task(ex.steps[i]!.thread)} writes ${hit.var} = ${String(value)} here`;
    if (i === readIdx) return `rcu-lens: ${task(hit.thread)} reads ${hit.var} = ${String(value)} here: ${says} — broken`;
    return null;
  };
  return render(prog, ex, sc, profile, summary, marker);
}

/** The execution as steps and as a dmesg log: its printed lines, and `marker(i)` lines. */
function render(prog: Program, ex: Execution, sc: Scenario, profile: Profile | CompiledProfile | undefined, summary: string, marker: (i: number) => string | null): Counterexample {
  const task = (t: number): string => prog.threads[t]!.name;
  const callers = new Map<string, number>();
  for (const t of sc.tasks) callers.set(t.name, 100 + callers.size);
  const idOf = (name: string): number => { let id = callers.get(name); if (id === undefined) callers.set(name, id = 100 + callers.size); return id; };
  const t0 = Math.round((sc.timing?.bootTime ?? 1) * 1e6);
  const lines: string[] = [];
  const steps: string[] = [];
  ex.steps.forEach((s, i) => {
    const op = prog.threads[s.thread]!.paths[ex.combo[s.thread]!]!.ops[s.op]!;
    if (op.k === 'print') {
      lines.push(formatDmesgLine(t0 + lines.length * 1000, `[ T${idOf(op.obs.printer)}] ${op.obs.text}`));
      steps.push(describeStep(prog, ex, s));
      return;
    }
    const m = marker(i);
    if (m) {
      lines.push(formatDmesgLine(t0 + lines.length * 1000, `[ T${idOf(task(s.thread))}] ${m}`));
      steps.push(`${task(s.thread)}: ${m.slice('rcu-lens: '.length)}`);
      return;
    }
    if (s.loc?.startsWith('%')) return; // the other probes: bookkeeping, not the program's
    steps.push(describeStep(prog, ex, s));
  });
  const log = lines.map((l) => `${l}\n`).join('');
  const a = analyzeText(log, profile ? { profile } : {});
  return { summary, steps, log, violations: a.violations.map((v) => ({ rule: v.rule, line: v.line, message: v.message })) };
}
