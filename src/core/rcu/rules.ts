// The generic RCU rules (issue 10), for any pattern's events (rcu/model.ts), in one pass in line
// order plus a check per finished run:
//   gp-wait         a section shown inside before synchronize_rcu() was called is still open when it returns;
//   callback-early  ... before call_rcu() was called, still open when the callback runs;
//   barrier-early   rcu_barrier() returns before a callback queued before it has run;
//   use-after-free  an object unlinked at U and freed at F while a section that held it, or was
//                   inside before U, is still inside at F.
// Every line a pattern maps is printed inside the critical section (begin after rcu_read_lock(),
// end before rcu_read_unlock()), so "inside before the call" is "its begin line comes first".
// A pattern may also declare phases (rcu/phases.ts) and must-not-overlap rules between labelled
// sections and labelled work (rcu/overlap.ts): computed here for any pattern.
// A missing line is never evidence: a section with no end line, an end with no begin, a return
// with no call are warnings. Linear: each wait names the first MAX_NAMED_LINKS sections inside at
// its call and counts them all (waitLinks.ts); each section keeps the range of waits (and of
// unlinks) that came while it was inside (waitsFrom, waitsTo): the rules and the views count the
// (section, wait) and (section, unlink) pairs from those, never listing every reader in every one.

import type { GracePeriod, Reader, Run, TaskInfo, Violation, Warning } from '../model';
import type { RcuEventKind, RcuObject, RcuRun, RcuSection, RcuWait, RcuWork } from './model';
import { type DeclaredPhase, declaredPhases } from './phases';
import { type DeclaredOverlapRule, overlapOf } from './overlap';
import { WarningCap } from '../capWarnings';
import { MAX_VIOLATIONS_PER_RULE, ViolationCap } from '../capViolations';
import { FirstAbove, lowerBound, upperBound } from '../firstAbove';
import { CountTree, MAX_NAMED_LINKS, OrderedIds, linkWork } from '../waitLinks';

/** What a pattern declares beyond its events (patterns/schema.ts CompiledPattern). */
interface RcuDeclarations {
  phases: readonly DeclaredPhase[];
  checks: readonly DeclaredOverlapRule[];
}

interface RcuRawEvent {
  line: number;
  time: number | null;
  boot: number;
  event: RcuEventKind;
  task: string | null;
  object: string | null;
  label: string | null;
  text: string;
  /** The pattern event's id (for declared phases) and, for reader-begin, whether it is printed inside. */
  id?: string | null;
  inside?: boolean;
}

interface Open {
  rr: RcuRun;
  boot: number;
  tasks: Map<string, TaskInfo>;
  openByTask: Map<string, RcuSection>;
  open: Set<RcuSection>;
  /** The open sections shown inside (insideLine set), in the order they were: what a wait called now waits for. */
  inside: OrderedIds;
  syncByTask: Map<string, RcuWait>;
  callbacks: Map<string, RcuWait[]>;   // object -> queued call_rcu waits without a callback yet
  barrier: RcuWait | null;
  objects: Map<string, RcuObject>;
  /** Each object's last unlink (its number among the run's unlinks: the sections inside then are
   * those with unlinksFrom <= it < unlinksTo), and the sections that held it: checked at its free. */
  atUnlink: Map<string, number>;
  unlinks: number;
  unlinksFrom: number[];
  unlinksTo: number[];
  holders: Map<string, RcuSection[]>;
  /** The free's line, its object's last unlink before it and the sections that held it, per object. */
  frees: { object: string; line: number; unlink: number | null; holders: RcuSection[] }[];
  sawFreed: { line: number; section: RcuSection | null; object: string | null; text: string }[];
  /** Unlinked objects not yet freed and not yet past a synchronize_rcu() called after the unlink. */
  unlinked: Set<RcuObject>;
  /** Objects with a full synchronize_rcu() between their unlink and now. */
  gpPassed: Set<RcuObject>;
  /** The first line of each declared event id in the run (rcu/phases.ts). */
  marks: Map<string, number>;
  /** Open work spans by task and label; each task's last line (did it go on past a work span?). */
  openWork: Map<string, RcuWork>;
  lastLine: Map<string, number>;
}

/** Events that only an updater prints: their task is an updater (a reader's are section events). */
const UPDATER_EVENTS = new Set<RcuEventKind>(['publish', 'unlink', 'gp-begin', 'gp-end', 'call-rcu', 'kfree-rcu', 'barrier-begin', 'barrier-end', 'work-begin', 'work-end']);

export class RcuRunBuilder {
  readonly runs: RcuRun[] = [];
  /** Violations by rule: the first MAX_VIOLATIONS_PER_RULE of each built, the rest counted (capViolations.ts). */
  private readonly violated: ViolationCap;
  readonly violations: Violation[];
  /** Warnings by kind: the first MAX_WARNINGS_PER_KIND of each listed, the rest summed up at finish (capWarnings.ts). */
  private readonly warned = new WarningCap();
  readonly warnings: Warning[] = this.warned.list;
  private cur: Open | null = null;

  /** Per run: its tasks, once closed. */
  private readonly runTasks: TaskInfo[][] = [];
  /** Per run: the first line of each declared event id, for phases (kept until toRuns). */
  private readonly runMarks: Map<string, number>[] = [];

