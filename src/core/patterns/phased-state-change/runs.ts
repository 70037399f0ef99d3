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

import type { CompiledProfile } from '../profile';
import { readerInside } from './phases';
import { LazyHeap, LazyStack } from '../../rcu/lazyIndex';
import { MAX_VIOLATIONS_PER_RULE, ViolationCap } from '../../capViolations';
import { WarningCap } from '../../capWarnings';
import type {
  Attribution, EventKind, LogEvent, Reader, ReaderPath, Run, TaskInfo, UpdaterStep, Violation, Warning,
} from '../../model';
import { objects } from '../../objects';

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

/** A started reader waiting to enter (spawn order); dead once it entered. */
interface Pending { name: string; alive: boolean }

/** One task's sections in begin order, with the first that may still be open and the first that
 * may still wait for its path line (both only move forward: a section never reopens). A task of
 * one section (most: a million anonymous readers) is indexed by the section itself. */
interface TaskOpen { list: Reader[]; open: number; noPath: number }
type TaskSections = TaskOpen | Reader;
const isList = (t: TaskSections): t is TaskOpen => (t as TaskOpen).list !== undefined;

interface OpenRun {
  run: Run;
  hasInit: boolean;
  initName: string | null;         // the init task, once seen (spawn lines are its)
  tasks: Map<string, TaskInfo>;
  // Indexes, so that a line repeated a million times costs no rescan (lazyIndex.ts).
  pending: LazyStack<Pending>;     // spawned readers that have not entered yet, spawn order
  pendingByName: Map<string, Pending[]> | null; // the same, per name, oldest first
  pendingCount: number;
  pendingUpdater: string | null;   // spawned updater that has not begun yet
  /** Open critical sections (a section of this run is open while its endLine is null). */
  openN: number;
  byTask: Map<string, TaskSections> | null;
  waiting: LazyStack<Reader>;      // open, path line not yet seen, begin order
  /** Open sections by what an unnamed end takes first (oldest inside, phases.ts readerInside).
   * `any` and `none` take a new section only when an unnamed end asks (indexEnds): a run of a
   * million `hit cco` and no end never builds them. */
  endPool: { quick: LazyHeap<Reader>; careful: LazyHeap<Reader>; none: LazyHeap<Reader>; any: LazyHeap<Reader> };
  /** How many of the run's readers, from the first, are in endPool.any (and .none while path-less). */
  indexed: number;
  openCount: { quick: number; careful: number; none: number };
  byWho: Map<string, string> | null; // printer id -> task name
  upd: Upd;
  anon: number;
  sawReaderSpawn: boolean;
}

/** Candidates listed for an ambiguous event: a few, the count says how many there were. */
const MAX_CANDIDATES = 8;
/** Readers named in an "end without begin" message; the rest are counted. */
const MAX_NAMED_READERS = 3;

export class RunBuilder {
  private readonly runs = objects<Run>();
  private readonly events = objects<LogEvent>();
  /** Violations by rule: the first of each built, the rest only counted (capViolations.ts ViolationCap). */
  private readonly violations: ViolationCap;
  /** Warnings by kind: the first MAX_WARNINGS_PER_KIND of each listed, the rest summed up (capWarnings.ts). */
  private readonly warnings = new WarningCap();
  private cur: OpenRun | null = null;
  /** `start <task>` lines that would open a run: kept until a reader or updater line follows
   * closely, else dropped (other modules print `start thread1` too). */
  private stash: RawEvent[] = [];
  /** Does the profile print a path line after the begin line? Then a reader's section shows in
   * two lines before its end, and one lost line never hides it (see onReaderEnd). */
  private readonly twoBeginLines: boolean;
  /** Valid in the `any` end pool: open, and indexed under its current inside line. */
  private readonly isOpenInside: (rd: Reader, key: number) => boolean;

