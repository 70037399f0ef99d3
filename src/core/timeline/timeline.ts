// The timeline: an Analysis laid out as lanes and items on one x axis, ready to draw.
//
// Pure and portable (CLI, extension host, webview): the same TimelineData feeds the canvas in the
// webview and the SVG export (timelineSvg.ts). Items are stored in columns of typed arrays, not as
// objects, so a million of them cross postMessage as a few buffers (structured clone copies typed
// arrays in bulk) and the renderer walks them without allocating.
//
// The x axis. Times are seconds since boot and may be missing, so the axis is chosen per selection:
//   'time'      — some line in the selection has a timestamp: x = seconds since boot;
//   'wallclock' — none has, but some have a wall-clock time: x = seconds since the earliest one;
//   'line'      — neither: x = line number.
// A line without a value of the chosen kind is placed by linear interpolation on line number
// between the nearest lines that have one (clamped at the ends), and its item is flagged Approx.
// Views never recompute RCU facts here: readers, grace periods, phases come from the model as is.

import type { Analysis, GracePeriod, KernelGracePeriod, KernelPreemptedReader, LogEvent, Run } from '../model';
import { gpWords, pathSlot, phaseSlot, wordsOf } from '../explain/words';
import type { ViewWords } from '../explain/vocabulary';
import { tortureTimeline, type TimelineTorture } from '../torture/chart';
import { gpSentence, readerSentence, syncSentence } from '../kernel/describe';
import { namedAndMore } from '../waitLinks';

/** What an item is. Stored in `items.kind` (Uint8Array). */
export const ItemKind = {
  ReaderQuick: 0,
  ReaderCareful: 1,
  ReaderUnknown: 2,   // path line missing
  GracePeriod: 3,     // synchronize_rcu() call → return, on the updater's lane
  Work: 4,            // the updater's labelled work (the seed's, between its two grace periods)
  Spawn: 5,           // `start <task>` (printed by the init task)
  Init: 6,            // module init line
  Stall: 7,           // an RCU stall warning report
  Violation: 8,       // a rule violation found by the checks
  KernelGp: 9,        // a kernel grace period from RCU tracepoints
  KernelReader: 10,   // a task preempted inside an RCU read-side critical section (rcu_preempt_task → rcu_unlock_preempted_task)
  KernelQs: 11,       // a CPU's quiescent state for a kernel grace period (rcu_grace_period cpuqs)
  KernelQsLast: 12,   // the quiescent-state report that completed a kernel grace period (rcu_quiescent_state_report)
  KernelUnlock: 13,   // a preempted reader's rcu_read_unlock() (rcu_unlock_preempted_task)
  Callback: 14,       // a callback from call_rcu() (rcu_callback) to its invocation (rcu_invoke_callback)
} as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];
export const ITEM_KIND_COUNT = 15;

/** The words a timeline speaks, from the pattern of the selection's first run (explain/words.ts). */
export interface TimelineWords {
  /** Human names, indexed by ItemKind (tooltips, screen-reader labels, SVG titles). */
  kinds: string[];
  /** Bar captions, indexed by ItemKind ('' for none; grace periods are captioned per item). */
  captions: string[];
  /** Legend texts: readers by path colour (quick, careful, unknown), grace period, labelled work. */
  legend: { quick: string | null; careful: string | null; unknown: string; gp: string; work: string | null };
}

/** The timeline words of a pattern's words. */
export function timelineWords(w: ViewWords): TimelineWords {
  const path = (k: number) => (w.paths[k] ? `${w.reader}, ${w.paths[k]!.label}` : w.reader);
  const unknown = w.paths.length ? `${w.reader}, path unknown` : w.reader;
  const work = w.work?.label ?? 'labelled work';
  return {
    kinds: [path(0), path(1), unknown, 'grace period', work, 'start', 'module init', 'RCU stall warning', 'violation', 'kernel grace period', 'preempted reader (kernel)',
      'quiescent state (cpuqs)', 'last quiescent-state report', 'preempted reader unlocks', 'callback (queue → invoke)'],
    captions: [w.paths[0]?.name ?? w.reader, w.paths[1]?.name ?? w.reader, w.reader, '', work, '', '', '', '', '', '', '', '', '', ''],
    legend: {
      quick: w.paths[0] ? `${w.paths[0].name}-path ${w.reader}` : null,
      careful: w.paths[1] ? `${w.paths[1].name}-path ${w.reader}` : null,
      unknown: w.paths.length ? 'path unknown' : w.reader,
      gp: w.gps.length ? `grace period (${w.gps.map((g) => g.label.replace(/\(\)( #\d+)?$/, '')).filter((x, i, a) => a.indexOf(x) === i).join(', ')})` : 'grace period',
      work: w.work?.label ?? null,
    },
  };
}

/** A grace period's name and bar caption: `grace period 3 (call_rcu, element 7)`, `GP3 call_rcu() (element 7)`. */
/** `grace period 1 and 2`, or when the list is cut (waitLinks.ts), `grace periods 1, 2, … and 3,980 more`. */
function gpList(indices: readonly number[], count: number): string {
  return count > indices.length ? `grace periods ${namedAndMore(indices.map(String), count)}` : `grace period ${indices.join(' and ')}`;
}

