// The Stall record the collector makes. A console can print stall after stall for hours, and a
// bare report (a header and nothing the collector parses) is a few dozen bytes of log: its record
// must not be several times that (issue 14: peak memory ≤ 1.5 × the file, whatever it holds). So
// the fields most such reports leave null live in a side object made only when one is set, behind
// accessors that read null without it; to every reader (and to JSON, through toJSON, in the
// model's field order) it is the plain Stall of model.ts.

import type { Stall, StallCpu, StallFrame, StallKind } from '../model';

/** Fields a bare report leaves null: a report's summary line, GP state and kthread lines set them. */
interface More {
  detectedBy: number | null;
  t: number | null;
  g: number | null;
  c: number | null;
  q: number | null;
  ncpus: number | null;
  gpsBehind: number | null;
  fqs: number | null;
  idle: string | null;
  starvedJiffies: number | null;
  gpState: string | null;
  timerWakeupJiffies: number | null;
  lastActivity: number | null;
}

function more(): More {
  return {
    detectedBy: null, t: null, g: null, c: null, q: null, ncpus: null, gpsBehind: null, fqs: null, idle: null,
    starvedJiffies: null, gpState: null, timerWakeupJiffies: null, lastActivity: null,
  };
}

export class StallRecord implements Stall {
  culprit: StallFrame | null = null;
  frames: StallFrame[];
  expeditedJiffies: number | null = null;
  title: string | undefined = undefined;
  declare openReaders?: { run: number; reader: number; task: string }[];
  declare openReaderCount?: number;
  /** The rarely set fields (see above), null until one is. */
  more: More | null = null;

  constructor(
    public line: number,
    public endLine: number,
    public boot: number,
    public time: number | null,
    public flavor: string,
    public kinds: StallKind[],
    public cpus: StallCpu[],
    public tasks: string[],
    none: StallFrame[],
  ) {
    this.frames = none;
  }

  get detectedBy(): number | null { return this.more === null ? null : this.more.detectedBy; }
  set detectedBy(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).detectedBy = v; }
  get t(): number | null { return this.more === null ? null : this.more.t; }
  set t(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).t = v; }
  get g(): number | null { return this.more === null ? null : this.more.g; }
  set g(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).g = v; }
  get c(): number | null { return this.more === null ? null : this.more.c; }
  set c(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).c = v; }
  get q(): number | null { return this.more === null ? null : this.more.q; }
  set q(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).q = v; }
  get ncpus(): number | null { return this.more === null ? null : this.more.ncpus; }
  set ncpus(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).ncpus = v; }
  get gpsBehind(): number | null { return this.more === null ? null : this.more.gpsBehind; }
  set gpsBehind(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).gpsBehind = v; }
  get fqs(): number | null { return this.more === null ? null : this.more.fqs; }
  set fqs(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).fqs = v; }
  get idle(): string | null { return this.more === null ? null : this.more.idle; }
  set idle(v: string | null) { if (v !== null || this.more !== null) (this.more ??= more()).idle = v; }
  get starvedJiffies(): number | null { return this.more === null ? null : this.more.starvedJiffies; }
  set starvedJiffies(v: number | null) { if (v !== null || this.more !== null) (this.more ??= more()).starvedJiffies = v; }
  get gpState(): string | null { return this.more === null ? null : this.more.gpState; }
  set gpState(v: string | null | undefined) { if (v != null || this.more !== null) (this.more ??= more()).gpState = v ?? null; }
  get timerWakeupJiffies(): number | null { return this.more === null ? null : this.more.timerWakeupJiffies; }
  set timerWakeupJiffies(v: number | null | undefined) { if (v != null || this.more !== null) (this.more ??= more()).timerWakeupJiffies = v ?? null; }
  get lastActivity(): number | null { return this.more === null ? null : this.more.lastActivity; }
  set lastActivity(v: number | null | undefined) { if (v != null || this.more !== null) (this.more ??= more()).lastActivity = v ?? null; }

  /** The plain Stall, in model.ts's field order (what `analyze --json` has always printed). */
  toJSON(): Stall {
    const s: Stall = {
      line: this.line, endLine: this.endLine, boot: this.boot, time: this.time, flavor: this.flavor, kinds: this.kinds,
      cpus: this.cpus, tasks: this.tasks, detectedBy: this.detectedBy, t: this.t, g: this.g, c: this.c, q: this.q,
      ncpus: this.ncpus, gpsBehind: this.gpsBehind, fqs: this.fqs, idle: this.idle, starvedJiffies: this.starvedJiffies,
      expeditedJiffies: this.expeditedJiffies, culprit: this.culprit, frames: this.frames, gpState: this.gpState,
      timerWakeupJiffies: this.timerWakeupJiffies, lastActivity: this.lastActivity, title: this.title,
    };
    if (this.openReaders !== undefined) s.openReaders = this.openReaders;
    if (this.openReaderCount !== undefined) s.openReaderCount = this.openReaderCount;
    return s;
  }
}

