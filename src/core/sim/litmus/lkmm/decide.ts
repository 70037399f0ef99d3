// herd7's question, asked the way herd7 asks it: build every candidate execution (one trace per
// process, a reads-from source for every read among the writes of the same value, a coherence
// order per location), keep those the LKMM allows (per-location coherence and atomicity here,
// the rest in model.ts), drop those the `filter` rejects, and see whether the condition holds in
// all, some or none of them. No consistent execution at all is DEADLOCK (herd7: no states).
// Candidates are only checked when they could change the answer: once a satisfying execution is
// known, further satisfying candidates are skipped, and the search stops at Sometimes. Over the
// candidate bound the answer is Unknown, never a verdict.

import { LitmusUnsupported } from '../parse';
import { type ExecOptions, LkTooBig, threadTraces, type Trace } from './events';
import { consistent, type GEv, staticPart } from './model';
import type { LkCond, LkTest, Term, Val } from './parse';

type LkVerdict = 'Always' | 'Sometimes' | 'Never' | 'DEADLOCK' | 'Unknown';

interface LkResult {
  verdict: LkVerdict;
  /** Candidate executions examined. */
  candidates: number;
  truncated: boolean;
  /** Unknown because the program is past the enumeration's size limits (why). */
  tooBig?: string;
  /** For Sometimes/Always: one allowed execution that satisfies the condition, described. */
  witness?: string[];
}

interface LkOptions {
  maxCandidates?: number;
  /** Only whether some allowed execution satisfies the condition: Sometimes as soon as one is
   * found, without the search that tells Sometimes from Always (the invariant explorer's question). */
  existsOnly?: boolean;
  /** Build no thread trace the filter's top-level equalities rule out (the explorer's tests).
   * Not for herd7's tests: without those traces, "no execution passes the filter" (Never) and
   * "no execution at all" (DEADLOCK) can no longer be told apart. */
  pinFilter?: boolean;
  /** Check each partial candidate (the locations chosen so far) and drop it with all its
   * completions when it already breaks an axiom. Sound when the test has no plain accesses:
   * every other axiom only gets harder to meet as rf and co edges are added. */
  prunePartial?: boolean;
  exec?: Partial<ExecOptions>;
}

interface LocOption { rf: [number, number][]; co: number[] }

class Bound extends Error {}

/** Steps the enumeration of one location's coherence orders and read sources may take, all told
 * over a decision, per candidate the bound allows (at least a million): 11 processes writing one location have 11!
 * orders, which were all built in memory until the heap ran out (a crash, not Unknown). */
const WORK_PER_CANDIDATE = 20;

/** Counts enumeration steps; past the limit the search stops (Unknown, like the candidate bound). */
class Work {
  n = 0;
  constructor(readonly limit: number) {}
  step(): void { if (++this.n > this.limit) throw new WorkBound(`more than ${this.limit} steps enumerating coherence orders, read sources and path combinations`); }
}

class WorkBound extends Bound {}


export type { LkResult, LkVerdict };

