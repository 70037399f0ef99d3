// From a process's AST to its possible event sequences ("thread traces"), the way herd7 builds
// them from linux-kernel.def: each read may return any value its location can hold (the values
// come from a fixpoint over every thread's writes), branches follow those values, and every
// event carries the reads its address, data and control depend on (syntactically, through
// registers). Each primitive becomes the events the .def file gives it: READ_ONCE a once read,
// smp_store_release a release write, xchg() an mb-fenced read-modify-write pair, spin_lock an
// LKR/LKW pair, rcu_read_lock a fence, and so on. Anything else is Unsupported, by name.

import { LitmusUnsupported } from '../parse';
import type { Ex, LkProc, LkTest, St, Val } from './parse';

type EvKind = 'R' | 'W' | 'F';

export interface LEv {
  kind: EvKind;
  /** once | acquire | release | noreturn | plain | lkr | lkw | ul | lf | rl | ru, or the fence's name. */
  cls: string;
  loc?: string;
  val?: Val;
  /** For the read half of a read-modify-write: the index of its write (same trace). */
  rmw?: number;
  addr: number[];
  data: number[];
  ctrl: number[];
  /** srcu-unlock: the srcu-lock events its index value comes from. */
  srcuFrom?: number[];
  /** Lock reads (lf, rl): own critical section's LKW, when inside one. ru: own earlier unlocks it may read. */
  own?: number[];
}

export interface Trace {
  events: LEv[];
  regs: Map<string, Val>;
  /** While the value domains are discovered: the writes (`thread:k`, its k-th write) each read's
   * value came through (threadTraces). */
  origins?: Map<number, ReadonlySet<string>>;
}

/** A value a read may return, with the writes it came through (a chain of distinct writes). */
interface DomEntry { v: Val; o: ReadonlySet<string> }
const NO_ORIGIN: ReadonlySet<string> = new Set();

interface TV { v: Val; d: number[] }

/** A value no write of the known domain gives: what herd7 leaves unsolved on a self-justifying
 * (out-of-thin-air) cycle. It differs from every constant; arithmetic on it gives it again. */
const TOP = '\u22a4'; // a value and the events (reads, srcu-locks) it depends on

const uniq = (a: number[]): number[] => [...new Set(a)].sort((x, y) => x - y);

export interface ExecOptions {
  /** Control dependencies extend past the end of the if statement (herd7 does this). */
  ctrlPastJoin: boolean;
  /** Per process, registers whose final value every execution that matters must have (e.g. the
   * filter's): a path that assigns another value to one assigned only once is never built. */
  pins?: Map<number, Map<string, Val>>;
}

/** The program is past the enumeration's size limits: the verdict is Unknown, not Unsupported. */
export class LkTooBig extends Error {}

class NeedChoice { constructor(readonly options: number) {} }
class Dead {} // this path deadlocks (e.g. a spin_lock on a lock the thread holds)

/** What one run of a process, with a given list of choices, produced. */
class Run {
  readonly events: LEv[] = [];
  readonly regs = new Map<string, TV>();
  private ctrl: number[] = [];
  private ci = 0;
  private readonly held = new Map<string, number>(); // lock -> its LKW index
  private readonly unlocks = new Map<string, number[]>(); // lock -> own ULs since the last LKW
  private pinNext: Val | undefined; // the value the next read must return (see stmts 'assign')
  private readonly origins = new Map<number, ReadonlySet<string>>(); // read event -> its value's writes

  constructor(
    private readonly proc: LkProc,
    private readonly choices: number[],
    private readonly domain: (loc: string) => readonly DomEntry[],
    private readonly isLocation: (name: string) => boolean,
    regInit: Map<string, Val> | undefined,
    private readonly opts: ExecOptions,
    private readonly pins?: Map<St, Val>,
  ) {
    for (const r of proc.regs) this.regs.set(r, { v: 0, d: [] });
    for (const [r, v] of regInit ?? []) this.regs.set(r, { v, d: [] });
  }

