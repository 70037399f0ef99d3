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
import { CompletingGps, kernelWork } from './collector';
import { FirstAbove, lowerBound, upperBound } from '../firstAbove';
import { wordsOf } from '../explain/words';

function pidOf(run: Run, task: string): number | null {
  const t = run.tasks.find((x) => x.name === task);
  const m = t?.caller ? /^pid:(\d+)$/.exec(t.caller) : null;
  return m ? Number(m[1]) : null;
}

/** Items' indexes grouped by a key, each group in line order, with their lines. */
function groups<T>(items: readonly T[], key: (x: T) => string | null, line: (x: T) => number): Map<string, { idx: number[]; lines: number[] }> {
  const m = new Map<string, { idx: number[]; lines: number[] }>();
  items.forEach((x, i) => {
    const k = key(x);
    if (k === null) return;
    let g = m.get(k);
    if (!g) { g = { idx: [], lines: [] }; m.set(k, g); }
    g.idx.push(i); g.lines.push(line(x));
  });
  for (const g of m.values()) {
    // Usually in line order already (a kprobed rcu_gp_init() after a spurious one takes its place).
    if (g.lines.every((l, j) => j === 0 || g.lines[j - 1]! <= l)) continue;
    const order = g.idx.map((_, j) => j).sort((p, q) => g.lines[p]! - g.lines[q]! || g.idx[p]! - g.idx[q]!);
    const idx = order.map((j) => g.idx[j]!), lines = order.map((j) => g.lines[j]!);
    g.idx = idx; g.lines = lines;
  }
  return m;
}

/**
 * The searches per scenario grace period and reader go through indexes built once (by boot, by
 * task, by line) rather than a scan of every kernel grace period, call and preemption each: a
 * trace of 12,000 runs took minutes that way. Same answers as the scans (harden-kernel.test.ts).
 */
export function linkRuns(runs: Run[], k: KernelRcu): void {
  if (k.gracePeriods.length === 0 && k.preemptedReaders.length === 0 && k.syncs.length === 0) return;
  const gps = k.gracePeriods;
  const completing = new CompletingGps(gps);
  // synchronize_rcu() calls by boot (any caller) and by boot and pid, in line order.
  const isSync = (s: KernelRcu['syncs'][number]) => s.fn === 'synchronize_rcu' || s.fn === 'synchronize_rcu_expedited';
  const syncsByBoot = groups(k.syncs, (s) => isSync(s) ? `${s.boot}` : null, (s) => s.entryLine);
  const syncsByPid = groups(k.syncs, (s) => isSync(s) ? `${s.boot}|${s.pid}` : null, (s) => s.entryLine);
  // Grace periods with both ends, by boot, in start order, with a tree of their ends.
  const spans = groups(gps, (g) => g.startLine !== null && g.endLine !== null ? `${g.boot}` : null, (g) => g.startLine!);
  const spanEnds = new Map([...spans].map(([b, s]) => [b, new FirstAbove(s.idx.map((i) => gps[i]!.endLine!))]));
  const preempted = groups(k.preemptedReaders, (p) => `${p.boot}|${p.pid}`, (p) => p.startLine);
  for (const run of runs) {
    const updaterPid = run.updater ? pidOf(run, run.updater.task) : null;
    for (const gp of run.gracePeriods) {
      if (gp.beginLine === null) continue;
      const to = gp.endLine;
      // The first call after the line before it (and before the line after it returned).
      const cands = updaterPid === null ? syncsByBoot.get(`${run.boot}`) : syncsByPid.get(`${run.boot}|${updaterPid}`);
      const at = cands ? upperBound(cands.lines, gp.beginLine) : 0;
      kernelWork.steps++;
      const sync = cands && at < cands.idx.length && (to === null || cands.lines[at]! < to) ? cands.idx[at]! : -1;
      const from = sync >= 0 ? k.syncs[sync]!.entryLine : gp.beginLine;
      const until = sync >= 0 ? k.syncs[sync]!.returnLine ?? to : to;
      const done = sync >= 0 && k.syncs[sync]!.gracePeriods.length ? k.syncs[sync]!.gracePeriods : completing.find(run.boot, from, until);
      if (sync >= 0) gp.kernelSync = sync;
      gp.kernelGpIndex = done;
      gp.kernelGracePeriods = done.map((i) => gps[i]!.gpSeq);
      // What held it up: readers blocking the completing grace period, or one still in progress
      // when it was called (the call then waits for that one to end before its own can start).
      const last = done.length ? gps[done[done.length - 1]!]! : null;
      const readers = new Set<number>();
      for (const i of done) for (const r of gps[i]!.readers) readers.add(r);
      const sp = spans.get(`${run.boot}`);
      if (sp) {
        // Those in progress at the call: started at or before it, ended after it.
        const ends = spanEnds.get(`${run.boot}`)!;
        const stop = upperBound(sp.lines, from);
        for (let j = ends.find(0, stop, from); j >= 0; j = ends.find(j + 1, stop, from)) {
          kernelWork.steps++;
          const g = gps[sp.idx[j]!]!;
          if (last ? g.endLine! <= last.endLine! : until === null || g.endLine! < until) for (const r of g.readers) readers.add(r);
        }
      }
      gp.kernelReaders = [...readers].sort((a, b) => a - b);
    }
    const work = wordsOf(null, run).work;
    const workBegin = work ? run.updater?.steps.find((s) => s.kind === work.begin) ?? null : null;
    for (const rd of run.readers) {
      const pid = pidOf(run, rd.task);
      const first = rd.pathLine ?? rd.beginLine;
      if (pid !== null && first !== null) {
        const last = rd.endLine ?? run.endLine;
        const p = preempted.get(`${run.boot}|${pid}`);
        rd.kernelPreempted = p ? p.idx.slice(lowerBound(p.lines, first), upperBound(p.lines, last)) : [];
      }
      if (workBegin && first !== null && first < workBegin.line && gps.length) {
        const sep: number[] = [];
        const sp = spans.get(`${run.boot}`);
        if (sp) {
          // Started after the reader's first line and before the work (so only those can have ended before it).
          for (let j = upperBound(sp.lines, first); j < sp.idx.length && sp.lines[j]! < workBegin.line; j++) {
            kernelWork.steps++;
            if (gps[sp.idx[j]!]!.endLine! < workBegin.line) sep.push(sp.idx[j]!);
          }
          sep.sort((a, b) => a - b);
        }
        rd.kernelGpsBeforeMaint = sep;
      }
    }
  }
}
