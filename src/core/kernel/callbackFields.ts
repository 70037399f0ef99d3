// rcu_callback and rcu_invoke_callback read off the bytes (after the grace-period events, the
// most frequent ones the model uses): `<flavour> rhp=<pointer> func=<symbol>[ <qlen>]`. Only the
// plain shape is taken — printable ASCII words, single spaces, nothing trailing; whatever else
// returns null and goes to traceFields (log/formats/traceEvents.ts), whose result this equals
// where both apply (test/unit/ftrace-skim.test.ts). Words are interned: a trace names the same
// few flavours and functions over and over, and a string per line is what the regex path costs.

type CallbackFields = { rcuname: string; rhp: string; func: string };

const PTRVAL = '(____ptrval____)', NULLPTR = '(null)';
const RHP = [32, 114, 104, 112, 61]; // ` rhp=`
const FUNC = [32, 102, 117, 110, 99, 61]; // ` func=`

/** Interned words by their bytes (a small open table; past its size words are decoded anew). */
class Words {
  private readonly keys: Uint8Array[] = [];
  private readonly vals: string[] = [];
  private readonly slots = new Int32Array(1024).fill(-1);
  constructor(private readonly dec: { decode(b: Uint8Array): string }) {}

  get(b: Uint8Array, s: number, e: number): string {
    let hsh = 0x811c9dc5;
    for (let i = s; i < e; i++) hsh = Math.imul(hsh ^ b[i]!, 16777619);
    const mask = this.slots.length - 1;
    for (let k = 0, at = hsh & mask; k < 8; k++, at = (at + 1) & mask) {
      const j = this.slots[at]!;
      if (j < 0) {
        const v = this.dec.decode(b.subarray(s, e));
        if (this.keys.length < 768) { this.slots[at] = this.keys.length; this.keys.push(b.slice(s, e)); this.vals.push(v); }
        return v;
      }
      const key = this.keys[j]!;
      if (key.length === e - s && same(b, s, key)) return this.vals[j]!;
    }
    return this.dec.decode(b.subarray(s, e));
  }
}

function same(b: Uint8Array, s: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (b[s + i] !== key[i]) return false;
  return true;
}

function at(b: Uint8Array, i: number, e: number, w: readonly number[]): boolean {
  if (e - i < w.length) return false;
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w[k]) return false;
  return true;
}

/** End of a word of printable ASCII other than space (regex \S on ASCII) from i. */
function wordEnd(b: Uint8Array, i: number, e: number): number {
  while (i < e) { const c = b[i]!; if (c <= 32 || c >= 127) break; i++; }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export class CallbackReader {
  private readonly words: Words;
  constructor(private readonly dec: { decode(b: Uint8Array): string }) { this.words = new Words(dec); }

  /** The fields of b[s, e) for rcu_callback (invoke false) or rcu_invoke_callback; null: not the plain shape. */
  read(b: Uint8Array, s: number, e: number, invoke: boolean): CallbackFields | null {
    const fe = wordEnd(b, s, e);
    if (fe === s || !at(b, fe, e, RHP)) return null;
    // The pointer: `(____ptrval____)`, `(null)` or [0x]hex, as TP_printk's %p and the regex read it.
    const ps = fe + RHP.length;
    const pe = wordEnd(b, ps, e);
    if (pe === ps || !at(b, pe, e, FUNC)) return null;
    let rhp: string;
    if (b[ps] === 40) {
      if (pe - ps === PTRVAL.length && b[ps + 1] === 95 && b[ps + 15] === 41 && isPtrval(b, ps)) rhp = PTRVAL;
      else if (pe - ps === 6 && b[ps + 1] === 110 && b[ps + 2] === 117 && b[ps + 3] === 108 && b[ps + 4] === 108 && b[ps + 5] === 41) rhp = NULLPTR;
      else return null;
    } else {
      const h = b[ps] === 48 && b[ps + 1] === 120 && pe - ps > 2 ? ps + 2 : ps;
      for (let i = h; i < pe; i++) if (!isHex(b[i]!)) return null;
      rhp = this.dec.decode(b.subarray(ps, pe));
    }
    const us = pe + FUNC.length;
    const ue = wordEnd(b, us, e);
    if (ue === us) return null;
    if (invoke) {
      if (ue !== e) return null;
    } else {
      // ` %ld` (or ` %ld/%ld` before 5.4) and the end.
      if (ue + 1 >= e || b[ue] !== 32 || !counts(b, ue + 1, e)) return null;
    }
    return { rcuname: this.words.get(b, s, fe), rhp, func: this.words.get(b, us, ue) };
  }
}

function isPtrval(b: Uint8Array, i: number): boolean {
  for (let k = 0; k < PTRVAL.length; k++) if (b[i + k] !== PTRVAL.charCodeAt(k)) return false;
  return true;
}

/** `-?\d+` or `-?\d+/-?\d+` filling b[i, e). */
function counts(b: Uint8Array, i: number, e: number): boolean {
  const n = (j: number): number => {
    if (b[j] === 45) j++;
    const s = j;
    while (j < e && b[j]! >= 48 && b[j]! <= 57) j++;
    return j === s ? -1 : j;
  };
  let j = n(i);
  if (j < 0) return false;
  if (j === e) return true;
  if (b[j] !== 47) return false;
  j = n(j + 1);
  return j === e;
}
