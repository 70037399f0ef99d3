// A litmus test's witness execution as a log the core reads, so the editor can show it like any
// run: one line per step (`litmus P0: rcu_read_lock()` and so on), read through a pattern made for
// it (patterns/schema.ts). The execution is drawn as what it is: its processes, each one's
// read-side critical sections, and every synchronize_rcu() of every process as a grace-period
// wait (call and return), in the pattern-neutral RCU model (Analysis.rcu).

import type { Pattern } from '../../patterns/schema';
import { formatDmesgLine } from '../run/dmesgOut';
import type { Program } from '../explore/program';
import { describeStep, type Execution } from '../explore/trace';

export interface WitnessLog {
  log: string;
  /** The pattern that reads the log (pass it as the analyzer's `patterns`). */
  pattern: Pattern;
}

const PROC = '(?<task>P\\d+)';

export function witnessLog(name: string, prog: Program, ex: Execution, what: string): WitnessLog {
  const lines: string[] = [`litmus test ${name}: ${what}`];
  for (const t of prog.threads) lines.push(`litmus ${t.name} starts`);
  for (const s of ex.steps) lines.push(`litmus ${describeStep(prog, ex, s)}`);
  lines.push(`litmus test ${name} ends`);
  const log = lines.map((l, i) => `${formatDmesgLine(1e6 + i * 1000, l)}\n`).join('');
  const pattern: Pattern = {
    schema: 'rcu-lens-pattern/1',
    name: 'litmus',
    description: 'A litmus execution written out by rcu-lens: its processes, critical sections and grace periods',
    words: { reader: 'process', updater: 'process', object: 'location' },
    events: [
      { event: 'init', match: '^litmus test \\S+: ' },
      { event: 'spawn', match: `^litmus ${PROC} starts$` },
      { event: 'reader-begin', match: `^litmus ${PROC}: rcu_read_lock\\(\\)$` },
      { event: 'reader-end', match: `^litmus ${PROC}: rcu_read_unlock\\(\\)$` },
      { event: 'gp-begin', match: `^litmus ${PROC}: synchronize_rcu\\(\\) begins its grace period$` },
      { event: 'gp-end', match: `^litmus ${PROC}: synchronize_rcu\\(\\) returns$` },
      { event: 'barrier-begin', match: `^litmus ${PROC}: rcu_barrier\\(\\) begins$` },
      { event: 'barrier-end', match: `^litmus ${PROC}: rcu_barrier\\(\\) returns$` },
    ],
  };
  return { log, pattern };
}
