// The shape of a pattern's words for views (ViewWords): what hovers, decorations, the outline, the
// status bar, the timeline and the reports call a run's phases, readers' paths, grace periods,
// labelled work, events and rules. Plain data; a leaf module (the seed's words in
// patterns/phased-state-change/words.ts and the generic ones in words.ts both fill it in).

export interface EventMeaning {
  /** Short title, e.g. "reader enters its critical section". */
  title: string;
  /** What the task is doing, in RCU terms (one or two sentences, Markdown). */
  meaning: string;
  /** The module's code this line is printed from, when the pattern knows it. */
  code?: string;
  doc: string;
}

export interface PhaseMeaning {
  title: string;
  meaning: string;
}

export interface RuleMeaning {
  title: string;
  /** Why RCU (or the pattern) forbids it. */
  why: string;
  doc: string;
}

export interface PhaseWords extends PhaseMeaning {
  name: string;
  /** The editor's label where the phase starts; `{run}` is the run's number, `{waits}` the readers
   * grace period `gp` waited for. */
  tag: string;
  gp?: number;
}

export interface GpWords {
  /** `synchronize_rcu() #1` */
  label: string;
  /** `GP` and the index: in tables and bar captions */
  short: string;
  /** The messages around the call, when the pattern prints fixed ones: [before the call, after the return]. */
  lines: [string, string] | null;
  /** The rule that checks its guarantee. */
  rule: string;
}

export interface ViewWords {
  pattern: string;
  reader: string;
  updater: string;
  object: string;
  /** The declared phases, in order: a phase's position picks its colour (the four phase theme
   * colours in turn: the seed's are unchanged). */
  phases: PhaseWords[];
  /** Reader paths (the labels of critical sections) in colour order: the first gets the quick
   * reader's colour, the second the careful reader's. */
  paths: { name: string; label: string }[];
  /** The updater's labelled work (the seed's has one) and the updater steps that begin and end it. */
  work: { label: string; begin: string; end: string; beginMessage?: string } | null;
  /** Grace periods by index − 1 when the pattern names them; otherwise GracePeriod.label says. */
  gps: GpWords[];
  events: Record<string, EventMeaning>;
  rules: Record<string, RuleMeaning>;
}
