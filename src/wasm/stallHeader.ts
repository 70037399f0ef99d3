// STUB (replaced by the hdr helper's port): the two fixed shapes only.
@inline function lit(i: i32, e: i32, s: string): bool {
  const n = s.length;
  if (e - i < n) return false;
  for (let k = 0; k < n; k++) if (<i32>load<u8>(i + k) !== s.charCodeAt(k)) return false;
  return true;
}
export function headerAt(m: i32, e: i32, out: i32): i32 {
  if (e - m > 512) return 0;
  let i = m;
  if (lit(i, e, 'rcu: ')) i += 5;
  if (!lit(i, e, 'INFO: ')) return 0;
  i += 6;
  let f = -1;
  if (lit(i, e, 'rcu_preempt')) { f = 0; i += 11; } else if (lit(i, e, 'rcu_sched')) { f = 1; i += 9; } else if (lit(i, e, 'rcu_bh')) { f = 2; i += 6; }
  if (f < 0) return 0;
  store<i32>(out, f);
  if (lit(i, e, ' detected stalls on CPUs/tasks:') && i + 31 === e) return 1;
  if (lit(i, e, ' self-detected stall on CPU') && i + 27 === e) return 2;
  return 0;
}
@inline export function headerFlavor(out: i32): i32 { return load<i32>(out); }