  constructor(private readonly pattern: string, private readonly updaterWord: string, private readonly objectWord = 'object',
    private readonly decl: RcuDeclarations = { phases: [], checks: [] }, maxViolationsPerRule = MAX_VIOLATIONS_PER_RULE) {
    this.violated = new ViolationCap([], maxViolationsPerRule);
    this.violations = this.violated.list;
  }

  add(ev: RcuRawEvent): void {
    if (!this.cur || (ev.event === 'init' && !this.sameLine(ev)) || ev.boot !== this.cur.boot) this.openRun(ev);
    const c = this.cur!;
    const rr = c.rr;
    if (ev.line > rr.endLine) rr.endLine = ev.line;
    const task = ev.task;
    if (ev.id && !c.marks.has(ev.id)) c.marks.set(ev.id, ev.line);
    if (task !== null) {
      c.lastLine.set(task, ev.line);
      if (UPDATER_EVENTS.has(ev.event)) this.task(c, task, 'updater').role = 'updater';
    }
    switch (ev.event) {
      case 'init': rr.label = ev.label; if (task) this.task(c, task, 'init'); break;
      // A guess from the name until the task's own lines say ("adder thread" is no reader).
      case 'spawn': if (task) this.task(c, task, /\bread/i.test(task) ? 'reader' : 'updater').spawnLine = ev.line; break;
      case 'reader-begin': {
        const name = task ?? 'reader';
        const prev = c.openByTask.get(name);
        if (prev) this.warn('a reader begins twice', ev.line, () => `${name} begins a read-side critical section at line ${ev.line} while its section from line ${prev.beginLine} has no end line (lost?)`);
        const inside = ev.inside !== false;
        this.section(c, name, ev.line, ev.time, ev.label, inside ? ev.line : null, inside && ev.label !== null ? ev.line : null);
        break;
      }
      case 'reader-inside': {
        const name = task ?? 'reader';
        const s = c.openByTask.get(name);
        if (!s) {
          this.warn('a line inside without a begin', ev.line, () => `\`${ev.text}\` is printed inside ${name}'s read-side critical section, but no begin line for it came before (lost?)`);
          this.section(c, name, null, ev.time, ev.label, ev.line, ev.label !== null ? ev.line : null);
          break;
        }
        if (s.insideLine == null) this.nowInside(c, s, ev.line);
        if (ev.label !== null && s.label === null) { s.label = ev.label; s.labelLine = ev.line; }
        break;
      }
      case 'reader-holds': case 'reader-saw-freed': {
        const s = task ? c.openByTask.get(task) : undefined;
        if (ev.event === 'reader-saw-freed') { c.sawFreed.push({ line: ev.line, section: s ?? null, object: ev.object, text: ev.text }); break; }
        if (!s) { this.warn('a hold outside a section', ev.line, () => `\`${ev.text}\` but ${task ?? 'the reader'} has no open read-side critical section here (its begin line lost?)`); break; }
        if (s.insideLine == null) this.nowInside(c, s, ev.line); // a hold is printed inside the section
        if (ev.object !== null) {
          s.holds.push({ object: ev.object, line: ev.line });
          let l = c.holders.get(ev.object);
          if (!l) c.holders.set(ev.object, l = []);
          l.push(s);
        }
        break;
      }
      case 'reader-end': {
        const s = task ? c.openByTask.get(task) : undefined;
        if (!s) { this.warn('an end without a begin', ev.line, () => `\`${ev.text}\` ends a read-side critical section with no begin line in the log (lost, or before the log starts)`); break; }
        s.endLine = ev.line;
        s.endTime = ev.time;
        if (ev.label !== null && s.label === null) s.label = ev.label; // known from the end line only
        c.openByTask.delete(s.task);
        c.open.delete(s);
        this.left(c, s);
        break;
      }
      case 'unlink': {
        if (ev.object === null) break;
        const o = this.object(c, ev.object);
        o.unlinkLine ??= ev.line;
        c.unlinked.add(o);
        // the sections inside now, kept as a number (see Open.atUnlink), not a copy of them all
        c.atUnlink.set(ev.object, c.unlinks++);
        break;
      }
      case 'publish': if (ev.object !== null) this.object(c, ev.object).publishLine ??= ev.line; break;
      case 'gp-begin': {
        const w = this.wait(c, ev, ev.label === 'synchronize_rcu_expedited' ? 'synchronize_rcu_expedited' : 'synchronize_rcu');
        c.syncByTask.set(task ?? '', w);
        break;
      }
      case 'gp-end': {
        const w = c.syncByTask.get(task ?? '');
        if (!w) { this.warn('a return without a call', ev.line, () => `\`${ev.text}\`: no synchronize_rcu() call line before it (lost?)`); break; }
        w.endLine = ev.line;
        c.syncByTask.delete(task ?? '');
        for (const o of c.unlinked) if (o.unlinkLine! < w.beginLine) { c.gpPassed.add(o); c.unlinked.delete(o); }
        break;
      }
      case 'call-rcu': {
        const w = this.wait(c, ev, 'call_rcu');
        if (ev.object !== null) {
          this.object(c, ev.object).waits.push(w.id);
          let l = c.callbacks.get(ev.object);
          if (!l) c.callbacks.set(ev.object, l = []);
          l.push(w);
        }
        break;
      }
      case 'callback': {
        const l = ev.object !== null ? c.callbacks.get(ev.object) : undefined;
        const w = l?.shift();
        if (!w) this.warn('a callback without its call_rcu()', ev.line, () => `\`${ev.text}\`: no call_rcu() line for it before (lost?)`);
        else w.endLine = ev.line;
        // The callback frees the object.
        if (ev.object !== null) this.free(c, ev.object, ev.line);
        break;
      }
      case 'kfree-rcu': {
        const w = this.wait(c, ev, 'kfree_rcu');
        if (ev.object !== null) this.object(c, ev.object).waits.push(w.id);
        break;
      }
      case 'barrier-begin': c.barrier = this.wait(c, ev, 'rcu_barrier'); break;
      case 'barrier-end': {
        if (!c.barrier) { this.warn('a return without a call', ev.line, () => `\`${ev.text}\`: no rcu_barrier() call line before it (lost?)`); break; }
        c.barrier.endLine = ev.line;
        c.barrier = null;
        break;
      }
      case 'free': if (ev.object !== null) this.free(c, ev.object, ev.line); break;
      case 'work-begin': {
        const key = `${task ?? ''}\0${ev.label ?? ''}`;
        const prev = c.openWork.get(key);
        if (prev) this.warn('work begins twice', ev.line, () => `\`${ev.text}\` while the ${ev.label ?? 'work'} that began at line ${prev.beginLine} has no end line (lost?)`);
        const w: RcuWork = { task, label: ev.label, beginLine: ev.line, endLine: null };
        (rr.work ??= []).push(w);
        c.openWork.set(key, w);
        break;
      }
      case 'work-end': {
        const key = `${task ?? ''}\0${ev.label ?? ''}`;
        const w = c.openWork.get(key);
        if (!w) { this.warn('a work end without its begin', ev.line, () => `\`${ev.text}\` ends ${ev.label ?? 'work'} that has no begin line in the log (lost, or before the log starts)`); break; }
        w.endLine = ev.line;
        c.openWork.delete(key);
        break;
      }
    }
  }

