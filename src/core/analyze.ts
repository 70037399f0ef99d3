// The analysis pipeline, streaming: bytes → lines → heads → (only where needed) text → events →
// runs → findings. Feed chunks with push(), get the Analysis from end().
//
// Speed comes from not looking: every line gets a byte-level head (timestamp, message range) and
// a cheap test; only lines that can matter are decoded to text. A line matters when its message
// starts with one of the profile's literal prefixes or a key prefix (stall reports, boot banners,
// lost-message notices), when a stall report is open, or when it is an RCU tracepoint. Memory stays flat: lines are not kept,
// only events, stall reports and the times of the lines run and phase bounds can fall on (log/lineTimes.ts).

import type { Analysis, Boot, FormatId, LogEvent, RuleId, TraceSummary } from './model';
import { LineSplitter, type ByteIndexOf, type LineSink } from './log/lines';
import { type Head, type LineFormat, newHead, newParseState, type ParseState, Flag } from './log/formats/head';
import { detectFormat, formatById, parseLine } from './log/formats/index';
import { type CompiledProfile, type Profile, PHASED_STATE_CHANGE, compileProfile, matchMessage } from './patterns/profile';
import { RunBuilder, type RawEvent } from './patterns/phased-state-change/runs';
import { deriveRun } from './patterns/phased-state-change/phases';
import { checkRun } from './patterns/phased-state-change/checks';
import { StallCollector, BARE_REPORT_LINES } from './stalls/index';
import { unrelatedMessage } from './stalls/unrelated';
import { stallHeader } from './stalls/headerBytes';
import { PrefixTrie, sharedTrie } from './log/prefixes';
import { LineTimes } from './log/lineTimes';
import { plainDmesg, plainTime } from './log/formats/dmesgFast';
import { TraceCollector } from './kernel/traceSummary';
import { BootTracker, bootOf, isBootBanner } from './log/boots';
import { messageText } from './log/records';
import { InputWarnings } from './log/inputWarnings';
import { PlainSkimmer, type PlainWatcher } from './log/plainSkim';
import { WasmSkim } from './log/wasmSkim';
import { FtraceSkimmer } from './log/ftraceSkim';
import { TortureCollector, TORTURE_PREFIXES } from './torture/index';
import { KernelCollector, type KernelOptions } from './kernel/collector';
import { linkRuns } from './kernel/link';
import { type CompiledPattern, type Pattern, compilePattern, matchPattern } from './patterns/schema';
import { BUILTIN_PATTERNS } from './patterns/builtin';
import { RcuRunBuilder } from './rcu/rules';
import { capViolations } from './capViolations';
import { capWarnings } from './capWarnings';
import { OpenReaderIndex } from './openReaders';

export interface AnalyzeOptions {
  profile?: Profile | CompiledProfile;
  rules?: readonly RuleId[];
  /** Platform newline search (the CLI passes Buffer's memchr); the generic one works everywhere. */
  indexOf?: ByteIndexOf;
  /** Longest line kept, in bytes (longer lines are cut; default 64 KiB). */
  maxLine?: number;
  /** false: every line through the full parser (the tests compare both ways). */
  fastPath?: boolean;
  /** false: the fast path without its WebAssembly loop (log/wasmSkim.ts; the tests compare both ways). */
  wasm?: boolean;
  /** Thresholds of the kernel RCU rules (kernel/collector.ts). */
  kernel?: KernelOptions;
  /** Patterns besides the profile (patterns/schema.ts); default: the built-in ones. Each applies
   * where its messages appear (detected per file by its lines). */
  patterns?: readonly (Pattern | CompiledPattern)[];
  /** Violations of a rule listed before the rest are summed up in one (capViolations.ts; default
   * MAX_VIOLATIONS_PER_RULE). Infinity for a program that counts every one (simulate --exhaustive). */
  maxViolationsPerRule?: number;
}

/** The kernel's own reports of RCU misuse (lockdep-RCU, rcu_note_context_switch, might_sleep),
 * shown as warnings that name the scenario reader inside its critical section at the time. */