  private choose(n: number): number {
    if (n <= 0) throw new Dead();
    if (this.ci < this.choices.length) return this.choices[this.ci++]!;
    throw new NeedChoice(n);
  }

  private ev(e: Omit<LEv, 'addr' | 'data' | 'ctrl'> & Partial<Pick<LEv, 'addr' | 'data'>>): number {
    this.events.push({ addr: [], data: [], ...e, ctrl: this.ctrl });
    return this.events.length - 1;
  }

  private fence(cls: string): void { this.ev({ kind: 'F', cls }); }

  /** One value of the location's domain (a choice), with the writes it came through. */
  private pick(loc: string): DomEntry {
    const dom = this.domain(loc);
    return dom[this.choose(dom.length)]!;
  }

  /** A read event of a picked value (its origin kept for the domain's discovery). */
  private readEv(e: Omit<LEv, 'addr' | 'data' | 'ctrl'> & Partial<Pick<LEv, 'addr' | 'data'>>, o: ReadonlySet<string>): number {
    const i = this.ev(e);
    if (o.size) this.origins.set(i, o);
    return i;
  }

  private read(loc: string, cls: string, addr: number[]): TV {
    let dom = this.domain(loc);
    const pin = this.pinNext;
    if (pin !== undefined && dom.some((x) => x.v === pin)) dom = dom.filter((x) => x.v === pin);
    this.pinNext = undefined;
    const x = dom[this.choose(dom.length)]!;
    const i = this.readEv({ kind: 'R', cls, loc, val: x.v, addr }, x.o);
    return { v: x.v, d: [i] };
  }

  private write(loc: string, cls: string, val: TV, addr: number[]): number {
    return this.ev({ kind: 'W', cls, loc, val: val.v, addr, data: val.d });
  }

  run(): Trace {
    this.stmts(this.proc.body);
    const regs = new Map<string, Val>();
    for (const [r, tv] of this.regs) regs.set(r, tv.v);
    return { events: this.events, regs, ...(this.origins.size ? { origins: this.origins } : {}) };
  }

  private stmts(ss: St[]): void {
    for (const s of ss) {
      switch (s.s) {
        case 'expr': this.eval(s.e); break;
        case 'assign': {
          const pin = this.pins?.get(s);
          // `r = READ_ONCE(*x)` with r pinned: the read returns the pin if x can hold it at all
          // (the other values, TOP included, would only build paths that are pruned below)
          if (pin !== undefined && s.e.k === 'call' && ['READ_ONCE', 'smp_load_acquire'].includes(s.e.name) && s.e.args.length === 1
            && (s.e.args[0]!.k === 'id' || (s.e.args[0]!.k === 'deref' && s.e.args[0]!.a.k === 'id'))) this.pinNext = pin;
          const v = this.eval(s.e);
          this.pinNext = undefined;
          if (pin !== undefined && v.v !== TOP && v.v !== pin) throw new Dead(); // not an execution asked about
          this.regs.set(s.reg, v);
          break;
        }
        case 'store': {
          const a = this.eval(s.addr), v = this.eval(s.e);
          this.write(this.loc(a.v), 'plain', v, a.d);
          break;
        }
        case 'if': {
          const c = this.eval(s.c);
          const saved = this.ctrl;
          this.ctrl = uniq([...this.ctrl, ...c.d]);
          this.stmts(truthy(c.v) ? s.t : s.f);
          if (!this.opts.ctrlPastJoin) this.ctrl = saved;
          break;
        }
      }
    }
  }

  private loc(v: Val): string {
    if (v === TOP) throw new Dead(); // an address nobody computed: herd7 cannot run this path either
    if (typeof v === 'string') return v;
    return `#${v}`; // an integer used as an address: a location of its own, as herd7 does
  }

