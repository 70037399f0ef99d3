// rcuLens.noiseFilters: lines the user wants the analysis to ignore. A dropped line becomes an
// empty line (its line break kept), never disappears, so every line number (diagnostics, hovers,
// FILE:LINE) still points at the same line of the file. The editor's analysis filters the document's text; Open Large Log
// filters the byte stream on its way to the analyzer.

/** Only this much of a line is matched: a user's pattern may backtrack on a 200 kB line of junk. */
const MATCH_CHARS = 4096;

function matches(filters: readonly RegExp[], line: string): boolean {
  const l = line.length > MATCH_CHARS ? line.slice(0, MATCH_CHARS) : line;
  return filters.some((re) => re.test(l));
}

/** The text with every line that matches a filter emptied; line breaks (LF, CRLF, lone CR: the
 * editor's) stay as they are, and a filter sees a line without its break. */
export function dropNoise(text: string, filters: readonly RegExp[]): string {
  const out: string[] = [];
  const br = /\r\n|\r|\n/g;
  let s = 0;
  for (let m = br.exec(text); m; m = br.exec(text)) {
    const line = text.slice(s, m.index);
    out.push(matches(filters, line) ? (needsSpace(line.length > 0, text.charCodeAt(s - 1), text.charCodeAt(m.index)) ? ' ' : '') : line, m[0]);
    s = br.lastIndex;
  }
  const last = text.slice(s);
  out.push(matches(filters, last) ? '' : last);
  return out.join('');
}

/** A dropped line leaves nothing, or a space when a lone CR before it and the LF after it would
 * otherwise close up into one CRLF (two lines would become one). */
function needsSpace(hadText: boolean, before: number, after: number): boolean {
  return hadText && before === 13 && after === 10;
}

/**
 * The same on a byte stream, chunk by chunk: push() hands `out` the chunk with matching lines
 * emptied (their line breaks kept). Only the partial line at a chunk's end is held back; a CR at a
 * chunk's end already ends a line (the LF after it, if any, is kept as it comes).
 */
export class NoiseStream {
  private readonly decoder = new TextDecoder('utf-8');
  private carry: Uint8Array = new Uint8Array(0);
  /** The last byte handed on (a line break, or -1 at the start). */
  private prev = -1;

  constructor(private readonly filters: readonly RegExp[], private readonly out: (b: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    const b = this.carry.length ? concat(this.carry, chunk) : chunk;
    let last = b.length - 1;
    while (last >= 0 && b[last] !== 10 && b[last] !== 13) last--;
    if (last < 0) { this.carry = b.slice(); return; }
    this.out(this.filter(b.subarray(0, last + 1)));
    this.prev = b[last]!;
    this.carry = b.slice(last + 1);
  }

  end(): void {
    if (this.carry.length) this.out(this.filter(this.carry));
    this.carry = new Uint8Array(0);
  }

  /** Whole lines (the last may lack its break, at the end of the input). */
  private filter(b: Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    let s = 0, keptFrom = 0;
    for (let i = 0; i <= b.length; i++) {
      if (i < b.length && b[i] !== 10 && b[i] !== 13) continue;
      if (matches(this.filters, this.decoder.decode(b.subarray(s, i)))) {
        parts.push(b.subarray(keptFrom, s));
        if (needsSpace(i > s, s > 0 ? b[s - 1]! : this.prev, i < b.length ? b[i]! : -1)) parts.push(SPACE);
        keptFrom = i;   // the line break stays
      }
      if (i < b.length && b[i] === 13 && b[i + 1] === 10) i++;
      s = i + 1;
    }
    if (keptFrom === 0) return b;
    parts.push(b.subarray(keptFrom));
    return concat(...parts);
  }
}

const SPACE = new Uint8Array([32]);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
