// What was wrong with the input, said once for both readers of it (readRecords for the editor,
// the streaming Analyzer): binary junk, lines cut at the length cap, broken timestamps, lost
// messages, a cut-off end. Many warnings of one kind are summed up so a junk file stays readable.

import type { Warning } from '../model';
import { type Head, Flag } from './formats/head';
import { WarningCap } from '../capWarnings';

/** A line's message text (records.ts messageText, passed in: records.ts uses this module). */
type MessageText = (h: Head, b: Uint8Array, dec?: TextDecoder) => string;

export class InputWarnings {
  /** Capped per kind as every producer's warnings are (capWarnings.ts): a junk file gives 50 of
   * a kind and one summary that counts the rest. */
  private readonly cap = new WarningCap();
  private binaryFrom = 0;

  constructor(private readonly text: MessageText) {}

  /** One parsed line of b: `kept` bytes of it were read out of `length`. Its text is decoded only
   * for a line that reports lost messages: the common line, with nothing to say, costs two tests
   * and allocates nothing. */
  line(h: Head, line: number, kept: number, length: number, b: Uint8Array, dec?: TextDecoder): void {
    if (h.flags & Flag.Binary) { if (!this.binaryFrom) this.binaryFrom = line; }
    else if (this.binaryFrom) this.endBinary(line - 1);
    if (length === kept && (h.flags & (Flag.BadTime | Flag.Lost)) === 0) return;
    if (length > kept) this.add('long lines', line, () => `line ${line} is ${length} bytes long; only its first ${kept} bytes were read`);
    if (h.flags & Flag.BadTime) this.add('broken timestamps', line, () => `line ${line} has a broken timestamp`);
    if (h.flags & Flag.Lost) this.add('lost messages', line, () => lostWarning(h.lost, h.format, this.text(h, b, dec), line));
  }

  /** A line known to be plain text with nothing to say (the analyzer's fast path). */
  plain(line: number): void {
    this.endBinary(line - 1);
  }

  finish(lines: number, unterminated: boolean): Warning[] {
    this.endBinary(lines);
    if (unterminated && lines > 0) {
      this.add('cut-off end', lines, `the input ends inside line ${lines} (no line break after it): the file may have been cut off`);
    }
    return this.cap.finish();
  }

  private add(kind: string, line: number, message: string | (() => string)): void {
    this.cap.add(kind, line, message);
  }

  private endBinary(to: number): void {
    if (!this.binaryFrom) return;
    const from = this.binaryFrom;
    this.binaryFrom = 0;
    this.add('binary data', from, from === to ? `line ${from} is binary data, not text` : `lines ${from}-${to} are binary data, not text`);
  }
}

function lostWarning(n: number, format: Head['format'], text: string, line: number): string {
  const s = n === 1 ? '' : 's', was = n === 1 ? 'was' : 'were';
  if (text.startsWith('CPU:')) return `${n} ftrace event${s} ${was} lost before line ${line} (${text.trim()})`;
  if (format === 'kmsg') return `${n} kernel message${s} ${was} lost before line ${line} (the /dev/kmsg sequence number jumps)`;
  return `${n} kernel message${s} ${was} lost at line ${line} (${text.trim().slice(0, 80)})`;
}
