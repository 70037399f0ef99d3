// The invariant explorer's verdict as text: the CLI prints it, the extension writes it to its
// output channel. One header, the verdict, and for a counterexample the execution step by step,
// the log it prints and what the core's checks make of that log.

import type { InvariantResult } from './invariant';

interface ReportContext {
  /** What was explored, e.g. `the seed module with 4 readers, drop-gp2`. */
  subject: string;
  /** Milliseconds the exploration took (omitted in tests that compare text). */
  ms?: number;
}

export function renderInvariant(r: InvariantResult, ctx: ReportContext): string {
  const [a, b] = r.apart;
  const out: string[] = [];
  out.push(`explored ${ctx.subject}: every ordering the RCU rules and the Linux-kernel memory model allow`);
  out.push(`invariant: no call of ${b} overlaps a call of ${a} (${r.calls[0]} call${r.calls[0] === 1 ? '' : 's'} of ${a}, ${r.calls[1]} of ${b})`);
  switch (r.verdict) {
    case 'holds': out.push(`HOLDS: no ordering lets ${b} overlap ${a}`); break;
    case 'deadlock': out.push('DEADLOCK: no ordering runs to completion (is synchronize_rcu() called inside a read-side critical section?)'); break;
    case 'undecided': out.push(r.operational === 'undecided' || !r.lkmm?.reason
      ? 'UNDECIDED: the state bound was reached before every ordering was explored (raise --max-states)'
      : `UNDECIDED: ${r.lkmm.reason}`); break;
    case 'broken': {
      const cx = r.counterexample!;
      out.push(`BROKEN: ${cx.summary}`);
      out.push('', 'counterexample, step by step (rcu-lens: lines mark where the overlapping accesses took effect):');
      const w = String(cx.steps.length).length;
      cx.steps.forEach((s, i) => out.push(`  ${String(i + 1).padStart(w)}  ${s}`));
      out.push('', 'the same execution as a log (rcu-lens analyze/check and the editor read it):');
      out.push(...cx.log.trimEnd().split('\n').map((l) => `  ${l}`));
      out.push('', cx.violations.length
        ? `rcu-lens check on that log: ${cx.violations.map((v) => `line ${v.line}: ${v.message} [${v.rule}]`).join('; ')}`
        : 'rcu-lens check on that log finds no rule broken in its printed lines: the overlap is in the accesses, not in the order of the lines');
      break;
    }
  }
  out.push(...modelLines(r));
  out.push(`${r.states} states${ctx.ms !== undefined ? ` in ${Math.round(ctx.ms)} ms` : ''}`);
  return `${out.join('\n')}\n`;
}

/** Which model decided, and whether the other agrees (a disagreement is always printed). */
function modelLines(r: InvariantResult): string[] {
  if (!r.lkmm) return [];
  const lk = `${r.lkmm.candidates} candidate execution${r.lkmm.candidates === 1 ? '' : 's'} in ${r.lkmm.questions} litmus question${r.lkmm.questions === 1 ? '' : 's'}`;
  const out: string[] = [];
  if (r.decidedBy === 'operational') out.push(`decided by the operational search's counterexample: the Linux-kernel memory model could not decide (${r.lkmm.reason ?? 'undecided'})`);
  else if (r.lkmm.verdict !== 'undecided') out.push(`decided on the Linux-kernel memory model (axiomatic, as herd7 runs linux-kernel.cat): ${lk}; the operational search ${r.operational === r.verdict ? 'agrees' : `says ${r.operational}`}`);
  if (r.disagreement) out.push(`MODELS DISAGREE: ${r.disagreement}`);
  return out;
}
