// Scenario rewriting helpers shared by fitting and mutations.

import type { Scenario, Step } from './scenario';
import { MAX_INLINED_STEPS, WorkBoundError } from '../run/bounds';

/** A deep copy of steps with every `call` replaced by the callee's steps (calls never recurse). */
export function inlineCalls(sc: Scenario, steps: readonly Step[]): Step[] {
  // Bounded: a chain of functions each calling the next twice is 2^n steps (WorkBoundError).
  let n = 0;
  const inline = (list: readonly Step[]): Step[] => {
    const out: Step[] = [];
    for (const s of list) {
      if (++n > MAX_INLINED_STEPS) throw new WorkBoundError(`too many steps once calls are inlined (more than ${MAX_INLINED_STEPS})`);
      if (s.op === 'call') { for (const x of inline(Object.prototype.hasOwnProperty.call(sc.functions, s.fn) ? sc.functions[s.fn]! : [])) out.push(x); }
      else if (s.op === 'if') out.push({ ...s, then: inline(s.then), else: inline(s.else) });
      else out.push({ ...s });
    }
    return out;
  };
  return inline(steps);
}

/** Remove one step (found by identity) wherever it is. Returns whether it was found. */
export function removeStep(sc: Scenario, target: Step): boolean {
  const rm = (steps: Step[]): boolean => {
    const i = steps.indexOf(target);
    if (i >= 0) { steps.splice(i, 1); return true; }
    return steps.some((s) => s.op === 'if' && (rm(s.then) || rm(s.else)));
  };
  return Object.values(sc.functions).some(rm);
}

/** Do two step lists have the same shape (same ops in the same nesting)? */
export function sameShape(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length === b.length && a.every((s, i) => {
    const t = b[i]!;
    if (s.op !== t.op) return false;
    return s.op !== 'if' || (t.op === 'if' && sameShape(s.then, t.then) && sameShape(s.else, t.else));
  });
}

/** Copy the durations (sleep, busy, print cost, latency) of `from` onto `to`, same shape assumed. */
export function copyDurations(from: readonly Step[], to: Step[]): void {
  from.forEach((s, i) => {
    const t = to[i]!;
    if ((s.op === 'sleep' || s.op === 'busy') && t.op === s.op) t.seconds = s.seconds;
    else if (s.op === 'print' && t.op === 'print' && s.cost !== undefined) t.cost = s.cost;
    else if (s.op === 'synchronize_rcu' && t.op === 'synchronize_rcu' && s.latency !== undefined) t.latency = s.latency;
    else if (s.op === 'if' && t.op === 'if') { copyDurations(s.then, t.then); copyDurations(s.else, t.else); }
  });
}
