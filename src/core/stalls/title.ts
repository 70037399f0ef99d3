// The title syzbot gives an RCU stall report: `INFO: rcu detected stall in FUNC`, so that a
// triager can search the syzbot dashboard for it. FUNC is chosen the way syzkaller's report
// parser (google/syzkaller pkg/report/linux.go) chooses it; this is our own implementation of
// those rules, fed one line at a time:
//
// 1. From the header on, find the timer interrupt that caught the stalled CPU (a line naming
//    `apic_timer_interrupt`), then the interrupted PC (`RIP: 0010:func+0x..`, `pc : func+0x..`),
//    then read the stack below it. Failing that, read the stack that follows the first interrupt
//    or exception mark (`apic_timer_interrupt`, ARM's `Exception stack(...)`, arm64's `el1h_64_irq`).
// 2. Frames that are generic (sanitizers, allocators, locks, string and copy helpers, printing,
//    warning machinery, RCU itself...) are dropped; syscall wrappers are normalised
//    (`__x64_sys_futex` → `sys_futex`, `SyS_rmdir` → `rmdir`, `ksys_mount` → `mount`).
// 3. In what is left, the first dispatch point (syscall entry, a discriminating VFS/socket/ioctl
//    entry, workqueue, timer, softirq, net receive, kthread, page fault, task work...) is found,
//    and FUNC is the frame just above it: the code the dispatcher ran. No dispatch point found:
//    no FUNC (syzkaller says "in corrupted"; we say `INFO: rcu detected stall`).
//
// A stack ends at the next `Call Trace:`-like line; the report ends at the next report (another
// oops) unless its lines carry a task/CPU caller id that keeps them apart.

const STALL_TITLE = 'INFO: rcu detected stall';

// --- lines ------------------------------------------------------------------------------------

const HEX_PC = String.raw`\[<?(?:0x)?[0-9a-f]+>?\]`;
const NAME = String.raw`([A-Za-z0-9_]+)[.+]`;
/** A frame line: optional `[<addr>]`s, then `func+0x..` or `func.cold+..`. */
const FRAME = new RegExp(String.raw`^\s*(?:${HEX_PC} ){0,2}${NAME}`);
/** Old ARM: `[<pc>] (func) from [<pc>] (caller+0x../0x..)`: both names are frames. */
const ARM_FRAME = new RegExp(String.raw`^\s*${HEX_PC} \(([A-Za-z0-9_.]+)\) from ${HEX_PC} \(${NAME}`);
/** The interrupted PC: `RIP: 0010:func+0x..`, `pc : func+0x..`, `NIP [..] func+..`, `PC is at func+..`;
 * a user-space PC (`RIP: 0033:0x456cb9`) or a null one counts as found but names nothing. */
const PC_LINE = new RegExp(String.raw`(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:${HEX_PC} +){0,2}${NAME}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?${HEX_PC} +\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\))`);
/** Where a new stack starts (the stack being read ends there). */
const STACK_START = /Call [Tt]race|Allocated:|Allocated by task [0-9]+:|Freed:|Freed by task [0-9]+:|[^k] backtrace(?: \(crc [0-9a-fA-F]*\))?:|Backtrace:|Uninit was stored to memory at|status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}/;
const TIMER_IRQ = /apic_timer_interrupt/;
const IRQ_OR_EXCEPTION = /apic_timer_interrupt|Exception stack|el1h_64_irq/;

// --- frames that never name a stall ---------------------------------------------------------
// Matched anywhere in the raw name (before syscall prefixes are stripped).

