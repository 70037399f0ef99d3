// "The first item from here on whose value is over x", in O(log n) a question: what the kernel
// model asks per synchronize_rcu() (the first grace period to start after the call that ended
// before it returned) and per blocked task rcu_gp_init() named (its first preemption still open
// then), and per work item of a pattern's must-not-overlap rule (the readers inside when it
// began: rcu/rules.ts). A scan per question made a trace with many of both quadratic (200,000
// kprobed calls and as many grace periods: 4e10 steps); test/unit/harden-kernel.test.ts counts the steps.

/** A max segment tree over values (fixed, or changed one at a time by set). */
export class FirstAbove {
  private readonly size: number;
  private readonly max: Float64Array;

  constructor(values: ArrayLike<number>) {
    let size = 1;
    while (size < values.length) size *= 2;
    this.size = size;
    this.max = new Float64Array(2 * size).fill(-Infinity);
    for (let i = 0; i < values.length; i++) this.max[size + i] = values[i]!;
    for (let i = size - 1; i >= 1; i--) this.max[i] = Math.max(this.max[2 * i]!, this.max[2 * i + 1]!);
  }

  /** values[i] = v (rcu/rules.ts replays which readers are inside as waits come). */
  set(i: number, v: number): void {
    let n = this.size + i;
    this.max[n] = v;
    for (n >>= 1; n >= 1; n >>= 1) this.max[n] = Math.max(this.max[2 * n]!, this.max[2 * n + 1]!);
  }

  /** The least i in [lo, hi) with values[i] > x, or -1. */
  find(lo: number, hi: number, x: number): number {
    if (lo >= hi) return -1;
    return this.walk(1, 0, this.size, lo, hi, x);
  }

  private walk(node: number, nlo: number, nhi: number, lo: number, hi: number, x: number): number {
    if (nhi <= lo || hi <= nlo || !(this.max[node]! > x)) return -1;
    if (nhi - nlo === 1) return nlo;
    const mid = (nlo + nhi) >> 1;
    const l = this.walk(2 * node, nlo, mid, lo, hi, x);
    return l >= 0 ? l : this.walk(2 * node + 1, mid, nhi, lo, hi, x);
  }
}

/** The least i with keys[i] > x in keys sorted ascending (keys.length if none). */
export function upperBound(keys: ArrayLike<number>, x: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** The least i with keys[i] >= x in keys sorted ascending. */
export function lowerBound(keys: ArrayLike<number>, x: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! >= x) hi = mid; else lo = mid + 1;
  }
  return lo;
}
