// Indexes with lazy deletion for run building: a log may repeat one scenario line a million times
// (issue 14), so "the open reader of this path, oldest first" or "the most recently started reader
// still waiting" must not rescan everything open. An entry that is no longer valid (its reader
// ended, took its path) stays until it reaches the top, where it is dropped for good: each entry
// is pushed and dropped once, so every query is amortised O(log n) or O(1).
//
// Per entry they allocate nothing (the heap keeps its keys, ties and items in three arrays, not an
// object an entry), and nothing at all until the first push: a run of one line makes six of them.

/** A stack whose top is the most recently pushed entry that is still valid. */
export class LazyStack<T> {
  private items: T[] | null = null;
  constructor(private readonly valid: (t: T) => boolean) {}

  push(t: T): void { (this.items ??= []).push(t); }

  top(): T | undefined {
    const a = this.items;
    if (!a) return undefined;
    while (a.length && !this.valid(a[a.length - 1]!)) a.pop();
    return a[a.length - 1];
  }

  /** The first `k` valid entries from the top, most recent first (none removed). */
  topK(k: number): T[] {
    const out: T[] = [];
    const a = this.items;
    if (!a) return out;
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
    for (const t of this.items ?? []) if (this.valid(t)) yield t;
  }
}

/** A min-heap on (key, tie) whose minimum is the smallest entry that is still valid. Ties are
 * unique per heap (a reader's id), so equal keys pop in tie order. */
export class LazyHeap<T> {
  private keys: number[] = EMPTY;
  private ties: number[] = EMPTY;
  private items: T[] = EMPTY as T[];
  constructor(private readonly valid: (t: T, key: number) => boolean) {}

  push(item: T, key: number, tie: number): void {
    if (this.items === EMPTY) { this.keys = []; this.ties = []; this.items = []; }
    const k = this.keys, ti = this.ties, it = this.items;
    let i = it.length;
    k.push(key); ti.push(tie); it.push(item);
    // sift up: move parents down until the new entry's place is found
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(key < k[p]! || (key === k[p]! && tie < ti[p]!))) break;
      k[i] = k[p]!; ti[i] = ti[p]!; it[i] = it[p]!;
      i = p;
    }
    k[i] = key; ti[i] = tie; it[i] = item;
  }

  min(): T | undefined {
    this.clean();
    return this.items[0];
  }

  /** The `k` smallest valid entries in order (none removed). */
  minK(k: number): T[] {
    const taken: [T, number, number][] = [];
    while (taken.length < k) {
      this.clean();
      if (!this.items.length) break;
      taken.push([this.items[0]!, this.keys[0]!, this.ties[0]!]);
      this.pop();
    }
    for (const [item, key, tie] of taken) this.push(item, key, tie);
    return taken.map((e) => e[0]);
  }

  private clean(): void {
    while (this.items.length && !this.valid(this.items[0]!, this.keys[0]!)) this.pop();
  }

  /** Drop the minimum. */
  private pop(): void {
    const k = this.keys, ti = this.ties, it = this.items;
    const n = it.length - 1;
    const key = k.pop()!, tie = ti.pop()!, item = it.pop()!;
    if (n === 0) return;
    // sift the last entry down from the root
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = -1, mk = key, mt = tie;
      if (l < n && (k[l]! < mk || (k[l] === mk && ti[l]! < mt))) { m = l; mk = k[l]!; mt = ti[l]!; }
      if (r < n && (k[r]! < mk || (k[r] === mk && ti[r]! < mt))) { m = r; }
      if (m < 0) break;
      k[i] = k[m]!; ti[i] = ti[m]!; it[i] = it[m]!;
      i = m;
    }
    k[i] = key; ti[i] = tie; it[i] = item;
  }
}

/** The shared storage of a heap nothing was pushed to yet (never written: push replaces it first). */
const EMPTY: never[] = [];
