// Typed fields of the RCU tracepoints (include/trace/events/rcu.h), read from their text.
//
// Each event's TP_printk format is written here as it is in the kernel, with the field names the
// kernel gives its arguments, so `rcu_grace_period: rcu_preempt 1234 start` becomes
// {rcuname: 'rcu_preempt', gp_seq: 1234, gpevent: 'start'}. Every variant a kernel from 4.14 to
// 6.12+ prints is listed, newest first (the kernels' rcu.h files read are named in README's "kernel
// RCU" section; test/unit/kernel-formats.test.ts has a line of each, as its kernel prints it):
// - grace-period numbers: `%lu` up to 5.x, `%ld` (a `long` field) since; both read as the signed
//   long the kernel means. Before 4.19 the number is `gpnum`, a plain counter; since 4.19 it is a
//   gp_seq with 2 state bits. Same position, same text: which one a trace holds is decided by the
//   kernel model from the values (kernel/collector.ts), never from the format. We name it gp_seq in
//   both (so consumers need not care).
// - rcu_future_grace_period: `%s %lu %lu %lu %u %d %d %s` (gpnum, completed, c) before 4.19,
//   `%s %lu %lu %u %d %d %s` (gp_seq, gp_seq_req; Android 4.14 backports print (gp_seq, c)) since.
// - counts of lazy callbacks, until 5.6: rcu_callback `%ld/%ld` (qlen_lazy/qlen), rcu_batch_start
//   `CBs=%ld/%ld`, rcu_kfree_callback `%ld/%ld`; one `%ld` (qlen) since. `func=%pf` before 5.x,
//   `%ps` since: the same text (the symbol).
// - rcu_kfree_callback / rcu_invoke_kfree_callback were renamed rcu_kvfree_* in 5.9.
// - rcu_dyntick: `%s %llx %llx` before 4.16, `%s %lx %lx %#3x` since; renamed rcu_watching in
//   6.12 (same format). rcu_prep_idle (`%s`) is gone since 5.x. Both only counted.
// - new events: rcu_stall_warning (5.8), rcu_segcb_stats (5.12), rcu_invoke_kfree_bulk_callback
//   (5.9), rcu_sr_normal (6.9: `%s rhp=0x%p event=%s`, synchronize_rcu()'s request/complete).
// Runs only on the decoded text of trace records (not in the per-line hot path). The patterns
// are anchored and made of disjoint character classes, so matching is linear.

type Conv = 's' | 'rest' | 'd' | 'x' | 'p' | 'c';

interface Variant {
  re: RegExp;
  names: readonly string[];
  convs: readonly Conv[];
}

/** Compile a TP_printk format (`%s %ld %s`) with its field names into a linear, anchored regex. */
function variant(fmt: string, names: readonly string[]): Variant {
  const convs: Conv[] = [];
  let src = '^';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== '%') { src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); i++; continue; }
    let j = i + 1;
    while (j < fmt.length && /[#0-9l]/.test(fmt[j]!)) j++;
    const t = fmt[j]!;
    const spec = fmt.slice(i, j + 1);
    i = j + 1;
    if (t === 's') {
      const last = i >= fmt.length;
      convs.push(last ? 'rest' : 's');
      src += last ? '(.*)' : '(\\S+)';
    } else if (t === 'p') {
      if (fmt[i] === 's' || fmt[i] === 'f') { i++; convs.push('s'); src += '(\\S+)'; } // %ps, %pf: a symbol
      else { convs.push('p'); src += '((?:0x)?[0-9a-fA-F]+|\\(____ptrval____\\)|\\(null\\))'; }
    } else if (t === 'd' || t === 'u') {
      convs.push('d'); src += '(-?\\d+)';
    } else if (t === 'x') {
      convs.push('x'); src += spec.includes('#') ? '(?:0x)?([0-9a-fA-F]+)' : '([0-9a-fA-F]+)';
    } else if (t === 'c') {
      convs.push('c'); src += '(\\S)';
    } else {
      throw new Error(`unsupported conversion ${spec}`);
    }
  }
  if (convs.length !== names.length) throw new Error(`${fmt}: ${convs.length} conversions, ${names.length} names`);
  return { re: new RegExp(src + '$'), names, convs };
}

/** A decimal field: a number (an unsigned print of a negative long is turned back); past 64 bits
 * no kernel printed it, and the text is kept (as hex() keeps what it cannot hold). */
function decimal(s: string): number | string {
  const n = Number(s);
  if (Math.abs(n) < 2 ** 63) return n;
  const d = s.startsWith('-') ? s.length - 1 : s.length;
  if (d > 20) return s;
  const b = BigInt(s);
  if (b >= 2n ** 64n || b < -(2n ** 63n)) return s;
  return b >= 2n ** 63n ? Number(b - 2n ** 64n) : Number(b); // %lu of a negative gp_seq (early boot)
}

function hex(s: string): number | string {
  const n = parseInt(s, 16);
  return n <= Number.MAX_SAFE_INTEGER ? n : s;
}

const RCUNAME_GP_EVENT = ['rcuname', 'gp_seq', 'gpevent'];

