// rcu-lens check/analyze with patterns (issue 10): the built-in rcu-list pattern on its module's
// log, a user's pattern with --pattern, and a bad pattern file: FILE:LINE:COLUMN and exit 2.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const EX = join(ROOT, 'examples', 'patterns');

describe('CLI: patterns', () => {
  it('check finds the built-in rcu-list pattern by its messages: exit 0 clean, 1 with a use-after-free', async () => {
    const ok = await cli('check', join(FIX, 'patterns', 'rcu-list-sync.log'));
    assert.equal(ok.code, 0, ok.err);
    const f = join(FIX, 'patterns', 'rcu-list-none-uaf.log');
    const bad = await cli('check', f);
    assert.equal(bad.code, 1);
    assert.match(bad.out, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: element 3 is freed .*\\[use-after-free\\]$`, 'm'));
  });

  it('--pattern adds a pattern of yours (the README example); --json lists its runs', async () => {
    const r = await cli('check', join(EX, 'config-pointer.log'), '--pattern', join(EX, 'config-pointer.json'));
    assert.equal(r.code, 1);
    assert.match(r.out, /:15: config 2 is freed .*\[use-after-free\]/);
    const j = await cli('analyze', join(EX, 'config-pointer.log'), '--pattern', join(EX, 'config-pointer.json'), '--json');
    assert.equal(j.code, 0);
    assert.equal(JSON.parse(j.out).rcu[0].pattern, 'config-pointer');
  });

  it('check finds the built-in addonly-list pattern on its real log (exit 0); a declared rule prints its id', async () => {
    const ok = await cli('analyze', join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log'), '--json');
    assert.equal(ok.code, 0, ok.err);
    const rr = JSON.parse(ok.out).rcu[0];
    assert.equal(rr.pattern, 'addonly-list');
    assert.equal(rr.work.length, 5);
    assert.equal((await cli('check', join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log'))).code, 0);
    const r = await cli('check', join(EX, 'table-resize.log'), '--pattern', join(EX, 'table-resize.json'));
    assert.equal(r.code, 1);
    assert.match(r.out, /:7: reader3 was on the fast path \(line 7\) while the table was being resized \(lines 6–9\) \[fast-during-resize\]\n$/);
  });

  it('a bad pattern file: one line FILE:LINE:COLUMN: what, and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-pattern-'));
    const p = join(dir, 'bad.json');
    writeFileSync(p, '{\n  "schema": "rcu-lens-pattern/1",\n  "name": "x",\n  "events": [ { "event": "reader-begin", "match": "^x (a*)*$" } ]\n}\n');
    const r = await cli('check', join(EX, 'config-pointer.log'), '--pattern', p);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:51: events\\[0\\]\\.match: a repeated group that itself repeats`));
    assert.equal(r.err.trim().split('\n').length, 1);
  });

  it('a pattern file that never ends (/dev/zero) is refused past its cap, not read into memory: exit 2', async () => {
    const r = await cli('check', join(EX, 'config-pointer.log'), '--pattern', '/dev/zero');
    assert.equal(r.code, 2);
    assert.match(r.err, /\/dev\/zero: more than 1 MB: too large for a pattern file/);
  });
});
