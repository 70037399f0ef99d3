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