function gpNames(w: ViewWords, gp: GracePeriod): { name: string; caption: string } {
  const g = gpWords(w, gp);
  const m = /^(\w+)\(\)(?: #\d+)?\s*(.*)$/.exec(g.label);
  if (!m) return { name: `grace period ${gp.index} (${g.label})`, caption: `${g.short} ${g.label}` };
  const rest = m[2]!.replace(/^\((.*)\)$/, '$1');
  return { name: `grace period ${gp.index} (${m[1]}${rest ? `, ${rest}` : ''})`, caption: `${g.short} ${m[1]}()${rest ? ` ${rest}` : ''}` };
}

/** Point items are drawn as markers; the others as bars from start to end. */
export function isPointKind(kind: number): boolean {
  return kind === ItemKind.Spawn || kind === ItemKind.Init || kind === ItemKind.Stall || kind === ItemKind.Violation ||
    kind === ItemKind.KernelQs || kind === ItemKind.KernelQsLast || kind === ItemKind.KernelUnlock;
}

/** Bit flags in `items.flags`. */
export const ItemFlag = {
  Approx: 1,      // x placed by interpolation: the line has no time of the axis' kind
  OpenEnd: 2,     // never ends in the log: drawn to the end of its run
  OpenStart: 4,   // its first line is missing: drawn from the start of its run
  Inferred: 8,    // task attribution deduced from the scenario's order, not printed by the log
  Flagged: 16,    // involved in a violation
} as const;

/** A phase band's phase: its name and label as its pattern gives them, and its colour slot (explain/words.ts phaseSlot). */
export interface TimelinePhase {
  name: string;
  label: string;
  slot: number;
}

export type LaneRole = 'init' | 'reader' | 'updater' | 'kernel' | 'stalls';
export interface Lane {
  name: string;
  role: LaneRole;
}

export type AxisMode = 'time' | 'wallclock' | 'line';
export interface TimelineAxis {
  mode: AxisMode;
  /** 'wallclock': Unix seconds of x = 0. Otherwise 0. */
  origin: number;
}

/** One entry of the run picker. Keys: `run:<id>` (one run) or `boot:<index>` (everything in a boot). */
export interface RunChoice {
  key: string;
  label: string;
}

/** Items in columns. Sorted by lane, then start; lane l holds [laneOffsets[l], laneOffsets[l+1]). */
export interface TimelineItems {
  count: number;
  start: Float64Array;
  end: Float64Array;        // == start for point items
  line: Int32Array;         // 1-based line to reveal
  endLine: Int32Array;      // last line of the item (== line for points)
  lane: Uint16Array;
  kind: Uint8Array;         // ItemKind
  flags: Uint8Array;        // ItemFlag bits
  /** Per kind: reader id, grace-period index (1, 2), stall index, violation index, kernel gp_seq. */
  ref: Float64Array;
  /** Index into TimelineData.notes (extra text for the tooltip), -1 for none. */
  note: Int32Array;
}

/** Phase bands drawn across all lanes. */
export interface TimelineBands {
  count: number;
  start: Float64Array;
  end: Float64Array;
  phase: Uint8Array;        // index into TimelineData.phases
  line: Int32Array;
  endLine: Int32Array;
}

/** Grace period → reader it waited for (kind 0) or that overlapped it without being waited for (1). */
export interface TimelineLinks {
  count: number;
  from: Int32Array;         // item index of the grace period
  to: Int32Array;           // item index of the reader
  kind: Uint8Array;
}

export const LinkKind = { WaitedFor: 0, Overlapped: 1, CompletedBy: 2, LastQs: 3 } as const;

export interface TimelineData {
  version: 1;
  /** The run choice shown (a RunChoice key). */
  selection: string;
  runs: RunChoice[];
  axis: TimelineAxis;
  /** Smallest and largest x of everything drawn (min < max). */
  extent: { min: number; max: number };
  lanes: Lane[];
  laneOffsets: Int32Array;  // lanes.length + 1 entries
  items: TimelineItems;
  bands: TimelineBands;
  links: TimelineLinks;
  /** Texts from the log or the analysis (violation messages, stall culprits): plain text, never markup. */
  notes: string[];
  /** The phases bands name (bands.phase indexes it), in the order met. */
  phases: TimelinePhase[];
  /** What the timeline calls things: the pattern's words (the seed's when the selection has no run). */
  words: TimelineWords;
  /** Grace-period items' names and bar captions, by item index (a pattern names each of its waits). */
  gpNames: Record<number, { name: string; caption: string }>;
  /** rcutorture runs of the selection, their series on this x axis (drawn as a chart under the lanes). */
  torture?: TimelineTorture[];
}

// ---------------------------------------------------------------------------------------------
// Run choices

/** The selections a picker offers: every run, and per boot an "everything" entry when it adds something. */
export function timelineChoices(a: Analysis): RunChoice[] {
  const out: RunChoice[] = [];
  const multiBoot = a.boots.length > 1;
  for (const r of a.runs) {
    const boot = multiBoot ? `, boot ${r.boot + 1}` : '';
    out.push({ key: `run:${r.id}`, label: `Run ${r.id + 1}: lines ${r.startLine}–${r.endLine}${boot}${r.complete ? '' : ' (incomplete)'}` });
  }
  const bootCount = Math.max(1, a.boots.length);
  for (let b = 0; b < bootCount; b++) {
    const runs = a.runs.filter((r) => r.boot === b).length;
    const kernel = a.stalls.some((s) => s.boot === b) || a.kernel.gracePeriods.some((g) => g.boot === b);
    if (runs > 1 || kernel || a.runs.length === 0) {
      out.push({ key: `boot:${b}`, label: multiBoot ? `Everything in boot ${b + 1}` : 'Everything in the log' });
    }
  }
  return out;
}

/** The choice shown when none is asked for: the first run, else the first boot. */
export function defaultSelection(a: Analysis): string {
  return timelineChoices(a)[0]!.key;
}

// ---------------------------------------------------------------------------------------------
// Building

interface Anchor { line: number; v: number }

/** Maps a line (and its own time, when known) to x, per the axis rule at the top of this file. */
class Clock {
  readonly axis: TimelineAxis;
  private readonly anchors: Anchor[];

  constructor(points: { line: number; time: number | null; wallclock: number | null }[]) {
    const timed = points.filter((p) => isNum(p.time));
    if (timed.length) {
      this.axis = { mode: 'time', origin: 0 };
      this.anchors = sortAnchors(timed.map((p) => ({ line: p.line, v: p.time! })));
      return;
    }
    const wall = points.filter((p) => isNum(p.wallclock));
    if (wall.length) {
      let origin = Infinity;
      for (const p of wall) origin = Math.min(origin, p.wallclock!);   // no spread: a million points
      this.axis = { mode: 'wallclock', origin };
      this.anchors = sortAnchors(wall.map((p) => ({ line: p.line, v: p.wallclock! - origin })));
      return;
    }
    this.axis = { mode: 'line', origin: 0 };
    this.anchors = [];
  }

  /** x of a line; `approx` tells whether it was interpolated. */
  at(line: number, time: number | null, wallclock: number | null = null): { x: number; approx: boolean } {
    if (this.axis.mode === 'line') return { x: line, approx: false };
    const own = this.axis.mode === 'time' ? time : isNum(wallclock) ? wallclock! - this.axis.origin : null;
    if (isNum(own)) return { x: own!, approx: false };
    return { x: this.interpolate(line), approx: true };
  }

  private interpolate(line: number): number {
    const a = this.anchors;
    if (line <= a[0]!.line) return a[0]!.v;
    if (line >= a[a.length - 1]!.line) return a[a.length - 1]!.v;
    let lo = 0, hi = a.length - 1;   // a[lo].line < line < a[hi].line
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (a[mid]!.line <= line) lo = mid; else hi = mid;
    }
    const p = a[lo]!, q = a[hi]!;
    return q.line === p.line ? p.v : p.v + ((q.v - p.v) * (line - p.line)) / (q.line - p.line);
  }
}

