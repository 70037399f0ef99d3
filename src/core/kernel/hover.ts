// Hover text for a line that is an RCU tracepoint (ftrace, a console dump, a tp_printk copy) or a
// kprobe on synchronize_rcu(): its fields decoded, with their meaning, and which kernel grace
// period the line belongs to and how that one went. Pure Markdown from the model (views are thin).

import type { Analysis, KernelNumbering, KernelRcu } from '../model';
import { traceFields } from '../log/formats/traceEvents';
import { describeSeq, gpOfEndValue, nextGp, seqState } from './gpSeq';
import { fmtS, gpName, gpSentence, readerSentence } from './describe';

/** rcu_grace_period's events, as include/trace/events/rcu.h documents them. */
const GP_EVENT_MEANING: Record<string, string> = {
  AccReadyCB: 'this CPU accelerated new callbacks to RCU_NEXT_READY_TAIL (they will wait for the grace period after next)',
  AccWaitCB: 'this CPU accelerated new callbacks to RCU_WAIT_TAIL: they wait for the grace period ending at this gp_seq',
  newreq: 'a new grace period was requested',
  start: 'the grace-period kthread started a grace period (rcu_gp_init)',
  cpustart: 'this CPU noticed the start of the grace period',
  cpuqs: 'this CPU passed through a quiescent state for the grace period (a context switch, idle, user mode)',
  cpuonl: 'this CPU came online',
  cpuofl: 'this CPU went offline',
  'cpuofl-bgp': 'this CPU went offline while blocking a grace period',
  reqwait: 'the grace-period kthread sleeps, waiting for a grace-period request',
  reqwaitsig: 'the grace-period kthread was woken by a signal while waiting for a request',
  fqswait: 'the grace-period kthread waits until it is time to force quiescent states',
  fqsstart: 'the grace-period kthread starts a force-quiescent-state scan (checks idle CPUs, kicks holdouts)',
  fqsend: 'the force-quiescent-state scan is done',
  fqswaitsig: 'the grace-period kthread was woken by a signal in its FQS wait',
  end: 'the grace period ended (rcu_gp_cleanup): every CPU and blocked reader it waited for has reported',
  cpuend: 'this CPU noticed the end of the grace period',
};

