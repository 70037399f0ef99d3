// A parser for herd7's C litmus dialect as the Linux-kernel memory model reads it: the `C name`
// line, any diy7/metadata lines and (* *) comments before the init block, declarations with or
// without values, processes P0..Pn with their parameters, then `locations [...]`, `filter` and
// one of `exists` / `~exists` / `forall`. Statements are kept as a small AST; what each call means
// is decided by the executor (events.ts), which names anything it does not model as Unsupported.
// Depth is bounded everywhere (nesting, expression chains) and `\/`, `/\` chains are n-ary, so
// hostile input cannot overflow the stack; every scan is linear.

import { LitmusSyntaxError, LitmusUnsupported } from '../parse';

export type Val = number | string; // a string is the address of the location of that name

export type Ex =
  | { k: 'num'; v: number }
  | { k: 'id'; name: string }
  | { k: 'addr'; name: string }
  | { k: 'bin'; op: string; a: Ex; b: Ex }
  | { k: 'un'; op: '!' | '-' | '~'; a: Ex }
  | { k: 'deref'; a: Ex }
  | { k: 'call'; name: string; args: Ex[] };

export type St =
  | { s: 'expr'; e: Ex }
  | { s: 'assign'; reg: string; e: Ex }
  | { s: 'store'; addr: Ex; e: Ex }
  | { s: 'if'; c: Ex; t: St[]; f: St[] };

export type Term = { k: 'reg'; thread: number; reg: string } | { k: 'loc'; name: string } | { k: 'val'; v: Val };

export type LkCond =
  | { k: 'and' | 'or'; xs: LkCond[] }
  | { k: 'not'; a: LkCond }
  | { k: 'const'; v: boolean }
  | { k: 'eq'; a: Term; b: Term };

export interface LkProc { name: string; params: string[]; body: St[]; regs: Set<string> }

export interface LkTest {
  name: string;
  result: string | null;
  init: Map<string, Val>;
  /** Locations declared as spinlock_t (their accesses are lock events). */
  regInit: Map<number, Map<string, Val>>;
  procs: LkProc[];
  quantifier: 'exists' | '~exists' | 'forall';
  cond: LkCond;
  filter: LkCond | null;
}

const MAX_DEPTH = 200;

// ---- lexer ------------------------------------------------------------------------------------

type Tok = { t: 'id' | 'num' | 'p'; v: string; at?: number };

const PUNCT = ['<<', '>>', '==', '!=', '<=', '>=', '&&', '||', '/\\', '\\/', '->'];

/** Tokens from `src[pos..]`. `ocaml`: (* *) is a comment (outside code, where `(*p)` is not). */
class Lexer {
  private buf: Tok[] = [];
  constructor(private readonly src: string, public pos: number, public ocaml: boolean) {}

