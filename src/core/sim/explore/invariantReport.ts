// The invariant explorer's verdict as text: the CLI prints it, the extension writes it to its
// output channel. One header, the verdict, and for a counterexample the execution step by step,
// the log it prints and what the core's checks make of that log.

import type { InvariantResult } from './invariant';

interface ReportContext {
  /** What was explored, e.g. `scenario rcu-list:none (explorer form)`. */
  subject: string;
  /** Milliseconds the exploration took (omitted in tests that compare text). */
  ms?: number;
}

export function renderInvariant(r: InvariantResult, ctx: ReportContext): string {
  const out: string[] = [];
  out.push(`explored ${ctx.subject}: every ordering the RCU rules and the Linux-kernel memory model allow`);
  let holds: string, marks: string;
  if (r.apart) {
    const [a, b] = r.apart;
    const calls = r.calls ?? [0, 0];
    out.push(`invariant: no call of ${b} overlaps a call of ${a} (${calls[0]} call${calls[0] === 1 ? '' : 's'} of ${a}, ${calls[1]} of ${b})`);
    holds = `no ordering lets ${b} overlap ${a}`;
    marks = 'the overlapping accesses took effect';
  } else {
    const never = r.never ?? [];
    const vars = [...new Set(never.map((n) => n.read))].join(', ');
    out.push(`invariant: ${r.says} (no read of ${vars} may return ${never.some((n) => n.equals !== undefined) ? 'the value named' : 'non-zero'}: ${r.reads} read${r.reads === 1 ? '' : 's'} in the scenario)`);
    holds = `no ordering breaks it: ${r.says}`;
    marks = 'the offending write and read took effect';
  }
  switch (r.verdict) {
    case 'holds': out.push(`HOLDS: ${holds}`); break;
    case 'deadlock': out.push('DEADLOCK: no ordering runs to completion (is synchronize_rcu() called inside a read-side critical section?)'); break;
    case 'undecided': out.push(r.operational === 'undecided' || !r.lkmm?.reason
      ? 'UNDECIDED: the state bound was reached before every ordering was explored (raise --max-states)'
      : `UNDECIDED: ${r.lkmm.reason}`); break;
    case 'broken': {
      const cx = r.counterexample!;
      out.push(`BROKEN: ${cx.summary}`);
      out.push('', `counterexample, step by step (rcu-lens: lines mark where ${marks}):`);
      const w = String(cx.steps.length).length;
      cx.steps.forEach((s, i) => out.push(`  ${String(i + 1).padStart(w)}  ${s}`));
      out.push('', 'the same execution as a log (rcu-lens analyze/check and the editor read it):');
      out.push(...cx.log.trimEnd().split('\n').map((l) => `  ${l}`));
      out.push('', cx.violations.length
        ? `rcu-lens check on that log: ${cx.violations.map((v) => `line ${v.line}: ${v.message} [${v.rule}]`).join('; ')}`
        : `rcu-lens check on that log finds no rule broken in its printed lines: ${r.apart ? 'the overlap' : 'the breach'} is in the accesses, not in the order of the lines`);
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
  if (r.decidedBy === 'operational') {
    out.push(r.verdict === 'broken'
      ? `decided by the operational search's counterexample: the Linux-kernel memory model could not decide (${r.lkmm.reason ?? 'undecided'})`
      : `decided by the operational search alone (multi-copy atomic, stricter than the Linux-kernel memory model: an ordering only the LKMM allows is not explored): ${r.lkmm.reason ?? 'the LKMM could not decide'}`);
  }
  else if (r.lkmm.verdict !== 'undecided') out.push(`decided on the Linux-kernel memory model (axiomatic, as herd7 runs linux-kernel.cat): ${lk}; the operational search ${r.operational === r.verdict ? 'agrees' : `says ${r.operational}`}`);
  if (r.disagreement) out.push(`MODELS DISAGREE: ${r.disagreement}`);
  return out;
}