  /** Several events of one line: an init with other events must not open a second run. */
  private sameLine(ev: RcuRawEvent): boolean {
    return this.cur !== null && this.cur.rr.startLine === ev.line;
  }

  private section(c: Open, name: string, beginLine: number | null, time: number | null, label: string | null, insideLine: number | null, labelLine: number | null): RcuSection {
    const rr = c.rr;
    const s: RcuSection = { id: rr.sections.length, task: name, label, beginLine, endLine: null, beginTime: time, endTime: null, holds: [], insideLine, labelLine };
    rr.sections.push(s);
    c.openByTask.set(name, s);
    c.open.add(s);
    if (insideLine !== null) this.nowInside(c, s, insideLine);
    this.task(c, name, 'reader');
    return s;
  }

  /** An open section is shown inside at `line`: the waits called from now on wait for it. */
  private nowInside(c: Open, s: RcuSection, line: number): void {
    s.insideLine = line;
    s.waitsFrom = c.rr.waits.length;
    c.unlinksFrom[s.id] = c.unlinks;
    c.inside.add(s.id);
  }

  /** A section ends (or the run does with it open): the waits called so far are those that waited for it. */
  private left(c: Open, s: RcuSection): void {
    if (c.inside.has(s.id)) c.inside.delete(s.id);
    else { s.waitsFrom = c.rr.waits.length; c.unlinksFrom[s.id] = c.unlinks; } // never inside: no wait waited for it
    s.waitsTo = c.rr.waits.length;
    c.unlinksTo[s.id] = c.unlinks;
  }

  finish(): void {
    this.close();
    this.warned.finish();
    this.violated.finish();
  }

  /** The runs drawn as seed-shaped Runs (readers = sections), ids from `firstId`. */
  toRuns(firstId: number, timeAt: (line: number) => number | null): Run[] {
    for (const v of this.violations) v.run += firstId;
    return this.runs.map((rr, k): Run => {
      rr.run = firstId + k;
      const marks = this.runMarks[k]!;
      const spans = declaredPhases(this.decl.phases, (id) => marks.get(id) ?? null, rr.startLine, rr.endLine);
      rr.phases = spans.map((p, i) => ({
        name: p.name, label: p.label, startLine: p.startLine, endLine: p.endLine, startTime: timeAt(p.timeLine),
        endTime: (spans[i + 1] ? timeAt(spans[i + 1]!.timeLine) : null) ?? timeAt(p.endLine),
      }));
      const readers: Reader[] = rr.sections.map((s) => ({
        id: s.id, task: s.task, path: null, beginLine: s.beginLine, pathLine: null, endLine: s.endLine,
        beginTime: s.beginTime, endTime: s.endTime, attribution: 'known', waitedForBy: [], waitedForByCount: 0, overlaps: [], overlapsCount: 0,
      }));
      // Every task the run names (spawned, readers, updaters), in order of appearance.
      const tasks = [...(this.runTasks[k] ?? [])];
      const gracePeriods = drawnWaits(rr, readers, timeAt, this.objectWord);
      const updater = gracePeriods.length ? rr.waits.find((w) => w.task !== null)?.task ?? this.updaterWord : null;
      if (updater !== null && !tasks.some((t) => t.name === updater)) tasks.push({ name: updater, role: 'updater', spawnLine: null, caller: null, inferredName: false });
      return {
        id: rr.run, pattern: rr.pattern, boot: rr.boot, startLine: rr.startLine, endLine: rr.endLine,
        startTime: timeAt(rr.startLine), endTime: timeAt(rr.endLine),
        complete: rr.sections.every((s) => s.endLine !== null), tasks, readers, updater: updater !== null ? { task: updater, steps: [] } : null, gracePeriods,
        // The pattern's declared phases, when it declares any; else the whole run is one.
        phases: rr.phases?.length ? rr.phases.map(({ label, ...p }) => (label !== null ? { ...p, label } : p)) : [{ name: 'normal', startLine: rr.startLine, endLine: rr.endLine, startTime: timeAt(rr.startLine), endTime: timeAt(rr.endLine) }],
        events: [],
      };
    });
  }

