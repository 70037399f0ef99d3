// The built-in `addonly-list` pattern: the add-only RCU list module of
// github.com/sbcd90/kernel-module-rcu-test (kernel-module-addonly-list/test_addonly_list.c; its real
// log is test/fixtures/corpus/dmesg-addonly-list-rcu-module-5.18-rc1.log). One reader kthread
// ("reader thread") traverses the list ten times: `start readerN`, the content of every element it
// finds (`GolkoK`), a 30 s busy wait, `end readerN`. One adder kthread ("adder thread") adds ten
// elements: `start adderN`, a 30 s busy wait, kzalloc, list_add_rcu() of `GolkoN` under a spinlock,
// `end adderN`. Nothing is ever removed or freed, so no grace period is needed (and none is
// waited for); the reader in fact never calls rcu_read_lock() (list_for_each_entry_rcu(..., true)
// silences lockdep), which is safe only because of that. The traversal is mapped as the reader's
// section, each element it prints as an object it holds, each addition as labelled work `add`
// whose end publishes the element.

import type { Pattern } from '../schema';

export const ADDONLY_LIST: Pattern = {
  schema: 'rcu-lens-pattern/1',
  name: 'addonly-list',
  description: 'Add-only RCU list: a reader kthread traverses the list; an adder kthread adds elements with list_add_rcu() under a spinlock; nothing is removed, so no grace period is needed',
  words: { reader: 'reader', updater: 'adder', object: 'element' },
  events: [
    { event: 'init', match: '^addonly list - init module$' },
    { event: 'spawn', match: '^start reader thread$', task: 'reader thread' },
    { event: 'spawn', match: '^start adder thread$', task: 'adder thread' },
    { event: 'reader-begin', match: '^start reader(?<n>\\d+)$', task: 'reader thread', label: 'pass {n}' },
    { event: 'reader-holds', match: '^Golko(?<n>\\d+)$', task: 'reader thread', object: 'Golko{n}' },
    { event: 'reader-end', match: '^end reader(?<n>\\d+)$', task: 'reader thread' },
    { id: 'add-begin', event: 'work-begin', match: '^start adder(?<n>\\d+)$', task: 'adder thread', label: 'add' },
    { id: 'add-end', event: ['publish', 'work-end'], match: '^end adder(?<n>\\d+)$', task: 'adder thread', label: 'add', object: 'Golko{n}' },
  ],
};