  /** lostBefore(line, fromLine): were lines reported lost in [fromLine, line]? */
  constructor(private readonly profile: CompiledProfile, private readonly lostBetween: (from: number, to: number) => boolean,
    maxViolationsPerRule = MAX_VIOLATIONS_PER_RULE) {
    this.violations = new ViolationCap([], maxViolationsPerRule);
    const kinds = new Set(profile.rules.map((r) => r.kind));
    this.twoBeginLines = kinds.has('reader-begin') && (kinds.has('reader-quick') || kinds.has('reader-careful'));
    const beginInside = profile.readerBeginInside;
    this.isOpenInside = (rd, key) => rd.endLine === null && (readerInside(rd, beginInside) ?? Infinity) === key;
  }

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
    // a run's first event makes its list at size 1 (a pushed-into [] keeps room for 16 more; a
    // log of a million init lines is a million runs of one event)
    if (r.run.events.length === 0) r.run.events = [e.id];
    else r.run.events.push(e.id);
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
    return { runs: this.runs, events: this.events, violations: this.violations.finish(), warnings: this.warnings.finish() };
  }

  // --- runs ------------------------------------------------------------------------------------

  /** Would this event start a new run (rather than join the current one)? */
  private opensRun(ev: RawEvent): boolean {
    const c = this.cur;
    return !c || c.run.boot !== ev.boot || ev.kind === 'init' || this.splits(c, ev);
  }

  /** A run without an init line ends when it falls quiet and a new start begins. */
  private splits(c: OpenRun, ev: RawEvent): boolean {
    if (c.hasInit || c.openN > 0 || c.pendingCount > 0 || c.pendingUpdater) return false;
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
      if (c.upd !== Upd.Done) this.warn('a second update begins before the first finished', ev.line, () => `\`${ev.text}\` while the update that began at line ${c.run.updater?.steps[0]?.line} has not finished: a second updater, or lost lines; starting a new run`);
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
    // The indexes allocate nothing until used, and the maps beyond tasks are made when needed: a
    // log of a million init lines opens a million runs (issue 14).
    this.cur = {
      run, hasInit: ev.kind === 'init', initName: null, tasks: new Map(),
      pending: new LazyStack<Pending>(isAlive), pendingByName: null, pendingCount: 0, pendingUpdater: null,
      openN: 0, byTask: null,
      waiting: new LazyStack<Reader>(isOpenNoPath),
      endPool: {
        quick: new LazyHeap<Reader>(isOpenQuick),
        careful: new LazyHeap<Reader>(isOpenCareful),
        none: new LazyHeap<Reader>(isOpenNoPath),
        any: new LazyHeap<Reader>(this.isOpenInside),
      },
      openCount: { quick: 0, careful: 0, none: 0 }, indexed: 0,
      byWho: null, upd: Upd.Idle, anon: 0, sawReaderSpawn: false,
    };
  }

  private close(): void {
    const c = this.cur;
    if (!c) return;
    this.cur = null;
    if (c.openN > 0) for (const rd of c.run.readers) {
      if (rd.endLine !== null) continue;
      const at = rd.beginLine ?? rd.pathLine ?? c.run.startLine;
      this.warn('a reader never ends', at, () => `reader ${rd.task} (line ${at}) never ends in this run: its end line is missing (lost, or the log stops first)`);
    }
    if (c.pendingCount > 0) for (const p of c.pending.values()) { // pendingCount: the alive ones
      const t = c.tasks.get(p.name);
      if (t?.spawnLine) this.warn('a started reader never enters', t.spawnLine, () => `${p.name} was started but never printed \`hit cco\` in this run`);
    }
    c.run.tasks = [...c.tasks.values()];
    c.run.complete = c.upd === Upd.Done && c.openN === 0 &&
      c.run.readers.every((rd) => rd.beginLine !== null && rd.endLine !== null && rd.path !== null);
    if (!c.run.updater) this.warn('a run has no updater lines', c.run.startLine, () => `run ${c.run.id + 1} has no updater lines: readers only`);
    else if (c.upd !== Upd.Done) this.warn('an update never finishes', c.run.startLine, () => `run ${c.run.id + 1}: the update never finished in the log (no update-end line such as \`end maint\`)`);
  }

  // --- open sections -----------------------------------------------------------------------------

  /** A new section of its task, last in the task's list (`fresh`: a task just named, with none yet). */
  private addToTask(c: OpenRun, rd: Reader, fresh: boolean): void {
    const byTask = c.byTask ??= new Map();
    const t = fresh ? undefined : byTask.get(rd.task);
    if (!t) byTask.set(rd.task, rd);
    // `[a, b]`, not `[]` and pushes: an array grown by push keeps room for 16 more
    else if (!isList(t)) byTask.set(rd.task, { list: [t, rd], open: 0, noPath: 0 });
    else t.list.push(rd);
  }

  /** The task's oldest open section. */
  private firstOpen(c: OpenRun, name: string): Reader | undefined {
    const t = c.byTask?.get(name);
    if (!t) return undefined;
    if (!isList(t)) return t.endLine === null ? t : undefined;
    while (t.open < t.list.length && t.list[t.open]!.endLine !== null) t.open++;
    return t.list[t.open];
  }

  /** The task's oldest open section whose path line has not come yet. */
  private firstNoPath(c: OpenRun, name: string): Reader | undefined {
    const t = c.byTask?.get(name);
    if (!t) return undefined;
    if (!isList(t)) return isOpenNoPath(t) ? t : undefined;
    while (t.noPath < t.list.length && !isOpenNoPath(t.list[t.noPath]!)) t.noPath++;
    return t.list[t.noPath];
  }

  /** A new open section (begin order = Reader id order). */
  private openSection(c: OpenRun, rd: Reader, fresh = false): void {
    c.run.readers.push(rd);
    c.openN++;
    this.addToTask(c, rd, fresh);
    if (rd.path === null) {
      c.waiting.push(rd);
      c.openCount.none++;
    }
  }

  /** The sections opened since the last unnamed end into the end pools `any` and `none`, each under
   * its inside line now: the same valid entries as if each had gone in when it opened and again
   * when its path line changed that line (setPath), so the pools answer the same. */
  private indexEnds(c: OpenRun): void {
    const readers = c.run.readers;
    for (let i = c.indexed; i < readers.length; i++) {
      const rd = readers[i]!;
      if (rd.endLine !== null) continue;
      const key = readerInside(rd, this.profile.readerBeginInside) ?? Infinity;
      c.endPool.any.push(rd, key, rd.id);
      if (rd.path === null) c.endPool.none.push(rd, key, rd.id);
    }
    c.indexed = readers.length;
  }

  /** The section's path line: it moves from the path-less pools to its path's. */
  private setPath(c: OpenRun, rd: Reader, path: ReaderPath, line: number): void {
    const before = readerInside(rd, this.profile.readerBeginInside) ?? Infinity;
    if (rd.path === null) c.openCount.none--;
    else c.openCount[rd.path]--;
    rd.path = path;
    rd.pathLine = line;
    c.openCount[path]++;
    const key = readerInside(rd, this.profile.readerBeginInside) ?? Infinity;
    c.endPool[path].push(rd, key, rd.id);
    if (key !== before && rd.id < c.indexed) c.endPool.any.push(rd, key, rd.id); // else indexEnds will
  }

  private closeSection(c: OpenRun, rd: Reader): void {
    c.openN--;
    if (rd.path === null) c.openCount.none--;
    else c.openCount[rd.path]--;
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
    if (ev.who) return c.byWho?.get(ev.who) ?? null;
    return null;
  }

  private bind(c: OpenRun, ev: RawEvent, name: string): void {
    if (!ev.who) return;
    const byWho = c.byWho ??= new Map();
    if (byWho.has(ev.who)) return;
    byWho.set(ev.who, name);
    const t = c.tasks.get(name);
    if (t && !t.caller) t.caller = ev.who;
  }

  private attribute(e: LogEvent, task: string | null, how: Attribution, candidates?: string[], count?: number): void {
    e.task = task;
    e.attribution = task === null ? 'none' : how;
    if (how === 'ambiguous' && candidates) {
      e.candidates = candidates;
      if (count !== undefined && count > candidates.length) e.candidateCount = count;
    }
  }

  // --- pending readers (started, not entered yet) ----------------------------------------------

  private addPending(c: OpenRun, name: string): void {
    const p: Pending = { name, alive: true };
    c.pending.push(p);
    const byName = c.pendingByName ??= new Map();
    let l = byName.get(name);
    if (!l) byName.set(name, l = []);
    l.push(p);
    c.pendingCount++;
  }

  /** The earliest started reader of this name that has not entered, removed. */
  private takePending(c: OpenRun, name: string): boolean {
    const l = c.pendingByName?.get(name);
    if (!l) return false;
    while (l.length && !l[0]!.alive) l.shift();
    const p = l.shift();
    if (!p) return false;
    p.alive = false;
    c.pendingCount--;
    return true;
  }

  /** The most recently started reader that has not entered, removed. */
  private popPending(c: OpenRun): string | null {
    const p = c.pending.top();
    if (!p) return null;
    p.alive = false;
    c.pendingCount--;
    return p.name;
  }

  // --- handlers --------------------------------------------------------------------------------

  private onInit(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    const name = ev.whoName ?? this.profile.initTask;
    this.task(c, name, 'init', false);
    if (c.initName === null) c.initName = name;
    this.bind(c, ev, name);
    this.attribute(e, name, 'known');
  }

  private onSpawn(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    const name = ev.named;
    if (!name) { this.warn('a spawn line without a task name', ev.line, () => `spawn line without a task name: ${ev.text}`); return; }
    const updater = this.profile.updaters.includes(name);
    const t = this.task(c, name, updater ? 'updater' : 'reader', false);
    t.spawnLine = ev.line;
    if (updater) c.pendingUpdater = name;
    else { this.addPending(c, name); c.sawReaderSpawn = true; }
    // The spawn line is printed by the init task.
    if (c.initName !== null) this.bind(c, ev, c.initName);
    this.attribute(e, name, 'known');
  }

  private onReaderBegin(c: OpenRun, ev: RawEvent, e: LogEvent): void {
    let name = ev.named ?? this.known(c, ev);
    let fresh = false; // a name just made up: no section of it yet
    if (name && !c.tasks.has(name)) this.task(c, name, 'reader', false);
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    let count: number | undefined;
    if (name) {
      this.takePending(c, name);
    } else if (ev.whoName) {
      name = ev.whoName;
      this.task(c, name, 'reader', false);
    } else if (c.pendingCount > 0) {
      count = c.pendingCount;
      candidates = c.pending.topK(MAX_CANDIDATES).map((p) => p.name);
      name = this.popPending(c)!;
      how = count > 1 ? 'ambiguous' : 'inferred';
    } else {
      if (c.sawReaderSpawn) this.warn('a reader enters that was not started', ev.line, () => `\`${ev.text}\` but no started reader is waiting to enter (a \`start\` line may be lost): named it as a new reader`);
      name = this.anonReader(c);
      how = 'inferred';
      fresh = true;
    }
    this.bind(c, ev, name);
    const prev = fresh ? undefined : this.firstOpen(c, name);
    if (prev) {
      const msg = `${name} begins a read-side critical section at line ${ev.line} while its section from line ${prev.beginLine ?? prev.pathLine} is still open`;
      // A structure rule, so only where the log provably covers it: the log must name the task
      // (caller id, ftrace task, the message) and cover the run (its init line, no lines reported
      // lost up to here). Otherwise the open section's end line may just be missing.
      if (how === 'known' && this.trusted(c, ev.line)) this.violation('double-begin', ev.line, c.run.id, () => msg, () => [{ line: prev.beginLine ?? prev.pathLine ?? ev.line, message: `${name}'s open section began here` }]);
      else this.warn('a task begins twice', ev.line, () => how === 'known' ? `${msg}; the log does not cover the run (${c.hasInit ? 'lines were reported lost before this one' : 'no init line'}), so its end line may be lost` : msg);
    }
    const rd: Reader = {
      id: c.run.readers.length, task: name, path: null, beginLine: ev.line, pathLine: null, endLine: null,
      beginTime: ev.time, endTime: null, attribution: how, waitedForBy: [], waitedForByCount: 0, overlaps: [], overlapsCount: 0,
    };
    this.openSection(c, rd, fresh);
    this.attribute(e, name, how, candidates, count);
  }

  private onReaderPath(c: OpenRun, ev: RawEvent, e: LogEvent, path: ReaderPath): void {
    const name = ev.named ?? this.known(c, ev) ?? ev.whoName;
    let rd: Reader | undefined;
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    let count: number | undefined;
    if (name) {
      rd = this.firstNoPath(c, name);
    } else {
      rd = c.waiting.top();
      if (rd) {
        count = c.openCount.none;
        how = count > 1 ? 'ambiguous' : 'inferred';
        if (count > 1) candidates = c.waiting.topK(MAX_CANDIDATES).map((x) => x.task);
      }
    }
    if (!rd) {
      // The `hit cco` line is missing: start the section here.
      const task = name ?? this.popPending(c) ?? this.anonReader(c);
      if (!name) how = 'inferred';
      this.task(c, task, 'reader', false);
      this.warn('a path line without its begin line', ev.line, () => `\`${ev.text}\` without a preceding \`hit cco\` for ${task}: its begin line is missing (lost?)`);
      rd = {
        id: c.run.readers.length, task, path: null, beginLine: null, pathLine: null, endLine: null,
        beginTime: null, endTime: null, attribution: how, waitedForBy: [], waitedForByCount: 0, overlaps: [], overlapsCount: 0,
      };
      this.openSection(c, rd);
    }
    this.setPath(c, rd, path, ev.line);
    if (rd.beginTime === null) rd.beginTime = ev.time;
    this.bind(c, ev, rd.task);
    this.attribute(e, rd.task, how, candidates, count);
  }

  private onReaderEnd(c: OpenRun, ev: RawEvent, e: LogEvent, path: ReaderPath | null): void {
    const name = ev.named ?? this.known(c, ev) ?? ev.whoName;
    let rd: Reader | undefined;
    let how: Attribution = 'known';
    let candidates: string[] | undefined;
    let count: number | undefined;
    if (name) {
      rd = this.firstOpen(c, name);
      if (rd && path && rd.path && rd.path !== path) this.warn('an end on another path', ev.line, () => `${name} took the ${rd!.path} path (line ${rd!.pathLine}) but ends as ${path}`);
    } else {
      // Oldest first by the first line printed inside the critical section (phases.ts,
      // readerInside), not by `hit cco`, which the seed prints before rcu_read_lock(): the reader
      // that was inside earliest ends first, the reading that makes no grace period look short.
      this.indexEnds(c);
      let pool = path ? c.endPool[path] : c.endPool.any;
      let n = path ? c.openCount[path] : c.openN;
      if (n === 0 && path) { pool = c.endPool.none; n = c.openCount.none; }
      rd = n > 0 ? pool.min() : undefined;
      if (rd) {
        how = n > 1 ? 'ambiguous' : 'inferred';
        if (n > 1) { candidates = pool.minK(MAX_CANDIDATES).map((x) => x.task); count = n; }
        if (path && rd.path === null) this.warn('an end whose path line is missing', ev.line, () => `\`${ev.text}\` ends ${rd!.task}, whose path line is missing`);
      }
    }
    if (!rd) {
      const msg = (): string => {
        const readers = c.run.readers;
        const seen = readers.slice(0, MAX_NAMED_READERS).map((x) => `${x.task} (${x.path ?? 'path unknown'}, ${x.endLine === null ? `open since line ${x.beginLine ?? x.pathLine}` : `ended at line ${x.endLine}`})`);
        const more = readers.length > MAX_NAMED_READERS ? ` and ${readers.length - MAX_NAMED_READERS} more` : '';
        return `\`${ev.text}\` ends a read-side critical section that never began${name ? ` on ${name}` : ''}: no ${path ?? ''} reader is open`.replace('  ', ' ') +
          (seen.length ? `; this run's readers: ${seen.join(', ')}${more}` : '; this run has no reader');
      };
      // A missing line is never evidence of a bug: the end is a violation only when the log covers
      // the run and two lines (the begin and the path line) would both have to be lost.
      if (this.trusted(c, ev.line) && this.twoBeginLines) this.violation('end-without-begin', ev.line, c.run.id, msg, () => [{ line: c.run.startLine, message: 'the run starts here' }]);
      else this.warn('an end without a begin', ev.line, () => `${msg()} (its begin line may be lost or before the log starts)`);
      this.attribute(e, name, 'known');
      return;
    }
    rd.endLine = ev.line;
    rd.endTime = ev.time;
    if (how !== 'known') rd.endAttribution = how;
    this.closeSection(c, rd);
    if (path && rd.path === null) rd.path = path;
    this.bind(c, ev, rd.task);
    this.attribute(e, rd.task, how, candidates, count);
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
    const expect = EXPECT_BEFORE, next = STATE_AFTER;
    if (c.upd !== expect[kind]) {
      // A step out of order is a lost line (or a second updater), never evidence of an RCU bug.
      const msg = (): string => `\`${ev.text}\` out of order for ${task}: expected after ${UPD_NAMES[expect[kind]]}, but the update is ${UPD_STATE[c.upd]}`;
      if (c.upd === Upd.Idle) this.warn('an update step without its begin', ev.line, () => `\`${ev.text}\` for ${task}, but the update's ${UPD_NAMES[Upd.Gp1]} line is missing: lost from the log?`);
      else this.warn('an update step out of order', ev.line, () => `${msg()} (lines lost?)`);
    }
    c.upd = next[kind];
  }

  // --- helpers ---------------------------------------------------------------------------------

  private anonReader(c: OpenRun): string {
    let name: string;
    do name = `${this.profile.readerPrefix}${++c.anon}`; while (c.tasks.has(name));
    c.tasks.set(name, { name, role: 'reader', spawnLine: null, caller: null, inferredName: true }); // this.task(), known new
    return name;
  }

  /** Does the log provably cover this run up to `line` (so a missing begin is really missing)? */
  private trusted(c: OpenRun, line: number): boolean {
    return c.hasInit && !this.lostBetween(c.run.startLine, line);
  }

  /** Beyond the cap of its rule a violation is only counted, with its line: finish sums those up in
   * one (as capViolations.ts does, which merges it with the rest), and its message is never made. */
  private violation(rule: Violation['rule'], line: number, run: number, message: () => string, related: () => Violation['related']): void {
    this.violations.add(rule, line, run, () => ({ message: message(), related: related() }));
  }

  /** A warning, counted by kind: beyond MAX_WARNINGS_PER_KIND one summary counts the rest.
   * Its message is made only when it is listed: a line repeated a million times builds 50. */
  private warn(kind: string, line: number, message: () => string): void {
    this.warnings.add(kind, line, message);
  }
}

