// Is this text a kernel log? Decides, from the first few hundred lines, whether a `.log` file
// opened in the editor should light up. It asks the format registry (every format the core
// knows, as it grows) and never guesses from the file name.
//
// Conservative on purpose: an application log that happens to hold one bracketed number must
// stay dark. A file counts as a kernel log when several lines parse as kernel or trace records in
// a prefixed format, or when prefix-less text carries unmistakable kernel messages.

import type { FormatId } from '../model';
import { detectFormat, formatById, parseLine } from './formats/index';
import { newHead, newParseState } from './formats/head';

interface SniffResult {
  kernel: boolean;
  /** The dominant format of the sample ('unknown' when none). */
  format: FormatId;
  /** Lines looked at (not counting blank ones). */
  sampled: number;
  /** Of those, lines that parsed as kernel or trace records in a prefixed format. */
  kernelLines: number;
  /** Of those, lines that hold an unmistakable kernel message (with or without a prefix). */
  markers: number;
}

export const SNIFF_LINES = 400;
/** Never look at more than this many characters, whatever the line count (one huge line...). */
const SNIFF_CHARS = 512 * 1024;
/** Per line, only the head matters. */
const LINE_CAP = 2048;

// Messages only a kernel prints. Anchored at the message start, short alternatives: linear.
const MARKER = /^(?:Linux version \d|rcu: |INFO: (?:rcu_|task \S+ blocked)|Call Trace:|BUG: |WARNING: CPU: |Kernel panic - |Oops: |RIP: |Modules linked in:|Booting Linux on |Command line: |Kernel command line: |x86\/fpu: |Memory: \d|NMI backtrace for cpu|Hardware name: |CPU: \d+ PID: \d+ |Dumping ftrace buffer:|# tracer: )/;

/** Sniff the beginning of a document's text. Never throws. */
export function sniffText(text: string, maxLines = SNIFF_LINES): SniffResult {
  try {
    return sniffLines(firstLines(text, maxLines));
  } catch {
    return { kernel: false, format: 'unknown', sampled: 0, kernelLines: 0, markers: 0 };
  }
}

/** Sniff the first bytes of a file (decoded leniently as UTF-8). Never throws. */
export function sniffBytes(bytes: Uint8Array, maxLines = SNIFF_LINES): SniffResult {
  const head = bytes.subarray(0, Math.min(bytes.length, SNIFF_CHARS));
  return sniffText(new TextDecoder('utf-8', { fatal: false }).decode(head), maxLines);
}

function firstLines(text: string, maxLines: number): string[] {
  const out: string[] = [];
  let i = 0;
  const stop = Math.min(text.length, SNIFF_CHARS);
  while (i < stop && out.length < maxLines) {
    let j = text.indexOf('\n', i);
    if (j < 0 || j > stop) j = stop;
    let line = text.slice(i, Math.min(j, i + LINE_CAP));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    out.push(line);
    i = j + 1;
  }
  return out;
}

function sniffLines(lines: string[]): SniffResult {
  const enc = new TextEncoder();
  const encoded = lines.filter((l) => l.trim() !== '').map((l) => enc.encode(l));
  const sampled = encoded.length;
  if (sampled === 0) return { kernel: false, format: 'unknown', sampled, kernelLines: 0, markers: 0 };
  // One buffer, one range per line: the registry's interface.
  const total = encoded.reduce((n, l) => n + l.length + 1, 0);
  const buf = new Uint8Array(total);
  const ranges: [number, number][] = [];
  let at = 0;
  for (const l of encoded) { buf.set(l, at); ranges.push([at, at + l.length]); at += l.length + 1; buf[at - 1] = 10; }

  const format = detectFormat(buf, ranges, newParseState());
  const primary = formatById(format);
  const st = newParseState();
  const h = newHead();
  const dec = new TextDecoder('utf-8', { fatal: false });
  let kernelLines = 0, markers = 0;
  for (const [s, e] of ranges) {
    parseLine(buf, s, e, h, st, primary);
    const prefixed = (h.kind === 'kernel' || h.kind === 'trace') && h.format !== 'console' && h.format !== 'unknown';
    if (prefixed) kernelLines++;
    // The message, prefix removed when a format took the line; the whole line otherwise.
    const msg = h.kind === 'kernel' || h.kind === 'trace' ? dec.decode(buf.subarray(h.msgStart, h.msgEnd)) : dec.decode(buf.subarray(s, e));
    if (MARKER.test(msg.replace(/^\s+/, ''))) markers++;
  }
  const kernel = kernelLines >= 3 || (kernelLines >= 1 && kernelLines * 2 >= sampled) || markers >= 2;
  return { kernel, format, sampled, kernelLines, markers };
}
