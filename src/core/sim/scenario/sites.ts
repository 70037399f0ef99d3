// Call sites in program order. `drop-gpN` names the N-th synchronize_rcu() call site met
// walking the scenario the way it runs: top-level tasks in order, a spawned or called function at the point of its spawn or call, both branches of an
// `if` (then first). A function reached twice is walked once: a site is a place in the code.

import type { Scenario, Step } from './scenario';

function walkInProgramOrder(sc: Scenario, f: (s: Step, fn: string) => void): void {
  const seen = new Set<string>();
  const walkFn = (fn: string): void => {
    if (seen.has(fn) || !Object.prototype.hasOwnProperty.call(sc.functions, fn)) return;
    seen.add(fn);
    walk(sc.functions[fn]!, fn);
  };
  const walk = (steps: readonly Step[], fn: string): void => {
    for (const s of steps) {
      f(s, fn);
      if (s.op === 'if') { walk(s.then, fn); walk(s.else, fn); }
      if (s.op === 'call' || s.op === 'spawn' || s.op === 'call_rcu') walkFn(s.fn);
    }
  };
  for (const t of sc.tasks) walkFn(t.fn);
}

/** synchronize_rcu() steps in program order; the rank of a step (1-based) is its site number. */
export function syncSites(sc: Scenario): Step[] {
  const out: Step[] = [];
  walkInProgramOrder(sc, (s) => { if (s.op === 'synchronize_rcu') out.push(s); });
  return out;
}

/** The spawn steps in program order, with the function that contains each. */
export function spawnSites(sc: Scenario): { step: Extract<Step, { op: 'spawn' }>; in: string }[] {
  const out: { step: Extract<Step, { op: 'spawn' }>; in: string }[] = [];
  walkInProgramOrder(sc, (s, fn) => { if (s.op === 'spawn') out.push({ step: s, in: fn }); });
  return out;
}
