// Warnings and kernel findings capped per kind, as violations are per rule (issue 14: "keep
// findings compact (name a few, count the rest)"): the first MAX_WARNINGS_PER_KIND warnings of a
// kind and MAX_FINDINGS_PER_RULE kernel findings of a rule are listed, then one summary "and N
// more like it (lines a–b)" counts the rest. Nothing is silently lost: the counts add up, a kernel
// summary keeps its rule and severity (check exits 1, SARIF has its level), and whatever line is
// repeated n times, the findings' size stays bounded and the JSON grows linearly.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { MAX_FINDINGS_PER_RULE, MAX_VIOLATIONS_PER_RULE, capFindings, violationCount } from '../../src/core/capViolations';
import { MAX_WARNINGS_PER_KIND, WarningCap, capWarnings, warningCount } from '../../src/core/capWarnings';
import type { KernelFinding, Warning } from '../../src/core/model';
import { renderMarkdown, renderText } from '../../src/core/report/text';
import { toSarif } from '../../src/core/report/sarif';
import { cli } from './support/cli';
import { compilePattern, matchPattern } from '../../src/core/patterns/schema';
import { BUILTIN_PATTERNS } from '../../src/core/patterns/builtin';
import { RcuRunBuilder } from '../../src/core/rcu/rules';

const stamp = (i: number) => `[${(100 + i * 1e-4).toFixed(6).padStart(12)}] `;
const dmesg = (msgs: string[]) => msgs.map((m, i) => stamp(i) + m + '\n').join('');
const ftrace = (evs: string[]) => '# tracer: nop\n' + evs.map((e, i) => `  kworker/0:1-22   [000] d..1.     ${(1 + i * 1e-4).toFixed(6)}: ${e}\n`).join('');
const ptr = (i: number) => (0xdead0000 + i).toString(16).padStart(16, '0');

/** Logs where one line (or one short block) repeated n times gives a warning or finding each time. */
const REPEATED: Record<string, (n: number) => string> = {
  // the kernel's own RCU splat: a warning each
  splat: (n) => dmesg(Array<string>(n).fill('WARNING: suspicious RCU usage')),
  // a reader that never ends (runs.ts), one run
  'hit cco': (n) => dmesg(['phased state change - init module', 'start maint', 'hit maint', ...Array<string>(n).fill('hit cco')]),
  // a whole run whose reader has no end line: per-run checks (checks.ts) warn at each grace period
  'run with an open reader': (n) => dmesg(Array.from({ length: n }, () => ['phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly',
    'start maint', 'hit maint', 'hit do_maint', 'end do_maint', 'end maint']).flat()),
  // another pattern (rcu/rules.ts): synchronize_rcu() end with no begin
  'rcu_list gp end': (n) => dmesg(['rcu_list: init mode=sync', ...Array<string>(n).fill('rcu_list: deleter: synchronize_rcu() end')]),
  // stray ends: violations when the run is covered
  'end cco_quickly': (n) => dmesg(['phased state change - init module', 'start maint', 'hit maint', ...Array<string>(n).fill('end cco_quickly')]),
  // the kernel's rules on its tracepoints: a callback invoked with no grace period since its queueing
  'kernel-cb-early': (n) => ftrace(['rcu_grace_period: rcu_preempt 5 start', ...Array.from({ length: n }, (_, i) => [
    `rcu_callback: rcu_preempt rhp=${ptr(i)} func=foo_free 1`, `rcu_invoke_callback: rcu_preempt rhp=${ptr(i)} func=foo_free`]).flat()]),
};

function tmp(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'rcu-capw-')), name);
  writeFileSync(f, text);
  return f;
}

function perKey<T>(xs: readonly T[], key: (x: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) { const k = key(x) ?? ''; m.set(k, [...(m.get(k) ?? []), x]); }
  return m;
}

