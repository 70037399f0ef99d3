// From heads to records: decoding (escapes dropped or undone per format), columns, the analyzer's
// per-line path (parseLine + toRecord on one buffer), and readRecords' warnings.

import * as assert from 'node:assert/strict';
import { decodeText, messageText, readRecords, toRecord } from '../../src/core/log/records';
import { Flag, newHead, newParseState } from '../../src/core/log/formats/head';
import { formatById, parseLine } from '../../src/core/log/formats/index';

const enc = (s: string) => new TextEncoder().encode(s);

describe('records: decoding', () => {
  it('drops ANSI escapes anywhere in the message, and CR', () => {
    const b = enc('hit \x1b[1;31mcco\x1b[0m quickly\r');
    assert.equal(decodeText(b, 0, b.length, 'dmesg'), 'hit cco quickly');
  });

  it('undoes rsyslog `#011` only in syslog formats, and only for control characters', () => {
    const b = enc('rcu: #011Tasks #043 blocked #0');
    assert.equal(decodeText(b, 0, b.length, 'syslog'), 'rcu: \tTasks #043 blocked #0');
    assert.equal(decodeText(b, 0, b.length, 'dmesg'), 'rcu: #011Tasks #043 blocked #0');
  });

  it('undoes /dev/kmsg `\\xNN` only in kmsg records', () => {
    const b = enc('rcu: \\x09Tasks \\x5c \\xZZ \\x');
    assert.equal(decodeText(b, 0, b.length, 'kmsg'), 'rcu: \tTasks \\ \\xZZ \\x');
    assert.equal(decodeText(b, 0, b.length, 'dmesg'), 'rcu: \\x09Tasks \\x5c \\xZZ \\x');
  });

  it('invalid UTF-8 is U+FFFD, never an exception', () => {
    const b = new Uint8Array([0x68, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x69]);
    assert.equal(decodeText(b, 0, b.length, 'dmesg'), 'h\ufffd(\ufffd\ufffd\ufffdi');
  });
});

describe('records: the analyzer path', () => {
  it('parseLine then toRecord / messageText on the same bytes', () => {
    const b = enc('junk [   99.566511] [ T1234] \x1b[32mhit cco\x1b[0m\n');
    const h = newHead();
    const st = newParseState();
    parseLine(b, 0, b.length - 1, h, st, formatById('dmesg'));
    assert.equal(h.kind, 'kernel');
    assert.equal(messageText(h, b), 'hit cco');
    const r = toRecord(h, b, 0, b.length - 1, 7, 1000, 2);
    assert.deepEqual(r, {
      line: 7, offset: 1000, boot: 2, kind: 'kernel', format: 'dmesg', time: 99.566511, wallclock: null, level: null,
      facility: null, caller: 'T1234', task: null, pid: null, cpu: null, text: 'hit cco', column: 34, flags: Flag.Glued | Flag.Ansi,
    });
  });

  it('formatById knows every format id, aliases included', () => {
    for (const id of ['dmesg', 'dmesg-ctime', 'dmesg-iso', 'dmesg-delta', 'dmesg-decoded', 'dmesg-raw', 'kmsg', 'journal-short', 'journal-monotonic',
      'journal-precise', 'journal-iso', 'syslog', 'syslog-rfc3339', 'ftrace', 'ftrace-dump', 'console'] as const) {
      assert.equal(formatById(id)?.id, id);
    }
    assert.equal(formatById('unknown'), undefined);
  });

  it('colour codes inside the message are dropped from the text and flagged', () => {
    const r = readRecords('[   99.566511] hit \x1b[1mcco\x1b[0m\n[   99.6] hit cco_quickly\n');
    assert.deepEqual(r.records.map((x) => [x.text, x.flags ?? 0]), [['hit cco', Flag.Ansi], ['hit cco_quickly', 0]]);
  });

  it('blank lines are blank records with empty text', () => {
    const r = readRecords('[   99.566511] hit cco\n\n   \t\n');
    assert.deepEqual(r.records.map((x) => [x.kind, x.text]), [['kernel', 'hit cco'], ['blank', ''], ['blank', '']]);
  });
});

describe('records: warnings', () => {
  it('lost printk messages, in every way the kernel says so', () => {
    const r = readRecords('[   99.566511] hit cco\n[   99.6] ** 12 printk messages dropped **\n[   99.7] printk: 5 messages suppressed.\n');
    assert.deepEqual(r.records.map((x) => [x.lost ?? 0, x.flags ?? 0]), [[0, 0], [12, Flag.Lost], [5, Flag.Lost]]);
    assert.deepEqual(r.warnings, [
      { line: 2, kind: 'lost messages', message: '12 kernel messages were lost at line 2 (** 12 printk messages dropped **)' },
      { line: 3, kind: 'lost messages', message: '5 kernel messages were lost at line 3 (printk: 5 messages suppressed.)' },
    ]);
  });

  it('many warnings of one kind are summed up, in one entry that counts and spans the rest', () => {
    const r = readRecords('[   1.5\n'.repeat(60));
    assert.equal(r.warnings.length, 51);
    assert.deepEqual(r.warnings.at(-1), { line: 51, kind: 'broken timestamps', omitted: 10, lastLine: 60, message: 'and 10 more like it (lines 51–60), not listed one by one: broken timestamps' });
  });

  it('a forced format is used as is', () => {
    const r = readRecords('rcu: INFO: rcu_preempt self-detected stall on CPU\n', { format: 'console' });
    assert.deepEqual([r.format, r.records[0]!.kind], ['console', 'kernel']);
  });
});
