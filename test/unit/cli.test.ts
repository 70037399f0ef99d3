import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const SEED = join(FIX, 'seed', 'phased-state-change.log');

describe('CLI: rcu-lens analyze', () => {
  it('prints the phases, readers and grace periods of the seed log', async () => {
    const r = await cli('analyze', SEED);
    assert.equal(r.code, 0);
    assert.match(r.out, /gp1\s+lines 13–14/);
    assert.match(r.out, /GP1: synchronize_rcu\(\) #1 from line 13 \(hit maint\) to line 15 \(hit do_maint\), 28\.499 s; waited for cco1 \(lines 3–14\)/);
    assert.match(r.out, /violations: none/);
  });

  it('--json gives the documented shape', async () => {
    const r = await cli('analyze', SEED, '--json');
    assert.equal(r.code, 0);
    const a = JSON.parse(r.out);
    assert.equal(a.format, 'dmesg');
    assert.equal(a.events.length, 14);
    for (const e of a.events) for (const k of ['line', 'time', 'task', 'kind', 'text']) assert.ok(k in e, k);
    assert.deepEqual(a.events[2], { ...a.events[2], line: 3, time: 99.566686, task: 'cco1', kind: 'reader-begin', text: 'hit cco' });
    assert.deepEqual(a.runs[0].phases.map((p: { name: string }) => p.name), ['normal', 'gp1', 'maint', 'gp2']);
    assert.ok(Array.isArray(a.runs[0].readers) && Array.isArray(a.runs[0].gracePeriods));
    assert.deepEqual(a.violations, []);
    assert.ok(Array.isArray(a.stalls) && Array.isArray(a.warnings));
  });

  it('--profile reads a custom profile; a bad one is one clear line and exit 2', async () => {
    const ok = await cli('analyze', join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log'), '--profile', join(FIX, 'profiles', 'addonly-list.json'));
    assert.equal(ok.code, 0);
    assert.match(ok.out, /reader0/);
    const dir = mkdtempSync(join(tmpdir(), 'rcu-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{"name":"x","patterns":[{"kind":"nope","match":"^a"}]}');
    const bad = await cli('analyze', SEED, '--profile', join(dir, 'bad.json'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown kind "nope"/);
    assert.equal(bad.err.trim().split('\n').length, 1);
  });
});

describe('CLI: rcu-lens check', () => {
  it('exit 0 and nothing on stdout when no rule is violated', async () => {
    const r = await cli('check', SEED);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  it('exit 1 with FILE:LINE: message for each violation', async () => {
    const f = join(FIX, 'violations', 'no-second-synchronize_rcu.log');
    const r = await cli('check', f);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trim().split('\n').map((l) => l.slice(0, f.length + 4)), [`${f}:13:`]);
    assert.match(r.out, /cco2/);
  });

  it('exit 2 with one clear line for a missing file, a directory, a binary file, and a file with no kernel log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-cli-'));
    const bin = join(dir, 'junk.bin');
    writeFileSync(bin, Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff));
    const text = join(dir, 'app.log');
    writeFileSync(text, 'INFO starting server\nWARN disk almost full\n');
    for (const [file, want] of [[join(dir, 'nope.log'), /no such file/], [dir, /is a directory/], [bin, /binary file/], [text, /no kernel log/]] as const) {
      const r = await cli('check', file);
      assert.equal(r.code, 2, file);
      assert.match(r.err, want);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli('check')).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
  });
});

describe('CLI: options', () => {
  it('every subcommand refuses an unknown option, a missing value, a value on a switch: one line naming it, with the usage, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['analyze', SEED, '--jsn'], /^rcu-lens: analyze: unknown option --jsn \(usage: rcu-lens analyze FILE /],
      [['analyze', SEED, '-j'], /^rcu-lens: analyze: unknown option -j /],
      [['analyze', SEED, '--json=yes'], /^rcu-lens: analyze: --json takes no value /],
      [['analyze', SEED, '--profile'], /^rcu-lens: analyze: --profile needs a value /],
      [['analyze', SEED, '--profile', '--json'], /^rcu-lens: analyze: --profile needs a value /],
      [['check', SEED, '--json'], /^rcu-lens: check: unknown option --json \(usage: rcu-lens check FILE /],
      [['check', SEED, '--profile='], /^rcu-lens: check: --profile needs a value /],
      [['simulate', '--exhaustve'], /^rcu-lens: simulate: unknown option --exhaustve \(usage: rcu-lens simulate /],
      [['simulate', '--log', '--seed'], /^rcu-lens: simulate: --seed needs a value /],
      [['diff', SEED, '--nofit'], /^rcu-lens: diff: unknown option --nofit \(usage: rcu-lens diff LOG /],
      [['diff', SEED, '--tolerance'], /^rcu-lens: diff: --tolerance needs a value /],
    ];
    for (const [args, want] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err, want);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('--name=value, -- before a file, and --help after a subcommand', async () => {
    assert.equal((await cli('analyze', `--profile=${join(FIX, 'profiles', 'addonly-list.json')}`, join(FIX, 'corpus', 'dmesg-addonly-list-rcu-module-5.18-rc1.log'))).code, 0);
    assert.equal((await cli('check', '--', SEED)).code, 0);
    const h = await cli('diff', '--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /^usage:/);
  });

  it('the usage text and the README name every option each subcommand takes', async () => {
    const usage = (await cli('--help')).out;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const cliSection = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('### The simulator'));
    const options: Record<string, string[]> = {
      analyze: ['--json', '--profile'], check: ['--profile'],
      simulate: ['--scenario', '--fit', '--run', '--mutate', '--seed', '--jitter', '--cpus', '--preempt', '--profile', '--json', '--log', '--emit-scenario', '--exhaustive'],
      diff: ['--scenario', '--run', '--no-fit', '--tolerance', '--seed', '--profile', '--json'],
    };
    for (const [cmd, opts] of Object.entries(options)) {
      for (const text of [usage, cliSection]) {
        const line = text.slice(text.indexOf(`rcu-lens ${cmd} `)).split(/\nrcu-lens |\n {2}rcu-lens |\n\n|```/)[0]!;
        for (const o of opts) assert.ok(new RegExp(`[[| ]${o}(?=[\\] =]|$)`, 'm').test(line), `${cmd} ${o} in ${text === usage ? 'USAGE' : 'README'}: ${line}`);
      }
      for (const o of opts) {
        const r = await cli(cmd, ...(cmd === 'simulate' ? [] : [SEED]), o, ...(o === '--json' || o === '--log' ? [] : ['x']), '--no-such-option');
        assert.match(r.err, /unknown option --no-such-option/, `${cmd} ${o} is an option it knows`);
      }
    }
  });
});

describe('CLI: the built binary', () => {
  const bin = join(ROOT, 'dist', 'cli.js'); // npm test and test:unit build it first

  /** A log whose report is large: the seed log 300 times over (300 boots, one run each). */
  function bigLog(): string {
    const f = join(mkdtempSync(join(tmpdir(), 'rcu-cli-')), 'big.log');
    writeFileSync(f, readFileSync(SEED, 'utf8').repeat(300));
    return f;
  }

  /** Run the binary with its stdout a pipe that this side closes at once (`| head -0`). */
  function withClosedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; err: string }> {
    return new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout.destroy();
      let err = '';
      c.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      c.on('error', reject);
      c.on('close', (code, signal) => resolve({ code, signal, err }));
    });
  }

  it('stops quietly when its standard output is closed (| head): no EPIPE stack trace, its own exit code', async () => {
    const big = bigLog();
    for (const [args, code] of [[['analyze', big], 0], [['analyze', big, '--json'], 0], [['diff', SEED], 0],
      [['check', join(FIX, 'violations', 'no-second-synchronize_rcu.log')], 1]] as const) {
      const r = await withClosedStdout([...args]);
      assert.equal(r.err, '', args.join(' '));
      assert.equal(r.code, code, args.join(' '));
    }
  });

  it('writes a large report whole through a pipe that stays open', async () => {
    const big = bigLog();
    for (const args of [['analyze', big, '--json'], ['analyze', big]]) {
      const r = spawnSync(process.execPath, [bin, ...args], { maxBuffer: 1 << 30 });
      assert.equal(r.status, 0);
      const want = (await cli(...args)).out;
      assert.ok(want.length > 100_000, `${want.length}`);
      assert.equal(r.stdout.toString(), want);
    }
  });

  it('reads standard input with -', () => {
    const r = spawnSync(process.execPath, [bin, 'check', '-'], { input: readFileSync(join(FIX, 'violations', 'no-first-synchronize_rcu.log')) });
    assert.equal(r.status, 1);
    assert.match(r.stdout.toString(), /^-:8: .*\[gp1-wait\]/m);
  });
});
