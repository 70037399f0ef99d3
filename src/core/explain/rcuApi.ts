// One-paragraph definitions of the RCU API, for hovers on API names in logs (stack frames, lockdep
// splats, a module's own messages). Written from the kernel's documentation (whatisRCU, the RCU
// requirements, rcubarrier, rcu_dereference, listRCU) and the kernel-doc comments in
// include/linux/rcupdate.h and srcu.h; each entry links to the page it summarises.

import { RCU_DOCS } from './docs';

type ApiRole = 'reader' | 'updater' | 'pointer' | 'callback' | 'list' | 'srcu' | 'flavor' | 'polling' | 'tracepoint';

interface ApiEntry {
  name: string;
  /** The C prototype or macro form, as a kernel developer would write it. */
  signature: string;
  role: ApiRole;
  /** One paragraph, Markdown. */
  summary: string;
  doc: string;
}

const E = (name: string, signature: string, role: ApiRole, doc: string, summary: string): ApiEntry =>
  ({ name, signature, role, summary, doc });

const ENTRIES: ApiEntry[] = [
  // --- readers
  E('rcu_read_lock', 'void rcu_read_lock(void)', 'reader', RCU_DOCS.whatIs,
    'Marks the start of an RCU read-side critical section. It is cheap (nothing at all on non-preemptible kernels, a per-task counter on preemptible ones) and never blocks. A grace period that *begins* after this call must wait until the matching `rcu_read_unlock()` before it can end; the critical section must not block or sleep (except for preemption in a `CONFIG_PREEMPT_RCU` kernel). Sections may nest.'),
  E('rcu_read_unlock', 'void rcu_read_unlock(void)', 'reader', RCU_DOCS.whatIs,
    'Marks the end of an RCU read-side critical section begun by `rcu_read_lock()`. After it, pointers obtained with `rcu_dereference()` inside the section may no longer be used: an updater waiting in `synchronize_rcu()` may now free what they point to. A grace period in progress no longer has to wait for this reader once it has left its outermost section.'),
  E('rcu_read_lock_bh', 'void rcu_read_lock_bh(void)', 'reader', RCU_DOCS.whatIs,
    'An RCU read-side critical section that also disables softirqs (bottom halves) on this CPU. Since the RCU flavour consolidation in v4.20, ordinary `synchronize_rcu()` and `call_rcu()` wait for these sections too.'),
  E('rcu_read_unlock_bh', 'void rcu_read_unlock_bh(void)', 'reader', RCU_DOCS.whatIs,
    'Ends a read-side critical section begun by `rcu_read_lock_bh()` and re-enables softirqs.'),
  E('rcu_read_lock_sched', 'void rcu_read_lock_sched(void)', 'reader', RCU_DOCS.whatIs,
    'An RCU read-side critical section that disables preemption; any region with preemption, interrupts or softirqs disabled is one as well. Since v4.20, `synchronize_rcu()` waits for these sections too.'),
  E('rcu_read_unlock_sched', 'void rcu_read_unlock_sched(void)', 'reader', RCU_DOCS.whatIs,
    'Ends a read-side critical section begun by `rcu_read_lock_sched()` and re-enables preemption.'),
  E('rcu_read_lock_held', 'int rcu_read_lock_held(void)', 'reader', RCU_DOCS.lockdep,
    'Lockdep helper: non-zero when the current task is (or may be) inside an RCU read-side critical section. Used in `rcu_dereference_check()` conditions and `RCU_LOCKDEP_WARN()` assertions; only exact with `CONFIG_DEBUG_LOCK_ALLOC`.'),

  // --- pointers
  E('rcu_dereference', 'T *rcu_dereference(T __rcu *p)', 'pointer', RCU_DOCS.dereference,
    'Fetches an RCU-protected pointer for use inside a read-side critical section. It orders the load before every later access through the pointer (a dependency barrier where the CPU needs one, e.g. Alpha) and keeps the compiler from refetching or guessing the value, so the reader sees the structure fully initialised as `rcu_assign_pointer()` published it. The result is valid only until `rcu_read_unlock()`; lockdep complains when it is called outside a read-side section.'),
  E('rcu_dereference_protected', 'T *rcu_dereference_protected(T __rcu *p, bool c)', 'pointer', RCU_DOCS.dereference,
    'Fetches an RCU-protected pointer on the *update* side, where the condition `c` (typically `lockdep_is_held(&lock)`) says the pointer cannot change: no ordering is needed, so it costs a plain load. Lockdep checks `c`.'),
  E('rcu_dereference_check', 'T *rcu_dereference_check(T __rcu *p, bool c)', 'pointer', RCU_DOCS.dereference,
    '`rcu_dereference()` for code that runs either inside a read-side critical section or with the update-side lock held: lockdep accepts either, with `c` describing the lock.'),
  E('rcu_dereference_raw', 'T *rcu_dereference_raw(T __rcu *p)', 'pointer', RCU_DOCS.dereference,
    '`rcu_dereference()` without lockdep checking, for places where the protection cannot be expressed (use sparingly and say why).'),
  E('rcu_access_pointer', 'T *rcu_access_pointer(T __rcu *p)', 'pointer', RCU_DOCS.dereference,
    'Reads an RCU-protected pointer\'s value without dereferencing it (e.g. to compare it with NULL); needs no read-side critical section because nothing it points to is accessed.'),
  E('rcu_assign_pointer', 'void rcu_assign_pointer(T __rcu *p, T *v)', 'pointer', RCU_DOCS.whatIs,
    'Publishes a new version of an RCU-protected structure: a release store, so every initialisation of `*v` is visible to any reader that then fetches `p` with `rcu_dereference()`. Readers see either the old or the new pointer, never a half-built structure. The old version may be freed only after a grace period (`synchronize_rcu()`, `call_rcu()` or `kfree_rcu()`).'),
  E('rcu_replace_pointer', 'T *rcu_replace_pointer(T __rcu *p, T *v, bool c)', 'pointer', RCU_DOCS.whatIs,
    'Publishes `v` like `rcu_assign_pointer()` and returns the previous value, with lockdep checking the update-side condition `c`. The returned old version is freed after a grace period.'),
  E('RCU_INIT_POINTER', 'void RCU_INIT_POINTER(T __rcu *p, T *v)', 'pointer', RCU_DOCS.whatIs,
    'Assigns an RCU-protected pointer without the ordering of `rcu_assign_pointer()`: correct only when readers cannot yet see `p`, or when storing NULL.'),

  // --- waiting for readers
  E('synchronize_rcu', 'void synchronize_rcu(void)', 'updater', RCU_DOCS.whatIs,
    'Blocks the caller until a full grace period has elapsed: every RCU read-side critical section that was in progress when it was called has completed. Readers that begin *after* the call may still be running when it returns; RCU does not wait for them. It sleeps, so it must not be called from a read-side critical section or atomic context. Typical use: unpublish an element, `synchronize_rcu()`, then free it, or (as in the phased state change) change a mode flag and wait until no reader can still be acting on the old mode.'),
  E('synchronize_rcu_expedited', 'void synchronize_rcu_expedited(void)', 'updater', RCU_DOCS.expedited,
    'Like `synchronize_rcu()` — it waits for all pre-existing readers — but drives the grace period to completion much faster by sending IPIs to the CPUs that may be in read-side critical sections, at a cost in CPU time and real-time latency elsewhere. Stalls of expedited grace periods are reported as "detected expedited stalls".'),
  E('synchronize_net', 'void synchronize_net(void)', 'updater', RCU_DOCS.whatIs,
    'The networking stack\'s wrapper for waiting for an RCU grace period: expedited when the RTNL lock is held, normal otherwise.'),
  E('call_rcu', 'void call_rcu(struct rcu_head *head, rcu_callback_t func)', 'callback', RCU_DOCS.whatIs,
    'The asynchronous form of `synchronize_rcu()`: queues `func(head)` to be invoked after a grace period has elapsed, i.e. after every read-side critical section in progress at the call has ended, and returns at once. `head` is usually embedded in the structure to be freed. Callbacks run in softirq context or in `rcuo` kthreads (callback offloading) and must not sleep.'),
  E('kfree_rcu', 'void kfree_rcu(T *ptr, rhf)', 'callback', RCU_DOCS.whatIs,
    'Frees `ptr` with `kfree()` after a grace period, without writing a callback: `rhf` names the `struct rcu_head` field inside `*ptr`. Batches frees for efficiency. The single-argument form (`kfree_rcu_mightsleep()`) needs no `rcu_head` but may sleep.'),
  E('kvfree_rcu', 'void kvfree_rcu(T *ptr, rhf)', 'callback', RCU_DOCS.whatIs,
    '`kfree_rcu()` for memory that may come from either `kmalloc()` or `vmalloc()`: frees it with `kvfree()` after a grace period.'),
  E('kfree_rcu_mightsleep', 'void kfree_rcu_mightsleep(T *ptr)', 'callback', RCU_DOCS.whatIs,
    'Frees `ptr` after a grace period without an embedded `rcu_head`; when memory is short it falls back to `synchronize_rcu()`, so it may sleep.'),
  E('rcu_barrier', 'void rcu_barrier(void)', 'callback', RCU_DOCS.barrier,
    'Waits until every callback already queued by `call_rcu()` (on any CPU) has been *invoked*. This is not the same as `synchronize_rcu()`, which waits for readers, not callbacks: with no callbacks queued, `rcu_barrier()` may return at once. A module that uses `call_rcu()` must call it in its exit path before unloading, or a callback could run code that is no longer there.'),

  // --- polled grace periods
  E('get_state_synchronize_rcu', 'unsigned long get_state_synchronize_rcu(void)', 'polling', RCU_DOCS.requirements,
    'Returns a cookie naming the grace period that must elapse before the current readers are done, without starting one; pass it to `poll_state_synchronize_rcu()` or `cond_synchronize_rcu()`.'),
  E('start_poll_synchronize_rcu', 'unsigned long start_poll_synchronize_rcu(void)', 'polling', RCU_DOCS.requirements,
    'Like `get_state_synchronize_rcu()`, and also makes sure the needed grace period gets started.'),
  E('poll_state_synchronize_rcu', 'bool poll_state_synchronize_rcu(unsigned long cookie)', 'polling', RCU_DOCS.requirements,
    'True when the grace period named by `cookie` has elapsed, so every reader that existed when the cookie was taken has finished. Never blocks.'),
  E('cond_synchronize_rcu', 'void cond_synchronize_rcu(unsigned long cookie)', 'polling', RCU_DOCS.requirements,
    'Waits for a grace period only if the one named by `cookie` has not elapsed yet.'),

  // --- lists
  E('list_add_rcu', 'void list_add_rcu(struct list_head *new, struct list_head *head)', 'list', RCU_DOCS.listRcu,
    'Inserts `new` after `head` so that concurrent RCU readers traversing the list see it either fully initialised or not at all (the link is published with `rcu_assign_pointer()`). Updaters must still exclude each other with a lock.'),
  E('list_add_tail_rcu', 'void list_add_tail_rcu(struct list_head *new, struct list_head *head)', 'list', RCU_DOCS.listRcu,
    'Inserts `new` before `head` (at the tail), safely for concurrent RCU readers; updaters need their own lock.'),
  E('list_del_rcu', 'void list_del_rcu(struct list_head *entry)', 'list', RCU_DOCS.listRcu,
    'Unlinks `entry` while leaving its forward pointer intact, so readers already standing on it can continue the traversal. The entry may be freed only after a grace period (`synchronize_rcu()`, `call_rcu()`, `kfree_rcu()`).'),
  E('list_replace_rcu', 'void list_replace_rcu(struct list_head *old, struct list_head *new)', 'list', RCU_DOCS.listRcu,
    'Atomically replaces `old` by `new` for concurrent readers; `old` is freed after a grace period.'),
  E('list_for_each_entry_rcu', 'list_for_each_entry_rcu(pos, head, member, cond...)', 'list', RCU_DOCS.listRcu,
    'Traverses an RCU-protected list; each `next` pointer is fetched with `rcu_dereference()`. Must run inside a read-side critical section (or with the update-side lock held, given as the optional lockdep condition).'),
  E('hlist_add_head_rcu', 'void hlist_add_head_rcu(struct hlist_node *n, struct hlist_head *h)', 'list', RCU_DOCS.listRcu,
    'Adds `n` at the head of a hash list so concurrent RCU readers see it fully initialised or not at all.'),
  E('hlist_del_rcu', 'void hlist_del_rcu(struct hlist_node *n)', 'list', RCU_DOCS.listRcu,
    'Unlinks `n` from a hash list, keeping it traversable for readers already on it; free it after a grace period.'),
  E('hlist_for_each_entry_rcu', 'hlist_for_each_entry_rcu(pos, head, member, cond...)', 'list', RCU_DOCS.listRcu,
    'Traverses an RCU-protected hash list inside a read-side critical section.'),

  // --- SRCU
  E('srcu_read_lock', 'int srcu_read_lock(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.whatIs,
    'Begins a *sleepable* RCU (SRCU) read-side critical section on the domain `ssp`: unlike `rcu_read_lock()`, the reader may block. Returns an index that must be passed to `srcu_read_unlock()`. Only grace periods of the same `srcu_struct` wait for it.'),
  E('srcu_read_unlock', 'void srcu_read_unlock(struct srcu_struct *ssp, int idx)', 'srcu', RCU_DOCS.whatIs,
    'Ends an SRCU read-side critical section, with the index `srcu_read_lock()` returned.'),
  E('synchronize_srcu', 'void synchronize_srcu(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.whatIs,
    'Waits for an SRCU grace period of the domain `ssp`: every `srcu_read_lock()` section on `ssp` in progress at the call completes first. Other domains and plain RCU readers are not waited for.'),
  E('synchronize_srcu_expedited', 'void synchronize_srcu_expedited(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.whatIs,
    'A faster, more CPU-hungry `synchronize_srcu()`.'),
  E('call_srcu', 'void call_srcu(struct srcu_struct *ssp, struct rcu_head *head, rcu_callback_t func)', 'srcu', RCU_DOCS.whatIs,
    'Queues `func(head)` to run after an SRCU grace period of `ssp`; the asynchronous form of `synchronize_srcu()`.'),
  E('srcu_barrier', 'void srcu_barrier(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.barrier,
    'Waits until every `call_srcu()` callback already queued on `ssp` has been invoked (call it before `cleanup_srcu_struct()`).'),
  E('init_srcu_struct', 'int init_srcu_struct(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.whatIs,
    'Initialises a dynamically allocated SRCU domain (static ones use `DEFINE_SRCU()`).'),
  E('cleanup_srcu_struct', 'void cleanup_srcu_struct(struct srcu_struct *ssp)', 'srcu', RCU_DOCS.whatIs,
    'Tears down an SRCU domain; no readers may remain and no callbacks may be pending.'),

  // --- Tasks RCU
  E('synchronize_rcu_tasks', 'void synchronize_rcu_tasks(void)', 'updater', RCU_DOCS.requirements,
    'Waits for a Tasks RCU grace period: every task has passed through a voluntary context switch (or user mode or idle), so no task can still be running in a trampoline that is about to be freed. Used by tracing and BPF; its stalls are reported by `rcu_tasks`.'),
  E('call_rcu_tasks', 'void call_rcu_tasks(struct rcu_head *head, rcu_callback_t func)', 'updater', RCU_DOCS.requirements,
    'Queues `func(head)` to run after a Tasks RCU grace period.'),

  // --- historical names still found in old logs
  E('synchronize_sched', 'void synchronize_sched(void)', 'updater', RCU_DOCS.whatIs,
    'Before v4.20: waited for all preempt-disabled regions (RCU-sched readers). Merged into `synchronize_rcu()` by the RCU flavour consolidation and removed since.'),
  E('call_rcu_sched', 'void call_rcu_sched(struct rcu_head *head, rcu_callback_t func)', 'callback', RCU_DOCS.whatIs,
    'Before v4.20: `call_rcu()` for RCU-sched. Now plain `call_rcu()`.'),
  E('call_rcu_bh', 'void call_rcu_bh(struct rcu_head *head, rcu_callback_t func)', 'callback', RCU_DOCS.whatIs,
    'Before v4.20: `call_rcu()` for RCU-bh readers. Now plain `call_rcu()`.'),
  E('synchronize_rcu_bh', 'void synchronize_rcu_bh(void)', 'updater', RCU_DOCS.whatIs,
    'Before v4.20: waited for RCU-bh readers. Now plain `synchronize_rcu()`.'),

  // --- flavours as they appear in stall warnings and task names
  E('rcu_preempt', 'rcu_preempt (flavour, grace-period kthread)', 'flavor', RCU_DOCS.stallWarn,
    'The RCU flavour of preemptible kernels (`CONFIG_PREEMPT_RCU`), and the name of its grace-period kthread. A stall warning naming `rcu_preempt` means a grace period of ordinary RCU has not completed; the CPUs or tasks listed are holding it up (a preempted reader shows as a blocked task `P<pid>`).'),
  E('rcu_sched', 'rcu_sched (flavour, grace-period kthread)', 'flavor', RCU_DOCS.stallWarn,
    'The RCU flavour of non-preemptible kernels (and, before v4.20, the preempt-disable flavour on every kernel), also the name of its grace-period kthread. A stall naming it means some CPU has not passed a quiescent state (a context switch, idle or user mode) for the stall timeout: often a loop with preemption or interrupts disabled.'),
  E('rcu_bh', 'rcu_bh (flavour)', 'flavor', RCU_DOCS.stallWarn,
    'The softirq-disabling RCU flavour of kernels before v4.20; a stall naming it points at a CPU stuck with softirqs disabled or in softirq processing.'),
  E('rcu_tasks', 'rcu_tasks (flavour)', 'flavor', RCU_DOCS.stallWarn,
    'Tasks RCU, whose grace periods wait for every task to switch context voluntarily; its stall warnings name tasks that have not done so (typically spinning in the kernel without `cond_resched()`).'),

  // --- RCU tracepoints (include/trace/events/rcu.h), as ftrace prints them
  E('rcu_grace_period', 'trace event rcu_grace_period: rcuname gp_seq gpevent', 'tracepoint', RCU_DOCS.tracing,
    'A grace-period event of one RCU flavour: `gpevent` is `start` or `end` of grace period `gp_seq`, or a step on the way (`cpustart`/`cpuend` when a CPU notices it, `cpuqs` when it reports a quiescent state, `newreq`, `reqwait`, `fqswait`…). A `start` with no `end` for a long time is a stalled grace period.'),
  E('rcu_exp_grace_period', 'trace event rcu_exp_grace_period: rcuname gpseq gpevent', 'tracepoint', RCU_DOCS.tracing,
    'An event of an expedited grace period (`synchronize_rcu_expedited()`): its snapshot, start, end, and waiting steps.'),
  E('rcu_future_grace_period', 'trace event rcu_future_grace_period', 'tracepoint', RCU_DOCS.tracing,
    'A request for a future grace period (someone needs one, e.g. for newly queued callbacks), and how the rcu_node tree handles it.'),
  E('rcu_grace_period_init', 'trace event rcu_grace_period_init', 'tracepoint', RCU_DOCS.tracing,
    'The grace-period kthread initialises one rcu_node for a new grace period: which CPUs it covers and which must still report.'),
  E('rcu_utilization', 'trace event rcu_utilization: s', 'tracepoint', RCU_DOCS.tracing,
    'Start and end of RCU\'s own work (context-switch hooks, scheduler tick, softirq, kthread), to measure how much CPU RCU uses.'),
  E('rcu_quiescent_state_report', 'trace event rcu_quiescent_state_report', 'tracepoint', RCU_DOCS.tracing,
    'Quiescent states propagated up the rcu_node tree for a grace period: which CPUs\' bits were cleared and which remain. When the root has no bit left, the grace period can end.'),
  E('rcu_fqs', 'trace event rcu_fqs: rcuname gp_seq cpu qsevent', 'tracepoint', RCU_DOCS.tracing,
    'A force-quiescent-state scan found something about a CPU holding up the grace period: `dti` (it was idle, so in a quiescent state), `ofl` (offline), `kick` (it was asked to report).'),
  E('rcu_preempt_task', 'trace event rcu_preempt_task: rcuname pid gp_seq', 'tracepoint', RCU_DOCS.tracing,
    'A task was preempted inside an RCU read-side critical section (preemptible RCU): it is queued on its rcu_node, and grace periods that began before must wait for it.'),
  E('rcu_unlock_preempted_task', 'trace event rcu_unlock_preempted_task: rcuname gp_seq pid', 'tracepoint', RCU_DOCS.tracing,
    'A task that had been preempted inside its read-side critical section has called `rcu_read_unlock()`: it no longer holds up the grace period.'),
  E('rcu_callback', 'trace event rcu_callback: rcuname rhp func qlen', 'tracepoint', RCU_DOCS.tracing,
    '`call_rcu()` queued callback `func` (at `rhp`) on this CPU; `qlen` callbacks are now waiting there.'),
  E('rcu_batch_start', 'trace event rcu_batch_start: rcuname qlen blimit', 'tracepoint', RCU_DOCS.tracing,
    'This CPU starts invoking callbacks whose grace period has ended: `qlen` are ready, at most `blimit` run in this batch.'),
  E('rcu_invoke_callback', 'trace event rcu_invoke_callback: rcuname rhp func', 'tracepoint', RCU_DOCS.tracing,
    'One RCU callback runs: `func(rhp)`, queued earlier by `call_rcu()`, now that a full grace period has elapsed.'),
  E('rcu_batch_end', 'trace event rcu_batch_end: rcuname CBs-invoked ...', 'tracepoint', RCU_DOCS.tracing,
    'The end of a batch of callback invocations: how many were invoked, and flags saying why it stopped (limit reached, need to reschedule, idle...).'),
  E('rcu_stall_warning', 'trace event rcu_stall_warning: rcuname msg', 'tracepoint', RCU_DOCS.stallWarn,
    'An RCU CPU stall warning was issued (`StallDetected`, `SelfDetected`, `ExpeditedStall`); the console shows the report.'),
];

