// Words about the kernel's RCU model, shared by the text report, the Markdown export, hovers and
// the timeline's notes (views stay thin: they print these).

import type { Analysis, GracePeriod, KernelGracePeriod, KernelLatency, KernelPreemptedReader, KernelRcu, Reader, Run } from '../model';
import { wordsOf } from '../explain/words';

export function fmtS(t: number | null): string {
  return t === null ? '?' : `${t.toFixed(3)} s`;
}

function fmtMs(t: number | null): string {
  if (t === null) return '?';
  return t < 1 ? `${(t * 1000).toFixed(1)} ms` : `${t.toFixed(3)} s`;
}

function pctOf(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** `grace period -883 (rcu_preempt)` / `expedited grace period 12` / `grace period (kprobes)`. */
export function gpName(g: KernelGracePeriod): string {
  const seq = g.gpSeq !== null ? ` ${g.gpSeq}` : '';
  return `${g.expedited ? 'expedited ' : ''}grace period${seq} (${g.flavour}${g.source === 'kprobe' ? ', from kprobes' : ''})`;
}

function readerName(r: KernelPreemptedReader): string {
  return `${r.task ?? 'task'} (pid ${r.pid})`;
}

/** One sentence about a preempted reader. */
export function readerSentence(r: KernelPreemptedReader, k: KernelRcu): string {
  const where = r.cpu !== null ? ` on CPU ${r.cpu}` : '';
  const span = `from ${fmtS(r.startTime)} until ${r.endLine !== null ? fmtS(r.endTime) : 'after the trace ends'}`;
  const held = r.blocked !== null
    ? `; it held up ${gpName(k.gracePeriods[r.blocked]!)}${r.blockedFor !== null ? ` for ${fmtMs(r.blockedFor)}` : ''}`
    : '; it left before the grace period it would have blocked began';
  return `${readerName(r)} preempted inside its read-side critical section${where} ${span}${held}`;
}

/** How a grace period went: span, FQS, what it waited for, who reported last. */
export function gpSentence(g: KernelGracePeriod, k: KernelRcu): string {
  const span = `${g.startLine !== null ? fmtS(g.startTime) : '(before the trace)'} → ${g.endLine !== null ? fmtS(g.endTime) : '(after the trace)'}`;
  const parts = [`${gpName(g)}: ${span}${g.duration !== null ? `, ${fmtMs(g.duration)}` : ''}`];
  if (g.cpus.length) parts.push(`waited for CPU${g.cpus.length > 1 ? 's' : ''} ${g.cpus.join(', ')}`);
  if (g.fqsRounds) parts.push(`${g.fqsRounds} force-quiescent-state scan${g.fqsRounds > 1 ? 's' : ''}${g.fqsQs ? ` (${g.fqsQs} quiescent state${g.fqsQs > 1 ? 's' : ''} found by them)` : ''}`);
  if (g.readers.length) parts.push(`held up by ${g.readers.map((i) => { const r = k.preemptedReaders[i]!; return `${readerName(r)}, preempted on CPU ${r.cpu ?? '?'} ${fmtS(r.startTime)} → ${fmtS(r.endTime)}`; }).join('; ')}`);
  const l = g.lastReport;
  if (l) {
    parts.push(l.kind === 'task'
      ? `the last quiescent state was the preempted reader ${l.task ?? ''}${l.pid !== null ? ` (pid ${l.pid})` : ''} leaving its critical section at ${fmtS(l.time)}`
      : l.kind === 'fqs'
        ? `CPU ${l.cpus.join(', ')} reported last, through a force-quiescent-state scan (idle) at ${fmtS(l.time)}`
        : `CPU ${l.cpus.join(', ')} reported its quiescent state last, at ${fmtS(l.time)}`);
  }
  return parts.join('; ');
}

/** The answer for one synchronize_rcu() of the scenario: which kernel GP completed it, what held it up. */
export function syncSentence(a: Analysis, gp: GracePeriod): string | null {
  const k = a.kernel;
  if (!gp.kernelGpIndex) return null;
  const call = gp.kernelSync !== undefined ? k.syncs[gp.kernelSync] : undefined;
  const callSpan = call ? ` (called ${fmtS(call.entryTime)}, returned ${fmtS(call.returnTime)}, ${call.via === 'tracepoint' ? 'rcu_sr_normal' : 'kprobes'})` : '';
  if (!gp.kernelGpIndex.length) return `${gp.label ?? `synchronize_rcu() #${gp.index}`}${callSpan}: no kernel grace period in the trace started after it was called and ended before it returned`;
  const g = k.gracePeriods[gp.kernelGpIndex[0]!]!;
  const span = `${fmtS(g.startTime)} → ${fmtS(g.endTime)}`;
  const rs = (gp.kernelReaders ?? []).map((i) => k.preemptedReaders[i]!);
  const held = rs.length
    ? `, which waited for ${rs.map((r) => `task ${readerName(r)}, preempted inside its read-side critical section on CPU ${r.cpu ?? '?'} from ${fmtS(r.startTime)} until ${fmtS(r.endTime)}${r.blocked !== null && r.blocked !== gp.kernelGpIndex![0] ? ` (it blocked ${gpName(k.gracePeriods[r.blocked]!)}, in progress when synchronize_rcu() was called)` : ''}`).join('; ')}`
    : '';
  return `${gp.label ?? `synchronize_rcu() #${gp.index}`}${callSpan} was completed by ${gpName(g)} (${span})${held}`;
}

/** For a scenario reader open when the updater's labelled work began (the seed's): did a kernel
 * grace period separate them? In the run's words. */
export function separationSentence(a: Analysis, rd: Reader, run?: Run): string | null {
  if (!rd.kernelGpsBeforeMaint) return null;
  const work = wordsOf(a, run).work;
  const label = work?.label ?? 'the updater\'s work';
  if (!rd.kernelGpsBeforeMaint.length) return `no kernel grace period separated ${rd.task}'s read-side critical section from ${label}: none that started after it entered ended before ${work?.beginMessage ? `\`${work.beginMessage}\`` : 'it began'}`;
  const g = a.kernel.gracePeriods[rd.kernelGpsBeforeMaint[0]!]!;
  return `${gpName(g)} (${fmtS(g.startTime)} → ${fmtS(g.endTime)}) separated ${rd.task}'s read-side critical section from ${label}`;
}

