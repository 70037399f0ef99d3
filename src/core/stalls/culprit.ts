// The likely culprit of a stall: the first reliable frame that is not plumbing, looked for first
// in the stacks that matter most (the blocked tasks', then the stalled CPUs', then the rest).
//
// "Plumbing" is code every stall trace runs through and that says nothing about the cause: RCU
// itself, the scheduler and sleeping, interrupt/timer/softirq entry, NMI and stack dumping,
// printk and consoles (a slow console is the symptom being printed), syscall/kthread/idle entry,
// lock primitives and debug instrumentation (the caller of a spinning lock is the interesting
// part), and tiny leaf helpers (memcpy, udelay...) whose caller is the one looping.

import type { StallFrame } from '../model';

/** Names that are plumbing by prefix (after leading underscores are dropped). */
const PREFIXES = [
  // RCU (not rcutorture, whose frames are the workload under test)
  'rcu_', 'srcu_', 'synchronize_rcu', 'synchronize_srcu', 'call_rcu', 'call_srcu', 'kvfree_call_rcu',
  'debug_lockdep_rcu', 'rcu_read_', 'exp_funnel_lock', 'sync_rcu_exp', 'sync_exp_work',
  // scheduler, sleeping, waiting
  'schedule', 'preempt_schedule', 'cond_resched', '_cond_resched', 'sched_show_task', 'sched_clock',
  'context_switch', 'finish_task_switch', 'switch_to', 'io_schedule', 'do_nanosleep', 'hrtimer_nanosleep',
  'msleep', 'usleep_range', 'ssleep', 'wait_for_completion', 'wait_for_common', 'do_wait_for_common',
  'try_to_wake_up', 'wake_up_', 'kvm_sched_clock', 'kvm_clock', 'dump_cpu_task', 'torture_',
  // interrupts, timers, softirqs
  'irq_', 'handle_irq', 'handle_domain_irq', 'handle_percpu', 'handle_fasteoi', 'handle_edge', 'handle_level',
  'generic_handle', 'gic_handle', 'do_irq', 'do_IRQ', 'common_interrupt', 'asm_', 'sysvec_', 'smp_apic_timer_interrupt',
  'apic_timer_interrupt', 'local_apic_timer_interrupt', 'hrtimer_interrupt', 'timer_interrupt', 'arch_timer_handler',
  'irqentry_', 'do_softirq', 'handle_softirqs', 'invoke_softirq', 'run_ksoftirqd', 'tick_', 'update_process_times',
  'hrtimer_run', 'hrtimer_', 'run_timer', 'run_local_timers', 'call_timer_fn', 'expire_timers', 'process_timeout',
  'el0_', 'el1_', 'el1h_', 'el0t_', 'call_on_irq_stack', 'do_interrupt_handler', 'handle_int', 'handle_vint',
  'do_vint', 'retint_', 'ret_from_exception', 'ret_from_intr', 'interrupt_entry', 'local_bh_enable', 'local_bh_disable',
  // NMI, stack dumping, printing
  'dump_stack', 'show_stack', 'show_regs', 'show_trace', 'dump_backtrace', 'unwind_', 'arch_stack_walk',
  'stack_trace_', 'save_stack', 'nmi_', 'default_do_nmi', 'exc_nmi', 'end_repeat_nmi', 'do_nmi',
  'arch_trigger_cpumask_backtrace', 'trigger_', 'kernel_text_address', 'is_bpf_text_address', 'print_cpu_stall',
  'print_other_cpu_stall', 'printk', 'vprintk', 'console_', 'dev_vprintk', 'dev_printk', 'netdev_printk',
  'serial8250_', 'uart_console', 'wait_for_xmitr', 'io_serial_', 'univ8250_', 'prb_', 'log_store', 'call_console',
  'netdev_info', 'netdev_warn', 'netdev_err', 'netdev_notice', 'netdev_dbg', 'dev_info', 'dev_warn', 'dev_err',
  'dev_notice', 'x86_vector_activate', 'lapic_can_unplug_cpu',
  // entry, kthreads, workqueues, idle, boot
  'ret_from_fork', 'kthread', 'worker_thread', 'process_one_work', 'process_scheduled_works', 'smpboot_thread_fn',
  'do_syscall_', 'do_fast_syscall', 'do_int80', 'entry_', 'syscall_', 'x64_sys_call', 'ret_fast_syscall',
  'do_el0_svc', 'invoke_syscall', 'handle_syscall', 'vector_swi', 'exit_to_user_mode', 'exc_', 'start_kernel',
  'rest_init', 'kernel_init', 'do_init_module', 'load_module', 'do_one_initcall', 'do_initcalls', 'do_basic_setup', 'secondary_start',
  'start_secondary', 'cpu_startup_entry', 'do_idle', 'default_idle', 'cpuidle_', 'arch_cpu_idle', 'cpu_idle',
  'mwait_idle', 'intel_idle', 'acpi_idle', 'poll_idle', 'native_safe_halt', 'safe_halt', 'pv_native_safe_halt',
  'call_cpuidle', 'x86_64_start', 'primary_switched',
  // locks and debug instrumentation
  'raw_spin_', 'do_raw_spin', 'spin_', 'queued_spin', 'native_queued_spin', 'pv_queued_spin', 'pv_wait', 'pv_kick',
  'kvm_wait', 'raw_read_', 'raw_write_', 'lock_acquire', 'lock_release', 'lock_acquired', 'lock_contended',
  'lock_is_held', 'lockdep_', 'mark_held_locks', 'mark_lock', 'find_held_lock', 'check_noncircular', 'validate_chain',
  'lock_downgrade', 'mutex_lock', 'mutex_unlock', 'mutex_trylock', 'down_read', 'down_write', 'up_read', 'up_write',
  'rwsem_', 'trace_hardirqs_', 'kasan_', 'kmsan_', 'msan_', 'kcsan_', 'tsan_', 'asan_', 'sanitizer_cov_',
  'check_memory_region', 'check_preemption_disabled', 'debug_smp_processor_id', 'might_sleep', 'might_resched',
  'might_fault', 'should_fail', 'stack_depot_', 'kcov_', 'pfx_',
  // leaf helpers
  'prandom_', 'get_random_', 'memcpy', 'memset', 'memmove', 'memcmp', 'bcmp', 'copy_user_', 'raw_copy_',
  'copyout', 'copyin', 'clear_page', 'copy_page', 'csum_partial', 'x86_indirect_thunk', 'x86_return_thunk',
  'const_udelay', 'udelay', 'ndelay', 'mdelay', 'delay_tsc', 'delay_loop', 'cpu_relax',
];