function isNum(v: number | null | undefined): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

function sortAnchors(a: Anchor[]): Anchor[] {
  return a.sort((p, q) => p.line - q.line);
}

interface ProtoItem {
  start: number; end: number; line: number; endLine: number; lane: number;
  kind: ItemKind; flags: number; ref: number; note: number;
}

/** What a selection covers. */
interface Scope {
  runs: Run[];
  boot: number;
  /** Does a kernel-wide thing (stall, trace GP) on these lines belong to the selection? */
  covers: (line: number) => boolean;
}

function scopeOf(a: Analysis, key: string): Scope {
  const [what, n] = key.split(':');
  const idx = Number(n);
  if (what === 'run' && a.runs[idx]) {
    const r = a.runs[idx]!;
    return { runs: [r], boot: r.boot, covers: (l) => l >= r.startLine && l <= r.endLine };
  }
  const boot = what === 'boot' && Number.isInteger(idx) ? idx : 0;
  return { runs: a.runs.filter((r) => r.boot === boot), boot, covers: () => true };
}

/**
 * Lays out one selection (a RunChoice key; the default when absent or unknown) of an analysis.
 * Never throws on a well-typed Analysis, however incomplete its runs are.
 */
export function buildTimeline(a: Analysis, selection?: string): TimelineData {
  const runs = timelineChoices(a);
  const key = selection && runs.some((r) => r.key === selection) ? selection : runs[0]!.key;
  const scope = scopeOf(a, key);
  const stalls = a.stalls.map((s, i) => ({ s, i })).filter(({ s }) => s.boot === scope.boot && scope.covers(s.line));
  const kgps = a.kernel.gracePeriods.map((g, i) => ({ g, i })).filter(({ g }) => g.boot === scope.boot && scope.covers(g.startLine ?? g.endLine ?? 0));
  const kreaders = a.kernel.preemptedReaders.filter((r) => r.boot === scope.boot && scope.covers(r.startLine));
  /** Scenario grace-period items by `run:index`, for their links to the kernel's. */
  const scenarioGp = new Map<string, number>();
  const runIds = new Set(scope.runs.map((r) => r.id));
  const violations = a.violations.map((v, i) => ({ v, i })).filter(({ v }) => runIds.has(v.run));

  // Every line with a time in the selection anchors the clock.
  const events: LogEvent[] = [];
  for (const r of scope.runs) for (const id of r.events) { const e = a.events[id]; if (e) events.push(e); }
  const points: { line: number; time: number | null; wallclock: number | null }[] = events.map((e) => ({ line: e.line, time: e.time, wallclock: e.wallclock }));
  for (const r of scope.runs) points.push({ line: r.startLine, time: r.startTime, wallclock: null }, { line: r.endLine, time: r.endTime, wallclock: null });
  for (const { s } of stalls) points.push({ line: s.line, time: s.time, wallclock: null });
  for (const r of kreaders) {
    points.push({ line: r.startLine, time: r.startTime, wallclock: null });
    if (r.endLine !== null) points.push({ line: r.endLine, time: r.endTime, wallclock: null });
  }
  for (const { g } of kgps) {
    if (g.startLine !== null) points.push({ line: g.startLine, time: g.startTime, wallclock: null });
    if (g.endLine !== null) points.push({ line: g.endLine, time: g.endTime, wallclock: null });
  }
  // rcutorture runs of the selection: their statistics lines anchor the clock too.
  const tortureRuns = (a.torture ?? []).filter((t) => t.boot === scope.boot && scope.covers(t.startLine));
  for (const t of tortureRuns) for (const s of t.samples) points.push({ line: s.line, time: s.time, wallclock: null });
  const wallAt = new Map<number, number>();
  for (const e of events) if (isNum(e.wallclock)) wallAt.set(e.line, e.wallclock!);
  const clock = new Clock(points);
  const at = (line: number, time: number | null) => clock.at(line, time, wallAt.get(line) ?? null);

  const lanes: Lane[] = [];
  const laneIndex = new Map<string, number>();
  const laneFor = (name: string, role: LaneRole): number => {
    const k = `${role === 'kernel' || role === 'stalls' ? role : 'task'}\u0000${name}`;
    let i = laneIndex.get(k);
    if (i === undefined) { i = lanes.length; lanes.push({ name, role }); laneIndex.set(k, i); }
    return i;
  };
  const notes: string[] = [];
  const noteOf = (text: string) => (notes.push(text), notes.length - 1);
  const items: ProtoItem[] = [];
  const push = (p: Omit<ProtoItem, 'ref' | 'note'> & { ref?: number; note?: number }) => {
    // An inconsistent model (a line out of order) still gives a drawable item.
    const line = Math.min(p.line, p.endLine), endLine = Math.max(p.line, p.endLine);
    items.push({ ref: 0, note: -1, ...p, line, endLine, end: Math.max(p.start, p.end) });
    return items.length - 1;
  };
  const links: { from: number; to: number; kind: number }[] = [];
  const bands: { start: number; end: number; phase: number; line: number; endLine: number }[] = [];
  const phases: TimelinePhase[] = [];
  const phaseIndex = (w: ViewWords, name: string, label: string): number => {
    const slot = phaseSlot(w, name);
    let i = phases.findIndex((p) => p.name === name && p.slot === slot);
    if (i < 0) { i = phases.length; phases.push({ name, label, slot }); }
    return i;
  };
  const gpItemNames = new Map<number, { name: string; caption: string }>();
  const words = wordsOf(a, scope.runs[0]);
  /** The seed's phases keep their short names in the strip (their declared names) whatever labels they get. */
  const seedWords = wordsOf(null, null);

  for (const r of scope.runs) {
    const w = wordsOf(a, r);
    // Lanes in the order the log introduces tasks, the init task first.
    const init = r.tasks.find((t) => t.role === 'init');
    const initLane = init ? laneFor(init.name, 'init') : -1;
    for (const t of r.tasks) if (t.role !== 'init') laneFor(t.name, t.role);
    const runStart = at(r.startLine, r.startTime).x;
    const runEnd = at(r.endLine, r.endTime).x;

    for (const id of r.events) {
      const e = a.events[id];
      if (!e) continue;
      const p = at(e.line, e.time);
      const flags = p.approx ? ItemFlag.Approx : 0;
      if (e.kind === 'init' && initLane >= 0) {
        push({ start: p.x, end: p.x, line: e.line, endLine: e.line, lane: initLane, kind: ItemKind.Init, flags });
      } else if (e.kind === 'spawn' && e.task) {
        const lane = initLane >= 0 ? initLane : laneFor(e.task, 'reader');
        push({ start: p.x, end: p.x, line: e.line, endLine: e.line, lane, kind: ItemKind.Spawn, flags, note: noteOf(`starts ${e.task}`) });
      }
    }

    const readerItem = new Map<number, number>();
    for (const rd of r.readers) {
      const first = rd.beginLine ?? rd.pathLine;
      if (first === null && rd.endLine === null) continue;
      const s = first !== null ? at(first, rd.beginTime) : { x: runStart, approx: false };
      const e = rd.endLine !== null ? at(rd.endLine, rd.endTime) : { x: Math.max(runEnd, s.x), approx: false };
      let flags = (s.approx || e.approx ? ItemFlag.Approx : 0) | (rd.attribution === 'known' ? 0 : ItemFlag.Inferred);
      if (rd.endLine === null) flags |= ItemFlag.OpenEnd;
      if (rd.beginLine === null) flags |= ItemFlag.OpenStart;
      const slot = pathSlot(w, rd.path);
      const kind = slot === 0 ? ItemKind.ReaderQuick : slot === 1 ? ItemKind.ReaderCareful : ItemKind.ReaderUnknown;
      const line = first ?? rd.endLine!;
      const gpText = [
        // a few named, all counted (waitLinks.ts)
        rd.waitedForByCount ? `${gpList(rd.waitedForBy, rd.waitedForByCount)} waited for it` : '',
        rd.overlapsCount ? `overlapped ${gpList(rd.overlaps, rd.overlapsCount)} (allowed)` : '',
        rd.attribution !== 'known' ? `task ${rd.attribution === 'ambiguous' ? 'ambiguous' : 'inferred from the scenario order'}` : '',
      ].filter(Boolean).join('; ');
      readerItem.set(rd.id, push({
        start: s.x, end: Math.max(s.x, e.x), line, endLine: rd.endLine ?? rd.pathLine ?? line,
        lane: laneFor(rd.task, 'reader'), kind, flags, ref: rd.id, note: gpText ? noteOf(gpText) : -1,
      }));
    }

    if (r.updater) {
      const lane = laneFor(r.updater.task, 'updater');
      for (const gp of r.gracePeriods) {
        if (gp.beginLine === null && gp.endLine === null) continue;
        const s = gp.beginLine !== null ? at(gp.beginLine, gp.beginTime) : { x: runStart, approx: false };
        const e = gp.endLine !== null ? at(gp.endLine, gp.endTime) : { x: Math.max(runEnd, s.x), approx: false };
        let flags = s.approx || e.approx ? ItemFlag.Approx : 0;
        if (gp.endLine === null) flags |= ItemFlag.OpenEnd;
        if (gp.beginLine === null) flags |= ItemFlag.OpenStart;
        const line = gp.beginLine ?? gp.endLine!;
        // a few named, all counted (waitLinks.ts); the links below join it to the named ones
        const names = (ids: number[], count: number) => `${count > ids.length ? `${count.toLocaleString('en')} readers: ` : ''}${namedAndMore(ids.map((id) => r.readers[id]?.task ?? `reader ${id}`), count)}`;
        const text = [
          gp.waitedForCount ? `waited for ${names(gp.waitedFor, gp.waitedForCount)}` : 'waited for no reader',
          gp.overlappingCount ? `overlapped by ${names(gp.overlapping, gp.overlappingCount)} (allowed)` : '',
        ].filter(Boolean).join('; ');
        const gi = push({ start: s.x, end: Math.max(s.x, e.x), line, endLine: gp.endLine ?? line, lane, kind: ItemKind.GracePeriod, flags, ref: gp.index, note: noteOf(text) });
        gpItemNames.set(gi, gpNames(w, gp));
        scenarioGp.set(`${r.id}:${gp.index}`, gi);
        for (const id of gp.waitedFor) { const ri = readerItem.get(id); if (ri !== undefined) links.push({ from: gi, to: ri, kind: LinkKind.WaitedFor }); }
        for (const id of gp.overlapping) { const ri = readerItem.get(id); if (ri !== undefined) links.push({ from: gi, to: ri, kind: LinkKind.Overlapped }); }
      }
      const mb = w.work ? r.updater.steps.find((st) => st.kind === w.work!.begin) : undefined;
      const me = w.work ? r.updater.steps.find((st) => st.kind === w.work!.end) : undefined;
      if (mb) {
        const s = at(mb.line, mb.time);
        const e = me ? at(me.line, me.time) : { x: Math.max(runEnd, s.x), approx: false };
        const flags = (s.approx || e.approx ? ItemFlag.Approx : 0) | (me ? 0 : ItemFlag.OpenEnd);
        push({ start: s.x, end: Math.max(s.x, e.x), line: mb.line, endLine: me?.line ?? mb.line, lane, kind: ItemKind.Work, flags });
      }
    }

    for (const ph of r.phases) {
      const s = at(ph.startLine, ph.startTime).x;
      // Line axis: a phase reaches the next phase's first line, so bands tile without gaps.
      const e = clock.axis.mode === 'line' ? ph.endLine + 1 : at(ph.endLine, ph.endTime).x;
      bands.push({ start: s, end: Math.max(s, e), phase: phaseIndex(w, ph.name, w === seedWords ? ph.name : ph.label ?? ph.name), line: ph.startLine, endLine: ph.endLine });
    }
  }

  // Kernel-wide items: trace grace periods (one lane per RCU flavour), then stalls.
  const kernelItem = new Map<number, number>();
  for (const { g, i: gpIndex } of kgps) {
    const lane = laneFor(`${g.flavour} GPs`, 'kernel');
    const s = g.startLine !== null ? at(g.startLine, g.startTime) : null;
    const e = g.endLine !== null ? at(g.endLine, g.endTime) : null;
    const sx = s?.x ?? e!.x, ex = e?.x ?? s!.x;
    const flags = (s?.approx || e?.approx ? ItemFlag.Approx : 0) | (s ? 0 : ItemFlag.OpenStart) | (e ? 0 : ItemFlag.OpenEnd);
    const line = g.startLine ?? g.endLine!;
    kernelItem.set(gpIndex, push({ start: sx, end: Math.max(sx, ex), line, endLine: g.endLine ?? line, lane, kind: ItemKind.KernelGp, flags, ref: g.gpSeq ?? 0, note: noteOf(gpSentence(g, a.kernel)) }));
  }
  // Preempted readers on their task's own lane (a scenario task's, else a kernel lane), linked from
  // the grace period each held up; each scenario synchronize_rcu() linked to the kernel GP that completed it.
  const kernelReaderItem = new Map<KernelPreemptedReader, number>();
  for (const r of kreaders) {
    const s = at(r.startLine, r.startTime);
    const e = r.endLine !== null ? at(r.endLine, r.endTime) : null;
    const own = r.task !== null ? lanes.findIndex((l) => l.name === r.task && (l.role === 'reader' || l.role === 'updater')) : -1;
    const lane = own >= 0 ? own : laneFor('preempted readers', 'kernel');
    const flags = (s.approx || e?.approx ? ItemFlag.Approx : 0) | (e ? 0 : ItemFlag.OpenEnd);
    const ri = push({
      start: s.x, end: Math.max(s.x, e?.x ?? s.x), line: r.startLine, endLine: r.endLine ?? r.startLine, lane,
      kind: ItemKind.KernelReader, flags, ref: r.pid, note: noteOf(readerSentence(r, a.kernel)),
    });
    kernelReaderItem.set(r, ri);
    const gi = r.blocked !== null ? kernelItem.get(r.blocked) : undefined;
    if (gi !== undefined) links.push({ from: gi, to: ri, kind: LinkKind.WaitedFor });
  }
  // Quiescent states, the last report of each grace period, readers' unlocks, callbacks (kernelTimelineItems, below).
  kernelTimelineItems(a, scope, kgps, kernelReaderItem, kernelItem, { at, laneFor, push, noteOf, links, laneOf: (i) => items[i]!.lane });
  for (const r of scope.runs) {
    for (const gp of r.gracePeriods) {
      const from = scenarioGp.get(`${r.id}:${gp.index}`);
      if (from === undefined) continue;
      // Its tooltip answers the developer's question: which kernel grace period completed it, what held it up.
      const sync = syncSentence(a, gp);
      if (sync && items[from]!.note >= 0) notes[items[from]!.note] += `; ${sync}`;
      for (const k of gp.kernelGpIndex ?? []) { const to = kernelItem.get(k); if (to !== undefined) links.push({ from, to, kind: LinkKind.CompletedBy }); }
    }
  }
  for (const { s, i } of stalls) {
    const p = at(s.line, s.time);
    const summary = [
      `${s.flavor}: ${s.kinds.join(', ')}`,
      s.t !== null ? `t=${s.t}` : '', s.g !== null ? `g=${s.g}` : '', s.q !== null ? `q=${s.q}` : '',
      s.culprit ? `likely culprit ${s.culprit.frame}` : '',
    ].filter(Boolean).join(' ');
    push({
      start: p.x, end: p.x, line: s.line, endLine: Math.max(s.line, s.endLine), lane: laneFor('stalls', 'stalls'),
      kind: ItemKind.Stall, flags: p.approx ? ItemFlag.Approx : 0, ref: i, note: noteOf(summary),
    });
  }

  // Violations sit on the lane of the task whose line it is; items they name are flagged.
  const byLine = new Map<number, LogEvent>();
  for (const e of events) byLine.set(e.line, e);
  const baseCount = items.length;
  for (const { v, i } of violations) {
    const e = byLine.get(v.line);
    const run = a.runs[v.run];
    const fallback = run?.tasks.find((t) => t.role === 'init')?.name ?? run?.updater?.task ?? run?.readers[0]?.task;
    const name = e?.task ?? fallback ?? 'violations';
    const lane = e?.task || fallback ? laneFor(name, lanes.find((l) => l.name === name)?.role ?? 'reader') : laneFor('violations', 'stalls');
    const p = at(v.line, e?.time ?? null);
    push({ start: p.x, end: p.x, line: v.line, endLine: v.line, lane, kind: ItemKind.Violation, flags: (p.approx ? ItemFlag.Approx : 0) | ItemFlag.Flagged, ref: i, note: noteOf(v.message) });
    // Each line the violation names flags the one item that line is about (see findItemAtLine).
    for (const l of [v.line, ...v.related.map((rel) => rel.line)]) {
      const k = itemAtLine(baseCount, (j) => items[j]!.line, (j) => items[j]!.endLine, l, (j) => !isPointKind(items[j]!.kind));
      if (k >= 0) items[k]!.flags |= ItemFlag.Flagged;
    }
  }

  const data = pack(key, runs, clock.axis, lanes, items, bands, links, notes, { phases, words: timelineWords(words), gpNames: gpItemNames });
  if (tortureRuns.length) {
    data.torture = tortureTimeline(tortureRuns, (line, time) => at(line, time).x);
    // The lanes' extent covers the runs too, so a torture-only log is not an empty x range.
    const xs = data.torture.flatMap((t) => [...t.x, ...t.failures.map((f) => f.x)]);
    if (xs.length) {
      let lo = Infinity, hi = -Infinity;
      for (const x of xs) { if (x < lo) lo = x; if (x > hi) hi = x; }
      const empty = data.items.count === 0 && data.bands.count === 0;
      data.extent = empty ? { min: lo, max: hi > lo ? hi : lo + 1 } : { min: Math.min(data.extent.min, lo), max: Math.max(data.extent.max, hi) };
    }
  }
  return data;
}