export function decideLkmm(t: LkTest, opts: LkOptions = {}): LkResult {
  const max = opts.maxCandidates ?? 100_000;
  const work = new Work(Math.max(1_000_000, WORK_PER_CANDIDATE * max));
  const exec: ExecOptions = { ctrlPastJoin: false, ...opts.exec };
  if (opts.pinFilter && t.filter) {
    const pins = new Map<number, Map<string, Val>>();
    for (const a of requiredAtoms(t.filter)) {
      if (a.a.k !== 'reg' || a.b.k !== 'val') continue;
      const m = pins.get(a.a.thread) ?? new Map<string, Val>();
      m.set(a.a.reg, a.b.v);
      pins.set(a.a.thread, m);
    }
    exec.pins = pins;
  }
  checkCondThreads(t.cond, t.procs.length);
  if (t.filter) checkCondThreads(t.filter, t.procs.length);
  let ts;
  try {
    ts = threadTraces(t, exec);
  } catch (e) {
    if (e instanceof LkTooBig) return { verdict: 'Unknown', candidates: 0, truncated: true, tooBig: e.message };
    throw e;
  }
  const locs = [...ts.locations].sort();
  let candidates = 0;
  let witness: string[] | undefined;

  /** Is there a consistent candidate the goal accepts? Traces and final values the goal rules
   * out in every case are filtered before any candidate is built. */
  type Goal = 'true' | 'false' | 'any';
  const search = (goal: Goal): boolean => {
    const regNeed = new Map<number, [string, Val][]>();
    const locNeed = new Map<string, Val>();
    const need = (c: LkCond | null): void => { if (c) for (const a of requiredAtoms(c)) {
      if (a.a.k === 'reg' && a.b.k === 'val') { const l = regNeed.get(a.a.thread) ?? []; l.push([a.a.reg, a.b.v]); regNeed.set(a.a.thread, l); }
      if (a.a.k === 'loc' && a.b.k === 'val') locNeed.set(a.a.name, a.b.v);
    } };
    if (goal === 'true') need(t.cond);
    if (goal !== 'any') need(t.filter);
    const regOfT = (tr: Trace, th: number, r: string): Val => tr.regs.get(r) ?? t.regInit.get(th)?.get(r) ?? 0;
    const traces = ts.traces.map((list, th) => list.filter((tr) => (regNeed.get(th) ?? []).every(([r, v]) => regOfT(tr, th, r) === v)));
    const combo: Trace[] = [];
    const visitCombo = (): boolean => { // true: found
      const ev: GEv[] = [];
      const IW = new Map<string, number>();
      for (const l of locs) { IW.set(l, ev.length); ev.push({ thread: -1, kind: 'W', cls: 'iw', loc: l, addr: [], data: [], ctrl: [] }); }
      const vals: (Val | undefined)[] = locs.map((l) => t.init.get(l) ?? 0);
      combo.forEach((tr, th) => {
        const off = ev.length;
        for (const e of tr.events) {
          ev.push({ thread: th, kind: e.kind, cls: e.cls, loc: e.loc, rmw: e.rmw !== undefined ? e.rmw + off : undefined,
            addr: e.addr.map((x) => x + off), data: e.data.map((x) => x + off), ctrl: e.ctrl.map((x) => x + off),
            srcuFrom: e.srcuFrom?.map((x) => x + off), own: e.own?.map((x) => x + off) });
          vals.push(e.val);
        }
      });
      const perLoc: LocOption[][] = [];
      for (const l of locs) {
        let o = ts.locks.has(l) ? lockOptions(ev, IW.get(l)!, l, work) : locOptions(ev, vals, IW.get(l)!, l, work);
        if (locNeed.has(l)) o = o.filter((x) => vals[x.co[x.co.length - 1]!] === locNeed.get(l));
        if (o.length === 0) return false; // no execution with these traces
        perLoc.push(o);
      }
      const s = staticPart(ev);
      const prune = !!opts.prunePartial && !s.hasPlain && perLoc.length > 1;
      const rfSrc = new Int32Array(ev.length).fill(-1);
      const coOrders: number[][] = new Array(locs.length);
      const finalOf = (name: string): Val => {
        const k = locs.indexOf(name);
        if (k < 0) return t.init.get(name) ?? 0;
        const order = coOrders[k]!;
        return vals[order[order.length - 1]!]!;
      };
      const regOf = (th: number, r: string): Val => regOfT(combo[th]!, th, r);
      const pick = (k: number): boolean => {
        if (k === perLoc.length) {
          if (++candidates > max) throw new Bound();
          if (goal !== 'any') {
            if (t.filter && !evalCond(t.filter, regOf, finalOf)) return false;
            if (evalCond(t.cond, regOf, finalOf) !== (goal === 'true')) return false;
          }
          if (!consistent(s, rfSrc, coOrders)) return false;
          if (goal === 'true') witness = describe(ev, vals, rfSrc, combo);
          return true;
        }
        for (const o of perLoc[k]!) {
          for (const [r, w] of o.rf) rfSrc[r] = w;
          coOrders[k] = o.co;
          const viable = !prune || k + 1 === perLoc.length || consistent(s, rfSrc, coOrders.slice(0, k + 1));
          if (viable && pick(k + 1)) return true;
          for (const [r] of o.rf) rfSrc[r] = -1;
        }
        return false;
      };
      return pick(0);
    };
    const walk = (th: number): boolean => {
      if (th === traces.length) return visitCombo();
      for (const tr of traces[th]!) {
        work.step();
        combo[th] = tr;
        if (walk(th + 1)) return true;
      }
      return false;
    };
    return walk(0);
  };

  let holds = false, fails = false, truncated = false, any = false;
  let tooBig: string | undefined;
  try {
    // a constant condition (a test without one) has no execution on its other side to look for
    holds = t.cond.k === 'const' && !t.cond.v ? false : search('true');
    fails = holds && opts.existsOnly ? true : t.cond.k === 'const' && t.cond.v ? false : search('false');
    any = holds || fails || (t.filter ? search('any') : false);
  } catch (e) {
    if (!(e instanceof Bound)) throw e;
    truncated = true;
    if (e instanceof WorkBound) tooBig = e.message;
  }
  let verdict: LkVerdict;
  if (holds && fails) verdict = 'Sometimes';
  else if (truncated) verdict = 'Unknown';
  else if (holds) verdict = 'Always';
  else if (fails) verdict = 'Never';
  else verdict = any ? 'Never' : 'DEADLOCK';
  return { verdict, candidates: Math.min(candidates, max), truncated: verdict === 'Unknown', ...(witness && holds ? { witness } : {}),
    ...(verdict === 'Unknown' && tooBig ? { tooBig } : {}) };
}

