// The program the exhaustive checker explores: threads of memory accesses and RCU primitives,
// built from a scenario or from a litmus test. Each thread is flattened into its paths (one per
// combination of branch outcomes, the branch condition becoming an `assume`), and each path into
// ops with the program-order edges the Linux-kernel memory model preserves ("ppo"): the checker
// may execute a thread's ops in any order that respects them. So accesses inside one reader, or
// without a barrier between them, may be reordered; smp_mb(), synchronize_rcu(), acquire/release,
// address, data and control dependencies, and same-location accesses keep their order.

export type Val = number | string; // a string is the address of the location of that name

export type Expr =
  | { k: 'const'; v: Val }
  | { k: 'reg'; name: string }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr }
  | { k: 'not'; a: Expr };

export type BinOp = '==' | '!=' | '+' | '-' | '*' | '&' | '|' | '^' | '&&' | '||' | '<' | '>' | '<=' | '>=';

/** Structured statements (before flattening). */
export type Stmt =
  | { s: 'read'; reg: string; addr: Expr; acquire?: boolean }
  | { s: 'write'; addr: Expr; val: Expr; release?: boolean }
  | { s: 'assign'; reg: string; val: Expr }
  | { s: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] }
  | { s: 'fence'; kind: 'mb' | 'wmb' | 'rmb' }
  | { s: 'rcu-lock' }
  | { s: 'rcu-unlock' }
  | { s: 'sync' }
  | { s: 'print'; label: Observation }
  | { s: 'spawn'; thread: string }
  | { s: 'call-rcu'; thread: string }
  | { s: 'barrier' }
  | { s: 'spin-lock'; lock: string }
  | { s: 'spin-unlock'; lock: string };

/** What a printed line says, for matching against a log's events. */
export interface Observation {
  kind: string;        // EventKind, or 'print' for messages the profile does not know
  task: string | null; // the task the event is about
  text: string;
  printer: string;
}

/** Expressions after flattening: registers are replaced by the op that defined them (SSA). */
type FExpr =
  | { k: 'const'; v: Val }
  | { k: 'def'; op: number }
  | { k: 'bin'; op: BinOp; a: FExpr; b: FExpr }
  | { k: 'not'; a: FExpr };

export type Op =
  | { k: 'read'; addr: FExpr; acquire: boolean }
  | { k: 'write'; addr: FExpr; val: FExpr; release: boolean }
  | { k: 'assign'; val: FExpr }
  | { k: 'assume'; cond: FExpr; want: boolean }
  | { k: 'fence'; kind: 'mb' | 'wmb' | 'rmb' }
  | { k: 'rcu-lock' }
  | { k: 'rcu-unlock' }
  | { k: 'gp-start' }
  | { k: 'gp-end' }
  | { k: 'print'; obs: Observation; fence: boolean }
  | { k: 'spawn'; thread: number }
  | { k: 'call-rcu'; thread: number }
  | { k: 'barrier-start' }
  | { k: 'barrier-end' }
  | { k: 'spin-lock'; lock: number }
  | { k: 'spin-unlock'; lock: number };

export interface Path {
  ops: Op[];
  /** preds[j]: ops of this path that must execute before op j. */
  preds: number[][];
  /** The op that defines each register's final value (absent: never written, stays its initial value). */
  finalDefs: Map<string, number>;
  regInit: Map<string, Val>;
  /** For each outermost read-side critical section: its first rcu_read_lock and last rcu_read_unlock op. */
  sections: { lock: number; unlock: number }[];
}

type ThreadStart = 'initial' | 'spawned' | 'callback';

interface Thread {
  name: string;
  start: ThreadStart;
  paths: Path[];
}

export interface Program {
  threads: Thread[];
  locations: string[];
  init: Map<string, Val>;
  locks: string[];
}

export interface ThreadSource {
  name: string;
  start: ThreadStart;
  body: Stmt[];
  /** Initial register values (declarations such as `intptr_t r3 = x0;`). */
  regInit?: Map<string, Val>;
}

export class ProgramError extends Error {}

