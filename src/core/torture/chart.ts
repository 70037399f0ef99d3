// rcutorture runs laid out for the timeline: each run's series on the timeline's x axis (seconds
// since boot, or line numbers), with its failures as points. Plain arrays: it crosses postMessage.

import type { TortureFailureKind, TortureRun, TortureVerdict } from '../model';
import { tortureSummary } from './explain';

export interface TimelineTorture {
  run: number;
  type: string;
  verdict: TortureVerdict;
  /** One line: verdict, failure count, last ver, lines. */
  label: string;
  startLine: number;
  endLine: number;
  /** Per statistics block (cleanup blocks printed with VER left out: they repeat the last one). */
  x: number[];
  line: number[];
  ver: number[];
  reads: (number | null)[];
  errors: number[];
  tooShort: (number | null)[];
  failures: { x: number; line: number; kind: TortureFailureKind; message: string }[];
}

/** `at(line, time)` is the timeline's clock. */
export function tortureTimeline(runs: readonly TortureRun[], at: (line: number, time: number | null) => number): TimelineTorture[] {
  return runs.map((r) => {
    const live = r.samples.filter((s) => !s.final);
    return {
      run: r.id, type: r.type, verdict: r.verdict, label: tortureSummary(r), startLine: r.startLine, endLine: r.endLine,
      x: live.map((s) => at(s.line, s.time)),
      line: live.map((s) => s.line),
      ver: live.map((s) => s.ver),
      reads: live.map((s) => (s.pipe ? s.pipe.reduce((a, b) => a + b, 0) : null)),
      errors: live.map((s) => s.errors),
      tooShort: live.map((s) => (s.pipe ? s.pipe.slice(2).reduce((a, b) => a + b, 0) : null)),
      failures: r.failures.map((f) => ({ x: at(f.line, null), line: f.line, kind: f.kind, message: f.message })),
    };
  });
}
