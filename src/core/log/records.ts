// Records: a parsed Head turned into the plain LogRecord of the model, and readRecords(), which
// reads a whole (small) document into records: split, detect the format, parse every line, track
// boots, and say what was wrong with the input. Text is decoded here and only here: invalid UTF-8
// becomes U+FFFD (never an exception), ANSI escapes and CRs are dropped, rsyslog's `#011` octal
// escapes and /dev/kmsg's `\x09` hex escapes are turned back into the bytes they stand for.

import type { Boot, FormatId, LogRecord, TraceEvent, Warning } from '../model';
import { type Head, FACILITIES, Flag, newHead, newParseState } from './formats/head';
import { skipAnsi } from './formats/bytes';
import { detectFormat, formatById, parseLine } from './formats/index';
import { traceFields } from './formats/traceEvents';
import { LineSplitter } from './lines';
import { BootTracker, bootOf, isBootBanner } from './boots';
import { InputWarnings } from './inputWarnings';

const DECODER = new TextDecoder('utf-8', { fatal: false });

const ESC = 27, CR = 13, HASH = 35, BACKSLASH = 92;
const OCTAL_ESCAPED = new Set<FormatId>(['syslog', 'syslog-rfc3339', 'journal-short', 'journal-precise', 'journal-iso', 'journal-monotonic']);

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 55;
}