// One anchored alternation: a name is plumbing when, leading underscores dropped, it starts with
// one of the prefixes. (Prefixes are literal; none contains a regex metacharacter.)
const PLUMBING = new RegExp(`^_*(?:${PREFIXES.join('|')})`);
/** Exact names (with optional `.cold`/`.isra.0`... suffix) too short or generic to be prefixes. */
const EXACT = /^_*(?:delay|strcpy|strncpy|strlcpy|strscpy|strcmp|strncmp|strlen|strnlen|strchr|strstr|sized_strscpy|copy_to_user|copy_from_user|_copy_to_user|_copy_from_user|copy_to_iter|copy_from_iter)(?:\.|$)/;

/** True when the function says nothing about the stall's cause (see the header comment). */
export function isPlumbing(func: string, module: string | null): boolean {
  if (module) return false; // a loadable module's own code is never plumbing
  if (/^_*rcu_?torture/.test(func)) return false;
  return PLUMBING.test(func) || EXACT.test(func);
}

// Machinery beyond plumbing: what a culprit must never name, even though some of it (allocator
// and data-structure helpers) is not plumbing for other uses. The stall is in the caller.
const MACHINERY_PREFIXES = [
  // RCU's stall checking and grace-period internals
  'check_cpu_stall', 'invoke_rcu', 'note_gp_changes', 'force_qs', 'kfree_rcu', 'synchronize_sched', 'wait_rcu_gp',
  'rcutree_', 'kvfree_rcu',
  // interrupt, exception, timer, softirq and IPI entry and dispatch
  'smp_trace_', 'trace_apic_timer_interrupt', 'run_hrtimer', 'net_rx_action', 'process_backlog', 'napi_poll', 'tasklet_', 'task_work_run',
  'exit_to_usermode', 'prepare_exit_to_usermode', 'syscall_return_slowpath', 'do_error_trap', 'do_trap', 'do_invalid_op',
  'invalid_op', 'handle_bug', 'report_bug', 'fixup_bug', 'warn_slowpath', 'warn', 'panic', 'smp_call_function',
  'generic_exec_single', 'csd_lock', 'flush_smp_call_function', 'on_each_cpu', 'irq_work', 'native_', 'sysvec_',
  'generic_smp_call_function', 'handle_exception', 'do_divide_error', 'do_general_protection', 'do_int3', 'timerqueue_',
  'enqueue_hrtimer', 'do_page_fault', 'exc_page_fault', 'page_fault', 'do_user_addr_fault',
  // the scheduler, waiting and waking
  'sched_', 'ttwu_', 'enqueue_', 'dequeue_', 'pick_next', 'update_curr', 'update_rq', 'activate_task', 'resched',
  'scheduler_tick', 'load_balance', 'rebalance_domains', 'run_rebalance', 'prepare_to_wait', 'finish_wait',
  'autoremove_wake_function', 'default_wake_function', 'woken_wake_function', 'wait_woken', 'preempt_count',
  'preempt_', 'check_preempt', 'yield', 'set_next_', 'put_prev_', 'wake_q',
  // locking
  'lock_', 'unlock_', 'trylock_', 'queued_read', 'queued_write', 'percpu_down', 'percpu_up', 'percpu_ref',
  'seqcount', 'read_seqbegin', 'bit_spin', 'osq_', 'rt_mutex', 'ww_mutex', 'down', 'up', 'in_lock_functions',
  // printing and consoles
  'vsnprintf', 'snprintf', 'sprintf', 'scnprintf', 'vscnprintf', 'vsprintf', 'format_decode', 'print_', 'pr_cont',
  'log_', 'msg_print', 'record_print', 'wake_up_klogd', 'dump_header', 'show_',
  // stack unwinding and symbol lookup
  'print_context_stack', 'walk_stackframe', 'orc_', 'profile_pc', 'dump_trace', 'core_kernel_text', 'is_ftrace_trampoline',
  'bpf_ksym_find', 'search_exception_tables', 'is_module_text_address', 'module_address', 'module_text_address',
  'ftrace_', 'get_stack_info', 'in_task_stack', 'in_irq_stack', 'in_exception_stack', 'in_entry_stack',
  'stack_access_ok', 'deref_stack_reg', 'save_trace', 'return_address', 'mcount', 'fentry', 'within_kprobe',
  // sanitizers, coverage, lockdep, debug checks
  'write_comp_data', 'ubsan_', 'memory_is_poisoned', 'debug_', 'check_prev_add', 'bfs', 'hlock_class', 'lock_class',
  'register_lock_class', 'look_up_lock_class', 'fault_inject', 'virt_addr_valid', 'check_object_size',
  'check_heap_object', 'check_stack_object', 'phys_addr', 'check_memory_region', 'kfence_', 'qlist_', 'quarantine_',
  // allocators and generic data-structure helpers
  'kmem_cache_', 'kmalloc', 'kfree', 'kzalloc', 'kcalloc', 'kvmalloc', 'kvfree', 'krealloc', 'kvzalloc', 'vmalloc',
  'vfree', 'vzalloc', 'slab_', 'slub_', 'new_slab', 'allocate_slab', 'alloc_pages', 'alloc_page', 'get_page_from_freelist',
  'free_pages', 'free_page', 'free_pcp', 'free_unref', 'free_percpu', 'pcpu_', 'mempool_', 'page_frag', 'get_free_pages',
  'get_zeroed_page', 'rmqueue', 'xa_', 'xas_', 'idr_', 'ida_', 'radix_tree_', 'rb_', 'list_', 'bitmap_', 'find_next_bit',
  'find_first_bit', 'hweight', 'memchr', 'refcount_', 'kref_', 'atomic_', 'atomic64_', 'kstrdup', 'kmemdup', 'strn',
  'alloc_skb', 'build_skb', 'napi_alloc_skb', 'netdev_alloc_skb', 'cache_grow', 'cache_alloc', 'fallback_alloc',
];
const MACHINERY = new RegExp(`^_*(?:${MACHINERY_PREFIXES.join('|')})`);

