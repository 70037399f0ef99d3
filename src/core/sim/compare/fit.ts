// Fitting: measure a scenario's timings from an actual run, so its rerun is comparable line for
// line. Every task gets its own copy of its code (two readers run the same function but busy for
// different times); each gap between two of a task's printed lines is given to the sleep or busy
// loop between them, to the spawn delay before a task's first line, or to the printk's cost when
// nothing else lies between. A gap that spans synchronize_rcu() sets that call's latency instead:
// the time from the last reader it waited for (per the core's analysis) to its return.
//
// For the seed's shape (one init task that prints, sleeps and spawns) the init task is rebuilt from
// the run itself: the tasks the log shows, spawned when the log shows them, with `start` lines only
// where the log has them (older modules print none), readers the scenario lacks added.

import type { LogEvent, Run } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import { classifier, type Classifier } from '../run/classify';
import { simulate } from '../run/engine';
import { cloneScenario, type Scenario, type Step, type TopTask } from '../scenario/scenario';
import { SEED_SCENARIO } from '../../patterns/phased-state-change/scenario';
import { syncSites } from '../scenario/sites';
import { copyDurations, inlineCalls, sameShape } from '../scenario/transform';

interface FitResult {
  scenario: Scenario;
  /** What was measured or assumed, for the user (one sentence each). */
  notes: string[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };

export function fitScenario(run: Run, events: readonly LogEvent[], base: Scenario = SEED_SCENARIO, profile?: Profile | CompiledProfile): Scenario {
  return fitScenarioDetailed(run, events, base, profile).scenario;
}

export function fitScenarioDetailed(run: Run, events: readonly LogEvent[], base: Scenario = SEED_SCENARIO, profile?: Profile | CompiledProfile): FitResult {
  const ctx = new FitContext(run, events, base, classifier(profile));
  return seedShaped(base) ? ctx.fitSeedShape(simulate(base, {}, profile)) : ctx.fitTimingOnly();
}

/** One top-level task whose code only prints, sleeps, busy-loops and spawns. */
function seedShaped(sc: Scenario): boolean {
  if (sc.tasks.length !== 1) return false;
  const body = sc.functions[sc.tasks[0]!.fn] ?? [];
  return body.every((s) => s.op === 'print' || s.op === 'sleep' || s.op === 'busy' || s.op === 'spawn');
}

interface Action { time: number; text: string | null; spawn: { task: string; fn: string } | null }

/** What absorbs the gap before a task's first anchored line: a spawn delay or a top-level start time. */
type Adj = { delay: Extract<Step, { op: 'spawn' }> } | { at: TopTask; boot: number } | { dur: Extract<Step, { op: 'sleep' | 'busy' }> } | null;

function findSpawn(steps: readonly Step[], task: string): Extract<Step, { op: 'spawn' }> | null {
  for (const s of steps) {
    if (s.op === 'spawn' && s.task === task) return s;
    if (s.op === 'if') { const x = findSpawn(s.then, task) ?? findSpawn(s.else, task); if (x) return x; }
  }
  return null;
}

/** A log stamped only with the time of day (dmesg -T, journalctl short): time the events by the
 * wall clock, from the scenario's boot time, so the gaps between them can still be fitted. */
function byWallClock(evs: LogEvent[], bootTime: number, notes: string[]): LogEvent[] {
  const first = evs.find((e) => e.wallclock !== null)?.wallclock ?? null;
  if (first === null) return evs;
  notes.push('the log has no time since boot: timings fitted from its wall-clock stamps');
  return evs.map((e) => (e.wallclock !== null ? { ...e, time: bootTime + (e.wallclock - first) } : e));
}

class FitContext {
  readonly notes: string[] = [];
  readonly evs: LogEvent[];
  private readonly latencies: number[] = [];
  private readonly sites: Map<Step, number> = new Map();
  private readonly printCost: number;

