// What RCU's generic events, rules and stall kinds mean: the fixed text the hovers, the report and
// the timeline's tooltips share. A pattern's own words (the seed's events, phases and rules) are in
// its folder (patterns/<name>/words.ts) and reach views through explain/words.ts. Facts about a
// particular run (which readers a grace period waited for, how long it took) come from the
// Analysis, never from here.

import type { RuleId, StallKind } from '../model';
import type { SeedRuleId } from '../patterns/phased-state-change/kinds';
import type { RcuEventKind } from '../rcu/model';
import { RCU_DOCS } from './docs';
import type { EventMeaning, RuleMeaning } from './vocabulary';

/** What a pattern's event means in RCU's terms (rcu/model.ts RcuEventKind): the generic words
 * every pattern's runs get (explain/words.ts). */
export const RCU_EVENT_MEANING: Record<RcuEventKind, EventMeaning> = {
  'init': { title: 'module init', meaning: 'The module starts: a new run of its pattern.', doc: RCU_DOCS.whatIs },
  'spawn': { title: 'task started', meaning: 'A task (kthread) is started. Its first lines follow when the scheduler runs it.', doc: RCU_DOCS.whatIs },
  'reader-begin': { title: 'reader enters its critical section', meaning: 'The reader is inside `rcu_read_lock()`. Any grace period that *begins* from here until its `rcu_read_unlock()` must wait for it; one that began earlier need not.', doc: RCU_DOCS.whatIs },
  'reader-inside': { title: 'reader inside its critical section', meaning: 'A line printed inside the reader\'s critical section: it proves the reader was inside here (a begin line printed before `rcu_read_lock()` does not). Any grace period that begins from here must wait for it.', doc: RCU_DOCS.whatIs },
  'reader-holds': { title: 'reader holds an object', meaning: 'Inside its critical section the reader found the object and may use it until `rcu_read_unlock()`: it must not be freed before then.', doc: RCU_DOCS.whatIs },
  'reader-end': { title: 'reader leaves its critical section', meaning: 'The reader is about to call `rcu_read_unlock()`. A grace period that was waiting for it may now end.', doc: RCU_DOCS.whatIs },
  'reader-saw-freed': { title: 'reader saw a freed object', meaning: 'The module itself found freed (poisoned) memory inside a read-side critical section: a use after free.', doc: RCU_DOCS.whatIs },
  'publish': { title: 'object published', meaning: '`list_add_rcu()` or `rcu_assign_pointer()` made the object visible: readers that begin from here may find it.', doc: RCU_DOCS.whatIs },
  'unlink': { title: 'object unlinked', meaning: '`list_del_rcu()` or `rcu_assign_pointer()` removed the object: new readers cannot find it, but readers already inside may still hold it until a grace period has passed.', doc: RCU_DOCS.whatIs },
  'gp-begin': { title: 'synchronize_rcu() called', meaning: 'The updater waits for a grace period: the call returns only after every reader inside its critical section now has left it.', doc: RCU_DOCS.requirements },
  'gp-end': { title: 'synchronize_rcu() returned', meaning: 'A full grace period has passed: every reader that was inside when the call began has left its critical section.', doc: RCU_DOCS.requirements },
  'call-rcu': { title: 'call_rcu() queued a callback', meaning: 'The callback will run only after every reader inside its critical section now has left it.', doc: RCU_DOCS.requirements },
  'callback': { title: 'RCU callback runs', meaning: 'The `call_rcu()` callback runs (here it frees the object): a full grace period has passed since it was queued.', doc: RCU_DOCS.requirements },
  'kfree-rcu': { title: 'kfree_rcu() queued the object', meaning: 'The kernel frees the object after a grace period; no line of the log shows when.', doc: RCU_DOCS.requirements },
  'barrier-begin': { title: 'rcu_barrier() called', meaning: 'Waits until every callback queued before it has run.', doc: RCU_DOCS.requirements },
  'barrier-end': { title: 'rcu_barrier() returned', meaning: 'Every callback queued before the call has run.', doc: RCU_DOCS.requirements },
  'free': { title: 'object freed', meaning: 'The object\'s memory is no longer the object\'s: no reader may hold it any more.', doc: RCU_DOCS.whatIs },
  'work-begin': { title: 'labelled work begins', meaning: 'The updater\'s own work (the pattern names it) begins.', doc: RCU_DOCS.whatIs },
  'work-end': { title: 'labelled work ends', meaning: 'The updater\'s own work ends.', doc: RCU_DOCS.whatIs },
};

/** The rules every pattern has (a pattern's own rules are in its words: ViewWords.rules). */
export const RULE_MEANING: Record<Exclude<RuleId, SeedRuleId>, RuleMeaning> = {
  'end-without-begin': {
    title: 'end without a begin',
    why: 'An `rcu_read_unlock()` (or an updater\'s end) with nothing open to end: a lost line, a miscounted nesting, or a mismatched lock/unlock.',
    doc: RCU_DOCS.checklist,
  },
  'double-begin': {
    title: 'begin twice without an end',
    why: 'A task began a second time before ending the first: a missing end line or unbalanced begin/end.',
    doc: RCU_DOCS.checklist,
  },
  'gp-wait': {
    title: 'grace-period guarantee broken',
    why: '`synchronize_rcu()` must not return while a reader that was inside its critical section when it was called is still inside.',
    doc: RCU_DOCS.requirements,
  },
  'callback-early': {
    title: 'callback before a full grace period',
    why: 'A `call_rcu()` callback must not run while a reader that was inside its critical section when `call_rcu()` was called is still inside.',
    doc: RCU_DOCS.requirements,
  },
  'barrier-early': {
    title: 'rcu_barrier() returned early',
    why: '`rcu_barrier()` returns only after every callback queued before it has run.',
    doc: RCU_DOCS.requirements,
  },
  'use-after-free': {
    title: 'use after free',
    why: 'An object unlinked from an RCU-protected structure may be freed only after a grace period: a reader that found it before the unlink may still hold it.',
    doc: RCU_DOCS.whatIs,
  },
  'must-not-overlap': {
    title: 'a reader overlapped work it must not overlap',
    why: 'The pattern declares that readers with this label must not overlap this labelled work of its updater (its grace periods exist to keep them apart).',
    doc: RCU_DOCS.whatIs,
  },
};

/** Partial: the stalls module may learn new kinds before this table does (callers fall back to the id). */
export const STALL_KIND_MEANING: Partial<Record<StallKind, string>> = {
  'cpu-stall': 'a grace period has not completed for longer than the stall timeout; the CPUs or tasks listed have not reported a quiescent state',
  'self-detected': 'a CPU noticed that it is itself holding up the grace period (it has not passed a quiescent state)',
  'expedited': 'an expedited grace period (`synchronize_rcu_expedited()`) is held up by the CPUs or tasks listed',
  'kthread-starved': 'the grace-period kthread has not run for a long time, so grace periods cannot progress whatever the CPUs do',
  'tasks-blocked': 'preempted readers (tasks blocked in an RCU read-side critical section) are holding up the grace period',
  'timer-wakeup': 'the grace-period kthread\'s timer did not fire on time: a timer or softirq handling problem on that CPU',
  'tasks-rcu': 'a Tasks RCU grace period is held up by tasks that have not switched context voluntarily',
  'stall-ended': 'the stall ended by itself before the kernel could dump its state',
};
