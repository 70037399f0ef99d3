// Views speak the pattern's words (issue 10): outside the phased-state-change pattern's folder no
// code in src/ names the seed's things — `cco`, `maint`, `do_maint`, `gp1`, `gp2` — in code,
// strings or comments. The seed's words live in src/core/patterns/phased-state-change/ (words.ts,
// kinds.ts) and views reach them through the run's pattern (src/core/explain/words.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');
const PATTERN_DIR = ['src', 'core', 'patterns', 'phased-state-change'].join('/');

/** Word-ish: `cco`, `cco1`, `cco_quickly`, `do_maint`, `hit maint`, `GP1`, `gp2-wait`, `Maint`,
 * `rcuLens.phase.gp1Background`; not `maintainer`, `maintenance`, `kernelGpsBeforeMaint` (camel
 * case inside a longer name), `rcu_gp1x`. */
const SEED_WORD = /(?<![A-Za-z0-9])(?:(?:cco|maint|Maint|gp[12]|Gp[12])(?![a-z])|(?:MAINT|GP[12])(?![A-Za-z]))/;

/** Files still naming the seed, each with why; the owners move these (see the report of pviews). */
const ALLOW: Record<string, string> = {
  // seeddata (owns src/core/patterns/, src/core/rcu/): the seed profile's own messages and examples.
  'src/core/patterns/profile.ts': 'profiles rename the seed\'s own messages (a profile maps a module\'s lines to the seed\'s event kinds), so the default profile is the seed\'s messages',
  // (src/core/sim/ and src/cli/ are clean: the seed's scenario, its invariant and its mutations' sites
  // live in patterns/phased-state-change/scenario.ts; the simulator says drop-gpN.)
  'src/tools/readme-docs.ts': 'checks the README\'s quoted `simulate --mutate drop-gp1` output',
  'src/bench/bench.ts': 'generates the seed\'s log for the speed benchmark',
};

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|mjs|js|json|css|html)$/.test(name)) out.push(p);
  }
  return out;
}

describe('seed words stay in the phased-state-change pattern', () => {
  it('no file in src/ outside the pattern\'s folder names cco, maint, do_maint, gp1 or gp2', () => {
    const found: string[] = [];
    for (const f of files(SRC)) {
      const rel = relative(ROOT, f).split(sep).join('/');
      if (rel.startsWith(`${PATTERN_DIR}/`)) continue;
      if (Object.keys(ALLOW).some((a) => rel === a || (a.endsWith('/') && rel.startsWith(a)))) continue;
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        const m = SEED_WORD.exec(line);
        if (m) found.push(`${rel}:${i + 1}: ${m[0]} in ${line.trim().slice(0, 120)}`);
      });
    }
    assert.deepEqual(found, [], `seed words outside ${PATTERN_DIR}/ (move them into its words.ts):\n${found.join('\n')}`);
  });

  it('the regular expression finds the seed\'s words and only those', () => {
    for (const s of ['hit cco', 'cco1', 'end cco_quickly', 'do_maint()', 'start maint', 'GP1', "'gp2-wait'", 'ItemKind.Maint', 'rcuLens.phase.gp1Background']) assert.match(s, SEED_WORD, s);
    for (const s of ['maintainer', 'maintenance', 'kernelGpsBeforeMaint', 'MAINTAINERS', 'gp_seq', 'GP 1']) assert.doesNotMatch(s, SEED_WORD, s);
  });

  it('every allowed file exists and still needs it (a stale entry fails)', () => {
    for (const a of Object.keys(ALLOW)) {
      const hits = files(SRC).map((f) => relative(ROOT, f).split(sep).join('/'))
        .filter((rel) => rel === a || (a.endsWith('/') && rel.startsWith(a)))
        .filter((rel) => SEED_WORD.test(readFileSync(join(ROOT, rel), 'utf8')));
      assert.ok(hits.length, `${a} no longer names the seed: remove it from ALLOW`);
    }
  });
});