function pack(
  selection: string, runs: RunChoice[], axis: TimelineAxis, lanes: Lane[], items: ProtoItem[],
  bands: { start: number; end: number; phase: number; line: number; endLine: number }[],
  links: { from: number; to: number; kind: number }[], notes: string[],
  named: { phases: TimelinePhase[]; words: TimelineWords; gpNames: Map<number, { name: string; caption: string }> } = { phases: [], words: timelineWords(wordsOf(null, null)), gpNames: new Map() },
): TimelineData {
  const order = items.map((_, i) => i).sort((p, q) => {
    const a = items[p]!, b = items[q]!;
    return a.lane - b.lane || a.start - b.start || a.line - b.line;
  });
  const n = items.length;
  const it = emptyItems(n);
  const newIndex = new Int32Array(n);
  order.forEach((old, i) => {
    const p = items[old]!;
    newIndex[old] = i;
    it.start[i] = p.start; it.end[i] = p.end; it.line[i] = p.line; it.endLine[i] = p.endLine;
    it.lane[i] = p.lane; it.kind[i] = p.kind; it.flags[i] = p.flags; it.ref[i] = p.ref; it.note[i] = p.note;
  });
  const laneOffsets = new Int32Array(lanes.length + 1);
  for (let i = 0; i < n; i++) laneOffsets[it.lane[i]! + 1]!++;
  for (let l = 0; l < lanes.length; l++) laneOffsets[l + 1]! += laneOffsets[l]!;

  bands.sort((p, q) => p.start - q.start);
  const b: TimelineBands = {
    count: bands.length, start: Float64Array.from(bands, (x) => x.start), end: Float64Array.from(bands, (x) => x.end),
    phase: Uint8Array.from(bands, (x) => x.phase), line: Int32Array.from(bands, (x) => x.line), endLine: Int32Array.from(bands, (x) => x.endLine),
  };
  const l: TimelineLinks = {
    count: links.length, from: Int32Array.from(links, (x) => newIndex[x.from]!), to: Int32Array.from(links, (x) => newIndex[x.to]!),
    kind: Uint8Array.from(links, (x) => x.kind),
  };
  const gpNamesOut: Record<number, { name: string; caption: string }> = {};
  for (const [old, v] of named.gpNames) gpNamesOut[newIndex[old]!] = v;
  return { version: 1, selection, runs, axis, extent: extentOf(it, b), lanes, laneOffsets, items: it, bands: b, links: l, notes, phases: named.phases, words: named.words, gpNames: gpNamesOut };
}

