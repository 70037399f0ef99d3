// Stall headers for the tests of the byte-level header readers (stalls-storm: the JavaScript
// stallHeader() against the text path; wasm-header: its WebAssembly port against stallHeader()).

/** The three modern shapes, in each flavour and with `{ }` lists of each kind. */
export const HEADERS = [
  'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  'INFO: rcu_sched detected stalls on CPUs/tasks:',
  'rcu: INFO: rcu_sched self-detected stall on CPU',
  'INFO: rcu_bh self-detected stall on CPU',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 10886 jiffies s: 25 root: 0x4/.',
  'rcu: INFO: rcu_sched detected expedited stalls on CPUs/tasks: { 0-.... 3-O.N P392 P392 P10 } 21004 jiffies s: 1541 root: 0x2/T',
  'rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { } 5 jiffies s: 1 root: 0x0/.',
];
/** Header-like lines the byte path must leave to the text path (or agree with it on). */
export const NEAR = [
  'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks: ', 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks: { 1-... }',
  'INFO: rcu_tasks detected stalls on tasks:', 'INFO: rcu_sched_state detected stalls on CPUs/tasks:',
  'rcu:  INFO: rcu_preempt detected stalls on CPUs/tasks:', 'rcu: INFO: rcu_preempt self-detected stall on CPU { 1 }',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-...... } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-....... } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 123456-. } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2- } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { P012 } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: {  2-... } 1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } t=1 jiffies s: 2 root: 0x4/.',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 1 jiffies s: 2 root: apic_timer_interrupt',
  'INFO: rcu_preempt detected stalls on CPUs/tasks:\r', 'INFO: rcu_preempt detected stall on CPU 3',
];