// What keeps an index entry valid (rcu/lazyIndex.ts): its reader still open (a section of the run
// is open while its endLine is null: closeSection follows setting it), and still in the state it
// was indexed under. Shared by every run: a run makes no closures.
const isAlive = (p: Pending): boolean => p.alive;
const isOpenNoPath = (rd: Reader): boolean => rd.path === null && rd.endLine === null;
const isOpenQuick = (rd: Reader): boolean => rd.path === 'quick' && rd.endLine === null;
const isOpenCareful = (rd: Reader): boolean => rd.path === 'careful' && rd.endLine === null;

/** The update's state each updater step expects, and the state it leaves. */
const EXPECT_BEFORE: Record<UpdaterStep['kind'], Upd> = { 'update-begin': Upd.Idle, 'maint-begin': Upd.Gp1, 'maint-end': Upd.Maint, 'update-end': Upd.Gp2 };
const STATE_AFTER: Record<UpdaterStep['kind'], Upd> = { 'update-begin': Upd.Gp1, 'maint-begin': Upd.Maint, 'maint-end': Upd.Gp2, 'update-end': Upd.Done };

const SPAWN_WINDOW_S = 10;
const QUIET_GAP_S = 300;
const SPAWN_WINDOW_LINES = 50;
const UPD_NAMES = ['nothing (first step)', '`hit maint`', '`hit do_maint`', '`end do_maint`', '`end maint`'];
const UPD_STATE = ['not begun', 'in grace period 1', 'in do_maint', 'in grace period 2', 'finished'];
