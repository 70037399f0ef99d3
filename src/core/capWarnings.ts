// Warnings capped per kind, as violations are per rule (capViolations.ts): the first
// MAX_WARNINGS_PER_KIND of a kind are listed, then one summary "and 99,950 more like it (lines
// a–b): a reader never ends" counts the rest (`omitted`) and spans them (`line`, `lastLine`).
// Each producer counts its own with a WarningCap, so a message is made only for a warning that is
// listed (a line repeated a million times builds 50); analyze.ts then caps the whole list once
// more by kind (capWarnings), since several producers (runs, per-run checks, each pattern, the
// kernel's splats) may give warnings of one kind.

import type { Warning } from './model';
import { CapCounts, capPerKey, lineSpan } from './capViolations';

/** Warnings of one kind beyond this many are summed up in one. */
export const MAX_WARNINGS_PER_KIND = 50;

/** The summary of n warnings of `kind` on lines first..last. */
function warningSummary(kind: string, n: number, first: number, last: number): Warning {
  return {
    line: first, kind, omitted: n, ...(last !== first ? { lastLine: last } : {}),
    message: `and ${n.toLocaleString('en')} more like it (${lineSpan(first, last)}), not listed one by one: ${kind}`,
  };
}

/** A producer's warnings, counted by kind: the first `max` listed, the rest counted with their span. */
export class WarningCap {
  private readonly counts: CapCounts;

  constructor(readonly list: Warning[] = [], max = MAX_WARNINGS_PER_KIND) {
    this.counts = new CapCounts(max);
  }

  /** A warning of `kind` at `line`; `message` is called only when it is listed. */
  add(kind: string, line: number, message: string | (() => string)): void {
    if (this.counts.listed(kind, line)) this.list.push({ line, kind, message: typeof message === 'string' ? message : message() });
  }

  /** How many more of `kind` would be listed. */
  room(kind: string): number {
    return this.counts.room(kind);
  }

  /** n more warnings of `kind` at `line`, only counted: as n calls of add() once room(kind) is 0. */
  addCounted(kind: string, line: number, n: number): void {
    this.counts.counted(kind, line, 0, n);
  }

  /** The list, with one summary per kind past the cap appended (call once, at the end). */
  finish(): Warning[] {
    for (const o of this.counts.over()) this.list.push(warningSummary(o.key, o.n, o.first, o.last));
    return this.list;
  }
}

/** Warnings in line order → the first `max` of each kind, then per kind one summary of the rest
 * (merging the producers' summaries), in line order. Warnings with no kind pass as they are. */
export function capWarnings(ws: readonly Warning[], max = MAX_WARNINGS_PER_KIND): Warning[] {
  return capPerKey(ws, max, {
    key: (w) => w.kind,
    isSummary: (w) => w.omitted !== undefined,
    weight: (w) => w.omitted ?? 1,
    lastLine: (w) => w.lastLine ?? w.line,
    sum: (first, n, from, to) => warningSummary(first.kind!, n, from, to),
  });
}

/** How many warnings an analysis gave, the summed-up ones included. */
export function warningCount(ws: readonly Warning[]): number {
  let n = 0;
  for (const w of ws) n += w.omitted ?? 1;
  return n;
}
