// A parser for the subset of herd7's C litmus dialect that RCU tests use: processes with
// READ_ONCE/WRITE_ONCE, smp_load_acquire/smp_store_release, rcu_dereference/rcu_assign_pointer,
// smp_mb/smp_wmb/smp_rmb, rcu_read_lock/unlock, synchronize_rcu, spin_lock/unlock, if/else,
// register arithmetic and comparisons; an init block; an `exists` clause. Anything else is
// reported as unsupported (LitmusUnsupported) rather than guessed.

import { buildProgram, type BinOp, type Expr, type Program, type Stmt, type ThreadSource, type Val } from '../explore/program';

export class LitmusUnsupported extends Error {}
export class LitmusSyntaxError extends Error {}

export type Cond =
  | { k: 'and' | 'or'; a: Cond; b: Cond }
  | { k: 'not'; a: Cond }
  | { k: 'true' }
  | { k: 'reg'; thread: number; reg: string; v: Val }
  | { k: 'loc'; loc: string; v: Val };

export interface LitmusTest {
  name: string;
  /** The ` * Result:` line of the header comment (Never, Sometimes, Always, DEADLOCK, Maybe), if any. */
  result: string | null;
  program: Program;
  exists: Cond;
  threads: string[];
}

// ---- tokens ---------------------------------------------------------------------------------

type Tok = { t: 'id' | 'num' | 'p'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|(0x[0-9a-fA-F]+|\d+)|(==|!=|<=|>=|&&|\|\||\/\\|\\\/|[-+*&|^!~<>=(){};,:[\]/\\.])/y;
  let i = 0;
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new LitmusSyntaxError(`unexpected character ${JSON.stringify(src[i])}`);
    i = re.lastIndex;
    if (m[1]) out.push({ t: 'id', v: m[1] });
    else if (m[2]) out.push({ t: 'num', v: m[2] });
    else if (m[3]) out.push({ t: 'p', v: m[3] });
  }
  return out;
}

class Cursor {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(o = 0): Tok | undefined { return this.toks[this.i + o]; }
  is(v: string, o = 0): boolean { const t = this.peek(o); return !!t && t.v === v && t.t !== 'num'; }
  next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new LitmusSyntaxError('unexpected end of input');
    return t;
  }
  eat(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new LitmusSyntaxError(`expected ${JSON.stringify(v)}, found ${JSON.stringify(t.v)}`);
  }
  maybe(v: string): boolean { if (this.is(v)) { this.i++; return true; } return false; }
  id(): string {
    const t = this.next();
    if (t.t !== 'id') throw new LitmusSyntaxError(`expected a name, found ${JSON.stringify(t.v)}`);
    return t.v;
  }
}

const TYPES = new Set(['int', 'intptr_t', 'long', 'unsigned', 'char', 'short', 'spinlock_t', 'atomic_t', 'u32', 'u64', 's32', 's64', 'const', 'volatile', 'signed']);

// ---- processes ------------------------------------------------------------------------------

class ProcParser {
  readonly regs = new Set<string>();
  private tmp = 0;
  constructor(private readonly c: Cursor) {}

  /** Skip a type (with pointer stars); true if there was one. */
  private type(): boolean {
    let any = false;
    while (this.c.peek()?.t === 'id' && TYPES.has(this.c.peek()!.v)) { this.c.i++; any = true; }
    if (any) while (this.c.maybe('*')) { /* pointer */ }
    return any;
  }

  /** A cast `(T *)` / `(T **)` ahead? */
  private castAhead(): boolean {
    return this.c.is('(') && this.c.peek(1)?.t === 'id' && TYPES.has(this.c.peek(1)!.v);
  }

  private skipCast(): void {
    this.c.eat('(');
    this.type();
    this.c.eat(')');
  }

  block(): Stmt[] {
    this.c.eat('{');
    const out: Stmt[] = [];
    while (!this.c.is('}')) out.push(...this.stmt());
    this.c.eat('}');
    return out;
  }

