// A litmus test's witness execution as a log the core reads, so the editor can show it like any
// run: one line per step, `P0: rcu_read_lock()` and so on, read through a profile made for it.
// The core's run model has one updater with up to two grace periods (the phased state change's
// shape): the first process that calls synchronize_rcu() is that updater, its first two calls
// the run's gp1 and gp2. Every process's read-side critical sections are readers. Other
// processes' grace periods stay plain lines (the log says so in its first line).

import type { Profile } from '../../patterns/profile';
import { formatDmesgLine } from '../run/dmesgOut';
import type { Program } from '../explore/program';
import { describeStep, type Execution } from '../explore/trace';

export interface WitnessLog {
  log: string;
  profile: Profile;
}

const THREAD = '(?<task>P\\d+)';

export function witnessLog(name: string, prog: Program, ex: Execution, what: string): WitnessLog {
  const updater = ex.steps.find((s) => s.kind === 'gp-start')?.thread;
  const lines: string[] = [`litmus ${name}: ${what}`];
  for (const t of prog.threads) lines.push(`start ${t.name}`);
  const syncs = new Map<number, number>(); // thread -> synchronize_rcu() calls so far
  for (const s of ex.steps) {
    let text = describeStep(prog, ex, s);
    if ((s.kind === 'gp-start' || s.kind === 'gp-end') && s.thread === updater) {
      const n = (syncs.get(s.thread) ?? 0) + (s.kind === 'gp-start' ? 1 : 0);
      syncs.set(s.thread, n);
      if (n <= 2) text = `${prog.threads[s.thread]!.name}: synchronize_rcu() #${n} ${s.kind === 'gp-start' ? 'begins' : 'returns'}`;
    }
    lines.push(text);
  }
  lines.push(`litmus ${name}: end of the execution`);
  const log = lines.map((l, i) => `${formatDmesgLine(1e6 + i * 1000, l)}\n`).join('');
  const profile: Profile = {
    name: `litmus ${name}`,
    description: 'A litmus execution written out by rcu-lens',
    patterns: [
      { kind: 'init', match: '^litmus .*: (?!end of the execution)' },
      { kind: 'spawn', match: `^start ${THREAD}$` },
      { kind: 'reader-begin', match: `^${THREAD}: rcu_read_lock\\(\\)$` },
      { kind: 'reader-end', match: `^${THREAD}: rcu_read_unlock\\(\\)$` },
      { kind: 'update-begin', match: `^${THREAD}: synchronize_rcu\\(\\) #1 begins$` },
      { kind: 'maint-begin', match: `^${THREAD}: synchronize_rcu\\(\\) #1 returns$` },
      { kind: 'maint-end', match: `^${THREAD}: synchronize_rcu\\(\\) #2 begins$` },
      { kind: 'update-end', match: `^${THREAD}: synchronize_rcu\\(\\) #2 returns$` },
    ],
    updaters: updater === undefined ? [] : [prog.threads[updater]!.name],
    initTask: 'litmus',
    updaterTask: updater === undefined ? 'none' : prog.threads[updater]!.name,
    readerPrefix: 'P',
    readerBeginInside: true,
  };
  return { log, profile };
}
