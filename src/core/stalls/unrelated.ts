// Which lines inside an open stall report are plainly someone else's, decided on the raw bytes.
//
// While a report is open (or its title still reads on), every line of the log is offered to the
// stall collector, which tries a few dozen patterns on its text: headers, CPU lines, frames,
// registers, markers, other reports, the title's interrupt marks. In a console that prints stall
// after stall, most of those lines are ordinary kernel messages that match none of them, and
// decoding each one and running the patterns cost 20× the rest of the analysis. unrelatedMessage()
// says, without decoding, that a message can match none of them: it starts with a letter, begins
// with no word that an anchored pattern starts with, and holds none of the literals that every
// unanchored pattern needs. It is conservative (a false "maybe" only costs the slow path), and
// test/unit/stalls-storm.test.ts checks that analyses with and without it are identical.
//
// What each pattern needs (patterns.ts, frames.ts, title.ts, collector.ts):
// - anchored at the message start (the message starts with a letter, so clean() strips nothing
//   but an `rcu:` that the analyzer's key prefixes catch first): the literal starts in AT_START,
//   and the word shapes of the first-word rules below (frames `f+0x..`/`f.cold`, registers
//   `RSP: 0018:..`, `x29: ..`, hex dumps, decoded frames `f (file.c:12)`);
// - anywhere: the literals in ANYWHERE, `:` and a digit (decoded/inline frames), `0x` after
//   white space (old sched_show_task lines);
// - bytes a decode would change or that are not ASCII (CR, ESC, invalid UTF-8, other controls):
//   never plain.

/** Literals any of the patterns needs somewhere in the line. */
const ANYWHERE = [
  // words that can start a report (collector.ts STALL_KEYWORDS) and its lines found by search
  'stall', 'Stall', 'starved', 'wakeup didn', 'blocked on', ' jiffies', ' kthread ', 'All QSes', ': wait state: ',
  // frames (`func+0x../0x..`), and the interrupted PC in any spelling (title.ts PC_LINE)
  '+0x', 'IP ', 'IP:', 'pc ', 'PC is at',
  // other reports (title.ts OTHER_REPORT, patterns.ts OTHER_EVENT)
  'BUG', 'WARNING:', 'INFO:', 'Unable to handle kernel', 'general protection fault', 'stack segment: ', 'divide error:',
  'divide_error:', 'int3:', 'UBSAN:', 'Unhandled fault:', 'Alignment trap:', 'vmalloc: allocation failure:',
  'FAULT_INJECTION', ' invoked oom-killer', ': page allocation failure', 'Sending NMI from CPU', 'Kernel panic',
  // the title's interrupt marks and stack starts (title.ts TIMER_IRQ, IRQ_OR_EXCEPTION, STACK_START)
  'apic_timer_interrupt', 'Exception stack', 'el1h_64_irq', 'Call Trace', 'Call trace', 'Allocated', 'Freed',
  ' backtrace', 'Backtrace:', 'Uninit was stored', 'badaddr: ',
];

/** Literals an anchored pattern starts with (REPORT_LINE, OTHER_EVENT, traceOwner, workqueue,
 * parseFrame's PC, TRACE_LINE, idle=, should_fail, rcu: ...). */
const AT_START = [
  'Unless ', 'RCU', 'Stack', 'blocking', 'l=', 'Offline', 'Possible', 'hardirqs', 'softirqs', 'number:', 'cputime:',
  'rcu', 'cpu ', 'Dumping', 'Oops', 'Kernel panic', 'kernel BUG', 'watchdog: ', 'Out of memory', 'Linux version ',
  'KASAN', 'KCSAN', 'KMSAN', 'UBSAN', 'NMI', 'sysrq: ', 'task', 'Task dump', 'CPU', 'Workqueue: ', 'RIP', 'EIP',
  'NIP', 'PC is at', 'pc', 'era', 'Call', 'Backtrace', 'Sending NMI', 'Hardware name', 'Code', 'Exception',
  'Modules linked in', 'irq event stamp', 'Preemption disabled', 'Process ', 'Tainted', 'ORIG_RAX', 'PKRU', 'pstate',
  'psr', 'Flags', 'Control', 'Table', 'DAC', 'CSR', 'ESTAT', 'PRID', 'BADV', 'ECFG', 'EUEN', 'PRMD', 'CRMD', 'idle=',
  'should_fail', 'WARNING', 'general protection', 'Unable to handle',
];

const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Per first byte, the start literals beginning with it. */
const STARTS: (Uint8Array[] | undefined)[] = [];
for (const s of AT_START) (STARTS[s.charCodeAt(0)] ??= []).push(enc(s));

/** How common a byte is in kernel messages (English letter frequencies, rough figures for the
 * rest): each ANYWHERE literal is looked for at its rarest pair of bytes, so that ordinary text
 * rarely stops the scan. */
