// The plain-dmesg fast path (plainSkim.ts, formats/dmesgFast.ts) and the full parser agree on
// every input: random stamps made of any bytes, and real logs damaged at random. A byte the fast
// path took for a digit that the full parser does not (`[    6.//////]`) read a garbage time,
// split a run on a false reboot and dropped the broken-timestamp warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzParams } from './support/fuzz';
import { agree, concat } from './support/agree';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const enc = new TextEncoder();
// Enough plain lines first that the sniffer settles on dmesg and the fast paths are on.
const HEAD = enc.encode(Array.from({ length: 40 }, (_, i) => `[    0.${String(100000 + i).padStart(6, '0')}] boot noise ${i}\n`).join(''));


// Bytes near the digits and the stamp's punctuation (every one of 0x00-0x7f can come), and some high ones.
const stampByte = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x30, max: 0x39 }) },
  { weight: 2, arbitrary: fc.constant(0x20) },
  { weight: 3, arbitrary: fc.integer({ min: 0x00, max: 0x7f }) },
  // the bytes a nibble test can confuse with digits: 0x1a-0x1f, 0x2a-0x2f, 0x3a-0x3f
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0x10, 0x20, 0x30), fc.integer({ min: 0xa, max: 0xf })).map(([h, l]) => h + l) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);
const MESSAGES = ['noise', 'x', 'usb 1-1: new device', 'hit cco', 'hit maint', 'end maint', 'start cco1', 'phased state change - init module', 'hit cco_quickly', 'hit do_maint'];
/** A kernel stamp `[%5lu.%06lu] ` with 0-3 of its bytes (1..14) replaced. */
const stampLine = fc.tuple(
  fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999999 }),
  fc.array(fc.tuple(fc.integer({ min: 1, max: 14 }), stampByte), { maxLength: 3 }),
  fc.constantFrom(...MESSAGES),
).map(([sec, us, edits, msg]) => {
  const b = enc.encode(`[${String(sec).padStart(5)}.${String(us).padStart(6, '0')}] ${msg}\n`);
  for (const [i, x] of edits) b[i] = x;
  return b;
});
const goodLine = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999999 }), fc.constantFrom('noise', 'hit cco', 'end cco_quickly', 'hit cco_carefully', 'end do_maint', 'start maint'))
  .map(([s, u, msg]) => enc.encode(`[${String(s).padStart(5)}.${String(u).padStart(6, '0')}] ${msg}\n`));

describe('harden: the fast path and the full parser agree', () => {
  it('the stamp bytes the fast path once took for digits (`*+,-./`, 0x1a-0x1f) go the full way', () => {
    for (const c of '*+,-./\x1a\x1b\x1c\x1d\x1e\x1f:;?') {
      for (let pos = 0; pos < 6; pos++) {
        const frac = '000000'.split('');
        frac[pos] = c;
        agree(concat(HEAD, enc.encode(`[    6.${frac.join('')}] noise\n[    6.100000] x\n`)));
      }
      agree(concat(HEAD, enc.encode(`[    ${c}.000000] noise\n[    6.100000] x\n`)));
    }
  });

  it('messages that start like a notice the full parser reads (printk:, **, Dumping ftrace buffer:) and others that only share its first byte', () => {
    const notice = fc.constantFrom(
      'printk: 5 messages suppressed.', 'printk: console [ttyS0] enabled', 'pci 0000:00:01.0: [8086:7000] type 00', 'p',
      '** 12 printk messages dropped **', '** hello', '*', 'Dumping ftrace buffer:', 'DMAR: IOMMU enabled', 'Dumping',
      '---------------------------------', '  printk: 3 messages suppressed.', '\tDumping ftrace buffer:', 'hit cco', 'end maint');
    const line = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999999 }), notice)
      .map(([s, u, msg]) => enc.encode(`[${String(s).padStart(5)}.${String(u).padStart(6, '0')}] ${msg}\n`));
    fc.assert(fc.property(
      fc.array(fc.oneof(line, goodLine), { maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }),
      (lines, cuts) => agree(concat(HEAD, ...lines), [1 << 16, ...cuts]),
    ), fuzzParams(300));
  });

  it('random stamps of any bytes among good lines, in random chunks', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(stampLine, goodLine), { maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }),
      (lines, cuts) => agree(concat(HEAD, ...lines), [1 << 16, ...cuts]),
    ), fuzzParams(300));
  });

  it('real logs damaged at random (byte changes, insertions, deletions)', () => {
    const logs = ['seed/phased-state-change.log', 'violations/no-first-synchronize_rcu.log', 'corpus/dmesg-phased-state-change-module-5.17-preempt.log']
      .map((f) => new Uint8Array(readFileSync(join(FIX, f))));
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('set', 'set', 'insert', 'delete'), stampByte,
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })));
    fc.assert(fc.property(fc.constantFrom(...logs.keys()), fc.array(edit, { minLength: 1, maxLength: 12 }), (which, edits) => {
      const b = Array.from(logs[which]!);
      for (const [where, op, byte, stamp] of edits) {
        let i = Math.floor(where * b.length);
        // half the edits land in a stamp: a line start plus 1..12
        if (stamp > 0) { while (i > 0 && b[i - 1] !== 10) i--; i += stamp; }
        if (op === 'set') b[i] = byte; else if (op === 'insert') b.splice(i, 0, byte); else b.splice(i, 1);
      }
      agree(concat(HEAD, Uint8Array.from(b)));
    }), fuzzParams(60));
  });
});
