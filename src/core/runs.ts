// Events to runs: who printed each scenario line, each reader's critical section, the updater's
// steps. One pass over the events in line order, the way a developer reads the log.
//
// The seed's lines do not say which thread printed them, so attribution is inferred from the
// scenario's order (a `hit cco` belongs to the most recently started reader that has not entered
// yet; an `end cco_quickly` to the open quick reader, oldest first) and marked as such. When the
// log names the printer (printk caller id, ftrace task-pid), that wins and is marked 'known'.
//
// Invariant: nothing here invents a violation out of a missing line. A structural problem is a
// violation only when the log provably covers it (the run starts at its init line and no lines
// were reported lost before it); otherwise it is a warning.

import type { CompiledProfile } from './profile';
import { readerInside } from './phases';
import type {
  Attribution, EventKind, LogEvent, Reader, ReaderPath, Run, TaskInfo, UpdaterStep, Violation, Warning,
} from './model';

/** A scenario line as the analyzer found it, before attribution. */
export interface RawEvent {
  line: number;
  time: number | null;
  wallclock: number | null;
  boot: number;
  kind: EventKind;
  text: string;
  /** The task the message itself names (`start <task>`). */
  named: string | null;
  /** Who printed it, when the log says: a caller id ('T1234') or an ftrace 'pid:123'. */
  who: string | null;
  /** The printer's name when the log gives one (ftrace comm). */
  whoName: string | null;
}

interface RunsResult {
  runs: Run[];
  events: LogEvent[];
  violations: Violation[];
  warnings: Warning[];
}

const enum Upd { Idle, Gp1, Maint, Gp2, Done }

interface OpenRun {
  run: Run;
  hasInit: boolean;
  tasks: Map<string, TaskInfo>;
  pending: string[];               // spawned readers that have not entered yet, spawn order
  pendingUpdater: string | null;   // spawned updater that has not begun yet
  open: Reader[];                  // open critical sections, begin order
  byWho: Map<string, string>;      // printer id -> task name
  upd: Upd;
  anon: number;
  sawReaderSpawn: boolean;
}

export class RunBuilder {
  private readonly runs: Run[] = [];
  private readonly events: LogEvent[] = [];
  private readonly violations: Violation[] = [];
  private readonly warnings: Warning[] = [];
  private cur: OpenRun | null = null;
  /** `start <task>` lines that would open a run: kept until a reader or updater line follows
   * closely, else dropped (other modules print `start thread1` too). */
  private stash: RawEvent[] = [];

  /** lostBefore(line, fromLine): were lines reported lost in [fromLine, line]? */
  constructor(private readonly profile: CompiledProfile, private readonly lostBetween: (from: number, to: number) => boolean) {}

  add(ev: RawEvent): void {
    if (ev.kind === 'spawn' && this.opensRun(ev)) { this.stash.push(ev); return; }
    if (this.stash.length) {
      const near = this.stash.filter((s) => s.boot === ev.boot &&
        (s.time !== null && ev.time !== null ? ev.time - s.time <= SPAWN_WINDOW_S : ev.line - s.line <= SPAWN_WINDOW_LINES));
      this.stash = [];
      if (near.length) {
        if (this.cur && ev.kind !== 'init') this.close();
        for (const s of near) this.addNow(s);
      }
    }
    this.addNow(ev);
  }

  private addNow(ev: RawEvent): void {
    const r = this.selectRun(ev);
    const e: LogEvent = {
      id: this.events.length, line: ev.line, time: ev.time, wallclock: ev.wallclock, boot: ev.boot,
      run: r.run.id, kind: ev.kind, task: null, attribution: 'none', text: ev.text,
    };
    this.events.push(e);
    r.run.events.push(e.id);
    if (ev.line > r.run.endLine) { r.run.endLine = ev.line; r.run.endTime = ev.time ?? r.run.endTime; }
    switch (ev.kind) {
      case 'init': this.onInit(r, ev, e); break;
      case 'spawn': this.onSpawn(r, ev, e); break;
      case 'reader-begin': this.onReaderBegin(r, ev, e); break;
      case 'reader-quick': this.onReaderPath(r, ev, e, 'quick'); break;
      case 'reader-careful': this.onReaderPath(r, ev, e, 'careful'); break;
      case 'reader-end-quick': this.onReaderEnd(r, ev, e, 'quick'); break;
      case 'reader-end-careful': this.onReaderEnd(r, ev, e, 'careful'); break;
      case 'reader-end': this.onReaderEnd(r, ev, e, null); break;
      case 'update-begin': case 'maint-begin': case 'maint-end': case 'update-end':
        this.onUpdater(r, ev, e); break;
    }
  }

  finish(): RunsResult {
    this.stash = [];
    this.close();
    return { runs: this.runs, events: this.events, violations: this.violations, warnings: this.warnings };
  }

