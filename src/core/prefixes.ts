// A set of literal prefixes tested against raw bytes: a first-byte table, then a compare.
// The analyzer's per-line "could this line matter?" test, nearly free for lines that don't.

export class PrefixSet {
  private readonly first = new Uint8Array(256);
  private readonly list: Uint8Array[];

  constructor(prefixes: readonly string[]) {
    const enc = new TextEncoder();
    this.list = prefixes.filter((p) => p.length > 0).map((p) => enc.encode(p));
    for (const p of this.list) this.first[p[0]!] = 1;
  }

  /** Does b[i, end) start with one of the prefixes (after leading spaces and tabs)? */
  test(b: Uint8Array, i: number, end: number): boolean {
    let c = b[i];
    while ((c === 32 || c === 9) && i < end) c = b[++i];
    if (i >= end || this.first[c!] === 0) return false;
    outer: for (const p of this.list) {
      if (end - i < p.length) continue;
      for (let k = 1; k < p.length; k++) if (b[i + k] !== p[k]) continue outer;
      if (b[i] === p[0]) return true;
    }
    return false;
  }
}