  // --- building ----------------------------------------------------------------------------------

  private openRun(ev: RcuRawEvent): void {
    this.close();
    const rr: RcuRun = { run: -1, boot: ev.boot, pattern: this.pattern, words: { updater: this.updaterWord, object: this.objectWord }, startLine: ev.line, endLine: ev.line, label: null, sections: [], waits: [], objects: [], work: [], phases: [] };
    this.runs.push(rr);
    const marks = new Map<string, number>();
    this.runMarks.push(marks);
    this.cur = {
      rr, boot: ev.boot, tasks: new Map(), openByTask: new Map(), open: new Set(), inside: new OrderedIds(), syncByTask: new Map(), callbacks: new Map(),
      barrier: null, objects: new Map(), atUnlink: new Map(), unlinks: 0, unlinksFrom: [], unlinksTo: [], holders: new Map(), frees: [], sawFreed: [],
      unlinked: new Set(), gpPassed: new Set(), marks, openWork: new Map(), lastLine: new Map(),
    };
  }

  private task(c: Open, name: string, role: TaskInfo['role']): TaskInfo {
    let t = c.tasks.get(name);
    if (!t) c.tasks.set(name, t = { name, role, spawnLine: null, caller: null, inferredName: false });
    return t;
  }

  private object(c: Open, id: string): RcuObject {
    let o = c.objects.get(id);
    if (!o) {
      o = { id, unlinkLine: null, freeLine: null, waits: [] };
      c.objects.set(id, o);
      c.rr.objects.push(o);
    }
    return o;
  }

  private wait(c: Open, ev: RcuRawEvent, kind: RcuWait['kind']): RcuWait {
    // The sections inside now: the first few named (in id order), all counted; never a scan of them all.
    const waitedFor = c.inside.first(MAX_NAMED_LINKS).sort((a, b) => a - b);
    linkWork.steps += 1 + waitedFor.length;
    const w: RcuWait = { id: c.rr.waits.length, task: ev.task, kind, beginLine: ev.line, endLine: null, object: ev.object, waitedFor, waitedForCount: c.inside.size };
    c.rr.waits.push(w);
    return w;
  }

  private free(c: Open, id: string, line: number): void {
    const o = this.object(c, id);
    if (o.freeLine !== null) return; // poison, then kfree: the first is when its memory goes
    o.freeLine = line;
    c.unlinked.delete(o);
    c.frees.push({ object: id, line, unlink: c.atUnlink.get(id) ?? null, holders: [...new Set(c.holders.get(id) ?? [])] });
    c.atUnlink.delete(id);
    c.holders.delete(id);
  }

  // --- the rules, once a run is complete ------------------------------------------------------------

  private close(): void {
    const c = this.cur;
    if (!c) return;
    this.cur = null;
    const rr = c.rr;
    const runIndex = this.runs.length - 1;
    this.runTasks[runIndex] = [...c.tasks.values()];
    for (const w of c.openWork.values()) this.warn('work never ends', w.beginLine, () => `${w.label ?? 'the work'}${w.task ? ` by ${w.task}` : ''} (line ${w.beginLine}) never ends in this run: its end line is missing (lost, or the log stops first)`);
    for (const s of c.open) this.warn('a reader never ends', s.beginLine ?? rr.startLine, () => `${s.task} (line ${s.beginLine}) never ends in this run: its end line is missing (lost, or the log stops first)`);
    for (const sec of c.open) this.left(c, sec);
    this.waitRules(c, runIndex);
    const broke = this.freeRules(c, runIndex);
    this.declaredRules(c, runIndex);
    // The module's own report of a freed object seen by a reader, when no rule above explains it.
    for (const sf of c.sawFreed) {
      if (sf.section && sf.object !== null && broke(sf.section, sf.object)) continue;
      this.violated.add('use-after-free', sf.line, runIndex, () => ({
        message: `the module reports a use after free: \`${sf.text}\``,
        related: sf.section?.beginLine ? [{ line: sf.section.beginLine, message: `${sf.section.task} enters its read-side critical section` }] : [],
      }));
    }
  }

