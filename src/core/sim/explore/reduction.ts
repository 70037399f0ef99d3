// Partial-order reduction for the exhaustive checker: at each state, explore only a stubborn
// set of the enabled ops (Valmari): a set closed under interference for the enabled ops it holds
// and under necessary enabling for the disabled ones. The state graph is acyclic (every step
// completes an op), so this preserves every terminal state: every complete execution and every
// deadlock. Read and final-value guards make some pairs of ops unable to run in the other order,
// which removes them from the interference relation.

import type { Machine, St } from './machine';
import { type Op, evalExpr } from './program';

/** Does thread g's grace period in progress wait for a reader of thread r? */
function waitsFor(m: Machine, s: St, g: number, r: number): boolean {
  const snap = s.gpSnap[g];
  if (!snap) return false;
  for (let i = 0; i < snap.length; i += 2) if (snap[i] === r && !m.sectionEnded(s, r, snap[i + 1]!)) return true;
  return false;
}

/**
 * Could op (u,k), not done, interfere with enabled op (t,j): does the order of the two matter,
 * or could one disable the other? Under read guards some pairs cannot even run in the other
 * order: a write that would overwrite the value a guarded read needs waits for that read, and a
 * guarded read waiting for a value only (t,j) writes waits for it.
 */
function dependent(m: Machine, s: St, t: number, j: number, u: number, k: number, printAllowed?: PrintAllowed, printsCommute = false): boolean {
  const a = m.paths[t]!.ops[j]!, b = m.paths[u]!.ops[k]!;
  if ((a.k === 'read' || a.k === 'write') && (b.k === 'read' || b.k === 'write')) {
    if (a.k === 'read' && b.k === 'read') return false;
    const la = m.locOf(s, t, j);
    const lb = b.addr.k === 'const' ? m.locIndex.get(String(b.addr.v)) ?? -1 : -1;
    if (la !== -1 && lb !== -1 && la !== lb) return false;
    if (la === -1) return true;
    if (a.k === 'read' && b.k === 'write') {
      // a write of another value waits for the guarded read, unless another write may restore it
      const g = m.guards[t]?.get(j);
      return !(g !== undefined && b.val.k === 'const' && b.val.v !== g && !m.otherWriterOf(s, la, g, u, k));
    }
    if (a.k === 'write' && b.k === 'read') {
      const bg = m.guards[u]?.get(k);
      const av = evalExpr(a.val, s.vals[t]!) ?? 0;
      return !(bg !== undefined && bg !== s.mem[la] && av === bg && !m.otherWriterOf(s, la, bg, t, j));
    }
    return true;
  }
  if (t === u) return false; // other ops of one thread that are both enabled commute (ppo orders the rest)
  const reader = (o: Op): boolean => o.k === 'rcu-lock' || o.k === 'rcu-unlock';
  const snap = (o: Op): boolean => o.k === 'gp-start' || o.k === 'call-rcu';
  const barrier = (o: Op): boolean => o.k === 'barrier-start' || o.k === 'barrier-end';
  const cb = (th: number): boolean => m.prog.threads[th]!.start === 'callback';
  // A snapshot (grace-period start, call_rcu) and a reader's lock or unlock: the order decides
  // whether the grace period waits for the reader.
  if ((reader(a) && snap(b)) || (snap(a) && reader(b))) return true;
  // A grace period's end and a reader: only an unlock of a reader its snapshot holds matters
  // (every other order with a pending gp-start is already covered by the pair above).
  if (a.k === 'rcu-unlock' && b.k === 'gp-end') return waitsFor(m, s, u, t);
  if (a.k === 'gp-end' && b.k === 'rcu-unlock') return waitsFor(m, s, t, u);
  if ((barrier(a) && (b.k === 'call-rcu' || cb(u))) || (barrier(b) && (a.k === 'call-rcu' || cb(t)))) return true;
  if ((a.k === 'spin-lock' || a.k === 'spin-unlock') && (b.k === 'spin-lock' || b.k === 'spin-unlock') && a.lock === b.lock) return true;
  // two prints race for the log's next line; a print the search forbids at this position cannot
  // run before some allowed print has moved the position (and that one is dependent itself)
  // (unless the search does not care about the log's order: then two prints commute)
  if (a.k === 'print' && b.k === 'print') return !printsCommute && (!printAllowed || printAllowed(u, k));
  if ((a.k === 'spawn' || a.k === 'call-rcu') && a.thread === u) return true;
  return (b.k === 'spawn' || b.k === 'call-rcu') && b.thread === t;
}