/** The equality atoms every satisfying execution needs (the top-level conjunction). */
function requiredAtoms(c: LkCond): Extract<LkCond, { k: 'eq' }>[] {
  if (c.k === 'eq') return [c];
  if (c.k === 'and') return c.xs.flatMap((x) => x.k === 'eq' ? [x] : x.k === 'and' ? requiredAtoms(x) : []);
  return [];
}

function checkCondThreads(c: LkCond, n: number): void {
  const stack: LkCond[] = [c];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.k === 'and' || e.k === 'or') stack.push(...e.xs);
    else if (e.k === 'not') stack.push(e.a);
    else if (e.k === 'eq') for (const x of [e.a, e.b]) if (x.k === 'reg' && x.thread >= n) throw new LitmusUnsupported(`condition names process P${x.thread}, which does not exist`);
  }
}

function evalCond(c: LkCond, reg: (th: number, r: string) => Val, fin: (l: string) => Val): boolean {
  switch (c.k) {
    case 'const': return c.v;
    case 'not': return !evalCond(c.a, reg, fin);
    case 'and': return c.xs.every((x) => evalCond(x, reg, fin));
    case 'or': return c.xs.some((x) => evalCond(x, reg, fin));
    case 'eq': {
      const v = (x: Term): Val => x.k === 'reg' ? reg(x.thread, x.reg) : x.k === 'loc' ? fin(x.name) : x.v;
      return v(c.a) === v(c.b);
    }
  }
}

// ---- per-location reads-from and coherence choices ------------------------------------------------

/** Interleavings of per-thread sequences (program order fixes each thread's own order). */
function merges<T>(seqs: T[][], out: T[][], work: Work, cur: T[] = [], idx: number[] = seqs.map(() => 0)): void {
  work.step();
  let done = true;
  for (let s = 0; s < seqs.length; s++) {
    if (idx[s]! < seqs[s]!.length) {
      done = false;
      cur.push(seqs[s]![idx[s]!]!);
      idx[s]!++;
      merges(seqs, out, work, cur, idx);
      idx[s]!--;
      cur.pop();
    }
  }
  if (done) out.push([...cur]);
}

function byThread(ev: GEv[], ids: number[]): number[][] {
  const m = new Map<number, number[]>();
  for (const i of ids) { const a = m.get(ev[i]!.thread) ?? []; a.push(i); m.set(ev[i]!.thread, a); }
  return [...m.values()];
}

function locOptions(ev: GEv[], vals: (Val | undefined)[], iw: number, l: string, work: Work): LocOption[] {
  const writes: number[] = [], reads: number[] = [];
  ev.forEach((e, i) => { if (e.loc === l && e.thread >= 0) { if (e.kind === 'W') writes.push(i); else if (e.kind === 'R') reads.push(i); } });
  const all = [iw, ...writes];
  const cands = reads.map((r) => all.filter((w) => vals[w] === vals[r]));
  if (cands.some((c) => c.length === 0)) return [];
  const orders: number[][] = [];
  merges(byThread(ev, writes), orders, work);
  const out: LocOption[] = [];
  for (const o of orders) {
    const co = [iw, ...o];
    forEachChoice(cands, work, (choice) => {
      const rf = reads.map((r, k) => [r, choice[k]!] as [number, number]);
      if (coherent(ev, co, rf) && atomic(ev, co, rf)) out.push({ rf, co });
    });
  }
  return out;
}

function forEachChoice(cands: number[][], work: Work, f: (c: number[]) => void): void {
  const c: number[] = new Array(cands.length);
  const go = (k: number): void => {
    work.step();
    if (k === cands.length) { f(c); return; }
    for (const x of cands[k]!) { c[k] = x; go(k + 1); }
  };
  go(0);
}

