// User expressions (a pattern's or a profile's `match`) that backtrack without end are refused
// before any line meets them (src/core/patterns/regexCost.ts). Before, `(a?){30}a{30}`,
// `.*.*.*.*x` and `\s*a*\s*a*\s*a*$` were accepted (the test knew only nested `+`/`*` and
// back-references) and hung `check --pattern` on one line of 3,000 `a`s; profiles were not
// tested at all. The property runs every accepted expression on hostile lines and counts that
// it finishes, by bounding the line so that an accepted expression's worst case (n^2) is small.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { regexHazard } from '../../src/core/patterns/regexCost';
import { compileProfile, ProfileError } from '../../src/core/patterns/profile';
import { parsePattern, PatternError } from '../../src/core/patterns/schema';
import { fuzzParams } from './support/fuzz';

const pattern = (match: string) => JSON.stringify({ schema: 'rcu-lens-pattern/1', name: 'x', events: [{ event: 'reader-begin', match, task: 'r' }] });

describe('harden: user expressions that backtrack without end are refused', () => {
  it('refuses the ones that hung check --pattern', () => {
    for (const src of ['^p: (?:a?){30}a{30}$', '^p: .*.*.*.*.*.*.*x$', '^p: \\s*a*\\s*a*\\s*a*\\s*a*\\s*a*$', '^p: [a-z]*[a-z]*[a-z]*[a-z]*!x',
      '^p: (a|a)*$', '^p: (?:x|xy)+z', '^p: (.*)(.*)(.*)$', '^p: \\w+\\w+\\w+$', '^p: (?:a+)?(?:a+)?a*$']) {
      assert.ok(regexHazard(src), src);
      assert.throws(() => parsePattern(pattern(src)), PatternError, src);
    }
  });

  it('accepts what real patterns write (the built-in and example ones, captures between literals)', () => {
    for (const src of ['^cfgdemo: (?<task>reader\\d+) uses config v(?<object>\\d+)$', '^rcu_list: init mode=(?<label>\\S+)', '^start (?<task>\\S+)$',
      '^p: (?<task>\\S+) uses (?<object>\\d+) at (.*)$', '^p: (.*) (.*)$', '^a(bc)?d+', '^x: [^,]*, [^,]*, [^,]*, (.*)$', '^phased state change - init module\\b',
      '^rcu_list: deleter: synchronize_rcu\\(\\) begin$', '^T(?<n>\\d+): lock (?<object>0x[0-9a-f]+)$']) {
      assert.equal(regexHazard(src), null, src);
    }
  });

  it('profiles are tested too; an unanchored expression counts one repetition more', () => {
    const prof = (match: string) => ({ name: 'p', patterns: [{ kind: 'reader-begin' as const, match }] });
    assert.throws(() => compileProfile(prof('^p: .*.*.*x')), ProfileError);
    assert.throws(() => compileProfile(prof('a.*b.*c')), ProfileError); // unanchored: n^3
    assert.doesNotThrow(() => compileProfile(prof('^p: .*x.*y')));
  });

  it('every accepted expression finishes on hostile lines within n^2 steps (property)', () => {
    const piece = fc.constantFrom('a', 'b', ' ', '.', '\\s', '\\S', '\\d', '\\w', '[a-c]', '[^ ]', '(a)', '(?:ab)', '(a|b)', 'x');
    const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,}', '*?');
    const expr = fc.array(fc.tuple(piece, quant), { minLength: 1, maxLength: 8 }).map((ps) => `^p: ${ps.map(([p, q]) => p + q).join('')}$`);
    fc.assert(fc.property(expr, fc.constantFrom('a', 'ab', ' a', 'x', 'a1 '), (src, unit) => {
      if (regexHazard(src)) return;
      const re = new RegExp(src);
      // 300 characters: an n^2 expression takes at most about 10^5 steps; an n^4 one would take 10^10
      re.exec(`p: ${unit.repeat(Math.ceil(300 / unit.length))}!`);
    }), fuzzParams(300));
  });
});