const GENERIC_FRAMES = [
  // the stall machinery itself
  'apic_timer_interrupt', 'rcu',
  // sanitizers and their checks
  '__sanitizer', '__asan', 'kasan', 'hwasan', '__msan', 'kmsan', 'kcsan_setup_watchpoint', 'check_memory_region',
  'check_heap_object', 'check_object', 'read_word_at_a_time', '(?:read|write)_once_.*nocheck',
  // bug, warning and stack reporting
  'print_address_description', 'panic', 'invalid_op', 'report_bug', 'fixup_bug', 'print_report', 'print_usage_bug',
  'do_error', '_trap$|do_trap', 'show_stack', 'dump_stack', 'walk_stack', 'dump_backtrace', 'warn_slowpath',
  'warn_alloc', 'warn_bogus', '__warn', 'program_check_exception', 'program_check_common', 'print_tainted',
  '__fortify_report', '^get_taint$', 'stack_trace_consume_entry', 'arch_stack_walk', 'stack_trace_save',
  'hex_dump_to_buffer', 'print_hex_dump', 'assertfail',
  // memory allocation and the page cache
  'alloc_page', 'k?v?(?:m|z|c)alloc', 'krealloc', 'kmem_cache', 'allocate_slab', '__alloc_frozen_pages_noprof',
  'folio_(?:alloc|unlock)', 'filemap_alloc_folio', '__filemap_get_folio', 'find_or_create_page',
  'do_read_cache_folio', 'read_cache_page', 'pagecache_get_page', 'grab_cache_page_write_begin', 'slab_',
  '^kv?free$', 'kfree_skb', 'memdup', 'strdup', 'strndup', '__phys_addr', '^(?:un)?lock_page',
  'find_lock_entries', 'truncate_inode_pages_range', 'xas_(?:start|load|find)',
  // debug objects, lockdep, locks, atomics, bit operations, reference counts
  'debug_object', 'timer_is_static_object', 'work_is_static_object', 'print_unlock', 'imbalance_bug', 'lockdep',
  'lock_acquire', 'lock_release', 'lock_class', 'mark_lock', '(?:reacquire|mark)_held_locks', 'raw_spin_rq',
  'spin_lock', 'spin_trylock', 'spin_unlock', 'read_lock', 'read_trylock', 'write_lock', 'write_trylock',
  'read_unlock', 'write_unlock', '^down$', 'down_read', 'down_write', 'down_trylock', 'up_read', 'up_write',
  '^mutex_', '^__mutex_', '^rt_mutex_', 'owner_on_cpu', 'osq_lock', 'osq_unlock',
  'atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)', '(?:set|clear|change|test)_bit',
  '^refcount_', '^kref_', 'ref_tracker', 'seqprop_assert', '(?:trace|lockdep)_(?:hard|soft)irq',
  'bh_enable', 'bh_disable', 'perf_trace', '__wake_up', '^complete$', 'wait_for_completion', 'finish_wait',
  // memory, string and user-copy helpers, formatting, printing
  'memcpy', 'memcmp', 'memset', 'memchr', 'memmove', 'strcmp', 'strncmp', 'strcpy', 'strlcpy', 'strncpy',
  'strscpy', 'strlen', 'strstr', 'strnstr', 'strnlen', 'strchr', 'copy_to_user', 'copy_from_user',
  'copy_to_iter', 'copy_from_iter', 'copy_page_to_iter', 'copy_page_from_iter', 'copy_folio_to_iter',
  '^copyin$', '^copyout$', 'put_user', 'get_user', 'might_fault', 'might_sleep', '__might_resched', '__might_fault',
  'list_add', 'list_del', 'list_replace', 'list_move', 'list_splice', '^rb_', '^__rb_', '_indirect_thunk_',
  'string', 'pointer', 'snprintf', 'scnprintf', 'kasprintf', 'kvasprintf', 'printk', 'va_format',
  'dev_info', 'dev_notice', 'dev_warn', 'dev_err', 'dev_alert', 'dev_crit', 'dev_emerg',
  '^crc\\d+', 'crc_itu_t', 'readb$', 'readw$', 'readl$', 'readq$', 'writeb$', 'writew$', 'writel$', 'writeq$',
  'logic_in', 'logic_out', 'rhashtable_lookup', 'extract_(?:user|iter)_to_sg',
  // timers, work items, teardown paths shared by many callers
  'del_timer', 'lock_timer_base', '__timer_delete_sync', 'sk_stop_timer_sync', '__mod_timer', 'flush_work',
  '__cancel_work_timer', 'cancel_work_sync', 'try_to_grab_pending', 'flush_workqueue', 'drain_workqueue',
  'destroy_workqueue', 'queue_work', 'insert_work', '__queue_delayed_work', 'queue_delayed_work_on',
  'kthread_stop', 'cleanup_srcu_struct', 'ida_free', 'kobject_', 'add_uevent_var', 'get_device_parent',
  'device_add', 'device_del', 'device_unregister', 'device_destroy', 'device_release', 'devres_release_all',
  'device_for_each_child', '^put_device$', 'hwrng_unregister', 'i2c_del_adapter', '__unregister_client',
  'rollback_registered', 'unregister_netdev', 'sysfs_remove', 'device_remove_file', 'tty_unregister_device',
  'dummy_urb_enqueue', 'usb_kill_urb', 'usb_kill_anchored_urbs', 'usb_control_msg', 'usb_hcd_submit_urb',
  'usb_submit_urb', '^klist_', '^iput$', '^iput_final$', '^ihold$', 'drop_nlink', 'fast_dput', 'dput',
  'mark_buffer_dirty',
  // arm64 fault handling
  'do_(?:kernel|translation)_fault', 'do_mem_abort', 'el1_abort', 'el1h_64_sync(?:_handler)?',
];
const GENERIC = new RegExp(GENERIC_FRAMES.join('|'));

