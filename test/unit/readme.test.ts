// The README's examples and figures are the commands' live output (src/tools/readme-docs.ts):
// each `$ rcu-lens …` example, the drop-gp1 count, no path outside the repository. The slow one
// (the herd7 agreement table) is `npm run docs:check`, which CI runs.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examples, matchesWithGaps, readmeChecks, ROOT } from '../../src/tools/readme-docs';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README: examples and figures from the commands', () => {
  it('the checker can fail: a changed output, a wrong exit code, a stale count and ../shared are drift', async function () {
    this.timeout(0);
    assert.ok(matchesWithGaps(['a', '...', 'd'], 'a\nb\nc\nd\n'));
    assert.ok(!matchesWithGaps(['a', '...', 'd'], 'a\nb\nc\n'));
    const fake = [
      '```', '$ rcu-lens check test/fixtures/violations/no-second-synchronize_rcu.log', 'an old message', '```',
      '```', '$ rcu-lens explore --mutate drop-gp2   # HOLDS (exit 0)', '```',
      'the verdict: `14889 of 31587 orderings break RCU\'s rules: gp1-wait` for `--mutate drop-gp1`.',
      'in `../shared/litmus`',
    ].join('\n');
    const checks = await readmeChecks(fake);
    assert.deepEqual(checks.map((c) => c.ok), [false, false, false, false]);
    assert.match(checks[1]!.what, /exit 1, the README says exit 0; no HOLDS/);
  });

  it('every check passes on the README (npm run docs:update rewrites what drifted)', async function () {
    this.timeout(0);
    assert.ok(examples(README).length >= 4, 'the README still has its examples');
    const prev = process.cwd();
    process.chdir(ROOT); // the examples name files relative to the repository root
    try {
      const bad = (await readmeChecks(README)).filter((c) => !c.ok);
      assert.deepEqual(bad.map((c) => `${c.what}\n--- README\n${c.readme}\n--- now\n${c.live}`), []);
    } finally { process.chdir(prev); }
  });
});