  constructor(readonly run: Run, events: readonly LogEvent[], readonly base: Scenario, readonly classify: Classifier) {
    const evs = run.events.map((id) => events[id]).filter((e): e is LogEvent => !!e).sort((a, b) => a.line - b.line);
    this.evs = evs.some((e) => e.time !== null) ? evs : byWallClock(evs, base.timing?.bootTime ?? 0, this.notes);
    this.printCost = base.timing?.printCost ?? 1e-6;
  }

  /** The actual events a task printed itself (spawn and init lines are the init task's). */
  taskEvents(task: string): LogEvent[] {
    return this.evs.filter((e) => e.kind !== 'spawn' && e.kind !== 'init' && e.task === task && e.time !== null);
  }

  /** The actual events that stand for lines this task's code prints (a spawner's `start` lines too). */
  printedBy(task: string, body: readonly Step[]): LogEvent[] {
    const said: { kind: string; task: string | null }[] = [];
    const visit = (steps: readonly Step[]): void => {
      for (const s of steps) {
        if (s.op === 'print') { const c = this.classify(s.text, task); if (c.kind) said.push({ kind: c.kind, task: c.task }); }
        if (s.op === 'if') { visit(s.then); visit(s.else); }
      }
    };
    visit(body);
    // the analyzer's attribution decides (its first candidate when ambiguous): one line, one task
    return this.evs.filter((e) => e.time !== null && said.some((p) => matchesKind(e, p.kind, null) && (e.task === null ? p.task === task : e.task === p.task)));
  }

  fitSeedShape(baseSim: ReturnType<typeof simulate>): FitResult {
    const base = this.base;
    const top = base.tasks[0]!;
    const baseFnOf = new Map(baseSim.tasks.map((t) => [t.name, t.fn]));
    const roleFn = (role: string): string | undefined => baseSim.tasks.find((t) => t.role === role)?.fn;
    const initEv = this.evs.find((e) => e.kind === 'init' && e.time !== null);
    const actualTasks = this.run.tasks.filter((t) => t.role !== 'init');
    const namesFromLog = actualTasks.some((t) => !t.inferredName);

    const actions: Action[] = [];
    if (initEv) actions.push({ time: initEv.time!, text: initEv.text, spawn: null });
    const present = new Set<string>();
    for (const t of actualTasks) {
      const fn = baseFnOf.get(t.name) ?? roleFn(t.role);
      const spawnEv = this.evs.find((e) => e.kind === 'spawn' && e.task === t.name && e.time !== null);
      const first = this.taskEvents(t.name)[0];
      const time = spawnEv?.time ?? first?.time ?? null;
      if (!fn) { this.notes.push(`task ${t.name} (${t.role}) has no counterpart in scenario ${base.name}: left out`); continue; }
      if (time === null) { this.notes.push(`task ${t.name} has no timed line: left out`); continue; }
      present.add(t.name);
      actions.push({ time, text: spawnEv ? spawnEv.text : null, spawn: { task: t.name, fn } });
      if (!baseFnOf.has(t.name)) this.notes.push(`task ${t.name} is not in scenario ${base.name}: added as a ${t.role} running ${fn}()`);
    }
    // Tasks of the scenario the log never shows: still spawned (their lines will be "missing"),
    // at the scenario's distance from the previous spawn - unless the log does not name tasks at
    // all (an older module), whose readers cannot be matched to the scenario's by name.
    if (namesFromLog) {
      let lastActual = initEv?.time ?? null, lastBase = baseSim.startTime;
      for (const bt of baseSim.tasks) {
        if (bt.spawnedBy !== top.name) continue;
        const baseTime = baseSim.events.find((e) => e.kind === 'spawn' && e.task === bt.name)?.time ?? bt.start ?? lastBase;
        const act = actions.find((a) => a.spawn?.task === bt.name);
        if (act) { lastActual = act.time; lastBase = baseTime; continue; }
        if (lastActual === null) continue;
        const time = round6(lastActual + (baseTime - lastBase));
        const text = baseSim.events.find((e) => e.kind === 'spawn' && e.task === bt.name)?.text ?? null;
        actions.push({ time, text, spawn: { task: bt.name, fn: bt.fn } });
        present.add(bt.name);
        lastActual = time;
        lastBase = baseTime;
        this.notes.push(`task ${bt.name} does not appear in the log: spawned at the scenario's timing`);
      }
    }
    actions.sort((a, b) => a.time - b.time);
    if (actions.length === 0) {
      this.notes.push('the run has no timed line to fit: the scenario is unchanged');
      return { scenario: cloneScenario(base), notes: this.notes };
    }

    const t0 = actions[0]!.time;
    const initSteps: Step[] = [];
    const spawnAt = new Map<string, { step: Extract<Step, { op: 'spawn' }>; moment: number }>();
    actions.forEach((a, i) => {
      const next = actions[i + 1];
      let cost = a.text !== null ? this.printCost : 0;
      if (next && next.time - a.time < cost) cost = round6(next.time - a.time);
      if (a.text !== null) initSteps.push(cost === this.printCost ? { op: 'print', text: a.text } : { op: 'print', text: a.text, cost });
      if (a.spawn) {
        const step: Extract<Step, { op: 'spawn' }> = { op: 'spawn', task: a.spawn.task, fn: a.spawn.task };
        initSteps.push(step);
        spawnAt.set(a.spawn.task, { step, moment: a.time + cost });
      }
      if (next) {
        const gap = round6(next.time - a.time - cost);
        if (gap > 0) initSteps.push({ op: 'sleep', seconds: gap });
      }
    });

    const fitted: Scenario = {
      name: `${base.name} (fitted)`,
      description: `${base.name} with timings measured from the log (run ${this.run.id + 1}, lines ${this.run.startLine}-${this.run.endLine})`,
      vars: { ...(base.vars ?? {}) },
      tasks: [{ name: top.name, fn: top.fn }],
      functions: { [top.fn]: initSteps },
      timing: { ...(base.timing ?? {}), bootTime: t0 },
    };
    for (const [task, { step, moment }] of spawnAt) {
      const fn = actions.find((a) => a.spawn?.task === task)!.spawn!.fn;
      const body = inlineCalls(base, base.functions[fn] ?? []);
      this.indexSites(base, fn, body);
      fitted.functions[task] = body;
      this.fitTask(task, body, moment, { delay: step });
    }
    this.finishLatency(fitted);
    addReferencedFunctions(base, fitted);
    return { scenario: fitted, notes: this.notes };
  }

