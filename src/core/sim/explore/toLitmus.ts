// A scenario program as a herd7 C litmus test, so that the axiomatic LKMM (litmus/lkmm/) can
// decide the explorer's questions and herd7 itself can be run on them. Each thread becomes a
// process; its accesses, fences, RCU and lock primitives are the kernel's. What the LKMM has no
// event for is expressed with ordinary accesses, as litmus tests for these primitives usually do:
//   - a task started by spawn (kthread_run(): a full barrier on both sides): the parent does
//     smp_mb(); WRITE_ONCE(*spawned_T, 1), the child runs its body only if it reads that 1 (then
//     smp_mb()), and the filter keeps only executions where a spawned task did run;
//   - a call_rcu() callback: the same with queued_T, and the callback's body runs after a
//     synchronize_rcu() of its own: a grace period that begins after the call_rcu();
//   - rcu_barrier(): for each callback, read queued_C, smp_mb(), read done_C (which the callback
//     writes after an smp_mb() at its end); the filter says a callback seen queued is seen done;
//   - printk() has no LKMM event that orders anything here (the explorer treats it as a store to
//     the log buffer that nobody reads): it becomes a comment.
// Threads set aside as bystanders (bystanders.ts) are left out with their probes.

import { LitmusUnsupported } from '../litmus/parse';
import { type LkTest, parseLkmm } from '../litmus/lkmm/parse';
import type { Expr, Program, Stmt, ThreadSource, Val } from './program';
import type { Probe } from './fromScenario';

interface LitmusQuestion {
  /** The herd7 C litmus test (herd7 -conf linux-kernel.cfg runs it). */
  text: string;
  test: LkTest;
  /** Litmus process of each program thread (undefined: left out as a bystander). */
  procOf: (number | undefined)[];
  /** Litmus register name of a (thread, register) of the program. */
  regName: (thread: number, reg: string) => string;
}

interface QuestionSpec {
  /** Which probes' overlap the `exists` clause asks about (none: any complete execution at all). */
  probes: readonly Probe[];
  /** Threads left out (bystanders). */
  omit?: ReadonlySet<number>;
  /** Every probe of the program, and what becomes of those the question does not ask about:
   * 'drop' leaves their reads out (a smaller program: fewer events, fewer constraints), 'zero'
   * keeps them and lets the filter keep only executions where they read 0 (no other overlap). */
  otherProbes?: { all: readonly Probe[]; mode: 'drop' | 'zero' };
  name?: string;
  comment?: string;
}

const RESERVED = new Set(['int', 'if', 'else', 'exists', 'filter', 'forall', 'locations', 'spinlock_t', 'true', 'false', 'void', 'return']);

class Namer {
  private readonly used = new Set<string>();
  private readonly map = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  /** A C identifier for raw, the same each time; `prefix` forces one (the tool's own names). */
  name(raw: string, prefix?: string): string {
    let n = this.map.get(raw);
    if (n !== undefined) return n;
    const clean = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    let base = prefix !== undefined ? `${prefix}${clean}`
      : /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw) && !/^P\d+$/.test(raw) && !RESERVED.has(raw) ? raw : `${this.prefix}${clean}`;
    if (!/^[A-Za-z_]/.test(base)) base = `${this.prefix}${base}`;
    n = base;
    for (let k = 2; this.used.has(n); k++) n = `${base}_${k}`;
    this.used.add(n);
    this.map.set(raw, n);
    return n;
  }
  reserve(n: string): void { this.used.add(n); }
}

