// How much a user's regular expression (a pattern's or a profile's `match`) can backtrack on one
// message, told from its source before any line meets it. JavaScript's engine backtracks without
// limit, so an expression that can split the same text in many ways runs on without end:
//
// - exponential: a repeated group whose body can match one text in several ways — it repeats
//   itself (`(a+)+`), has an optional part (`(a?){30}`) or alternatives (`(a|a)*`); or a
//   back-reference;
// - polynomial: k repetitions of any length (`*`, `+`, `{n,}`) that can each take the same
//   characters (`.*.*.*x`, `\s*a*\s*a*\s*a*$`) cost up to n^k steps on a line of n characters
//   that does not match. Messages reach an expression at up to 4 KiB (analyze.ts), so k = 3 is
//   already 7e10 steps; k <= 2 is allowed. A repetition followed by a character it cannot match
//   (`\d+:`, `\S+ `, `[^,]*,`) ends where that character is: it is not counted.
//
// A conservative syntactic test: it may refuse a safe expression, never accepts one of these.

/** A set of characters, as a membership test. */
type CharSet = (c: number) => boolean;

const ANY: CharSet = () => true;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace = (c: number) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);

/** The characters a disjointness test looks at: ASCII, Latin-1, and the Unicode spaces. */
const PROBE: number[] = (() => {
  const out: number[] = [];
  for (let c = 0; c < 0x180; c++) out.push(c);
  for (const c of SPACES) if (c >= 0x180) out.push(c);
  for (let c = 0x2000; c <= 0x200a; c++) out.push(c);
  out.push(0x4e00, 0xfffd);
  return out;
})();

function disjoint(a: CharSet, b: CharSet, fold: boolean): boolean {
  for (const c of PROBE) {
    if (!a(c)) continue;
    if (b(c)) return false;
    if (fold) {
      const s = String.fromCharCode(c);
      for (const d of [s.toLowerCase(), s.toUpperCase()]) if (d.length === 1 && b(d.charCodeAt(0))) return false;
    }
  }
  // Characters past the probe: only sets that take all of them (., negations) can share one.
  return !(a(0x10000 - 3) && b(0x10000 - 3));
}

/** The class of an escape `\x` (x at src[i]), and where it ends; null: not a class escape. */
function escapeSet(src: string, i: number): [CharSet, number] {
  const c = src[i] ?? '';
  switch (c) {
    case 'd': return [isDigit, i + 1];
    case 'D': return [(x) => !isDigit(x), i + 1];
    case 'w': return [isWord, i + 1];
    case 'W': return [(x) => !isWord(x), i + 1];
    case 's': return [isSpace, i + 1];
    case 'S': return [(x) => !isSpace(x), i + 1];
    case 't': return [(x) => x === 9, i + 1];
    case 'n': return [(x) => x === 10, i + 1];
    case 'r': return [(x) => x === 13, i + 1];
    case 'x': {
      const h = /^[0-9a-fA-F]{2}/.exec(src.slice(i + 1));
      if (h) { const v = parseInt(h[0], 16); return [(x) => x === v, i + 3]; }
      return [ANY, i + 1];
    }
    case 'u': {
      const h = /^[0-9a-fA-F]{4}/.exec(src.slice(i + 1));
      if (h) { const v = parseInt(h[0], 16); return [(x) => x === v, i + 5]; }
      return [ANY, i + 1];
    }
    case 'p': case 'P': case 'c': case 'k': case 'b': case 'B':
      return [ANY, i + 1];
    default: {
      if (/[0-9]/.test(c)) return [ANY, i + 1];
      const v = c.charCodeAt(0);
      return [(x) => x === v, i + 1];
    }
  }
}

/** A bracket class starting after `[` at i: its set and the index after `]`. */
function classSet(src: string, i: number): [CharSet, number] {
  let neg = false;
  if (src[i] === '^') { neg = true; i++; }
  const parts: CharSet[] = [];
  let first = true;
  while (i < src.length && (src[i] !== ']' || first)) {
    first = false;
    let lo: number | null = null;
    if (src[i] === '\\') {
      const [set, j] = escapeSet(src, i + 1);
      // a single character escape can start a range
      const single = PROBE.filter((c) => set(c));
      if (single.length === 1 && !(src[i + 1] ?? '').match(/[dDwWsS]/)) lo = single[0]!;
      else { parts.push(set); i = j; continue; }
      i = j;
    } else {
      lo = src.charCodeAt(i);
      i++;
    }
    if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
      let hi: number;
      if (src[i + 1] === '\\') {
        const [set, j] = escapeSet(src, i + 2);
        const single = PROBE.filter((c) => set(c));
        if (single.length !== 1) { parts.push(ANY); i = j; continue; }
        hi = single[0]!;
        i = j;
      } else { hi = src.charCodeAt(i + 1); i += 2; }
      const a = lo, b = hi;
      parts.push((x) => x >= a && x <= b);
    } else {
      const v = lo;
      parts.push((x) => x === v);
    }
  }
  const set: CharSet = (x) => parts.some((p) => p(x));
  return [neg ? (x) => !set(x) : set, i + 1];
}