  stmt(): Stmt[] {
    const c = this.c;
    if (c.is('{')) return this.block();
    if (c.maybe(';')) return [];
    if (c.is('if')) {
      c.next();
      c.eat('(');
      const pre: Stmt[] = [];
      const cond = this.expr(pre);
      c.eat(')');
      const then = this.stmt();
      const els = c.maybe('else') ? this.stmt() : [];
      return [...pre, { s: 'if', cond, then, else: els }];
    }
    const t = c.peek()!;
    if (t.t === 'id' && TYPES.has(t.v)) {
      this.type();
      const out: Stmt[] = [];
      for (;;) {
        while (c.maybe('*')) { /* pointer declarator */ }
        const name = c.id();
        this.regs.add(name);
        if (c.maybe('=')) out.push(...this.assignTo(name));
        else out.push({ s: 'assign', reg: name, val: { k: 'const', v: 0 } });
        if (c.maybe(',')) continue;
        c.eat(';');
        return out;
      }
    }
    if (t.t === 'id' && c.is('=', 1)) {
      const name = c.id();
      c.eat('=');
      if (!this.regs.has(name)) throw new LitmusUnsupported(`plain assignment to shared variable ${name}`);
      const out = this.assignTo(name);
      c.eat(';');
      return out;
    }
    if (t.t === 'id' && c.is('(', 1)) {
      const out = this.call(t.v);
      c.eat(';');
      return out;
    }
    throw new LitmusUnsupported(`statement starting with ${JSON.stringify(t.v)}`);
  }

  private assignTo(reg: string): Stmt[] {
    const pre: Stmt[] = [];
    const e = this.expr(pre);
    // `r = READ_ONCE(*x)`: the read defines r directly
    const last = pre[pre.length - 1];
    if (last && last.s === 'read' && e.k === 'reg' && e.name === last.reg && last.reg.startsWith('%')) {
      last.reg = reg;
      return pre;
    }
    return [...pre, { s: 'assign', reg, val: e }];
  }

  /** A call statement: a write, a fence, an RCU or lock primitive. */
  private call(name: string): Stmt[] {
    const c = this.c;
    c.next();
    c.eat('(');
    const pre: Stmt[] = [];
    const noArgs = (s: Stmt): Stmt[] => { c.eat(')'); return [s]; };
    switch (name) {
      case 'WRITE_ONCE': case 'rcu_assign_pointer': case 'smp_store_release': {
        const addr = name === 'smp_store_release' ? this.pointer(pre) : this.lvalue(pre);
        c.eat(',');
        const val = this.expr(pre);
        c.eat(')');
        return [...pre, { s: 'write', addr, val, release: name !== 'WRITE_ONCE' }];
      }
      case 'smp_mb': return noArgs({ s: 'fence', kind: 'mb' });
      case 'smp_wmb': return noArgs({ s: 'fence', kind: 'wmb' });
      case 'smp_rmb': return noArgs({ s: 'fence', kind: 'rmb' });
      case 'synchronize_rcu': return noArgs({ s: 'sync' });
      case 'rcu_read_lock': return noArgs({ s: 'rcu-lock' });
      case 'rcu_read_unlock': return noArgs({ s: 'rcu-unlock' });
      case 'spin_lock': case 'spin_unlock': {
        const lock = c.id();
        c.eat(')');
        return [{ s: name === 'spin_lock' ? 'spin-lock' : 'spin-unlock', lock }];
      }
      default: throw new LitmusUnsupported(`${name}()`);
    }
  }

  /** `*p`, `*(T **)p`: the location p points to; returns the address expression. */
  private lvalue(pre: Stmt[]): Expr {
    this.c.eat('*');
    if (this.castAhead()) this.skipCast();
    return this.unary(pre);
  }

  /** A pointer argument (smp_load_acquire(x), smp_store_release(x, v)). */
  private pointer(pre: Stmt[]): Expr {
    if (this.castAhead()) this.skipCast();
    if (this.c.maybe('&')) return { k: 'const', v: this.c.id() };
    return this.unary(pre);
  }

  expr(pre: Stmt[]): Expr { return this.binary(pre, 0); }