/** The litmus test asking whether any of `spec.probes` reads 1 (an overlap) in `prog`. */
export function scenarioLitmus(prog: Program, sources: readonly ThreadSource[], spec: QuestionSpec): LitmusQuestion {
  const omit = spec.omit ?? new Set<number>();
  const locs = new Namer('v_');
  const procOf: (number | undefined)[] = [];
  let np = 0;
  // the asked threads last: the checker varies the last processes' choices fastest, so a wrong
  // guess for them is dropped before the other threads' choices are all tried again
  const asked = new Set(spec.probes.flatMap((p) => [p.thread, p.otherThread]));
  for (const late of [false, true]) sources.forEach((_, t) => { if (!omit.has(t) && asked.has(t) === late) procOf[t] = np++; });
  const threadIx = new Map(sources.map((s, i) => [s.name, i]));
  const callbacks = sources.flatMap((s, i) => (s.start === 'callback' && !omit.has(i) ? [i] : []));
  const hasBarrier = sources.some((s) => walk(s.body).some((st) => st.s === 'barrier'));
  // names: the program's locations first (probe flags `%f#i` become ov_f_i), then the control flags
  const locName = (l: string): string => (l.startsWith('%') ? locs.name(l, 'ov_') : locs.name(l));
  for (const l of prog.locations) locName(l);
  const spawned = (t: number): string => locs.name(`spawned_${sources[t]!.name}`);
  const queued = (t: number): string => locs.name(`queued_${sources[t]!.name}`);
  const done = (t: number): string => locs.name(`done_${sources[t]!.name}`);
  const lockNames = new Namer('l_');
  for (const n of prog.locations) lockNames.reserve(locName(n));
  const regNamers = sources.map(() => new Namer('r_'));
  const regName = (t: number, r: string): string => regNamers[t]!.name(r, r.startsWith('%') ? 'r_' : undefined);
  // Which threads run in every execution: initial tasks, and tasks their top level starts.
  const always = new Set<number>();
  for (let grew = true; grew;) {
    grew = false;
    sources.forEach((s, t) => {
      if (always.has(t)) return;
      const starter = s.start === 'initial' ? -2 : sources.findIndex((p) => p.body.some((st) => (st.s === 'spawn' || st.s === 'call-rcu') && st.thread === s.name));
      if (s.start === 'initial' || (starter >= 0 && always.has(starter))) { always.add(t); grew = true; }
    });
  }
  const filter: string[] = [];
  const procs: string[] = [];
  const askedRegs = new Set(spec.probes.map((p) => `${p.thread}/${p.reg}`));
  const other = new Set((spec.otherProbes?.all ?? []).filter((p) => !askedRegs.has(`${p.thread}/${p.reg}`)).map((p) => `${p.thread}/${p.reg}`));
  sources.forEach((src, t) => {
    const p = procOf[t];
    if (p === undefined) return;
    const used = new Set<string>(), locks = new Set<string>(), regs = new Set<string>();
    const lines: string[] = [];
    const loc = (l: string): string => { const n = locName(l); used.add(n); return n; };
    const flag = (n: string): string => { used.add(n); return n; };
    const reg = (r: string): string => { const n = regName(t, r); regs.add(n); return n; };
    const val = (v: Val): string => {
      if (typeof v === 'number') return String(v);
      throw new LitmusUnsupported(`a pointer value (${v}) stored in a variable`);
    };
    const ex = (e: Expr): string => {
      switch (e.k) {
        case 'const': return val(e.v);
        case 'reg': return reg(e.name);
        case 'not': return `!(${ex(e.a)})`;
        case 'bin': return `(${ex(e.a)} ${e.op} ${ex(e.b)})`;
      }
    };
    const addr = (e: Expr): string => {
      if (e.k !== 'const' || typeof e.v !== 'string') throw new LitmusUnsupported('an access through a computed address');
      return loc(e.v);
    };
    let barriers = 0;
    const emit = (ss: readonly Stmt[], ind: string): void => {
      for (const st of ss) {
        switch (st.s) {
          case 'read':
            if (other.has(`${t}/${st.reg}`)) {
              if (spec.otherProbes!.mode === 'drop') break;
              filter.push(`${p}:${reg(st.reg)}=0`);
            }
            lines.push(st.acquire ? `${ind}${reg(st.reg)} = smp_load_acquire(${addr(st.addr)});` : `${ind}${reg(st.reg)} = READ_ONCE(*${addr(st.addr)});`); break;
          case 'write': lines.push(st.release ? `${ind}smp_store_release(${addr(st.addr)}, ${ex(st.val)});` : `${ind}WRITE_ONCE(*${addr(st.addr)}, ${ex(st.val)});`); break;
          case 'assign': lines.push(`${ind}${reg(st.reg)} = ${ex(st.val)};`); break;
          case 'if': {
            lines.push(`${ind}if (${ex(st.cond)}) {`);
            emit(st.then, `${ind}\t`);
            if (st.else.length) { lines.push(`${ind}} else {`); emit(st.else, `${ind}\t`); }
            lines.push(`${ind}}`);
            break;
          }
          case 'fence': lines.push(`${ind}smp_${st.kind}();`); break;
          case 'rcu-lock': lines.push(`${ind}rcu_read_lock();`); break;
          case 'rcu-unlock': lines.push(`${ind}rcu_read_unlock();`); break;
          case 'sync': lines.push(`${ind}synchronize_rcu();`); break;
          case 'print': lines.push(`${ind}// printk(${JSON.stringify(st.label.text).replace(/\*\)/g, '* )')})`); break;
          case 'spawn': case 'call-rcu': {
            const c = threadIx.get(st.thread)!;
            if (omit.has(c)) { lines.push(`${ind}// ${st.s === 'spawn' ? 'starts' : 'call_rcu()'} ${st.thread} (left out: it cannot help an overlap)`); break; }
            lines.push(`${ind}smp_mb();`, `${ind}WRITE_ONCE(*${flag(st.s === 'spawn' ? spawned(c) : queued(c))}, 1); // ${st.s === 'spawn' ? 'starts' : 'call_rcu()'} ${st.thread}`);
            break;
          }
          case 'barrier': {
            const k = barriers++;
            lines.push(`${ind}// rcu_barrier()`);
            for (const c of callbacks) {
              const q = reg(`%bq${k}_${sources[c]!.name}`), d = reg(`%bd${k}_${sources[c]!.name}`);
              lines.push(`${ind}${q} = READ_ONCE(*${flag(queued(c))});`, `${ind}smp_mb();`, `${ind}${d} = READ_ONCE(*${flag(done(c))});`);
              filter.push(`(~(${p}:${q}=1) \\/ ${p}:${d}=1)`);
            }
            lines.push(`${ind}smp_mb();`);
            break;
          }
          case 'spin-lock': case 'spin-unlock': {
            const n = lockNames.name(st.lock);
            locks.add(n);
            lines.push(`${ind}spin_${st.s === 'spin-lock' ? 'lock' : 'unlock'}(${n});`);
            break;
          }
        }
      }
    };
    if (src.start === 'initial') emit(src.body, '\t');
    else {
      const go = reg('%go');
      const f = flag(src.start === 'spawned' ? spawned(t) : queued(t));
      lines.push(`\t${go} = READ_ONCE(*${f});`, `\tif (${go}) {`, '\t\tsmp_mb();');
      if (src.start === 'callback') lines.push('\t\tsynchronize_rcu(); // the grace period the callback waits for');
      emit(src.body, '\t\t');
      if (src.start === 'callback' && hasBarrier) lines.push('\t\tsmp_mb();', `\t\tWRITE_ONCE(*${flag(done(t))}, 1);`);
      lines.push('\t}');
      filter.push(always.has(t) ? `${p}:${go}=1` : `(~(${f}=1) \\/ ${p}:${go}=1)`);
    }
    const params = [...[...used].sort().map((n) => `int *${n}`), ...[...locks].sort().map((n) => `spinlock_t *${n}`)];
    const decls = [...regs].map((r) => `\tint ${r};`);
    for (const [r, v] of src.regInit ?? []) lines.unshift(`\t${reg(r)} = ${val(v)};`);
    procs[p] = (`P${p}(${params.join(', ')})\n{\n${[...decls, ...(decls.length ? [''] : []), ...lines].join('\n')}\n}`);
  });
  const init = [...prog.init].filter(([, v]) => v !== 0).map(([l, v]) => `${locName(l)}=${typeof v === 'number' ? v : `&${locName(v)}`};`);
  const atoms = spec.probes.filter((pr) => procOf[pr.thread] !== undefined).map((pr) => `${procOf[pr.thread]}:${regName(pr.thread, pr.reg)}=1`);
  const text = [
    `C ${spec.name ?? 'rcu-lens-explore'}`,
    '',
    `(* ${(spec.comment ?? 'Written by rcu-lens explore from a scenario.').replace(/\*\)/g, '* )')} *)`,
    '',
    `{${init.length ? `\n${init.join('\n')}\n` : ''}}`,
    '',
    procs.join('\n\n'),
    '',
    ...(filter.length ? [`filter (${filter.join(' /\\ ')})`] : []),
    ...(atoms.length ? [`exists (${atoms.join(' \\/ ')})`] : []),
    '',
  ].join('\n');
  return { text, test: parseLkmm(text), procOf, regName };
}

function walk(ss: readonly Stmt[]): Stmt[] {
  return ss.flatMap((s) => (s.s === 'if' ? [s, ...walk(s.then), ...walk(s.else)] : [s]));
}
