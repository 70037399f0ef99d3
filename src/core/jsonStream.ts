// JSON.stringify in pieces. The analysis of a log with 200,000 runs is about a gigabyte of JSON,
// past the longest string V8 can make (`RangeError: Invalid string length`), and holding it whole
// would double the memory anyway. jsonChunks yields the text JSON.stringify(value, null, indent)
// gives, a piece at a time, so the CLI writes it as it goes. Small subtrees (an event, a reader)
// go to the native JSON.stringify whole, which is fast; only the large arrays and objects around
// them are walked here. Plain data is the contract (the model is); toJSON is honoured, cycles
// throw a TypeError as JSON.stringify does.

/** A subtree of at most this many values (strings count by length) is stringified natively. */
const SMALL = 256;
/** Pieces are about this many characters: large enough that a write per piece costs nothing. */
const PIECE = 1 << 16;

type Obj = Record<string, unknown>;

/** The size of v's subtree in values (a string of n characters weighs 1 + n/64), up to limit + 1. */
function weigh(v: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    n += typeof x === 'string' ? 1 + (x.length >> 6) : 1;
    if (n > limit) return n;
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) stack.push(x[i]); }
    else for (const k in x) stack.push((x as Obj)[k]); // inherited keys only make it heavier: still correct
  }
  return n;
}

/** Values JSON leaves out of an object and writes as null in an array. */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** v as JSON sees it under key k: its toJSON(k) if it has one. */
const jsonValue = (v: unknown, k: string): unknown =>
  v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(k: string): unknown }).toJSON(k) : v;

/**
 * The text of JSON.stringify(value, null, indent), in pieces of about `o.piece` characters
 * (nothing for a value JSON.stringify turns into undefined). `indent` is 0 to 10 spaces.
 * `o.small` (values) sets which subtrees go to JSON.stringify whole; tests lower it.
 */
export function* jsonChunks(value: unknown, indent = 0, o: { piece?: number; small?: number } = {}): Generator<string, void, undefined> {
  const piece = o.piece ?? PIECE, limit = o.small ?? SMALL;
  const gap = ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent))));
  const open = new Set<object>(); // the large objects being walked: a cycle through them throws
  let buf = '';

  const native = (v: unknown, cur: string): string => {
    const s = JSON.stringify(v, null, gap) as string | undefined;
    if (s === undefined) return 'null'; // only reached for array items; objects skip such values first
    return gap && cur && s.includes('\n') ? s.replace(/\n/g, `\n${cur}`) : s;
  };

  const small = (v: unknown): boolean => v === null || typeof v !== 'object' || weigh(v, limit) <= limit;

  /** v: already through jsonValue, not skipped, and not small. */
  function* write(v: object, cur: string): Generator<string, void, undefined> {
    if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
    open.add(v);
    const inner = cur + gap;
    const sep = gap ? `\n${inner}` : '';
    if (Array.isArray(v)) {
      buf += '[';
      for (let i = 0; i < v.length; i++) {
        buf += i ? `,${sep}` : sep;
        const x = jsonValue(v[i], String(i));
        if (skipped(x)) buf += 'null';
        else if (small(x)) buf += native(x, inner); // most items: no generator made for them
        else yield* write(x as object, inner);
        if (buf.length >= piece) { yield buf; buf = ''; }
      }
      if (v.length && gap) buf += `\n${cur}`;
      buf += ']';
    } else {
      buf += '{';
      let first = true;
      for (const k of Object.keys(v)) {
        const x = jsonValue((v as Obj)[k], k);
        if (skipped(x)) continue;
        buf += `${first ? '' : ','}${sep}${JSON.stringify(k)}${gap ? ': ' : ':'}`;
        first = false;
        if (small(x)) buf += native(x, inner);
        else yield* write(x as object, inner);
        if (buf.length >= piece) { yield buf; buf = ''; }
      }
      if (!first && gap) buf += `\n${cur}`;
      buf += '}';
    }
    open.delete(v);
  }

  value = jsonValue(value, '');
  if (skipped(value)) return;
  if (small(value)) buf += native(value, '');
  else yield* write(value as object, '');
  if (buf) yield buf;
}
