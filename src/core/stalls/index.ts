// Stall reports (stub by the lead so the analyzer runs; the stalls helper replaces it).
import type { Stall } from '../model';

export const STALL_KEYWORDS: readonly string[] = ['stall', 'Stall', 'starved'];

export class StallCollector {
  get active(): boolean { return false; }
  push(_line: number, _boot: number, _time: number | null, _text: string, _kind: string): void { /* stub */ }
  finish(): Stall[] { return []; }
}
