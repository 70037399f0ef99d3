// The foldable structure of a kernel log: stack traces, register dumps, module lists, stall reports,
// runs, and long quiet stretches of lines that have nothing to do with RCU. Pure and linear: one
// pass over the lines with anchored, short regular expressions (no backtracking on long lines,
// and every test looks at most at the first MAX_HEAD characters of a line).

import type { Analysis } from '../model';

export type RegionKind = 'trace' | 'registers' | 'modules' | 'stall' | 'run' | 'quiet';

export interface Region {
  start: number; // 1-based, the line that stays visible
  end: number;   // 1-based, inclusive
  kind: RegionKind;
}

interface StructureOptions {
  /** A quiet stretch folds when it has at least this many lines (default 20). */
  quietMin?: number;
  /** Stop after this many lines (very large documents). */
  maxLines?: number;
}

const MAX_HEAD = 400;

// Prefixes: printk level, dmesg stamp (and -T), caller id, journal/syslog `host kernel:`.
const PREFIX = /^(?:<\d>)?(?:\[[ \d.]{1,20}\]|\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{8} \d{4}\])?(?:\[ {0,6}[TC]\d{1,7}\])?/;
const SYSLOG = /^(?:[A-Z][a-z]{2} [ \d]\d [\d:]{8}(?:\.\d{1,9})?|\d{4}-\d\d-\d\dT[\d:.,+-]{8,32}) (?:\S{1,64} )?kernel: (?:\[[ \d.]{1,20}\])?/;

/** The message of a line with its kernel prefix removed (leading blanks kept: they mark frames). */
export function messageOf(line: string): string {
  const head = line.length > MAX_HEAD ? line.slice(0, MAX_HEAD) : line;
  const m = SYSLOG.exec(head) ?? PREFIX.exec(head);
  let s = m ? head.slice(m[0].length) : head;
  // `[ 1.0] msg`: the one space after the stamp is the separator, not indentation.
  if (m && m[0] && s.startsWith(' ')) s = s.slice(1);
  return s;
}

const TRACE_HEAD = /^\s*(?:Call Trace|Call trace|Backtrace|stack backtrace|Exception stack)\b/;
const FRAME = /^\s*(?:\? )?[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+|^\s*<\/?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>|^\s*\[<[0-9a-f]+>\]|^\s+[A-Za-z_][\w.]* \(\S+:\d+\)|^\s*---\[ end trace|^\s*\? /;
const REGISTERS = /^\s*(?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d{1,2}|FS|GS|CS|DS|ES|CR[0-4]|DR[0-7]|EFLAGS|EIP|EAX|EBX|ECX|EDX|ESI|EDI|EBP|ESP|Code|pc|lr|sp|pstate|x\d{1,2}|epc|ra|gp|tp|t\d|s\d{1,2}|a\d|status|badaddr|cause)\s*:/;
const MODULES = /^\s*Modules linked in:/;
const MODULE_CONT = /^\s+[\w-]+(?:\([A-Z+-]{1,6}\))?(?:\s+[\w-]+(?:\([A-Z+-]{1,6}\))?)*\s*$/;
const RCU_WORD = /rcu|RCU/;

export function logStructure(lines: readonly string[], a: Analysis | null, opts: StructureOptions = {}): Region[] {
  const quietMin = opts.quietMin ?? 20;
  const n = Math.min(lines.length, opts.maxLines ?? 500_000);
  const out: Region[] = [];

  // Lines that matter to RCU: scenario events, stall reports, violations. Quiet = none of these.
  const busy = new Uint8Array(n + 2);
  if (a) {
    for (const e of a.events) if (e.line <= n) busy[e.line] = 1;
    for (const s of a.stalls) for (let l = s.line; l <= Math.min(s.endLine, n); l++) busy[l] = 1;
    for (const v of a.violations) if (v.line <= n) busy[v.line] = 1;
    for (const s of a.stalls) if (s.endLine > s.line && s.line <= n) out.push({ start: s.line, end: Math.min(s.endLine, n), kind: 'stall' });
    for (const r of a.runs) if (r.endLine > r.startLine && r.startLine <= n) out.push({ start: r.startLine, end: Math.min(r.endLine, n), kind: 'run' });
  }

  // Pass 1: stack traces, register dumps, module lists (they never overlap one another).
  const cover = new Int32Array(n + 2); // 1 + index into out of the structure covering a line
  let i = 1;
  while (i <= n) {
    const msg = messageOf(lines[i - 1]!);
    if (RCU_WORD.test(msg)) busy[i] = 1;
    let end = i, kind: RegionKind | null = null;
    if (TRACE_HEAD.test(msg)) { end = extend(lines, i, n, (m) => FRAME.test(m)); kind = 'trace'; }
    else if (REGISTERS.test(msg)) { end = extend(lines, i, n, (m) => REGISTERS.test(m)); kind = 'registers'; }
    else if (MODULES.test(msg)) { end = extend(lines, i, n, (m) => MODULE_CONT.test(m)); kind = 'modules'; }
    if (kind && end > i) {
      out.push({ start: i, end, kind });
      for (let l = i; l <= end; l++) cover[l] = out.length;
      for (let l = i + 1; l <= end; l++) if (RCU_WORD.test(messageOf(lines[l - 1]!))) busy[l] = 1;
      i = end + 1;
    } else i++;
  }

  // Pass 2: quiet stretches, trimmed to start and end outside every structure: editors drop a
  // fold that overlaps another without nesting, and keep only one fold per start line.
  const quiet = (from: number, to: number) => {
    let s = from, e = to;
    while (s <= e && cover[s]) s = out[cover[s]! - 1]!.end + 1;
    while (e >= s && cover[e]) e = out[cover[e]! - 1]!.start - 1;
    if (e - s + 1 >= quietMin) out.push({ start: s, end: e, kind: 'quiet' });
  };
  let q = 0;
  for (let l = 1; l <= n; l++) {
    if (busy[l]) { if (q) quiet(q, l - 1); q = 0; }
    else if (!q) q = l;
  }
  if (q) quiet(q, n);
  return out.sort((x, y) => x.start - y.start || y.end - x.end);
}

/** The last line after `from` whose message satisfies ok, in an unbroken run (or `from`). */
function extend(lines: readonly string[], from: number, n: number, ok: (msg: string) => boolean): number {
  let end = from;
  while (end + 1 <= n && ok(messageOf(lines[end]!))) end++;
  return end;
}
