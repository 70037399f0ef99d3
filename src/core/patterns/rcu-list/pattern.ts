// The built-in `rcu-list` pattern: an RCU-protected list whose readers look elements up under
// rcu_read_lock() and whose deleter unlinks an element (list_del_rcu()) and frees it after a grace
// period — synchronize_rcu() + kfree(), call_rcu() with a freeing callback + rcu_barrier(), or
// kfree_rcu() — or, the bug, without one. The messages are those of the lab's rcu_list module
// (/work/lab-out/rcu-list-MESSAGES.md; test/fixtures/SOURCES.md): every line starts `rcu_list: `.
// Written as the data a user would write (patterns/schema.ts), so it is also the worked example.

import type { Pattern } from '../schema';

export const RCU_LIST: Pattern = {
  schema: 'rcu-lens-pattern/1',
  name: 'rcu-list',
  description: 'RCU-protected list: readers look up elements under rcu_read_lock(); a deleter unlinks one and frees it after synchronize_rcu(), through call_rcu() (+ rcu_barrier()) or kfree_rcu() — or without a grace period (the bug)',
  words: { reader: 'reader', updater: 'deleter', object: 'element' },
  events: [
    { event: 'init', match: '^rcu_list: init mode=(?<label>\\S+)' },
    { event: 'spawn', match: '^rcu_list: start reader (?<n>\\d+)$', task: 'reader {n}' },
    { event: 'spawn', match: '^rcu_list: start deleter$', task: 'deleter' },
    { event: 'reader-begin', match: '^rcu_list: reader (?<n>\\d+): begin$', task: 'reader {n}' },
    { event: 'reader-holds', match: '^rcu_list: reader (?<n>\\d+): holds element (?<object>\\d+)$', task: 'reader {n}' },
    { event: 'reader-saw-freed', match: '^rcu_list: reader (?<n>\\d+): use-after-free of element (?<object>\\d+)', task: 'reader {n}' },
    { event: 'reader-end', match: '^rcu_list: reader (?<n>\\d+): end$', task: 'reader {n}' },
    { event: 'unlink', match: '^rcu_list: deleter: unlink element (?<object>\\d+)$', task: 'deleter' },
    { event: 'gp-begin', match: '^rcu_list: deleter: synchronize_rcu\\(\\) begin$', task: 'deleter' },
    { event: 'gp-end', match: '^rcu_list: deleter: synchronize_rcu\\(\\) end$', task: 'deleter' },
    { event: 'free', match: '^rcu_list: deleter: poison element (?<object>\\d+)$', task: 'deleter' },
    { event: 'free', match: '^rcu_list: deleter: kfree element (?<object>\\d+)$', task: 'deleter' },
    { event: 'call-rcu', match: '^rcu_list: deleter: call_rcu element (?<object>\\d+)$', task: 'deleter' },
    { event: 'callback', match: '^rcu_list: callback: free element (?<object>\\d+)$' },
    { event: 'kfree-rcu', match: '^rcu_list: deleter: kfree_rcu element (?<object>\\d+)$', task: 'deleter' },
    { event: 'barrier-begin', match: '^rcu_list: deleter: rcu_barrier\\(\\) begin$', task: 'deleter' },
    { event: 'barrier-end', match: '^rcu_list: deleter: rcu_barrier\\(\\) end$', task: 'deleter' },
  ],
};
