// A pattern's declared "must not overlap" rule (patterns/schema.ts `rules`): a reader section with
// a given label must not overlap a work span with a given label (the seed's "a quick-path reader
// must not overlap its updater's labelled work"). Shared by the seed's checks.ts and the generic engine (rules.ts).
//
// An overlap counts only when lines printed inside the critical section show it (a begin printed
// before rcu_read_lock() does not: the reader may lock after the work is over):
//   began-before   inside before the work began, and its end line comes after that;
//   inside-during  the line that gave it its label printed while the work ran;
//   end-during     no label line (the label came with the end line), the end printed while the work ran.
// When the work's end line is missing but the updater went on past it, when the work ended is not in
// the log: only began-before proves an overlap. A missing line never makes a finding.

/** A section as the rule sees it. */
interface OverlapSection {
  task: string;
  label: string | null;
  insideLine: number | null;   // the first line that proves it inside
  labelLine: number | null;    // the line that gave the label, before the end (null: from the end line, or none)
  endLine: number | null;
}

interface OverlapWork {
  beginLine: number;
  endLine: number | null;
  /** The work's end is missing but the run went on past it (its end is not in the log). */
  endUnknown: boolean;
}

/** A declared must-not-overlap rule (patterns/schema.ts PatternRule), as the engines need it. */
export interface DeclaredOverlapRule extends OverlapTexts {
  id: string;
  reader: string;
  work: string;
}

export type OverlapCase = 'began-before' | 'inside-during' | 'end-during';

/** The rule's texts, in the pattern's words; placeholders as in fillOverlap. */
export interface OverlapTexts {
  message: string;
  messages?: Partial<Record<OverlapCase, string>>;
  related?: { workBegin?: string; readerInside?: string; readerEnd?: string; readerEndDuring?: string };
}

export const OVERLAP_PLACEHOLDERS = ['reader', 'label', 'work', 'readerLine', 'readerEnd', 'workBegin', 'workEnd'] as const;

const DEFAULT_OVERLAP_RELATED = {
  workBegin: '{work} begins',
  readerInside: '{reader} is inside its read-side critical section ({label})',
  readerEnd: '{reader} leaves its read-side critical section',
  readerEndDuring: '{reader} ends its read-side critical section ({label})',
};

interface OverlapFinding {
  case: OverlapCase;
  /** The finding's line: the reader's line inside the work, or the work's begin. */
  line: number;
  message: string;
  related: { line: number; message: string }[];
}

/** Does `s` (labelled `label`) overlap `w`? The finding with its texts filled, or null. */
export function overlapOf(s: OverlapSection, w: OverlapWork, workLabel: string, texts: OverlapTexts): OverlapFinding | null {
  const wb = w.beginLine;
  const we = w.endLine ?? Infinity;
  const endKnown = !w.endUnknown;
  const beganBefore = s.insideLine !== null && s.insideLine < wb && s.endLine !== null && s.endLine > wb;
  const insideDuring = endKnown && s.labelLine !== null && s.labelLine > wb && s.labelLine < we;
  const endDuring = endKnown && s.labelLine === null && s.endLine !== null && s.endLine > wb && s.endLine < we;
  if (!beganBefore && !insideDuring && !endDuring) return null;
  const c: OverlapCase = insideDuring ? 'inside-during' : endDuring ? 'end-during' : 'began-before';
  const seen = s.labelLine ?? s.endLine!;
  const vars: Record<string, string> = {
    reader: s.task, label: s.label ?? '', work: workLabel, readerLine: String(seen),
    readerEnd: s.endLine !== null ? String(s.endLine) : 'end of log', workBegin: String(wb),
    workEnd: w.endLine !== null ? String(w.endLine) : 'end of log',
  };
  const fill = (tpl: string) => fillOverlap(tpl, vars);
  const rel = { ...DEFAULT_OVERLAP_RELATED, ...texts.related };
  const message = fill(texts.messages?.[c] ?? texts.message);
  const related = c === 'end-during'
    ? [{ line: wb, message: fill(rel.workBegin) }, { line: seen, message: fill(rel.readerEndDuring) }]
    : [
      { line: seen, message: fill(rel.readerInside) },
      { line: wb, message: fill(rel.workBegin) },
      ...(s.endLine !== null ? [{ line: s.endLine, message: fill(rel.readerEnd) }] : []),
    ];
  return { case: c, line: c === 'began-before' ? wb : seen, message, related };
}

function fillOverlap(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