  // --- runs ------------------------------------------------------------------------------------

  /** Would this event start a new run (rather than join the current one)? */
  private opensRun(ev: RawEvent): boolean {
    const c = this.cur;
    return !c || c.run.boot !== ev.boot || ev.kind === 'init' || this.splits(c, ev);
  }

  /** A run without an init line ends when it falls quiet and a new start begins. */
  private splits(c: OpenRun, ev: RawEvent): boolean {
    if (c.hasInit || c.open.length > 0 || c.pending.length > 0 || c.pendingUpdater) return false;
    if (c.upd !== Upd.Idle && c.upd !== Upd.Done) return false;
    // Quiet for minutes: a new load of the module, not the same run.
    if (ev.time !== null && c.run.endTime !== null && ev.time - c.run.endTime > QUIET_GAP_S) return true;
    if (ev.kind === 'spawn') return c.run.readers.length > 0 || c.upd === Upd.Done;
    if (ev.kind === 'reader-begin') return c.upd === Upd.Done;
    return false;
  }

  private selectRun(ev: RawEvent): OpenRun {
    const c = this.cur;
    if (c && (c.run.boot !== ev.boot || ev.kind === 'init' || this.splits(c, ev))) this.close();
    else if (c && ev.kind === 'update-begin' && c.upd !== Upd.Idle) {
      if (c.upd !== Upd.Done) this.warn(ev.line, `\`${ev.text}\` while the update that began at line ${c.run.updater?.steps[0]?.line} has not finished: a second updater, or lost lines; starting a new run`);
      this.close();
    }
    if (!this.cur) this.open(ev);
    return this.cur!;
  }

  private open(ev: RawEvent): void {
    const run: Run = {
      id: this.runs.length, boot: ev.boot, startLine: ev.line, endLine: ev.line, startTime: ev.time, endTime: ev.time,
      complete: false, tasks: [], readers: [], updater: null, gracePeriods: [], phases: [], events: [],
    };
    this.runs.push(run);
    this.cur = {
      run, hasInit: ev.kind === 'init', tasks: new Map(), pending: [], pendingUpdater: null, open: [],
      byWho: new Map(), upd: Upd.Idle, anon: 0, sawReaderSpawn: false,
    };
  }

  private close(): void {
    const c = this.cur;
    if (!c) return;
    this.cur = null;
    for (const rd of c.open) {
      const at = rd.beginLine ?? rd.pathLine ?? c.run.startLine;
      this.warn(at, `reader ${rd.task} (line ${at}) never ends in this run: its end line is missing (lost, or the log stops first)`);
    }
    for (const name of c.pending) {
      const t = c.tasks.get(name);
      if (t?.spawnLine) this.warn(t.spawnLine, `${name} was started but never printed \`hit cco\` in this run`);
    }
    c.run.tasks = [...c.tasks.values()];
    c.run.complete = c.upd === Upd.Done && c.open.length === 0 &&
      c.run.readers.every((rd) => rd.beginLine !== null && rd.endLine !== null && rd.path !== null);
    if (!c.run.updater) this.warn(c.run.startLine, `run ${c.run.id + 1} has no updater lines: readers only`);
    else if (c.upd !== Upd.Done) this.warn(c.run.startLine, `run ${c.run.id + 1}: the update never finished in the log (no update-end line such as \`end maint\`)`);
  }

  // --- tasks -----------------------------------------------------------------------------------

  private task(c: OpenRun, name: string, role: TaskInfo['role'], inferredName: boolean): TaskInfo {
    let t = c.tasks.get(name);
    if (!t) {
      t = { name, role, spawnLine: null, caller: null, inferredName };
      c.tasks.set(name, t);
    }
    return t;
  }

  /** The task the log says printed this line, if it says and we have met that printer. */
  private known(c: OpenRun, ev: RawEvent): string | null {
    if (ev.whoName && c.tasks.has(ev.whoName)) return ev.whoName;
    if (ev.who) return c.byWho.get(ev.who) ?? null;
    return null;
  }

  private bind(c: OpenRun, ev: RawEvent, name: string): void {
    if (!ev.who || c.byWho.has(ev.who)) return;
    c.byWho.set(ev.who, name);
    const t = c.tasks.get(name);
    if (t && !t.caller) t.caller = ev.who;
  }

  private attribute(e: LogEvent, task: string | null, how: Attribution, candidates?: string[]): void {
    e.task = task;
    e.attribution = task === null ? 'none' : how;
    if (how === 'ambiguous' && candidates) e.candidates = candidates;
  }

  // --- handlers --------------------------------------------------------------------------------

  private onInit(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    const name = ev.whoName ?? this.profile.initTask;
    this.task(c, name, 'init', false);
    this.bind(c, ev, name);
    this.attribute(e, name, 'known');
  }