/** Fault-injection stacks mix into reports; a line of one makes the stack untrustworthy. */
const FAULT_INJECTION = /^\s*(?:\[<?(?:0x)?[0-9a-f]+>?\] )?should_fail(?:slab)?(?:\.[a-z0-9.]+)?\+0x/;

// --- syscall wrappers -------------------------------------------------------------------------

const WRAPPERS = [
  'SYSC_', 'SyS_', 'sys_', '__x64_', '__ia32_', '__arm64_', '____sys_', '___sys_', '__sys_', '__se_', '__se_sys_',
  '__do_sys_', 'compat_SYSC_', 'compat_SyS_', 'ksys_',
];

/** The name with one wrapper prefix removed, the one that leaves it shortest. */
function stripWrapper(name: string): string {
  let best = name;
  for (const p of WRAPPERS) if (name.startsWith(p) && name.length - p.length < best.length) best = name.slice(p.length);
  return best;
}

// --- dispatch points --------------------------------------------------------------------------
// Where the kernel hands control to the code that stalled; the frame above one names that code.
// Matched (as a search) against the stripped name.

const DISPATCH = new RegExp([
  // workqueue, syscall entry, net receive, softirq, timers, kthreads, CPU bring-up
  'process_one_work', 'do_syscall_', 'do_fast_syscall_', 'sysenter_dispatch', 'tracesys_phase2', 'el0_svc_handler',
  'invoke_syscall', 'ret_fast_syscall', 'netif_receive_skb', 'do_softirq', 'call_timer_fn', '_run_timers',
  'run_timer_softirq', 'hrtimer_run', 'run_ksoftirqd', 'smpboot_thread_fn', '^kthread$', 'start_secondary',
  'cpu_startup_entry', 'ret_from_fork',
  // syscalls too generic to name the bug: the file operation or protocol below them does
  'vfs_write', 'vfs_read', 'vfs_iter_read', 'vfs_iter_write', 'do_iter_read', 'do_iter_write', 'call_read_iter',
  'call_write_iter', 'new_sync_read', 'new_sync_write', 'vfs_ioctl', 'ksys_ioctl', 'compat_ioctl',
  'compat_sys_ioctl', 'blkdev_driver_ioctl', 'blkdev_ioctl', 'do_iter_readv_writev', '^call_mmap', 'mmap_region',
  'do_mmap', 'do_dentry_open', 'vfs_open',
  '^sock_sendmsg', '^sock_recvmsg', '^sock_release', '^__sock_release', '^setsockopt$', 'kernel_setsockopt',
  'sock_common_setsockopt', '^listen$', 'kernel_listen', 'sk_common_release', '^sock_mmap', '^accept$',
  'kernel_accept', '^sock_do_ioctl', '^sock_ioctl', '^compat_sock_ioctl', '^nfnetlink_rcv_msg',
  '^rtnetlink_rcv_msg', '^netlink_dump', '^(?:sys_)?(?:socketpair|connect|ioctl)',
  // page faults, return to user space, cross-CPU calls, tasklets
  '__do_fault', 'do_page_fault', '^page_fault$', '__fput', 'task_work_run', 'exit_to_usermode', 'smp_call_function',
  'tasklet_action', 'tasklet_hi_action',
].join('|'));