  /**
   * Any other scenario: keep its structure, fit each task's durations in place (top-level tasks'
   * start times too), parents before children so each child's spawn moment is the fitted one.
   */
  fitTimingOnly(): FitResult {
    const base = this.base;
    const fitted = cloneScenario(base);
    fitted.name = `${base.name} (fitted)`;
    const t0 = this.run.startTime ?? fitted.timing?.bootTime;
    fitted.timing = { ...(fitted.timing ?? {}), ...(t0 !== undefined && t0 !== null ? { bootTime: t0 } : {}) };
    // every task gets its own inlined copy of its code; spawn steps start the child's copy
    const copies = new Map<string, Step[]>();
    const own = (task: string, fn: string): string => {
      const name = `${fn}.${task}`;
      if (!copies.has(name)) {
        const body = inlineCalls(base, base.functions[fn] ?? []);
        this.indexSites(base, fn, body);
        copies.set(name, body);
        fitted.functions[name] = body;
      }
      return name;
    };
    for (const t of fitted.tasks) t.fn = own(t.name, t.fn);
    const patch = (steps: Step[]): void => {
      for (const s of steps) {
        if (s.op === 'spawn') s.fn = own(s.task, s.fn);
        if (s.op === 'if') { patch(s.then); patch(s.else); }
      }
    };
    for (const patched = new Set<Step[]>(); patched.size < copies.size;) {
      for (const body of [...copies.values()]) if (!patched.has(body)) { patched.add(body); patch(body); }
    }

    const boot = fitted.timing.bootTime ?? 0;
    for (const t of fitted.tasks) this.fitTask(t.name, fitted.functions[t.fn]!, boot + (t.at ?? 0), { at: t, boot });
    const done = new Set(fitted.tasks.map((t) => t.name));
    for (let round = 0; round < 16; round++) {
      const sim = simulate(fitted);
      const next = sim.tasks.filter((t) => t.spawnedBy !== null && done.has(t.spawnedBy) && !done.has(t.name) && t.spawnedAt !== null);
      if (next.length === 0) break;
      for (const t of next) {
        done.add(t.name);
        const step = findSpawn(fitted.functions[`${sim.tasks.find((p) => p.name === t.spawnedBy)!.fn}`] ?? [], t.name);
        if (fitted.functions[t.fn]) this.fitTask(t.name, fitted.functions[t.fn]!, t.spawnedAt!, step ? { delay: step } : null);
      }
    }
    this.finishLatency(fitted);
    this.notes.push('the scenario is not shaped like the seed (one init task that spawns the others): its durations were fitted, its structure kept');
    return { scenario: fitted, notes: this.notes };
  }