function hexVal(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Decode b[s, e) as a format's text: escapes dropped or undone as the format needs. Bytes are
 * copied only when something has to change.
 */
export function decodeText(b: Uint8Array, s: number, e: number, format: FormatId, dec: TextDecoder = DECODER): string {
  const seg = b.subarray(s, e);
  const octal = OCTAL_ESCAPED.has(format) && seg.indexOf(HASH) >= 0;
  const hex = format === 'kmsg' && seg.indexOf(BACKSLASH) >= 0;
  if (seg.indexOf(ESC) < 0 && seg.indexOf(CR) < 0 && !octal && !hex) return dec.decode(seg);
  const out = new Uint8Array(e - s);
  let n = 0;
  for (let i = s; i < e;) {
    const c = b[i]!;
    if (c === ESC) { i = skipAnsi(b, i, e); continue; }
    if (c === CR) { i++; continue; }
    if (octal && c === HASH && i + 3 < e && isOctal(b[i + 1]) && isOctal(b[i + 2]) && isOctal(b[i + 3])) {
      // rsyslog escapes control characters as `#` and three octal digits (`#011` is a tab).
      const v = (b[i + 1]! - 48) * 64 + (b[i + 2]! - 48) * 8 + (b[i + 3]! - 48);
      if (v < 32 || v === 127) { out[n++] = v; i += 4; continue; }
    }
    if (hex && c === BACKSLASH && i + 3 < e && b[i + 1] === 120) { // `\xNN`
      const hi = hexVal(b[i + 2]), lo = hexVal(b[i + 3]);
      if (hi >= 0 && lo >= 0) { out[n++] = hi * 16 + lo; i += 4; continue; }
    }
    out[n++] = c; i++;
  }
  return dec.decode(out.subarray(0, n));
}

/** The message text of a parsed line (see decodeText). */
export function messageText(h: Head, b: Uint8Array, dec: TextDecoder = DECODER): string {
  return decodeText(b, h.msgStart, h.msgEnd, h.format, dec);
}

/** UTF-16 length of b[s, e) decoded (what an editor counts as columns). */
function utf16Length(b: Uint8Array, s: number, e: number): number {
  for (let i = s; i < e; i++) if (b[i]! >= 0x80) return DECODER.decode(b.subarray(s, e)).length;
  return e - s;
}

/** The typed ftrace event of a trace (or ftrace `console`) record. */
function traceEvent(h: Head, b: Uint8Array): TraceEvent {
  if (h.eventStart < 0) return { event: '', args: messageText(h, b), fields: {} };
  const event = DECODER.decode(b.subarray(h.eventStart, h.eventEnd));
  let a = h.eventEnd + 1;
  while (a < h.msgEnd && (b[a] === 32 || b[a] === 9)) a++;
  const args = decodeText(b, a, h.msgEnd, h.format);
  return { event, args, fields: traceFields(event, args) };
}

/**
 * Turn the head of line `line` (bytes b[start, end), starting at byte `offset` of the input) into
 * its LogRecord. `start` is where the line's text begins (after a byte-order mark).
 */
export function toRecord(h: Head, b: Uint8Array, start: number, end: number, line: number, offset: number, boot: number): LogRecord {
  const blank = h.kind === 'blank';
  const msgStart = blank ? end : h.msgStart;
  const r: LogRecord = {
    line, offset, boot,
    kind: h.kind,
    format: h.format,
    time: h.time === h.time ? h.time : null,
    wallclock: h.wall === h.wall ? h.wall : null,
    level: h.level >= 0 ? h.level : null,
    facility: h.facility >= 0 && h.facility < FACILITIES.length ? FACILITIES[h.facility]! : null,
    caller: h.callerKind ? `${String.fromCharCode(h.callerKind)}${h.callerId}` : null,
    task: h.taskStart >= 0 ? DECODER.decode(b.subarray(h.taskStart, h.taskEnd)) : null,
    pid: h.pid >= 0 ? h.pid : null,
    cpu: h.cpu >= 0 ? h.cpu : null,
    text: blank ? '' : messageText(h, b),
    column: utf16Length(b, start, msgStart),
  };
  if (h.kind === 'trace' || h.eventStart >= 0) r.trace = traceEvent(h, b);
  // Parsers flag colour codes only in the prefix (they read no further); the text says the rest.
  let flags = h.flags;
  if (!blank && !(flags & Flag.Ansi) && b.subarray(msgStart, h.msgEnd).indexOf(ESC) >= 0) flags |= Flag.Ansi;
  if (flags) r.flags = flags;
  if (h.flags & Flag.Lost) r.lost = h.lost;
  return r;
}

interface ReadOptions {
  /** Longest line kept, in bytes (longer lines are cut; default 64 KiB, the splitter's). */
  maxLine?: number;
  /** Non-blank lines looked at to detect the format (default 200). */
  sampleLines?: number;
  /** Force a format instead of detecting one. */
  format?: FormatId;
}

export interface ReadResult {
  format: FormatId;
  records: LogRecord[];
  boots: Boot[];
  warnings: Warning[];
}

/**
 * Read a whole document into records, one per line (none is dropped): the format is detected from
 * the first non-blank lines, every line is parsed, boots are tracked, and what was wrong with the
 * input (binary junk, cut lines, a cut-off end, broken timestamps, lost messages) is warned about.
 * Never throws on any input.
 */
export function readRecords(input: Uint8Array | string, opts: ReadOptions = {}): ReadResult {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  // The input is one buffer, so every line is bytes[offset, offset + kept): no copies.
  const offsets: number[] = [], kept: number[] = [], lengths: number[] = [];
  const splitter = new LineSplitter({
    line(_b, s, e, _no, offset, length) { offsets.push(offset); kept.push(e - s); lengths.push(length); },
  }, opts.maxLine ? { maxLine: opts.maxLine } : {});
  splitter.push(bytes);
  splitter.end();
  const n = offsets.length;
  const bom = n > 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const startOf = (k: number): number => offsets[k]! + (k === 0 ? Math.min(bom, kept[0]!) : 0);

  let format = opts.format;
  if (!format) {
    const sample: [number, number][] = [];
    const want = opts.sampleLines ?? 200;
    for (let k = 0; k < n && sample.length < want; k++) {
      if (kept[k]! > 0) sample.push([startOf(k), offsets[k]! + kept[k]!]);
    }
    format = detectFormat(bytes, sample);
  }
  const primary = formatById(format);

  const st = newParseState();
  const h = newHead();
  const boots = new BootTracker();
  boots.start(1);
  const warnings = new InputWarnings(messageText);
  const records: LogRecord[] = new Array<LogRecord>(n);
  for (let k = 0; k < n; k++) {
    const line = k + 1, s = startOf(k), e = offsets[k]! + kept[k]!;
    parseLine(bytes, s, e, h, st, primary);
    if (h.flags & Flag.BootMarker) boots.marker(line);
    boots.time(line, h.time, h.kind);
    const r = toRecord(h, bytes, s, e, line, offsets[k]!, 0);
    if (r.kind === 'kernel' && isBootBanner(r.text)) boots.banner(line, h.time, r.text);
    r.boot = boots.index;
    records[k] = r;

    warnings.line(h, line, kept[k]!, lengths[k]!, bytes);
  }
  const bootList = boots.finish(n);
  if (bootList.length > 1) for (const r of records) r.boot = bootOf(bootList, r.line);
  return { format, records, boots: bootList, warnings: warnings.finish(n, splitter.unterminated) };
}
