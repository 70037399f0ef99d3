import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { compileProfile, literalPrefix, parseProfile, PHASED_STATE_CHANGE, ProfileError } from '../../src/core/patterns/profile';

const FIX = join(__dirname, '..', '..', '..', 'test', 'fixtures');

describe('profiles', () => {
  it('the built-in profile is anchored: every pattern has a literal prefix for the byte pre-filter', () => {
    const p = compileProfile(PHASED_STATE_CHANGE);
    assert.equal(p.unanchored, false);
    assert.deepEqual(p.rules.map((r) => new TextDecoder().decode(r.prefix!)), [
      'phased state change - init module', 'start ', 'hit cco', 'hit cco_quickly', 'hit cco_carefully',
      'end cco_quickly', 'end cco_carefully', 'hit maint', 'hit do_maint', 'end do_maint', 'end maint',
    ]);
  });

  it('extracts literal prefixes conservatively', () => {
    assert.equal(literalPrefix('^hit cco$'), 'hit cco');
    assert.equal(literalPrefix('^start (?<task>\\S+)$'), 'start ');
    assert.equal(literalPrefix('^end\\.x'), 'end.x');
    assert.equal(literalPrefix('^colou?r'), 'colo');
    assert.equal(literalPrefix('^a\\d'), 'a');
    assert.equal(literalPrefix('no anchor'), '');
  });

  it('rejects bad profiles with a message that says what is wrong', () => {
    assert.throws(() => parseProfile('{'), /not valid JSON/);
    assert.throws(() => parseProfile('{"name":"x","patterns":[]}'), /non-empty array/);
    assert.throws(() => parseProfile('{"name":"x","patterns":[{"kind":"read","match":"^a"}]}'), (e: Error) =>
      e instanceof ProfileError && /patterns\[0\]: unknown kind "read"/.test(e.message));
    assert.throws(() => parseProfile('{"name":"x","patterns":[{"kind":"init","match":"^(a"}]}'), /patterns\[0\]: bad regular expression/);
  });

  it('the worked example: the add-only list module read with its own profile names its readers from the messages', () => {
    const profile = parseProfile(readFileSync(join(FIX, 'profiles', 'addonly-list.json'), 'utf8'));
    const a = analyzeBytes(readFileSync(join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log')), { profile });
    assert.equal(a.profile, 'addonly-list');
    assert.equal(a.runs.length, 1);
    const run = a.runs[0]!;
    assert.equal(run.startLine, 595);
    assert.deepEqual(run.readers.slice(0, 3).map((r) => [r.task, r.beginLine, r.endLine, r.attribution]),
      [['reader0', 597, 602, 'known'], ['reader1', 603, 606, 'known'], ['reader2', 607, 611, 'known']]);
    assert.deepEqual(a.violations, []);
    // With the built-in profile the same log has no phased-state-change run at all (its one run is
    // the built-in addonly-list pattern's, patterns-declared.test.ts).
    const builtin = analyzeBytes(readFileSync(join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log')));
    assert.equal(builtin.events.length, 0);
    assert.deepEqual(builtin.runs.map((r) => builtin.rcu?.find((x) => x.run === r.id)?.pattern), ['addonly-list']);
  });
});
