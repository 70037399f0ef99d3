// Stall hovers come from the stalls module (src/core/stalls/explain.ts): a summary of the whole
// report, and the meaning of the field under the cursor with this report's value.
import { explainField, explainStall, stallFieldAt } from '../core/stalls/explain';
import type { Stall } from '../core/model';

export type StallExplainer = (s: Stall) => string;

export const stallExplainer: StallExplainer = explainStall;

/** The field under a column of a stall-report line, as hover Markdown with its column range. */
export function stallFieldHover(lineText: string, column: number): { markdown: string; start: number; end: number } | null {
  const hit = stallFieldAt(lineText, column);
  return hit ? { markdown: explainField(hit), start: hit.start, end: hit.end } : null;
}