/** Escape text that holds log-derived names (task comms, function names) for Markdown. */
function esc(t: string): string {
  return t.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

const KPROBE = /\((?:([A-Za-z0-9_.]+)\+0x[0-9a-f]+\/0x[0-9a-f]+|(\S+) <- ([A-Za-z0-9_.]+))\)/;

function bitsText(mask: number, base: number | null): string {
  const out: number[] = [];
  for (let i = 0; i < 64 && mask > 0; i++) { if (mask % 2 === 1) out.push(i); mask = Math.floor(mask / 2); }
  if (!out.length) return 'none';
  return out.map((b) => (base !== null ? `CPU ${base + b}` : `bit ${b}`)).join(', ');
}

function gpByLine(k: KernelRcu, line: number): number {
  return k.gracePeriods.findIndex((g) => g.startLine === line || g.endLine === line);
}

function findGp(k: KernelRcu, seq: number, line: number): number {
  // The one with that value whose span holds the line, else any with that value.
  let any = -1;
  for (let i = 0; i < k.gracePeriods.length; i++) {
    const g = k.gracePeriods[i]!;
    if (g.gpSeq !== seq || g.expedited) continue;
    if ((g.startLine === null || g.startLine <= line) && (g.endLine === null || g.endLine + 200 >= line)) return i;
    if (any < 0) any = i;
  }
  return any;
}

/** How the grace periods of the boot holding `line` are numbered (a gp_seq unless the model says). */
function numberingAt(a: Analysis, line: number): KernelNumbering {
  const boot = a.boots.find((b) => b.startLine <= line && line <= b.endLine)?.index ?? 0;
  return a.kernel.numbering?.find((n) => n.boot === boot)
    ?? { boot, kind: 'gp_seq', basis: 'assumed', why: 'gp_seq assumed', line: null };
}

/** A sentence about a grace-period number, decoded as the boot's kernel numbers them. */
function describeNumber(seq: number, n: KernelNumbering): string {
  const how = n.basis === 'format' ? '' : n.basis === 'values' ? ` (read as such because ${n.why})` : ` (${n.why}: which kernel printed it cannot be told from this trace)`;
  if (n.kind === 'gpnum') return `gpnum ${seq}: grace period number ${seq}, a plain counter with no state bits, as Linux before 4.19 numbers grace periods${how}.`;
  return `${describeSeq(seq)}${how}.`;
}

/** Markdown for a tracepoint or kprobe line of `a`, or null when the text is neither. */
export function kernelLineHover(a: Analysis, line: number, text: string, lineRef: (line: number, label?: string) => string = (l) => `line ${l}`): string | null {
  const k = a.kernel;
  if (!k) return null;
  const m = /(?:^|\s)(rcu_[a-z_]+): (.*)$/.exec(text.length > 2000 ? text.slice(0, 2000) : text);
  const out: string[] = [];
  const gpLine = (i: number) => {
    const g = k.gracePeriods[i]!;
    const where = [g.startLine !== null ? lineRef(g.startLine, `start ${g.startLine}`) : null, g.endLine !== null ? lineRef(g.endLine, `end ${g.endLine}`) : null].filter(Boolean).join(', ');
    return `This line belongs to **${esc(gpName(g))}** (${where}): ${esc(gpSentence(g, k))}.`;
  };
  if (m) {
    const event = m[1]!;
    const f = traceFields(event, m[2]!);
    const unread = k.unread?.find((u) => u.event === event);
    const fields = Object.entries(f).map(([n, v]) => `\`${n}=${String(v).slice(0, 60).replace(/`/g, "'")}\``).join(' ');
    out.push(`**RCU tracepoint \`${event}\`** — ${fields || (unread ? `not understood: ${unread.reason}; this line is counted (${unread.count} such line${unread.count > 1 ? 's' : ''}) and not used` : 'fields not recognised')}`);
    const seq = typeof f.gp_seq === 'number' ? f.gp_seq : typeof f.gpseq === 'number' ? f.gpseq : null;
    const num = numberingAt(a, line);
    const gpnum = num.kind === 'gpnum';
    if (seq !== null && event !== 'rcu_exp_grace_period') out.push(describeNumber(seq, num));
    let g = -1;
    switch (event) {
      case 'rcu_grace_period':
        out.push(`\`${String(f.gpevent).replace(/`/g, "'")}\`: ${Object.prototype.hasOwnProperty.call(GP_EVENT_MEANING, String(f.gpevent)) ? GP_EVENT_MEANING[String(f.gpevent)] : 'a grace-period event'}.`);
        g = gpByLine(k, line);
        if (g < 0 && seq !== null) {
          g = gpnum ? findGp(k, seq, line)
            : f.gpevent === 'AccWaitCB' || f.gpevent === 'AccReadyCB' ? findGp(k, gpOfEndValue(seq), line) : findGp(k, seqState(seq) ? seq : nextGp(seq), line);
        }
        break;
      case 'rcu_quiescent_state_report': {
        const base = typeof f.grplo === 'number' ? f.grplo : null;
        out.push(f.rcuname === 'preempt_rcu'
          ? 'A task preempted inside its read-side critical section left it (rcu_read_unlock()), reporting the quiescent state its rcu_node was waiting for.'
          : `Quiescent state reported for ${bitsText(Number(f.mask), base)} at level ${String(f.level)} (CPUs ${String(f.grplo)}–${String(f.grphi)}); still waiting for: ${bitsText(Number(f.qsmask), base)}.`);
        out.push(f.gp_tasks ? 'Tasks preempted inside a read-side critical section still block this grace period (`gp_tasks`=1): it cannot end until they leave.' : 'No preempted reader blocks this grace period at this node (`gp_tasks`=0).');
        if (seq !== null) g = findGp(k, seq, line);
        break;
      }
      case 'rcu_grace_period_init':
        out.push(`rcu_gp_init(): the rcu_node at level ${String(f.level)} covering CPUs ${String(f.grplo)}–${String(f.grphi)} must see quiescent states from ${bitsText(Number(f.qsmask), Number(f.grplo))}.`);
        if (seq !== null) g = findGp(k, seq, line);
        break;
      case 'rcu_fqs':
        out.push(`A force-quiescent-state scan found CPU ${String(f.cpu)} quiescent (\`${String(f.qsevent).replace(/`/g, "'")}\`: ${f.qsevent === 'dti' ? 'it was in dyntick-idle' : f.qsevent === 'kick' ? 'it was kicked for being slow' : f.qsevent === 'ofl' ? 'it is offline' : 'see rcu.h'}) and reported on its behalf.`);
        if (seq !== null) g = findGp(k, seq, line);
        break;
      case 'rcu_preempt_task':
      case 'rcu_unlock_preempted_task': {
        const pid = typeof f.pid === 'number' ? f.pid : -1;
        if (String(f.rcuname).endsWith('-GPS')) {
          out.push(`rcu_gp_init(): the grace period starting now must wait for task pid ${pid}, preempted inside its read-side critical section (gp_seq is the node's value before the start).`);
          if (seq !== null) g = findGp(k, nextGp(seq), line);
        } else {
          out.push(event === 'rcu_preempt_task'
            ? `Task pid ${pid} was preempted inside rcu_read_lock(): ${gpnum ? `it blocks grace period ${seq ?? '?'} (the one in progress if its CPU had not yet reported for it, else the next), if it is still inside when that one starts` : seq !== null && seqState(seq) ? 'its CPU had not yet reported for the grace period in progress, so it blocks that one' : 'it blocks the next grace period (rcu_seq_snap of the node\'s gp_seq), if it is still inside when that one starts'}.`
            : `Task pid ${pid} left the read-side critical section it was preempted in (rcu_read_unlock()).`);
          const r = k.preemptedReaders.findIndex((x) => x.pid === pid && (x.startLine === line || x.endLine === line));
          if (r >= 0) {
            const rd = k.preemptedReaders[r]!;
            out.push(`${esc(readerSentence(rd, k))} (${lineRef(rd.startLine)}${rd.endLine !== null ? ` → ${lineRef(rd.endLine)}` : ''}).`);
            if (rd.blocked !== null) g = rd.blocked;
          }
        }
        break;
      }
      case 'rcu_callback': case 'rcu_kvfree_callback':
        out.push(`A callback (${esc(String(f.func ?? `kvfree, offset ${String(f.offset)}`))}) was queued (call_rcu()/kfree_rcu()); ${String(f.qlen)} callbacks now queued on this CPU. It may run only after a full grace period that starts after now.`);
        break;
      case 'rcu_invoke_callback': case 'rcu_invoke_kvfree_callback':
        out.push(`A callback (${esc(String(f.func ?? `kvfree, offset ${String(f.offset)}`))}) was invoked: a full grace period has passed since it was queued.`);
        break;
      case 'rcu_batch_end':
        out.push(`rcu_do_batch() invoked ${String(f.callbacks_invoked)} callbacks.`);
        break;
      case 'rcu_sr_normal': {
        const s = k.syncs.findIndex((x) => x.via === 'tracepoint' && (x.entryLine === line || x.returnLine === line));
        if (s >= 0) out.push(...syncLines(k, k.syncs[s]!, line, lineRef, 'rcu_sr_normal'));
        else out.push(`synchronize_rcu() ${f.srevent === 'request' ? 'was called' : 'returns'} (its normal, non-expedited path).`);
        break;
      }
      default:
    }
    if (g < 0) g = gpByLine(k, line);
    if (g >= 0) out.push(gpLine(g));
    return out.join('\n\n');
  }
  const kp = KPROBE.exec(text.length > 2000 ? text.slice(0, 2000) : text);
  if (kp) {
    const s = k.syncs.findIndex((x) => x.entryLine === line || x.returnLine === line);
    if (s < 0) {
      const fn = kp[1] ?? kp[3]!;
      if (fn === 'rcu_gp_init' || fn === 'rcu_gp_cleanup') {
        const g = gpByLine(k, line);
        return `**kprobe on \`${fn}()\`** — the grace-period kthread ${fn === 'rcu_gp_init' ? 'starts' : 'ends'} a grace period.${g >= 0 ? `\n\n${gpLine(g)}` : ''}`;
      }
      return null;
    }
    return syncLines(k, k.syncs[s]!, line, lineRef, 'kprobe').join('\n\n');
  }
  return null;
}