/** A timeline with nothing in it (no analysis yet). */
export function emptyTimeline(label: string): TimelineData {
  return pack('boot:0', [{ key: 'boot:0', label }], { mode: 'line', origin: 0 }, [], [], [], [], []);
}

/** Zero-filled item columns for n items (also used by synthetic data in the benchmark). */
export function emptyItems(n: number): TimelineItems {
  return {
    count: n, start: new Float64Array(n), end: new Float64Array(n), line: new Int32Array(n), endLine: new Int32Array(n),
    lane: new Uint16Array(n), kind: new Uint8Array(n), flags: new Uint8Array(n), ref: new Float64Array(n), note: new Int32Array(n).fill(-1),
  };
}

/** min < max always, so a view of it has a width. */
export function extentOf(items: TimelineItems, bands: TimelineBands): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < items.count; i++) { min = Math.min(min, items.start[i]!); max = Math.max(max, items.end[i]!); }
  for (let i = 0; i < bands.count; i++) { min = Math.min(min, bands.start[i]!); max = Math.max(max, bands.end[i]!); }
  if (!Number.isFinite(min)) return { min: 0, max: 1 };
  if (max - min < 1e-9) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * The item the editor cursor is on: the narrowest item that starts on the line, else the
 * narrowest that ends on it, else the narrowest whose lines enclose it; -1 for none. On the line
 * that ends a grace period and starts the updater's work, that is the work (starting).
 * Linear: fine for cursor moves.
 */