interface BuildOptions {
  /**
   * Is printk a full barrier? true (the default) for the print-order checks: the log's order is
   * the order of everything around it. false for the invariant explorer, as the LKMM sees it:
   * a printk is a store to the log buffer, ordered with other printks, after the reads its
   * branch depends on, and by fences, but not a barrier for the thread's other accesses.
   */
  printIsFence?: boolean;
}

const MAX_PATHS = 64;
const MAX_OPS = 62; // bitmasks of done ops use two 31-bit words

/** Flatten thread sources into a Program. Locations: every name used as an address or in init. */
export function buildProgram(sources: ThreadSource[], init: Map<string, Val>, locations: Iterable<string>, opts: BuildOptions = {}): Program {
  const printIsFence = opts.printIsFence ?? true;
  const locks: string[] = [];
  const lockId = (l: string): number => { let i = locks.indexOf(l); if (i < 0) { locks.push(l); i = locks.length - 1; } return i; };
  const threadId = (name: string): number => {
    const i = sources.findIndex((t) => t.name === name);
    if (i < 0) throw new ProgramError(`unknown thread ${name}`);
    return i;
  };
  const threads = sources.map((src): Thread => {
    const paths = enumeratePaths(src.body).map((stmts) => flattenPath(stmts, src.regInit ?? new Map(), lockId, threadId, printIsFence));
    if (paths.length > MAX_PATHS) throw new ProgramError(`${src.name}: too many branch combinations (${paths.length})`);
    for (const p of paths) if (p.ops.length > MAX_OPS) throw new ProgramError(`${src.name}: too many operations (${p.ops.length}; at most ${MAX_OPS})`);
    return { name: src.name, start: src.start, paths };
  });
  return { threads, locations: [...new Set([...locations, ...init.keys()])], init, locks };
}

/** A path is the statement list with each `if` replaced by its condition's outcome. */
type PathStmt = Exclude<Stmt, { s: 'if' }> | { s: 'assume'; cond: Expr; want: boolean } | { s: 'end-branch' };

function enumeratePaths(body: readonly Stmt[]): PathStmt[][] {
  let paths: PathStmt[][] = [[]];
  for (const st of body) {
    if (st.s !== 'if') { for (const p of paths) p.push(st); continue; }
    const thens = enumeratePaths(st.then), elses = enumeratePaths(st.else);
    const next: PathStmt[][] = [];
    for (const p of paths) {
      for (const t of thens) next.push([...p, { s: 'assume', cond: st.cond, want: true }, ...t, { s: 'end-branch' }]);
      for (const e of elses) next.push([...p, { s: 'assume', cond: st.cond, want: false }, ...e, { s: 'end-branch' }]);
      if (next.length > MAX_PATHS) throw new ProgramError(`too many branch combinations (more than ${MAX_PATHS})`);
    }
    paths = next;
  }
  return paths;
}

const FULL: ReadonlySet<Op['k']> = new Set(['fence', 'gp-start', 'gp-end', 'print', 'spawn', 'call-rcu', 'barrier-start', 'barrier-end']);
const LOCKS: ReadonlySet<Op['k']> = new Set(['rcu-lock', 'rcu-unlock', 'spin-lock', 'spin-unlock']);
/** Ops with an effect others see: a control dependency orders them after the branch's condition. */
const EFFECT: ReadonlySet<Op['k']> = new Set(['write', 'print', 'spawn', 'call-rcu', 'gp-start', 'gp-end', 'barrier-start', 'barrier-end', 'spin-lock', 'spin-unlock', 'rcu-lock', 'rcu-unlock']);

