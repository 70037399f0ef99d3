// The timed simulation: a discrete-event run of a scenario in virtual time (nothing waits for
// real). Tasks run on a fixed number of CPUs; the grace-period machinery follows the kernel's:
//
// - synchronize_rcu() starts a grace period if none is running, else waits for the next one, so
//   concurrent callers share grace periods, and a grace period never serves a caller that arrived
//   after it began (it may not cover readers that started in between).
// - A grace period waits for the readers open when it started, and for no other; it ends
//   `latency` after the last of them leaves (or after its start, when there is none).
// - call_rcu() callbacks are invoked after a full grace period, in any order (shuffled by the
//   seed); rcu_barrier() waits for every callback queued before it.
//
// Time is kept in integer microseconds (dmesg's resolution) so runs are exact and repeatable.

import type { Profile, CompiledProfile } from '../../patterns/profile';
import { classifier, type Classifier } from './classify';
import { TimedHeap } from '../../heap';
import { makeRng, shuffle, type Rng } from './rng';
import type { Scenario, Step } from '../scenario/scenario';
import { SEED_BOOT_TIME } from '../../patterns/phased-state-change/scenario';
import { syncSites } from '../scenario/sites';
import type {
  ResolvedSimOptions, SimEvent, SimGracePeriod, SimOptions, SimReader, SimResult, SimSync, SimTask, SimWarning,
} from './types';
import { formatDmesgLine } from './dmesgOut';

const US = 1e6;
const toUs = (s: number): number => Math.max(0, Math.round(s * US));

interface Frame { steps: readonly Step[]; i: number }

type TaskState = 'new' | 'ready' | 'running' | 'sleeping' | 'gp-wait' | 'spinning' | 'barrier-wait' | 'done';

interface TaskRt {
  info: SimTask;
  frames: Frame[];
  regs: Map<string, number>;
  state: TaskState;
  cpu: number;                 // -1 when not on a CPU
  remaining: number;           // µs of CPU work left in the current print or busy loop
  workStart: number;
  token: number;               // invalidates stale work/preempt events
  preemptPending: boolean;
  readerDepth: number;
  reader: SimReader | null;
  locks: Set<string>;
  callbackId: number;          // >= 0 for call_rcu callbacks
}

interface Ev {
  time: number;
  seq: number;
  kind: 'wake' | 'work' | 'preempt' | 'resume' | 'gp-end';
  task?: TaskRt;
  token?: number;
}

interface PendingGp { waiters: { task: TaskRt; sync: SimSync }[]; callbacks: number[]; latency: number | null }
interface GpRt extends PendingGp { rec: SimGracePeriod; waitFor: Set<number>; ending: boolean }
interface Callback { id: number; name: string; fn: string; queuedBy: string; done: boolean }

/** Work bounds of one simulation (a partial result says which it hit: SimResult.stoppedAt). */
export const LIMITS = { events: 2_000_000, prints: 200_000, tasks: 10_000 };

function resolveOptions(sc: Scenario, o: SimOptions = {}): ResolvedSimOptions {
  const t = sc.timing ?? {};
  return {
    seed: o.seed ?? 1,
    jitter: Math.min(Math.max(o.jitter ?? 0, 0), 1),
    cpus: Math.max(1, Math.floor(o.cpus ?? t.cpus ?? 4)),
    bootTime: o.bootTime ?? t.bootTime ?? SEED_BOOT_TIME,
    gpLatency: o.gpLatency ?? t.gpLatency ?? 0.032,
    printCost: o.printCost ?? t.printCost ?? 1e-6,
    preemptibleReaders: o.preemptibleReaders ?? false,
    timeslice: o.timeslice ?? 0.004,
    maxTime: o.maxTime ?? 1e6,
  };
}

export function simulate(sc: Scenario, opts: SimOptions = {}, profile?: Profile | CompiledProfile): SimResult {
  return new Engine(sc, resolveOptions(sc, opts), classifier(profile)).run();
}