export function findItemAtLine(d: TimelineData, line: number): number {
  return itemAtLine(d.items.count, (i) => d.items.line[i]!, (i) => d.items.endLine[i]!, line, () => true);
}

function itemAtLine(n: number, first: (i: number) => number, last: (i: number) => number, line: number, ok: (i: number) => boolean): number {
  const best = [-1, -1, -1], span = [Infinity, Infinity, Infinity];
  for (let i = 0; i < n; i++) {
    const a = first(i), b = last(i);
    if (line < a || line > b || !ok(i)) continue;
    const rank = line === a ? 0 : line === b ? 1 : 2;
    if (b - a < span[rank]!) { best[rank] = i; span[rank] = b - a; }
  }
  return best[0]! >= 0 ? best[0]! : best[1]! >= 0 ? best[1]! : best[2]!;
}

/** An x value as the axis shows it: `99.567 s`, `+12.500 s (01:22:04.500)`, `line 42`. */
export function formatX(axis: TimelineAxis, x: number, digits = 3): string {
  if (axis.mode === 'line') return `line ${Math.round(x)}`;
  if (axis.mode === 'time') return `${x.toFixed(digits)} s`;
  const clock = new Date((axis.origin + x) * 1000).toISOString().slice(11, 23);
  return `+${x.toFixed(digits)} s (${clock})`;
}