  /**
   * gp-wait and callback-early: a wait that returned (or whose callback ran) while a section inside
   * at its call (waitsFrom <= its id < waitsTo) had not left; a warning when that section never ends.
   * A log where 4,000 readers stay inside while 4,000 synchronize_rcu() calls return has 16 million
   * such pairs, so they are counted, not visited: the sections are replayed in and out as the waits
   * come, a count tree over their end lines says how many each wait broke, and trees over their ids
   * find, in id order as before, only those the caps still list.
   */
  private waitRules(c: Open, runIndex: number): void {
    const rr = c.rr;
    const secs = rr.sections, n = secs.length;
    const inside = secs.filter((s) => (s.waitsFrom ?? 0) < (s.waitsTo ?? 0));
    const byFrom = [...inside].sort((a, b) => a.waitsFrom! - b.waitsFrom!);
    const byTo = [...inside].sort((a, b) => a.waitsTo! - b.waitsTo!);
    const ends = [...new Set(inside.map((s) => s.endLine).filter((l): l is number => l !== null))].sort((a, b) => a - b);
    const endCount = new CountTree(ends.length);
    const ended = new FirstAbove(new Float64Array(n).fill(-Infinity)); // the end line of each section in, that ends
    const open = new FirstAbove(new Float64Array(n).fill(-Infinity));  // 1 for each section in that never ends
    let openCount = 0;
    const put = (s: RcuSection, on: boolean): void => {
      linkWork.steps++;
      if (s.endLine === null) { open.set(s.id, on ? 1 : -Infinity); openCount += on ? 1 : -1; }
      else { ended.set(s.id, on ? s.endLine : -Infinity); endCount.add(lowerBound(ends, s.endLine), on ? 1 : -1); }
    };
    let fi = 0, ti = 0;
    for (const w of rr.waits) {
      while (fi < byFrom.length && byFrom[fi]!.waitsFrom! <= w.id) put(byFrom[fi++]!, true);
      while (ti < byTo.length && byTo[ti]!.waitsTo! <= w.id) put(byTo[ti++]!, false);
      if (w.kind === 'kfree_rcu') continue;
      if (w.endLine === null) {
        if (w.kind !== 'rcu_barrier') this.warn('a wait that never returns', w.beginLine, () => `${w.kind}() at line ${w.beginLine}${w.object !== null ? ` (${this.objectWord} ${w.object})` : ''} has no ${w.kind === 'call_rcu' ? 'callback' : 'return'} line in this run`);
        continue;
      }
      if (w.kind === 'rcu_barrier') { this.barrierRule(c, w, runIndex); continue; }
      linkWork.steps++;
      const wEnd = w.endLine;
      const what = (): string => w.kind === 'call_rcu' ? `the call_rcu() callback for ${w.object ?? 'its object'} ran (line ${wEnd})` : `${w.kind}() returned (line ${wEnd})`;
      // Sections that left before it returned are fine; those that left at or after it broke it.
      const rule = w.kind === 'call_rcu' ? 'callback-early' : 'gp-wait';
      const broke = endCount.range(lowerBound(ends, wEnd), ends.length);
      const listV = Math.min(this.violated.room(rule), broke);
      for (let j = ended.find(0, n, wEnd - 0.5), k = 0; j >= 0 && k < listV; j = ++k < listV ? ended.find(j + 1, n, wEnd - 0.5) : -1) {
        const s = secs[j]!, end = s.endLine!;
        linkWork.steps++;
        this.violated.add(rule, wEnd, runIndex, () => ({
          message: `${what()} before ${s.task} left its read-side critical section: ${s.task} was inside it at line ${s.insideLine}, before ${w.kind}() was called (line ${w.beginLine}), and left it only at line ${end}`,
          related: [
            { line: s.insideLine!, message: `${s.task} is inside its read-side critical section` },
            { line: w.beginLine, message: `${w.task ?? `the ${this.updaterWord}`} calls ${w.kind}()` },
            { line: end, message: `${s.task} leaves its read-side critical section, after the grace period ended` },
          ],
        }));
      }
      this.violated.addCounted(rule, wEnd, runIndex, broke - listV);
      // Those with no end line may have ended unseen: warnings.
      const kind = 'a waited-for reader with no end line';
      const listW = Math.min(this.warned.room(kind), openCount);
      for (let j = open.find(0, n, 0), k = 0; j >= 0 && k < listW; j = ++k < listW ? open.find(j + 1, n, 0) : -1) {
        const s = secs[j]!;
        linkWork.steps++;
        this.warn(kind, wEnd, () => `${what()} while ${s.task}, inside its read-side critical section since line ${s.insideLine} (before the call at line ${w.beginLine}), has no end line in the log: it may have ended unseen`);
      }
      this.warned.addCounted(kind, wEnd, openCount - listW);
    }
  }

