// What RCU tracepoints say about the kernel's own grace periods: counts per tracepoint, and
// each grace period's start and end (rcu_grace_period "start" / "end" by gp_seq).

import type { TraceGracePeriod, TraceSummary } from './model';
import type { Head } from './formats/head';

export class TraceCollector {
  private readonly counts: Record<string, number> = {};
  private readonly gps: TraceGracePeriod[] = [];
  private readonly open = new Map<string, TraceGracePeriod>();
  private queued = 0;
  private invoked = 0;

  add(h: Head, b: Uint8Array, line: number, boot: number, dec: TextDecoder): void {
    const event = dec.decode(b.subarray(h.eventStart, h.eventEnd));
    this.counts[event] = (this.counts[event] ?? 0) + 1;
    const time = Number.isNaN(h.time) ? null : h.time;
    if (event === 'rcu_callback' || event === 'rcu_kvfree_callback') this.queued++;
    else if (event === 'rcu_invoke_callback' || event === 'rcu_invoke_kvfree_callback') this.invoked++;
    else if (event === 'rcu_grace_period') {
      // TP_printk("%s %ld %s", rcuname, gp_seq, gpevent)
      const [rcu, seq, what] = dec.decode(b.subarray(h.msgStart, h.msgEnd)).trim().split(/\s+/);
      const gpSeq = Number(seq);
      if (!rcu || !Number.isFinite(gpSeq)) return;
      const key = `${boot}:${rcu}:${gpSeq}`;
      if (what === 'start') {
        const gp: TraceGracePeriod = { rcu, gpSeq, boot, startLine: line, endLine: null, startTime: time, endTime: null };
        this.gps.push(gp);
        this.open.set(key, gp);
      } else if (what === 'end') {
        const gp = this.open.get(key);
        if (gp) { gp.endLine = line; gp.endTime = time; this.open.delete(key); }
        else this.gps.push({ rcu, gpSeq, boot, startLine: null, endLine: line, startTime: null, endTime: time });
      }
    }
  }

  finish(): TraceSummary {
    return { events: this.counts, gracePeriods: this.gps, callbacksQueued: this.queued, callbacksInvoked: this.invoked };
  }
}