/** The axis title. */
export function axisTitle(axis: TimelineAxis): string {
  if (axis.mode === 'time') return 'seconds since boot';
  if (axis.mode === 'line') return 'line number (the log has no timestamps)';
  return `seconds since ${new Date(axis.origin * 1000).toISOString().replace('T', ' ').slice(0, 19)} (wall clock)`;
}

function linesText(a: number, b: number): string {
  return a === b ? `line ${a}` : `lines ${a}–${b}`;
}

/** Short name of an item, e.g. `grace period 1`, `reader, quick path`. */
export function itemName(d: TimelineData, i: number): string {
  const kind = d.items.kind[i]!;
  if (kind === ItemKind.GracePeriod) return d.gpNames[i]?.name ?? `grace period ${d.items.ref[i]}`;
  if (kind === ItemKind.KernelGp) return `kernel grace period ${d.items.ref[i]}`;
  if (kind === ItemKind.Spawn) { const n = d.items.note[i]!; return n >= 0 ? d.notes[n]! : 'start'; }
  return d.words.kinds[kind] ?? 'item';
}

/** Short text drawn inside a bar when it is wide enough. */
export function barCaption(d: TimelineData, i: number): string {
  const kind = d.items.kind[i]!, ref = d.items.ref[i]!;
  switch (kind) {
    case ItemKind.GracePeriod: return d.gpNames[i]?.caption ?? `GP${ref}`;
    case ItemKind.KernelGp: return `gp ${ref}`;
    case ItemKind.KernelReader: return `preempted (pid ${ref})`;
    default: return d.words.captions[kind] ?? '';
  }
}

/**
 * One line that says what an item is, for screen readers, tooltips and SVG titles:
 * `reader1 reader, quick path, lines 605–616, 99.567 s to 159.569 s`. Plain text (escape to embed).
 */
export function itemLabel(d: TimelineData, i: number): string {
  const it = d.items;
  const lane = d.lanes[it.lane[i]!]?.name ?? '';
  const flags = it.flags[i]!;
  const parts = [`${lane} ${itemName(d, i)}`, linesText(it.line[i]!, it.endLine[i]!)];
  const approx = flags & ItemFlag.Approx ? 'about ' : '';
  if (isPointKind(it.kind[i]!)) parts.push(`${approx}${formatX(d.axis, it.start[i]!)}`);
  else {
    let span = `${approx}${formatX(d.axis, it.start[i]!)} to ${formatX(d.axis, it.end[i]!)}`;
    if (d.axis.mode !== 'line') span += `, ${(it.end[i]! - it.start[i]!).toFixed(3)} s`;
    parts.push(span);
  }
  if (flags & ItemFlag.OpenEnd) parts.push('never ends in the log');
  if (flags & ItemFlag.OpenStart) parts.push('its first line is missing');
  if (flags & ItemFlag.Flagged && it.kind[i] !== ItemKind.Violation) parts.push('involved in a violation');
  return parts.join(', ');
}