/**
 * True when a function is stall machinery: plumbing (above), or RCU, interrupt/exception/IPI
 * entry, the scheduler, locking, printing, unwinding, sanitizers and debug checks, allocator and
 * data-structure helpers. A loadable module's own code never is; rcutorture's never is.
 */
export function isMachinery(func: string, module: string | null = null): boolean {
  if (module) return false;
  if (/^_*rcu_?torture/.test(func)) return false;
  return isPlumbing(func, null) || MACHINERY.test(func);
}

/** A frame as the collector keeps it. */
interface FrameRecord {
  line: number;
  func: string;
  text: string;
  unreliable: boolean;
  module: string | null;
}

/** One stack in a report, and whose it is. */
export interface TraceRecord {
  cpu: number | null;
  pid: number | null;
  frames: FrameRecord[];
  workqueue: StallFrame | null;   // `Workqueue: events func`: a fallback when every frame is plumbing
  /** Index of the first frame of the interrupted context (after `</IRQ>`, the timer interrupt's
   * entry, the `RIP:`/`pc :` line, ARM's `Exception stack`), -1 when the stack shows no interrupt. */
  interrupted: number;
}

/** The culprit of a trace's frames from `from` to `to`: the first reliable non-machinery frame. */
function firstCause(t: TraceRecord, from: number, to: number): StallFrame | null {
  for (let i = from; i < to; i++) {
    const f = t.frames[i]!;
    if (!f.unreliable && !isMachinery(f.func, f.module)) return { line: f.line, frame: f.text };
  }
  return null;
}