  /**
   * use-after-free: an object freed while a section that was inside at its unlink, or that held it,
   * had not left (a warning when that section never ends). Those inside at the unlink are counted
   * as waitRules counts a wait's (N readers inside across N unlinks were N² copies of them): the
   * sections are replayed in and out as the unlinks come, the frees asked in the order of their
   * unlinks; then, in the order of the frees as before, the first few in id order are found for
   * the caps (a scan only for a free that lists one: the caps bound them) and the rest counted.
   * Returns whether a section broke the rule for an object (to spare the module's own report).
   */
  private freeRules(c: Open, runIndex: number): (s: RcuSection, object: string) => boolean {
    const secs = c.rr.sections;
    const inAt = (s: RcuSection, u: number | null): boolean => u !== null && (c.unlinksFrom[s.id] ?? 0) <= u && u < (c.unlinksTo[s.id] ?? 0);
    // Pass 1: per free, how many sections inside at its unlink broke it (left at or after the
    // free) and how many never end.
    const counts = new Map<(typeof c.frees)[number], { broke: number; open: number }>();
    const asked = c.frees.filter((f) => f.unlink !== null).sort((a, b) => a.unlink! - b.unlink!);
    if (asked.length) {
      const inside = secs.filter((s) => (c.unlinksFrom[s.id] ?? 0) < (c.unlinksTo[s.id] ?? 0));
      const byFrom = [...inside].sort((a, b) => c.unlinksFrom[a.id]! - c.unlinksFrom[b.id]!);
      const byTo = [...inside].sort((a, b) => c.unlinksTo[a.id]! - c.unlinksTo[b.id]!);
      const ends = [...new Set(inside.map((s) => s.endLine).filter((l): l is number => l !== null))].sort((a, b) => a - b);
      const endCount = new CountTree(ends.length);
      let open = 0, fi = 0, ti = 0;
      const put = (s: RcuSection, d: number): void => {
        linkWork.steps++;
        if (s.endLine === null) open += d; else endCount.add(lowerBound(ends, s.endLine), d);
      };
      for (const f of asked) {
        while (fi < byFrom.length && c.unlinksFrom[byFrom[fi]!.id]! <= f.unlink!) put(byFrom[fi++]!, 1);
        while (ti < byTo.length && c.unlinksTo[byTo[ti]!.id]! <= f.unlink!) put(byTo[ti++]!, -1);
        counts.set(f, { broke: endCount.range(lowerBound(ends, f.line), ends.length), open });
      }
    }
    // Pass 2: each free in order.
    const freeOf = new Map<string, { line: number; unlink: number | null; holders: Set<RcuSection> }>();
    for (const f of c.frees) {
      const o = c.objects.get(f.object)!;
      freeOf.set(f.object, { line: f.line, unlink: f.unlink, holders: new Set(f.holders) });
      const one = (s: RcuSection): void => {
        const held = s.holds.find((h) => h.object === f.object);
        const why = held ? `held it since line ${held.line}` : `was inside its read-side critical section since line ${s.insideLine ?? s.beginLine}, before the unlink at line ${o.unlinkLine}`;
        if (s.endLine === null) {
          this.warn('a reader with no end line at a free', f.line, () => `${this.objectWord} ${f.object} is freed at line ${f.line} while ${s.task}, which ${why}, has no end line in the log: it may have ended unseen`);
          return;
        }
        const end = s.endLine;
        this.violated.add('use-after-free', f.line, runIndex, () => ({
          message: `${this.objectWord} ${f.object} is freed (line ${f.line}) while ${s.task}, which ${why}, is still in its read-side critical section (until line ${end}): no grace period separates the unlink${o.unlinkLine !== null ? ` (line ${o.unlinkLine})` : ''} from the free`,
          related: [
            ...(held ? [{ line: held.line, message: `${s.task} holds ${this.objectWord} ${f.object}` }] : [{ line: s.beginLine!, message: `${s.task} enters its read-side critical section` }]),
            ...(o.unlinkLine !== null ? [{ line: o.unlinkLine, message: `${this.objectWord} ${f.object} is unlinked` }] : []),
            { line: end, message: `${s.task} leaves its read-side critical section` },
          ],
        }));
      };
      // Inside at the unlink, in id order: the first few listed, the rest counted.
      const n = counts.get(f);
      if (n) {
        let listV = Math.min(this.violated.room('use-after-free'), n.broke);
        let listW = Math.min(this.warned.room('a reader with no end line at a free'), n.open);
        const restV = n.broke - listV, restW = n.open - listW;
        for (let i = 0; i < secs.length && (listV > 0 || listW > 0); i++) {
          const s = secs[i]!;
          linkWork.steps++;
          if (!inAt(s, f.unlink) || (s.endLine !== null && s.endLine < f.line)) continue;
          if (s.endLine === null ? listW-- > 0 : listV-- > 0) one(s);
        }
        this.violated.addCounted('use-after-free', f.line, runIndex, restV);
        this.warned.addCounted('a reader with no end line at a free', f.line, restW);
      }
      // Those that held it and were not inside at the unlink.
      for (const s of f.holders) {
        linkWork.steps++;
        if (inAt(s, f.unlink) || (s.endLine !== null && s.endLine < f.line)) continue;
        one(s);
      }
      // Freed with no grace period after its unlink, and no reader happened to be inside: the bug hides.
      if (o.unlinkLine !== null && o.waits.length === 0 && !c.gpPassed.has(o)) {
        this.warn('freed without a grace period', f.line, () => `${this.objectWord} ${f.object} is freed (line ${f.line}) after its unlink (line ${o.unlinkLine}) with no grace period between them in the log: a reader inside then would use freed memory`);
      }
    }
    return (s, object) => {
      const f = freeOf.get(object);
      return !!f && s.endLine !== null && s.endLine >= f.line && (inAt(s, f.unlink) || f.holders.has(s));
    };
  }

