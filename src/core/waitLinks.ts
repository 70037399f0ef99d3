// Which readers a grace period waited for (and overlapped), and which grace periods waited for (and
// overlapped) a reader, named a few and counted in all (issue 14: "every stage must stay linear in
// the number of lines and events whatever they say"). A log where 4,000 readers are inside while
// 4,000 synchronize_rcu() calls come and go has 16 million such pairs: listing each in every grace
// period and every reader made the analysis, its JSON and its views quadratic. Now each list names at
// most MAX_NAMED_LINKS and a count says how many there are (GracePeriod.waitedForCount,
// Reader.waitedForByCount ...); the producers (rcu/rules.ts, patterns/phased-state-change/phases.ts)
// count without enumerating the pairs, and every view says "and 3,980 more" where a list is cut.

/** Readers named per grace period, grace periods named per reader; the rest are counted. */
export const MAX_NAMED_LINKS = 20;

/** Steps taken to link grace periods and readers (a reader or wait looked at, a tree searched),
 * counted so that test/unit/linear-waits.test.ts can show the work linear without timing it. */
export const linkWork = { steps: 0 };

/** `a, b, c` (joined by `sep`), or when `count` is more than the names, `a, b, c and 3,980 more`:
 * a list cut short never reads as the whole. */
export function namedAndMore(names: readonly string[], count: number, sep = ', '): string {
  const more = count - names.length;
  return more > 0 ? `${names.join(sep)} and ${more.toLocaleString('en')} more` : names.join(sep);
}

/** Ids kept in the order they were added, with removal in O(1) and the first k read in O(k)
 * (a Set read from its front after many removals walks their holes). Ids are small integers. */
export class OrderedIds {
  private readonly next: number[] = [];
  private readonly prev: number[] = [];
  private readonly in: boolean[] = [];
  private head = -1;
  private tail = -1;
  size = 0;

  has(id: number): boolean { return this.in[id] === true; }

  add(id: number): void {
    if (this.in[id]) return;
    this.in[id] = true;
    this.prev[id] = this.tail;
    this.next[id] = -1;
    if (this.tail >= 0) this.next[this.tail] = id; else this.head = id;
    this.tail = id;
    this.size++;
  }

  delete(id: number): void {
    if (!this.in[id]) return;
    this.in[id] = false;
    const p = this.prev[id]!, n = this.next[id]!;
    if (p >= 0) this.next[p] = n; else this.head = n;
    if (n >= 0) this.prev[n] = p; else this.tail = p;
    this.size--;
  }

  /** The first k ids added that are still here, in the order they were added. */
  first(k: number): number[] {
    const out: number[] = [];
    for (let id = this.head; id >= 0 && out.length < k; id = this.next[id]!) out.push(id);
    return out;
  }
}

/** A Fenwick tree of counts over positions 0..n-1. */
export class CountTree {
  private readonly t: Int32Array;

  constructor(n: number) { this.t = new Int32Array(n + 1); }

  add(i: number, d: number): void {
    for (let j = i + 1; j < this.t.length; j += j & -j) this.t[j]! += d;
  }

  /** The count over positions [0, i). */
  below(i: number): number {
    let s = 0;
    for (let j = Math.min(i, this.t.length - 1); j > 0; j -= j & -j) s += this.t[j]!;
    return s;
  }

  /** The count over positions [lo, hi). */
  range(lo: number, hi: number): number {
    return hi > lo ? this.below(hi) - this.below(lo) : 0;
  }
}
