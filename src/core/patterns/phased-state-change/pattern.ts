// The seed, Paul McKenney's phased state change, declared as pattern data (patterns/schema.ts):
// its messages in RCU's words, its phases normal → gp1 → maint → gp2 as spans between its own
// events, and its own rule, "a quick-path reader must not overlap do_maint()".
//
// The declaration drives the seed's analysis: phases.ts lays these phases over each run and
// checks.ts checks this rule (runs.ts keeps the seed's task attribution, which the generic engine
// does not do). Each event's `id` is the seed's event kind (model.ts EventKind), so the phases and
// the rule find their lines among a run's updater steps under any seed profile; the messages are
// the seed module's (../shared/seed/phased-state-change-example.md), the same as profile.ts's
// PHASED_STATE_CHANGE (a test holds the two together).
//
// RCU's view of the module: `hit cco` is printed before rcu_read_lock() (`inside: false`), the path
// line is the first line printed inside and labels the section quick or careful; `hit do_maint`
// is the return of synchronize_rcu() #1 and the start of the labelled work do_maint(), `end
// do_maint` its end and the call of synchronize_rcu() #2.

import type { Pattern } from '../schema';

export const PHASED_STATE_CHANGE_PATTERN: Pattern = {
  schema: 'rcu-lens-pattern/1',
  name: 'phased-state-change',
  description: "Paul McKenney's phased state change: readers take a quick or careful path depending on be_careful; the updater sets the flag, waits a grace period, runs do_maint(), waits another, and clears it",
  words: { reader: 'cco', updater: 'maint', object: 'object' },
  events: [
    { id: 'init', event: 'init', match: '^phased state change - init module\\b' },
    { id: 'spawn', event: 'spawn', match: '^start (?<task>\\S+)$' },
    { id: 'reader-begin', event: 'reader-begin', inside: false, match: '^hit cco$' },
    { id: 'reader-quick', event: 'reader-inside', label: 'quick', match: '^hit cco_quickly$' },
    { id: 'reader-careful', event: 'reader-inside', label: 'careful', match: '^hit cco_carefully$' },
    { id: 'reader-end-quick', event: 'reader-end', label: 'quick', match: '^end cco_quickly$' },
    { id: 'reader-end-careful', event: 'reader-end', label: 'careful', match: '^end cco_carefully$' },
    { id: 'update-begin', event: 'gp-begin', task: 'maint', match: '^hit maint$' },
    { id: 'maint-begin', event: ['gp-end', 'work-begin'], task: 'maint', label: 'do_maint', match: '^hit do_maint$' },
    { id: 'maint-end', event: ['work-end', 'gp-begin'], task: 'maint', label: 'do_maint', match: '^end do_maint$' },
    { id: 'update-end', event: 'gp-end', task: 'maint', match: '^end maint$' },
  ],
  phases: [
    { name: 'normal', label: 'normal', description: 'be_careful is clear: readers take the quick path and no maintenance runs' },
    { name: 'gp1', label: 'grace period 1', description: 'be_careful is set; the updater waits in synchronize_rcu() #1 for the readers that may still be on the quick path', from: 'update-begin', to: 'maint-begin' },
    { name: 'maint', label: 'maintenance', description: 'do_maint() runs alongside careful readers only', from: 'maint-begin', to: 'maint-end' },
    { name: 'gp2', label: 'grace period 2', description: 'maintenance is done; the updater waits in synchronize_rcu() #2 before clearing be_careful', from: 'maint-end', to: 'update-end' },
  ],
  rules: [{
    id: 'quick-during-maint',
    kind: 'must-not-overlap',
    reader: 'quick',
    work: 'do_maint',
    description: 'a quick-path reader must not overlap do_maint()',
    message: 'do_maint() began (line {workBegin}) while {reader}, on the quick path since line {readerLine}, was still in its read-side critical section (until line {readerEnd})',
    messages: {
      'inside-during': '{reader} took the quick path (line {readerLine}) while do_maint() was running (lines {workBegin}–{workEnd}): it saw be_careful == false after synchronize_rcu() #1 returned',
      'end-during': '{reader} ended its quick path (line {readerLine}) while do_maint() was running (lines {workBegin}–{workEnd}): it was inside a read-side critical section that saw be_careful == false',
    },
    related: {
      workBegin: 'do_maint() begins',
      readerInside: '{reader} takes the quick path',
      readerEnd: '{reader} leaves its read-side critical section',
      readerEndDuring: '{reader} ends its quick path, inside its read-side critical section',
    },
  }],
};
