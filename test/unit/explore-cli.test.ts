// rcu-lens explore, in-process on the real CLI: verdicts, exit codes, the counterexample as text,
// as a log the core reads back (through rcu-lens analyze), and as JSON; bad input exits 2.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

describe('cli: rcu-lens explore', () => {
  it('proves the seed safe: exit 0, HOLDS', async () => {
    const r = await cli('explore');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /invariant: no call of cco_quickly overlaps a call of do_maint \(1 call of do_maint, 2 of cco_quickly\)/);
    assert.match(r.out, /^HOLDS: no ordering lets cco_quickly overlap do_maint$/m);
  });

  it('proves it with --readers 4', async () => {
    const r = await cli('explore', '--readers', '4');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /the seed module with 4 readers/);
    assert.match(r.out, /4 of cco_quickly/);
  });

  for (const m of ['drop-gp1', 'drop-gp2']) {
    it(`--mutate ${m}: exit 1 with a counterexample, step by step and as a log`, async () => {
      const r = await cli('explore', '--mutate', m);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /^BROKEN: cco_quickly \(cco\d\) overlaps do_maint \(maint\)/m);
      assert.match(r.out, /counterexample, step by step/);
      assert.match(r.out, /^\s+\d+ {2}cco\d: rcu-lens|reads shared state here, in the middle of do_maint/m);
      assert.match(r.out, /\[ T10\d\] hit do_maint/);
    });
  }

  it('--log prints the counterexample as a dmesg log that rcu-lens analyze reads as one run', async () => {
    const r = await cli('explore', '--mutate', 'drop-gp2', '--log');
    assert.equal(r.code, 1);
    assert.match(r.out, /^\[ {3}99\.\d{6}\] \[ T100\] phased state change - init module$/m);
    const dir = mkdtempSync(join(tmpdir(), 'rcu-lens-explore-'));
    writeFileSync(join(dir, 'cx.log'), r.out);
    const a = await cli('analyze', join(dir, 'cx.log'), '--json');
    assert.equal(a.code, 0, a.err);
    const j = JSON.parse(a.out) as { runs: { readers: unknown[] }[]; format: string };
    assert.equal(j.runs.length, 1);
    assert.equal(j.runs[0]!.readers.length, 2);
    // nothing when the invariant holds
    const ok = await cli('explore', '--log');
    assert.equal(ok.code, 0);
    assert.equal(ok.out, '');
  });

  it('--svg prints the counterexample\'s timeline: lanes for the tasks, the quick reader across do_maint', async () => {
    const r = await cli('explore', '--mutate', 'drop-gp2', '--svg');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const lane of ['cco1', 'maint', 'cco2']) assert.match(r.out, new RegExp(`>${lane}<`), lane);
    assert.match(r.out, /cco_quickly \(cco\d\) overlaps do_maint/);
    assert.equal((await cli('explore', '--svg')).out, '', 'nothing to draw when the invariant holds');
    assert.equal((await cli('explore', '--svg', '--log')).code, 2);
  });

  it('--json: verdict, calls, states and the counterexample', async () => {
    const r = await cli('explore', '--readers', '3', '--mutate', 'drop-gp1', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { verdict: string; calls: number[]; apart: string[]; counterexample: { summary: string; steps: string[]; log: string } };
    assert.equal(j.verdict, 'broken');
    assert.deepEqual(j.calls, [1, 3]);
    assert.deepEqual(j.apart, ['do_maint', 'cco_quickly']);
    assert.ok(j.counterexample.steps.length > 10);
    assert.match(j.counterexample.log, /hit cco_quickly/);
  });

  it('reads a scenario file, and --apart names another pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcu-lens-explore-'));
    const emitted = await cli('simulate', '--emit-scenario', '--mutate', 'drop-gp2');
    writeFileSync(join(dir, 's.json'), emitted.out);
    const r = await cli('explore', '--scenario', join(dir, 's.json'));
    assert.equal(r.code, 1, r.err);
    // careful readers may overlap do_maint (that is what the careful path is for): the explorer finds it
    const c = await cli('explore', '--apart', 'do_maint,cco_carefully');
    assert.equal(c.code, 1, c.err);
    assert.match(c.out, /cco_carefully/);
  });

  it('bad input exits 2 with a message', async () => {
    const cases: [string[], RegExp][] = [
      [['explore', '--readers', '0'], /--readers must be a whole number from 1 to 16/],
      [['explore', '--readers', '2', '--scenario', 'x.json'], /cannot be used with --scenario/],
      [['explore', '--apart', 'do_maint'], /--apart needs two function names/],
      [['explore', '--apart', 'do_maint,nope'], /has no function nope/],
      [['explore', '--mutate', 'drop-gp9'], /./],
      [['explore', '--bogus'], /unknown option/],
      [['explore', 'file.log'], /takes no file argument/],
      [['explore', '--scenario', '/nonexistent/s.json'], /./],
    ];
    for (const [args, re] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, re, args.join(' '));
    }
  });
});