type Tok =
  | { k: 'atom'; set: CharSet; min: number; max: number; col: number }
  | { k: 'open'; look: boolean }
  | { k: 'close' }
  | { k: 'alt' }
  | { k: 'zero' }; // an anchor or word boundary: matches no character

/** A quantifier at i: [min, max (Infinity), index after it (and a lazy `?`)], or null. */
function quantifier(src: string, i: number): [number, number, number] | null {
  const c = src[i];
  let r: [number, number, number] | null = null;
  if (c === '*') r = [0, Infinity, i + 1];
  else if (c === '+') r = [1, Infinity, i + 1];
  else if (c === '?') r = [0, 1, i + 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (m) r = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]), i + m[0].length];
  }
  if (r && src[r[2]] === '?') r[2]++;
  return r;
}

/** The first construct that can backtrack exponentially or past n^2 steps, or null (see above).
 * `unanchored`: the expression is tried at every position of the line (one more repetition). */
export function regexHazard(src: string, flags = '', unanchored = false): string | null {
  const fold = flags.includes('i');
  const toks: Tok[] = [];
  // per open group: index of its 'open' token, whether it holds a quantifier or an alternative
  const groups: { at: number; quant: boolean; alt: boolean; col: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const col = i + 1;
    let set: CharSet | null = null;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && src[i + 2] === '<')) return `a back-reference (\\${n}) at column ${col} of the expression`;
      if (n === 'b' || n === 'B') { toks.push({ k: 'zero' }); i += 2; continue; }
      const [s, j] = escapeSet(src, i + 1);
      set = s; i = j;
    } else if (c === '[') {
      const [s, j] = classSet(src, i + 1);
      set = s; i = j;
    } else if (c === '.') {
      set = (x) => x !== 10 && x !== 13 && x !== 0x2028 && x !== 0x2029; i++;
    } else if (c === '^' || c === '$') {
      toks.push({ k: 'zero' }); i++; continue;
    } else if (c === '|') {
      toks.push({ k: 'alt' });
      if (groups.length) groups[groups.length - 1]!.alt = true;
      i++; continue;
    } else if (c === '(') {
      let look = false;
      if (src[i + 1] === '?') {
        if (src[i + 2] === '=' || src[i + 2] === '!') { look = true; i += 3; }
        else if (src[i + 2] === '<' && (src[i + 3] === '=' || src[i + 3] === '!')) { look = true; i += 4; }
        else if (src[i + 2] === ':') i += 3;
        else if (src[i + 2] === '<') { const e = src.indexOf('>', i); i = e < 0 ? src.length : e + 1; }
        else i += 2;
      } else i++;
      groups.push({ at: toks.length, quant: false, alt: false, col });
      toks.push({ k: 'open', look });
      continue;
    } else if (c === ')') {
      const g = groups.pop();
      i++;
      const q = quantifier(src, i);
      if (g && q) {
        i = q[2];
        if (q[1] > 1 && (g.quant || g.alt)) {
          return `a repeated group that itself repeats${g.alt && !g.quant ? ' or has alternatives' : ' or has an optional part'} (the group ending at column ${col})`;
        }
        if (g.quant || g.alt) {
          // optional (at most once): its repetitions stay as they are
          const outer = groups[groups.length - 1];
          if (outer) { outer.quant ||= g.quant; outer.alt ||= g.alt; }
          toks.push({ k: 'close' });
          continue;
        }
        // The group as one repetition of a set of anything (it holds no quantifier, or repeats at most once).
        const outer = groups[groups.length - 1];
        if (outer) outer.quant = true;
        toks.splice(g.at, toks.length - g.at, { k: 'atom', set: ANY, min: q[0], max: q[1], col: g.col });
        continue;
      }
      if (g && (g.quant || g.alt) && groups.length) { groups[groups.length - 1]!.quant ||= g.quant; groups[groups.length - 1]!.alt ||= g.alt; }
      toks.push({ k: 'close' });
      continue;
    } else {
      const v = c.charCodeAt(0);
      set = (x) => x === v; i++;
    }
    const q = quantifier(src, i);
    if (q) { i = q[2]; if (groups.length) groups[groups.length - 1]!.quant = true; }
    toks.push({ k: 'atom', set, min: q ? q[0] : 1, max: q ? q[1] : 1, col });
  }
  // Repetitions of any length whose end the next character does not fix.
  const free: number[] = [];
  toks.forEach((t, k) => {
    if (t.k !== 'atom' || t.max - t.min <= 16) return;
    for (let j = k + 1; j < toks.length; j++) {
      const n = toks[j]!;
      if (n.k === 'close') continue;
      if (n.k === 'open' && !n.look) continue;
      if (n.k === 'atom' && n.min >= 1 && disjoint(t.set, n.set, fold)) return;
      break;
    }
    free.push(t.col);
  });
  const degree = free.length + (unanchored ? 1 : 0);
  if (degree > 2) {
    return `${free.length} repetitions of any length that can take the same characters (at columns ${free.join(', ')})${unanchored ? ', tried at every position of the line,' : ''} can take n^${degree} steps on a long line that does not match; end each with a character it cannot match (e.g. \\S+ followed by a space), or use fewer`;
  }
  return null;
}