  /** Map the synchronize_rcu steps of an inlined copy to the site numbers of the original. */
  private indexSites(base: Scenario, fn: string, body: Step[]): void {
    const ranks = new Map(syncSites(base).map((s, i) => [s, i + 1]));
    const orig: Step[] = [];
    const collect = (steps: readonly Step[], out: Step[]): void => {
      for (const s of steps) {
        if (s.op === 'call') collect(base.functions[s.fn] ?? [], out);
        else if (s.op === 'if') { collect(s.then, out); collect(s.else, out); } else if (s.op === 'synchronize_rcu') out.push(s);
      }
    };
    collect(base.functions[fn] ?? [], orig);
    const copies: Step[] = [];
    const collectCopy = (steps: readonly Step[]): void => {
      for (const s of steps) {
        if (s.op === 'if') { collectCopy(s.then); collectCopy(s.else); } else if (s.op === 'synchronize_rcu') copies.push(s);
      }
    };
    collectCopy(body);
    copies.forEach((s, i) => { const r = ranks.get(orig[i]!); if (r) this.sites.set(s, r); });
  }

  /**
   * Walk a task's code along the path its log lines show, anchoring each printed line that the
   * log has at its actual time and giving each gap to the right duration.
   */
  fitTask(task: string, body: Step[], start: number, first: Adj): void {
    const tevs = this.printedBy(task, body);
    let k = 0;
    let cursor = start;
    let adj: Adj = first;
    let lastPrint: Extract<Step, { op: 'print' }> | null = null;
    let sync: { step: Extract<Step, { op: 'synchronize_rcu' }>; call: number } | null = null;

    const anchor = (time: number): void => {
      if (sync) {
        const site = this.sites.get(sync.step);
        const waited = site ? this.waitedReadersEnd(site) : null;
        const lat = round6(time - Math.max(sync.call, waited ?? sync.call));
        if (lat >= 0) { sync.step.latency = lat; this.latencies.push(lat); }
      } else {
        const delta = time - cursor;
        if (adj && 'delay' in adj) adj.delay.delay = round6(Math.max(0, (adj.delay.delay ?? 0) + delta));
        else if (adj && 'at' in adj) adj.at.at = round6(Math.max(0, time - adj.boot));
        else if (adj) adj.dur.seconds = round6(Math.max(0, adj.dur.seconds + delta));
        else if (lastPrint && delta > 0) lastPrint.cost = round6((lastPrint.cost ?? this.printCost) + delta);
      }
      cursor = time;
      adj = null;
      sync = null;
    };

    const walk = (steps: Step[]): void => {
      for (const s of steps) {
        switch (s.op) {
          case 'print': {
            const c = this.classify(s.text, task);
            const e = tevs[k];
            if (e && c.kind && matchesKind(e, c.kind, c.task)) { anchor(e.time!); k++; }
            lastPrint = s;
            cursor += s.cost ?? this.printCost;
            break;
          }
          case 'sleep': case 'busy': cursor += s.seconds; adj = { dur: s }; break;
          case 'synchronize_rcu': sync = { step: s, call: cursor }; break;
          case 'if': {
            const useThen = this.chooseBranch(task, s, tevs[k]);
            walk(useThen ? s.then : s.else);
            if (sameShape(s.then, s.else)) copyDurations(useThen ? s.then : s.else, useThen ? s.else : s.then);
            break;
          }
          default: break;
        }
      }
    };
    walk(body);
    if (k < tevs.length) this.notes.push(`${task}: ${tevs.length - k} line(s) of the log do not fit the scenario's code for it`);
  }

