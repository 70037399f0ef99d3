// Grace-period sequence numbers as the kernel reads them (kernel/rcu/rcu.h).
//
// A gp_seq is a counter shifted left by RCU_SEQ_CTR_SHIFT (2); the low 2 bits are the state:
// 0 = idle (no grace period in progress), non-zero = a grace period in progress (1 for normal
// grace periods; the expedited machinery also uses 2, 3). rcu_gp_init() does rcu_seq_start()
// (+1: the state becomes 1) and rcu_gp_cleanup() rcu_seq_end() (round up to the next state 0).
// The kernel starts the counter at (0UL - 300UL) << 2 so that wrap bugs show early: traces print
// it with %lu, and traceEvents.ts turns those back into negative numbers, so -883 is
// counter -221 (arithmetic shift), state 1. Everything here is sign-correct for such values.

/** RCU_SEQ_STATE_MASK. */
const STATE_MASK = 3;

/** rcu_seq_state(): the low 2 bits, 0..3, also for negative numbers. */
export function seqState(s: number): number {
  return ((s % 4) + 4) % 4;
}

/** rcu_seq_ctr(): the counter (an arithmetic shift right by 2). */
export function seqCtr(s: number): number {
  return Math.floor(s / 4);
}

/** rcu_seq_snap(): the value gp_seq must reach before a full grace period has elapsed from now. */
export function seqSnap(s: number): number {
  const v = s + 2 * STATE_MASK + 1;
  return v - seqState(v);
}

/**
 * The in-progress value (state 1) of the grace period a gp_seq names: the value itself when it is
 * in progress; for an idle value (a snapshot, or an rnp->gp_seq between grace periods), the grace
 * period that ends at it (rcu_seq_snap() results name the grace period that must complete).
 */
export function gpOfEndValue(s: number): number {
  return seqState(s) === 0 ? s - 3 : s - seqState(s) + 1;
}

/** The grace period that starts after an idle value (rcu_seq_start()). */
export function nextGp(s: number): number {
  return s - seqState(s) + 1 + (seqState(s) === 0 ? 0 : 4);
}

/** A sentence about a gp_seq value, for hovers. */
export function describeSeq(s: number): string {
  const st = seqState(s);
  const what = st === 0 ? 'idle: no grace period in progress (the last one ended here)' : `a grace period in progress (state ${st})`;
  const neg = s < 0 ? ' (negative: the kernel starts the counter just below the wrap, 0UL - 300UL << 2, so wrap bugs show early)' : '';
  return `gp_seq ${s} = counter ${seqCtr(s)}, state ${st}: ${what}${neg}`;
}