function commonness(c: number): number {
  const f = 'etaoinshrdlcumwfgypbvkjxqz'.indexOf(String.fromCharCode(c | 0x20));
  if (c === 32) return 200;
  if (f >= 0 && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return (c >= 97 ? 130 : 26) - f * 5;
  if (c >= 48 && c <= 57) return 15;
  return c === 58 || c === 46 || c === 95 || c === 61 || c === 45 ? 12 : 3;
}

/** BIGRAM[(c0 << 8) | c1]: 0, or 1 + the index in BUCKETS of the literals looked for at the pair
 * c0 c1 (each with the pair's offset in it), or one of the two codes of pairs with a rule of
 * their own: `:` then a digit, and `0x` (after white space). */
const BIGRAM = new Uint8Array(65536);
const COLON_DIGIT = 254, ZERO_X = 255;
for (let d = 48; d <= 57; d++) BIGRAM[(58 << 8) | d] = COLON_DIGIT;
BIGRAM[(48 << 8) | 120] = ZERO_X;
const BUCKETS: { lit: Uint8Array; at: number }[][] = [];
for (const s of ANYWHERE) {
  const pair = (k: number): number => (s.charCodeAt(k) << 8) | s.charCodeAt(k + 1);
  // The first byte of the pair is what the scan tests at every position: the rarer the better.
  const cost = (k: number): number => BIGRAM[pair(k)]! >= COLON_DIGIT ? Infinity : commonness(s.charCodeAt(k)) * 4 + commonness(s.charCodeAt(k + 1));
  let at = 0;
  for (let i = 1; i + 1 < s.length; i++) if (cost(i) < cost(at)) at = i;
  const k = pair(at);
  if (BIGRAM[k] === 0) { BUCKETS.push([]); BIGRAM[k] = BUCKETS.length; }
  BUCKETS[BIGRAM[k]! - 1]!.push({ lit: enc(s), at });
}
/** FIRST[c]: 1 when c is the first byte of some pair in BIGRAM, 2 when it is never plain (see CLS). */
const FIRST = new Uint8Array(256);
for (let k = 0; k < 65536; k++) if (BIGRAM[k] !== 0) FIRST[k >> 8] = 1;

/** Byte classes: 1 upper-case letter, 2 lower-case letter, 4 digit, 8 `_`, 16 white space (as
 * a regular expression's `\s` on ASCII), 32 lower-case hex digit, 64 never plain (controls other
 * than white space, CR, DEL and every byte ≥ 0x80). */
const UPPER = 1, LOWER = 2, DIGIT = 4, UNDERSCORE = 8, SPACE = 16, HEX = 32, NEVER = 64;
const WORD = UPPER | LOWER | DIGIT | UNDERSCORE;
const CLS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  let k = 0;
  if (c >= 65 && c <= 90) k |= UPPER;
  if (c >= 97 && c <= 122) k |= LOWER;
  if (c >= 48 && c <= 57) k |= DIGIT | HEX;
  if (c >= 97 && c <= 102) k |= HEX;
  if (c === 95) k |= UNDERSCORE;
  if (c === 32 || (c >= 9 && c <= 13)) k |= SPACE;
  if ((c < 32 && !(c >= 9 && c <= 12)) || c >= 127) k |= NEVER; // CR too: decoding drops it
  CLS[c] = k;
  if (k & NEVER) FIRST[c] = 2;
}

function startsWith(b: Uint8Array, i: number, e: number, lit: Uint8Array): boolean {
  if (e - i < lit.length) return false;
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit[k]) return false;
  return true;
}

/**
 * True when the message b[m, e) of a plain kernel line can match none of the stall collector's
 * patterns (nor its title reader's): inside an open report it is an unrelated line, whatever the
 * report's state. False means "maybe": decode it and look.
 */
