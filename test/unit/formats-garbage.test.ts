// Bad input never throws and never loses a line: binary junk, NUL bytes, invalid UTF-8, huge lines,
// broken timestamps, a file cut off mid-line, CRLF. Parsers stay linear: adversarial 2 MB lines
// (no timing assertion: they must simply come back). Random bytes and random mixtures of lines of
// every format, as a property.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readRecords } from '../../src/core/log/records';
import { Flag } from '../../src/core/log/formats/head';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const enc = (s: string) => new TextEncoder().encode(s);

/** Lines as an editor counts them (LF, CRLF, lone CR). */
function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10) n++;
    else if (b[i] === 13) { n++; if (b[i + 1] === 10) i++; }
  }
  const last = b.length ? b[b.length - 1] : 10;
  return last === 10 || last === 13 ? n : n + 1;
}

function oneRecordPerLine(b: Uint8Array, maxLine?: number): void {
  const r = readRecords(b, maxLine ? { maxLine } : {});
  assert.equal(r.records.length, countLines(b));
  r.records.forEach((x, i) => assert.equal(x.line, i + 1));
}

describe('formats: garbage and truncation', () => {
  it('binary junk: other records, flagged, one warning per stretch', () => {
    const junk = new Uint8Array([0, 1, 2, 3, 0, 0xff, 0xfe, 10, 0, 0, 7, 8, 10]);
    const text = enc('[   99.566511] hit cco\n');
    const b = new Uint8Array([...text, ...junk, ...text, ...junk]);
    const r = readRecords(b);
    assert.equal(r.format, 'dmesg');
    assert.deepEqual(r.records.map((x) => [x.kind, (x.flags ?? 0) & Flag.Binary]), [
      ['kernel', 0], ['other', Flag.Binary], ['other', Flag.Binary], ['kernel', 0], ['other', Flag.Binary], ['other', Flag.Binary],
    ]);
    assert.deepEqual(r.warnings, [
      { line: 2, kind: 'binary data', message: 'lines 2-3 are binary data, not text' },
      { line: 5, kind: 'binary data', message: 'lines 5-6 are binary data, not text' },
    ]);
  });

  it('a file of random bytes is not a kernel log and yields only other records', () => {
    const junk = new Uint8Array(100_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + (i >> 3)) & 0xff;
    const r = readRecords(junk);
    assert.equal(r.format, 'unknown');
    assert.ok(r.records.every((x) => x.kind === 'other' || x.kind === 'blank'));
    assert.equal(r.records.length, countLines(junk));
  });

  it('invalid UTF-8 becomes U+FFFD; columns count UTF-16 units', () => {
    const b = new Uint8Array([...enc('[   99.566511] hit '), 0xc3, 0x28, 0xff, ...enc(' cco\n'), ...enc('\u00e9t\u00e9 login: [   99.6] start cco1\n')]);
    const r = readRecords(b);
    assert.equal(r.records[0]!.text, 'hit \ufffd(\ufffd cco');
    assert.equal(r.records[1]!.text, 'start cco1');
    assert.equal(r.records[1]!.column, 'été login: [   99.6] '.length);
  });

  it('a 200 kB line is cut, warned about, and still one record', () => {
    const long = `[   99.566511] ${'x'.repeat(200_000)}`;
    const r = readRecords(`${long}\n[   99.6] hit cco\n`);
    assert.equal(r.records.length, 2);
    assert.equal(r.records[0]!.kind, 'kernel');
    assert.equal(r.records[0]!.text.length, 64 * 1024 - 15);
    assert.deepEqual(r.warnings, [{ line: 1, kind: 'long lines', message: `line 1 is ${long.length} bytes long; only its first ${64 * 1024} bytes were read` }]);
  });

  it('truncated timestamps are other records with BadTime and a warning', () => {
    const r = readRecords('[   12.34\n[   12.345678 hit cco\n[   99.566511] hit cco\n[  13\n');
    assert.deepEqual(r.records.map((x) => [x.kind, x.time, x.flags ?? 0]), [
      ['other', null, Flag.BadTime], ['other', null, Flag.BadTime], ['kernel', 99.566511, 0], ['other', null, Flag.BadTime],
    ]);
    assert.deepEqual(r.warnings.map((w) => w.line), [1, 2, 4]);
  });

  it('a file cut mid-line keeps its last partial line and says so', () => {
    const r = readRecords('[   99.566511] hit cco\n[   99.5666');
    assert.equal(r.records.length, 2);
    assert.equal(r.records[1]!.kind, 'other');
    assert.deepEqual(r.warnings.map((w) => w.message), [
      'line 2 has a broken timestamp',
      'the input ends inside line 2 (no line break after it): the file may have been cut off',
    ]);
  });

  it('CRLF and lone CR: the same records as LF, CR never in the text, offsets of the real bytes', () => {
    const lf = readRecords('[   99.566511] hit cco\n[   99.566687] hit cco_quickly\n');
    const crlf = readRecords('[   99.566511] hit cco\r\n[   99.566687] hit cco_quickly\r\n');
    assert.deepEqual(crlf.records.map((x) => x.text), lf.records.map((x) => x.text));
    assert.deepEqual(crlf.records.map((x) => x.offset), [0, 24]);
    const cr = readRecords('[   99.566511] hit cco\r[   99.566687] hit cco_quickly\r');
    assert.deepEqual(cr.records.map((x) => [x.line, x.text]), [[1, 'hit cco'], [2, 'hit cco_quickly']]);
  });

  it('empty input, a lone newline, a byte-order mark', () => {
    assert.deepEqual(readRecords('').records, []);
    assert.deepEqual(readRecords('\n').records.map((x) => x.kind), ['blank']);
    const bom = readRecords(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('[   99.566511] hit cco\n')]));
    assert.deepEqual([bom.format, bom.records[0]!.text, bom.records[0]!.column, bom.records[0]!.offset], ['dmesg', 'hit cco', 15, 0]);
  });

  it('parsers are linear: adversarial 2 MB lines come back', () => {
    const pieces = ['[', '[ ', '[1', '[1.', '<', '<3>', '-1 ', '-1 [', ' ', '\x1b[', '#011', '\\x', '12,', 'Apr  4 ', 'kern  :', '2022-04-04T', 'a-1 (', '[0.1 <', ':', 'us :'];
    for (const p of pieces) {
      const line = p.repeat(Math.ceil(2_000_000 / p.length));
      const b = enc(`${line}\n${line}`);
      const r = readRecords(b, { maxLine: 4 * 1024 * 1024 });
      assert.equal(r.records.length, 2, JSON.stringify(p));
    }
  });
});

