// `rcu-lens check --format sarif` (and analyze's): the real CLI on real fixtures, each output
// validated against the OASIS SARIF 2.1.0 schema (test/fixtures/sarif, provenance in SOURCES.md).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { cli } from './support/cli';
import { RULES } from '../../src/core/patterns/phased-state-change/checks';
import { stallRuleId, WARNING_RULE } from '../../src/core/report/sarif';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const rel = (p: string): string => p.slice(ROOT.length + 1);

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(FIX, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object);

interface Loc { id?: number; message?: { text: string }; physicalLocation: { artifactLocation: { index: number }; region?: { startLine: number } } }
interface Result { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Loc[]; relatedLocations?: Loc[] }
interface Sarif { version: string; runs: { tool: { driver: { rules: { id: string; helpUri: string; help: { text: string } }[] } }; artifacts: { location: { uri: string; uriBaseId?: string } }[]; results: Result[] }[] }

async function sarif(...args: string[]): Promise<{ code: number; log: Sarif }> {
  const r = await cli(...args);
  const log = JSON.parse(r.out) as Sarif;
  assert.ok(validate(log), `not valid SARIF 2.1.0: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return { code: r.code, log };
}

describe('SARIF output (check --format sarif)', () => {
  it('the schema validator can fail: a SARIF log without its version is refused', () => {
    assert.equal(validate({ runs: [] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', helpUri: 'not a uri' }] } }, results: [] }] }), false);
  });

  it('one run; a violation is an error at its line with the reader and grace-period lines as related locations', async () => {
    const f = join(FIX, 'violations', 'no-first-synchronize_rcu.log');
    const { code, log } = await sarif('check', rel(f), '--format', 'sarif');
    assert.equal(code, 1, 'check keeps its exit code');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0]!;
    assert.deepEqual(run.artifacts[0]!.location, { uri: 'test/fixtures/violations/no-first-synchronize_rcu.log', uriBaseId: '%SRCROOT%' });
    const rules = run.tool.driver.rules;
    for (const id of [...Object.keys(RULES), stallRuleId('cpu-stall'), WARNING_RULE]) assert.ok(rules.some((r) => r.id === id), id);
    for (const r of rules) {
      assert.match(r.helpUri, /^https:\/\//);
      assert.match(r.help.text, /README, section "(RCU rules checked|Stall reports)"/);
    }
    const gp1 = run.results.find((r) => r.ruleId === 'gp1-wait')!;
    assert.equal(gp1.level, 'error');
    assert.equal(rules[gp1.ruleIndex]!.id, 'gp1-wait');
    assert.equal(gp1.locations[0]!.physicalLocation.region!.startLine, 8);
    assert.match(gp1.message.text, /synchronize_rcu\(\) #1 returned/);
    assert.deepEqual(gp1.relatedLocations!.map((l) => [l.physicalLocation.region!.startLine, l.message!.text]), [
      [4, 'cco1 is inside its read-side critical section'],
      [7, 'maint calls synchronize_rcu() #1'],
      [9, 'cco1 leaves its read-side critical section, after the grace period returned'],
    ]);
    assert.deepEqual(run.results.map((r) => r.ruleId).sort(), ['gp1-wait', 'quick-during-maint']);
  });

  it('the same findings as the text output, for every violation fixture', async () => {
    for (const name of ['double-begin-caller-id', 'end-without-begin', 'no-second-synchronize_rcu', 'quick-reader-during-maint']) {
      const f = rel(join(FIX, 'violations', `${name}.log`));
      const text = await cli('check', f);
      const { code, log } = await sarif('check', f, '--format=sarif');
      assert.equal(code, text.code, name);
      const lines = text.out.trim().split('\n').map((l) => /^.*?:(\d+): (.*) \[([\w-]+)\]$/.exec(l)!.slice(1));
      const errors = log.runs[0]!.results.filter((r) => r.level === 'error');
      assert.deepEqual(errors.map((r) => [String(r.locations[0]!.physicalLocation.region!.startLine), r.message.text, r.ruleId]), lines, name);
    }
  });

  it('stall reports are warnings, with the culprit and the report end as related locations', async () => {
    const f = rel(join(FIX, 'corpus', 'stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log'));
    const { code, log } = await sarif('check', f, '--format', 'sarif');
    assert.equal(code, 0);
    const stalls = log.runs[0]!.results.filter((r) => r.ruleId.startsWith('stall:'));
    assert.ok(stalls.length >= 1);
    for (const s of stalls) {
      assert.equal(s.level, 'warning');
      assert.match(s.message.text, /^RCU stall: rcu_preempt/);
      assert.ok(s.relatedLocations!.some((l) => l.message!.text === 'end of the stall report'));
    }
  });

  it('a clean log is a valid log with no error; analyze --format sarif gives the same results', async () => {
    const seed = rel(join(FIX, 'seed', 'phased-state-change.log'));
    const { code, log } = await sarif('check', seed, '--format', 'sarif');
    assert.equal(code, 0);
    assert.deepEqual(log.runs[0]!.results.filter((r) => r.level === 'error'), []);
    const a = await sarif('analyze', seed, '--format', 'sarif');
    assert.equal(a.code, 0);
    assert.deepEqual(a.log.runs[0]!.results, log.runs[0]!.results);
  });
});

describe('--format for every command with output worth piping', () => {
  const seed = join(FIX, 'seed', 'phased-state-change.log');
  it('--format json is --json; text is the default; an unknown format or a contradiction is exit 2', async () => {
    assert.equal((await cli('analyze', seed, '--format', 'json')).out, (await cli('analyze', seed, '--json')).out);
    assert.equal((await cli('analyze', seed, '--format', 'text')).out, (await cli('analyze', seed)).out);
    assert.equal((await cli('check', seed, '--format', 'text')).out, (await cli('check', seed)).out);
    const j = JSON.parse((await cli('check', join(FIX, 'violations', 'no-first-synchronize_rcu.log'), '--format', 'json')).out) as { violations: unknown[] };
    assert.equal(j.violations.length, 2);
    const litmus = join(FIX, 'litmus', 'psc');
    assert.equal((await cli('litmus', litmus, '--format', 'json')).out, (await cli('litmus', litmus, '--json')).out);
    assert.equal((await cli('diff', seed, '--format', 'json')).out, (await cli('diff', seed, '--json')).out);
    assert.equal((await cli('simulate', '--format', 'json')).out, (await cli('simulate', '--json')).out);
    assert.equal((await cli('explore', '--format', 'json')).out, (await cli('explore', '--json')).out);
    const bad = await cli('check', seed, '--format', 'xml');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format xml: check prints text, json, sarif/);
    assert.equal((await cli('litmus', litmus, '--format', 'sarif')).code, 2);
    assert.equal((await cli('analyze', seed, '--json', '--format', 'text')).code, 2);
    assert.equal((await cli('explore', '--format', 'json', '--log')).code, 2);
  });
});
