// Links the scenario's runs to the kernel's RCU: each synchronize_rcu() of a run (its
// GracePeriod, from the line before the call to the line after its return) to the kernel grace
// period that completed it and the preempted readers that held it up; each scenario reader to its
// task's preemptions; and, for readers open when the updater's labelled work began (the seed's),
// the kernel grace periods that separated them from it (none: the work ran while the reader could
// still see the old data).
//
// The call is found from kprobes on synchronize_rcu entry/return (or, 6.9+, its rcu_sr_normal
// tracepoint) by the updater's task when the trace has them, else from the scenario's own lines around it (the seed prints a line just
// before the call and one just after it returns).

import type { KernelRcu, Run } from '../model';
import { completingGps } from './collector';
import { wordsOf } from '../explain/words';

function pidOf(run: Run, task: string): number | null {
  const t = run.tasks.find((x) => x.name === task);
  const m = t?.caller ? /^pid:(\d+)$/.exec(t.caller) : null;
  return m ? Number(m[1]) : null;
}

export function linkRuns(runs: Run[], k: KernelRcu): void {
  if (k.gracePeriods.length === 0 && k.preemptedReaders.length === 0 && k.syncs.length === 0) return;
  const gps = k.gracePeriods;
  for (const run of runs) {
    const updaterPid = run.updater ? pidOf(run, run.updater.task) : null;
    for (const gp of run.gracePeriods) {
      if (gp.beginLine === null) continue;
      const to = gp.endLine;
      const sync = k.syncs.findIndex((s) =>
        s.boot === run.boot && s.entryLine > gp.beginLine! && (to === null || s.entryLine < to) &&
        (s.fn === 'synchronize_rcu' || s.fn === 'synchronize_rcu_expedited') &&
        (updaterPid === null || s.pid === updaterPid));
      const from = sync >= 0 ? k.syncs[sync]!.entryLine : gp.beginLine;
      const until = sync >= 0 ? k.syncs[sync]!.returnLine ?? to : to;
      const done = sync >= 0 && k.syncs[sync]!.gracePeriods.length ? k.syncs[sync]!.gracePeriods : completingGps(gps, run.boot, from, until);
      if (sync >= 0) gp.kernelSync = sync;
      gp.kernelGpIndex = done;
      gp.kernelGracePeriods = done.map((i) => gps[i]!.gpSeq);
      // What held it up: readers blocking the completing grace period, or one still in progress
      // when it was called (the call then waits for that one to end before its own can start).
      const last = done.length ? gps[done[done.length - 1]!]! : null;
      const readers = new Set<number>();
      gps.forEach((g, i) => {
        const inProgress = g.boot === run.boot && g.startLine !== null && g.startLine <= from && g.endLine !== null && g.endLine > from &&
          (last ? g.endLine <= last.endLine! : until === null || g.endLine < until);
        if (done.includes(i) || inProgress) for (const r of g.readers) readers.add(r);
      });
      gp.kernelReaders = [...readers].sort((a, b) => a - b);
    }
    const work = wordsOf(null, run).work;
    const workBegin = work ? run.updater?.steps.find((s) => s.kind === work.begin) ?? null : null;
    for (const rd of run.readers) {
      const pid = pidOf(run, rd.task);
      const first = rd.pathLine ?? rd.beginLine;
      if (pid !== null && first !== null) {
        const last = rd.endLine ?? run.endLine;
        const mine: number[] = [];
        k.preemptedReaders.forEach((p, i) => { if (p.boot === run.boot && p.pid === pid && p.startLine >= first && p.startLine <= last) mine.push(i); });
        rd.kernelPreempted = mine;
      }
      if (workBegin && first !== null && first < workBegin.line && gps.length) {
        const sep: number[] = [];
        gps.forEach((g, i) => {
          if (g.boot === run.boot && g.startLine !== null && g.endLine !== null && g.startLine > first && g.endLine < workBegin.line) sep.push(i);
        });
        rd.kernelGpsBeforeMaint = sep;
      }
    }
  }
}
