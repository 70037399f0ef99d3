// Binary relations over the n events of one candidate execution, as bit matrices (one row of
// 32-bit words per event), with the operators the LKMM's cat files are written in: union,
// intersection, difference, sequence (;), inverse, closures, restriction to a set ([S] ; r ; [T]).
// Sets of events are single rows (Uint32Array of the same width).

export type EvSet = Uint32Array;

export class Rel {
  readonly w: number;
  readonly bits: Uint32Array;
  constructor(readonly n: number, bits?: Uint32Array) {
    this.w = (n + 31) >>> 5;
    this.bits = bits ?? new Uint32Array(n * this.w);
  }

  static empty(n: number): Rel { return new Rel(n); }
  static id(n: number, s?: EvSet): Rel {
    const r = new Rel(n);
    for (let i = 0; i < n; i++) if (!s || has(s, i)) r.add(i, i);
    return r;
  }
  /** S * T: every pair. */
  static cross(n: number, s: EvSet, t: EvSet): Rel {
    const r = new Rel(n);
    for (let i = 0; i < n; i++) if (has(s, i)) r.bits.set(t, i * r.w);
    return r;
  }

  has(i: number, j: number): boolean { return (this.bits[i * this.w + (j >>> 5)]! & (1 << (j & 31))) !== 0; }
  add(i: number, j: number): void { this.bits[i * this.w + (j >>> 5)]! |= 1 << (j & 31); }
  row(i: number): Uint32Array { return this.bits.subarray(i * this.w, (i + 1) * this.w); }

  private map2(o: Rel, f: (a: number, b: number) => number): Rel {
    const r = new Rel(this.n);
    for (let k = 0; k < this.bits.length; k++) r.bits[k] = f(this.bits[k]!, o.bits[k]!);
    return r;
  }
  or(...os: Rel[]): Rel {
    const r = new Rel(this.n, this.bits.slice());
    for (const o of os) for (let k = 0; k < r.bits.length; k++) r.bits[k]! |= o.bits[k]!;
    return r;
  }
  and(o: Rel): Rel { return this.map2(o, (a, b) => a & b); }
  minus(o: Rel): Rel { return this.map2(o, (a, b) => a & ~b); }

  /** this ; o */
  seq(o: Rel): Rel {
    const r = new Rel(this.n), w = this.w;
    for (let i = 0; i < this.n; i++) {
      const base = i * w;
      for (let kw = 0; kw < w; kw++) {
        let word = this.bits[base + kw]!;
        while (word) {
          const b = word & -word;
          const k = (kw << 5) + (31 - Math.clz32(b));
          word ^= b;
          const ob = k * w;
          for (let x = 0; x < w; x++) r.bits[base + x]! |= o.bits[ob + x]!;
        }
      }
    }
    return r;
  }

  inv(): Rel {
    const r = new Rel(this.n);
    for (let i = 0; i < this.n; i++) for (let j = 0; j < this.n; j++) if (this.has(i, j)) r.add(j, i);
    return r;
  }

  /** r+ (Warshall on bit rows). */
  plus(): Rel {
    const r = new Rel(this.n, this.bits.slice()), w = this.w, n = this.n;
    for (let k = 0; k < n; k++) {
      const kb = k * w, kw = k >>> 5, kbit = 1 << (k & 31);
      for (let i = 0; i < n; i++) {
        if (r.bits[i * w + kw]! & kbit) {
          const ib = i * w;
          for (let x = 0; x < w; x++) r.bits[ib + x]! |= r.bits[kb + x]!;
        }
      }
    }
    return r;
  }
  star(): Rel { return this.plus().or(Rel.id(this.n)); }
  opt(): Rel { return this.or(Rel.id(this.n)); }

  /** [s] ; this ; [t] (either side may be omitted). */
  restrict(s: EvSet | null, t: EvSet | null): Rel {
    const r = new Rel(this.n), w = this.w;
    for (let i = 0; i < this.n; i++) {
      if (s && !has(s, i)) continue;
      for (let x = 0; x < w; x++) r.bits[i * w + x] = this.bits[i * w + x]! & (t ? t[x]! : 0xffffffff);
    }
    return r;
  }

  isEmpty(): boolean { for (const b of this.bits) if (b) return false; return true; }
  irreflexive(): boolean { for (let i = 0; i < this.n; i++) if (this.has(i, i)) return false; return true; }
  acyclic(): boolean { return this.plus().irreflexive(); }

  domain(): EvSet {
    const s = new Uint32Array(this.w);
    for (let i = 0; i < this.n; i++) if (this.row(i).some((x) => x !== 0)) set(s, i);
    return s;
  }
  range(): EvSet {
    const s = new Uint32Array(this.w);
    for (let i = 0; i < this.n; i++) for (let x = 0; x < this.w; x++) s[x]! |= this.bits[i * this.w + x]!;
    return s;
  }
}

export function has(s: EvSet, i: number): boolean { return (s[i >>> 5]! & (1 << (i & 31))) !== 0; }
export function set(s: EvSet, i: number): void { s[i >>> 5]! |= 1 << (i & 31); }
export function newSet(n: number): EvSet { return new Uint32Array((n + 31) >>> 5); }
export function setOf(n: number, pred: (i: number) => boolean): EvSet {
  const s = newSet(n);
  for (let i = 0; i < n; i++) if (pred(i)) set(s, i);
  return s;
}
export function setOr(a: EvSet, b: EvSet): EvSet { return a.map((x, k) => x | b[k]!); }
export function setMinus(a: EvSet, b: EvSet): EvSet { return a.map((x, k) => x & ~b[k]!); }
export function setNot(n: number, a: EvSet): EvSet { return setOf(n, (i) => !has(a, i)); }