  /** The location an lvalue argument names: `*p` -> what p holds; a bare location name -> itself. */
  private lvalue(e: Ex): TV {
    if (e.k === 'deref') return this.eval(e.a);
    if (e.k === 'id' && !this.regs.has(e.name)) return { v: e.name, d: [] };
    if (e.k === 'id') return this.eval(e); // a pointer register: herd7 reads it as the address
    throw new LitmusUnsupported('an access to something that is not a location');
  }

  private eval(e: Ex): TV {
    switch (e.k) {
      case 'num': return { v: e.v, d: [] };
      case 'addr': return { v: e.name, d: [] };
      case 'id': {
        const r = this.regs.get(e.name);
        if (r) return r;
        if (this.isLocation(e.name)) return { v: e.name, d: [] };
        throw new LitmusUnsupported(`undeclared name ${e.name}`);
      }
      case 'deref': {
        const a = this.eval(e.a);
        return this.read(this.loc(a.v), 'plain', a.d);
      }
      case 'un': {
        const a = this.eval(e.a);
        if (a.v === TOP) return { v: e.op === '!' ? 0 : TOP, d: a.d };
        if (typeof a.v === 'string') {
          if (e.op === '!') return { v: 0, d: a.d };
          throw new LitmusUnsupported('arithmetic on a pointer');
        }
        return { v: e.op === '!' ? (a.v === 0 ? 1 : 0) : e.op === '-' ? -a.v : ~a.v, d: a.d };
      }
      case 'bin': {
        const a = this.eval(e.a), b = this.eval(e.b);
        return { v: binop(e.op, a.v, b.v, (n) => this.choose(n)), d: uniq([...a.d, ...b.d]) };
      }
      case 'call': return this.call(e.name, e.args);
    }
  }

  private arity(name: string, args: Ex[], n: number): void {
    if (args.length !== n) throw new LitmusUnsupported(`${name}() with ${args.length} arguments`);
  }