function flattenPath(stmts: PathStmt[], regInit: Map<string, Val>, lockId: (l: string) => number, threadId: (n: string) => number, printIsFence: boolean): Path {
  const ops: Op[] = [];
  const defs = new Map<string, number>();
  const ctrl: number[] = [];          // assumes in force (innermost last)
  const ctrlOf: number[][] = [];      // per op: assumes in force when it was issued
  const rcuOpen: number[] = [];       // rcu-lock ops not yet closed
  const inCs: number[][] = [];        // per op: enclosing rcu-lock ops
  const csClose = new Map<number, number>(); // rcu-lock op -> its unlock op
  const csOf: number[] = [];          // per op: its outermost critical section (rcu-lock/unlock ops only), else -1
  const sections: { lock: number; unlock: number }[] = [];
  let cs = -1;
  const fx = (e: Expr): FExpr => {
    switch (e.k) {
      case 'const': return e;
      case 'reg': { const d = defs.get(e.name); return d === undefined ? { k: 'const', v: regInit.get(e.name) ?? 0 } : { k: 'def', op: d }; }
      case 'bin': return { k: 'bin', op: e.op, a: fx(e.a), b: fx(e.b) };
      case 'not': return { k: 'not', a: fx(e.a) };
    }
  };
  const push = (op: Op): number => {
    ops.push(op);
    ctrlOf.push([...ctrl]);
    inCs.push([...rcuOpen]);
    csOf.push(-1);
    return ops.length - 1;
  };
  for (const st of stmts) {
    switch (st.s) {
      case 'read': { const i = push({ k: 'read', addr: fx(st.addr), acquire: !!st.acquire }); defs.set(st.reg, i); break; }
      case 'write': push({ k: 'write', addr: fx(st.addr), val: fx(st.val), release: !!st.release }); break;
      case 'assign': { const i = push({ k: 'assign', val: fx(st.val) }); defs.set(st.reg, i); break; }
      case 'assume': ctrl.push(push({ k: 'assume', cond: fx(st.cond), want: st.want })); break;
      case 'end-branch': ctrl.pop(); break;
      case 'fence': push({ k: 'fence', kind: st.kind }); break;
      case 'rcu-lock': {
        if (rcuOpen.length === 0) { cs++; sections[cs] = { lock: ops.length, unlock: -1 }; }
        const i = push({ k: 'rcu-lock' });
        csOf[i] = cs;
        rcuOpen.push(i);
        break;
      }
      case 'rcu-unlock': {
        const i = push({ k: 'rcu-unlock' });
        csOf[i] = cs;
        const l = rcuOpen.pop();
        if (l === undefined) throw new ProgramError('rcu_read_unlock() without a matching rcu_read_lock() (unbalanced critical sections are not modelled)');
        csClose.set(l, i);
        inCs[i] = [...rcuOpen];
        if (rcuOpen.length === 0) sections[cs]!.unlock = i;
        break;
      }
      case 'sync': push({ k: 'gp-start' }); push({ k: 'gp-end' }); break;
      case 'print': push({ k: 'print', obs: st.label, fence: printIsFence }); break;
      case 'spawn': push({ k: 'spawn', thread: threadId(st.thread) }); break;
      case 'call-rcu': push({ k: 'call-rcu', thread: threadId(st.thread) }); break;
      case 'barrier': push({ k: 'barrier-start' }); push({ k: 'barrier-end' }); break;
      case 'spin-lock': push({ k: 'spin-lock', lock: lockId(st.lock) }); break;
      case 'spin-unlock': push({ k: 'spin-unlock', lock: lockId(st.lock) }); break;
    }
  }
  const preds: number[][] = ops.map(() => []);
  for (let j = 0; j < ops.length; j++) {
    const set = new Set<number>();
    const oj = ops[j]!;
    exprDefs(oj, set);
    for (const a of ctrlOf[j]!) if (EFFECT.has(oj.k)) set.add(a);
    for (const l of inCs[j]!) set.add(l);
    for (let i = 0; i < j; i++) {
      const oi = ops[i]!;
      if (ordered(oi, oj, csOf[i]!, csOf[j]!)) set.add(i);
      // everything inside a read-side critical section stays inside it
      if (oj.k === 'rcu-unlock' && [...csClose].some(([l, u]) => u === j && i > l)) set.add(i);
    }
    preds[j] = [...set].filter((i) => i !== j).sort((a, b) => a - b);
  }
  if (rcuOpen.length) throw new ProgramError('rcu_read_lock() never unlocked (unbalanced critical sections are not modelled)');
  return { ops, preds, finalDefs: new Map(defs), regInit, sections };
}