  private skip(): void {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos]!)) this.pos++;
      if (s.startsWith('//', this.pos)) {
        const e = s.indexOf('\n', this.pos);
        this.pos = e < 0 ? s.length : e + 1;
      } else if (s.startsWith('/*', this.pos)) {
        const e = s.indexOf('*/', this.pos + 2);
        if (e < 0) throw new LitmusSyntaxError('unterminated /* comment');
        this.pos = e + 2;
      } else if (this.ocaml && s.startsWith('(*', this.pos)) {
        const e = s.indexOf('*)', this.pos + 2);
        if (e < 0) throw new LitmusSyntaxError('unterminated (* comment');
        this.pos = e + 2;
      } else return;
    }
  }

  private lex(): Tok | undefined {
    this.skip();
    const t = this.lex1();
    return t;
  }

  private lex1(): Tok | undefined {
    const s = this.src;
    if (this.pos >= s.length) return undefined;
    const at = this.pos;
    const t = this.lex2();
    if (t) t.at = at;
    return t;
  }

  private lex2(): Tok | undefined {
    const s = this.src;
    const c = s[this.pos]!;
    if (/[A-Za-z_]/.test(c)) {
      let e = this.pos + 1;
      while (e < s.length && /[A-Za-z0-9_]/.test(s[e]!)) e++;
      const v = s.slice(this.pos, e);
      this.pos = e;
      return { t: 'id', v };
    }
    if (c === '"') {
      const e = s.indexOf('"', this.pos + 1);
      if (e < 0) throw new LitmusSyntaxError('unterminated string');
      const v = s.slice(this.pos, e + 1);
      this.pos = e + 1;
      return { t: 'p', v };
    }
    if (/[0-9]/.test(c)) {
      let e = this.pos + 1;
      while (e < s.length && /[0-9a-fA-FxXuUlL]/.test(s[e]!)) e++;
      const raw = s.slice(this.pos, e).replace(/[uUlL]+$/, '');
      this.pos = e;
      if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(raw)) throw new LitmusSyntaxError(`bad number ${JSON.stringify(raw)}`);
      return { t: 'num', v: raw };
    }
    for (const p of PUNCT) if (s.startsWith(p, this.pos)) { this.pos += p.length; return { t: 'p', v: p }; }
    if ('-+*&|^!~<>=(){};,:[]/\\.%?'.includes(c)) { this.pos++; return { t: 'p', v: c }; }
    throw new LitmusSyntaxError(`unexpected character ${JSON.stringify(c)}`);
  }

  peek(o = 0): Tok | undefined {
    while (this.buf.length <= o) {
      const t = this.lex();
      if (!t) return undefined;
      this.buf.push(t);
    }
    return this.buf[o];
  }
  next(): Tok {
    const t = this.peek();
    if (!t) throw new LitmusSyntaxError('unexpected end of input');
    this.buf.shift();
    return t;
  }
  is(v: string, o = 0): boolean { const t = this.peek(o); return !!t && t.t !== 'num' && t.v === v; }
  maybe(v: string): boolean { if (this.is(v)) { this.next(); return true; } return false; }
  eat(v: string): void {
    const t = this.peek();
    if (!t) throw new LitmusSyntaxError(`expected ${JSON.stringify(v)}, found the end of the file`);
    if (t.v !== v || t.t === 'num') throw new LitmusSyntaxError(`expected ${JSON.stringify(v)}, found ${JSON.stringify(t.v)}`);
    this.next();
  }
  id(): string {
    const t = this.next();
    if (t.t !== 'id') throw new LitmusSyntaxError(`expected a name, found ${JSON.stringify(t.v)}`);
    return t.v;
  }
  /** Switch comment mode, lexing any lookahead again. */
  setOcaml(on: boolean): void {
    if (this.buf.length) { this.pos = this.buf[0]!.at!; this.buf = []; }
    this.ocaml = on;
  }
}