  private onSpawn(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    const name = ev.named;
    if (!name) { this.warn(ev.line, `spawn line without a task name: ${ev.text}`); return; }
    const updater = this.profile.updaters.includes(name);
    const t = this.task(c, name, updater ? 'updater' : 'reader', false);
    t.spawnLine = ev.line;
    if (updater) c.pendingUpdater = name;
    else { c.pending.push(name); c.sawReaderSpawn = true; }
    // The spawn line is printed by the init task.
    const init = [...c.tasks.values()].find((x) => x.role === 'init');
    if (init) this.bind(c, ev, init.name);
    this.attribute(e, name, 'known');
  }

  private onReaderBegin(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    let name = ev.named ?? this.known(c, ev);
    if (name && !c.tasks.has(name)) this.task(c, name, 'reader', false);
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    if (name) {
      const i = c.pending.indexOf(name);
      if (i >= 0) c.pending.splice(i, 1);
    } else if (ev.whoName) {
      name = ev.whoName;
      this.task(c, name, 'reader', false);
    } else if (c.pending.length > 0) {
      candidates = [...c.pending].reverse();
      name = c.pending.pop()!;
      how = candidates.length > 1 ? 'ambiguous' : 'inferred';
    } else {
      if (c.sawReaderSpawn) this.warn(ev.line, `\`${ev.text}\` but no started reader is waiting to enter (a \`start\` line may be lost): named it as a new reader`);
      name = this.anonReader(c);
      how = 'inferred';
    }
    this.bind(c, ev, name);
    const prev = c.open.find((rd) => rd.task === name);
    if (prev) {
      const msg = `${name} begins a read-side critical section at line ${ev.line} while its section from line ${prev.beginLine ?? prev.pathLine} is still open`;
      if (how === 'known') this.violation('double-begin', ev.line, c.run.id, msg, [{ line: prev.beginLine ?? prev.pathLine ?? ev.line, message: `${name}'s open section began here` }]);
      else this.warn(ev.line, msg);
    }
    const rd: Reader = {
      id: c.run.readers.length, task: name, path: null, beginLine: ev.line, pathLine: null, endLine: null,
      beginTime: ev.time, endTime: null, attribution: how, waitedForBy: [], overlaps: [],
    };
    c.run.readers.push(rd);
    c.open.push(rd);
    this.attribute(e, name, how, candidates);
  }

  private onReaderPath(c: OpenRun, ev: RawEvent, e: LogEvent, path: ReaderPath): void {
    const name = ev.named ?? this.known(c, ev) ?? ev.whoName;
    let rd: Reader | undefined;
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    if (name) {
      rd = c.open.find((x) => x.task === name && x.path === null);
    } else {
      const waiting = c.open.filter((x) => x.path === null);
      if (waiting.length) {
        rd = waiting[waiting.length - 1];
        how = waiting.length > 1 ? 'ambiguous' : 'inferred';
        if (waiting.length > 1) candidates = waiting.map((x) => x.task).reverse();
      }
    }
    if (!rd) {
      // The `hit cco` line is missing: start the section here.
      const task = name ?? (c.pending.length ? c.pending.pop()! : this.anonReader(c));
      if (!name) how = 'inferred';
      this.task(c, task, 'reader', false);
      this.warn(ev.line, `\`${ev.text}\` without a preceding \`hit cco\` for ${task}: its begin line is missing (lost?)`);
      rd = {
        id: c.run.readers.length, task, path: null, beginLine: null, pathLine: null, endLine: null,
        beginTime: null, endTime: null, attribution: how, waitedForBy: [], overlaps: [],
      };
      c.run.readers.push(rd);
      c.open.push(rd);
    }
    rd.path = path;
    rd.pathLine = ev.line;
    if (rd.beginTime === null) rd.beginTime = ev.time;
    this.bind(c, ev, rd.task);
    this.attribute(e, rd.task, how, candidates);
  }