/** Lines of every format, from the format fixtures and a few corpus logs. */
function sampleLines(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(FIX, 'formats'))) out.push(...readFileSync(join(FIX, 'formats', f), 'utf8').split(/\r?\n/));
  for (const f of ['stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log', 'syslog-macos-wrapped-kern-facility-rcu_sched-stall-docker-moby-4.4.log',
    'serial-console-printk-level-prefix-interleaved-rcu_preempt-sunxi-3.4.log', 'ftrace-dump-on-oops-rcu_invoke_callback-rcuop-lkml-5.10-rc.log']) {
    out.push(...readFileSync(join(FIX, 'corpus', f), 'utf8').split('\n').slice(0, 20));
  }
  return out;
}

describe('formats: properties', () => {
  it('random bytes never throw and give one record per line', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => { oneRecordPerLine(b); }), { numRuns: 300 });
  });

  it('random bytes drawn from log-ish characters never throw', () => {
    const chars = fc.constantFrom(...'[]<>()0123456789.:-, \t\r\n#\\x;=TCkernl\x1b'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 3000 }), (cs) => { oneRecordPerLine(enc(cs.join('')), 64); }), { numRuns: 300 });
  });

  it('random mixtures of lines of every format never throw and give one record per line', () => {
    const lines = sampleLines();
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...lines), { maxLength: 80 }),
      fc.constantFrom('\n', '\r\n'),
      fc.integer({ min: 0, max: 20 }),
      (ls, eol, cut) => {
        const text = ls.join(eol);
        oneRecordPerLine(enc(text.slice(0, Math.max(0, text.length - cut))));
      },
    ), { numRuns: 300 });
  });
});