describe('warnings and kernel findings capped per kind', function () {
  this.timeout(300_000);

  it('capWarnings lists the first of each kind in line order, merges summaries, and counts all (fast-check)', () => {
    const kinds = ['a', 'b', 'c'] as const;
    const warning = fc.oneof(
      fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 1, max: 500 })).map(([kind, line]): Warning => ({ line, kind, message: `${kind} at ${line}` })),
      // a producer's own summary: stands for `omitted` on lines line..lastLine
      fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 1000 }))
        .map(([kind, line, d, omitted]): Warning => ({ line, kind, omitted, lastLine: line + d, message: 'a summary' })),
      fc.integer({ min: 0, max: 500 }).map((line): Warning => ({ line, message: `no kind at ${line}` })),
    );
    fc.assert(fc.property(fc.array(warning, { maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (raw, max) => {
      const ws = [...raw].sort((a, b) => a.line - b.line);
      const out = capWarnings(ws, max);
      assert.equal(warningCount(out), warningCount(ws));
      assert.deepEqual(out.filter((w) => w.kind === undefined), ws.filter((w) => w.kind === undefined));
      for (const kind of kinds) {
        const all = ws.filter((w) => w.kind === kind), plain = all.filter((w) => w.omitted === undefined);
        const got = out.filter((w) => w.kind === kind);
        const listed = got.filter((w) => w.omitted === undefined), sums = got.filter((w) => w.omitted !== undefined);
        assert.deepEqual(listed, plain.slice(0, max));
        const rest = [...plain.slice(max), ...all.filter((w) => w.omitted !== undefined)];
        assert.equal(sums.length, rest.length ? 1 : 0);
        if (sums[0]) {
          assert.equal(sums[0].line, Math.min(...rest.map((w) => w.line)));
          assert.equal(sums[0].lastLine ?? sums[0].line, Math.max(...rest.map((w) => w.lastLine ?? w.line)));
          assert.match(sums[0].message, new RegExp(`^and [\\d,]+ more like it \\(lines? [\\d–]+\\), not listed one by one: ${kind}$`));
        }
      }
      for (let i = 1; i < out.length; i++) assert.ok(out[i - 1]!.line <= out[i]!.line);
    }), { numRuns: 300 });
  });

  it('WarningCap makes the message of a listed warning only, and sums up the rest with their span', () => {
    let made = 0;
    const cap = new WarningCap([], 3);
    for (let line = 10; line < 20; line++) cap.add('k', line, () => { made++; return `k at ${line}`; });
    cap.add('other', 5, 'one');
    const ws = cap.finish();
    assert.equal(made, 3);
    assert.deepEqual(ws, [
      { line: 10, kind: 'k', message: 'k at 10' }, { line: 11, kind: 'k', message: 'k at 11' }, { line: 12, kind: 'k', message: 'k at 12' },
      { line: 5, kind: 'other', message: 'one' },
      { line: 13, kind: 'k', omitted: 7, lastLine: 19, message: 'and 7 more like it (lines 13–19), not listed one by one: k' },
    ]);
  });

  it('capFindings keeps the rule and severity in its summary, and violationCount counts what it stands for', () => {
    const f = (rule: KernelFinding['rule'], line: number): KernelFinding =>
      ({ rule, severity: rule === 'kernel-gp-long' ? 'warning' : 'error', line, message: `${rule} ${line}`, related: [{ line: line - 1, message: 'before' }] });
    const fs = [...Array.from({ length: 7 }, (_, i) => f('kernel-cb-early', 10 + i)), f('kernel-gp-long', 12), f('kernel-gp-long', 30)].sort((a, b) => a.line - b.line);
    const out = capFindings(fs, 2);
    assert.equal(violationCount(out), 9);
    const sum = out.filter((x) => x.omitted !== undefined);
    assert.deepEqual(sum, [{
      rule: 'kernel-cb-early', severity: 'error', line: 12, omitted: 5,
      message: 'and 5 more like it (lines 12–16), not listed one by one', related: [{ line: 16, message: 'the last of them' }],
    }]);
    assert.deepEqual(out.filter((x) => x.rule === 'kernel-gp-long').map((x) => x.line), [12, 30]);
  });

  it('a line that warns or finds, repeated n times: listed entries bounded, all counted, JSON linear (fast-check)', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(REPEATED)), fc.integer({ min: 1, max: 1500 }), (what, n) => {
      const text = REPEATED[what]!(n);
      const a = analyzeText(text);
      const findings = a.kernel.findings;
      // Each kind listed at most its cap, plus one summary.
      for (const [kind, ws] of perKey(a.warnings, (w) => w.kind)) if (kind) assert.ok(ws.length <= MAX_WARNINGS_PER_KIND + 1, `${what} ×${n}: ${ws.length} warnings of ${kind}`);
      for (const [rule, vs] of perKey(a.violations, (v) => v.rule)) assert.ok(vs.length <= MAX_VIOLATIONS_PER_RULE + 1, `${what} ×${n}: ${vs.length} ${rule}`);
      for (const [rule, fs] of perKey(findings, (f) => f.rule)) assert.ok(fs.length <= MAX_FINDINGS_PER_RULE + 1, `${what} ×${n}: ${fs.length} ${rule}`);
      // ...so what they say is bounded whatever n is,
      const said = JSON.stringify({ w: a.warnings, v: a.violations, f: findings }).length;
      assert.ok(said <= 200_000, `${what} ×${n}: ${said} bytes of warnings and findings`);
      // ...and the whole analysis grows at most linearly in the lines (events and readers are one each).
      const lines = a.lines, json = JSON.stringify(a).length;
      assert.ok(json <= 20_000 + 1500 * lines, `${what} ×${n}: ${json} bytes for ${lines} lines`);
      // Nothing silently lost: the summaries count what they stand for.
      if (what === 'splat') assert.equal(warningCount(a.warnings.filter((w) => w.kind?.startsWith('kernel RCU warning'))), n);
      if (what === 'kernel-cb-early') assert.equal(violationCount(findings.filter((f) => f.rule === 'kernel-cb-early')), n);
      if (what === 'rcu_list gp end') assert.equal(warningCount(a.warnings.filter((w) => w.kind === 'a return without a call')), n);
      if (what === 'run with an open reader') assert.equal(warningCount(a.warnings.filter((w) => w.kind === 'a waited-for reader with no end line')), 2 * n);
    }), { numRuns: 40 });
  });

  it('2,000 kernel splats: 50 listed, one summary with its span; the reports show it and count all', () => {
    const a = analyzeText(REPEATED.splat!(2000));
    const ws = a.warnings.filter((w) => w.kind?.startsWith('kernel RCU warning'));
    assert.equal(ws.length, MAX_WARNINGS_PER_KIND + 1);
    const sum = ws.at(-1)!;
    assert.deepEqual({ line: sum.line, lastLine: sum.lastLine, omitted: sum.omitted }, { line: 51, lastLine: 2000, omitted: 1950 });
    assert.match(sum.message, /^and 1,950 more like it \(lines 51–2000\), not listed one by one: kernel RCU warning: lockdep-RCU reports suspicious RCU usage/);
    const text = renderText(a, { file: 'x.log', maxWarnings: 100 });
    assert.match(text, /, 2000 warnings\n/);
    assert.match(text, /line 51: and 1,950 more like it/);
    assert.match(renderMarkdown(a, { file: 'x.log' }), /- line 51: and 1,950 more like it/);
    // past the first 20 listed, the rest are counted with what the summary stands for
    assert.match(renderText(a, { file: 'x.log' }), /\n {2}… and 1980 more warnings \(--json lists the first 50 of each kind\)\n/);
    assert.match(renderMarkdown(a, { file: 'x.log', maxWarnings: 10 }), /\n- … and 1990 more warnings\n/);
    type Result = { level: string; message: { text: string }; locations: { physicalLocation: { region?: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { region?: { startLine: number } } }[]; properties?: { omitted: number } };
    const results = (toSarif(a, { file: 'x.log', toolVersion: '0' }) as { runs: { results: Result[] }[] }).runs[0]!.results;
    const r = results.find((x) => x.properties?.omitted === 1950)!;
    assert.equal(r.level, 'note');
    assert.match(r.message.text, /^and 1,950 more like it/);
    assert.equal(r.locations[0]!.physicalLocation.region!.startLine, 51);
    assert.equal(r.relatedLocations![0]!.physicalLocation.region!.startLine, 2000);
  });

  it('300 early callbacks: 100 listed, then one kernel-cb-early error for 200; check exits 1 and SARIF keeps the level', async () => {
    const text = REPEATED['kernel-cb-early']!(300);
    const a = analyzeText(text);
    const fs = a.kernel.findings;
    assert.equal(fs.length, MAX_FINDINGS_PER_RULE + 1);
    const sum = fs.at(-1)!;
    assert.equal(sum.rule, 'kernel-cb-early');
    assert.equal(sum.severity, 'error');
    assert.equal(sum.omitted, 200);
    assert.match(sum.message, /^and 200 more like it \(lines \d+–\d+\)/);
    const file = tmp('cb.trace', text);
    const check = await cli('check', file);
    assert.equal(check.code, 1);
    assert.match(check.out, /: and 200 more like it .*\[kernel-cb-early\]\n$/);
    const sarif = await cli('check', file, '--format', 'sarif');
    const results = (JSON.parse(sarif.out) as { runs: { results: { ruleId: string; level: string; message: { text: string }; properties?: { omitted: number } }[] }[] }).runs[0]!.results;
    const r = results.find((x) => x.properties?.omitted === 200)!;
    assert.deepEqual([r.ruleId, r.level], ['kernel-cb-early', 'error']);
    assert.match(r.message.text, /^and 200 more like it/);
  });

  it('a run repeated 300 times with a reader that never ends: the per-run checks\' warnings are capped too', () => {
    const a = analyzeText(REPEATED['run with an open reader']!(300));
    assert.equal(a.runs.length, 300);
    const ws = a.warnings.filter((w) => w.kind === 'a waited-for reader with no end line');
    assert.equal(ws.length, MAX_WARNINGS_PER_KIND + 1);
    assert.equal(warningCount(ws), 600);
    assert.equal(ws.at(-1)!.lastLine, a.lines - 0);
  });
});