class Engine {
  private now = 0;
  private seq = 0;
  private readonly q = new TimedHeap<Ev>();
  private readonly rng: Rng;
  private readonly tasks: TaskRt[] = [];
  private readonly cpus: (TaskRt | null)[];
  private readonly runq: TaskRt[] = [];
  private readonly vars = new Map<string, number>();
  private readonly lockHolder = new Map<string, TaskRt>();
  private readonly lockWaiters = new Map<string, TaskRt[]>();
  private readonly openReaders = new Map<number, SimReader>();
  private readonly siteOf: Map<Step, number>;
  private gp: GpRt | null = null;
  private next: PendingGp = { waiters: [], callbacks: [], latency: null };
  private readonly callbacks: Callback[] = [];
  private readonly barrierWaits: { task: TaskRt; ids: Set<number> }[] = [];
  private readonly events: SimEvent[] = [];
  private readonly readers: SimReader[] = [];
  private readonly gps: SimGracePeriod[] = [];
  private readonly syncs: SimSync[] = [];
  private readonly warnings: SimWarning[] = [];
  private readonly boot: number;

  constructor(private readonly sc: Scenario, private readonly o: ResolvedSimOptions, private readonly classify: Classifier) {
    this.rng = makeRng(o.seed);
    this.cpus = new Array<TaskRt | null>(o.cpus).fill(null);
    this.boot = toUs(o.bootTime);
    for (const [k, v] of Object.entries(sc.vars ?? {})) this.vars.set(k, v);
    this.siteOf = new Map(syncSites(sc).map((s, i) => [s, i + 1]));
  }

  run(): SimResult {
    for (const t of this.sc.tasks) {
      const task = this.newTask(t.name, t.fn, 'init', null);
      this.at(toUs(t.at ?? 0), 'wake', task);
    }
    const limit = toUs(this.o.maxTime);
    let guard = 0;
    let stoppedAt: string | undefined;
    for (let ev = this.q.pop(); ev; ev = this.q.pop()) {
      if (ev.time > limit) { this.warn(null, `stopped at the time limit (${this.o.maxTime} s after the start)`); stoppedAt = `the time limit (${this.o.maxTime} s of virtual time)`; break; }
      this.now = ev.time;
      this.handle(ev);
      // Work bounds, checked as the work grows: a callback that queues itself again or a task
      // that spawns itself would otherwise run (and print) forever.
      if (++guard > LIMITS.events) stoppedAt = `too many events (more than ${LIMITS.events} simulation steps)`;
      else if (this.events.length > LIMITS.prints) stoppedAt = `too many events (more than ${LIMITS.prints} printed lines)`;
      else if (this.tasks.length > LIMITS.tasks) stoppedAt = `too many tasks (more than ${LIMITS.tasks}: does a task spawn itself, or a call_rcu callback queue itself again?)`;
      if (stoppedAt) { this.warn(null, `stopped: ${stoppedAt}`); break; }
    }
    const stuck = this.tasks.filter((t) => t.state !== 'done');
    for (const t of stuck) this.warn(t, `never finished: ${this.why(t)}`);
    const roles = this.roles();
    for (const t of this.tasks) t.info.role = roles.get(t.info.name) ?? t.info.role;
    const toS = (us: number): number => (this.boot + us) / US;
    const fix = (x: number | null): number | null => (x === null ? null : toS(x));
    return {
      scenario: this.sc,
      options: this.o,
      events: this.events.map((e) => ({ ...e, time: toS(e.time) })),
      log: this.events.map((e) => formatDmesgLine(this.boot + e.time, e.text) + '\n').join(''),
      tasks: this.tasks.map((t) => ({ ...t.info, spawnedAt: fix(t.info.spawnedAt), start: fix(t.info.start), end: fix(t.info.end) })),
      readers: this.readers.map((r) => ({ ...r, begin: toS(r.begin), end: fix(r.end) })),
      gracePeriods: this.gps.map((g) => ({ ...g, start: toS(g.start), end: fix(g.end) })),
      syncs: this.syncs.map((s) => ({ ...s, call: toS(s.call), ret: fix(s.ret) })),
      warnings: this.warnings.map((w) => ({ ...w, time: toS(w.time) })),
      deadlock: stuck.some((t) => t.state === 'gp-wait' || t.state === 'spinning' || t.state === 'barrier-wait'),
      startTime: toS(0),
      endTime: toS(this.now),
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    };
  }

  // ---- scheduling -------------------------------------------------------------------------

  private at(time: number, kind: Ev['kind'], task?: TaskRt, token?: number): void {
    this.q.push({ time, seq: this.seq++, kind, task, token });
  }

  private jit(us: number): number {
    if (this.o.jitter === 0 || us === 0) return us;
    return Math.max(0, Math.round(us * (1 + this.o.jitter * (2 * this.rng() - 1))));
  }