const KERNEL_RCU_SPLATS: Record<string, string> = {
  'Voluntary context switch within RCU read-side critical section': 'the kernel saw a voluntary context switch (a sleep) inside an RCU read-side critical section',
  'WARNING: suspicious RCU usage': 'lockdep-RCU reports suspicious RCU usage (an RCU-protected pointer used outside a read-side critical section, or the wrong flavour)',
  'BUG: sleeping function called from invalid context': 'the kernel caught a sleeping function called where sleeping is not allowed (inside rcu_read_lock(), with a spinlock, or in atomic context)',
};

/**
 * Messages that can matter besides the profile's: every line that opens an RCU stall report
 * starts with `rcu` or `INFO:` (`rcu: INFO: rcu_preempt detected stalls`, `INFO: rcu_sched
 * self-detected stall`, `rcu_sched kthread starved`, `INFO: Stall ended before state dump`; rcutorture's
 * `??? Writer stall state`) or a boot banner (`Linux version `). (Lost-message notices are flagged by
 * the parser itself: formats/afterKernel.ts.) test/unit/analyze.test.ts checks this against feeding every
 * line of every corpus log to the stall collector. One trie holds these and the profile's prefixes.
 * A prefix test at the message start costs nothing; a substring search of every byte would cost
 * more than the whole newline scan.
 */
const KEY_PREFIXES = ['rcu', 'INFO:', '??? Writer stall', 'Linux version ', 'Kernel command line:', ...Object.keys(KERNEL_RCU_SPLATS)];
const KEY = 0, PROFILE = 1, PATTERN = 3;
/** rcutorture lines (torture/patterns.ts); while a run is open every line is looked at, as console-badness.sh does. */
const TORTURE = 2;
const SNIFF_BYTES = 64 * 1024;
const MAX_MATCH_TEXT = 4096; // profile regexes never see more than this (user patterns may backtrack)

function isCompiled(p: Profile | CompiledProfile): p is CompiledProfile {
  return Array.isArray((p as CompiledProfile).rules);
}

export class Analyzer implements LineSink {
  private readonly profile: CompiledProfile;
  private readonly splitter: LineSplitter;
  /** Group KEY: a key prefix; group PROFILE: some profile rule's literal prefix. */
  private readonly prefixes: PrefixTrie;
  private readonly h: Head = newHead();
  private readonly st: ParseState = newParseState();
  private format: FormatId = 'unknown';
  private primary: LineFormat | undefined;
  /** Plain dmesg lines skip the full parser when they cannot matter (formats/dmesgFast.ts). */
  private fast = false;
  private sniffed = false;
  private sniffChunks: Uint8Array[] = [];
  private sniffLen = 0;


  private readonly decoder = new TextDecoder('utf-8');
  private readonly runs: RunBuilder;
  private readonly stalls = new StallCollector();
  private readonly torture = new TortureCollector();
  private readonly trace = new TraceCollector();
  private readonly kernel: KernelCollector;
  private readonly boots = new BootTracker();
  private readonly lost: number[] = [];   // lines that report lost messages
  private readonly input = new InputWarnings(messageText);
  private readonly splats: { line: number; boot: number; meaning: string }[] = [];
  private readonly times = new LineTimes();
  /** Wall-clock times of lines that have no time since boot (dmesg -T, journalctl short); its
   * blocks exist only once such a line is seen. */
  private readonly walls = new LineTimes();
  private hasWalls = false;
  /** Scenario events seen while a jump back in time waits to be called a reboot or not: their
   * boot is known only then, and a run must not be split at a reboot that is not there. */
  private held: RawEvent[] = [];
  private kernelLines = 0;
  private binaryRun = false;
  private readonly skimmer: PlainSkimmer;
  private readonly patterns: { p: CompiledPattern; b: RcuRunBuilder }[] = [];
  /** For the splitter: lines the last skim() took. */
  skimmed = 0;
  /** tracefs / trace-cmd event lines skip the per-line call (log/ftraceSkim.ts). */
  private ftraceFast = false;
  private readonly ftraceSkimmer: FtraceSkimmer;

