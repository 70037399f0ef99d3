// Axis ticks at "nice" values (1, 2, 5 × 10^k), shared by the canvas and the SVG export.

import type { TimelineAxis } from './timeline';

interface Ticks {
  step: number;
  values: number[];
  /** Decimals that tell neighbouring ticks apart. */
  decimals: number;
}

/** About `target` ticks over [from, to]; never more than 1000 whatever the input. */
export function niceTicks(from: number, to: number, target: number, integer = false): Ticks {
  const span = to - from;
  if (!(span > 0) || !Number.isFinite(span)) return { step: 1, values: Number.isFinite(from) ? [from] : [], decimals: 0 };
  const raw = span / Math.max(1, target);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  let step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const values: number[] = [];
  const first = Math.ceil(from / step);
  for (let k = first; k * step <= to && values.length < 1000; k++) values.push(k * step);
  const decimals = integer ? 0 : Math.max(0, Math.min(9, -Math.floor(Math.log10(step) + 1e-9)));
  return { step, values, decimals };
}

/** Ticks suited to the axis kind (line numbers are integers). */
export function axisTicks(axis: TimelineAxis, from: number, to: number, target: number): Ticks {
  return niceTicks(from, to, target, axis.mode === 'line');
}

/** A tick's text: `131.1`, `line 600`, `+12.5`. */
export function tickLabel(axis: TimelineAxis, v: number, decimals: number): string {
  if (axis.mode === 'line') return String(Math.round(v));
  const t = v.toFixed(decimals);
  return axis.mode === 'wallclock' ? `+${t}` : t;
}