  private call(name: string, args: Ex[]): TV {
    const zero: TV = { v: 0, d: [] };
    const FENCES: Record<string, string> = {
      smp_mb: 'mb', smp_rmb: 'rmb', smp_wmb: 'wmb', smp_mb__before_atomic: 'before-atomic', smp_mb__after_atomic: 'after-atomic',
      smp_mb__after_spinlock: 'after-spinlock', smp_mb__after_unlock_lock: 'after-unlock-lock', barrier: 'barrier',
      rcu_read_lock: 'rcu-lock', rcu_read_unlock: 'rcu-unlock', synchronize_rcu: 'sync-rcu', synchronize_rcu_expedited: 'sync-rcu',
      smp_mb__after_srcu_read_unlock: 'after-srcu-read-unlock',
    };
    if (name in FENCES) { this.arity(name, args, 0); this.fence(FENCES[name]!); return zero; }
    switch (name) {
      case 'READ_ONCE': case 'rcu_dereference': case 'rcu_dereference_raw': case 'srcu_dereference': case 'rcu_access_pointer': {
        const a = this.lvalue(args[0]!);
        if (args.length !== 1 && name !== 'srcu_dereference') this.arity(name, args, 1);
        return this.read(this.loc(a.v), 'once', a.d);
      }
      case 'WRITE_ONCE': case 'rcu_assign_pointer': case 'smp_store_mb': {
        this.arity(name, args, 2);
        const a = this.lvalue(args[0]!), v = this.eval(args[1]!);
        this.write(this.loc(a.v), name === 'rcu_assign_pointer' ? 'release' : 'once', v, a.d);
        if (name === 'smp_store_mb') this.fence('mb');
        return zero;
      }
      case 'smp_load_acquire': case 'atomic_read_acquire': {
        this.arity(name, args, 1);
        const a = this.eval(args[0]!);
        return this.read(this.loc(a.v), 'acquire', a.d);
      }
      case 'smp_store_release': case 'atomic_set_release': {
        this.arity(name, args, 2);
        const a = this.eval(args[0]!), v = this.eval(args[1]!);
        this.write(this.loc(a.v), 'release', v, a.d);
        return zero;
      }
      case 'atomic_read': {
        this.arity(name, args, 1);
        const a = this.eval(args[0]!);
        return this.read(this.loc(a.v), 'once', a.d);
      }
      case 'atomic_set': {
        this.arity(name, args, 2);
        const a = this.eval(args[0]!), v = this.eval(args[1]!);
        this.write(this.loc(a.v), 'once', v, a.d);
        return zero;
      }
      case 'spin_lock': case 'spin_unlock': case 'spin_trylock': case 'spin_is_locked': {
        this.arity(name, args, 1);
        const a = this.eval(args[0]!);
        return this.lock(name, this.loc(a.v), a.d);
      }
      case 'srcu_read_lock': {
        this.arity(name, args, 1);
        const a = this.eval(args[0]!);
        const i = this.ev({ kind: 'F', cls: 'srcu-lock', loc: this.loc(a.v) });
        return { v: 0, d: [i] };
      }
      case 'srcu_read_unlock': {
        this.arity(name, args, 2);
        const a = this.eval(args[0]!), idx = this.eval(args[1]!);
        const loc = this.loc(a.v);
        this.ev({ kind: 'F', cls: 'srcu-unlock', loc, srcuFrom: idx.d.filter((j) => this.events[j]!.cls === 'srcu-lock' && this.events[j]!.loc === loc) });
        return zero;
      }
      case 'synchronize_srcu': case 'synchronize_srcu_expedited': {
        this.arity(name, args, 1);
        const a = this.eval(args[0]!);
        this.ev({ kind: 'F', cls: 'sync-srcu', loc: this.loc(a.v) });
        return zero;
      }
    }
    if (name === 'atomic_add_unless') return this.addUnless(args);
    const rmw = RMW_OPS(name);
    if (rmw) return this.rmwOp(name, rmw, args);
    throw new LitmusUnsupported(`${name}()`);
  }

  /** A read-modify-write with the given flavour (mb: fenced on both sides, as herd7 models it). */
  private rmwOp(name: string, op: RmwSpec, args: Ex[]): TV {
    this.arity(name, args, op.args);
    // argument order: atomic_add(V, X) puts the value first
    const xi = op.valueFirst ? op.args - 1 : 0;
    const a = this.eval(args[xi]!);
    const loc = this.loc(a.v);
    const operand = op.args > 1 ? this.eval(args[op.valueFirst ? 0 : 1]!) : { v: 1, d: [] };
    const newArg = op.kind === 'cmpxchg' ? this.eval(args[2]!) : null;
    const pick = this.pick(loc);
    const old = pick.v;
    let nv: TV;
    if (op.kind === 'cmpxchg') {
      if (old === TOP || operand.v === TOP ? this.choose(2) === 1 : old !== operand.v) {
        // a failed cmpxchg: a plain once read, no ordering (the weakest reading)
        const i = this.readEv({ kind: 'R', cls: 'once', loc, val: old, addr: a.d }, pick.o);
        return { v: old, d: [i] };
      }
      nv = newArg!;
    } else if (op.kind === 'xchg') nv = operand;
    else nv = { v: binop(op.kind === 'add' ? '+' : '-', old, operand.v, (n) => this.choose(n)), d: operand.d };
    const fenced = op.order === 'mb';
    if (fenced) this.fence('mb');
    const r = this.readEv({ kind: 'R', cls: op.noreturn ? 'noreturn' : op.order === 'acquire' ? 'acquire' : 'once', loc, val: old, addr: a.d }, pick.o);
    const w = this.ev({ kind: 'W', cls: op.order === 'release' ? 'release' : 'once', loc, val: nv.v, addr: a.d, data: nv.d });
    this.events[r]!.rmw = w;
    if (fenced) this.fence('mb');
    const ret: TV = { v: op.returns === 'old' ? old : nv.v, d: [r] };
    if (op.test === 'zero') return { v: ret.v === 0 ? 1 : 0, d: ret.d };
    if (op.test === 'negative') return { v: typeof ret.v === 'number' && ret.v < 0 ? 1 : 0, d: ret.d };
    return op.noreturn ? { v: 0, d: [] } : ret;
  }