function latency(l: KernelLatency): string {
  return l.count ? `p50 ${fmtMs(l.p50)}, p90 ${fmtMs(l.p90)}, p99 ${fmtMs(l.p99)}, max ${fmtMs(l.max)} (${l.count})` : 'none paired';
}

/** The "kernel RCU" section of the reports, as plain lines. Empty when the log has no kernel trace. */
export function kernelSection(a: Analysis, maxLongest = 3): string[] {
  const k = a.kernel;
  if (!k || (k.source === 'none' && !k.preemptedReaders.length && !k.callbacks.queued && !k.callbacks.invoked && !k.syncs.length)) return [];
  const out: string[] = [];
  const gps = k.gracePeriods;
  const durs = gps.filter((g) => g.duration !== null).map((g) => g.duration!).sort((x, y) => x - y);
  const flavours = [...new Set(gps.map((g) => g.flavour))];
  if (gps.length) out.push(`grace periods: ${gps.length}${flavours.length ? ` (${flavours.join(', ')})` : ''}${k.source === 'kprobe' ? ', from kprobes on rcu_gp_init/rcu_gp_cleanup (no RCU tracepoints)' : ''}; ` +
    `${gps.filter((g) => g.expedited).length} expedited; duration p50 ${fmtMs(pctOf(durs, 0.5))}, p90 ${fmtMs(pctOf(durs, 0.9))}, p99 ${fmtMs(pctOf(durs, 0.99))}, max ${fmtMs(durs.length ? durs[durs.length - 1]! : null)}`);
  const longest = gps.map((g, i) => ({ g, i })).filter(({ g }) => g.duration !== null).sort((x, y) => y.g.duration! - x.g.duration! || x.i - y.i).slice(0, maxLongest);
  for (const { g } of longest) out.push(`  longest: ${gpSentence(g, k)} (lines ${g.startLine}–${g.endLine})`);
  const blocking = k.preemptedReaders.filter((r) => r.blocked !== null);
  if (k.preemptedReaders.length) out.push(`preempted readers: ${k.preemptedReaders.length}, ${blocking.length} of them held up a grace period`);
  for (const r of blocking.slice(0, 5)) out.push(`  ${readerSentence(r, k)} (line ${r.startLine})`);
  for (const run of a.runs) {
    for (const gp of run.gracePeriods) {
      const s = syncSentence(a, gp);
      if (s) out.push(`run ${run.id + 1}: ${s}`);
    }
    for (const rd of run.readers) {
      if (rd.kernelGpsBeforeMaint && !rd.kernelGpsBeforeMaint.length) out.push(`run ${run.id + 1}: ${separationSentence(a, rd, run)}`);
    }
  }
  const c = k.callbacks;
  if (c.queued || c.invoked) {
    out.push(`callbacks: ${c.queued} queued, ${c.invoked} invoked${c.kfreeBulk ? `, ${c.kfreeBulk} objects freed in kfree_rcu bulk` : ''}; latency queue → invoke ${latency(c.latency)}` +
      `${c.paired > c.pairedByPointer ? ' (paired by order per CPU: the trace hides pointers)' : ''}`);
    for (const p of c.perCpu) out.push(`  CPU ${p.cpu}: ${p.queued} queued, ${p.invoked} invoked; latency ${latency(p.latency)}`);
    if (c.batches.count) out.push(`  batches: ${c.batches.count}, callbacks per batch p50 ${c.batches.p50}, p90 ${c.batches.p90}, max ${c.batches.max}`);
  }
  const bySr = k.syncs.filter((s) => s.via === 'tracepoint').length;
  if (k.syncs.length > bySr) out.push(`synchronize_rcu()-like calls seen by kprobes: ${k.syncs.length - bySr}`);
  if (bySr) out.push(`synchronize_rcu() calls seen by the rcu_sr_normal tracepoint: ${bySr}`);
  for (const n of k.numbering ?? []) {
    const boot = (k.numbering?.length ?? 0) > 1 ? `boot ${n.boot + 1}: ` : '';
    out.push(`${boot}grace periods numbered by ${n.kind === 'gpnum' ? 'gpnum, a plain counter (Linux before 4.19)' : 'gp_seq, with 2 state bits (Linux 4.19 and later)'}${n.basis === 'assumed' ? ', assumed: the trace does not tell' : `: ${n.why}${n.line !== null ? ` (line ${n.line})` : ''}`}`);
  }
  for (const u of k.unread ?? []) out.push(`not understood: ${u.count} ${u.event} line${u.count > 1 ? 's' : ''} (first line ${u.firstLine}): ${u.reason}; counted, not used`);
  out.push(`stall timeout: ${k.stallTimeout} s${k.stallTimeoutFromLog ? ' (from the log)' : k.stallTimeoutGiven ? ' (given)' : ' (default)'}` +
    (k.readerBlockThreshold !== undefined ? `; preempted-reader blocking threshold: ${k.readerBlockThreshold} s` : ''));
  for (const f of k.findings.slice(0, 20)) out.push(`line ${f.line} [${f.rule}] ${f.message}`);
  return out;
}
