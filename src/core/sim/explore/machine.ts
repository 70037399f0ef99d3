// The semantics the exhaustive checker explores: the state of a Program under one choice of
// branch outcomes per thread, which ops are enabled, what executing one does, and a compact key
// for state hashing. explore.ts drives the search; reduction.ts prunes its branching.
//
// Model: memory is sequentially consistent (one shared store, each access takes effect at once),
// but a thread may execute its ops in any order its path's preserved-program-order edges allow
// (see program.ts). RCU: a grace period (synchronize_rcu's gp-start .. gp-end) cannot end while a
// reader that was open when it started is still open; it never waits for readers that began
// after it started. A call_rcu callback thread may start once every reader open at the call has
// ended; rcu_barrier waits for the callbacks queued before it; spin locks exclude each other.
// Thread-local ops (register arithmetic, branch assumptions, fences) run eagerly: they commute
// with everything, so exploring their interleavings would only repeat states.

import { type Op, type Path, type Program, type Val, evalExpr, truthy } from './program';

export interface StateView {
  /** Value of register `reg` of thread t if its final definition has executed (else undefined). */
  finalReg(t: number, reg: string): Val | undefined;
  /** Final value of a location, or undefined if some thread may still write it. */
  finalLoc(loc: string): Val | undefined;
  /** false when register `reg` of thread t is defined by a read not yet done that can no longer
   * return v (memory holds another value and no pending write can store v there). */
  mayStillRead(t: number, reg: string, v: Val): boolean;
  /** false when location loc can no longer end with value v (every way on overwrites it). */
  mayStillEnd(loc: string, v: Val): boolean;
  pos: number;
  /** The search spec's own counter (see SearchSpec.onPrint). */
  aux: number;
  complete: boolean;
  paths: readonly number[];
}

/** What the search may assume about the executions it is looking for. */
export interface Guards {
  /**
   * Values some reads must return (thread, path) -> op index -> value. A guarded read only runs
   * when memory holds its value, and no write runs while it would overwrite the value a pending
   * guarded read still needs: exactly the executions a prune on those values would keep, without
   * visiting the doomed ones, and with fewer orders that matter for the partial-order reduction.
   */
  readGuards?(thread: number, path: number): Map<number, Val> | undefined;
  /**
   * Final values some locations must end with. A write of another value runs only while a write
   * of the needed value is still to come (else the run is doomed): prunes early, same answers.
   */
  finalGuards?: Map<string, Val>;
}

export interface St {
  done: Int32Array;          // 2 words per thread
  vals: (Val | undefined)[][];
  mem: Val[];
  started: Uint8Array;
  depth: Int32Array;         // rcu_read_lock() nesting per thread (0: no section open)
  gpSnap: (number[] | null)[]; // per thread: [thread, section, ...]: the critical sections its grace period waits for
  cbSnap: (number[] | null)[]; // per callback thread: readers open at its call_rcu()
  barrier: (number[] | null)[];
  lockHolder: Int32Array;
  pos: number;
  aux: number;
}


const bit = (j: number): [number, number] => (j < 31 ? [0, 1 << j] : [1, 1 << (j - 31)]);

export class Machine {
  readonly paths: Path[];
  readonly n: number;
  readonly locIndex: Map<string, number>;
  readonly writers: Map<number, number[]>; // location -> threads with a write whose address may be it
  private readonly predMask: Int32Array[];          // per thread: 2 words per op
  private readonly fullMask: Int32Array;            // per thread: 2 words, every op done
  private readonly neverStarts: boolean[];          // per thread: no op on the chosen paths starts it
  private readonly localOps: number[][];            // per thread: assign/assume/fence ops
  private readonly readOps: number[][];             // per thread: read ops
  private readonly valTable = new Map<string, number>();
  readonly guards: (Map<number, Val> | undefined)[];
  readonly guardedByLoc = new Map<number, [number, number, Val][]>(); // location -> [thread, op, value]
  private readonly finalNeed: (Val | undefined)[];                             // location -> required final value