/** An unwinder's guess: `? func+0x..` (old x86 puts `[<addr>]` first). */
const QUESTIONABLE = /^\s*(?:\[<[0-9a-f]+>\])?\s*\? /;

/** A line that starts another report (ends this one on a console without caller ids). */
const OTHER_REPORT = /BUG:|WARNING:|INFO:|Unable to handle kernel|general protection fault|stack segment: |kernel BUG|Kernel BUG|BUG kmalloc-|divide error:|divide_error:|int3:|UBSAN:|Unhandled fault:|Alignment trap:|vmalloc: allocation failure:|FAULT_INJECTION: forcing a failure/;
/** Lines that look like one but are part of a report. */
const NOT_A_REPORT = /INFO: lockdep is turned off|INFO: Stall ended before state dump start|INFO: NMI handler|(?:handler|interrupt).*took too long|INFO: recovery required on readonly filesystem/;

/** Lines of report before a `Kernel panic` line is taken as the end of it. */
const PANIC_AFTER = 22;

/** True when this line begins some other kernel report. */
function startsOtherReport(s: string): boolean {
  return OTHER_REPORT.test(s) && !NOT_A_REPORT.test(s);
}

// --- the readers ------------------------------------------------------------------------------

/** One way of reading the report: the marks to pass, then a stack. */
class Reader {
  private step = 0;              // 0: waiting for the mark; 1: for the PC line (if wanted); 2: in the stack
  private prev: string | null = null;
  /** The chosen frame, '' for "looked and found none", null while still reading. */
  result: string | null = null;

  constructor(private readonly mark: RegExp, private readonly wantPc: boolean) {}

  get done(): boolean { return this.result !== null; }

  reset(): void {
    this.step = 0;
    this.prev = null;
    this.result = null;
  }

  /** Past its mark and not done: more lines can still decide. */
  get reading(): boolean { return this.step > 0 && this.result === null; }

  line(s: string): void {
    if (this.result !== null) return;
    if (FAULT_INJECTION.test(s)) { this.result = ''; return; } // not this report's stack: no title from it
    if (this.step === 0) {
      if (this.mark.test(s)) this.step = this.wantPc ? 1 : 2;
      return;
    }
    if (this.step === 1) {
      const m = PC_LINE.exec(s);
      if (m) { this.step = 2; if (m[1]) this.frame(m[1]); }
      return;
    }
    if (STACK_START.test(s)) { this.result = ''; return; }
    let m = FRAME.exec(s);
    if (m) { this.frame(m[1]!); return; }
    m = ARM_FRAME.exec(s);
    if (m) { this.frame(m[1]!); this.frame(m[2]!); }
  }

  /** The input ended: what was read is all there is. */
  end(): void {
    if (this.result === null) this.result = '';
  }