const TYPE_WORDS = new Set(['int', 'intptr_t', 'uintptr_t', 'long', 'unsigned', 'char', 'short', 'spinlock_t', 'atomic_t', 'atomic_long_t',
  'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'const', 'volatile', 'signed', 'void', 'bool', '_Bool', 'size_t', 'uint32_t', 'uint64_t', 'int32_t', 'int64_t']);

function isTypeStart(l: Lexer, o = 0): boolean {
  const t = l.peek(o);
  return !!t && t.t === 'id' && (TYPE_WORDS.has(t.v) || t.v === 'struct' || t.v === 'union');
}

/** Skip a type; returns the words (for spinlock_t detection). */
function skipType(l: Lexer): string[] {
  const words: string[] = [];
  while (isTypeStart(l)) {
    const w = l.next().v;
    words.push(w);
    if (w === 'struct' || w === 'union') words.push(l.id());
  }
  while (l.maybe('*')) words.push('*');
  return words;
}

// ---- processes ----------------------------------------------------------------------------------

class ProcParser {
  readonly regs = new Set<string>();
  private depth = 0;
  constructor(private readonly l: Lexer) {}

  private enter(): void { if (++this.depth > MAX_DEPTH) throw new LitmusUnsupported(`nesting deeper than ${MAX_DEPTH}`); }

  block(): St[] {
    this.enter();
    this.l.eat('{');
    const out: St[] = [];
    while (!this.l.is('}')) {
      if (!this.l.peek()) throw new LitmusSyntaxError('missing "}" at the end of the file');
      out.push(...this.stmt());
    }
    this.l.eat('}');
    this.depth--;
    return out;
  }

  private stmt(): St[] {
    const l = this.l;
    if (l.is('{')) return this.block();
    if (l.maybe(';')) return [];
    const t = l.peek()!;
    if (t.t === 'id' && t.v === 'if') {
      l.next();
      l.eat('(');
      const c = this.expr();
      l.eat(')');
      this.enter();
      const then = this.stmt();
      const els = l.maybe('else') ? this.stmt() : [];
      this.depth--;
      return [{ s: 'if', c, t: then, f: els }];
    }
    if (t.t === 'id' && ['while', 'for', 'do', 'goto', 'return', 'switch', 'break', 'continue'].includes(t.v)) throw new LitmusUnsupported(`${t.v} statement`);
    if (isTypeStart(l)) {
      skipType(l);
      const out: St[] = [];
      for (;;) {
        while (l.maybe('*')) { /* pointer declarator */ }
        const name = l.id();
        if (l.is('[')) throw new LitmusUnsupported('array declaration');
        this.regs.add(name);
        out.push({ s: 'assign', reg: name, e: l.maybe('=') ? this.expr() : { k: 'num', v: 0 } });
        if (l.maybe(',')) continue;
        l.eat(';');
        return out;
      }
    }
    if (l.is('*')) {
      // `*x = e;` a plain store (or `*x;` an expression)
      const lhs = this.expr();
      if (l.maybe('=')) {
        if (lhs.k !== 'deref') throw new LitmusUnsupported('assignment to an expression');
        const e = this.expr();
        l.eat(';');
        return [{ s: 'store', addr: lhs.a, e }];
      }
      l.eat(';');
      return [{ s: 'expr', e: lhs }];
    }
    if (t.t === 'id' && l.is('=', 1)) {
      const name = l.id();
      l.eat('=');
      const e = this.expr();
      l.eat(';');
      if (!this.regs.has(name)) this.regs.add(name); // herd7 accepts undeclared registers
      return [{ s: 'assign', reg: name, e }];
    }
    if (t.t === 'id' && (l.is('+', 1) || l.is('-', 1)) && l.is('=', 2)) throw new LitmusUnsupported('compound assignment');
    if (l.is('(') && l.is('void', 1)) { l.next(); l.next(); l.eat(')'); }
    const e = this.expr();
    l.eat(';');
    return [{ s: 'expr', e }];
  }

  // precedence climbing, loops for chains; tree depth bounded
  private static readonly LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  expr(): Ex {
    this.enter();
    if (this.l.is('?')) throw new LitmusUnsupported('?: expression');
    const e = this.binary(0);
    if (this.l.is('?')) throw new LitmusUnsupported('?: expression');
    if (this.l.is('=') && !this.l.is('==')) { /* handled by the caller */ }
    this.depth--;
    return e;
  }

  private binary(level: number): Ex {
    if (level >= ProcParser.LEVELS.length) return this.unary();
    let a = this.binary(level + 1);
    let chain = 0;
    for (;;) {
      const op = ProcParser.LEVELS[level]!.find((o) => this.l.is(o));
      if (!op) return a;
      if (++chain > MAX_DEPTH) throw new LitmusUnsupported(`expression chain longer than ${MAX_DEPTH}`);
      this.l.next();
      a = { k: 'bin', op, a, b: this.binary(level + 1) };
    }
  }

  private unary(): Ex {
    const l = this.l;
    this.enter();
    let e: Ex;
    if (l.maybe('!')) e = { k: 'un', op: '!', a: this.unary() };
    else if (l.maybe('-')) e = { k: 'un', op: '-', a: this.unary() };
    else if (l.maybe('~')) e = { k: 'un', op: '~', a: this.unary() };
    else if (l.maybe('*')) e = { k: 'deref', a: this.unary() };
    else if (l.maybe('&')) {
      const inner = this.unary();
      if (inner.k === 'id') e = { k: 'addr', name: inner.name };
      else if (inner.k === 'deref') e = inner.a;
      else throw new LitmusUnsupported('address of an expression');
    } else if (l.is('(') && isTypeStart(l, 1)) {
      l.next();
      skipType(l);
      l.eat(')');
      e = this.unary(); // casts change nothing in herd7's value domain
    } else if (l.maybe('(')) {
      e = this.expr();
      l.eat(')');
    } else {
      const t = l.next();
      if (t.t === 'num') e = { k: 'num', v: Number(t.v) };
      else if (t.t !== 'id') throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} in an expression`);
      else if (l.maybe('(')) {
        const args: Ex[] = [];
        while (!l.is(')')) {
          args.push(this.expr());
          if (!l.maybe(',')) break;
        }
        l.eat(')');
        e = { k: 'call', name: t.v, args };
      } else e = { k: 'id', name: t.v };
    }
    if (l.is('[') || l.is('.') || l.is('->')) throw new LitmusUnsupported(`${l.peek()!.v} (arrays and structure fields)`);
    this.depth--;
    return e;
  }
}

// ---- the condition ------------------------------------------------------------------------------

function parseCond(l: Lexer, stopAt: string[]): LkCond {
  let depth = 0;
  const or = (): LkCond => {
    const xs = [and()];
    while (l.maybe('\\/')) xs.push(and());
    return xs.length === 1 ? xs[0]! : { k: 'or', xs };
  };
  const and = (): LkCond => {
    const xs = [atom()];
    while (l.maybe('/\\')) xs.push(atom());
    return xs.length === 1 ? xs[0]! : { k: 'and', xs };
  };
  const term = (lhs: boolean): Term => {
    if (l.maybe('-')) return { k: 'val', v: -Number(l.next().v) };
    if (l.maybe('&')) return { k: 'val', v: l.id() };
    if (l.maybe('*')) return { k: 'loc', name: l.id() };
    if (l.maybe('[')) { const n = l.id(); l.eat(']'); return { k: 'loc', name: n }; }
    const t = l.next();
    if (t.t === 'num') {
      if (l.maybe(':')) return { k: 'reg', thread: Number(t.v), reg: l.id() };
      return { k: 'val', v: Number(t.v) };
    }
    if (t.t !== 'id') throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} in the condition`);
    if (/^P\d+$/.test(t.v) && l.maybe(':')) return { k: 'reg', thread: Number(t.v.slice(1)), reg: l.id() };
    return lhs ? { k: 'loc', name: t.v } : { k: 'val', v: t.v };
  };
  const atom = (): LkCond => {
    if (++depth > MAX_DEPTH) throw new LitmusUnsupported(`condition nested deeper than ${MAX_DEPTH}`);
    let r: LkCond;
    if (l.maybe('~') || l.maybe('not')) r = { k: 'not', a: atom() };
    else if (l.maybe('(')) { r = or(); l.eat(')'); }
    else if (l.maybe('true')) r = { k: 'const', v: true };
    else if (l.maybe('false')) r = { k: 'const', v: false };
    else {
      const a = term(true);
      if (l.maybe('!=')) r = { k: 'not', a: { k: 'eq', a, b: term(false) } };
      else {
        if (!l.maybe('==')) l.eat('=');
        r = { k: 'eq', a, b: term(false) };
      }
    }
    depth--;
    return r;
  };
  const e = or();
  const t = l.peek();
  if (t && !stopAt.includes(t.v)) throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} after the condition`);
  return e;
}

// ---- the file -----------------------------------------------------------------------------------

/** The ` * Result:` line, found line by line (no regex spans lines: linear on any input). */
function resultLine(src: string): string | null {
  let start = 0;
  while (start < src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    const m = /^[ \t]*\*?[ \t]*Result:[ \t]*(\S+)/.exec(src.slice(start, Math.min(end, start + 400)));
    if (m) return m[1]!;
    start = end + 1;
  }
  return null;
}

export function parseLkmm(text: string): LkTest {
  const src = text.replace(/\r\n?/g, '\n');
  const first = src.search(/\S/); // linear: no regex that backtracks over leading blank lines
  const header = first < 0 ? null : /^C[ \t]+(\S+)/.exec(src.slice(first, first + 4096));
  if (!header) throw new LitmusUnsupported('not a C litmus test (no `C name` header)');
  const result = resultLine(src);
  // metadata lines and (* *) comments up to the init block
  const l = new Lexer(src, first + header[0].length, true);
  for (;;) {
    const p = l.peek();
    if (!p) throw new LitmusSyntaxError('no init block');
    if (p.v === '{' && p.t === 'p') break;
    l.next();
  }
  l.eat('{');
  const init = new Map<string, Val>();
  const regInit = new Map<number, Map<string, Val>>();
  while (!l.is('}')) {
    if (!l.peek()) throw new LitmusSyntaxError('missing "}" after the init block');
    if (l.maybe(';')) continue;
    skipType(l);
    while (l.maybe('*')) { /* pointer */ }
    let thread: number | null = null;
    const t0 = l.peek()!;
    if (t0.t === 'num' && l.is(':', 1)) { thread = Number(l.next().v); l.eat(':'); }
    else if (t0.t === 'id' && /^P\d+$/.test(t0.v) && l.is(':', 1)) { l.next(); l.eat(':'); thread = Number(t0.v.slice(1)); }
    const name = l.id();
    if (l.is('[')) throw new LitmusUnsupported('array in the init block');
    let v: Val = 0;
    if (l.maybe('=')) {
      if (l.maybe('&')) v = l.id();
      else if (l.maybe('-')) v = -Number(l.next().v);
      else if (l.is('ATOMIC_INIT') || l.is('__SPIN_LOCK_UNLOCKED') || l.is('DEFINE_SPINLOCK')) {
        const f = l.id();
        l.eat('(');
        if (f === 'ATOMIC_INIT') {
          const neg = l.maybe('-');
          v = Number(l.next().v) * (neg ? -1 : 1);
        } else while (!l.is(')')) l.next();
        l.eat(')');
      } else if (l.maybe('{')) throw new LitmusUnsupported('structure initialiser');
      else { const t = l.next(); v = t.t === 'num' ? Number(t.v) : t.v; }
    }
    if (thread !== null) {
      const m = regInit.get(thread) ?? new Map<string, Val>();
      m.set(name, v);
      regInit.set(thread, m);
    } else init.set(name, v);
    if (!l.maybe(';')) { if (!l.is('}')) l.maybe(','); }
  }
  l.eat('}');

  const procs: LkProc[] = [];
  for (;;) {
    const t = l.peek();
    if (!t || t.t !== 'id' || !/^P\d+$/.test(t.v)) break;
    l.next();
    if (Number(t.v.slice(1)) !== procs.length) throw new LitmusSyntaxError(`process ${t.v} out of order`);
    l.eat('(');
    const params: string[] = [];
    while (!l.is(')')) {
      if (!l.peek()) throw new LitmusSyntaxError('unterminated parameter list');
      skipType(l);
      params.push(l.id());
      if (!l.maybe(',')) break;
    }
    l.eat(')');
    const pp = new ProcParser(l);
    for (const r of regInit.get(procs.length)?.keys() ?? []) pp.regs.add(r);
    if (!l.is('{')) throw new LitmusSyntaxError(`expected "{" after ${t.v}(...)`);
    l.setOcaml(false); // inside code `(*p)` is a dereference, not a comment
    const body = pp.block();
    l.setOcaml(true);
    procs.push({ name: t.v, params, body, regs: pp.regs });
  }
  if (procs.length === 0) throw new LitmusSyntaxError('no process P0');
  // the tail: locations, filter, exists/~exists/forall
  let filter: LkCond | null = null;
  let quantifier: LkTest['quantifier'] | null = null;
  let cond: LkCond | null = null;
  for (;;) {
    const t = l.peek();
    if (!t) break;
    if (t.v === 'locations') {
      l.next();
      l.eat('[');
      while (!l.is(']')) { if (!l.peek()) throw new LitmusSyntaxError('unterminated locations [...]'); l.next(); }
      l.eat(']');
    } else if (t.v === 'filter') {
      l.next();
      filter = parseCond(l, ['exists', '~', 'forall', 'locations']);
    } else if (t.v === 'exists' || t.v === 'forall' || t.v === '~') {
      l.next();
      if (t.v === '~') l.eat('exists');
      quantifier = t.v === '~' ? '~exists' : t.v as 'exists' | 'forall';
      cond = parseCond(l, [';', 'locations', 'filter']);
      l.maybe(';');
      if (l.peek() && !l.is('locations') && !l.is('filter')) throw new LitmusSyntaxError(`unexpected ${JSON.stringify(l.peek()!.v)} after the condition`);
    } else if (t.t === 'id' && /^P\d+$/.test(t.v)) {
      throw new LitmusSyntaxError(`process ${t.v} after the condition`);
    } else throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} after the processes`);
  }
  // herd7 runs a test without a condition (it reports whether any execution exists)
  if (!quantifier || !cond) { quantifier = 'exists'; cond = { k: 'const', v: true }; }
  return { name: header[1]!, result, init, regInit, procs, quantifier, cond, filter };
}