  /** atomic_add_unless(v, a, u): adds a unless v is u (then only a read); fully ordered on success. */
  private addUnless(args: Ex[]): TV {
    this.arity('atomic_add_unless', args, 3);
    const a = this.eval(args[0]!), add = this.eval(args[1]!), u = this.eval(args[2]!);
    const loc = this.loc(a.v);
    const pick = this.pick(loc);
    const old = pick.v;
    if (old === TOP || u.v === TOP ? this.choose(2) === 1 : old === u.v) {
      const i = this.readEv({ kind: 'R', cls: 'once', loc, val: old, addr: a.d }, pick.o);
      return { v: 0, d: [i] };
    }
    this.fence('mb');
    const r = this.readEv({ kind: 'R', cls: 'once', loc, val: old, addr: a.d }, pick.o);
    const w = this.ev({ kind: 'W', cls: 'once', loc, val: binop('+', old, add.v, (n) => this.choose(n)), addr: a.d, data: add.d });
    this.events[r]!.rmw = w;
    this.fence('mb');
    return { v: 1, d: [r] };
  }

  private lock(name: string, loc: string, addr: number[]): TV {
    const held = this.held.get(loc);
    switch (name) {
      case 'spin_lock': {
        if (held !== undefined) throw new Dead(); // lock-nest: deadlocks
        const r = this.ev({ kind: 'R', cls: 'lkr', loc, val: 0, addr });
        const w = this.ev({ kind: 'W', cls: 'lkw', loc, val: 1, addr });
        this.events[r]!.rmw = w;
        this.held.set(loc, w);
        this.unlocks.set(loc, []);
        return { v: 0, d: [] };
      }
      case 'spin_unlock': {
        if (held === undefined) throw new LitmusUnsupported('spin_unlock() of a lock not held');
        const u = this.ev({ kind: 'W', cls: 'ul', loc, val: 0, addr });
        this.held.delete(loc);
        this.unlocks.get(loc)!.push(u);
        return { v: 0, d: [] };
      }
      case 'spin_trylock': {
        if (held === undefined && this.choose(2) === 0) {
          const r = this.ev({ kind: 'R', cls: 'lkr', loc, val: 0, addr });
          const w = this.ev({ kind: 'W', cls: 'lkw', loc, val: 1, addr });
          this.events[r]!.rmw = w;
          this.held.set(loc, w);
          this.unlocks.set(loc, []);
          return { v: 1, d: [] };
        }
        const i = this.ev({ kind: 'R', cls: 'lf', loc, val: 1, addr, own: held !== undefined ? [held] : [] });
        return { v: 0, d: [i] };
      }
      default: { // spin_is_locked
        if (this.choose(2) === 0) {
          const i = this.ev({ kind: 'R', cls: 'rl', loc, val: 1, addr, own: held !== undefined ? [held] : [] });
          return { v: 1, d: [i] };
        }
        const i = this.ev({ kind: 'R', cls: 'ru', loc, val: 0, addr, own: held !== undefined ? [] : [...(this.unlocks.get(loc) ?? [])] });
        return { v: 0, d: [i] };
      }
    }
  }
}

interface RmwSpec {
  kind: 'xchg' | 'cmpxchg' | 'add' | 'sub';
  order: 'mb' | 'once' | 'acquire' | 'release';
  args: number;
  valueFirst: boolean;
  returns: 'old' | 'new';
  noreturn?: boolean;
  test?: 'zero' | 'negative';
}

