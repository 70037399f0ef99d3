// Boot tracking (first cut by the lead so the analyzer runs; the formats helper refines it).
// A new boot starts at a `Linux version` banner, a journal boot marker, or a timestamp that goes
// back by more than a second. Cheap per line: numbers only, text only for keyword lines.

import type { Boot } from './model';
import { Flag } from './formats/head';

export const BOOT_KEYWORDS: readonly string[] = ['Linux version '];

export class BootTracker {
  private readonly boots: Boot[] = [];
  private cur: Boot | null = null;
  private lastTime = NaN;
  private bannerSeen = false;
  private maxTime = NaN;

  /** Observe one line; returns its boot index. `text` is given only for keyword lines. */
  line(lineNo: number, time: number, text: string | null, flags: number): number {
    const banner = text !== null && text.startsWith('Linux version ');
    let fresh = false;
    if (!this.cur) fresh = true;
    else if (flags & Flag.BootMarker) fresh = true;
    else if (!Number.isNaN(time) && !Number.isNaN(this.lastTime) && time < this.lastTime - 1) fresh = !this.justStarted(lineNo);
    else if (banner && (this.bannerSeen || (!Number.isNaN(this.maxTime) && this.maxTime > (Number.isNaN(time) ? 0 : time) + 1))) fresh = true;
    if (fresh) {
      if (this.cur) this.cur.endLine = lineNo - 1;
      this.cur = { index: this.boots.length, startLine: lineNo, endLine: lineNo, banner: null };
      this.boots.push(this.cur);
      this.bannerSeen = false;
      this.maxTime = NaN;
    }
    if (banner) { this.bannerSeen = true; this.cur!.banner = text!.trim(); }
    if (!Number.isNaN(time)) {
      this.lastTime = time;
      if (Number.isNaN(this.maxTime) || time > this.maxTime) this.maxTime = time;
    }
    this.cur!.endLine = lineNo;
    return this.cur!.index;
  }

  private justStarted(lineNo: number): boolean {
    return this.cur !== null && this.cur.startLine === lineNo;
  }

  finish(lines: number): Boot[] {
    if (this.cur) this.cur.endLine = Math.max(this.cur.endLine, lines);
    return this.boots;
  }
}