/** Event name -> its formats, newest first. */
const EVENTS: Record<string, Variant[]> = {
  rcu_utilization: [variant('%s', ['s'])],
  rcu_prep_idle: [variant('%s', ['reason'])],
  rcu_grace_period: [variant('%s %ld %s', RCUNAME_GP_EVENT)],
  rcu_future_grace_period: [
    // The older, longer shape first: the newer one's last %s would take its last two fields.
    variant('%s %lu %lu %lu %u %d %d %s', ['rcuname', 'gpnum', 'completed', 'c', 'level', 'grplo', 'grphi', 'gpevent']),
    variant('%s %ld %ld %u %d %d %s', ['rcuname', 'gp_seq', 'gp_seq_req', 'level', 'grplo', 'grphi', 'gpevent']),
  ],
  rcu_grace_period_init: [variant('%s %ld %u %d %d %lx', ['rcuname', 'gp_seq', 'level', 'grplo', 'grphi', 'qsmask'])],
  rcu_exp_grace_period: [variant('%s %ld %s', ['rcuname', 'gpseq', 'gpevent'])],
  rcu_exp_funnel_lock: [variant('%s %d %d %d %s', ['rcuname', 'level', 'grplo', 'grphi', 'gpevent'])],
  rcu_nocb_wake: [variant('%s %d %s', ['rcuname', 'cpu', 'reason'])],
  rcu_preempt_task: [variant('%s %ld %d', ['rcuname', 'gp_seq', 'pid'])],
  rcu_unlock_preempted_task: [variant('%s %ld %d', ['rcuname', 'gp_seq', 'pid'])],
  rcu_quiescent_state_report: [
    variant('%s %ld %lx>%lx %u %d %d %u', ['rcuname', 'gp_seq', 'mask', 'qsmask', 'level', 'grplo', 'grphi', 'gp_tasks']),
  ],
  rcu_fqs: [variant('%s %ld %d %s', ['rcuname', 'gp_seq', 'cpu', 'qsevent'])],
  rcu_stall_warning: [variant('%s %s', ['rcuname', 'msg'])],
  rcu_dyntick: [
    variant('%s %s %lx %lx %#3x', ['polarity', 'context', 'oldnesting', 'newnesting', 'dynticks']),
    variant('%s %lx %lx %#3x', ['polarity', 'oldnesting', 'newnesting', 'dynticks']),
    variant('%s %llx %llx', ['polarity', 'oldnesting', 'newnesting']),
  ],
  rcu_watching: [variant('%s %lx %lx %#3x', ['polarity', 'oldnesting', 'newnesting', 'counter'])],
  rcu_segcb_stats: [
    variant('%s seglen: (DONE=%ld, WAIT=%ld, NEXT_READY=%ld, NEXT=%ld) gp_seq: (DONE=%ld, WAIT=%ld, NEXT_READY=%ld, NEXT=%ld)',
      ['ctx', 'seglen0', 'seglen1', 'seglen2', 'seglen3', 'gp_seq0', 'gp_seq1', 'gp_seq2', 'gp_seq3']),
  ],
  rcu_callback: [
    variant('%s rhp=%p func=%ps %ld', ['rcuname', 'rhp', 'func', 'qlen']),
    variant('%s rhp=%p func=%ps %ld/%ld', ['rcuname', 'rhp', 'func', 'qlen_lazy', 'qlen']),
  ],
  rcu_kvfree_callback: [
    variant('%s rhp=%p func=%ld %ld', ['rcuname', 'rhp', 'offset', 'qlen']),
    variant('%s rhp=%p func=%ld %ld/%ld', ['rcuname', 'rhp', 'offset', 'qlen_lazy', 'qlen']),
  ],
  rcu_batch_start: [
    variant('%s CBs=%ld bl=%ld', ['rcuname', 'qlen', 'blimit']),
    variant('%s CBs=%ld/%ld bl=%ld', ['rcuname', 'qlen_lazy', 'qlen', 'blimit']),
  ],
  rcu_invoke_callback: [variant('%s rhp=%p func=%ps', ['rcuname', 'rhp', 'func'])],
  rcu_invoke_kvfree_callback: [variant('%s rhp=%p func=%ld', ['rcuname', 'rhp', 'offset'])],
  rcu_invoke_kfree_bulk_callback: [variant('%s bulk=0x%p nr_records=%lu', ['rcuname', 'p', 'nr_records'])],
  rcu_sr_normal: [variant('%s rhp=0x%p event=%s', ['rcuname', 'rhp', 'srevent'])],
  rcu_batch_end: [variant('%s CBs-invoked=%d idle=%c%c%c%c', ['rcuname', 'callbacks_invoked', 'cb', 'nr', 'iit', 'risk'])],
  rcu_torture_read: [variant('%s torture read %p %luus c: %lu %lu', ['rcutorturename', 'rhp', 'secs', 'c_old', 'c'])],
  rcu_barrier: [variant('%s %s cpu %d remaining %d # %lu', ['rcuname', 's', 'cpu', 'cnt', 'done'])],
};
// Old names of the kvfree events (before 5.9 they were the kfree ones).
EVENTS.rcu_kfree_callback = EVENTS.rcu_kvfree_callback!;
EVENTS.rcu_invoke_kfree_callback = EVENTS.rcu_invoke_kvfree_callback!;

/** The RCU tracepoints whose fields are typed. */
export const RCU_EVENTS: readonly string[] = Object.keys(EVENTS);

/**
 * The typed fields of an event's argument text, named as in TP_printk; {} for an event we do not
 * know or text that matches none of its formats. rcu_batch_end's idle=CSIR letters become 0/1.
 */
export function traceFields(event: string, args: string): Record<string, string | number> {
  const vs = Object.prototype.hasOwnProperty.call(EVENTS, event) ? EVENTS[event]! : undefined;
  if (!vs) return {};
  const text = args.trimEnd();
  for (const v of vs) {
    const m = v.re.exec(text);
    if (!m) continue;
    const out: Record<string, string | number> = {};
    for (let k = 0; k < v.names.length; k++) {
      const s = m[k + 1]!;
      const conv = v.convs[k]!;
      out[v.names[k]!] = conv === 'd' ? decimal(s) : conv === 'x' ? hex(s) : conv === 'c' ? (s === '.' ? 0 : 1) : s;
    }
    return out;
  }
  return {};
}