/** acyclic (po-loc | rf | co | fr) on one location's events. */
function coherent(ev: GEv[], co: number[], rf: [number, number][]): boolean {
  const nodes = [...co, ...rf.map(([r]) => r)];
  const ix = new Map(nodes.map((x, k) => [x, k]));
  const adj: number[][] = nodes.map(() => []);
  const edge = (a: number, b: number): void => { adj[ix.get(a)!]!.push(ix.get(b)!); };
  for (let a = 0; a < nodes.length; a++) for (let b = 0; b < nodes.length; b++) {
    const x = ev[nodes[a]!]!, y = ev[nodes[b]!]!;
    if (x.thread >= 0 && x.thread === y.thread && nodes[a]! < nodes[b]!) edge(nodes[a]!, nodes[b]!);
  }
  for (let a = 0; a + 1 < co.length; a++) edge(co[a]!, co[a + 1]!);
  const pos = new Map(co.map((w, k) => [w, k]));
  for (const [r, w] of rf) {
    edge(w, r);
    const p = pos.get(w)!;
    if (p + 1 < co.length) edge(r, co[p + 1]!);
  }
  // cycle detection (iterative colouring)
  const color = new Uint8Array(nodes.length);
  for (let s = 0; s < nodes.length; s++) {
    if (color[s]) continue;
    const stack: [number, number][] = [[s, 0]];
    color[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [u, k] = top;
      if (k < adj[u]!.length) {
        top[1]++;
        const v = adj[u]![k]!;
        if (color[v] === 1) return false;
        if (!color[v]) { color[v] = 1; stack.push([v, 0]); }
      } else { color[u] = 2; stack.pop(); }
    }
  }
  return true;
}

/** empty rmw & (fre ; coe): no other thread's write between an RMW's source and its write. */
function atomic(ev: GEv[], co: number[], rf: [number, number][]): boolean {
  const pos = new Map(co.map((w, k) => [w, k]));
  for (const [r, w] of rf) {
    const partner = ev[r]!.rmw;
    if (partner === undefined) continue;
    const a = pos.get(w)!, b = pos.get(partner)!;
    if (b <= a) return false; // the write is co-before the write it read: coherence would also fail
    for (let k = a + 1; k < b; k++) if (ev[co[k]!]!.thread !== ev[r]!.thread) return false;
  }
  return true;
}

/** Lock locations (lock.cat): critical sections in some order, each LKR reading the unlock before it. */
function lockOptions(ev: GEv[], iw: number, l: string, work: Work): LocOption[] {
  type Sec = { lkr: number; lkw: number; ul: number | undefined };
  const secs = new Map<number, Sec[]>();
  const others: number[] = [];
  ev.forEach((e, i) => {
    if (e.loc !== l || e.thread < 0) return;
    const a = secs.get(e.thread) ?? [];
    secs.set(e.thread, a);
    if (e.cls === 'lkr') a.push({ lkr: i, lkw: e.rmw!, ul: undefined });
    else if (e.cls === 'ul') a[a.length - 1]!.ul = i;
    else if (e.cls === 'lf' || e.cls === 'rl' || e.cls === 'ru') others.push(i);
  });
  const seqs = [...secs.values()].filter((a) => a.length > 0);
  const unmatched = seqs.flat().filter((s) => s.ul === undefined);
  if (unmatched.length > 1) return [];
  const orders: Sec[][] = [];
  merges(seqs, orders, work);
  const lkws = seqs.flat().map((s) => s.lkw), uls = seqs.flat().flatMap((s) => s.ul === undefined ? [] : [s.ul]);
  const out: LocOption[] = [];
  for (const o of orders) {
    if (unmatched.length && o[o.length - 1] !== unmatched[0]) continue;
    const co = [iw];
    const rf: [number, number][] = [];
    for (const s of o) {
      rf.push([s.lkr, co[co.length - 1]!]);
      co.push(s.lkw);
      if (s.ul !== undefined) co.push(s.ul);
    }
    const cands = others.map((r) => {
      const e = ev[r]!;
      const ext = (w: number): boolean => ev[w]!.thread !== e.thread;
      if (e.cls === 'ru') return [iw, ...(e.own ?? []), ...uls.filter(ext)];
      return e.own && e.own.length ? e.own : lkws.filter(ext);
    });
    forEachChoice(cands, work, (choice) => {
      const all: [number, number][] = [...rf, ...others.map((r, k) => [r, choice[k]!] as [number, number])];
      if (coherent(ev, co, all)) out.push({ rf: all, co });
    });
  }
  return out;
}

function describe(ev: GEv[], vals: (Val | undefined)[], rfSrc: Int32Array, combo: Trace[]): string[] {
  const name = (i: number): string => {
    const e = ev[i]!;
    if (e.thread < 0) return `init ${e.loc}=${String(vals[i])}`;
    return `P${e.thread} ${e.cls} ${e.kind === 'W' ? `${e.loc}=${String(vals[i])}` : e.loc ?? ''}`.trim();
  };
  const out: string[] = [];
  for (let r = 0; r < ev.length; r++) if (rfSrc[r]! >= 0) out.push(`${name(r)} reads ${String(vals[r])} from ${name(rfSrc[r]!)}`);
  combo.forEach((tr, th) => { for (const [k, v] of tr.regs) if (!k.startsWith('%')) out.push(`P${th}:${k}=${String(v)}`); });
  return out;
}