  constructor(readonly prog: Program, readonly combo: number[], spec: Guards) {
    this.paths = prog.threads.map((t, i) => t.paths[combo[i]!]!);
    this.n = prog.threads.length;
    this.locIndex = new Map(prog.locations.map((l, i) => [l, i]));
    this.writers = new Map();
    this.predMask = this.paths.map((p) => {
      const m = new Int32Array(2 * p.ops.length);
      p.preds.forEach((ps, j) => { for (const i of ps) { const [w, b] = bit(i); m[2 * j + w]! |= b; } });
      return m;
    });
    // A thread that no op on the chosen paths starts (its spawn is in a branch not taken) never
    // runs: it counts as done, or no execution on these paths would ever complete.
    this.neverStarts = prog.threads.map((th, u) => th.start !== 'initial'
      && !this.paths.some((p) => p.ops.some((o) => (o.k === 'spawn' || o.k === 'call-rcu') && o.thread === u)));
    this.fullMask = new Int32Array(2 * this.n);
    this.paths.forEach((p, t) => p.ops.forEach((_, j) => { const [w, b] = bit(j); this.fullMask[2 * t + w]! |= b; }));
    this.localOps = this.paths.map((p) => p.ops.flatMap((o, j) => (o.k === 'assign' || o.k === 'assume' || o.k === 'fence' ? [j] : [])));
    this.readOps = this.paths.map((p) => p.ops.flatMap((o, j) => (o.k === 'read' ? [j] : [])));
    this.finalNeed = prog.locations.map((l) => spec.finalGuards?.get(l));
    this.guards = this.paths.map((p, t) => {
      const g = spec.readGuards?.(t, combo[t]!);
      if (!g) return undefined;
      const kept = new Map<number, Val>();
      for (const [j, v] of g) {
        const o = p.ops[j];
        if (o?.k !== 'read' || o.addr.k !== 'const') continue; // only reads at a known place
        const l = this.locIndex.get(String(o.addr.v));
        if (l === undefined) continue;
        kept.set(j, v);
        const list = this.guardedByLoc.get(l) ?? [];
        list.push([t, j, v]);
        this.guardedByLoc.set(l, list);
      }
      return kept.size ? kept : undefined;
    });
    this.paths.forEach((p, t) => p.ops.forEach((o) => {
      if (o.k !== 'write') return;
      const locs = o.addr.k === 'const' ? [this.locIndex.get(String(o.addr.v)) ?? -1] : [...this.locIndex.values()];
      for (const l of locs) { const w = this.writers.get(l) ?? []; if (!w.includes(t)) w.push(t); this.writers.set(l, w); }
    }));
  }

  /** The initial state, after the eager local ops (null: dead at once). */
  initial(): St | null {
    const s: St = {
      done: new Int32Array(2 * this.n),
      vals: this.paths.map((p) => new Array<Val | undefined>(p.ops.length)),
      mem: this.prog.locations.map((l) => this.prog.init.get(l) ?? 0),
      started: Uint8Array.from(this.prog.threads.map((t) => (t.start === 'initial' ? 1 : 0))),
      depth: new Int32Array(this.n),
      gpSnap: new Array(this.n).fill(null), cbSnap: new Array(this.n).fill(null), barrier: new Array(this.n).fill(null),
      lockHolder: new Int32Array(this.prog.locks.length).fill(-1),
      pos: 0,
      aux: 0,
    };
    return this.closeLocal(s) ? s : null;
  }

  isDone(s: St, t: number, j: number): boolean {
    const [w, m] = bit(j);
    return (s.done[2 * t + w]! & m) !== 0;
  }

  private markDone(s: St, t: number, j: number): void {
    const [w, m] = bit(j);
    s.done[2 * t + w]! |= m;
  }

