// What RCU tracepoints say, counted: events per tracepoint and callbacks queued/invoked. The
// kernel's grace periods, readers and callbacks themselves are in kernel/ (Analysis.kernel).

import type { TraceSummary } from '../model';

export class TraceCollector {
  private readonly counts: Record<string, number> = {};
  private queued = 0;
  private invoked = 0;

  /** One RCU tracepoint line, by its event name. */
  count(event: string): void {
    this.counts[event] = (this.counts[event] ?? 0) + 1;
    if (event === 'rcu_callback' || event === 'rcu_kvfree_callback') this.queued++;
    else if (event === 'rcu_invoke_callback' || event === 'rcu_invoke_kvfree_callback') this.invoked++;
  }

  /** n more lines of an event already counted once, that is not a callback's. */
  countMany(event: string, n: number): void {
    this.counts[event] = (this.counts[event] ?? 0) + n;
  }

  finish(): TraceSummary {
    return { events: this.counts, callbacksQueued: this.queued, callbacksInvoked: this.invoked };
  }
}
