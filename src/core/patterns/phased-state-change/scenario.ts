// The phased-state-change pattern's scenario: the seed kernel module test_phased_state_change
// (../shared/seed/phased-state-change-example.md), step for step, with its exact messages and
// timings. Order matters and follows the C source: `hit cco` is printed before rcu_read_lock(),
// `start cco1` between kthread_create() and wake_up_process(), `hit maint` before the flag is set.

import type { Scenario } from '../../sim/scenario/scenario';

/** The seed log's first module line: `[   99.566511] phased state change - init module`. */
export const SEED_BOOT_TIME = 99.566511;

export const SEED_SCENARIO: Scenario = {
  name: 'phased-state-change',
  description: "The seed module: Paul McKenney's phased state change with two readers (cco1, cco2) and one updater (maint)",
  vars: { be_careful: 0 },
  tasks: [{ name: 'init', fn: 'test_phased_state_change_init' }],
  functions: {
    test_phased_state_change_init: [
      { op: 'print', text: 'phased state change - init module' },
      { op: 'print', text: 'start cco1' },
      { op: 'spawn', task: 'cco1', fn: 'cco' },
      { op: 'sleep', seconds: 30 },
      { op: 'print', text: 'start maint' },
      { op: 'spawn', task: 'maint', fn: 'maint' },
      { op: 'sleep', seconds: 60 },
      { op: 'print', text: 'start cco2' },
      { op: 'spawn', task: 'cco2', fn: 'cco' },
    ],
    cco: [
      { op: 'print', text: 'hit cco' },
      { op: 'rcu_read_lock' },
      {
        op: 'if', cond: { read: 'be_careful' },
        then: [{ op: 'print', text: 'hit cco_carefully' }, { op: 'call', fn: 'cco_carefully' }],
        else: [{ op: 'print', text: 'hit cco_quickly' }, { op: 'call', fn: 'cco_quickly' }],
      },
      { op: 'rcu_read_unlock' },
    ],
    cco_carefully: [{ op: 'busy', seconds: 60 }, { op: 'print', text: 'end cco_carefully' }],
    cco_quickly: [{ op: 'busy', seconds: 60 }, { op: 'print', text: 'end cco_quickly' }],
    maint: [
      { op: 'print', text: 'hit maint' },
      { op: 'write', var: 'be_careful', value: 1 },
      { op: 'synchronize_rcu' },
      { op: 'print', text: 'hit do_maint' },
      { op: 'call', fn: 'do_maint' },
      { op: 'synchronize_rcu' },
      { op: 'write', var: 'be_careful', value: 0 },
      { op: 'print', text: 'end maint' },
    ],
    do_maint: [{ op: 'sleep', seconds: 60 }, { op: 'print', text: 'end do_maint' }],
  },
  timing: { bootTime: SEED_BOOT_TIME, cpus: 4, gpLatency: 0.032, printCost: 1e-6 },
  // The pattern's own rule, as the explorer asks it: no quick-path reader during the update work.
  invariant: { says: 'no call of cco_quickly overlaps a call of do_maint', apart: ['do_maint', 'cco_quickly'] },
};

/**
 * The seed module with n readers instead of two: cco1..ccoN, the first half started before maint
 * (as cco1 is), the rest after it (as cco2 is), 30 s apart. n = 2 is the seed itself.
 */
export function seedWithReaders(n: number): Scenario {
  if (n === 2) return SEED_SCENARIO;
  const before = Math.ceil(n / 2);
  const init: Scenario['functions'][string] = [{ op: 'print', text: 'phased state change - init module' }];
  const start = (name: string, fn: string): void => {
    init.push({ op: 'print', text: `start ${name}` }, { op: 'spawn', task: name, fn }, { op: 'sleep', seconds: 30 });
  };
  for (let i = 1; i <= before; i++) start(`cco${i}`, 'cco');
  start('maint', 'maint');
  for (let i = before + 1; i <= n; i++) start(`cco${i}`, 'cco');
  init.pop(); // no sleep after the last start
  return {
    ...SEED_SCENARIO,
    description: `The seed module with ${n} reader${n === 1 ? '' : 's'} (cco1..cco${n}) and one updater (maint)`,
    functions: { ...SEED_SCENARIO.functions, test_phased_state_change_init: init },
  };
}