  threadDone(s: St, t: number): boolean {
    if (this.neverStarts[t]) return true;
    return s.done[2 * t] === this.fullMask[2 * t] && s.done[2 * t + 1] === this.fullMask[2 * t + 1];
  }

  /** Has critical section `sec` (index in Path.sections) of thread u ended? */
  sectionEnded(s: St, u: number, sec: number): boolean {
    return this.isDone(s, u, this.paths[u]!.sections[sec]!.unlock);
  }

  readersEnded(s: St, snap: number[]): boolean {
    for (let i = 0; i < snap.length; i += 2) if (!this.sectionEnded(s, snap[i]!, snap[i + 1]!)) return false;
    return true;
  }

  /**
   * The critical sections open now, each by itself: two sections of one thread are separate
   * readers even when their accesses are reordered so that the second begins before the first
   * ends (a grace period waits only for those that were open when it began).
   */
  private snapshot(s: St): number[] {
    const out: number[] = [];
    for (let u = 0; u < this.n; u++) {
      if (s.depth[u]! <= 0) continue;
      const secs = this.paths[u]!.sections;
      for (let k = 0; k < secs.length; k++) if (this.isDone(s, u, secs[k]!.lock) && !this.isDone(s, u, secs[k]!.unlock)) out.push(u, k);
    }
    return out;
  }

  runnable(s: St, t: number): boolean {
    if (!s.started[t]) return false;
    const cb = s.cbSnap[t];
    return !cb || this.readersEnded(s, cb);
  }

  /** Can op j of thread t run now? 'dead' when it never can (a wrong branch guess, a bad pointer). */
  enabled(s: St, t: number, j: number): boolean | 'dead' {
    if (this.isDone(s, t, j)) return false;
    const path = this.paths[t]!;
    const pm = this.predMask[t]!, d0 = s.done[2 * t]!, d1 = s.done[2 * t + 1]!;
    if ((d0 & pm[2 * j]!) !== pm[2 * j] || (d1 & pm[2 * j + 1]!) !== pm[2 * j + 1]) return false;
    const op = path.ops[j]!;
    const vals = s.vals[t]!;
    switch (op.k) {
      case 'gp-end': return this.readersEnded(s, s.gpSnap[t] ?? []);
      case 'spin-lock': return s.lockHolder[op.lock] === -1;
      case 'barrier-end': return (s.barrier[t] ?? []).every((cb) => this.threadDone(s, cb));
      case 'assume': {
        const v = evalExpr(op.cond, vals);
        return v === undefined ? false : truthy(v) === op.want ? true : 'dead';
      }
      case 'read': case 'write': {
        const a = evalExpr(op.addr, vals);
        if (a === undefined) return false;
        const l = typeof a === 'string' ? this.locIndex.get(a) : undefined;
        if (l === undefined) return 'dead';
        if (op.k === 'read') {
          const g = this.guards[t]?.get(j);
          return g === undefined || s.mem[l] === g;
        }
        const v = evalExpr(op.val, vals) ?? 0;
        if (this.wouldDoom(s, t, j, l, v)) return false;
        const need = this.finalNeed[l];
        return need === undefined || v === need || this.otherWriterOf(s, l, need, t, j);
      }
      default: return true;
    }
  }

  /** Would writing v at location l (op j of thread t) take away, for good, the value a pending
   * guarded read needs? Not when another pending write may store that value again. */
  private wouldDoom(s: St, t: number, j: number, l: number, v: Val): boolean {
    const cur = s.mem[l];
    if (v === cur) return false;
    for (const [u, k, need] of this.guardedByLoc.get(l) ?? []) {
      if (u !== t && need === cur && !this.isDone(s, u, k) && !this.otherWriterOf(s, l, need, t, j)) return true;
    }
    return false;
  }

  clone(s: St): St {
    return {
      done: s.done.slice(), vals: s.vals.map((v) => v.slice()), mem: s.mem.slice(), started: s.started.slice(),
      depth: s.depth.slice(),
      gpSnap: s.gpSnap.slice(), cbSnap: s.cbSnap.slice(), barrier: s.barrier.slice(), lockHolder: s.lockHolder.slice(), pos: s.pos, aux: s.aux,
    };
  }

