// The kernel RCU rules' thresholds on the command line: --stall-timeout and
// --reader-block-threshold on analyze and check, on the real trace of the seed module (its two
// preempted readers held grace periods -883 and -871 up for 2.741 s and 5.974 s).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cli } from './support/cli';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces');
const file = join(mkdtempSync(join(tmpdir(), 'rcu-lens-kopt-')), 'phased-rcutrace.trace.log');
writeFileSync(file, gunzipSync(readFileSync(join(DIR, 'phased-rcutrace.trace.log.gz'))));

async function findings(...args: string[]): Promise<{ rule: string; message: string }[]> {
  const r = await cli('analyze', '--json', file, ...args);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).kernel.findings;
}

describe('CLI: --stall-timeout and --reader-block-threshold', () => {
  it('by default: the two readers past 1 s, no grace period past 21 s', async () => {
    const f = await findings();
    assert.deepEqual(f.map((x) => x.rule), ['kernel-reader-blocking', 'kernel-reader-blocking']);
  });

  it('--stall-timeout 2 makes both grace periods too long; the report says the timeout was given', async () => {
    const f = await findings('--stall-timeout', '2');
    assert.deepEqual(f.filter((x) => x.rule === 'kernel-gp-long').map((x) => /grace period (-?\d+)/.exec(x.message)![1]), ['-883', '-871']);
    assert.match(f.find((x) => x.rule === 'kernel-gp-long')!.message, /stall timeout \(2 s\)/);
    const t = await cli('analyze', file, '--stall-timeout=2.5s');
    assert.match(t.out, /stall timeout: 2\.5 s \(given\)/);
    const j = JSON.parse((await cli('check', file, '--format', 'json', '--stall-timeout', '3')).out);
    assert.equal(j.kernel.stallTimeout, 3);
    assert.equal(j.kernel.stallTimeoutGiven, true);
    // 5.989 s > 3 s for -871 only.
    assert.deepEqual(j.kernel.findings.filter((x: { rule: string }) => x.rule === 'kernel-gp-long').length, 1);
  });

  it('--reader-block-threshold moves the reader rule: 3 s keeps cco2 only, 10 s none, 0 both', async () => {
    const names = async (v: string) => (await findings('--reader-block-threshold', v)).filter((x) => x.rule === 'kernel-reader-blocking').map((x) => /^(\S+)/.exec(x.message)![1]);
    assert.deepEqual(await names('3'), ['cco2']);
    assert.deepEqual(await names('10'), []);
    assert.deepEqual(await names('0'), ['cco1', 'cco2']);
    const t = await cli('analyze', file, '--reader-block-threshold', '3');
    assert.match(t.out, /preempted-reader blocking threshold: 3 s/);
  });

  it('bad values are refused with one line saying what is wanted (exit 2), before the file is read', async () => {
    for (const [opt, v, want] of [
      ['--stall-timeout', 'abc', /--stall-timeout "abc": a number of seconds greater than 0/],
      ['--stall-timeout', '0', /greater than 0/],
      ['--stall-timeout', '-5', /greater than 0/],
      ['--stall-timeout', 'Infinity', /greater than 0/],
      ['--stall-timeout', '1e400', /greater than 0/],
      ['--reader-block-threshold', '-1', /--reader-block-threshold "-1": a number of seconds, 0 or more/],
      ['--reader-block-threshold', 'NaN', /0 or more/],
      ['--reader-block-threshold', '1,5', /0 or more/],
    ] as const) {
      for (const cmd of ['analyze', 'check']) {
        const r = await cli(cmd, '/nonexistent/file.log', `${opt}=${v}`);
        assert.equal(r.code, 2, `${cmd} ${opt}=${v}`);
        assert.match(r.err, want);
        assert.equal(r.err.trim().split('\n').length, 1, r.err);
        assert.equal(r.out, '');
      }
    }
    const r = await cli('check', file, '--stall-timeout');
    assert.equal(r.code, 2);
    assert.match(r.err, /--stall-timeout needs a value/);
  });

  it('--help names both', async () => {
    const r = await cli('analyze', '--help');
    assert.match(r.out, /--stall-timeout SECONDS/);
    assert.match(r.out, /--reader-block-threshold SECONDS/);
  });
});