function RMW_OPS(name: string): RmwSpec | null {
  const order = (s: string | undefined): RmwSpec['order'] | null =>
    s === undefined || s === '' ? 'mb' : s === '_relaxed' ? 'once' : s === '_acquire' ? 'acquire' : s === '_release' ? 'release' : null;
  let m = /^(?:atomic_)?(xchg|cmpxchg)(_relaxed|_acquire|_release)?$/.exec(name);
  if (m) {
    const o = order(m[2])!;
    return { kind: m[1] as 'xchg' | 'cmpxchg', order: o, args: m[1] === 'xchg' ? 2 : 3, valueFirst: false, returns: 'old' };
  }
  m = /^atomic_(add|sub|inc|dec)$/.exec(name);
  if (m) {
    const k = m[1]!;
    return { kind: k === 'add' || k === 'inc' ? 'add' : 'sub', order: 'once', args: k === 'add' || k === 'sub' ? 2 : 1, valueFirst: true, returns: 'new', noreturn: true };
  }
  m = /^atomic_(fetch_)?(add|sub|inc|dec)(_return)?(_relaxed|_acquire|_release)?$/.exec(name);
  if (m && !!m[1] !== !!m[3]) {
    const k = m[2]!;
    return { kind: k === 'add' || k === 'inc' ? 'add' : 'sub', order: order(m[4])!, args: k === 'add' || k === 'sub' ? 2 : 1, valueFirst: true, returns: m[1] ? 'old' : 'new' };
  }
  m = /^atomic_(sub_and_test|dec_and_test|inc_and_test|add_negative)$/.exec(name);
  if (m) {
    const k = m[1]!;
    const two = k === 'sub_and_test' || k === 'add_negative';
    return { kind: k.startsWith('sub') || k.startsWith('dec') ? 'sub' : 'add', order: 'mb', args: two ? 2 : 1, valueFirst: true, returns: 'new', test: k === 'add_negative' ? 'negative' : 'zero' };
  }
  return null;
}

function truthy(v: Val): boolean { return typeof v === 'string' || v !== 0; } // TOP: not 0

function binop(op: string, a: Val, b: Val, choose: (n: number) => number): Val {
  if (a === TOP || b === TOP) {
    if (op === '==' || op === '!=') {
      // TOP differs from every constant; TOP against TOP (or an address) could go either way
      const eq = a === b || typeof a === 'string' && typeof b === 'string' ? choose(2) === 0 : false;
      return (op === '==') === eq ? 1 : 0;
    }
    if (op === '<' || op === '>' || op === '<=' || op === '>=') return choose(2);
    if (op === '&&' || op === '||') return binop(op, a === TOP ? 1 : a, b === TOP ? 1 : b, choose);
    return TOP;
  }
  if (typeof a === 'string' || typeof b === 'string') {
    // a pointer plus or minus zero (the classic `x + (r & 0)` dependency) is the pointer
    if (op === '+' && typeof a === 'string' && b === 0) return a;
    if (op === '+' && typeof b === 'string' && a === 0) return b;
    if (op === '-' && typeof a === 'string' && b === 0) return a;
    switch (op) {
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '&&': return truthy(a) && truthy(b) ? 1 : 0;
      case '||': return truthy(a) || truthy(b) ? 1 : 0;
      default: throw new LitmusUnsupported('arithmetic on a pointer');
    }
  }
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0) throw new LitmusUnsupported('division by zero'); return Math.trunc(a / b);
    case '%': if (b === 0) throw new LitmusUnsupported('division by zero'); return a % b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '&&': return a !== 0 && b !== 0 ? 1 : 0;
    case '||': return a !== 0 || b !== 0 ? 1 : 0;
  }
  throw new LitmusUnsupported(`operator ${op}`);
}

interface ThreadSet {
  /** traces[t]: every trace of process t. */
  traces: Trace[][];
  locations: Set<string>;
  locks: Set<string>;
  srcus: Set<string>;
}

