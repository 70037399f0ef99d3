// The format registry: detection (which format a file is in) and the per-line parser that tries
// the file's format first and the others after it, so mixed input (a console with interleaved
// non-kernel text, a kern.log with a stray line) still yields a record for every line.

import type { FormatId } from '../model';
import { type Head, type LineFormat, type ParseState, resetHead } from './head';
import { dmesg } from './dmesg';

/** Every known line format, most specific first (detection breaks ties in this order). */
export const FORMATS: readonly LineFormat[] = [dmesg];

const byId = new Map<FormatId, LineFormat>(FORMATS.map((f) => [f.id, f]));

/**
 * Pick the dominant format from a sample of lines (byte ranges into b). The format that parses
 * the most lines wins; 'unknown' when none parses any.
 */
export function detectFormat(b: Uint8Array, ranges: readonly (readonly [number, number])[], st: ParseState): FormatId {
  const h = { } as Head;
  let best: FormatId = 'unknown', bestCount = 0;
  for (const f of FORMATS) {
    let count = 0;
    for (const [s, e] of ranges) {
      resetHead(h, s, e);
      if (f.parse(b, s, e, h, { ...st })) count++;
    }
    if (count > bestCount) { best = f.id; bestCount = count; }
  }
  return best;
}

/**
 * Parse one line into h: the primary format first, then the others; a line no format takes is
 * 'other' (or 'blank'). Never throws.
 */
export function parseLine(b: Uint8Array, start: number, end: number, h: Head, st: ParseState, primary: LineFormat | undefined): void {
  resetHead(h, start, end);
  if (start === end) { h.kind = 'blank'; return; }
  if (primary && primary.parse(b, start, end, h, st)) return;
  for (const f of FORMATS) {
    if (f === primary) continue;
    resetHead(h, start, end);
    if (f.parse(b, start, end, h, st)) return;
  }
  resetHead(h, start, end);
}

export function formatById(id: FormatId): LineFormat | undefined {
  return byId.get(id);
}