/** Pending ops of which at least one must run before disabled op (u,k) can (a necessary enabling set). */
function necessary(m: Machine, s: St, u: number, k: number): [number, number][] {
  const out: [number, number][] = [];
  const each = (f: (v: number, i: number, o: Op) => boolean): void => {
    for (let v = 0; v < m.n; v++) {
      const ops = m.paths[v]!.ops;
      for (let i = 0; i < ops.length; i++) if (!m.isDone(s, v, i) && f(v, i, ops[i]!)) out.push([v, i]);
    }
  };
  if (!s.started[u]) { each((_v, _i, o) => (o.k === 'spawn' || o.k === 'call-rcu') && o.thread === u); return out; }
  if (!m.runnable(s, u)) { each((v, _i, o) => v !== u && o.k === 'rcu-unlock'); return out; }
  for (const p of m.paths[u]!.preds[k]!) if (!m.isDone(s, u, p)) out.push([u, p]);
  if (out.length) return out;
  const op = m.paths[u]!.ops[k]!;
  switch (op.k) {
    case 'gp-end': {
      const snap = s.gpSnap[u] ?? [];
      const waiting = new Set<number>();
      for (let i = 0; i < snap.length; i += 2) if (!m.sectionEnded(s, snap[i]!, snap[i + 1]!)) waiting.add(snap[i]!);
      each((v, _i, o) => waiting.has(v) && o.k === 'rcu-unlock');
      break;
    }
    case 'spin-lock': { const h = s.lockHolder[op.lock]!; each((v, _i, o) => v === h && o.k === 'spin-unlock' && o.lock === op.lock); break; }
    case 'barrier-end': { const cbs = new Set(s.barrier[u] ?? []); each((v) => cbs.has(v)); break; }
    case 'read': case 'write': {
      const a = evalExpr(op.addr, s.vals[u]!);
      const l = typeof a === 'string' ? m.locIndex.get(a) : undefined;
      if (l === undefined) break;
      if (op.k === 'read') {
        const g = m.guards[u]?.get(k);
        each((_v, _i, o) => o.k === 'write' && (o.addr.k !== 'const' || m.locIndex.get(String(o.addr.v)) === l) && (o.val.k !== 'const' || o.val.v === g));
      } else {
        for (const [v, i, need] of m.guardedByLoc.get(l) ?? []) if (need === s.mem[l] && !m.isDone(s, v, i)) out.push([v, i]);
      }
      break;
    }
    default: break;
  }
  return out;
}

/**
 * A stubborn set (Valmari) of enabled ops: closed under interference for the enabled ones it
 * holds and under necessary enabling for the disabled ones. The state graph is acyclic, so
 * exploring only these preserves every terminal state (every complete execution and deadlock).
 */
/** Would the search let thread t's print op k run at the current position (if it were enabled)? */
type PrintAllowed = (t: number, k: number) => boolean;

export function stubborn(m: Machine, s: St, enabled: [number, number][], blocked?: Set<number>, printAllowed?: PrintAllowed, printsCommute = false): [number, number][] {
  if (enabled.length <= 1) return enabled;
  const isEnabled = new Set(enabled.map(([t, j]) => t * 64 + j));
  let best = enabled;
  for (const seed of enabled.slice(0, 6)) {
    const inSet = new Set<number>([seed[0] * 64 + seed[1]]);
    const work: [number, number][] = [seed];
    let count = 1;
    while (work.length && count < best.length) {
      const [t, j] = work.pop()!;
      const add = (v: number, i: number): void => {
        const key = v * 64 + i;
        if (inSet.has(key)) return;
        inSet.add(key);
        work.push([v, i]);
        if (isEnabled.has(key)) count++;
      };
      if (isEnabled.has(t * 64 + j)) {
        for (let u = 0; u < m.n; u++) {
          const ops = m.paths[u]!.ops;
          for (let k = 0; k < ops.length; k++) if (!(u === t && k === j) && !m.isDone(s, u, k) && dependent(m, s, t, j, u, k, printAllowed, printsCommute)) add(u, k);
        }
      } else if (blocked?.has(t * 64 + j)) {
        // a print the search forbids at this position: only an allowed print can move the position
        for (let u = 0; u < m.n; u++) {
          const ops = m.paths[u]!.ops;
          for (let k = 0; k < ops.length; k++) {
            if (u !== t && ops[k]!.k === 'print' && !m.isDone(s, u, k) && (!printAllowed || printAllowed(u, k))) add(u, k);
          }
        }
      } else {
        for (const [v, i] of necessary(m, s, t, j)) add(v, i);
      }
    }
    if (count < best.length) best = enabled.filter(([t, j]) => inSet.has(t * 64 + j));
    if (best.length === 1) break;
  }
  return best;
}
