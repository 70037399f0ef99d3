// Records: a Head plus its decoded text (first cut by the lead; the formats helper completes it).
import { type Head, Flag } from './formats/head';
import { skipAnsi } from './formats/bytes';

/** The message text of a parsed line: decoded (invalid UTF-8 → U+FFFD), ANSI escapes dropped. */
export function messageText(h: Head, b: Uint8Array, dec: TextDecoder): string {
  if (!(h.flags & Flag.Ansi)) return dec.decode(b.subarray(h.msgStart, h.msgEnd));
  const parts: number[] = [];
  for (let i = h.msgStart; i < h.msgEnd;) {
    if (b[i] === 27) { i = skipAnsi(b, i, h.msgEnd); continue; }
    parts.push(b[i++]!);
  }
  return dec.decode(Uint8Array.from(parts));
}