const MAX_TRACES = 4096;
const MAX_DOMAIN = 64;
/** Events of all the paths built, over every round of the fixpoint: 4,096 paths of a process of
 * 6,000 accesses, enumerated again each of thousands of rounds, took minutes and 3 GB. */
const MAX_EVENTS = 1 << 20;

/** Every trace of every process, with the read-value domains at their fixpoint. */
export function threadTraces(t: LkTest, opts: ExecOptions): ThreadSet {
  const names = new Set<string>(t.init.keys());
  for (const v of t.init.values()) if (typeof v === 'string') names.add(v);
  for (const p of t.procs) for (const q of p.params) names.add(q);
  const isLocation = (n: string): boolean => names.has(n);
  // Each location's values, each with the writes it came through (an antichain of origin sets per
  // value: a value reached through fewer writes may feed more of them).
  const dom = new Map<string, DomEntry[]>();
  const entriesOf = (loc: string): DomEntry[] => {
    let s = dom.get(loc);
    if (!s) { s = [{ v: t.init.get(loc) ?? 0, o: NO_ORIGIN }]; dom.set(loc, s); }
    return s;
  };
  let discover = true;
  // while discovering, a read may also return TOP, so paths guarded by values no write gives yet
  // (herd7 explores every path symbolically) still contribute their writes; once done, each value
  // once (origins only steer the discovery)
  const finalDomain = new Map<string, DomEntry[]>();
  const domain = (loc: string): readonly DomEntry[] => {
    const s = entriesOf(loc);
    if (discover) return s.some((x) => x.v === TOP) ? s : [...s, { v: TOP, o: NO_ORIGIN }];
    let f = finalDomain.get(loc);
    if (!f) {
      const seen = new Set<Val>();
      f = [];
      for (const x of s) if (!seen.has(x.v)) { seen.add(x.v); f.push({ v: x.v, o: NO_ORIGIN }); }
      finalDomain.set(loc, f);
    }
    return f;
  };
  /** Adds a value with its origin unless an entry of the same value came through a subset of its writes. */
  const addValue = (loc: string, v: Val, o: ReadonlySet<string>): boolean => {
    const s = entriesOf(loc);
    const subset = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size <= b.size && [...a].every((x) => b.has(x));
    if (s.some((x) => x.v === v && subset(x.o, o))) return false;
    const keep = s.filter((x) => !(x.v === v && subset(o, x.o)));
    keep.push({ v, o });
    dom.set(loc, keep);
    return true;
  };
  // Each round adds the values one more write can pass on. A value in an execution comes through a
  // chain of distinct writes (a chain that repeats a write is out of thin air, which TOP stands
  // for): each value keeps the writes it came through, and a write never passes on a value that
  // already came through it, so two atomic_add()s on a counter give 4 values, not a count without
  // end. Rounds past the most writes an execution has could add only values no execution reads:
  // the enumeration stops there too. A write is named by its thread and its place among the
  // thread's writes (`1:0`): an execution has one trace per thread, so in one execution the name
  // is one write.
  let maxRounds = 8;
  // a pin only prunes at a register's one assignment past its declaration (no later one changes it)
  const pinsOf = t.procs.map((p, i) => {
    const want = opts.pins?.get(i);
    if (!want) return undefined;
    const at = new Map<string, St[]>();
    const collect = (ss: St[]): void => { for (const x of ss) { if (x.s === 'assign') at.set(x.reg, [...(at.get(x.reg) ?? []), x]); else if (x.s === 'if') { collect(x.t); collect(x.f); } } };
    // declarations (`int r;` is `r = 0`) at the top come first: what matters is the last assignment
    let k = 0;
    while (k < p.body.length && p.body[k]!.s === 'assign' && (p.body[k] as { e: Ex }).e.k === 'num') k++;
    collect(p.body.slice(k));
    const m = new Map<St, Val>();
    for (const [r, v] of want) { const a = at.get(r); if (a?.length === 1) m.set(a[0]!, v); }
    return m.size ? m : undefined;
  });
  const spent = { events: 0 };
  for (let round = 0; ; round++) {
    const traces = t.procs.map((p, i) => enumerate(p, (c) => new Run(p, c, domain, isLocation, t.regInit.get(i), opts, pinsOf[i]), spent));
    const writes = traces.reduce((sum, ts) => sum + Math.max(0, ...ts.map((tr) => tr.events.filter((e) => e.kind === 'W').length)), 0);
    maxRounds = Math.max(maxRounds, writes + 2);
    const last = !discover;
    let grew = false;
    const locations = new Set<string>(names);
    const locks = new Set<string>(), srcus = new Set<string>(), plainUse = new Set<string>();
    traces.forEach((ts, th) => { for (const tr of ts) {
      let k = 0;
      const rmwRead = new Map<number, number>(); // an RMW's write -> its read
      tr.events.forEach((e, i) => { if (e.rmw !== undefined) rmwRead.set(e.rmw, i); });
      tr.events.forEach((e, i) => {
        if (e.loc === undefined) return;
        if (['lkr', 'lkw', 'ul', 'lf', 'rl', 'ru'].includes(e.cls)) locks.add(e.loc);
        else if (e.cls.includes('srcu')) srcus.add(e.loc);
        else plainUse.add(e.loc);
        locations.add(e.loc);
        if (e.kind !== 'W') return;
        const site = `${th}:${k++}`;
        if (locks.has(e.loc)) return;
        // the writes its value came through: those of the reads it depends on (an RMW: its own read too)
        const from = new Set<string>();
        for (const d of [...(e.data ?? []), ...(rmwRead.has(i) ? [rmwRead.get(i)!] : [])]) for (const x of tr.origins?.get(d) ?? []) from.add(x);
        if (from.has(site)) return; // a chain through this write twice: out of thin air
        from.add(site);
        if (addValue(e.loc, e.val!, from)) grew = true;
        const n = new Set(entriesOf(e.loc).map((x) => x.v)).size;
        if (n > MAX_DOMAIN || entriesOf(e.loc).length > 4 * MAX_DOMAIN) throw new LkTooBig(`more than ${MAX_DOMAIN} values for ${e.loc}`);
      });
    } });
    for (const l of locks) if (plainUse.has(l) || srcus.has(l)) throw new LitmusUnsupported(`spinlock ${l} also accessed as memory`);
    for (const l of srcus) if (plainUse.has(l)) throw new LitmusUnsupported(`srcu_struct ${l} also accessed as memory`);
    if (last) {
      for (const l of srcus) locations.delete(l);
      return { traces, locations, locks, srcus };
    }
    // one last enumeration, reads limited to values some write gives
    if (!grew || round >= maxRounds) discover = false;
  }
}

function enumerate(p: LkProc, make: (choices: number[]) => Run, spent: { events: number }): Trace[] {
  const out: Trace[] = [];
  const stack: number[][] = [[]];
  while (stack.length) {
    const c = stack.pop()!;
    try {
      const tr = make(c).run();
      out.push(tr);
      if (out.length > MAX_TRACES) throw new LkTooBig(`more than ${MAX_TRACES} paths through ${p.name}`);
      // each path costs its events, and as much again for the runs that stopped at its choices
      if ((spent.events += 2 * tr.events.length + 1) > MAX_EVENTS) throw new LkTooBig(`more than ${MAX_EVENTS} events in the paths of the processes (${p.name} has ${out.length} paths so far)`);
    } catch (e) {
      if (e instanceof NeedChoice) for (let k = e.options - 1; k >= 0; k--) stack.push([...c, k]);
      else if (!(e instanceof Dead)) throw e;
    }
  }
  return out;
}