/** What bare reports share: a storm prints the same few headers over and over. */
export interface BareHeader {
  readonly flavor: string;
  readonly kinds: StallKind[];
  /** The header's `{ }` list (expedited): CPUs with their flags, and tasks. */
  readonly cpus: readonly { cpu: number; flags: string | null }[];
  readonly tasks: string[];
}

/**
 * A bare report: a stall header and nothing the collector took after it (a storm's reports,
 * hundreds of thousands of them). Only its line, boot, time and jiffies are its own; the rest
 * comes from its shared BareHeader or is null, read through accessors, so that each costs a few
 * dozen bytes and no garbage collection to speak of. To every reader (and to JSON, in the model's
 * field order) it is the StallRecord it stands for: the collector makes one only for a record
 * isBare() clears, or for the calls that would close such a record.
 */
export class BareStall implements Stall {
  declare openReaders?: { run: number; reader: number; task: string }[];
  declare openReaderCount?: number;

  constructor(
    public line: number,
    public boot: number,
    public time: number | null,
    public expeditedJiffies: number | null,
    readonly header: BareHeader,
  ) {}

  get endLine(): number { return this.line; }
  get flavor(): string { return this.header.flavor; }
  get kinds(): StallKind[] { return this.header.kinds; }
  /** A list made at each call (each CPU names the report's line). */
  get cpus(): StallCpu[] {
    const l = this.header.cpus;
    if (l.length === 0) return NONE;
    const line = this.line;
    return l.map((c) => ({ cpu: c.cpu, gpsBehind: null, ticksThisGp: null, idle: null, fqs: null, softirq: null, line, flags: c.flags }));
  }
  get tasks(): string[] { return this.header.tasks; }
  get detectedBy(): null { return null; }
  get t(): null { return null; }
  get g(): null { return null; }
  get c(): null { return null; }
  get q(): null { return null; }
  get ncpus(): null { return null; }
  get gpsBehind(): null { return null; }
  get fqs(): null { return null; }
  get idle(): null { return null; }
  get starvedJiffies(): null { return null; }
  get culprit(): null { return null; }
  get frames(): StallFrame[] { return NONE; }
  get gpState(): null { return null; }
  get timerWakeupJiffies(): null { return null; }
  get lastActivity(): null { return null; }
  get title(): string { return BARE_TITLE; }

  toJSON(): Stall {
    const s: Stall = {
      line: this.line, endLine: this.line, boot: this.boot, time: this.time, flavor: this.flavor, kinds: this.kinds,
      cpus: this.cpus, tasks: this.tasks, detectedBy: null, t: null, g: null, c: null, q: null,
      ncpus: null, gpsBehind: null, fqs: null, idle: null, starvedJiffies: null,
      expeditedJiffies: this.expeditedJiffies, culprit: null, frames: NONE, gpState: null,
      timerWakeupJiffies: null, lastActivity: null, title: BARE_TITLE,
    };
    if (this.openReaders !== undefined) s.openReaders = this.openReaders;
    if (this.openReaderCount !== undefined) s.openReaderCount = this.openReaderCount;
    return s;
  }
}

const NONE = Object.freeze([]) as unknown as never[];
/** The title of a report whose title readers were given no line to read (title.ts). */
export const BARE_TITLE = 'INFO: rcu detected stall';

/** The record says nothing a BareStall cannot: a header, its `{ }` list and its jiffies, no line
 * after it (the collector then keeps it as a BareStall, equal to it field for field). */
export function isBare(st: StallRecord): boolean {
  if (st.endLine !== st.line || st.culprit !== null || st.frames.length !== 0 || st.title !== BARE_TITLE || st.kinds.length !== 1) return false;
  if (st.more !== null) {
    const m = st.more;
    if (m.detectedBy !== null || m.t !== null || m.g !== null || m.c !== null || m.q !== null || m.ncpus !== null || m.gpsBehind !== null
      || m.fqs !== null || m.idle !== null || m.starvedJiffies !== null || m.gpState !== null || m.timerWakeupJiffies !== null || m.lastActivity !== null) return false;
  }
  for (let i = 0; i < st.cpus.length; i++) {
    const c = st.cpus[i]!;
    if (c.gpsBehind !== null || c.ticksThisGp !== null || c.idle !== null || c.fqs !== null || c.softirq !== null || c.line !== st.line
      || c.flags === undefined || Object.keys(c).length !== 8) return false;
  }
  return true;
}

/** h says these parts (kinds: the collector's one shared list per kind, compared as such). */
export function sameParts(h: BareHeader, flavor: string, kinds: readonly StallKind[], cpus: readonly { cpu: number; flags?: string | null }[],
  tasks: readonly string[]): boolean {
  if (h.flavor !== flavor || h.kinds !== kinds || h.cpus.length !== cpus.length || h.tasks.length !== tasks.length) return false;
  for (let i = 0; i < cpus.length; i++) if (h.cpus[i]!.cpu !== cpus[i]!.cpu || h.cpus[i]!.flags !== cpus[i]!.flags) return false;
  for (let i = 0; i < tasks.length; i++) if (h.tasks[i] !== tasks[i]) return false;
  return true;
}
