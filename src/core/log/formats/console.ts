// The last resort for a line no format took: serial and QEMU consoles.
//
// In order: binary junk (NUL or mostly control bytes in the first bytes) is 'other' + Binary; a
// line indented exactly like the message column of the kernel line before it is that message's
// next line (dmesg indents multi-line messages so); a dmesg stamp glued after other text
// (`isob2 login: [  709.68] INFO: ...`) makes a kernel record from the stamp on; systemd and init
// status lines (`[  OK  ] Started ...`, `         Starting ...`, `[info] ...`) and login prompts are
// 'other'. Then, only in a file whose dominant format is 'console' (stall logs without
// timestamps), every remaining line is kernel text; elsewhere such a line is left to be 'other'.

import { type LineFormat, type ParseState, Flag } from './head';
import { COLON, ESC, LBRACK, RBRACK, SP, TAB, codes, num, skipAnsi, startsWith } from './bytes';
import { readBracketTime } from './dmesg';
import { GLUE_WINDOW } from './glue';
import { kernelText } from './stamp';

/** Bytes looked at to call a line binary. */
const BINARY_WINDOW = 32;

/**
 * NUL in the first bytes, or more than 1/8 of them suspicious: control bytes (other than TAB and
 * ESC) or bytes that are not valid UTF-8. Text, even Latin-1 text, stays well below that; random
 * bytes are far above it.
 */
function isBinary(b: Uint8Array, start: number, end: number): boolean {
  const stop = start + BINARY_WINDOW < end ? start + BINARY_WINDOW : end;
  let bad = 0;
  for (let i = start; i < stop; i++) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c === 0) return true;
      if ((c < 32 && c !== TAB && c !== ESC) || c === 127) bad++;
      continue;
    }
    // A UTF-8 sequence: a lead byte and the right number of continuation bytes.
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) {
      const d = i + k < end ? b[i + k]! : 0;
      if (d < 0x80 || d > 0xbf) ok = false;
    }
    if (ok) i += n; else bad++;
  }
  return bad * 8 > stop - start;
}

const STATUS_WORDS = ['OK', 'FAILED', 'DEPEND', 'INFO', 'WARN', 'TIME', 'SKIP', 'info', 'warn', 'ok', 'FAIL', '....', '*'].map(codes);
const INDENTED_STATUS = [
  'Starting ', 'Stopping ', 'Mounting ', 'Unmounting ', 'Activating ', 'Deactivating ', 'Reloading ',
  'Finished ', 'Expecting ', 'Listening ',
].map(codes);
const LOGIN = codes(' login:');
const PASSWORD = codes('Password:');

/** `[  OK  ]`, `[FAILED]`, `[\e[0;32m  OK  \e[0m]`, `[info]`: systemd/init status at i. */
function isStatus(b: Uint8Array, i: number, end: number): boolean {
  if (b[i] !== LBRACK) return false;
  let j = i + 1;
  const stop = i + 40 < end ? i + 40 : end;
  let ws = -1, we = -1;
  while (j < stop && b[j] !== RBRACK) {
    const c = b[j]!;
    if (c === ESC) { j = skipAnsi(b, j, end); continue; }
    if (c === SP) { j++; continue; }
    if (ws >= 0 && we >= 0) return false; // a second word
    ws = j;
    while (j < stop && b[j] !== SP && b[j] !== ESC && b[j] !== RBRACK) j++;
    we = j;
  }
  if (j >= stop || ws < 0) return false;
  for (const w of STATUS_WORDS) {
    if (w.length === we - ws && startsWith(b, ws, end, w)) return true;
  }
  return false;
}

/** systemd's indented status (`         Starting Foo...`): 9 spaces, then a known verb. */
function isIndentedStatus(b: Uint8Array, i: number, end: number): boolean {
  let j = i;
  while (j < end && j - i < 12 && b[j] === SP) j++;
  if (j - i < 8 || j - i > 10) return false;
  for (const w of INDENTED_STATUS) if (startsWith(b, j, end, w)) return true;
  return false;
}

/** `host login:` / `Password:` prompts; colon: the line's first `:` (or -1). */
function isPrompt(b: Uint8Array, i: number, end: number, colon: number): boolean {
  if (startsWith(b, i, end, PASSWORD)) return true;
  return colon - 6 >= i && startsWith(b, colon - 6, end, LOGIN);
}

/** A line indented by exactly the previous kernel line's prefix width: its message continues. */
function isIndentedContinuation(b: Uint8Array, start: number, end: number, st: ParseState): boolean {
  const w = st.prevIndent;
  if (w < 4 || end - start <= w) return false;
  for (let k = start; k < start + w; k++) if (b[k] !== SP) return false;
  return b[start + w] !== SP;
}

/** Byte classes for the one scan of a line's head that serves every check below. */
const PLAIN = 0, BLANK = 1, BRACKET = 2, COLON_CLASS = 3, ODD = 4;
const CLASS = new Uint8Array(256).fill(PLAIN);
for (let c = 0; c < 32; c++) CLASS[c] = ODD;
for (let c = 127; c < 256; c++) CLASS[c] = ODD;
CLASS[SP] = BLANK; CLASS[TAB] = BLANK; CLASS[ESC] = PLAIN; CLASS[LBRACK] = BRACKET; CLASS[COLON] = COLON_CLASS;

export const consoleFormat: LineFormat = {
  id: 'console',
  parse(b, start, end, h, st) {
    // One pass over the head of the line: where the text starts, a glued stamp, the first colon,
    // and whether the first bytes hold anything that could make the line binary.
    const stop = start + GLUE_WINDOW < end ? start + GLUE_WINDOW : end;
    const binStop = start + BINARY_WINDOW < end ? start + BINARY_WINDOW : end;
    let text = -1, colon = -1, glued = -1, odd = false;
    for (let i = start; i < stop; i++) {
      const k = CLASS[b[i]!]!;
      if (k === BLANK) continue;
      if (text < 0) text = i;
      if (k === PLAIN) continue;
      if (k === BRACKET) { if (readBracketTime(b, i, end) >= 0) { glued = i; break; } }
      else if (k === COLON_CLASS) { if (colon < 0) colon = i; }
      else if (i < binStop) odd = true;
    }
    if (odd && isBinary(b, start, end)) {
      h.kind = 'other'; h.flags |= Flag.Binary;
      return true;
    }
    if (text < 0) {
      let w = stop;
      while (w < end && (b[w] === SP || b[w] === TAB)) w++;
      if (w === end) { h.kind = 'blank'; return true; }
    }
    if (isIndentedContinuation(b, start, end, st)) {
      h.format = st.primary; h.kind = 'continuation'; h.msgStart = start + st.prevIndent;
      return true;
    }
    let i = start;
    if (b[i] === ESC) { i = skipAnsi(b, i, end); h.flags |= Flag.Ansi; }
    if (glued >= 0) {
      const after = readBracketTime(b, glued, end);
      h.time = num.v; h.flags |= Flag.Glued; h.format = 'dmesg';
      kernelText(b, after, end, h);
      return true;
    }
    if (isStatus(b, i, end) || isIndentedStatus(b, i, end) || isPrompt(b, i, end, colon)) {
      h.format = 'console'; h.kind = 'other';
      return true;
    }
    if (st.primary !== 'console') return false;
    h.format = 'console'; h.kind = 'kernel'; h.msgStart = i;
    return true;
  },
};
