// The kernel's own RCU from its tracepoints (src/core/kernel/), on real traces of Linux 6.1 running
// the seed module (test/fixtures/traces/, made with ../shared/lab): which kernel grace period
// completed each of the seed's synchronize_rcu() calls, which preempted reader held it up, and in
// the skip-gp1 run, that no kernel grace period separated the reader from do_maint().

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import type { Analysis } from '../../src/core/model';
import { describeSeq, gpOfEndValue, nextGp, seqCtr, seqSnap, seqState } from '../../src/core/kernel/gpSeq';
import { syncSentence, separationSentence } from '../../src/core/kernel/describe';
import { renderText, renderMarkdown } from '../../src/core/report/text';
import { buildTimeline, ItemKind, LinkKind } from '../../src/core/timeline/timeline';
import { kernelLineHover } from '../../src/core/kernel/hover';
import { buildLineIndex } from '../../src/core/explain/lineIndex';
import { explainLine, plainLineRef } from '../../src/core/explain/lineHover';
import { cli } from './support/cli';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces');
const text = (name: string) => gunzipSync(readFileSync(join(DIR, name))).toString('utf8');
const cache = new Map<string, Analysis>();
function analysis(name: string): Analysis {
  let a = cache.get(name);
  if (!a) { a = analyzeBytes(gunzipSync(readFileSync(join(DIR, name)))); cache.set(name, a); }
  return a;
}

describe('kernel: gp_seq as the kernel reads it', () => {
  it('splits counter and state, also below zero (the counter starts just below the wrap)', () => {
    assert.equal(seqState(-883), 1);
    assert.equal(seqCtr(-883), -221);
    assert.equal(seqState(-884), 0);
    assert.equal(seqState(1234), 2);
    assert.equal(seqSnap(-884), -880);            // idle: the next grace period must complete
    assert.equal(seqSnap(-871), -864);            // in progress: the one after it
    assert.equal(gpOfEndValue(-880), -883);       // rcu_preempt_task's snapshot names the GP -883
    assert.equal(gpOfEndValue(-899), -899);       // an in-progress value names itself
    assert.equal(nextGp(-884), -883);
    assert.match(describeSeq(-883), /counter -221, state 1/);
  });
});