/** The name a phase band is shown with (the strip under the axis). */
export function bandName(d: TimelineData, b: number): string {
  return d.phases[d.bands.phase[b]!]?.label ?? '?';
}

/** A phase band's label: `phase normal, lines 615–616`. */
export function bandLabel(d: TimelineData, b: number): string {
  return `phase ${bandName(d, b)}, ${linesText(d.bands.line[b]!, d.bands.endLine[b]!)}`;
}

// ---------------------------------------------------------------------------------------------
// The kernel's own RCU on the timeline, beyond its grace periods and preempted readers
// (above): each CPU's quiescent state (`cpuqs`) on a quiescent-state lane per flavour, the
// report that completed each grace period (linked from it), each preempted reader's
// rcu_read_unlock() on the reader's lane, and callbacks from call_rcu() to their invocation on a
// lane per queueing CPU. Callbacks can be tens of thousands: they are plain bars, so the level of
// detail (lod.ts) draws a dense lane per pixel column, not per callback; their tooltip texts are
// one note per function.

interface KernelItemsBuilder {
  at: (line: number, time: number | null) => { x: number; approx: boolean };
  laneFor: (name: string, role: LaneRole) => number;
  push: (p: Omit<ProtoItem, 'ref' | 'note'> & { ref?: number; note?: number }) => number;
  noteOf: (text: string) => number;
  /** The lane of an item already pushed. */
  laneOf: (item: number) => number;
  links: { from: number; to: number; kind: number }[];
}

function gpName(g: KernelGracePeriod): string {
  return `${g.expedited ? 'expedited ' : ''}grace period ${g.gpSeq ?? '?'} (${g.flavour})`;
}

function kernelTimelineItems(
  a: Analysis, scope: Scope, kgps: readonly { g: KernelGracePeriod; i: number }[],
  readerItems: ReadonlyMap<KernelPreemptedReader, number>, gpItems: ReadonlyMap<number, number>, b: KernelItemsBuilder,
): void {
  const { at, laneFor, push, noteOf, links, laneOf } = b;
  for (const { g, i } of kgps) {
    if (!g.cpuQs.length && !g.lastReport) continue;
    const lane = laneFor(`${g.flavour} quiescent states`, 'kernel');
    for (const q of g.cpuQs) {
      const p = at(q.line, q.time);
      push({
        start: p.x, end: p.x, line: q.line, endLine: q.line, lane, kind: ItemKind.KernelQs, flags: p.approx ? ItemFlag.Approx : 0, ref: q.cpu,
        note: noteOf(`CPU ${q.cpu} passed through a quiescent state (rcu_grace_period cpuqs) for ${gpName(g)}`),
      });
    }
    const l = g.lastReport;
    if (l) {
      const p = at(l.line, l.time);
      const who = l.kind === 'task'
        ? `the preempted reader ${l.task ?? ''}${l.pid !== null ? ` (pid ${l.pid})` : ''} leaving its read-side critical section`
        : l.kind === 'fqs' ? `CPU ${l.cpus.join(', ')}, through a force-quiescent-state scan (idle or offline)` : `CPU ${l.cpus.join(', ')}`;
      const qi = push({
        start: p.x, end: p.x, line: l.line, endLine: l.line, lane, kind: ItemKind.KernelQsLast, flags: p.approx ? ItemFlag.Approx : 0,
        ref: l.cpus[0] ?? -1, note: noteOf(`last quiescent state of ${gpName(g)}: ${who}; the grace period could end`),
      });
      const gi = gpItems.get(i);
      if (gi !== undefined) links.push({ from: gi, to: qi, kind: LinkKind.LastQs });
    }
  }
  for (const [r, ri] of readerItems) {
    if (r.endLine === null) continue;
    const p = at(r.endLine, r.endTime);
    const held = r.blocked !== null ? `; ${gpName(a.kernel.gracePeriods[r.blocked]!)} no longer waited for it` : '';
    push({
      start: p.x, end: p.x, line: r.endLine, endLine: r.endLine, lane: laneOf(ri), kind: ItemKind.KernelUnlock, flags: p.approx ? ItemFlag.Approx : 0,
      ref: r.pid, note: noteOf(`${r.task ?? 'pid'} (pid ${r.pid}) left its read-side critical section (rcu_unlock_preempted_task)${held}`),
    });
  }
  const spans = a.kernel.callbacks.spans ?? [];
  const funcNote = new Map<string, number>();
  for (const c of spans) {
    if (c.boot !== scope.boot || !scope.covers(c.queueLine)) continue;
    const s = at(c.queueLine, c.queueTime), e = at(c.invokeLine, c.invokeTime);
    let note = funcNote.get(c.func);
    if (note === undefined) { note = noteOf(`${c.func}: queued by call_rcu() (rcu_callback), invoked after a grace period (rcu_invoke_callback)`); funcNote.set(c.func, note); }
    push({
      start: s.x, end: Math.max(s.x, e.x), line: c.queueLine, endLine: c.invokeLine, lane: laneFor(`callbacks CPU ${c.cpu}`, 'kernel'),
      kind: ItemKind.Callback, flags: s.approx || e.approx ? ItemFlag.Approx : 0, ref: c.invokeCpu, note,
    });
  }
}