  constructor(private readonly opts: AnalyzeOptions = {}) {
    const p = opts.profile ?? PHASED_STATE_CHANGE;
    this.profile = isCompiled(p) ? p : compileProfile(p);
    const prefixes: [string | Uint8Array, number][] = [];
    for (const k of KEY_PREFIXES) prefixes.push([k, KEY]);
    for (const k of TORTURE_PREFIXES) prefixes.push([k, TORTURE]);
    for (const r of this.profile.rules) if (r.prefix) prefixes.push([r.prefix, PROFILE]);
    for (const pat of opts.patterns ?? BUILTIN_PATTERNS) {
      const p = 'rules' in pat && 'prefixes' in pat ? pat : compilePattern(pat as Pattern);
      if (p.name === this.profile.name) continue;
      this.patterns.push({ p, b: new RcuRunBuilder(p.name, p.words.updater, p.words.object, { phases: p.phases, checks: p.checks }, opts.maxViolationsPerRule) });
      for (const pre of p.prefixes) prefixes.push([pre, PATTERN]);
    }
    this.prefixes = sharedTrie(prefixes);
    this.splitter = new LineSplitter(this, { maxLine: opts.maxLine, indexOf: opts.indexOf });
    // While a stall report is open, the skim loop goes on over the lines that are plainly not part
    // of it (stalls/unrelated.ts), which the collector counts without their text.
    const stalls = this.stalls;
    const watcher: PlainWatcher = {
      get watching() { return stalls.active; },
      accepts: unrelatedMessage,
      took: (lineNo, boot) => stalls.pushUnrelated(lineNo, boot, 'console'),
      reportLines: BARE_REPORT_LINES,
      keyBit: 1 << KEY,
      report: (lineNo, boot, time, h, after) => stalls.pushBareReport(lineNo, boot, time, h, after),
    };
    const wasm = opts.wasm === false ? null : WasmSkim.create(this.prefixes);
    this.skimmer = new PlainSkimmer(this.splitter.indexOf, this.splitter.maxLine, this.prefixes, this.times, this.boots, watcher, wasm);
    this.kernel = new KernelCollector(opts.kernel);
    this.ftraceSkimmer = new FtraceSkimmer(this.splitter.indexOf, this.splitter.maxLine, this.prefixes, this.times, this.h,
      (h, b, lineNo) => this.trace.count(this.kernel.add(h, b, lineNo, this.boots.index, this.decoder)),
      (event, n) => this.trace.countMany(event, n), wasm);
    this.runs = new RunBuilder(this.profile, (from, to) => this.lostBetween(from, to), opts.maxViolationsPerRule);
    this.boots.onSettle = () => this.releaseHeld();
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.sniffed) {
      this.sniffChunks.push(chunk.slice()); // the caller may reuse its buffer
      this.sniffLen += chunk.length;
      if (this.sniffLen < SNIFF_BYTES) return;
      this.sniff();
      return;
    }
    this.feed(chunk);
  }

  end(): Analysis {
    if (!this.sniffed) this.sniff();
    this.splitter.end();
    return this.finish();
  }

  // --- input -----------------------------------------------------------------------------------

  private sniff(): void {
    this.sniffed = true;
    const chunks = this.sniffChunks;
    this.sniffChunks = [];
    const all = chunks.length === 1 ? chunks[0]! : concat(chunks, this.sniffLen);
    const ranges: [number, number][] = [];
    const probe = new LineSplitter({ line: (_b, s, e) => { if (e > s && ranges.length < 300) ranges.push([s, e]); } }, { maxLine: 4096 });
    probe.push(all.subarray(0, Math.min(all.length, SNIFF_BYTES)));
    this.format = detectFormat(all, ranges, newParseState());
    this.primary = formatById(this.format);
    this.st.primary = this.format;
    this.fast = this.opts.fastPath !== false && this.format === 'dmesg' && !this.profile.unanchored;
    this.ftraceFast = this.opts.fastPath !== false && this.format === 'ftrace';
    this.boots.start(1);
    this.feed(all);
  }

  private feed(input: Uint8Array): void {
    // A plain Uint8Array view (no copy): parsers then see one array type and stay monomorphic.
    const chunk = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
    this.skimmer.newChunk();
    this.splitter.push(chunk);
  }

  // --- per line ------------------------------------------------------------------------------

  /** The splitter's bulk path (lines.ts): runs of plain dmesg lines that cannot matter. */
  skim(b: Uint8Array, s: number, lineNo: number, limit: number): number {
    const st = this.st;
    if (this.ftraceFast) return this.skimFtrace(b, s, lineNo, limit);
    if (!this.fast || this.torture.active || st.inFtraceDump || st.dumpHeader || this.binaryRun) { this.skimmed = 0; return s; }
    const k = this.skimmer;
    const next = k.skim(b, s, lineNo, limit);
    const n = this.skimmed = k.taken;
    if (n > 0) {
      this.kernelLines += n;
      st.prevIndent = k.indent;
      st.kmsgCont = false;
    }
    return next;
  }

  /** skim() for an ftrace file: what line() does for each event line the loop takes (all 'trace'
   * records: a time, and the kernel model for RCU tracepoints). */
  private skimFtrace(b: Uint8Array, s: number, lineNo: number, limit: number): number {
    const st = this.st;
    if (this.stalls.active || this.torture.active || st.inFtraceDump || st.dumpHeader || this.binaryRun) { this.skimmed = 0; return s; }
    const k = this.ftraceSkimmer;
    const next = k.skim(b, s, lineNo, limit);
    const n = this.skimmed = k.taken;
    if (n > 0) {
      this.kernelLines += n;
      st.prevIndent = -1;
      st.kmsgCont = false;
    }
    return next;
  }

  line(b: Uint8Array, s: number, e: number, lineNo: number, _offset: number, length: number): void {
    if (this.fast && length === e - s && !this.stalls.active && !this.torture.active) {
      const st = this.st;
      if (!st.inFtraceDump && !st.dumpHeader) {
        const m = plainDmesg(b, s, e);
        if (m >= 0 && this.prefixes.match(b, m, e) === 0) {
          // What the full path does for a plain kernel line that does not matter (see dmesgFast.ts).
          const t = plainTime[0]!;
          this.times.set(lineNo, t);
          this.boots.time(lineNo, t, 'kernel');
          this.kernelLines++;
          if (this.binaryRun) { this.input.plain(lineNo); this.binaryRun = false; }
          st.prevIndent = m - s;
          st.kmsgCont = false;
          return;
        }
      }
    }
    if (this.fast && length === e - s && !this.torture.active && !this.st.inFtraceDump && !this.st.dumpHeader && this.stallBytes(b, s, e, lineNo)) return;
    const h = this.h;
    parseLine(b, s, e, h, this.st, this.primary);
    const t = h.time;
    this.times.set(lineNo, t);
    if (t !== t && h.wall === h.wall) { this.walls.set(lineNo, h.wall); this.hasWalls = true; }
    // t === t: not NaN. An ftrace dump's events (console ones too) carry the trace clock.
    if (t === t) this.boots.time(lineNo, t, h.format === 'ftrace-dump' ? 'trace' : h.kind);
    const flags = h.flags;
    this.input.line(h, lineNo, e - s, length, b, this.decoder);
    this.binaryRun = (flags & Flag.Binary) !== 0;
    if (flags !== 0) {
      if (flags & Flag.Binary) return;
      if (flags & Flag.BootMarker) this.boots.marker(lineNo);
      if (flags & Flag.Lost) this.lost.push(lineNo);
    }
    const kind = h.kind;
    if (kind === 'kernel' || kind === 'trace') this.kernelLines++;
    const hit = kind === 'blank' ? 0 : this.prefixes.match(b, h.msgStart, h.msgEnd);
    const kw = (hit & (1 << KEY)) !== 0;
    const profileHit = kind === 'kernel' && (this.profile.unanchored || (hit & (1 << PROFILE)) !== 0);
    const patternHit = kind === 'kernel' && (hit & (1 << PATTERN)) !== 0;
    const rcuTrace = kind === 'trace' && h.eventStart >= 0 && b[h.eventStart] === 114 && b[h.eventStart + 1] === 99 && b[h.eventStart + 2] === 117; // "rcu"
    const tortureHit = (hit & (1 << TORTURE)) !== 0 || this.torture.active;
    // A kprobe event's message is `(symbol+off/size)` or `(caller <- symbol)`: synchronize_rcu & co.
    if (kind === 'trace' && !rcuTrace && b[h.msgStart] === 40) this.kernel.kprobe(h, b, lineNo, this.boots.index, this.decoder);
    if (rcuTrace && !this.stalls.active) {
      // An RCU tracepoint line (its arguments often start `rcu`, a key prefix, but no trace event
      // opens a stall report or is a banner): only the kernel model wants it, undecoded here.
      this.trace.count(this.kernel.add(h, b, lineNo, this.boots.index, this.decoder));
      return;
    }
    if (!kw && !profileHit && !rcuTrace && !patternHit && !this.stalls.active && !tortureHit) return;
    this.interesting(b, lineNo, kw, profileHit, rcuTrace, tortureHit, patternHit);
  }

  /**
   * Stall storms without decoding (stalls/unrelated.ts, stalls/headerBytes.ts): while a report is
   * open, a plain line whose bytes show it is no part of it, and a stall header in one of its exact
   * modern shapes, are handed to the collector on their bytes. Both take the fast path's
   * bookkeeping; true when the line was taken.
   */
  private stallBytes(b: Uint8Array, s: number, e: number, lineNo: number): boolean {
    const m = plainDmesg(b, s, e);
    if (m < 0) return false;
    const hit = this.prefixes.match(b, m, e);
    const header = hit === 1 << KEY ? stallHeader(b, m, e) : null;
    if (header === null && (hit !== 0 || !this.stalls.active || !unrelatedMessage(b, m, e))) return false;
    const t = plainTime[0]!;
    this.times.set(lineNo, t);
    this.boots.time(lineNo, t, 'kernel');
    this.kernelLines++;
    if (this.binaryRun) { this.input.plain(lineNo); this.binaryRun = false; }
    this.st.prevIndent = m - s;
    this.st.kmsgCont = false;
    if (header !== null) this.stalls.pushHeader(lineNo, this.boots.index, t, 'console', header);
    else this.stalls.pushUnrelated(lineNo, this.boots.index, 'console');
    return true;
  }

  /** The slow path, for the few lines that can matter: decode and look. */
  private interesting(b: Uint8Array, lineNo: number, kw: boolean, profileHit: boolean, rcuTrace: boolean, tortureHit = false, patternHit = false): void {
    const h = this.h;
    const text = messageText(h, b, this.decoder);
    const time = Number.isNaN(h.time) ? null : h.time;
    if (kw && h.kind === 'kernel' && isBootBanner(text)) this.boots.banner(lineNo, h.time, text);
    const boot = this.boots.index;
    if (kw || this.stalls.active) this.stalls.push(lineNo, boot, time, text, h.kind, lineContext(h));
    if (tortureHit && h.kind !== 'blank') this.torture.push(lineNo, boot, time, text);
    if (kw) {
      for (const [head, meaning] of Object.entries(KERNEL_RCU_SPLATS)) if (text.startsWith(head)) this.splats.push({ line: lineNo, boot, meaning });
    }
    if (rcuTrace) this.trace.count(this.kernel.add(h, b, lineNo, boot, this.decoder));
    else if (kw && h.kind === 'kernel') {
      // A tp_printk copy of a trace event in dmesg, or the stall timeout the kernel was given.
      const ev = this.kernel.kernelText(text, lineNo, boot, time, h.callerKind === 67 ? h.callerId : null, h.callerKind === 84 ? h.callerId : null);
      if (ev) this.trace.count(ev);
    }
    if (profileHit) {
      const m = matchMessage(this.profile, text.length > MAX_MATCH_TEXT ? text.slice(0, MAX_MATCH_TEXT) : text.trimEnd());
      if (m) {
        const ev = this.raw(h, b, lineNo, boot, time, text.trimEnd(), m.kind, m.task);
        if (this.boots.pending) this.held.push(ev); else this.runs.add(ev);
      }
    }
    if (patternHit) {
      const msg = text.length > MAX_MATCH_TEXT ? text.slice(0, MAX_MATCH_TEXT) : text.trimEnd();
      for (const { p, b: builder } of this.patterns) {
        const m = matchPattern(p, msg);
        if (m) for (const event of m.events) builder.add({ line: lineNo, time, boot, event, task: m.task, object: m.object, label: m.label, text: msg, id: m.id, inside: m.inside });
      }
    }
  }

  private releaseHeld(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    const start = this.boots.currentStart;
    for (const ev of held) {
      if (ev.line >= start) ev.boot = this.boots.index;
      this.runs.add(ev);
    }
  }

  private raw(h: Head, b: Uint8Array, line: number, boot: number, time: number | null, text: string, kind: RawEvent['kind'], named: string | null): RawEvent {
    let who: string | null = null, whoName: string | null = null;
    if (h.callerKind === 84) who = `T${h.callerId}`; // thread ids name a task; CPU ids (C1) do not
    if (h.taskStart >= 0) {
      whoName = this.decoder.decode(b.subarray(h.taskStart, h.taskEnd));
      who = h.pid >= 0 ? `pid:${h.pid}` : who;
    }
    return { line, time, wallclock: Number.isNaN(h.wall) ? null : h.wall, boot, kind, text, named, who, whoName };
  }

  private lostBetween(from: number, to: number): boolean {
    // `lost` is in line order: the first at or after `from`, by bisection (asked once an event).
    const a = this.lost;
    let lo = 0, hi = a.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (a[m]! < from) lo = m + 1; else hi = m; }
    return lo < a.length && a[lo]! <= to;
  }

  // --- the end -------------------------------------------------------------------------------

  private finish(): Analysis {
    this.releaseHeld(); // a jump back at the very end: never confirmed, same boot
    const lines = this.splitter.lines;
    const boots: Boot[] = this.boots.finish(lines);
    const { runs, events, violations, warnings } = this.runs.finish();
    // A reboot is confirmed a line or two after it happens: boots are the truth for line → boot.
    // (Indexed loops over what can number in the hundreds of thousands: this runs once, not
    // optimized, and a for-of there makes an iterator result per element.)
    for (let i = 0; i < events.length; i++) events[i]!.boot = bootOf(boots, events[i]!.line);
    for (const r of runs) r.boot = bootOf(boots, r.startLine);
    const stalls = this.stalls.finish();
    for (let i = 0; i < stalls.length; i++) stalls[i]!.boot = bootOf(boots, stalls[i]!.line);
    const torture = this.torture.finish();
    for (const t of torture) t.boot = bootOf(boots, t.startLine);
    const timeAt = (line: number): number | null => this.timeAt(line, boots, this.times);
    const wallAt = this.hasWalls ? (line: number): number | null => this.timeAt(line, boots, this.walls, this.times) : undefined;
    // A run lasts until the next run of its boot begins, or the boot ends.
    runs.forEach((run, i) => {
      const next = runs[i + 1];
      const boot = boots[run.boot];
      const last = next && next.boot === run.boot ? next.startLine - 1 : boot ? boot.endLine : lines;
      if (last > run.endLine) run.endLine = last;
      run.startTime = timeAt(run.startLine);
      run.endTime = timeAt(run.endLine);
      deriveRun(run, timeAt, { readerBeginInside: this.profile.readerBeginInside, wallAt });
      const found = checkRun(run, { rules: this.opts.rules, readerBeginInside: this.profile.readerBeginInside });
      violations.push(...found.violations);
      warnings.push(...found.warnings);
    });
    // Other patterns' runs (rcu/rules.ts), drawn after the profile's.
    const rcuRuns = [];
    for (const { b: builder } of this.patterns) {
      builder.finish();
      if (builder.runs.length === 0) continue;
      const drawn = builder.toRuns(runs.length, timeAt);
      for (const r of drawn) { r.boot = bootOf(boots, r.startLine); runs.push(r); }
      for (const rr of builder.runs) rr.boot = bootOf(boots, rr.startLine);
      // loops, not push(...xs): a log of a hundred thousand runs would overflow the stack
      for (const rr of builder.runs) rcuRuns.push(rr);
      for (const v of builder.violations) if (!this.opts.rules || this.opts.rules.includes(v.rule)) violations.push(v);
      for (const w of builder.warnings) warnings.push(w);
    }
    const openAt = new OpenReaderIndex(runs);
    for (let i = 0; i < stalls.length; i++) {
      const st = stalls[i]!;
      const { named: open, count } = openAt.at(st.boot, st.line);
      if (open.length) st.openReaders = [...open];
      if (count > open.length) st.openReaderCount = count;
    }
    for (const sp of this.splats) {
      const { named: open, count } = openAt.at(bootOf(boots, sp.line), sp.line);
      const more = count > open.length ? ` and ${count - open.length} more` : '';
      const who = open.length ? `, while ${open.map((o) => `${o.task} (run ${o.run + 1})`).join(', ')}${more} ${count > 1 ? 'were' : 'was'} inside one` : '';
      warnings.push({ line: sp.line, kind: `kernel RCU warning: ${sp.meaning}`, message: `kernel RCU warning: ${sp.meaning}${who}` });
    }
    const all = [...this.input.finish(lines, this.splitter.unterminated), ...warnings];
    if (this.kernelLines === 0 && lines > 0) all.push({ line: 0, message: 'no kernel log lines found: not a format rcu-lens knows' });
    const byLine = <T extends { line: number }>(a: T, b: T) => a.line - b.line;
    const trace: TraceSummary = this.trace.finish();
    const kernel = this.kernel.finish((from, to) => this.lostBetween(from, to));
    for (const u of kernel.unread ?? []) all.push({ line: u.firstLine, message: `kernel RCU: ${u.count} ${u.event} line${u.count > 1 ? 's' : ''} not understood (${u.reason}): counted, not used` });
    linkRuns(runs, kernel);
    return {
      format: this.format,
      lines,
      bytes: this.splitter.bytes,
      kernelLines: this.kernelLines,
      boots,
      events: events as LogEvent[],
      runs,
      violations: capViolations(violations.sort(byLine), this.opts.maxViolationsPerRule),
      stalls,
      trace,
      kernel,
      warnings: capWarnings(all.sort(byLine)),
      profile: this.profile.name,
      torture,
      ...(rcuRuns.length ? { rcu: rcuRuns } : {}),
    };
  }

  /** The time of a line, or of the nearest earlier timed line of the same boot; none when a line
   * timed by `stop` comes first (a wall-clock time is stale once lines carry times since boot). */
  private timeAt(line: number, boots: Boot[], times: LineTimes, stop?: LineTimes): number | null {
    const floor = boots.length ? boots[bootOf(boots, line)]!.startLine : 1;
    const from = Math.min(line, this.splitter.lines), min = Math.max(floor, 1, line - 9_999);
    const k = times.nearestTimed(from, min);
    if (stop) {
      const s = stop.nearestTimed(from, min);
      if (s >= 0 && (k < 0 || stop.lineOf(s) >= times.lineOf(k))) return null;
    }
    return k >= 0 ? times.timeOf(k) : null;
  }
}

/** Whose line this is, for a stall report's title (stalls/title.ts): a caller id, else whether it
 * carries a time stamp. */
function lineContext(h: Head): string {
  if (h.callerKind !== 0) return `${h.callerKind === 84 ? 'T' : 'C'}${h.callerId}`;
  return Number.isNaN(h.time) ? '' : 'console';
}

function concat(chunks: Uint8Array[], len: number): Uint8Array {
  const out = new Uint8Array(len);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

export function analyzeBytes(bytes: Uint8Array, opts?: AnalyzeOptions): Analysis {
  const a = new Analyzer(opts);
  a.push(bytes);
  return a.end();
}

export function analyzeText(text: string, opts?: AnalyzeOptions): Analysis {
  return analyzeBytes(new TextEncoder().encode(text), opts);
}
