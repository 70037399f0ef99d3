// Bystanders: threads that cannot help two given threads' accesses overlap, only hinder it.
// A thread is a bystander when all it writes is probe flags (`%` locations, which only feed
// probe registers) and it starts no thread (spawn, call_rcu) and waits for no callbacks
// (rcu_barrier). Taking it away removes only constraints on the others (a grace period that
// waited for it, a lock it held) and values nobody but probes reads: every execution of the whole
// program, without the bystander's steps, is an execution of the smaller one. So "no overlap in
// the smaller program" proves "no overlap in the whole"; the converse needs the whole program.

import type { Program } from './program';

/** The program with every bystander's paths emptied (thread indices unchanged), or null if none is. */
export function withoutBystanders(prog: Program, keep: ReadonlySet<number>): Program | null {
  let changed = false;
  const threads = prog.threads.map((th, t) => {
    if (keep.has(t) || th.start === 'initial' || !th.paths.every((p) => p.ops.every((op) => {
      switch (op.k) {
        case 'write': return op.addr.k === 'const' && String(op.addr.v).startsWith('%');
        case 'spawn': case 'call-rcu': case 'barrier-start': case 'barrier-end': return false;
        default: return true;
      }
    }))) return th;
    changed = true;
    return { ...th, paths: [{ ops: [], preds: [], finalDefs: new Map(), regInit: new Map(), sections: [] }] };
  });
  return changed ? { ...prog, threads } : null;
}
