// The three stall headers a modern kernel prints, recognised on the raw bytes of a message.
//
// A console in a stall storm prints one header every few lines; decoding each and trying the
// header patterns, the title readers and the applyHeader() patterns on it was the larger half of
// the analysis. stallHeader() takes only the exact shapes
//
//   [rcu: ]INFO: FLAVOR detected stalls on CPUs/tasks:
//   [rcu: ]INFO: FLAVOR self-detected stall on CPU
//   [rcu: ]INFO: FLAVOR detected expedited stalls on CPUs/tasks: { CPU-FLAGS|PID ... } N jiffies s: N root: 0xN/FLAGS
//
// (kernel/rcu/tree_stall.h print_other_cpu_stall(), print_cpu_stall(); tree_exp.h
// synchronize_rcu_expedited_wait()), with FLAVOR one of the kernel's RCU flavours, and says "not
// mine" (null) for anything else, down to a trailing blank, which then goes the general way. For
// what it takes, what it returns is what header(), braceList() and expeditedTail() (patterns.ts)
// read from the text, and none of the title readers' or other patterns match it:
// test/unit/stalls-storm.test.ts compares analyses with and without this path.

import type { StallKind } from '../model';

export interface ByteHeader {
  kind: StallKind;
  flavor: string;
  /** Expedited: the `{ }` list's CPUs (with their flags) and tasks, and the jiffies after it. */
  cpus: { cpu: number; flags: string | null }[];
  tasks: string[];
  jiffies: number | null;
}

const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const RCU = enc('rcu: '), INFO = enc('INFO: ');
/** The flavours and kinds of header taken, in the order src/wasm/stallHeader.ts numbers them. */
export const HEADER_FLAVORS: readonly string[] = ['rcu_preempt', 'rcu_sched', 'rcu_bh'];
export const HEADER_KINDS: readonly StallKind[] = ['cpu-stall', 'self-detected', 'expedited'];
const FLAVORS = HEADER_FLAVORS.map((f) => ({ name: f, bytes: enc(f) }));
const CPUS_TAIL = enc(' detected stalls on CPUs/tasks:');
const SELF_TAIL = enc(' self-detected stall on CPU');
const EXP = enc(' detected expedited stalls on CPUs/tasks: {');
const JIFFIES = enc(' jiffies s: '), ROOT = enc(' root: ');
/** The longest message taken: the patterns read the first 1000 characters only. */
const MAX_BYTES = 512;

function at(b: Uint8Array, i: number, e: number, lit: Uint8Array): boolean {
  if (e - i < lit.length) return false;
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit[k]) return false;
  return true;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** A CPU's stall flags as tree_exp.h and tree_stall.h print them (`...`, `O..`, `.N.`, `!`). */
function isFlag(c: number): boolean {
  return c === 46 || c === 33 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** Flag strings seen, one copy each (a storm repeats a handful). */
const FLAG_STRINGS = new Map<number, string>();

function interned(key: number, b: Uint8Array, f0: number, j: number): string {
  let flags = FLAG_STRINGS.get(key);
  if (flags === undefined) {
    flags = String.fromCharCode(...b.subarray(f0, j));
    if (FLAG_STRINGS.size < 256) FLAG_STRINGS.set(key, flags);
  }
  return flags;
}

/** The flags b[f0, j) (1 to 6 flag bytes, as stallHeader() checked them), one string for each
 * (for WebAssembly's headers: src/core/log/wasmSkim.ts readHeader()). */
export function headerFlags(b: Uint8Array, f0: number, j: number): string {
  let key = 0;
  for (let k = f0; k < j; k++) key = key * 128 + b[k]!;
  return interned(key, b, f0, j);
}

/** The header on b[m, e), or null when it is not one of the exact shapes above. The result is
 * a scratch object, valid until the next call. */
export function stallHeader(b: Uint8Array, m: number, e: number): ByteHeader | null {
  if (e - m > MAX_BYTES) return null;
  let i = m;
  if (at(b, i, e, RCU)) i += RCU.length;
  if (!at(b, i, e, INFO)) return null;
  i += INFO.length;
  let flavor: string | null = null;
  for (const f of FLAVORS) if (at(b, i, e, f.bytes)) { flavor = f.name; i += f.bytes.length; break; }
  if (flavor === null) return null;
  const h = SCRATCH;
  h.flavor = flavor;
  h.cpus.length = 0;
  h.tasks.length = 0;
  h.jiffies = null;
  if (at(b, i, e, CPUS_TAIL)) { if (i + CPUS_TAIL.length !== e) return null; h.kind = 'cpu-stall'; return h; }
  if (at(b, i, e, SELF_TAIL)) { if (i + SELF_TAIL.length !== e) return null; h.kind = 'self-detected'; return h; }
  if (!at(b, i, e, EXP)) return null;
  i += EXP.length;
  h.kind = 'expedited';
  // ` 2-... P392 }`: single spaces, then tokens: CPU[-FLAGS] (1-5 digits, 1-6 flag bytes) or Ppid.
  for (;;) {
    if (b[i] !== 32) return null;
    i++;
    if (b[i] === 125) { i++; break; } // `}`
    if (b[i] === 80) { // P
      let j = i + 1, pid = 0;
      while (j < e && isDigit(b[j]) && j - i <= 9) pid = pid * 10 + (b[j++]! - 48);
      if (j === i + 1 || j - i > 9 || b[j] !== 32) return null;
      const task = `P${pid}`;
      if (String(pid).length !== j - i - 1) return null; // leading zeros: the text would keep them
      if (!h.tasks.includes(task)) h.tasks.push(task);
      i = j;
      continue;
    }
    let j = i, cpu = 0;
    while (j < e && isDigit(b[j]) && j - i < 6) cpu = cpu * 10 + (b[j++]! - 48);
    if (j === i || j - i > 5) return null;
    let flags: string | null = null;
    if (b[j] === 45) { // -
      const f0 = ++j;
      let key = 0;
      while (j < e && b[j] !== 32 && j - f0 <= 6) { if (!isFlag(b[j]!)) return null; key = key * 128 + b[j++]!; }
      if (j === f0 || j - f0 > 6) return null;
      flags = interned(key, b, f0, j);
    }
    if (b[j] !== 32) return null;
    h.cpus.push({ cpu, flags });
    i = j;
  }
  // ` 10886 jiffies s: 25 root: 0x4/.`
  if (b[i] !== 32) return null;
  let j = ++i, jiffies = 0;
  while (j < e && isDigit(b[j]) && j - i < 15) jiffies = jiffies * 10 + (b[j++]! - 48);
  if (j === i || j - i >= 15 || !at(b, j, e, JIFFIES)) return null;
  h.jiffies = jiffies;
  j += JIFFIES.length;
  const s0 = j;
  while (j < e && isDigit(b[j]) && j - s0 < 15) j++;
  if (j === s0 || j - s0 >= 15 || !at(b, j, e, ROOT)) return null;
  j += ROOT.length;
  const r0 = j;
  // root: `0x4/.` — hex mask, `/`, `T` when tasks block the grace period, else `.`
  while (j < e && (isDigit(b[j]) || (b[j]! >= 97 && b[j]! <= 102) || b[j] === 120 || b[j] === 47 || b[j] === 46 || b[j] === 84)) j++;
  if (j === r0 || j !== e) return null;
  return h;
}

const SCRATCH: ByteHeader = { kind: 'cpu-stall', flavor: '', cpus: [], tasks: [], jiffies: null };
