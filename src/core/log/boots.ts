// Boot tracking. A new boot starts at a `Linux version` banner, a journal boot marker (`-- Boot
// <id> --`, `-- Reboot --`), or a timestamp that goes back by more than a second (printk stamps
// from different CPUs may be a little out of order; a reboot starts again near zero).
//
// A jump back is only a reboot when the time lands in the first half of the boot so far and the
// next kernel timestamp stays there (or the line is a banner): a secondary CPU's early clock
// (`[1.72] ...`, `[0.025] kvm-clock: cpu 1`, `[1.72] ...`) and NMI backtraces stamped earlier than a
// line printed meanwhile (`[292.7] ...` amid `[277.8]` lines) are not reboots.
//
// Event-driven so the analyzer's per-line loop stays numbers-only: it calls reset()/banner()/
// marker() only on the rare lines that can start a boot, and boots end where the next begins.
//
// When a reset is seen, the untimed lines just before it (firmware, bootloader, decompressor on a
// serial console: `SeaBIOS ...`, `Booting the kernel.`) belong to the new boot: its start moves
// back to the line after the last timed line. `index` was already handed out for those lines, so
// `boots` (and bootOf) are the truth for them.
//
// Only kernel records' times count: an ftrace dump's event times (trace clock) are earlier than the
// printk time of the dump and would look like a reboot.

import type { Boot, RecordKind } from '../model';

/** Substrings the analyzer searches for to find banner lines without decoding every line. */
export const BOOT_KEYWORDS: readonly string[] = ['Linux version '];

/** How far back a timestamp must jump to mean a reboot rather than printk reordering. */
const BOOT_RESET_SECONDS = 1;

/** The kernel's boot banner: `Linux version 6.1.0 (builder@host) (gcc ...) #1 SMP ...`. */
export function isBootBanner(text: string): boolean {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.startsWith('Linux version ', i) && text.length > i + 14 && text[i + 14] !== ' ';
}

export class BootTracker {
  private readonly boots: Boot[] = [];
  /** Boot of the current line. */
  index = 0;
  /** Highest timestamp seen in the current boot (NaN before the first). */
  private maxTime = NaN;
  private bannerSeen = false;
  /** The last line with a kernel timestamp (0: none yet). */
  private lastTimedLine = 0;
  /** Called when a jump back is settled, reboot or not (the analyzer holds events meanwhile). */
  onSettle: (() => void) | null = null;

  /** A jump back waits for the next timestamp: lines from `pendingFrom` may be a new boot. */
  get pending(): boolean {
    return this.pendingFrom > 0;
  }

  /** The first line of the current boot. */
  get currentStart(): number {
    return this.boots.length ? this.boots[this.boots.length - 1]!.startLine : 1;
  }

  /** The first line of the input. */
  start(lineNo: number): void {
    this.boots.push({ index: 0, startLine: lineNo, endLine: lineNo, banner: null });
  }

  /**
   * A line's timestamp; returns true when it confirmed a new boot (see above: the boot starts at
   * the line that went back, or earlier, not at this one). Pass the record's kind: a 'trace'
   * record's time (ftrace clock) is ignored.
   */
  time(lineNo: number, t: number, kind?: RecordKind): boolean {
    if (kind === 'trace' || t !== t) return false;
    if (this.boots.length === 0) this.start(lineNo);
    let reset = false;
    if (this.pendingFrom > 0) {
      if (t < this.pendingLimit) { this.confirm(); reset = true; }
      else this.pendingFrom = 0; // one line out of order: same boot
      this.onSettle?.();
    }
    if (!reset && this.pendingFrom === 0 && t < this.maxTime - BOOT_RESET_SECONDS && t < this.maxTime / 2) {
      const cur = this.boots[this.boots.length - 1]!;
      this.pendingFrom = this.lastTimedLine >= cur.startLine && this.lastTimedLine + 1 < lineNo ? this.lastTimedLine + 1 : lineNo;
      this.pendingLimit = Math.min(this.maxTime - BOOT_RESET_SECONDS, this.maxTime / 2);
      this.pendingTime = t;
    } else if (this.pendingFrom === 0 && !(t <= this.maxTime)) {
      this.maxTime = t;
    }
    this.lastTimedLine = lineNo;
    return reset;
  }

  /** time()'s common case, cheap enough for every line: a kernel time not below the boot's
   * highest so far, with no jump back pending. False (nothing done) when time() must decide. */
  /** The time a line must reach for rising() to take it, NaN when none can (a jump back is
   * waiting for its verdict): what a loop that takes many lines at once needs to know. */
  get floor(): number { return this.pendingFrom !== 0 ? NaN : this.maxTime; }

  /** rising() was true for every line up to lineNo, the last at t (taken by such a loop). */
  rose(lineNo: number, t: number): void {
    this.maxTime = t;
    this.lastTimedLine = lineNo;
  }

  rising(lineNo: number, t: number): boolean {
    if (!(t >= this.maxTime) || this.pendingFrom !== 0) return false;
    this.maxTime = t;
    this.lastTimedLine = lineNo;
    return true;
  }

  /** A jump back waiting for the next timestamp to say whether it was a reboot (0: none). */
  private pendingFrom = 0;
  private pendingLimit = NaN;
  private pendingTime = NaN;

  private confirm(): void {
    this.open(this.pendingFrom);
    this.maxTime = this.pendingTime;
    this.pendingFrom = 0;
  }

  /** A `Linux version` banner. It starts a boot unless the current one just started without one. */
  banner(lineNo: number, t: number, text: string): void {
    if (this.boots.length === 0) this.start(lineNo);
    if (this.pendingFrom > 0) { this.confirm(); this.onSettle?.(); } // a banner after a jump back: a reboot, no doubt
    const cur = this.boots[this.boots.length - 1]!;
    const fresh = cur.startLine === lineNo || (!this.bannerSeen && !(this.maxTime > (Number.isNaN(t) ? 0 : t) + BOOT_RESET_SECONDS));
    if (!fresh) { this.open(lineNo); this.maxTime = t; }
    this.bannerSeen = true;
    this.boots[this.boots.length - 1]!.banner = text.trim();
  }

  /** A journal boot marker line (`-- Boot <id> --`): the header of a new boot. */
  marker(lineNo: number): void {
    if (this.boots.length === 0) this.start(lineNo);
    const settled = this.pendingFrom > 0;
    this.pendingFrom = 0;
    this.open(lineNo);
    this.maxTime = NaN;
    if (settled) this.onSettle?.();
  }

  private open(lineNo: number): void {
    const cur = this.boots[this.boots.length - 1]!;
    if (cur.startLine >= lineNo) return; // nothing in the current boot yet
    this.boots.push({ index: this.boots.length, startLine: lineNo, endLine: lineNo, banner: null });
    this.index = this.boots.length - 1;
    this.bannerSeen = false;
  }

  /** Boots with their end lines (each ends where the next begins). */
  finish(lines: number): Boot[] {
    if (this.boots.length === 0) this.start(1);
    for (let i = 0; i < this.boots.length; i++) {
      const next = this.boots[i + 1];
      this.boots[i]!.endLine = next ? next.startLine - 1 : Math.max(lines, this.boots[i]!.startLine);
    }
    return this.boots;
  }
}

/** The boot a line belongs to (boots in line order, as BootTracker makes them). */
export function bootOf(boots: readonly Boot[], line: number): number {
  let lo = 0, hi = boots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (boots[mid]!.startLine <= line) lo = mid; else hi = mid - 1;
  }
  return lo < 0 ? 0 : boots[lo]!.index;
}
