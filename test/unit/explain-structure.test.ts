// Folding structure of real logs: stack traces, register dumps, module lists, quiet stretches; and
// the invariant editors need: regions nest or are disjoint, never overlap partially.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { logStructure, messageOf, type Region } from '../../src/core/explain/structure';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const STALL_LOG = 'corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log';

function load(rel: string) {
  const text = fs.readFileSync(path.join(fixtures, rel), 'utf8');
  const lines = text.split(/\r\n|\r|\n/);
  return { text, lines, regions: logStructure(lines, analyzeText(text)) };
}

function assertNested(regions: Region[], what: string) {
  const starts = new Map<number, Region>();
  for (const r of regions) {
    // Editors keep one fold per start line: a second one would silently disappear.
    if (r.kind !== 'run' && r.kind !== 'stall') assert.ok(!starts.has(r.start), `${what}: two folds start at line ${r.start}: ${JSON.stringify(starts.get(r.start))} ${JSON.stringify(r)}`);
    starts.set(r.start, r);
  }
  for (const a of regions) {
    assert.ok(a.start < a.end, `${what}: empty region ${JSON.stringify(a)}`);
    for (const b of regions) {
      if (a === b) continue;
      const partial = a.start < b.start && b.start <= a.end && a.end < b.end;
      assert.ok(!partial, `${what}: ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap without nesting`);
    }
  }
}

describe('explain: log structure (folding)', () => {
  const { lines, regions } = load(STALL_LOG);
  const at = (kind: Region['kind'], startsWith: string) =>
    regions.filter((r) => r.kind === kind && lines[r.start - 1]!.includes(startsWith));

  it('strips kernel prefixes but keeps frame indentation', () => {
    assert.equal(messageOf('[  828.857722] Call Trace:'), 'Call Trace:');
    assert.equal(messageOf('[  204.038603][    C1]  preempt_schedule_common+0x9c/0xe0'), ' preempt_schedule_common+0x9c/0xe0');
    assert.equal(messageOf('Nov 24 19:39:04 gsan1-coy kernel: [ 3556.510903] INFO: rcu_sched_state'), 'INFO: rcu_sched_state');
    assert.equal(messageOf('<3>INFO: Stall ended'), 'INFO: Stall ended');
  });

  it('folds each Call Trace from its header through its last frame', () => {
    const traces = regions.filter((r) => r.kind === 'trace');
    assert.ok(traces.length >= 6, `${traces.length} traces`);
    for (const t of traces) {
      assert.match(lines[t.start - 1]!, /Call Trace:/);
      assert.match(lines[t.end - 1]!, /entry_SYSCALL_64_after_hwframe|<\/TASK>/);
    }
  });

  it('folds register dumps (RIP … CR2)', () => {
    const regs = at('registers', 'RIP: 0010:kthread_stop+0x140/0x170');
    assert.equal(regs.length, 1);
    assert.match(lines[regs[0]!.end - 1]!, /CR2: /);
  });

  it('folds the long stretch of boot noise before the first run as quiet', () => {
    const first = regions.find((r) => r.kind === 'quiet')!;
    assert.equal(first.start, 1);
    const firstEvent = lines.findIndex((l) => l.endsWith('hit cco')) + 1;
    assert.ok(first.end < firstEvent && first.end > 1000, `quiet 1–${first.end}, first event ${firstEvent}`);
  });

  it('folds runs', () => {
    assert.ok(regions.some((r) => r.kind === 'run'));
  });

  it('folds a wrapped module list', () => {
    const text = [
      '[  1.0] Modules linked in: test_phased_state_change(OE+) test_rcu(OE) snd_seq_dummy',
      '[  1.0]  snd_hrtimer snd_seq rfkill vfat fat',
      '[  1.0]  kvm_intel(E) kvm irqbypass',
      '[  1.0] CPU: 2 PID: 18793 Comm: rmmod',
    ];
    const r = logStructure(text, null);
    assert.deepEqual(r.filter((x) => x.kind === 'modules'), [{ start: 1, end: 3, kind: 'modules' }]);
  });

  it('regions nest properly in every fixture log', () => {
    for (const dir of ['seed', 'corpus', 'violations', 'allowed']) {
      for (const f of fs.readdirSync(path.join(fixtures, dir))) {
        if (f.endsWith('.log')) assertNested(load(`${dir}/${f}`).regions, `${dir}/${f}`);
      }
    }
  });

  it('never throws on junk, huge lines and empty input', () => {
    assert.deepEqual(logStructure([], null), []);
    const junk = ['\0\0\0', 'x'.repeat(300_000), '[ 1.0] Call Trace:', '[ 1.0] ' + '+0x'.repeat(100_000), ''];
    assert.doesNotThrow(() => logStructure(junk, null));
  });

  it('stops at maxLines', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `[ ${i}.0] noise ${i}`);
    const r = logStructure(many, null, { maxLines: 100 });
    assert.ok(r.every((x) => x.end <= 100));
  });
});
