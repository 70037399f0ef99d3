// The format registry: detection (which format a file is in) and the per-line parser that tries
// the file's format first and the others after it, so mixed input (a console with interleaved
// non-kernel text, a kern.log with a stray line) still yields a record for every line.

import type { FormatId } from '../../model';
import { type Head, type LineFormat, type ParseState, Flag, newHead, newParseState, resetHead } from './head';
import { kmsg } from './kmsg';
import { journalMonotonic } from './journalMonotonic';
import { dmesg } from './dmesg';
import { dmesgCtime } from './dmesgCtime';
import { dmesgIso } from './dmesgIso';
import { syslogIso } from './syslogIso';
import { syslog } from './syslog';
import { aslSyslog } from './aslSyslog';
import { dmesgDecoded } from './dmesgDecoded';
import { dmesgRaw } from './dmesgRaw';
import { ftrace } from './ftrace';
import { ftraceDump } from './ftraceDump';
import { consoleFormat } from './console';
import { afterKernel } from './afterKernel';

/**
 * Every known line format, most specific first: detection breaks ties in this order, and a line
 * the file's own format does not take is offered to these in turn. journal-monotonic comes before
 * dmesg (same stamp, stricter tail); console comes last (it takes what nothing else did).
 */
const FORMATS: readonly LineFormat[] = [
  kmsg, journalMonotonic, dmesg, dmesgCtime, dmesgIso, syslogIso, syslog, aslSyslog, dmesgDecoded,
  dmesgRaw, ftrace, ftraceDump, consoleFormat,
];

/** Format ids in tie-break order. */
const ORDER: FormatId[] = [];
const byId = new Map<FormatId, LineFormat>();
for (const f of FORMATS) {
  for (const id of [f.id, ...(f.ids ?? [])]) {
    if (byId.has(id)) continue;
    ORDER.push(id);
    // An alias gets its own object so parseLine can tell the file's format (st.primary) exactly.
    byId.set(id, id === f.id ? f : { id, parse: f.parse });
  }
}

/** Below this share of text lines, no format dominates: the file is a bare console. */
const CONSOLE_SHARE = 0.2;

/**
 * Pick the dominant format from a sample of lines (byte ranges into b; ~200 non-blank lines is
 * plenty). Each line is parsed as if the format were unknown and its format counted; the most
 * frequent wins. 'console' when text lines are there but no format reaches CONSOLE_SHARE of them
 * (logs without any timestamp); 'unknown' when there is no text at all (empty or binary).
 * The state argument is not modified (detection runs on a state of its own).
 */
export function detectFormat(b: Uint8Array, ranges: readonly (readonly [number, number])[], _st?: ParseState): FormatId {
  const h = newHead();
  const st = newParseState();
  const counts = new Map<FormatId, number>();
  let text = 0;
  for (const [s, e] of ranges) {
    parseLine(b, s, e, h, st, undefined);
    if (h.kind === 'blank' || (h.flags & Flag.Binary)) continue;
    text++;
    if (h.format === 'unknown' || h.format === 'console') continue;
    counts.set(h.format, (counts.get(h.format) ?? 0) + 1);
  }
  if (text === 0) return 'unknown';
  let best: FormatId = 'unknown', bestCount = 0;
  for (const id of ORDER) {
    const n = counts.get(id) ?? 0;
    if (n > bestCount) { best = id; bestCount = n; }
  }
  return bestCount >= text * CONSOLE_SHARE ? best : 'console';
}

/**
 * Parse one line into h: the primary format first, then the others; a line no format takes is
 * 'other' (or 'blank'). Never throws. The primary's id is recorded in st.primary (parsers use it
 * to settle lines that two formats could claim).
 */
export function parseLine(b: Uint8Array, start: number, end: number, h: Head, st: ParseState, primary: LineFormat | undefined): void {
  resetHead(h, start, end);
  st.primary = primary ? primary.id : 'unknown';
  if (start === end) {
    h.kind = 'blank';
  } else {
    let ok = false;
    // 'console' takes anything: it must come after every real format, never first.
    if (primary && primary.id !== 'console') ok = primary.parse(b, start, end, h, st);
    if (!ok) {
      for (let k = 0; k < FORMATS.length; k++) {
        const f = FORMATS[k]!;
        if (primary && f.parse === primary.parse && primary.id !== 'console') continue;
        resetHead(h, start, end);
        if (f.parse(b, start, end, h, st)) { ok = true; break; }
      }
      if (!ok) resetHead(h, start, end);
    }
    if (h.kind === 'kernel' && h.eventStart < 0) afterKernel(b, h, st);
    else if (h.kind !== 'trace') { st.inFtraceDump = false; st.dumpHeader = false; }
  }
  // Every dmesg-family id starts with 'd' and no other does: a cheap membership test per line.
  st.prevIndent = h.kind === 'kernel' && h.format.charCodeAt(0) === 100 ? h.msgStart - start
    : h.kind === 'continuation' ? st.prevIndent : -1;
  st.kmsgCont = h.format === 'kmsg';
}

export function formatById(id: FormatId): LineFormat | undefined {
  return byId.get(id);
}
