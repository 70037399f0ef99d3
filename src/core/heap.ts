// A binary min-heap of timed entries, ordered by (time, seq): equal times pop in insertion
// order, which keeps the simulation deterministic. The simulator's event queue stands on it (run
// building's lazy indexes, rcu/lazyIndex.ts, keep their own heap in three arrays: no object an entry).

interface Timed {
  time: number;
  seq: number;
}

export class TimedHeap<T extends Timed> {
  private a: T[] = [];

  get size(): number {
    return this.a.length;
  }

  /** The smallest entry, left in place. */
  peek(): T | undefined {
    return this.a[0];
  }

  push(x: T): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Timed, y: Timed): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}
