// What was wrong with the input, said once for both readers of it (readRecords for the editor,
// the streaming Analyzer): binary junk, lines cut at the length cap, broken timestamps, lost
// messages, a cut-off end. Many warnings of one kind are summed up so a junk file stays readable.

import type { Warning } from '../model';
import { type Head, Flag } from './formats/head';

/** Warnings of one kind beyond this many are summed up in one. */
const MAX_WARNINGS_PER_KIND = 50;

export class InputWarnings {
  private readonly list: Warning[] = [];
  private readonly counts = new Map<string, number>();
  private binaryFrom = 0;

  /** One parsed line: `kept` bytes of it were read out of `length`; `text` gives its message. */
  line(h: Head, line: number, kept: number, length: number, text: () => string): void {
    if (h.flags & Flag.Binary) { if (!this.binaryFrom) this.binaryFrom = line; }
    else this.endBinary(line - 1);
    if (length > kept) this.add('long lines', line, `line ${line} is ${length} bytes long; only its first ${kept} bytes were read`);
    if (h.flags & Flag.BadTime) this.add('broken timestamps', line, `line ${line} has a broken timestamp`);
    if (h.flags & Flag.Lost) this.add('lost messages', line, lostWarning(h, text(), line));
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
    for (const [kind, n] of this.counts) {
      if (n > MAX_WARNINGS_PER_KIND) this.list.push({ line: 0, message: `${n - MAX_WARNINGS_PER_KIND} more warnings like these: ${kind}` });
    }
    return this.list;
  }

  private add(kind: string, line: number, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_WARNINGS_PER_KIND) this.list.push({ line, message });
  }

  private endBinary(to: number): void {
    if (!this.binaryFrom) return;
    const from = this.binaryFrom;
    this.binaryFrom = 0;
    this.add('binary data', from, from === to ? `line ${from} is binary data, not text` : `lines ${from}-${to} are binary data, not text`);
  }
}

function lostWarning(h: Head, text: string, line: number): string {
  const n = h.lost, s = n === 1 ? '' : 's', was = n === 1 ? 'was' : 'were';
  if (text.startsWith('CPU:')) return `${n} ftrace event${s} ${was} lost before line ${line} (${text.trim()})`;
  if (h.format === 'kmsg') return `${n} kernel message${s} ${was} lost before line ${line} (the /dev/kmsg sequence number jumps)`;
  return `${n} kernel message${s} ${was} lost at line ${line} (${text.trim().slice(0, 80)})`;
}
