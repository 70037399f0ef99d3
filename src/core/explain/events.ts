// What each scenario event, phase and rule means in RCU terms: the fixed text the hovers, the
// report and the timeline's tooltips share. Facts about a particular run (which readers a grace
// period waited for, how long it took) come from the Analysis, never from here.

import type { EventKind, PhaseName, RuleId, StallKind } from '../model';
import { RCU_DOCS } from './docs';

interface EventMeaning {
  /** Short title, e.g. "reader enters its critical section". */
  title: string;
  /** What the task is doing, in RCU terms (one or two sentences, Markdown). */
  meaning: string;
  /** The code of the seed module this line is printed from, when there is one. */
  code?: string;
  doc: string;
}

export const EVENT_MEANING: Record<EventKind, EventMeaning> = {
  'init': {
    title: 'module init',
    meaning: 'The module\'s init function starts the scenario. It spawns the reader and updater kthreads; it takes no part in RCU itself.',
    code: 'printk(KERN_INFO "phased state change - init module - %llu", ...);',
    doc: RCU_DOCS.whatIs,
  },
  'spawn': {
    title: 'task started',
    meaning: 'A kthread is created and woken. Its first lines follow when the scheduler runs it.',
    code: 'thread = kthread_create(fn, NULL, name); wake_up_process(thread);',
    doc: RCU_DOCS.whatIs,
  },
  'reader-begin': {
    title: 'reader enters its critical section',
    meaning: 'The reader has called `rcu_read_lock()`. From here until its `rcu_read_unlock()`, any `synchronize_rcu()` that *begins* must wait for it; one that began earlier need not.',
    code: 'rcu_read_lock();\nprintk("hit cco");',
    doc: RCU_DOCS.whatIs,
  },
  'reader-quick': {
    title: 'reader takes the quick path',
    meaning: 'Inside its critical section the reader saw `be_careful == false` and runs `cco_quickly()`. That is only safe while no maintenance can run: `do_maint()` must not start until this reader ends, which is what the updater\'s first `synchronize_rcu()` guarantees.',
    code: 'if (!READ_ONCE(be_careful)) cco_quickly();',
    doc: RCU_DOCS.whatIs,
  },
  'reader-careful': {
    title: 'reader takes the careful path',
    meaning: 'Inside its critical section the reader saw `be_careful == true` and runs `cco_carefully()`, which is safe alongside `do_maint()`. The updater\'s second `synchronize_rcu()` waits for it before clearing the flag.',
    code: 'else cco_carefully();',
    doc: RCU_DOCS.whatIs,
  },
  'reader-end-quick': {
    title: 'quick reader leaves its critical section',
    meaning: 'The quick path is done and the reader calls `rcu_read_unlock()`. A grace period that was waiting for this reader may now end.',
    code: 'printk("end cco_quickly");\nrcu_read_unlock();',
    doc: RCU_DOCS.whatIs,
  },
  'reader-end-careful': {
    title: 'careful reader leaves its critical section',
    meaning: 'The careful path is done and the reader calls `rcu_read_unlock()`. A grace period that was waiting for this reader may now end.',
    code: 'printk("end cco_carefully");\nrcu_read_unlock();',
    doc: RCU_DOCS.whatIs,
  },
  'reader-end': {
    title: 'reader leaves its critical section',
    meaning: 'The reader calls `rcu_read_unlock()` (the log does not say which path it took).',
    doc: RCU_DOCS.whatIs,
  },
  'update-begin': {
    title: 'updater sets the flag and waits for a grace period (GP 1)',
    meaning: 'The updater sets `be_careful` and calls `synchronize_rcu()`. That call returns only after every reader that was already in its critical section has left it, so none of them can still be on the quick path when maintenance starts. Readers that begin from now on see the flag and go the careful way.',
    code: 'printk("hit maint");\nWRITE_ONCE(be_careful, true);\nsynchronize_rcu();',
    doc: RCU_DOCS.whatIs,
  },
  'maint-begin': {
    title: 'grace period 1 is over; maintenance starts',
    meaning: 'The first `synchronize_rcu()` has returned: every reader that began before `hit maint` has ended. `do_maint()` now runs alongside careful readers only.',
    code: 'printk("hit do_maint");\ndo_maint();',
    doc: RCU_DOCS.whatIs,
  },
  'maint-end': {
    title: 'maintenance done; the updater waits for a grace period (GP 2)',
    meaning: '`do_maint()` has finished and the updater calls `synchronize_rcu()` again, so every reader that might have seen the maintenance in progress finishes before the flag is cleared.',
    code: 'printk("end do_maint");\nsynchronize_rcu();',
    doc: RCU_DOCS.whatIs,
  },
  'update-end': {
    title: 'grace period 2 is over; back to normal',
    meaning: 'The second `synchronize_rcu()` has returned: every reader that began before `end do_maint` has ended. The updater clears `be_careful`; new readers take the quick path again.',
    code: 'WRITE_ONCE(be_careful, false);\nprintk("end maint");',
    doc: RCU_DOCS.whatIs,
  },
};

interface PhaseMeaning {
  title: string;
  meaning: string;
}

export const PHASE_MEANING: Record<PhaseName, PhaseMeaning> = {
  normal: {
    title: 'normal',
    meaning: '`be_careful` is clear: readers take the quick path and no maintenance runs.',
  },
  gp1: {
    title: 'grace period 1',
    meaning: '`be_careful` is set and the updater is blocked in its first `synchronize_rcu()`, waiting for the readers that began before it (they may still be on the quick path). New readers go careful.',
  },
  maint: {
    title: 'maintenance',
    meaning: '`do_maint()` is running. Every reader still open began after the flag was set, so it is on the careful path.',
  },
  gp2: {
    title: 'grace period 2',
    meaning: 'Maintenance is done and the updater is blocked in its second `synchronize_rcu()`, waiting for the readers that may have overlapped `do_maint()`.',
  },
};

interface RuleMeaning {
  title: string;
  /** Why RCU (or the scenario) forbids it. */
  why: string;
  doc: string;
}

export const RULE_MEANING: Record<RuleId, RuleMeaning> = {
  'gp1-wait': {
    title: 'grace-period guarantee broken (GP 1)',
    why: '`synchronize_rcu()` must not return while a reader that began before it is still in its critical section. Here `hit do_maint` (GP 1 returned) comes while such a reader is still open.',
    doc: RCU_DOCS.requirements,
  },
  'gp2-wait': {
    title: 'grace-period guarantee broken (GP 2)',
    why: '`synchronize_rcu()` must not return while a reader that began before it is still in its critical section. Here `end maint` (GP 2 returned) comes while such a reader is still open.',
    doc: RCU_DOCS.requirements,
  },
  'quick-during-maint': {
    title: 'quick-path reader overlapped maintenance',
    why: 'A reader on the quick path assumes no maintenance runs; the first grace period exists to make sure `do_maint()` starts only after such readers are gone.',
    doc: RCU_DOCS.whatIs,
  },
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