  /** Execute op j of thread t in s (mutating). */
  exec(s: St, t: number, j: number): void {
    const op: Op = this.paths[t]!.ops[j]!;
    const vals = s.vals[t]!;
    this.markDone(s, t, j);
    switch (op.k) {
      case 'read': vals[j] = s.mem[this.locIndex.get(evalExpr(op.addr, vals) as string)!]; break;
      case 'write': s.mem[this.locIndex.get(evalExpr(op.addr, vals) as string)!] = evalExpr(op.val, vals) ?? 0; break;
      case 'assign': vals[j] = evalExpr(op.val, vals) ?? 0; break;
      case 'rcu-lock': s.depth[t]!++; break;
      case 'rcu-unlock': if (s.depth[t]! > 0) s.depth[t]!--; break;
      case 'gp-start': s.gpSnap[t] = this.snapshot(s); break;
      case 'gp-end': s.gpSnap[t] = null; break;
      case 'spawn': s.started[op.thread] = 1; break;
      case 'call-rcu': s.started[op.thread] = 1; s.cbSnap[op.thread] = this.snapshot(s); break;
      case 'barrier-start': {
        const queued: number[] = [];
        this.prog.threads.forEach((th, u) => { if (th.start === 'callback' && s.started[u] && !this.threadDone(s, u)) queued.push(u); });
        s.barrier[t] = queued;
        break;
      }
      case 'barrier-end': s.barrier[t] = null; break;
      case 'spin-lock': s.lockHolder[op.lock] = t; break;
      case 'spin-unlock': if (s.lockHolder[op.lock] === t) s.lockHolder[op.lock] = -1; break;
      default: break;
    }
  }

  /** Run every enabled thread-local op; false if the state is dead (a branch guessed wrong). */
  closeLocal(s: St): boolean {
    for (let again = true; again;) {
      again = false;
      for (let t = 0; t < this.n; t++) {
        if (!this.runnable(s, t)) continue;
        for (const j of this.localOps[t]!) {
          const e = this.enabled(s, t, j);
          if (e === 'dead') return false;
          if (e) { this.exec(s, t, j); again = true; }
        }
      }
    }
    return true;
  }

  /** A compact identity of the state: char codes, not decimal text (hashing dominates the search). */
  key(s: St): string {
    // Char codes collected first and made one flat string at the end: a key built with += is a
    // rope of hundreds of small strings, which the visited set would keep alive (GB of heap).
    const b = this.keyBuf;
    let n = 0;
    for (let i = 0; i < s.done.length; i++) { const d = s.done[i]!; b[n++] = d & 0xffff; b[n++] = d >>> 16; }
    for (let i = 0; i < s.mem.length; i++) b[n++] = this.code(s.mem[i]);
    b[n++] = s.pos & 0xffff; b[n++] = s.pos >>> 16;
    for (let a = s.aux, i = 0; i < 4; i++, a = Math.floor(a / 0x10000)) b[n++] = a % 0x10000; // aux may pass 2^32
    b[n++] = 0xfffd;
    for (let t = 0; t < this.n; t++) {
      const ro = this.readOps[t]!, vals = s.vals[t]!;
      for (let i = 0; i < ro.length; i++) if (this.isDone(s, t, ro[i]!)) b[n++] = this.code(vals[ro[i]!]);
      b[n++] = s.started[t]!; b[n++] = 0xfffe;
      const g = s.gpSnap[t], c = s.cbSnap[t], br = s.barrier[t];
      if (g) for (let i = 0; i < g.length; i++) b[n++] = g[i]! & 0xffff;
      b[n++] = 0xfffd;
      if (c) for (let i = 0; i < c.length; i++) b[n++] = c[i]! & 0xffff;
      b[n++] = 0xfffd;
      if (br) for (let i = 0; i < br.length; i++) b[n++] = br[i]! & 0xffff;
      b[n++] = 0xfffd;
    }
    for (let i = 0; i < s.lockHolder.length; i++) b[n++] = s.lockHolder[i]! + 1;
    b.length = n;
    return String.fromCharCode.apply(null, b);
  }
  private readonly keyBuf: number[] = [];

