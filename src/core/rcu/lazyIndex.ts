// Indexes with lazy deletion for run building: a log may repeat one scenario line a million times
// (issue 14), so "the open reader of this path, oldest first" or "the most recently started reader
// still waiting" must not rescan everything open. An entry that is no longer valid (its reader
// ended, took its path) stays until it reaches the top, where it is dropped for good: each entry
// is pushed and dropped once, so every query is amortised O(log n) or O(1).

import { TimedHeap } from '../heap';

/** A stack whose top is the most recently pushed entry that is still valid. */
export class LazyStack<T> {
  private readonly items: T[] = [];
  constructor(private readonly valid: (t: T) => boolean) {}

  push(t: T): void { this.items.push(t); }

  top(): T | undefined {
    const a = this.items;
    while (a.length && !this.valid(a[a.length - 1]!)) a.pop();
    return a[a.length - 1];
  }

  /** The first `k` valid entries from the top, most recent first (none removed). */
  topK(k: number): T[] {
    const out: T[] = [];
    const a = this.items;
    const kept: T[] = [];
    while (out.length < k && a.length) {
      const t = a.pop()!;
      if (this.valid(t)) { out.push(t); kept.push(t); }
    }
    for (let i = kept.length - 1; i >= 0; i--) a.push(kept[i]!);
    return out;
  }

  /** Valid entries, oldest first (for the end of a run: each is visited once). */
  *values(): IterableIterator<T> {
    for (const t of this.items) if (this.valid(t)) yield t;
  }
}

interface HeapEntry<T> { time: number; seq: number; item: T }

/** A min-heap on (key, tie) whose minimum is the smallest entry that is still valid. */
export class LazyHeap<T> {
  private readonly h = new TimedHeap<HeapEntry<T>>();
  constructor(private readonly valid: (t: T, key: number) => boolean) {}

  push(item: T, key: number, tie: number): void {
    this.h.push({ time: key, seq: tie, item });
  }

  min(): T | undefined {
    this.clean();
    return this.h.peek()?.item;
  }

  /** The `k` smallest valid entries in order (none removed). */
  minK(k: number): T[] {
    const taken: HeapEntry<T>[] = [];
    while (taken.length < k) {
      this.clean();
      const e = this.h.pop();
      if (!e) break;
      taken.push(e);
    }
    for (const e of taken) this.h.push(e);
    return taken.map((e) => e.item);
  }

  private clean(): void {
    for (let e = this.h.peek(); e && !this.valid(e.item, e.time); e = this.h.peek()) this.h.pop();
  }
}