describe('kernel: grace periods and readers on a real 6.1 trace (phased-rcutrace)', () => {
  const a = () => analysis('phased-rcutrace.trace.log.gz');

  it('finds every grace period by gp_seq, with start and end lines', () => {
    const k = a().kernel;
    assert.equal(k.source, 'tracepoint');
    const starts = text('phased-rcutrace.trace.log.gz').split('\n').filter((l) => / rcu_grace_period: rcu_preempt -?\d+ start$/.test(l)).length;
    assert.equal(k.gracePeriods.filter((g) => g.startLine !== null).length, starts);
    const g = k.gracePeriods.find((x) => x.gpSeq === -883)!;
    assert.equal(g.flavour, 'rcu_preempt');
    assert.equal(g.startLine, 2502);
    assert.equal(g.endLine, 11146);
    assert.deepEqual(g.cpus, [0, 1]);
    assert.ok(g.fqsRounds > 100, `${g.fqsRounds} FQS scans while the reader blocked it`);
    assert.equal(g.lastReport?.kind, 'task');
    assert.equal(g.lastReport?.pid, 44);
    assert.equal(g.lastReport?.line, 11123);
  });

  it('cco1 (pid 44), preempted inside its critical section, held up grace period -883', () => {
    const k = a().kernel;
    const r = k.preemptedReaders.find((x) => x.pid === 44)!;
    assert.equal(r.task, 'cco1');
    assert.equal(r.cpu, 1);
    assert.equal(r.startLine, 1070);
    assert.equal(r.endLine, 11122);
    assert.equal(k.gracePeriods[r.blocked!]!.gpSeq, -883);
    assert.ok(r.blockedFor! > 2.7 && r.blockedFor! < 2.8);
    // cat, sleep: preempted after their CPU reported, they would block the next GP but left first.
    for (const x of k.preemptedReaders.filter((y) => y.task === 'cat' || y.task === 'sleep')) assert.equal(x.blocked, null);
  });

  it('links synchronize_rcu() #1 to grace period -883 and cco1, #2 to -867 and cco2', () => {
    const an = a();
    const run = an.runs[0]!;
    const [gp1, gp2] = run.gracePeriods;
    assert.deepEqual(gp1!.kernelGracePeriods, [-883]);
    assert.deepEqual(gp1!.kernelReaders!.map((i) => an.kernel.preemptedReaders[i]!.pid), [44]);
    assert.equal(an.kernel.syncs[gp1!.kernelSync!]!.entryLine, 2460);
    assert.deepEqual(gp2!.kernelGracePeriods, [-867]);
    assert.deepEqual(gp2!.kernelReaders!.map((i) => an.kernel.preemptedReaders[i]!.task), ['cco2']);
    assert.match(syncSentence(an, gp1!)!, /synchronize_rcu\(\) #1 \(called 6\.323 s, returned 9\.090 s, kprobes\) was completed by grace period -883 \(rcu_preempt\) \(6\.337 s → 9\.081 s\), which waited for task cco1 \(pid 44\), preempted inside its read-side critical section on CPU 1 from 3\.733 s until 9\.078 s/);
    const cco1 = run.readers.find((r) => r.task === 'cco1')!;
    assert.deepEqual(cco1.kernelPreempted!.map((i) => an.kernel.preemptedReaders[i]!.pid), [44]);
    assert.deepEqual(cco1.kernelGpsBeforeMaint!.map((i) => an.kernel.gracePeriods[i]!.gpSeq), [-883]);
  });

  it('pairs callbacks and gives latency percentiles per CPU', () => {
    const c = a().kernel.callbacks;
    assert.equal(c.queued, 604);
    assert.equal(c.invoked, 623 + 1);
    assert.equal(c.kfreeBulk, 4);
    assert.ok(c.paired > 550);
    assert.equal(c.pairedByPointer, 0, 'this kernel printed every rhp as (____ptrval____)');
    assert.deepEqual(c.perCpu.map((p) => p.cpu), [0, 1]);
    for (const p of c.perCpu) assert.ok(p.latency.p50! > 0 && p.latency.p50! <= p.latency.p90! && p.latency.p90! <= p.latency.max!);
    assert.equal(c.batches.count, 67);
  });

  it('reports a preempted reader held longer than the threshold, and no other kernel finding', () => {
    const k = a().kernel;
    assert.deepEqual(k.findings.map((f) => [f.rule, f.line]), [['kernel-reader-blocking', 1070], ['kernel-reader-blocking', 11744]]);
    assert.ok(k.findings[0]!.related.some((r) => r.line === 11122));
    const loose = analyzeBytes(gunzipSync(readFileSync(join(DIR, 'phased-rcutrace.trace.log.gz'))), { kernel: { readerBlockThreshold: 10, stallTimeout: 2 } }).kernel;
    assert.deepEqual(loose.findings.map((f) => f.rule), ['kernel-gp-long', 'kernel-gp-long'], 'GPs -883 and -871 outlast a 2 s stall timeout');
  });

  it('has a kernel RCU section in the text report and the Markdown export', () => {
    const t = renderText(a(), { file: 'x' } as never);
    assert.match(t, /kernel RCU:\n {2}grace periods: 37 \(rcu_preempt\)/);
    assert.match(t, /CPU 1: \d+ queued, \d+ invoked; latency p50/);
    assert.match(renderMarkdown(a(), { file: 'x' } as never), /## Kernel RCU/);
  });

  it('draws kernel grace periods with their story, and preempted readers on the kernel lanes', () => {
    const d = buildTimeline(a(), 'boot:0');
    const kinds = Array.from(d.items.kind);
    assert.ok(kinds.filter((k) => k === ItemKind.KernelGp).length >= 36);
    assert.ok(d.lanes.some((l) => l.name === 'rcu_preempt GPs'));
    assert.ok(d.notes.some((n) => /held up by cco1 \(pid 44\)/.test(n)));
    // cco1's preemption sits on cco1's own lane, linked from grace period -883, which the
    // scenario's synchronize_rcu() #1 links to.
    const pre = kinds.findIndex((k, i) => k === ItemKind.KernelReader && d.lanes[d.items.lane[i]!]!.name === 'cco1');
    assert.ok(pre >= 0);
    const links = Array.from({ length: d.links.count }, (_, k) => [d.links.from[k]!, d.links.to[k]!, d.links.kind[k]!]);
    const kgp = links.find(([, to, kind]) => to === pre && kind === LinkKind.WaitedFor)![0]!;
    assert.equal(d.items.ref[kgp], -883);
    const sgp = links.find(([, to, kind]) => to === kgp && kind === LinkKind.CompletedBy)![0]!;
    assert.equal(d.items.kind[sgp], ItemKind.GracePeriod);
    assert.equal(d.items.ref[sgp], 1);
  });
});

describe('kernel: the skipped grace period (phased-rcutrace-skip-gp1)', () => {
  it('no kernel grace period separated cco1 from do_maint(), and synchronize_rcu() #1 has none', () => {
    const an = analysis('phased-rcutrace-skip-gp1.trace.log.gz');
    const run = an.runs[0]!;
    const cco1 = run.readers.find((r) => r.task === 'cco1')!;
    assert.deepEqual(cco1.kernelGpsBeforeMaint, []);
    assert.match(separationSentence(an, cco1)!, /no kernel grace period separated cco1/);
    assert.deepEqual(run.gracePeriods[0]!.kernelGracePeriods, []);
    assert.equal(run.gracePeriods[0]!.kernelSync, undefined, 'no synchronize_rcu() kprobe between hit maint and hit do_maint');
    // The grace period in progress when cco1 was preempted ended only after it left.
    const r = an.kernel.preemptedReaders.find((x) => x.task === 'cco1')!;
    const g = an.kernel.gracePeriods[r.blocked!]!;
    assert.equal(g.gpSeq, -899);
    const doMaint = run.updater!.steps.find((s) => s.kind === 'maint-begin')!;
    assert.ok(g.endLine! > doMaint.line);
    // The second call still has its grace period.
    assert.deepEqual(run.gracePeriods[1]!.kernelGracePeriods, [-887]);
  });

  it('one CPU: the same links (phased-rcutrace-smp1)', () => {
    const an = analysis('phased-rcutrace-smp1.trace.log.gz');
    const [gp1, gp2] = an.runs[0]!.gracePeriods;
    assert.equal(gp1!.kernelGracePeriods!.length, 1);
    assert.deepEqual(gp1!.kernelReaders!.map((i) => an.kernel.preemptedReaders[i]!.task), ['cco1']);
    assert.deepEqual(gp2!.kernelReaders!.map((i) => an.kernel.preemptedReaders[i]!.task), ['cco2']);
  });
});

describe('kernel: without CONFIG_RCU_TRACE, from kprobes', () => {
  it('grace periods from rcu_gp_init/rcu_gp_cleanup, synchronize_rcu() linked by its entry/return', () => {
    // The real trace with every rcu:* tracepoint line removed: kprobes and printk:console remain.
    const an = analysis('phased-rcutrace-kprobes-only.trace.log.gz');
    assert.equal(an.kernel.source, 'kprobe');
    assert.equal(an.kernel.gracePeriods.length, 37);
    const [gp1, gp2] = an.runs[0]!.gracePeriods;
    const g1 = an.kernel.gracePeriods[gp1!.kernelGpIndex![0]!]!;
    assert.equal(g1.gpSeq, null);
    assert.equal(g1.flavour, 'rcu_preempt');
    assert.ok(Math.abs(g1.startTime! - 6.3367) < 0.001 && Math.abs(g1.endTime! - 9.0811) < 0.001);
    assert.equal(gp2!.kernelGpIndex!.length, 1);
  });
});

describe('kernel: tp_printk copies in dmesg', () => {
  it('reads trace events printed to the console as kernel messages', () => {
    // The real trace as the console shows it with tp_printk: `[ time] event: args`; the
    // printk:console lines become the module's own printk lines.
    const lines: string[] = [];
    for (const l of text('phased-rcutrace.trace.log.gz').split('\n')) {
      const m = /^\s*\S.*?\[\d+\]\s+\S+\s+(\d+\.\d+): (rcu_\w+|console): (.*)$/.exec(l);
      if (!m) continue;
      lines.push(`[${Number(m[1]).toFixed(6).padStart(12)}] ${m[2] === 'console' ? '' : `${m[2]}: `}${m[3]}`);
    }
    const an = analyzeText(lines.join('\n') + '\n');
    assert.equal(an.format, 'dmesg');
    const g = an.kernel.gracePeriods.find((x) => x.gpSeq === -883)!;
    assert.ok(g.startLine !== null && g.endLine !== null);
    const [gp1] = an.runs[0]!.gracePeriods;
    assert.deepEqual(gp1!.kernelGracePeriods, [-883], 'linked from hit maint / hit do_maint alone');
    assert.deepEqual(gp1!.kernelReaders!.map((i) => an.kernel.preemptedReaders[i]!.pid), [44]);
  });

  it('reads the stall timeout the kernel announces', () => {
    const an = analyzeText('[    0.000000] rcu: \tRCU CPU stall warnings timeout set to 60 (rcu_cpu_stall_timeout).\n[    1.000000] rcu_grace_period: rcu_preempt -1199 start\n');
    assert.equal(an.kernel.stallTimeout, 60);
    assert.equal(an.kernel.stallTimeoutFromLog, true);
  });
});

describe('kernel: console ftrace dumps', () => {
  it('counts the callbacks a dump after `Dumping ftrace buffer:` invoked (corpus, LKML 5.10-rc)', () => {
    const log = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus', 'ftrace-dump-on-oops-rcu_invoke_callback-rcuop-lkml-5.10-rc.log'));
    const k = analyzeBytes(log).kernel;
    assert.equal(k.callbacks.invoked, 44);
    assert.deepEqual(k.callbacks.perCpu.map((c) => c.cpu), [0]);
    assert.equal(k.source, 'none');
  });
});

describe('kernel: callback rules (pointers the trace shows)', () => {
  const head = 'rcu_preempt-12      [000] d..1.     ';
  const ev = (t: number, e: string, cpu = 0, task = 'kworker/0:1-22') => `${task.padStart(16)} [00${cpu}] d..1.     ${t.toFixed(6)}: ${e}`;
  void head;
  it('a callback invoked before a full grace period after its queueing is an error', () => {
    const log = [
      '# tracer: nop',
      ev(1.0, 'rcu_grace_period: rcu_preempt 5 start', 0, 'rcu_preempt-12'),
      ev(1.1, 'rcu_callback: rcu_preempt rhp=00000000deadbeef func=foo_free 1'),
      ev(1.2, 'rcu_grace_period: rcu_preempt 5 end', 0, 'rcu_preempt-12'),
      ev(1.3, 'rcu_invoke_callback: rcu_preempt rhp=00000000deadbeef func=foo_free'),
      ev(1.4, 'rcu_callback: rcu_preempt rhp=00000000cafef00d func=bar_free 1'),
      ev(1.5, 'rcu_grace_period: rcu_preempt 9 start', 0, 'rcu_preempt-12'),
      ev(1.6, 'rcu_grace_period: rcu_preempt 9 end', 0, 'rcu_preempt-12'),
      ev(1.7, 'rcu_invoke_callback: rcu_preempt rhp=00000000cafef00d func=bar_free'),
    ].join('\n') + '\n';
    const k = analyzeText(log).kernel;
    assert.deepEqual(k.findings.map((f) => [f.rule, f.line, f.related[0]!.line]), [['kernel-cb-early', 5, 3]]);
    assert.equal(k.callbacks.pairedByPointer, 2);
  });

  it('rcu_barrier() returning before a callback queued before it was invoked is an error', () => {
    const log = [
      '# tracer: nop',
      ev(1.0, 'rcu_callback: rcu_preempt rhp=00000000deadbeef func=foo_free 1'),
      ev(1.1, 'rcu_barrier: rcu_preempt Begin cpu -1 remaining 0 # 0'),
      ev(1.2, 'rcu_barrier: rcu_preempt End cpu -1 remaining 0 # 1'),
      ev(1.3, 'rcu_invoke_callback: rcu_preempt rhp=00000000deadbeef func=foo_free'),
      ev(1.4, 'rcu_barrier: rcu_preempt Begin cpu -1 remaining 0 # 2'),
      ev(1.5, 'rcu_barrier: rcu_preempt End cpu -1 remaining 0 # 3'),
    ].join('\n') + '\n';
    const k = analyzeText(log).kernel;
    assert.deepEqual(k.findings.map((f) => [f.rule, f.line]), [['kernel-barrier-early', 4]]);
  });
});

describe('kernel: hovers', () => {
  const name = 'phased-rcutrace.trace.log.gz';
  const lineOf = (n: number) => text(name).split('\n')[n - 1]!;

  it('decodes a tracepoint line: fields, gp_seq state, the grace period it belongs to and how it ended', () => {
    const an = analysis(name);
    const md = kernelLineHover(an, 2511, lineOf(2511))!; // rcu_grace_period: rcu_preempt -883 cpuqs
    assert.match(md, /RCU tracepoint `rcu_grace_period`/);
    assert.match(md, /gp_seq -883 = counter -221, state 1/);
    assert.match(md, /`cpuqs`: this CPU passed through a quiescent state/);
    assert.match(md, /belongs to \*\*grace period \\-883 \\\(rcu\\_preempt\\\)\*\*/);
    assert.match(md, /held up by cco1 \\\(pid 44\\\)/);
    const qs = kernelLineHover(an, 2882, lineOf(2882))!; // rcu_preempt -883 2>0 0 0 1 1
    assert.match(qs, /Quiescent state reported for CPU 1 .* still waiting for: none/);
    assert.match(qs, /still block this grace period \(`gp_tasks`=1\)/);
    const pre = kernelLineHover(an, 1070, lineOf(1070))!;
    assert.match(pre, /Task pid 44 was preempted inside rcu_read_lock\(\): it blocks the next grace period/);
    assert.match(pre, /cco1 \\\(pid 44\\\) preempted inside its read\\-side critical section on CPU 1/);
  });

  it('on a synchronize_rcu kprobe and on the seed\'s hit maint / hit do_maint lines: which kernel GP completed it, and who held it up', () => {
    const an = analysis(name);
    const kp = kernelLineHover(an, 2460, lineOf(2460))!;
    assert.match(kp, /kprobe: `synchronize_rcu\(\)` called/);
    assert.match(kp, /Completed by \*\*grace period \\-883/);
    const ix = buildLineIndex(an);
    const hitMaint = an.runs[0]!.gracePeriods[0]!.beginLine!;
    const md = explainLine(ix, hitMaint, { lineRef: plainLineRef })!;
    assert.match(md, /\*\*Kernel RCU:\*\* synchronize\\_rcu\\\(\\\) \\#1 .*completed by grace period \\-883 .*cco1 \\\(pid 44\\\)/);
    const endDoMaint = an.runs[0]!.gracePeriods[1]!.beginLine!;
    assert.match(explainLine(ix, endDoMaint, { lineRef: plainLineRef })!, /completed by grace period \\-867 .*cco2 \\\(pid 46\\\)/);
  });

  it('on hit do_maint of the skip-gp1 run: no kernel grace period separated cco1 from it', () => {
    const an = analysis('phased-rcutrace-skip-gp1.trace.log.gz');
    const doMaint = an.runs[0]!.updater!.steps.find((s) => s.kind === 'maint-begin')!.line;
    assert.match(explainLine(buildLineIndex(an), doMaint, { lineRef: plainLineRef })!, /✗ no kernel grace period separated cco1/);
  });
});

describe('kernel: the CLI', () => {
  it('analyze --json has the kernel object; the text report its kernel RCU section', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rcu-lens-kernel-')), 'phased-rcutrace.trace.log');
    writeFileSync(file, gunzipSync(readFileSync(join(DIR, 'phased-rcutrace.trace.log.gz'))));
    const j = await cli('analyze', '--json', file);
    assert.equal(j.code, 0, j.err);
    const a = JSON.parse(j.out) as Analysis;
    assert.equal(a.kernel.gracePeriods.find((g) => g.gpSeq === -883)!.startLine, 2502);
    assert.deepEqual(a.runs[0]!.gracePeriods.map((g) => g.kernelGracePeriods), [[-883], [-867]]);
    assert.equal((a.trace as unknown as Record<string, unknown>).gracePeriods, undefined, 'moved to kernel');
    const t = await cli('analyze', file);
    assert.match(t.out, /kernel RCU:\n.*\n.*longest: grace period -871/);
    assert.match(t.out, /run 1: synchronize_rcu\(\) #1 .* was completed by grace period -883/);
  });
});