describe('caps: violations past the cap are counted, never built', () => {
  // Every synchronize_rcu() waited for every reader, and each reader left after every wait ended:
  // n² gp-wait violations. At n = 3,000 building each one (message, related lines) ran out of
  // memory; the cap now builds MAX_VIOLATIONS_PER_RULE and counts the rest.
  const overlapping = (n: number): string => dmesg([
    'rcu_list: init mode=sync',
    ...Array.from({ length: n }, (_, i) => `rcu_list: reader ${i}: begin`),
    ...Array.from({ length: n }, () => ['rcu_list: deleter: synchronize_rcu() begin', 'rcu_list: deleter: synchronize_rcu() end']).flat(),
    ...Array.from({ length: n }, (_, i) => `rcu_list: reader ${i}: end`),
  ]);

  it('n readers, n waits: n² gp-wait violations, of which the first are listed and one summary counts the rest', () => {
    for (const n of [5, 40, 200]) {
      const a = analyzeText(overlapping(n));
      const gp = a.violations.filter((v) => v.rule === 'gp-wait');
      assert.equal(violationCount(gp), n * n, `n=${n}`);
      assert.ok(gp.length <= MAX_VIOLATIONS_PER_RULE + 1, `n=${n}: ${gp.length} listed`);
      if (n * n > MAX_VIOLATIONS_PER_RULE) assert.equal(gp.filter((v) => v.omitted !== undefined).length, 1);
    }
  });

  it('a program that counts every one (maxViolationsPerRule: Infinity) still gets them all', () => {
    const a = analyzeText(overlapping(12), { maxViolationsPerRule: Infinity });
    assert.equal(a.violations.filter((v) => v.rule === 'gp-wait' && v.omitted === undefined).length, 144);
  });
});