function exprDefs(op: Op, out: Set<number>): void {
  const walk = (e: FExpr): void => {
    if (e.k === 'def') out.add(e.op);
    else if (e.k === 'bin') { walk(e.a); walk(e.b); } else if (e.k === 'not') walk(e.a);
  };
  switch (op.k) {
    case 'read': walk(op.addr); break;
    case 'write': walk(op.addr); walk(op.val); break;
    case 'assign': walk(op.val); break;
    case 'assume': walk(op.cond); break;
    default: break;
  }
}

const isFull = (o: Op): boolean => FULL.has(o.k) && !(o.k === 'fence' && o.kind !== 'mb') && !(o.k === 'print' && !o.fence);
/** A printk that is not a barrier orders like a store to one location, the log buffer. */
const LOG_WRITE: Op = { k: 'write', addr: { k: 'const', v: '%log' }, val: { k: 'const', v: 0 }, release: false };
const asLogWrite = (o: Op): Op => (o.k === 'print' && !o.fence ? LOG_WRITE : o);

const isMem = (o: Op): o is Extract<Op, { k: 'read' | 'write' }> => o.k === 'read' || o.k === 'write';

/**
 * Must earlier op a stay before later op b (same path)? csA/csB: the outermost read-side critical
 * section of an rcu_read_lock/unlock. rcu_read_lock() and rcu_read_unlock() are not barriers:
 * two separate critical sections of one thread are not ordered with each other (LKMM); each only
 * keeps its own accesses inside it.
 */
function ordered(opA: Op, opB: Op, csA: number, csB: number): boolean {
  if (isFull(opA) || isFull(opB)) return true;
  const a = asLogWrite(opA), b = asLogWrite(opB);
  if (LOCKS.has(a.k) && LOCKS.has(b.k)) {
    const rcuA = a.k === 'rcu-lock' || a.k === 'rcu-unlock', rcuB = b.k === 'rcu-lock' || b.k === 'rcu-unlock';
    return rcuA && rcuB ? csA === csB : true;
  }
  if (a.k === 'fence' && a.kind === 'wmb' && b.k === 'write') return true;
  if (b.k === 'fence' && b.kind === 'wmb' && a.k === 'write') return true;
  if (a.k === 'fence' && a.kind === 'rmb' && b.k === 'read') return true;
  if (b.k === 'fence' && b.kind === 'rmb' && a.k === 'read') return true;
  if (a.k === 'read' && a.acquire) return true;
  if (a.k === 'spin-lock') return true;               // lock acquisition is an acquire
  if (b.k === 'write' && b.release) return true;
  if (b.k === 'spin-unlock') return true;             // unlock is a release
  if (isMem(a) && isMem(b)) {
    // coherence: same location keeps program order; an address not yet known may be the same one
    if (a.addr.k !== 'const' || b.addr.k !== 'const') return true;
    return a.addr.v === b.addr.v;
  }
  return false;
}

export function evalExpr(e: FExpr, vals: readonly (Val | undefined)[]): Val | undefined {
  switch (e.k) {
    case 'const': return e.v;
    case 'def': return vals[e.op];
    case 'not': { const a = evalExpr(e.a, vals); return a === undefined ? undefined : truthy(a) ? 0 : 1; }
    case 'bin': {
      const a = evalExpr(e.a, vals), b = evalExpr(e.b, vals);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        case '&&': return truthy(a) && truthy(b) ? 1 : 0;
        case '||': return truthy(a) || truthy(b) ? 1 : 0;
        default: {
          if (typeof a !== 'number' || typeof b !== 'number') return Number.NaN; // arithmetic on addresses: not modelled
          switch (e.op) {
            case '+': return a + b;
            case '-': return a - b;
            case '*': return a * b;
            case '&': return a & b;
            case '|': return a | b;
            case '^': return a ^ b;
            case '<': return a < b ? 1 : 0;
            case '>': return a > b ? 1 : 0;
            case '<=': return a <= b ? 1 : 0;
            case '>=': return a >= b ? 1 : 0;
          }
        }
      }
    }
  }
  return undefined;
}

export const truthy = (v: Val): boolean => (typeof v === 'string' ? true : v !== 0 && !Number.isNaN(v));
