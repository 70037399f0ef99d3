// The line head: what a format parser reads off the front of one line, in bytes.
//
// Parsers work on the raw bytes of a line (Uint8Array, start, end) and fill a reused Head: no
// string is made and nothing is allocated for a line unless the analysis later needs its text.
// That is what lets a 100 MB log go through at close to the speed of scanning its newlines.
// Numbers use NaN / -1 for "absent" (cheaper than null in a hot loop); toRecord() turns a Head
// into the plain LogRecord of the model.

import type { FormatId, RecordKind } from '../../model';

export const enum Flag {
  None = 0,
  /** The line had ANSI escape sequences (colour codes) that the text must drop. */
  Ansi = 1,
  /** Kernel text was found after non-kernel text on the same line (serial console glue). */
  Glued = 2,
  /** The timestamp was there but broken/truncated. */
  BadTime = 4,
  /** The line is binary junk (NUL or many control bytes). */
  Binary = 8,
  /** A boot marker that is not a kernel banner (journalctl's `-- Boot <id> --`, `-- Reboot --`). */
  BootMarker = 16,
  /** The line reports lost messages (kmsg sequence gap, `** N printk messages dropped **`). */
  Lost = 32,
  /** The kernel text came after a raw printk level prefix (`<3>`) or a `<c>` continuation marker. */
  RawLevel = 64,
}

export interface Head {
  kind: RecordKind;
  format: FormatId;
  time: number;        // seconds since boot; NaN when absent
  wall: number;        // seconds since the epoch; NaN when absent
  level: number;       // 0..7; -1 when absent
  facility: number;    // index into FACILITIES; -1 when absent
  callerKind: number;  // 0 none, 84 'T' (thread), 67 'C' (CPU)
  callerId: number;    // -1 when absent
  taskStart: number;   // ftrace task name byte range; -1 when absent
  taskEnd: number;
  pid: number;         // ftrace pid; -1 when absent
  cpu: number;         // ftrace CPU; -1 when absent
  eventStart: number;  // ftrace event name byte range; -1 when absent
  eventEnd: number;
  msgStart: number;    // message byte range (for ftrace: the event's arguments)
  msgEnd: number;
  flags: number;       // Flag bits
  lost: number;        // how many messages were reported lost on this line (Flag.Lost)
}

export function newHead(): Head {
  return {
    kind: 'other', format: 'unknown', time: NaN, wall: NaN, level: -1, facility: -1,
    callerKind: 0, callerId: -1, taskStart: -1, taskEnd: -1, pid: -1, cpu: -1,
    eventStart: -1, eventEnd: -1, msgStart: 0, msgEnd: 0, flags: 0, lost: 0,
  };
}

/** Reset every field for a new line [start, end). Parsers call this first. */
export function resetHead(h: Head, start: number, end: number): void {
  h.kind = 'other'; h.format = 'unknown'; h.time = NaN; h.wall = NaN; h.level = -1; h.facility = -1;
  h.callerKind = 0; h.callerId = -1; h.taskStart = -1; h.taskEnd = -1; h.pid = -1; h.cpu = -1;
  h.eventStart = -1; h.eventEnd = -1; h.msgStart = start; h.msgEnd = end; h.flags = 0; h.lost = 0;
}

/** Syslog facility names by number (RFC 5424 order). */
export const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv',
  'ftp', 'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3',
  'local4', 'local5', 'local6', 'local7',
] as const;

/** printk level names as dmesg -x prints them. */
export const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'] as const;


/** Per-file state a parser may keep between lines (year of a syslog file, kmsg sequence, ...). */
export interface ParseState {
  /** Year for stamps that have none (syslog, journal short): from a full date seen earlier, else 1970. */
  year: number;
  /** Last kmsg sequence number, -1 before the first (for gap = lost-lines detection). */
  kmsgSeq: number;
  /** Inside an ftrace dump on the console (after `Dumping ftrace buffer:`). */
  inFtraceDump: boolean;
  /** The file's detected format ('unknown' while detecting). parseLine sets it from its primary. */
  primary: FormatId;
  /** True after a `Dumping ftrace buffer:` line, until the opening dashes (then inFtraceDump). */
  dumpHeader: boolean;
  /** Month (0..11) of the last month-day stamp, -1 before: Dec -> Jan advances the year. */
  lastMonth: number;
  /** Prefix width of the previous kernel line (-1 when it was not one): dmesg indents the next
   * lines of a multi-line message by exactly that much. */
  prevIndent: number;
  /** The previous line was a kmsg record or one of its dictionary lines. */
  kmsgCont: boolean;
  /** Scratch for format-specific needs. */
  [key: string]: unknown;
}

export function newParseState(): ParseState {
  return {
    year: 1970, kmsgSeq: -1, inFtraceDump: false, primary: 'unknown', dumpHeader: false,
    lastMonth: -1, prevIndent: -1, kmsgCont: false,
  };
}

/**
 * A line format: `parse` reads a head off bytes b[start, end) (end excludes the line break and any
 * trailing CR) and returns true when the line is in this format. It must never throw, must not
 * allocate in the common case, and must run in time linear in the line (no backtracking regex).
 * On false, the head's contents are unspecified (the caller resets it).
 */
export interface LineFormat {
  id: FormatId;
  /** Other format ids this parser yields (detection may pick any of them as the primary). */
  ids?: readonly FormatId[];
  parse(b: Uint8Array, start: number, end: number, h: Head, st: ParseState): boolean;
}