  /** The pattern's own must-not-overlap rules (rcu/overlap.ts). Each work item looks only at the
   * readers that can overlap it (overlapIndex below), not at every reader of the run: 2,000 work
   * items and 2,000 readers under 200 rules were 8e8 checks and took minutes. */
  private declaredRules(c: Open, runIndex: number): void {
    const rr = c.rr;
    const byLabel = new Map<string, OverlapIndex>();
    for (const rule of this.decl.checks) {
      let idx = byLabel.get(rule.reader);
      if (!idx) { idx = new OverlapIndex(rr.sections.filter((s) => s.label === rule.reader)); byLabel.set(rule.reader, idx); }
      for (const w of rr.work ?? []) {
        if (w.label !== rule.work) continue;
        // Its end line missing while its task went on printing: when it ended is not in the log.
        const endUnknown = w.endLine === null && w.task !== null && (c.lastLine.get(w.task) ?? 0) > w.beginLine;
        for (const s of idx.candidates(w.beginLine, w.endLine ?? Infinity, !endUnknown)) {
          const f = overlapOf({ task: s.task, label: s.label, insideLine: s.insideLine ?? null, labelLine: s.labelLine ?? null, endLine: s.endLine },
            { beginLine: w.beginLine, endLine: w.endLine, endUnknown }, rule.work, rule);
          if (f) this.violated.add('must-not-overlap', f.line, runIndex, () => ({ patternRule: rule.id, message: f.message, related: f.related }));
        }
      }
    }
  }

  private barrierRule(c: Open, b: RcuWait, runIndex: number): void {
    for (const w of c.rr.waits) {
      if (w.kind !== 'call_rcu' || w.beginLine >= b.beginLine) continue;
      if (w.endLine !== null && w.endLine < b.endLine!) continue;
      if (w.endLine === null) { this.warn('a callback never seen', b.endLine!, () => `rcu_barrier() returned (line ${b.endLine}) and the callback queued at line ${w.beginLine} has no line in the log`); continue; }
      const end = w.endLine;
      this.violated.add('barrier-early', b.endLine!, runIndex, () => ({
        message: `rcu_barrier() returned (line ${b.endLine}) before the callback queued at line ${w.beginLine} ran (line ${end})`,
        related: [{ line: w.beginLine, message: 'call_rcu() queues the callback' }, { line: b.beginLine, message: 'rcu_barrier() is called' }, { line: end, message: 'the callback runs' }],
      }));
    }
  }

  private warn(kind: string, line: number, message: string | (() => string)): void {
    this.warned.add(kind, line, message);
  }
}

/** A run's grace-period waits drawn as the views' GracePeriods (numbered from 1 in line order,
 * labelled `call_rcu() #2 (element 7)`), and each reader's waitedForBy/overlaps. kfree_rcu() is
 * left out: the log never shows its end. rcu_barrier() waits for callbacks, not readers.
 * Each list names at most MAX_NAMED_LINKS and counts the rest, and nothing visits every pair:
 * a reader was waited for by the waits between its waitsFrom and waitsTo (a range); a wait is
 * overlapped by the readers that began between its call and its return (a range of the readers,
 * which come in line order) and outlived it, found and counted with trees over their end lines. */