  /** Values as one char code: small integers and addresses directly, others through a table. */
  private code(v: Val | undefined): number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= -1000 && v < 30000) return v + 1000;
    if (typeof v === 'string') { const i = this.locIndex.get(v); if (i !== undefined && i < 20000) return 32000 + i; }
    const k = String(v);
    let i = this.valTable.get(k);
    if (i === undefined) { i = 53000 + this.valTable.size; this.valTable.set(k, i); }
    return i;
  }

  view(s: St, complete: boolean): StateView {
    return {
      pos: s.pos,
      aux: s.aux,
      complete,
      paths: this.combo,
      finalReg: (t, reg) => {
        const p = this.paths[t];
        if (!p) return undefined;
        const d = p.finalDefs.get(reg);
        if (d === undefined) return p.regInit.get(reg) ?? 0;
        return this.isDone(s, t, d) ? s.vals[t]![d] : undefined;
      },
      mayStillRead: (t, reg, v) => {
        const p = this.paths[t];
        const d = p?.finalDefs.get(reg);
        if (!p || d === undefined || this.isDone(s, t, d)) return true;
        const op = p.ops[d]!;
        if (op.k !== 'read' || op.addr.k !== 'const') return true;
        const li = this.locIndex.get(String(op.addr.v));
        if (li === undefined || s.mem[li] === v) return true;
        for (const u of this.writers.get(li) ?? []) {
          const ops = this.paths[u]!.ops;
          for (let j = 0; j < ops.length; j++) {
            const w = ops[j]!;
            if (w.k !== 'write' || this.isDone(s, u, j)) continue;
            if (w.addr.k === 'const' && w.addr.v !== op.addr.v) continue;
            if (w.val.k !== 'const' || w.val.v === v) return true;
          }
        }
        return false;
      },
      mayStillEnd: (loc, v) => {
        const l = this.locIndex.get(loc);
        if (l === undefined) return true;
        let other = false, same = false;
        for (const u of this.writers.get(l) ?? []) {
          const ops = this.paths[u]!.ops;
          for (let j = 0; j < ops.length; j++) {
            const w = ops[j]!;
            if (w.k !== 'write' || this.isDone(s, u, j)) continue;
            if (w.addr.k !== 'const' || w.val.k !== 'const') return true; // not known yet: no verdict
            if (this.locIndex.get(String(w.addr.v)) !== l) continue;
            if (w.val.v === v) same = true; else other = true;
          }
        }
        return same || (!other && s.mem[l] === v);
      },
      finalLoc: (loc) => {
        const i = this.locIndex.get(loc);
        if (i === undefined) return undefined;
        if (!complete) {
          for (const t of this.writers.get(i) ?? []) {
            const ops = this.paths[t]!.ops;
            for (let j = 0; j < ops.length; j++) if (ops[j]!.k === 'write' && !this.isDone(s, t, j)) return undefined;
          }
        }
        return s.mem[i];
      },
    };
  }

  /** The location an enabled memory op touches (-1: unknown, treat as any). */
  locOf(s: St, t: number, j: number): number {
    const op = this.paths[t]!.ops[j]!;
    if (op.k !== 'read' && op.k !== 'write') return -1;
    const a = evalExpr(op.addr, s.vals[t]!);
    return typeof a === 'string' ? this.locIndex.get(a) ?? -1 : -1;
  }

  /** Is there a pending write of v to l other than op j of thread t? */
  otherWriterOf(s: St, l: number, v: Val, t: number, j: number): boolean {
    for (const u of this.writers.get(l) ?? []) {
      const ops = this.paths[u]!.ops;
      for (let k = 0; k < ops.length; k++) {
        const w = ops[k]!;
        if (w.k !== 'write' || (u === t && k === j) || this.isDone(s, u, k)) continue;
        if (w.addr.k === 'const' && this.locIndex.get(String(w.addr.v)) !== l) continue;
        if (w.val.k !== 'const' || w.val.v === v) return true;
      }
    }
    return false;
  }

  /**
   * Lookahead: is there a cycle among the orders the pending ops must run in? Then no execution
   * from s completes, and the search may stop here instead of walking into the deadlock. Each edge
   * is a must: program order; a guarded read after the only write that can give it its value; a
   * write after the guarded reads that need the value it would overwrite; a grace period's end
   * after the rcu_read_unlock of every reader it waits for; a write of another value before the
   * only remaining write of a location's required final value.
   */
  doomed(s: St): boolean {
    const id = (t: number, j: number): number => t * 64 + j;
    const adj = new Map<number, number[]>();
    const edge = (a: number, b: number): void => { const l = adj.get(a); if (l) l.push(b); else adj.set(a, [b]); };
    let open: number[] | undefined; // the critical sections open now (snapshot), when first needed
    const pendingWrites = (l: number): { t: number; j: number; v: Val | undefined; any: boolean }[] => {
      const out: { t: number; j: number; v: Val | undefined; any: boolean }[] = [];
      for (const u of this.writers.get(l) ?? []) {
        const ops = this.paths[u]!.ops;
        for (let k = 0; k < ops.length; k++) {
          const w = ops[k]!;
          if (w.k !== 'write' || this.isDone(s, u, k)) continue;
          const la = w.addr.k === 'const' ? this.locIndex.get(String(w.addr.v)) : undefined;
          if (w.addr.k === 'const' && la !== l) continue;
          out.push({ t: u, j: k, v: w.val.k === 'const' ? w.val.v : undefined, any: w.addr.k !== 'const' });
        }
      }
      return out;
    };
    for (let t = 0; t < this.n; t++) {
      const p = this.paths[t]!;
      for (let j = 0; j < p.ops.length; j++) {
        if (this.isDone(s, t, j)) continue;
        for (const q of p.preds[j]!) if (!this.isDone(s, t, q)) edge(id(t, q), id(t, j));
        const op = p.ops[j]!;
        if (op.k === 'read' && op.addr.k === 'const') {
          const g = this.guards[t]?.get(j);
          const l = this.locIndex.get(String(op.addr.v));
          if (g !== undefined && l !== undefined && s.mem[l] !== g) {
            const ws = pendingWrites(l).filter((w) => w.any || w.v === undefined || w.v === g);
            if (ws.length === 1 && !ws[0]!.any) edge(id(ws[0]!.t, ws[0]!.j), id(t, j));
          }
        }
        if (op.k === 'write' && op.addr.k === 'const' && op.val.k === 'const') {
          const l = this.locIndex.get(String(op.addr.v))!;
          for (const [u, k, need] of this.guardedByLoc.get(l) ?? []) {
            if (u !== t && need === s.mem[l] && need !== op.val.v && !this.isDone(s, u, k) && !this.otherWriterOf(s, l, need, t, j)) edge(id(u, k), id(t, j));
          }
          const need = this.finalNeed[l];
          if (need !== undefined && op.val.v !== need) {
            const ws = pendingWrites(l).filter((w) => w.any || w.v === undefined || w.v === need);
            if (ws.length === 1 && !ws[0]!.any) edge(id(t, j), id(ws[0]!.t, ws[0]!.j));
          }
        }
        if (op.k === 'gp-end' && s.gpSnap[t]) {
          const snap = s.gpSnap[t]!;
          for (let i = 0; i < snap.length; i += 2) {
            const u = snap[i]!, unlock = this.paths[u]!.sections[snap[i + 1]!]!.unlock;
            if (!this.isDone(s, u, unlock)) edge(id(u, unlock), id(t, j));
          }
        }
        // A grace period not yet begun ends after every reader open now: if it begins while the
        // reader is open it waits for it, and if it begins later it begins after the unlock.
        if (op.k === 'gp-start' && p.ops[j + 1]?.k === 'gp-end') {
          open ??= this.snapshot(s);
          for (let i = 0; i < open.length; i += 2) {
            const u = open[i]!;
            if (u !== t) edge(id(u, this.paths[u]!.sections[open[i + 1]!]!.unlock), id(t, j + 1));
          }
        }
      }
    }
    // A grace period not yet begun and a reader not yet entered: either the grace period begins
    // first (it need not wait), or the reader enters first and the grace period ends after its
    // unlock. When the must-orders already decide which comes first, the other half follows:
    // propagated to a fixpoint, then a cycle means no execution completes.
    const either: [number, number, number, number][] = []; // gp-start, gp-end, lock, unlock
    for (let t = 0; t < this.n; t++) {
      const ops = this.paths[t]!.ops;
      for (let j = 0; j + 1 < ops.length; j++) {
        if (ops[j]!.k !== 'gp-start' || ops[j + 1]!.k !== 'gp-end' || this.isDone(s, t, j)) continue;
        for (let u = 0; u < this.n; u++) {
          if (u === t) continue;
          for (const sec of this.paths[u]!.sections) {
            if (!this.isDone(s, u, sec.lock)) either.push([id(t, j), id(t, j + 1), id(u, sec.lock), id(u, sec.unlock)]);
          }
        }
      }
    }
    return cyclic(adj, either);
  }
}