/** A synchronize_rcu()-like call seen on this line: when, and which grace period completed it. */
function syncLines(k: KernelRcu, sync: KernelRcu['syncs'][number], line: number, lineRef: (line: number, label?: string) => string, by: string): string[] {
  const gps = sync.gracePeriods.map((i) => `**${esc(gpName(k.gracePeriods[i]!))}** (${fmtS(k.gracePeriods[i]!.startTime)} → ${fmtS(k.gracePeriods[i]!.endTime)})`);
  const wait = sync.returnTime !== null && sync.entryTime !== null ? `, waited ${(sync.returnTime - sync.entryTime).toFixed(3)} s` : '';
  const out = [`**${by}: \`${sync.fn}()\` ${sync.entryLine === line ? 'called' : 'returned'}** by ${sync.task ?? 'task'} (pid ${sync.pid}) — called ${lineRef(sync.entryLine)}, ${sync.returnLine !== null ? `returned ${lineRef(sync.returnLine)}` : 'no return in the trace'}${wait}.`];
  out.push(gps.length ? `Completed by ${gps.join(', ')}: the first grace period to start after the call.` : 'No grace period in the trace started after the call and ended before its return.');
  if (sync.gracePeriods.length) out.push(esc(gpSentence(k.gracePeriods[sync.gracePeriods[0]!]!, k)) + '.');
  return out;
}
