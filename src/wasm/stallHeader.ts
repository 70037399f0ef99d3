// AssemblyScript (see plainSkim.ts, which exports it as header()): src/core/stalls/headerBytes.ts
// stallHeader() on this module's memory, test for test, so that the skim loop can take a stall
// storm's headers without leaving WebAssembly. What JavaScript needs to rebuild the ByteHeader is
// written at `out` (layout below; src/core/log/wasmSkim.ts readHeader() decodes it). A header
// whose `{ }` list is longer than the room here is "not mine" (0): JavaScript then takes the line
// its own way, which is always safe. test/unit/wasm-header.test.ts compares the two.

import { isDigit } from './bytes';

/** The out area: i32 flavor (0 rcu_preempt, 1 rcu_sched, 2 rcu_bh: headerBytes.ts FLAVORS' order)
 * at +0, CPU count at +4, task count at +8; f64 jiffies at +16 (-1: none); from +24 per CPU three
 * i32: its number, its flags' memory offset and length (0: no flags); from +408 per task (each
 * once, in order of first appearance, as stallHeader() keeps them) an i32 pid. 536 bytes in all. */
const OUT_CPUS: i32 = 24, OUT_TASKS: i32 = 408;
/** The out area's size (a multiple of 8: areas can follow one another). */
export const OUT_BYTES: i32 = 536;
const MAX_CPUS: i32 = 32, MAX_TASKS: i32 = 32;
/** The longest message taken (headerBytes.ts MAX_BYTES). */
const MAX_BYTES: i32 = 512;

const SP: u8 = 32, DASH: u8 = 45, RBRACE: u8 = 125, P: u8 = 80;

// The literals stallHeader() looks for, as bytes.
/** `rcu: ` (5) */
const RCU: i32 = <i32>memory.data<u8>([114, 99, 117, 58, 32]);
/** `INFO: ` (6) */
const INFO: i32 = <i32>memory.data<u8>([73, 78, 70, 79, 58, 32]);
/** `rcu_preempt` (11) */
const PREEMPT: i32 = <i32>memory.data<u8>([114, 99, 117, 95, 112, 114, 101, 101, 109, 112, 116]);
/** `rcu_sched` (9) */
const SCHED: i32 = <i32>memory.data<u8>([114, 99, 117, 95, 115, 99, 104, 101, 100]);
/** `rcu_bh` (6) */
const BH: i32 = <i32>memory.data<u8>([114, 99, 117, 95, 98, 104]);
/** ` detected stalls on CPUs/tasks:` (31) */
const CPUS_TAIL: i32 = <i32>memory.data<u8>([32, 100, 101, 116, 101, 99, 116, 101, 100, 32, 115, 116, 97, 108, 108, 115, 32, 111, 110, 32, 67, 80, 85, 115,
  47, 116, 97, 115, 107, 115, 58]);
/** ` self-detected stall on CPU` (27) */
const SELF_TAIL: i32 = <i32>memory.data<u8>([32, 115, 101, 108, 102, 45, 100, 101, 116, 101, 99, 116, 101, 100, 32, 115, 116, 97, 108, 108, 32, 111, 110, 32,
  67, 80, 85]);
/** ` detected expedited stalls on CPUs/tasks: {` (43) */
const EXP: i32 = <i32>memory.data<u8>([32, 100, 101, 116, 101, 99, 116, 101, 100, 32, 101, 120, 112, 101, 100, 105, 116, 101, 100, 32, 115, 116, 97, 108,
  108, 115, 32, 111, 110, 32, 67, 80, 85, 115, 47, 116, 97, 115, 107, 115, 58, 32, 123]);
/** ` jiffies s: ` (12) */
const JIFFIES: i32 = <i32>memory.data<u8>([32, 106, 105, 102, 102, 105, 101, 115, 32, 115, 58, 32]);
/** ` root: ` (7) */
const ROOT: i32 = <i32>memory.data<u8>([32, 114, 111, 111, 116, 58, 32]);

/** [i, e) starts with the n bytes at lit (headerBytes.ts at(); n >= 4, a constant once inlined):
 * compared a word at a time, the last word overlapping the one before. Reads nothing at or past e. */
@inline function at(i: i32, e: i32, lit: i32, n: i32): bool {
  if (e - i < n) return false;
  if (n >= 16) {
    for (let k = 0; k + 16 <= n; k += 16) if (!i8x16.all_true(i8x16.eq(v128.load(i + k), v128.load(lit + k)))) return false;
    return i8x16.all_true(i8x16.eq(v128.load(i + n - 16), v128.load(lit + n - 16)));
  }
  if (n >= 8) return load<u64>(i) === load<u64>(lit) && load<u64>(i + n - 8) === load<u64>(lit + n - 8);
  return load<u32>(i) === load<u32>(lit) && load<u32>(i + n - 4) === load<u32>(lit + n - 4);
}


