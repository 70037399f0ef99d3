// Literal prefixes tested against raw bytes in one walk: a byte trie over every prefix the
// analyzer cares about (the profile's message prefixes and the key prefixes of stall reports,
// banners, lost lines). A message that starts with none of them costs one or two table lookups,
// which is what every line of a large log pays, so this is the analyzer's per-line filter.

export class PrefixTrie {
  /** next[node * 256 + byte] = child node (0 = none; node 0 is the root, never a child). */
  private next: Int32Array;
  /** Bit set of the groups whose prefix ends at a node. */
  private ends: Int32Array;
  private nodes = 1;
  /** Every add() so far, in order: tries with the same key have the same tables. */
  key = '';

  constructor() {
    this.next = new Int32Array(256 * 64);
    this.ends = new Int32Array(64);
  }

  /** Set by freeze(): the trie is shared (sharedTrie) or copied (wasmSkim.ts), and add() would
   * change it under its other users. */
  private isFrozen = false;

  /** No add() from now on. */
  freeze(): void { this.isFrozen = true; }

  get frozen(): boolean { return this.isFrozen; }

  /** Add a prefix to a group (bit 0..30). */
  add(prefix: Uint8Array | string, group: number): void {
    if (this.isFrozen) throw new Error('PrefixTrie: a shared trie cannot change');
    const p = bytesOf(prefix);
    if (p.length === 0) return;
    let n = 0;
    for (let k = 0; k < p.length; k++) {
      const slot = n * 256 + p[k]!;
      let c = this.next[slot]!;
      if (c === 0) {
        c = this.nodes++;
        this.grow();
        this.next[slot] = c;
      }
      n = c;
    }
    this.ends[n]! |= 1 << group;
    this.key += entryKey(p, group);
  }

  /** The trie's tables as match() reads them, for a copy that walks them elsewhere (wasmSkim.ts). */
  tables(): { next: Int32Array; ends: Int32Array; nodes: number } {
    return { next: this.next.subarray(0, this.nodes * 256), ends: this.ends.subarray(0, this.nodes), nodes: this.nodes };
  }

  /** The groups of every prefix that b[i, end) starts with (0 when none). */
  match(b: Uint8Array, i: number, end: number): number {
    const next = this.next, ends = this.ends;
    let n = 0, found = 0;
    while (i < end) {
      n = next[(n << 8) | b[i]!]!;
      if (n === 0) break;
      found |= ends[n]!;
      i++;
    }
    return found;
  }

  private grow(): void {
    if (this.nodes <= this.ends.length) return;
    const size = this.ends.length * 2;
    const next = new Int32Array(256 * size);
    next.set(this.next);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.next = next;
    this.ends = ends;
  }
}

/** Tries built, by their (prefix, group) lists: see sharedTrie(). */
const built = new Map<string, PrefixTrie>();
const MAX_BUILT = 8;

/**
 * The trie of these (prefix, group) pairs, added in this order: built once per distinct list and
 * shared (most analyzers of a process have the same prefixes, and building the trie of the usual
 * ones allocates and copies megabytes as its tables double). It cannot change.
 */
export function sharedTrie(pairs: readonly (readonly [string | Uint8Array, number])[]): PrefixTrie {
  // (the key the trie itself would have: the same bytes in the same groups make the same trie)
  let key = '';
  for (const [p, g] of pairs) { const b = bytesOf(p); if (b.length > 0) key += entryKey(b, g); }
  let t = built.get(key);
  if (t === undefined) {
    t = new PrefixTrie();
    for (const [p, g] of pairs) t.add(p, g);
    t.freeze();
    if (built.size >= MAX_BUILT) built.delete(built.keys().next().value!);
    built.set(key, t);
  }
  return t;
}

function bytesOf(prefix: Uint8Array | string): Uint8Array {
  return typeof prefix === 'string' ? new TextEncoder().encode(prefix) : prefix;
}

/** One add() in PrefixTrie.key. */
function entryKey(p: Uint8Array, group: number): string {
  return `${group}:${Array.from(p).join(',')};`;
}
