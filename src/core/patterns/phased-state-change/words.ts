// The phased-state-change pattern's (the seed's) words for views: what its events, phases, grace
// periods, reader paths, labelled work and rules mean, in the module's own terms (`hit cco`,
// do_maint(), be_careful). Views never name these themselves: they ask explain/words.ts for a run's
// words, which are these for the seed's runs.

import type { EventMeaning, PhaseMeaning, RuleMeaning, ViewWords } from '../../explain/vocabulary';
import { RCU_DOCS } from '../../explain/docs';
import type { SeedEventKind, SeedPhaseName, SeedRuleId } from './kinds';

/** The pattern's name (the seed profile's). */
export const SEED_PATTERN = 'phased-state-change';

const EVENTS: Record<SeedEventKind, EventMeaning> = {
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

const PHASE_MEANING: Record<SeedPhaseName, PhaseMeaning> = {
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

const RULES: Record<SeedRuleId, RuleMeaning> = {
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
};

/** The seed's rule ids (the editor's rcuLens.rules setting lists them beside the generic ones). */
export const SEED_RULE_IDS: readonly SeedRuleId[] = ['gp1-wait', 'gp2-wait', 'quick-during-maint'];

/** The declared phases, in order (their order picks the theme colours rcuLens.phase.<name>Background). */
export const SEED_PHASE_NAMES: readonly SeedPhaseName[] = ['normal', 'gp1', 'maint', 'gp2'];

export const SEED_WORDS: ViewWords = {
  pattern: SEED_PATTERN,
  reader: 'reader',
  updater: 'updater',
  object: 'object',
  phases: [
    { name: 'normal', ...PHASE_MEANING.normal, tag: 'RCU run {run} · normal' },
    { name: 'gp1', ...PHASE_MEANING.gp1, tag: 'RCU gp1 · synchronize_rcu() #1 waits for {waits}', gp: 1 },
    { name: 'maint', ...PHASE_MEANING.maint, tag: 'RCU maint · do_maint() runs; readers go careful' },
    { name: 'gp2', ...PHASE_MEANING.gp2, tag: 'RCU gp2 · synchronize_rcu() #2 waits for {waits}', gp: 2 },
  ],
  paths: [{ name: 'quick', label: 'quick path' }, { name: 'careful', label: 'careful path' }],
  work: { label: 'do_maint()', begin: 'maint-begin', end: 'maint-end', beginMessage: 'hit do_maint' },
  gps: [
    { label: 'synchronize_rcu() #1', short: 'GP1', lines: ['hit maint', 'hit do_maint'], rule: 'gp1-wait' },
    { label: 'synchronize_rcu() #2', short: 'GP2', lines: ['end do_maint', 'end maint'], rule: 'gp2-wait' },
  ],
  events: EVENTS,
  rules: RULES,
};
