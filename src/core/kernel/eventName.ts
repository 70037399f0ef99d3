// The name of an ftrace event, from its bytes, without making a string per line: the RCU
// tracepoints' names are compared byte by byte against a table grouped by length, and the one
// interned string is returned. Unknown `rcu*` names are decoded (rare) and remembered.

const NAMES = [
  'rcu_utilization', 'rcu_grace_period', 'rcu_future_grace_period', 'rcu_grace_period_init',
  'rcu_exp_grace_period', 'rcu_exp_funnel_lock', 'rcu_nocb_wake', 'rcu_preempt_task',
  'rcu_unlock_preempted_task', 'rcu_quiescent_state_report', 'rcu_fqs', 'rcu_stall_warning',
  'rcu_dyntick', 'rcu_callback', 'rcu_segcb_stats', 'rcu_kvfree_callback', 'rcu_kfree_callback',
  'rcu_batch_start', 'rcu_invoke_callback', 'rcu_invoke_kvfree_callback', 'rcu_invoke_kfree_callback',
  'rcu_invoke_kfree_bulk_callback', 'rcu_batch_end', 'rcu_torture_read', 'rcu_barrier',
  'rcu_watching', 'rcu_prep_idle', 'rcu_sr_normal',
];

const byLength = new Map<number, { name: string; bytes: Uint8Array }[]>();
for (const name of NAMES) add(name);

function add(name: string): void {
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i);
  const list = byLength.get(name.length) ?? [];
  list.push({ name, bytes });
  byLength.set(name.length, list);
}

const MAX_LEARNT = 256;
let learnt = 0;

/** The event name in b[s, e) as an interned string. */
export function eventName(b: Uint8Array, s: number, e: number, dec: TextDecoder): string {
  const list = byLength.get(e - s);
  if (list) {
    outer: for (const c of list) {
      const x = c.bytes;
      // Names share the `rcu_` prefix: compare from the end, where they differ.
      for (let i = x.length - 1; i >= 0; i--) if (b[s + i] !== x[i]) continue outer;
      return c.name;
    }
  }
  const name = dec.decode(b.subarray(s, e));
  if (learnt < MAX_LEARNT) { learnt++; add(name); }
  return name;
}