/**
 * The likely culprit of a report: where the stalled CPU was looping. Stacks are tried in order of
 * how directly they show the stall: the blocked tasks' (`P14338` → the stack of pid 14338), then
 * the stalled CPUs', then every stack in the order printed. In a stack the timer interrupt caught,
 * what ran below the interrupt is read, not the interrupt's own frames (the stall detector, the
 * dump). Only when no stack names anything else: the interrupt half, then a `Workqueue:` line.
 */
export function pickCulprit(traces: readonly TraceRecord[], taskPids: readonly number[], cpus: readonly number[]): StallFrame | null {
  const order: TraceRecord[] = [];
  for (const t of traces) if (t.pid !== null && taskPids.includes(t.pid)) order.push(t);
  for (const t of traces) if (t.cpu !== null && cpus.includes(t.cpu) && !order.includes(t)) order.push(t);
  for (const t of traces) if (!order.includes(t)) order.push(t);
  for (const t of order) {
    const c = firstCause(t, Math.max(0, t.interrupted), t.frames.length);
    if (c) return c;
  }
  for (const t of order) {
    const c = t.interrupted > 0 ? firstCause(t, 0, t.interrupted) : null;
    if (c) return c;
  }
  for (const t of order) if (t.workqueue) return t.workqueue;
  return null;
}