  private chooseBranch(task: string, s: Extract<Step, { op: 'if' }>, next: LogEvent | undefined): boolean {
    const kinds = (steps: readonly Step[]): Set<string> => {
      const out = new Set<string>();
      const visit = (xs: readonly Step[]): void => {
        for (const x of xs) {
          if (x.op === 'print') { const k = this.classify(x.text, task).kind; if (k) out.add(k); }
          if (x.op === 'if') { visit(x.then); visit(x.else); }
          if (x.op === 'call') visit(this.base.functions[x.fn] ?? []);
        }
      };
      visit(steps);
      return out;
    };
    const has = (set: Set<string>, e: LogEvent): boolean => set.has(e.kind) || (e.kind === 'reader-end' && [...set].some((k) => k.startsWith('reader-end')));
    const t = kinds(s.then), f = kinds(s.else);
    if (next && has(t, next) !== has(f, next)) return has(t, next);
    const path = this.run.readers.find((r) => r.task === task)?.path;
    if (path) return t.has(path === 'careful' ? 'reader-careful' : 'reader-quick');
    return true;
  }

  /** When the last reader grace period `site` waited for (per the core) left its critical section. */
  private waitedReadersEnd(site: number): number | null {
    const gp = this.run.gracePeriods.find((g) => g.index === site);
    if (!gp) return null;
    // The end line's event time: the wall-clock one when the log has no time since boot.
    const endAt = (line: number | null | undefined) => (line == null ? null : this.evs.find((e) => e.line === line)?.time ?? null);
    // gp.waitedFor names only a few readers (waitLinks.ts); each reader's own list names every
    // grace period of the seed's shape (two), so ask the readers when the grace period's list is cut.
    const waited = gp.waitedForCount > gp.waitedFor.length ? this.run.readers.filter((rd) => rd.waitedForBy.includes(site)).map((rd) => rd.id) : gp.waitedFor;
    const ends = waited.map((id) => endAt(this.run.readers[id]?.endLine)).filter((t): t is number => t !== null);
    // a loop, not Math.max(...ends): a run may have more readers than the stack has room for arguments
    return ends.length ? ends.reduce((a, b) => (b > a ? b : a)) + this.printCost : null;
  }

  private finishLatency(sc: Scenario): void {
    if (this.latencies.length) {
      sc.timing = { ...(sc.timing ?? {}), gpLatency: median(this.latencies) };
      this.notes.push(`grace-period latency measured: ${this.latencies.map((l) => `${(l * 1000).toFixed(3)} ms`).join(', ')}`);
    }
  }
}

/** Does an actual event stand for a printed line of this kind about this task? */
function matchesKind(e: LogEvent, kind: string, task: string | null): boolean {
  const kindOk = e.kind === kind || (e.kind === 'reader-end' && kind.startsWith('reader-end'));
  return kindOk && (e.task === null || task === null || e.task === task || (e.candidates?.includes(task) ?? false));
}

/** Bring over the base functions still referenced by the fitted code (call_rcu callbacks, ...). */
function addReferencedFunctions(base: Scenario, sc: Scenario): void {
  const need = (steps: readonly Step[]): void => {
    for (const s of steps) {
      if ((s.op === 'call' || s.op === 'call_rcu' || s.op === 'spawn') && !Object.prototype.hasOwnProperty.call(sc.functions, s.fn) && Object.prototype.hasOwnProperty.call(base.functions, s.fn)) {
        sc.functions[s.fn] = inlineCalls(base, base.functions[s.fn]!);
        need(sc.functions[s.fn]!);
      }
      if (s.op === 'if') { need(s.then); need(s.else); }
    }
  };
  for (const steps of Object.values(sc.functions)) need(steps);
}