  private newTask(name: string, fn: string, role: SimTask['role'], parent: string | null, callbackId = -1): TaskRt {
    const t: TaskRt = {
      info: { name, fn, role, spawnedBy: parent, spawnedAt: parent === null ? null : this.now, start: null, end: null },
      frames: [{ steps: this.sc.functions[fn] ?? [], i: 0 }],
      regs: new Map(), state: 'new', cpu: -1, remaining: 0, workStart: 0, token: 0, preemptPending: false,
      readerDepth: 0, reader: null, locks: new Set(), callbackId,
    };
    this.tasks.push(t);
    return t;
  }

  private handle(ev: Ev): void {
    const t = ev.task;
    switch (ev.kind) {
      case 'wake': this.makeReady(t!); break;
      case 'work':
        if (t!.token !== ev.token || t!.state !== 'running') return;
        t!.remaining = 0;
        this.advance(t!);
        break;
      case 'preempt': {
        if (t!.token !== ev.token || t!.state !== 'running') return;
        t!.preemptPending = false;
        if (this.runq.length === 0 || !this.preemptible(t!)) return;
        t!.remaining = Math.max(0, t!.remaining - (this.now - t!.workStart));
        t!.token++;
        this.releaseCpu(t!, 'ready');
        this.runq.push(t!);
        this.dispatch();
        break;
      }
      case 'resume': if (t!.state === 'running') this.advance(t!); break;
      case 'gp-end': this.endGp(); break;
    }
  }

  private makeReady(t: TaskRt): void {
    if (t.state === 'done') return;
    if (t.info.start === null) t.info.start = this.now;
    t.state = 'ready';
    this.runq.push(t);
    this.dispatch();
    if (this.runq.length) this.schedulePreemption();
  }

  private dispatch(): void {
    for (let c = 0; c < this.cpus.length && this.runq.length; c++) {
      if (this.cpus[c]) continue;
      const t = this.runq.shift()!;
      this.cpus[c] = t;
      t.cpu = c;
      t.state = 'running';
      t.token++;
      if (t.remaining > 0) this.startWork(t, t.remaining);
      else this.advance(t);
    }
  }

  private releaseCpu(t: TaskRt, state: TaskState): void {
    if (t.cpu >= 0) this.cpus[t.cpu] = null;
    t.cpu = -1;
    t.state = state;
    t.preemptPending = false;
  }

  private preemptible(t: TaskRt): boolean {
    return t.locks.size === 0 && t.state === 'running' && (this.o.preemptibleReaders || t.readerDepth === 0);
  }

  /** Someone waits for a CPU: let the longest-running preemptible task go at its next slice end. */
  private schedulePreemption(): void {
    let best: TaskRt | null = null;
    for (const c of this.cpus) {
      if (c && !c.preemptPending && c.remaining > 0 && this.preemptible(c) && (!best || c.workStart < best.workStart)) best = c;
    }
    if (!best) return;
    best.preemptPending = true;
    this.at(this.now + Math.max(1, toUs(this.o.timeslice)), 'preempt', best, best.token);
  }

  private startWork(t: TaskRt, us: number): void {
    t.remaining = us;
    t.workStart = this.now;
    t.token++;
    this.at(this.now + us, 'work', t, t.token);
    if (this.runq.length) this.schedulePreemption();
  }

  // ---- the interpreter --------------------------------------------------------------------

  private nextStep(t: TaskRt): Step | undefined {
    while (t.frames.length) {
      const f = t.frames[t.frames.length - 1]!;
      if (f.i < f.steps.length) return f.steps[f.i++];
      t.frames.pop();
    }
    return undefined;
  }