/**
 * Is there a cycle in the must-order graph, once every disjunction (gp-start before lock, or
 * unlock before gp-end) that the graph already decides has added its consequence? Reachability as
 * bitsets over a topological order; recomputed after each round that added an edge.
 */
function cyclic(adj: Map<number, number[]>, either: readonly [number, number, number, number][]): boolean {
  const index = new Map<number, number>();
  const node = (x: number): number => { let i = index.get(x); if (i === undefined) { i = index.size; index.set(x, i); } return i; };
  for (const [a, bs] of adj) { node(a); for (const b of bs) node(b); }
  for (const d of either) for (const x of d) node(x);
  const n = index.size;
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, bs] of adj) for (const b of bs) succ[index.get(a)!]!.push(index.get(b)!);
  const dis = either.map((d) => d.map((x) => index.get(x)!) as [number, number, number, number]);
  const words = (n + 31) >>> 5;
  for (let round = 0; round < 8; round++) {
    // topological order (Kahn); a node left over lies on a cycle
    const indeg = new Int32Array(n);
    for (const l of succ) for (const b of l) indeg[b]!++;
    const order: number[] = [];
    for (let v = 0; v < n; v++) if (indeg[v] === 0) order.push(v);
    for (let k = 0; k < order.length; k++) for (const b of succ[order[k]!]!) if (--indeg[b]! === 0) order.push(b);
    if (order.length < n) return true;
    if (dis.length === 0) return false;
    const reach = new Int32Array(n * words);
    for (let k = n - 1; k >= 0; k--) {
      const v = order[k]!;
      for (const b of succ[v]!) {
        reach[v * words + (b >>> 5)]! |= 1 << (b & 31);
        for (let w = 0; w < words; w++) reach[v * words + w]! |= reach[b * words + w]!;
      }
    }
    const before = (a: number, b: number): boolean => (reach[a * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
    let added = false;
    for (const [gs, ge, lk, ul] of dis) {
      if (before(lk, gs) && !before(ul, ge)) { succ[ul]!.push(ge); added = true; }
      if (before(ge, ul) && !before(gs, lk)) { succ[gs]!.push(lk); added = true; }
    }
    if (!added) return false;
  }
  return false;
}
