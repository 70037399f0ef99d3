// The kernel's own RCU on the timeline, beyond its grace periods and preempted readers
// (timeline.ts): each CPU's quiescent state (`cpuqs`) on a quiescent-state lane per flavour, the
// report that completed each grace period (linked from it), each preempted reader's
// rcu_read_unlock() on the reader's lane, and callbacks from call_rcu() to their invocation on a
// lane per queueing CPU. Callbacks can be tens of thousands: they are plain bars, so the level of
// detail (lod.ts) draws a dense lane per pixel column, not per callback; their tooltip texts are
// one note per function.

import type { Analysis, KernelGracePeriod, KernelPreemptedReader } from '../model';
import { ItemFlag, ItemKind, LinkKind, type LaneRole, type ProtoItem, type Scope } from './timeline';

interface Builder {
  at: (line: number, time: number | null) => { x: number; approx: boolean };
  laneFor: (name: string, role: LaneRole) => number;
  push: (p: Omit<ProtoItem, 'ref' | 'note'> & { ref?: number; note?: number }) => number;
  noteOf: (text: string) => number;
  /** The lane of an item already pushed. */
  laneOf: (item: number) => number;
  links: { from: number; to: number; kind: number }[];
}

function gpName(g: KernelGracePeriod): string {
  return `${g.expedited ? 'expedited ' : ''}grace period ${g.gpSeq ?? '?'} (${g.flavour})`;
}

export function kernelTimelineItems(
  a: Analysis, scope: Scope, kgps: readonly { g: KernelGracePeriod; i: number }[],
  readerItems: ReadonlyMap<KernelPreemptedReader, number>, gpItems: ReadonlyMap<number, number>, b: Builder,
): void {
  const { at, laneFor, push, noteOf, links, laneOf } = b;
  for (const { g, i } of kgps) {
    if (!g.cpuQs.length && !g.lastReport) continue;
    const lane = laneFor(`${g.flavour} quiescent states`, 'kernel');
    for (const q of g.cpuQs) {
      const p = at(q.line, q.time);
      push({
        start: p.x, end: p.x, line: q.line, endLine: q.line, lane, kind: ItemKind.KernelQs, flags: p.approx ? ItemFlag.Approx : 0, ref: q.cpu,
        note: noteOf(`CPU ${q.cpu} passed through a quiescent state (rcu_grace_period cpuqs) for ${gpName(g)}`),
      });
    }
    const l = g.lastReport;
    if (l) {
      const p = at(l.line, l.time);
      const who = l.kind === 'task'
        ? `the preempted reader ${l.task ?? ''}${l.pid !== null ? ` (pid ${l.pid})` : ''} leaving its read-side critical section`
        : l.kind === 'fqs' ? `CPU ${l.cpus.join(', ')}, through a force-quiescent-state scan (idle or offline)` : `CPU ${l.cpus.join(', ')}`;
      const qi = push({
        start: p.x, end: p.x, line: l.line, endLine: l.line, lane, kind: ItemKind.KernelQsLast, flags: p.approx ? ItemFlag.Approx : 0,
        ref: l.cpus[0] ?? -1, note: noteOf(`last quiescent state of ${gpName(g)}: ${who}; the grace period could end`),
      });
      const gi = gpItems.get(i);
      if (gi !== undefined) links.push({ from: gi, to: qi, kind: LinkKind.LastQs });
    }
  }
  for (const [r, ri] of readerItems) {
    if (r.endLine === null) continue;
    const p = at(r.endLine, r.endTime);
    const held = r.blocked !== null ? `; ${gpName(a.kernel.gracePeriods[r.blocked]!)} no longer waited for it` : '';
    push({
      start: p.x, end: p.x, line: r.endLine, endLine: r.endLine, lane: laneOf(ri), kind: ItemKind.KernelUnlock, flags: p.approx ? ItemFlag.Approx : 0,
      ref: r.pid, note: noteOf(`${r.task ?? 'pid'} (pid ${r.pid}) left its read-side critical section (rcu_unlock_preempted_task)${held}`),
    });
  }
  const spans = a.kernel.callbacks.spans ?? [];
  const funcNote = new Map<string, number>();
  for (const c of spans) {
    if (c.boot !== scope.boot || !scope.covers(c.queueLine)) continue;
    const s = at(c.queueLine, c.queueTime), e = at(c.invokeLine, c.invokeTime);
    let note = funcNote.get(c.func);
    if (note === undefined) { note = noteOf(`${c.func}: queued by call_rcu() (rcu_callback), invoked after a grace period (rcu_invoke_callback)`); funcNote.set(c.func, note); }
    push({
      start: s.x, end: Math.max(s.x, e.x), line: c.queueLine, endLine: c.invokeLine, lane: laneFor(`callbacks CPU ${c.cpu}`, 'kernel'),
      kind: ItemKind.Callback, flags: s.approx || e.approx ? ItemFlag.Approx : 0, ref: c.invokeCpu, note,
    });
  }
}