  /** Run t (on its CPU) until it needs time, blocks or ends. */
  private advance(t: TaskRt): void {
    for (;;) {
      const s = this.nextStep(t);
      if (!s) { this.finish(t); return; }
      switch (s.op) {
        case 'print': {
          this.print(t, s.text);
          const cost = toUs(s.cost ?? this.o.printCost);
          if (cost > 0) { this.startWork(t, cost); return; }
          break;
        }
        case 'busy': {
          const us = this.jit(toUs(s.seconds));
          if (us > 0) { this.startWork(t, us); return; }
          break;
        }
        case 'sleep':
          if (t.readerDepth > 0) this.warn(t, 'sleeps inside an RCU read-side critical section (illegal: a reader must not block)');
          this.releaseCpu(t, 'sleeping');
          this.at(this.now + this.jit(toUs(s.seconds)), 'wake', t);
          this.dispatch();
          return;
        case 'spawn': {
          const child = this.newTask(s.task, s.fn, 'task', t.info.name);
          this.at(this.now + this.jit(toUs(s.delay ?? 0)), 'wake', child);
          break;
        }
        case 'call': t.frames.push({ steps: this.sc.functions[s.fn] ?? [], i: 0 }); break;
        case 'rcu_read_lock':
          if (t.readerDepth++ === 0) {
            const r: SimReader = { id: this.readers.length, task: t.info.name, begin: this.now, end: null, path: null, waitedForBy: [] };
            this.readers.push(r);
            this.openReaders.set(r.id, r);
            t.reader = r;
          }
          break;
        case 'rcu_read_unlock':
          if (t.readerDepth === 0) { this.warn(t, 'rcu_read_unlock() without rcu_read_lock()'); break; }
          if (--t.readerDepth === 0) this.closeReader(t);
          break;
        case 'read': t.regs.set(s.into, this.vars.get(s.var) ?? 0); break;
        case 'write': this.vars.set(s.var, s.value); break;
        case 'if': {
          const v = 'read' in s.cond ? this.vars.get(s.cond.read) ?? 0 : t.regs.get(s.cond.reg) ?? 0;
          const yes = s.cond.equals === undefined ? v !== 0 : v === s.cond.equals;
          t.frames.push({ steps: yes ? s.then : s.else, i: 0 });
          break;
        }
        case 'synchronize_rcu': {
          if (t.readerDepth > 0) this.warn(t, 'calls synchronize_rcu() inside its own read-side critical section: the grace period waits for that reader forever (deadlock)');
          const sync: SimSync = { task: t.info.name, site: this.siteOf.get(s) ?? 0, call: this.now, ret: null, gp: -1 };
          this.syncs.push(sync);
          this.releaseCpu(t, 'gp-wait');
          this.requestGp({ waiters: [{ task: t, sync }], callbacks: [], latency: s.latency ?? null });
          this.dispatch();
          return;
        }
        case 'call_rcu': {
          const cb: Callback = { id: this.callbacks.length, name: s.callback, fn: s.fn, queuedBy: t.info.name, done: false };
          this.callbacks.push(cb);
          this.requestGp({ waiters: [], callbacks: [cb.id], latency: null });
          break;
        }
        case 'rcu_barrier': {
          const ids = new Set(this.callbacks.filter((c) => !c.done).map((c) => c.id));
          if (ids.size === 0) break;
          this.barrierWaits.push({ task: t, ids });
          this.releaseCpu(t, 'barrier-wait');
          this.dispatch();
          return;
        }
        case 'smp_mb': break;
        case 'spin_lock': {
          const holder = this.lockHolder.get(s.lock);
          if (!holder) { this.lockHolder.set(s.lock, t); t.locks.add(s.lock); break; }
          if (holder === t) { this.warn(t, `spin_lock(${s.lock}) while already holding it: self-deadlock`); }
          // Spinning keeps the CPU, as a spinlock does.
          t.state = 'spinning';
          const w = this.lockWaiters.get(s.lock) ?? [];
          w.push(t);
          this.lockWaiters.set(s.lock, w);
          return;
        }
        case 'spin_unlock': {
          if (this.lockHolder.get(s.lock) !== t) { this.warn(t, `spin_unlock(${s.lock}) without holding it`); break; }
          t.locks.delete(s.lock);
          this.lockHolder.delete(s.lock);
          const w = this.lockWaiters.get(s.lock);
          const nxt = w?.shift();
          if (nxt) {
            this.lockHolder.set(s.lock, nxt);
            nxt.locks.add(s.lock);
            nxt.state = 'running';
            this.at(this.now, 'resume', nxt);
          }
          if (this.runq.length) this.schedulePreemption();
          break;
        }
      }
    }
  }

  private print(t: TaskRt, text: string): void {
    const c = this.classify(text, t.info.name);
    this.events.push({ seq: this.events.length, line: this.events.length + 1, time: this.now, printer: t.info.name, task: c.task, kind: c.kind, text });
    if (t.reader && (c.kind === 'reader-quick' || c.kind === 'reader-careful')) t.reader.path = c.kind === 'reader-quick' ? 'quick' : 'careful';
  }