describe('caps: the pattern rules build no violation past the cap', () => {
  it('RcuRunBuilder holds at most MAX_VIOLATIONS_PER_RULE + 1 gp-wait violations for n² of them', () => {
    const p = compilePattern(BUILTIN_PATTERNS[0]!);
    const b = new RcuRunBuilder(p.name, p.words.updater, p.words.object, { phases: p.phases, checks: p.checks });
    const n = 60;
    const msgs = ['rcu_list: init mode=sync',
      ...Array.from({ length: n }, (_, i) => `rcu_list: reader ${i}: begin`),
      ...Array.from({ length: n }, () => ['rcu_list: deleter: synchronize_rcu() begin', 'rcu_list: deleter: synchronize_rcu() end']).flat(),
      ...Array.from({ length: n }, (_, i) => `rcu_list: reader ${i}: end`)];
    msgs.forEach((text, i) => {
      const m = matchPattern(p, text);
      if (m) for (const event of m.events) b.add({ line: i + 1, time: i, boot: 0, event, task: m.task, object: m.object, label: m.label, text, id: m.id, inside: m.inside });
    });
    b.finish();
    assert.ok(b.violations.length <= MAX_VIOLATIONS_PER_RULE + 1, `${b.violations.length} built`);
    assert.equal(violationCount(b.violations), n * n);
  });
});