/** headerBytes.ts isFlag(): `.`, `!`, letters, digits. */
@inline function flag(c: u8): bool {
  return c === 46 || c === 33 || <u32>((<i32>c | 32) - 97) <= 25 || <u32>(<i32>c - 48) <= 9;
}

/**
 * stallHeader(b, m, e) on memory[m, e): 0 where it says null, else the kind (1 cpu-stall,
 * 2 self-detected, 3 expedited), with the rest at `out` (see above). Like stallHeader() it may look
 * at the two bytes at e and e + 1, but what they hold never changes the answer (every path that
 * reads them ends in 0).
 */
@inline export function headerAt(m: i32, e: i32, out: i32): i32 {
  if (e - m > MAX_BYTES) return 0;
  let i = m;
  if (at(i, e, RCU, 5)) i += 5;
  if (!at(i, e, INFO, 6)) return 0;
  i += 6;
  let flavor = 0;
  if (at(i, e, PREEMPT, 11)) i += 11;
  else if (at(i, e, SCHED, 9)) { flavor = 1; i += 9; }
  else if (at(i, e, BH, 6)) { flavor = 2; i += 6; }
  else return 0;
  store<i32>(out, flavor);
  store<i32>(out, 0, 4);
  store<i32>(out, 0, 8);
  store<f64>(out, -1, 16);
  if (at(i, e, CPUS_TAIL, 31)) return i + 31 === e ? 1 : 0;
  if (at(i, e, SELF_TAIL, 27)) return i + 27 === e ? 2 : 0;
  if (!at(i, e, EXP, 43)) return 0;
  i += 43;
  // ` 2-... P392 }`: single spaces, then tokens: CPU[-FLAGS] (1-5 digits, 1-6 flag bytes) or Ppid.
  let cpus = 0, tasks = 0;
  for (;;) {
    if (load<u8>(i) !== SP) return 0;
    i++;
    const c = load<u8>(i);
    if (c === RBRACE) { i++; break; }
    if (c === P) {
      let j = i + 1, pid = 0;
      while (j < e && isDigit(load<u8>(j)) && j - i <= 9) { pid = pid * 10 + (<i32>load<u8>(j) - 48); j++; }
      if (j === i + 1 || j - i > 9 || load<u8>(j) !== SP) return 0;
      if (load<u8>(i + 1) === 48 && j - i > 2) return 0; // leading zeros: the text would keep them
      // Each pid once (stallHeader()'s tasks.includes(): no leading zeros, so one text per pid).
      let k = 0;
      while (k < tasks && load<i32>(out + OUT_TASKS + (k << 2)) !== pid) k++;
      if (k === tasks) {
        if (tasks === MAX_TASKS) return 0;
        store<i32>(out + OUT_TASKS + (tasks << 2), pid);
        tasks++;
      }
      i = j;
      continue;
    }
    let j = i, cpu = 0;
    while (j < e && isDigit(load<u8>(j)) && j - i < 6) { cpu = cpu * 10 + (<i32>load<u8>(j) - 48); j++; }
    if (j === i || j - i > 5) return 0;
    let f0 = 0, fn = 0;
    if (load<u8>(j) === DASH) {
      f0 = ++j;
      while (j < e && load<u8>(j) !== SP && j - f0 <= 6) { if (!flag(load<u8>(j))) return 0; j++; }
      if (j === f0 || j - f0 > 6) return 0;
      fn = j - f0;
    }
    if (load<u8>(j) !== SP) return 0;
    if (cpus === MAX_CPUS) return 0;
    const p = out + OUT_CPUS + cpus * 12;
    store<i32>(p, cpu);
    store<i32>(p, f0, 4);
    store<i32>(p, fn, 8);
    cpus++;
    i = j;
  }
  // ` 10886 jiffies s: 25 root: 0x4/.`
  if (load<u8>(i) !== SP) return 0;
  let j = ++i;
  let jiffies: f64 = 0;
  while (j < e && isDigit(load<u8>(j)) && j - i < 15) { jiffies = jiffies * 10 + <f64>(<i32>load<u8>(j) - 48); j++; }
  if (j === i || j - i >= 15 || !at(j, e, JIFFIES, 12)) return 0;
  j += 12;
  const s0 = j;
  while (j < e && isDigit(load<u8>(j)) && j - s0 < 15) j++;
  if (j === s0 || j - s0 >= 15 || !at(j, e, ROOT, 7)) return 0;
  j += 7;
  const r0 = j;
  // root: `0x4/.`: hex mask, `/`, `T` when tasks block the grace period, else `.`
  while (j < e) {
    const c = load<u8>(j);
    if (!(isDigit(c) || (c >= 97 && c <= 102) || c === 120 || c === 47 || c === 46 || c === 84)) break;
    j++;
  }
  if (j === r0 || j !== e) return 0;
  store<i32>(out, cpus, 4);
  store<i32>(out, tasks, 8);
  store<f64>(out, jiffies, 16);
  return 3;
}