  private static readonly LEVELS: BinOp[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*']];

  private binary(pre: Stmt[], level: number): Expr {
    if (level >= ProcParser.LEVELS.length) return this.unary(pre);
    let a = this.binary(pre, level + 1);
    for (;;) {
      const op = ProcParser.LEVELS[level]!.find((o) => this.c.is(o));
      if (!op) return a;
      this.c.next();
      a = { k: 'bin', op, a, b: this.binary(pre, level + 1) };
    }
  }

  private unary(pre: Stmt[]): Expr {
    const c = this.c;
    if (c.maybe('!')) return { k: 'not', a: this.unary(pre) };
    if (c.maybe('-')) return { k: 'bin', op: '-', a: { k: 'const', v: 0 }, b: this.unary(pre) };
    if (c.maybe('&')) return { k: 'const', v: c.id() };
    if (this.castAhead()) { this.skipCast(); return this.unary(pre); }
    if (c.maybe('(')) { const e = this.expr(pre); c.eat(')'); return e; }
    if (c.is('*')) throw new LitmusUnsupported('plain (non-marked) memory access');
    const t = c.next();
    if (t.t === 'num') return { k: 'const', v: Number(t.v) };
    if (t.t !== 'id') throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} in an expression`);
    if (c.is('(')) return this.readCall(t.v, pre);
    if (this.regs.has(t.v)) return { k: 'reg', name: t.v };
    return { k: 'const', v: t.v }; // a location's name stands for its address
  }

  private readCall(name: string, pre: Stmt[]): Expr {
    const c = this.c;
    c.eat('(');
    let addr: Expr, acquire = false;
    switch (name) {
      case 'READ_ONCE': case 'rcu_dereference': addr = this.lvalue(pre); break;
      case 'smp_load_acquire': addr = this.pointer(pre); acquire = true; break;
      default: throw new LitmusUnsupported(`${name}() in an expression`);
    }
    c.eat(')');
    const reg = `%t${this.tmp++}`;
    this.regs.add(reg);
    pre.push({ s: 'read', reg, addr, acquire });
    return { k: 'reg', name: reg };
  }
}

// ---- the file -------------------------------------------------------------------------------

export function parseLitmus(text: string): LitmusTest {
  const src = text.replace(/\r\n?/g, '\n');
  const header = /^\s*C\s+(\S+)/.exec(src);
  if (!header) throw new LitmusUnsupported('not a C litmus test (no `C name` header)');
  const result = /^\s*\*\s*Result:\s*(\S+)/m.exec(src)?.[1] ?? null;
  // (* ... *) comments come before the init block; inside code `(*(int **)p)` is not one
  let body = src.slice(header.index + header[0].length);
  for (let m = /^\s*\(\*[\s\S]*?\*\)/.exec(body); m; m = /^\s*\(\*[\s\S]*?\*\)/.exec(body)) body = body.slice(m[0].length);
  // `locations [...]` only asks herd to print values; it does not change the verdict
  body = body.replace(/\blocations\s*\[[^\]]*\]/g, ' ');
  if (/\bfilter\b/.test(body)) throw new LitmusUnsupported('filter clause');
  const ex = /(~?)\s*\bexists\b/.exec(body);
  if (!ex) throw new LitmusUnsupported(/\bforall\b/.test(body) ? 'forall clause' : 'no exists clause');
  if (ex[1]) throw new LitmusUnsupported('~exists clause');
  const prog = body.slice(0, ex.index), cond = body.slice(ex.index + ex[0].length);

  const c = new Cursor(tokenize(prog));
  const init = new Map<string, Val>();
  const regInits = new Map<number, Map<string, Val>>();
  const locations = new Set<string>();
  c.eat('{');
  while (!c.is('}')) {
    if (c.maybe(';')) continue;
    while (c.peek()?.t === 'id' && TYPES.has(c.peek()!.v)) c.next();
    while (c.maybe('*')) { /* pointer */ }
    let thread: number | null = null;
    if (c.peek()?.t === 'num' && c.is(':', 1)) { thread = Number(c.next().v); c.eat(':'); }
    const name = c.id();
    c.eat('=');
    let v: Val;
    if (c.maybe('&')) v = c.id();
    else if (c.maybe('-')) v = -Number(c.next().v);
    else { const t = c.next(); v = t.t === 'num' ? Number(t.v) : t.v; }
    if (thread !== null) {
      const m = regInits.get(thread) ?? new Map<string, Val>();
      m.set(name, v);
      regInits.set(thread, m);
    } else {
      init.set(name, v);
      locations.add(name);
    }
    if (typeof v === 'string' && thread === null) locations.add(v);
  }
  c.eat('}');

  const sources: ThreadSource[] = [];
  while (c.peek()) {
    const pname = c.id();
    const m = /^P(\d+)$/.exec(pname);
    if (!m) throw new LitmusUnsupported(`unexpected ${pname} (expected a process P<n>)`);
    if (Number(m[1]) !== sources.length) throw new LitmusSyntaxError(`process ${pname} out of order`);
    c.eat('(');
    while (!c.is(')')) {
      while (c.peek()?.t === 'id' && TYPES.has(c.peek()!.v)) c.next();
      while (c.maybe('*')) { /* pointer */ }
      locations.add(c.id());
      c.maybe(',');
    }
    c.eat(')');
    const pp = new ProcParser(c);
    const regInit = regInits.get(sources.length) ?? new Map<string, Val>();
    for (const r of regInit.keys()) pp.regs.add(r);
    const stmts = pp.block();
    collectLocations(stmts, locations);
    sources.push({ name: pname, start: 'initial', body: stmts, regInit });
  }
  if (sources.length === 0) throw new LitmusSyntaxError('no process');
  const exists = parseCond(new Cursor(tokenize(cond)));
  // the condition may name locations no process declared (they exist, with value 0)
  const visit = (e: Cond): void => {
    if (e.k === 'loc') locations.add(e.loc);
    if ((e.k === 'reg' || e.k === 'loc') && typeof e.v === 'string') locations.add(e.v);
    if (e.k === 'and' || e.k === 'or') { visit(e.a); visit(e.b); }
    if (e.k === 'not') visit(e.a);
  };
  visit(exists);
  return { name: header[1]!, result, program: buildProgram(sources, init, locations), exists, threads: sources.map((s) => s.name) };
}

function collectLocations(stmts: Stmt[], out: Set<string>): void {
  const expr = (e: Expr): void => {
    if (e.k === 'const' && typeof e.v === 'string') out.add(e.v);
    if (e.k === 'bin') { expr(e.a); expr(e.b); }
    if (e.k === 'not') expr(e.a);
  };
  for (const s of stmts) {
    if (s.s === 'read') expr(s.addr);
    if (s.s === 'write') { expr(s.addr); expr(s.val); }
    if (s.s === 'assign') expr(s.val);
    if (s.s === 'if') { expr(s.cond); collectLocations(s.then, out); collectLocations(s.else, out); }
  }
}

/** exists ( 0:r1=1 /\ (x=2 \/ ~1:r2=0) ) */
function parseCond(c: Cursor): Cond {
  const or = (): Cond => {
    let a = and();
    while (c.maybe('\\/')) a = { k: 'or', a, b: and() };
    return a;
  };
  const and = (): Cond => {
    let a = atom();
    while (c.maybe('/\\')) a = { k: 'and', a, b: atom() };
    return a;
  };
  const value = (): Val => {
    if (c.maybe('-')) return -Number(c.next().v);
    if (c.maybe('&')) return c.id();
    const t = c.next();
    return t.t === 'num' ? Number(t.v) : t.v;
  };
  const atom = (): Cond => {
    if (c.maybe('~') || c.maybe('not')) return { k: 'not', a: atom() };
    if (c.maybe('(')) { const e = or(); c.eat(')'); return e; }
    if (c.maybe('true')) return { k: 'true' };
    const t = c.next();
    if (t.t === 'num' && c.maybe(':')) {
      const reg = c.id();
      c.eat('=');
      return { k: 'reg', thread: Number(t.v), reg, v: value() };
    }
    if (t.t === 'id') {
      c.eat('=');
      return { k: 'loc', loc: t.v, v: value() };
    }
    throw new LitmusSyntaxError(`unexpected ${JSON.stringify(t.v)} in the exists clause`);
  };
  const e = or();
  if (c.peek()) throw new LitmusSyntaxError(`unexpected ${JSON.stringify(c.peek()!.v)} after the exists clause`);
  return e;
}