function drawnWaits(rr: RcuRun, readers: Reader[], timeAt: (line: number) => number | null, objectWord: string): GracePeriod[] {
  const out: GracePeriod[] = [];
  // Readers with a begin line, in line order (their order), with their end lines (none: Infinity).
  const begins: number[] = [], ids: number[] = [], ends: number[] = [];
  for (const s of rr.sections) if (s.beginLine !== null) { begins.push(s.beginLine); ids.push(s.id); ends.push(s.endLine ?? Infinity); }
  const endsAbove = new FirstAbove(ends);
  // The drawn waits that wait for readers (not rcu_barrier()): their RcuWait ids and indices.
  const waitIds: number[] = [], waitIndex: number[] = [];
  // Those that returned, with the range of readers that began between the call and the return.
  const returned: { gp: GracePeriod; begin: number; end: number; lo: number; hi: number }[] = [];
  for (const w of rr.waits) {
    if (w.kind === 'kfree_rcu') continue;
    linkWork.steps++;
    const index = out.length + 1;
    const barrier = w.kind === 'rcu_barrier';
    const end = w.endLine;
    const beginTime = timeAt(w.beginLine), endTime = end !== null ? timeAt(end) : null;
    const gp: GracePeriod = {
      index, label: `${w.kind}() #${index}${w.object !== null ? ` (${objectWord} ${w.object})` : ''}`, kind: w.kind,
      beginLine: w.beginLine, endLine: end, beginTime, endTime,
      duration: beginTime !== null && endTime !== null ? endTime - beginTime : null,
      waitedFor: barrier ? [] : w.waitedFor, waitedForCount: barrier ? 0 : w.waitedForCount, overlapping: [], overlappingCount: 0,
    };
    out.push(gp);
    if (barrier) continue;
    waitIds.push(w.id);
    waitIndex.push(index);
    if (end === null) continue;
    // Overlapping: began after the call (so not inside at it), before the return, and open after it.
    const lo = upperBound(begins, w.beginLine), hi = lowerBound(begins, end);
    for (let j = endsAbove.find(lo, hi, end); j >= 0; j = gp.overlapping.length < MAX_NAMED_LINKS ? endsAbove.find(j + 1, hi, end) : -1) gp.overlapping.push(ids[j]!);
    returned.push({ gp, begin: w.beginLine, end, lo, hi });
  }
  // How many overlap each wait: the waits by return line, latest first, against the readers by end line.
  const byEnd = ends.map((_e, j) => j).sort((a, b) => (ends[b]! > ends[a]! ? 1 : ends[b]! < ends[a]! ? -1 : a - b));
  const openAfter = new CountTree(ends.length);
  let k = 0;
  for (const q of [...returned].sort((a, b) => b.end - a.end)) {
    while (k < byEnd.length && ends[byEnd[k]!]! > q.end) openAfter.add(byEnd[k++]!, 1);
    q.gp.overlappingCount = openAfter.range(q.lo, q.hi);
    linkWork.steps += 1 + q.gp.overlapping.length;
  }
  // Each reader: waited for by the waits called while it was inside; overlaps the waits in flight at
  // its begin line (called before, returned after) that returned before it ended.
  const byReturn = returned.map((_q, i) => i).sort((a, b) => returned[a]!.end - returned[b]!.end || a - b);
  const returns = byReturn.map((i) => returned[i]!.end);
  const rankOf: number[] = [];
  byReturn.forEach((i, r) => { rankOf[i] = r; });
  const notLater = new FirstAbove(byReturn.map((i) => -i)); // > -p: called before the p-th returned wait
  const calledBefore = new CountTree(returned.length);
  let called = 0;
  for (const rd of readers) {
    const s = rr.sections[rd.id]!;
    linkWork.steps++;
    const from = lowerBound(waitIds, s.waitsFrom ?? 0), to = lowerBound(waitIds, s.waitsTo ?? 0);
    rd.waitedForByCount = Math.max(0, to - from);
    rd.waitedForBy = waitIndex.slice(from, Math.min(to, from + MAX_NAMED_LINKS));
    if (s.beginLine === null) continue;
    const b = s.beginLine, e = s.endLine ?? Infinity;
    while (called < returned.length && returned[called]!.begin < b) calledBefore.add(rankOf[called++]!, 1);
    const l = upperBound(returns, b), r = lowerBound(returns, e);
    rd.overlapsCount = calledBefore.range(l, r);
    const named: number[] = [];
    for (let j = notLater.find(l, r, -called); j >= 0 && named.length < Math.min(MAX_NAMED_LINKS, rd.overlapsCount); j = named.length < MAX_NAMED_LINKS ? notLater.find(j + 1, r, -called) : -1) named.push(returned[byReturn[j]!]!.gp.index);
    rd.overlaps = named.sort((x, y) => x - y);
    linkWork.steps += named.length;
  }
  return out;
}

/**
 * The readers a work item from line wb to we can overlap (overlapOf's three cases; the last two
 * only when its end is known), in their order, each found through a sorted array or a tree rather than a scan: inside before wb and
 * ending after it (a tree of ends over the readers by their inside line); the label line in
 * (wb, we); with no label line, the end in (wb, we).
 */
export class OverlapIndex {
  private readonly byInside: { idx: number[]; lines: number[]; ends: FirstAbove };
  private readonly byLabel: { idx: number[]; lines: number[] };
  private readonly byEnd: { idx: number[]; lines: number[] };

  constructor(private readonly sections: readonly RcuSection[]) {
    const sorted = (pick: (s: RcuSection) => number | null) => {
      const idx = sections.map((_, i) => i).filter((i) => pick(sections[i]!) !== null).sort((a, b) => pick(sections[a]!)! - pick(sections[b]!)! || a - b);
      return { idx, lines: idx.map((i) => pick(sections[i]!)!) };
    };
    const ins = sorted((s) => s.insideLine ?? null);
    this.byInside = { ...ins, ends: new FirstAbove(ins.idx.map((i) => sections[i]!.endLine ?? -Infinity)) };
    this.byLabel = sorted((s) => s.labelLine ?? null);
    this.byEnd = sorted((s) => (s.labelLine ?? null) === null ? s.endLine : null);
  }

  candidates(wb: number, we: number, endKnown: boolean): RcuSection[] {
    const out = new Set<number>();
    const stop = lowerBound(this.byInside.lines, wb);
    for (let j = this.byInside.ends.find(0, stop, wb); j >= 0; j = this.byInside.ends.find(j + 1, stop, wb)) out.add(this.byInside.idx[j]!);
    // the other two cases need the work's end known
    if (endKnown) for (const { idx, lines } of [this.byLabel, this.byEnd]) {
      for (let j = upperBound(lines, wb); j < lines.length && lines[j]! < we; j++) out.add(idx[j]!);
    }
    return [...out].sort((a, b) => a - b).map((i) => this.sections[i]!);
  }
}