const BY_NAME = new Map<string, ApiEntry>(ENTRIES.map((e) => [e.name, e]));

/** Every name with a definition (for the grammar test and the hover word pattern). */
export const RCU_API_NAMES: readonly string[] = ENTRIES.map((e) => e.name);

/** Every definition, in the order above (grouped by role). */
export function allRcuApi(): readonly ApiEntry[] {
  return ENTRIES;
}

/**
 * The definition for a word, or null. Accepts the names as they show in stack frames
 * (`synchronize_rcu+0x5a/0x6b`, `__call_rcu+0x12`, `kfree_rcu_work`) by trying the word, then the
 * word without leading underscores, then without a trailing `+offset/size`.
 */
export function lookupRcuApi(word: string): ApiEntry | null {
  if (!word || word.length > 80) return null;
  let w = word;
  const plus = w.indexOf('+');
  if (plus > 0) w = w.slice(0, plus);
  const direct = BY_NAME.get(w);
  if (direct) return direct;
  const bare = w.replace(/^_+/, '');
  return BY_NAME.get(bare) ?? null;
}

/** The hover text for an API entry: signature, paragraph, documentation link. */
export function apiMarkdown(e: ApiEntry): string {
  return `\`${e.signature}\`\n\n${e.summary}\n\n[Kernel documentation](${e.doc})`;
}