  private finish(t: TaskRt): void {
    if (t.readerDepth > 0) {
      this.warn(t, 'returned inside an RCU read-side critical section (missing rcu_read_unlock())');
      t.readerDepth = 0;
      this.closeReader(t);
    }
    for (const l of t.locks) this.warn(t, `returned holding spinlock ${l}`);
    t.info.end = this.now;
    this.releaseCpu(t, 'done');
    if (t.callbackId >= 0) {
      this.callbacks[t.callbackId]!.done = true;
      for (const b of this.barrierWaits) {
        b.ids.delete(t.callbackId);
        if (b.ids.size === 0) this.at(this.now, 'wake', b.task);
      }
      for (let i = this.barrierWaits.length - 1; i >= 0; i--) if (this.barrierWaits[i]!.ids.size === 0) this.barrierWaits.splice(i, 1);
    }
    this.dispatch();
  }

  // ---- grace periods ----------------------------------------------------------------------

  private closeReader(t: TaskRt): void {
    const r = t.reader!;
    r.end = this.now;
    t.reader = null;
    this.openReaders.delete(r.id);
    const gp = this.gp;
    if (gp && gp.waitFor.delete(r.id) && gp.waitFor.size === 0) this.scheduleGpEnd(gp);
    if (this.runq.length) this.schedulePreemption();
  }

  private requestGp(req: PendingGp): void {
    if (!this.gp) { this.startGp(req); return; }
    this.next.waiters.push(...req.waiters);
    this.next.callbacks.push(...req.callbacks);
    if (this.next.latency === null) this.next.latency = req.latency;
  }

  private startGp(req: PendingGp): void {
    const rec: SimGracePeriod = {
      id: this.gps.length, start: this.now, end: null, waitedFor: [...this.openReaders.keys()],
      callers: req.waiters.map((w) => w.task.info.name),
      callbacks: req.callbacks.map((id) => this.callbacks[id]!.name),
    };
    this.gps.push(rec);
    for (const id of rec.waitedFor) this.readers[id]!.waitedForBy.push(rec.id);
    for (const w of req.waiters) w.sync.gp = rec.id;
    this.gp = { ...req, rec, waitFor: new Set(rec.waitedFor), ending: false };
    if (this.gp.waitFor.size === 0) this.scheduleGpEnd(this.gp);
  }

  private scheduleGpEnd(gp: GpRt): void {
    if (gp.ending) return;
    gp.ending = true;
    this.at(this.now + this.jit(toUs(gp.latency ?? this.o.gpLatency)), 'gp-end');
  }

  private endGp(): void {
    const gp = this.gp!;
    gp.rec.end = this.now;
    this.gp = null;
    for (const w of gp.waiters) {
      w.sync.ret = this.now;
      this.at(this.now, 'wake', w.task);
    }
    // Callbacks of one grace period may run in any order: the seed picks one.
    for (const id of shuffle([...gp.callbacks], this.rng)) {
      const cb = this.callbacks[id]!;
      const task = this.newTask(cb.name, cb.fn, 'callback', cb.queuedBy, id);
      this.at(this.now, 'wake', task);
    }
    if (this.next.waiters.length || this.next.callbacks.length) {
      const req = this.next;
      this.next = { waiters: [], callbacks: [], latency: null };
      for (const w of req.waiters) w.sync.gp = this.gps.length;
      this.startGp(req);
    }
  }

  // ---- reporting --------------------------------------------------------------------------

  private warn(t: TaskRt | null, message: string): void {
    this.warnings.push({ time: this.now, task: t?.info.name ?? null, message: t ? `${t.info.name}: ${message}` : message });
  }

  private why(t: TaskRt): string {
    switch (t.state) {
      case 'gp-wait': return 'blocked in synchronize_rcu(): its grace period never ended';
      case 'spinning': return 'spinning on a lock that is never released';
      case 'barrier-wait': return 'blocked in rcu_barrier()';
      case 'sleeping': return 'still sleeping when the simulation stopped';
      case 'new': return 'never started';
      default: return 'still runnable when the simulation stopped';
    }
  }

  /** Reader: opened a read-side critical section; updater: called synchronize_rcu() or printed update events. */
  private roles(): Map<string, SimTask['role']> {
    const m = new Map<string, SimTask['role']>();
    for (const r of this.readers) m.set(r.task, 'reader');
    for (const s of this.syncs) m.set(s.task, 'updater');
    for (const e of this.events) if (e.kind === 'update-begin' && e.task) m.set(e.task, 'updater');
    for (const t of this.tasks) {
      if (t.info.role === 'callback' || (t.info.role === 'init' && !m.has(t.info.name))) m.set(t.info.name, t.info.role);
    }
    return m;
  }
}