  private onReaderEnd(c: OpenRun, ev: RawEvent, e: LogEvent, path: ReaderPath | null): void {
    const name = ev.named ?? this.known(c, ev) ?? ev.whoName;
    let rd: Reader | undefined;
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    if (name) {
      rd = c.open.find((x) => x.task === name);
      if (rd && path && rd.path && rd.path !== path) this.warn(ev.line, `${name} took the ${rd.path} path (line ${rd.pathLine}) but ends as ${path}`);
    } else {
      let pool = path ? c.open.filter((x) => x.path === path) : c.open.slice();
      if (pool.length === 0 && path) pool = c.open.filter((x) => x.path === null);
      // Oldest first by the first line printed inside the critical section (phases.ts,
      // readerInside), not by `hit cco`, which the seed prints before rcu_read_lock(): the reader
      // that was inside earliest ends first, the reading that makes no grace period look short.
      const inside = (x: Reader) => readerInside(x, this.profile.readerBeginInside) ?? Infinity;
      pool.sort((a, b) => inside(a) - inside(b));
      if (pool.length) {
        rd = pool[0];
        how = pool.length > 1 ? 'ambiguous' : 'inferred';
        if (pool.length > 1) candidates = pool.map((x) => x.task);
        if (path && rd!.path === null) this.warn(ev.line, `\`${ev.text}\` ends ${rd!.task}, whose path line is missing`);
      }
    }
    if (!rd) {
      const seen = c.run.readers.map((x) => `${x.task} (${x.path ?? 'path unknown'}, ${x.endLine === null ? `open since line ${x.beginLine ?? x.pathLine}` : `ended at line ${x.endLine}`})`);
      const msg = `\`${ev.text}\` ends a read-side critical section that never began${name ? ` on ${name}` : ''}: no ${path ?? ''} reader is open`.replace('  ', ' ') +
        (seen.length ? `; this run's readers: ${seen.join(', ')}` : '; this run has no reader');
      if (this.trusted(c, ev.line)) this.violation('end-without-begin', ev.line, c.run.id, msg, [{ line: c.run.startLine, message: 'the run starts here' }]);
      else this.warn(ev.line, `${msg} (its begin may be lost or before the log starts)`);
      this.attribute(e, name, 'known');
      return;
    }
    rd.endLine = ev.line;
    rd.endTime = ev.time;
    if (path && rd.path === null) rd.path = path;
    c.open.splice(c.open.indexOf(rd), 1);
    this.bind(c, ev, rd.task);
    this.attribute(e, rd.task, how, candidates);
  }

  private onUpdater(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    const kind = ev.kind as UpdaterStep['kind'];
    let how: Attribution = 'inferred';
    let name = ev.named ?? this.known(c, ev) ?? (ev.whoName && c.tasks.get(ev.whoName)?.role === 'updater' ? ev.whoName : null);
    if (name) how = 'known';
    if (!c.run.updater) {
      if (!name) name = c.pendingUpdater ?? this.profile.updaterTask;
      c.pendingUpdater = null;
      const t = this.task(c, name, 'updater', !c.tasks.has(name));
      t.role = 'updater';
      c.run.updater = { task: name, steps: [] };
    }
    const task = c.run.updater.task;
    this.bind(c, ev, task);
    c.run.updater.steps.push({ kind, line: ev.line, time: ev.time });
    this.attribute(e, task, how);
    const expect: Record<UpdaterStep['kind'], Upd> = { 'update-begin': Upd.Idle, 'maint-begin': Upd.Gp1, 'maint-end': Upd.Maint, 'update-end': Upd.Gp2 };
    const next: Record<UpdaterStep['kind'], Upd> = { 'update-begin': Upd.Gp1, 'maint-begin': Upd.Maint, 'maint-end': Upd.Gp2, 'update-end': Upd.Done };
    if (c.upd !== expect[kind]) {
      const msg = `\`${ev.text}\` out of order for ${task}: expected after ${UPD_NAMES[expect[kind]]}, but the update is ${UPD_STATE[c.upd]}`;
      if (c.upd === Upd.Idle && this.trusted(c, ev.line)) {
        this.violation('end-without-begin', ev.line, c.run.id, `${msg}: the update never began (no \`hit maint\`)`, [{ line: c.run.startLine, message: 'the run starts here' }]);
      } else {
        this.warn(ev.line, `${msg} (lines lost?)`);
      }
    }
    c.upd = next[kind];
  }

  // --- helpers ---------------------------------------------------------------------------------

  private anonReader(c: OpenRun): string {
    let name: string;
    do name = `${this.profile.readerPrefix}${++c.anon}`; while (c.tasks.has(name));
    this.task(c, name, 'reader', true);
    return name;
  }

  /** Does the log provably cover this run up to `line` (so a missing begin is really missing)? */
  private trusted(c: OpenRun, line: number): boolean {
    return c.hasInit && !this.lostBetween(c.run.startLine, line);
  }

  private violation(rule: Violation['rule'], line: number, run: number, message: string, related: Violation['related']): void {
    this.violations.push({ rule, line, message, run, related });
  }

  private warn(line: number, message: string): void {
    this.warnings.push({ line, message });
  }
}

const SPAWN_WINDOW_S = 10;
const QUIET_GAP_S = 300;
const SPAWN_WINDOW_LINES = 50;
const UPD_NAMES = ['nothing (first step)', '`hit maint`', '`hit do_maint`', '`end do_maint`', '`end maint`'];
const UPD_STATE = ['not begun', 'in grace period 1', 'in do_maint', 'in grace period 2', 'finished'];
