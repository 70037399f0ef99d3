// A pattern's declared phases (patterns/schema.ts `phases`) laid over one run: each span phase
// begins at the first line of its `from` event and lasts until the next phase begins; the phase
// without `from`/`to` (the pattern's "outside", the seed's normal) holds the lines before the
// first span and resumes after a span's `to` line unless another span begins on that very line
// (adjacent spans: a grace period's span ends where the work's begins). A missing line merges its phase into the one
// before it; marks out of line order are dropped (a step out of order is a warning elsewhere, not
// a negative phase). The seed's phases.ts and the generic engine (rcu/rules.ts) both use this.

/** A phase as a pattern declares it (the part the bounds need). */
export interface DeclaredPhase {
  name: string;
  label?: string;
  from?: string;
  to?: string;
}

interface PhaseSpan {
  name: string;
  label: string | null;
  startLine: number;
  endLine: number;       // inclusive
  /** The line whose time is its start: its first line, or for the outside phase resumed after a
   * span, that span's `to` line (the next line may come minutes later). */
  timeLine: number;
}

/**
 * The phases of a run from `startLine` to `endLine`. `lineOf(id)` is the first line of the
 * pattern's event with that id in the run, or null. End times are the caller's: a phase lasts
 * until the next one starts.
 */
export function declaredPhases(phases: readonly DeclaredPhase[], lineOf: (id: string) => number | null, startLine: number, endLine: number): PhaseSpan[] {
  const outside = phases.find((p) => p.from === undefined) ?? null;
  const spans = phases.filter((p) => p.from !== undefined);
  const marks: { p: DeclaredPhase; line: number }[] = [];
  const resumedAfter = new Set<number>();
  if (outside) marks.push({ p: outside, line: startLine });
  const starts = new Set(spans.map((s) => lineOf(s.from!)).filter((l): l is number => l !== null));
  for (const s of spans) {
    const f = lineOf(s.from!);
    if (f !== null) marks.push({ p: s, line: f });
    const t = s.to !== undefined ? lineOf(s.to) : null;
    if (outside && t !== null && !starts.has(t) && t < endLine) {
      marks.push({ p: outside, line: t + 1 });
      resumedAfter.add(t);
    }
  }
  const ordered = marks.filter((m, i) => i === 0 || m.line > marks[i - 1]!.line);
  const out: PhaseSpan[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const { p, line } = ordered[i]!;
    const end = i + 1 < ordered.length ? ordered[i + 1]!.line - 1 : endLine;
    if (end < line) continue;
    out.push({ name: p.name, label: p.label ?? null, startLine: line, endLine: end, timeLine: resumedAfter.has(line - 1) ? line - 1 : line });
  }
  return out;
}
