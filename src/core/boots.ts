// Boot tracking. A new boot starts at a `Linux version` banner, a journal boot marker (`-- Boot
// <id> --`, `-- Reboot --`), or a timestamp that goes back by more than a second (printk stamps
// from different CPUs may be a little out of order; a reboot starts again near zero).
//
// Event-driven so the analyzer's per-line loop stays numbers-only: it calls reset()/banner()/
// marker() only on the rare lines that can start a boot, and boots end where the next begins.

import type { Boot } from './model';

/** Substrings the analyzer searches for to find banner lines without decoding every line. */
export const BOOT_KEYWORDS: readonly string[] = ['Linux version '];

/** How far back a timestamp must jump to mean a reboot rather than printk reordering. */
export const BOOT_RESET_SECONDS = 1;

export class BootTracker {
  private readonly boots: Boot[] = [];
  /** Boot of the current line. */
  index = 0;
  /** Highest timestamp seen in the current boot (NaN before the first). */
  private maxTime = NaN;
  private bannerSeen = false;

  /** The first line of the input. */
  start(lineNo: number): void {
    this.boots.push({ index: 0, startLine: lineNo, endLine: lineNo, banner: null });
  }

  /** A line's timestamp; returns true when it started a new boot (went back by > 1 s). */
  time(lineNo: number, t: number): boolean {
    if (t < this.maxTime - BOOT_RESET_SECONDS) {
      this.open(lineNo);
      this.maxTime = t;
      return true;
    }
    if (!(t <= this.maxTime)) this.maxTime = t;
    return false;
  }

  /** A `Linux version` banner. It starts a boot unless the current one just started without one. */
  banner(lineNo: number, t: number, text: string): void {
    const cur = this.boots[this.boots.length - 1]!;
    const fresh = cur.startLine === lineNo || (!this.bannerSeen && !(this.maxTime > (Number.isNaN(t) ? 0 : t) + BOOT_RESET_SECONDS));
    if (!fresh) { this.open(lineNo); this.maxTime = t; }
    this.bannerSeen = true;
    this.boots[this.boots.length - 1]!.banner = text.trim();
  }

  /** A journal boot marker line (`-- Boot <id> --`): the header of a new boot. */
  marker(lineNo: number): void {
    this.open(lineNo);
    this.maxTime = NaN;
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