  private frame(raw: string): void {
    if (this.result !== null || GENERIC.test(raw)) return;
    const name = stripWrapper(raw);
    if (DISPATCH.test(name)) {
      // A cross-CPU call is named by itself: its callers vary, the waiting does not.
      this.result = name.includes('smp_call_function') ? 'smp_call_function' : (this.prev ?? name);
      return;
    }
    this.prev = name;
  }
}

/** How a line's caller context is spelled for StallTitle: `T123`, `C0`, 'console' (a time stamp
 * and no caller id) or '' (no stamp). */
export type LineContext = string;

/**
 * Reads the lines of one report, from its header on, and names it as syzbot does. Feed lines
 * until `done`, then call `end()`; `func` and `title` are then final.
 */
export class StallTitle {
  private readonly first = new Reader(TIMER_IRQ, true);
  private readonly second = new Reader(IRQ_OR_EXCEPTION, false);
  private context: LineContext | null = null;
  private cpuTraceback = false;
  private ended = false;
  private lines = 0;

  /** As new, for the next report (a storm's reports each need one: they are reused). */
  reset(): void {
    this.first.reset();
    this.second.reset();
    this.context = null;
    this.cpuTraceback = false;
    this.ended = false;
    this.lines = 0;
  }

  /** True while a reader is inside the stack it reads (past its mark): only then can lines after
   * the report's end still decide the title. */
  get reading(): boolean {
    return !this.done && (this.first.reading || this.second.reading);
  }

  /** True once more lines cannot change the title. */
  get done(): boolean {
    return this.ended || (this.first.done && (this.first.result !== '' || this.second.done));
  }

  /**
   * One line's message text (console prefix removed) and its context. Lines of another context
   * are not this report's (except CPU backtraces after `Sending NMI`); another report starting
   * ends this one unless caller ids keep the two apart.
   */
  push(text: string, context: LineContext = ''): void {
    if (this.done) return;
    if (this.context === null) { this.context = context; this.feed(text); return; }
    if (startsOtherReport(text) && (this.context === '' || this.context === 'console')) { this.end(); return; }
    if (context !== this.context && !(this.cpuTraceback && context.startsWith('C'))) return;
    if (text.includes('Sending NMI from CPU')) this.cpuTraceback = true;
    // A panic after a report of some length (panic_on_warn) repeats a stack already seen.
    if (++this.lines > PANIC_AFTER && text.includes('Kernel panic - not syncing')) { this.end(); return; }
    this.feed(text);
  }

  /** push() of a line that can match none of the patterns here (stalls/unrelated.ts): only the
   * context and the line count can change. */
  pushUnrelated(context: LineContext): void {
    if (this.done) return;
    if (this.context === null) { this.context = context; return; }
    if (context !== this.context && !(this.cpuTraceback && context.startsWith('C'))) return;
    ++this.lines;
  }

  /** push() of a line that starts another report and can match nothing else here (a stall
   * header taken on its bytes: stalls/headerBytes.ts). */
  pushReportStart(context: LineContext): void {
    if (this.done) return;
    if (this.context === null) { this.context = context; return; }
    if (this.context === '' || this.context === 'console') { this.end(); return; }
    if (context !== this.context && !(this.cpuTraceback && context.startsWith('C'))) return;
    ++this.lines;
  }

  private feed(s: string): void {
    // The `? func` guesses of an unwinder are not frames.
    if (QUESTIONABLE.test(s) && !s.includes('<EOI>')) return;
    this.first.line(s);
    if (!this.first.done || this.first.result === '') this.second.line(s);
  }

  /** No more lines. */
  end(): void {
    this.ended = true;
    this.first.end();
    this.second.end();
  }

  /** The function the title names, or null when none could be chosen. */
  get func(): string | null {
    if (!this.done) return null;
    return this.first.result || this.second.result || null;
  }

  /** `INFO: rcu detected stall in FUNC`, or `INFO: rcu detected stall`. */
  get title(): string {
    const f = this.func;
    return f ? `${STALL_TITLE} in ${f}` : STALL_TITLE;
  }
}