export function unrelatedMessage(b: Uint8Array, m: number, e: number): boolean {
  if (m >= e) return false;
  const c0 = b[m]!;
  const k0 = CLS[c0]!;
  if ((k0 & (UPPER | LOWER)) === 0) return false;
  const starts = STARTS[c0];
  if (starts !== undefined) for (let k = 0; k < starts.length; k++) if (startsWith(b, m, e, starts[k]!)) return false;

  // The first word: a frame `func+0x..` or `func.cold+..` (title.ts FRAME, frames.ts FRAME_START);
  // a register `RSP: ..` (upper case, 2-8 of [A-Z0-9_]) or `x29: ..` (lower case, 1-4 of [a-z0-9]);
  // a hex dump word (2, 4 or 8+ hex digits); `func (file.c:12)` / `func file.c:12 [inline]`.
  let w = m + 1, hex = (k0 & HEX) !== 0, upper = (k0 & UPPER) !== 0 ? 1 : 0, lower = (k0 & LOWER) !== 0 ? 1 : 0;
  for (; w < e; w++) {
    const k = CLS[b[w]!]!;
    if ((k & WORD) === 0) break;
    if ((k & HEX) === 0) hex = false;
    if (upper === w - m && (k & (UPPER | DIGIT | UNDERSCORE)) !== 0) upper++;
    if (lower === w - m && (k & (LOWER | DIGIT)) !== 0) lower++;
  }
  const n = w - m, next = w < e ? b[w]! : -1;
  if (next === 46 || next === 43 || next === 36) return false; // . + $
  if (hex && (n === 2 || n === 4 || n >= 8)) return false;
  if ((upper >= 2 && upper <= 8 && upper === n) || (lower >= 1 && lower <= 4 && lower === n)) {
    let j = w;
    while (j < e && (CLS[b[j]!]! & SPACE) !== 0) j++;
    if (j < e && b[j] === 58) return false; // `:`
  }
  const spaceAfterWord = next === 32;

  // Everything else: literals anywhere, each looked for at its rarest pair of bytes.
  for (let i = m; i < e; i++) {
    const c = b[i]!;
    const f = FIRST[c]!;
    if (f === 0) continue;
    if (f === 2) return false;
    if (i + 1 >= e) break;
    const code = BIGRAM[(c << 8) | b[i + 1]!]!;
    if (code === 0) continue;
    if (code === COLON_DIGIT) { if (spaceAfterWord) return false; continue; }
    if (code === ZERO_X) { if (i > m && (CLS[b[i - 1]!]! & SPACE) !== 0) return false; continue; }
    const bucket = BUCKETS[code - 1]!;
    for (let k = 0; k < bucket.length; k++) {
      const x = bucket[k]!;
      if (i - x.at >= m && startsWith(b, i - x.at, e, x.lit)) return false;
    }
  }
  return true;
}

/**
 * The tables above, serialised for the WebAssembly skim loop (src/wasm/unrelated.ts unrelatedAt(),
 * the same test on the module's memory; log/wasmSkim.ts copies this in once per instance). Made
 * from the same definitions, so the two cannot drift. Offsets from its start:
 * - 0: CLS (256 bytes), 256: FIRST (256 bytes);
 * - 512: the SIMD candidate test, two 16-byte swizzle tables: NIBBLE[c & 15] & HIGH[c >> 4] is
 *   nonzero exactly when FIRST[c] is (bit h of NIBBLE[l]: FIRST[(h << 4) | l] for h < 8; HIGH[h]:
 *   1 << h, and for h ≥ 8, where every byte is never plain, the bit of a row whose 16 all are);
 * - 544: COLON_DIGIT, 545: ZERO_X (the two BIGRAM codes with a rule of their own);
 * - 576: u16 per byte c, the offset of STARTS[c]'s list (0: none): a count, then each literal as
 *   its length and bytes;
 * - 1088: u16 per BIGRAM code k (1..BUCKETS.length), the offset of BUCKETS[k - 1]: a count, then
 *   each literal as its pair's offset in it, its length and bytes (lists from 1600 on);
 * - 4096: BIGRAM (65536 bytes).
 */
export const UNRELATED_TABLES: Uint8Array = (() => {
  const NIBBLE = 512, HIGH = 528, CODES = 544, STARTS_AT = 576, BUCKETS_AT = 1088, LISTS = 1600, BIGRAM_AT = 4096;
  const t = new Uint8Array(BIGRAM_AT + 65536);
  t.set(CLS, 0);
  t.set(FIRST, 256);
  let full = -1;
  for (let h = 0; h < 8; h++) {
    t[HIGH + h] = 1 << h;
    let all = true;
    for (let l = 0; l < 16; l++) if (FIRST[(h << 4) | l] !== 0) t[NIBBLE + l]! |= 1 << h; else all = false;
    if (all && full < 0) full = h;
  }
  for (let c = 128; c < 256; c++) if (FIRST[c] === 0 || full < 0) throw new Error('unrelated: no SIMD row for bytes >= 0x80');
  for (let h = 8; h < 16; h++) t[HIGH + h] = 1 << full;
  t[CODES] = COLON_DIGIT;
  t[CODES + 1] = ZERO_X;
  const view = new DataView(t.buffer);
  let p = LISTS;
  const put = (lit: Uint8Array): void => { t[p++] = lit.length; t.set(lit, p); p += lit.length; };
  STARTS.forEach((list, c) => {
    if (list === undefined) return;
    view.setUint16(STARTS_AT + 2 * c, p, true);
    t[p++] = list.length;
    for (const lit of list) put(lit);
  });
  BUCKETS.forEach((bucket, k) => {
    view.setUint16(BUCKETS_AT + 2 * (k + 1), p, true);
    t[p++] = bucket.length;
    for (const x of bucket) { t[p++] = x.at; put(x.lit); }
  });
  if (p > BIGRAM_AT || BUCKETS.length >= COLON_DIGIT) throw new Error('unrelated: tables overflow');
  t.set(BIGRAM, BIGRAM_AT);
  return t;
})();
