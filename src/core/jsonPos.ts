// A JSON parser that remembers where each value was written (1-based line and column), so the
// validation errors of a user's scenario, profile or pattern file can point into it. JSON.parse
// cannot do that.
// Never throws anything but JsonPosError; linear in the input.

export interface Pos {
  line: number;
  column: number;
}

export type JNode =
  | { type: 'object'; pos: Pos; props: JProp[] }
  | { type: 'array'; pos: Pos; items: JNode[] }
  | { type: 'string'; pos: Pos; value: string }
  | { type: 'number'; pos: Pos; value: number }
  | { type: 'boolean'; pos: Pos; value: boolean }
  | { type: 'null'; pos: Pos };

export interface JProp {
  key: string;
  keyPos: Pos;
  value: JNode;
}

export class JsonPosError extends Error {
  constructor(message: string, public readonly pos: Pos) {
    super(message);
  }
}

const MAX_DEPTH = 200;

/** `maxDepth`: nesting past it is an error, not a stack overflow (files a few levels deep ask for less). */
export function parseJsonPos(text: string, maxDepth = MAX_DEPTH): JNode {
  let i = 0, line = 1, lineStart = 0;
  const pos = (): Pos => ({ line, column: i - lineStart + 1 });
  const fail = (msg: string, p: Pos = pos()): never => { throw new JsonPosError(msg, p); };

  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 10) { i++; line++; lineStart = i; } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };
  const describe = (): string => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));

  const str = (): string => {
    const start = pos();
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i]!;
      if (c === '"') { i++; return out; }
      if (c === '\n') fail('unterminated string (a newline inside a string must be written \\n)', start);
      if (c === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && map[e] !== undefined) { out += map[e]; i += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail('bad escape in string');
      }
      out += c;
      i++;
    }
  };

  const value = (depth: number): JNode => {
    ws();
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    const p = pos();
    const c = text[i];
    if (c === '{') {
      i++;
      const props: JProp[] = [];
      ws();
      if (text[i] === '}') { i++; return { type: 'object', pos: p, props }; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const keyPos = pos();
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe()}`);
        i++;
        props.push({ key, keyPos, value: value(depth + 1) });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return { type: 'object', pos: p, props }; }
        fail(`expected ',' or '}' in object, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (text[i] === ']') { i++; return { type: 'array', pos: p, items }; }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return { type: 'array', pos: p, items }; }
        fail(`expected ',' or ']' in array, found ${describe()}`);
      }
    }
    if (c === '"') return { type: 'string', pos: p, value: str() };
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0]) { i += m[0].length; return { type: 'number', pos: p, value: Number(m[0]) }; }
    for (const [w, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(w, i)) {
        i += w.length;
        return v === null ? { type: 'null', pos: p } : { type: 'boolean', pos: p, value: v };
      }
    }
    return fail(`unexpected ${describe()}: expected a JSON value`);
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  const v = value(0);
  ws();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return v;
}
