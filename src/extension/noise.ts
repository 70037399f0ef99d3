// rcuLens.noiseFilters: lines the user wants the analysis to ignore. A dropped line becomes an
// empty line, never disappears, so every line number (diagnostics, hovers, FILE:LINE) still points
// at the same line of the file. The editor's analysis filters the document's text; Open Large Log
// filters the byte stream on its way to the analyzer.

/** Only this much of a line is matched: a user's pattern may backtrack on a 200 kB line of junk. */
const MATCH_CHARS = 4096;

function matches(filters: readonly RegExp[], line: string): boolean {
  const l = line.length > MATCH_CHARS ? line.slice(0, MATCH_CHARS) : line;
  return filters.some((re) => re.test(l));
}

/** The text with every line that matches a filter emptied but for its CRs (a lone CR ends a line
 * in the editor, and CRLF stays CRLF). */
export function dropNoise(text: string, filters: readonly RegExp[]): string {
  return text.split('\n').map((l) => (matches(filters, l) ? l.replace(/[^\r]+/g, '') : l)).join('\n');
}

/**
 * The same on a byte stream, chunk by chunk: push() hands `out` the chunk with matching lines
 * emptied. A dropped line keeps its CR bytes (a lone CR ends a line in the editor, so the line
 * count stays the same). Only the partial line at a chunk's end is held back.
 */
export class NoiseStream {
  private readonly decoder = new TextDecoder('utf-8');
  private carry: Uint8Array = new Uint8Array(0);

  constructor(private readonly filters: readonly RegExp[], private readonly out: (b: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    const b = this.carry.length ? concat(this.carry, chunk) : chunk;
    const last = b.lastIndexOf(10);
    if (last < 0) { this.carry = b.slice(); return; }
    this.out(this.filter(b.subarray(0, last + 1)));
    this.carry = b.slice(last + 1);
  }

  end(): void {
    if (this.carry.length) this.out(this.filter(this.carry));
    this.carry = new Uint8Array(0);
  }

  /** Whole lines (the last may lack its LF, at the end of the input). */
  private filter(b: Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    let s = 0, keptFrom = 0, changed = false;
    while (s < b.length) {
      let e = b.indexOf(10, s);
      if (e < 0) e = b.length;
      if (matches(this.filters, this.decoder.decode(b.subarray(s, e)))) {
        parts.push(b.subarray(keptFrom, s), crsOf(b, s, e));
        keptFrom = e;   // the LF (if any) stays
        changed = true;
      }
      s = e + 1;
    }
    if (!changed) return b;
    parts.push(b.subarray(keptFrom));
    return concat(...parts);
  }
}

function crsOf(b: Uint8Array, s: number, e: number): Uint8Array {
  let n = 0;
  for (let i = s; i < e; i++) if (b[i] === 13) n++;
  return new Uint8Array(n).fill(13);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
