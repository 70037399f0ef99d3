// Readable renderings of an Analysis: plain text for the terminal, Markdown for "Export Report".
// Both read the model only; neither recomputes an RCU fact.

import type { Analysis, GracePeriod, Reader, Run, Stall } from '../model';
import { STALL_KIND_MEANING } from '../explain/events';
import type { TortureRun } from '../model';
import { tortureSummary } from '../torture/explain';
import { kernelSection } from '../kernel/describe';
import type { RcuRun } from '../rcu/model';
import { objectLife } from '../explain/objectLife';
import { gpWords, pathLabel, phaseWords, wordsOf } from '../explain/words';
import type { ViewWords } from '../explain/vocabulary';
import { violationCount } from '../capViolations';
import { MAX_WARNINGS_PER_KIND, warningCount } from '../capWarnings';
import { namedAndMore } from '../waitLinks';

function fmtTime(t: number | null): string {
  return t === null ? '?' : `${t.toFixed(3)} s`;
}

function fmtDuration(a: number | null, b: number | null): string {
  return a === null || b === null ? '' : `${(b - a).toFixed(3)} s`;
}

/** Time since boot, or else the wall-clock time of day (`01:22:04`, with fractions when the log
 * had them): in UTC when the log gave a zone (ISO, RFC 3339), else as the log printed it. */
export function fmtWhen(t: number | null, wall: number | null | undefined): string {
  if (t !== null || wall === null || wall === undefined) return fmtTime(t);
  const iso = new Date(wall * 1000).toISOString();
  return wall % 1 ? iso.slice(11, 23) : iso.slice(11, 19);
}

/** A duration from times since boot, or else from the wall clock. */
export function fmtSpan(a: number | null, b: number | null, wa?: number | null, wb?: number | null): string {
  if (a !== null && b !== null) return fmtDuration(a, b);
  return wa !== null && wa !== undefined && wb !== null && wb !== undefined ? fmtDuration(wa, wb) : '';
}

function lines(a: number | null, b: number | null): string {
  if (a === null && b === null) return 'lines ?';
  if (a === b || b === null) return `line ${a ?? '?'}${b === null ? '–(no end)' : ''}`;
  return `lines ${a ?? '?'}–${b}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function readerLabel(rd: Reader, w: ViewWords): string {
  return `${rd.task}${rd.path ? ` (${w.paths.find((p) => p.name === rd.path)?.name ?? pathLabel(w, rd.path)})` : ''}`;
}

function gpSummary(run: Run, gp: GracePeriod, w: ViewWords): string {
  const g = gpWords(w, gp);
  const names = g.lines ?? null;
  const waited = gp.waitedFor.map((id) => run.readers[id]!).map((rd) => `${rd.task} (${lines(rd.beginLine ?? rd.pathLine, rd.endLine)})`);
  const over = gp.overlapping.map((id) => run.readers[id]!.task);
  // A list cut short says how many it stands for (waitLinks.ts).
  const many = (n: number, shown: number) => (n > shown ? `${plural(n, w.reader)}: ` : '');
  return `${g.short}: ${g.label} from line ${gp.beginLine ?? '?'}${names ? ` (${names[0]})` : ''} to line ${gp.endLine ?? '? (never returned in the log)'}${names ? ` (${names[1]})` : ''}` +
    (gp.duration !== null ? `, ${gp.duration.toFixed(3)} s` : '') +
    `; waited for ${gp.waitedForCount ? `${many(gp.waitedForCount, waited.length)}${namedAndMore(waited, gp.waitedForCount)}` : 'no reader'}` +
    (gp.overlappingCount ? `; overlapped by ${many(gp.overlappingCount, over.length)}${namedAndMore(over, gp.overlappingCount)}, not in a critical section before the call (allowed)` : '');
}

/** How a boot is named to people: numbered from 1, as the editor's outline and the timeline do
 *  (`Boot 1`); the model's `boot`/`index` fields stay 0-based. */
export function bootNumber(index: number): number {
  return index + 1;
}

export function stallSummary(s: Stall): string {
  const parts = [`${s.flavor} ${s.kinds.join(' + ')}`, lines(s.line, s.endLine)];
  if (s.cpus.length) parts.push(`CPUs ${s.cpus.map((c) => c.cpu).join(',')}`);
  if (s.tasks.length) parts.push(`tasks ${s.tasks.join(',')}`);
  if (s.t !== null) parts.push(`t=${s.t} jiffies`);
  if (s.g !== null) parts.push(`g=${s.g}`);
  if (s.q !== null) parts.push(`q=${s.q}`);
  if (s.starvedJiffies !== null) parts.push(`kthread starved ${s.starvedJiffies} jiffies`);
  if (s.culprit) parts.push(`likely culprit: ${s.culprit.frame} (line ${s.culprit.line})`);
  if (s.title) parts.push(`syzbot title: ${s.title}`);
  return parts.join(', ');
}

/** A stall report as a few lines: what it is, what it names, the numbers with their meaning. */
export function stallDetails(s: Stall): string[] {
  const out = [`${lines(s.line, s.endLine)}${s.time !== null ? ` at ${fmtTime(s.time)}` : ''}: ${s.flavor} — ${s.kinds.map((k) => STALL_KIND_MEANING[k] ?? k).join('; ')}`];
  const who: string[] = [];
  if (s.cpus.length) who.push(`CPUs ${s.cpus.map((c) => `${c.cpu}${c.gpsBehind ? ` (${c.gpsBehind} GPs behind)` : ''}${c.ticksThisGp !== null ? ` (${c.ticksThisGp} ticks this GP)` : ''}`).join(', ')}`);
  if (s.tasks.length) who.push(`blocked tasks ${s.tasks.join(', ')}`);
  if (s.detectedBy !== null) who.push(`detected by CPU ${s.detectedBy}`);
  if (who.length) out.push(`  ${who.join('; ')}`);
  const nums: string[] = [];
  if (s.t !== null) nums.push(`t=${s.t} jiffies since the grace period began`);
  if (s.g !== null) nums.push(`g=${s.g} (grace-period number)`);
  if (s.q !== null) nums.push(`q=${s.q} callbacks queued`);
  if (s.ncpus !== null) nums.push(`ncpus=${s.ncpus}`);
  if (s.expeditedJiffies !== null) nums.push(`expedited GP stalled ${s.expeditedJiffies} jiffies`);
  if (nums.length) out.push(`  ${nums.join(', ')}`);
  if (s.starvedJiffies !== null) out.push(`  grace-period kthread starved for ${s.starvedJiffies} jiffies${s.gpState ? `, in ${s.gpState}` : ''}`);
  if (s.timerWakeupJiffies != null) out.push(`  its timer wakeup was ${s.timerWakeupJiffies} jiffies late`);
  if (s.openReaders?.length) out.push(`  while ${s.openReaders.map((o) => `${o.task} (run ${o.run + 1})`).join(', ')}${s.openReaderCount ? ` and ${s.openReaderCount - s.openReaders.length} more` : ''} ${s.openReaders.length === 1 && !s.openReaderCount ? 'was' : 'were'} inside a read-side critical section`);
  out.push(s.culprit ? `  likely culprit: ${s.culprit.frame} (line ${s.culprit.line})` : '  likely culprit: none found (only RCU, scheduler, interrupt or idle frames)');
  if (s.title) out.push(`  syzbot title: ${s.title} (what syzbot calls it; the culprit is where the CPU looped)`);
  return out;
}

interface ReportOptions {
  file: string;
  maxWarnings?: number;
}

/** A pattern run's grace-period waits and objects, in RCU's words (no seed phases). */
function patternRunText(r: RcuRun): string[] {
  const out: string[] = [];
  if (r.waits.length) {
    out.push('  grace-period waits:');
    for (const w of r.waits) {
      const ends = w.kind === 'call_rcu' || w.kind === 'kfree_rcu' ? 'callback' : 'returned';
      out.push(`    ${w.kind.padEnd(18)} ${lines(w.beginLine, w.endLine).padEnd(16)} ${w.task ? `by ${w.task}` : ''}${w.object ? `, ${r.words.object} ${w.object}` : ''}${w.endLine === null ? `; ${ends} not in the log` : ''}; ${w.kind === 'rcu_barrier' ? 'waited for the callbacks queued before it' : `waited for ${plural(w.waitedForCount, 'reader')} inside before the call`}`);
    }
  }
  if (r.work?.length) {
    out.push('  work:');
    for (const w of r.work) out.push(`    ${(w.label ?? 'work').padEnd(18)} ${lines(w.beginLine, w.endLine).padEnd(16)} ${w.task ? `by ${w.task}` : ''}${w.endLine === null ? '; its end is not in the log' : ''}`);
  }
  if (r.objects.length) {
    out.push('  objects:');
    for (const ob of r.objects) out.push(`    ${`${r.words.object} ${ob.id}`.padEnd(18)} ${objectLife(ob)}`);
  }
  return out;
}

/** The CLI's human report. */
export function renderText(a: Analysis, o: ReportOptions): string {
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  // Runs of a pattern other than the profile's (rcu/model.ts) speak their own words: no seed phases.
  const patternRuns = new Map((a.rcu ?? []).map((r) => [r.run, r]));
  const patterns = [...new Set((a.rcu ?? []).map((r) => r.pattern))];
  p(`${o.file}: ${a.format} format, ${plural(a.lines, 'line')}, ${plural(a.boots.length, 'boot')}, profile ${a.profile}${patterns.length ? `, pattern${patterns.length === 1 ? '' : 's'} ${patterns.join(', ')}` : ''}`);
  p(`${plural(a.runs.length, 'run')}, ${plural(a.events.length, 'scenario line')}, ${plural(violationCount(a.violations), 'violation')}, ${plural(a.stalls.length, 'stall report')}, ${plural(warningCount(a.warnings), 'warning')}`);
  for (const run of a.runs) {
    p();
    const pr = patternRuns.get(run.id);
    const w = wordsOf(a, run);
    p(`Run ${run.id + 1} — ${pr ? `pattern ${pr.pattern}${pr.label ? ` (${pr.label})` : ''}, ` : ''}boot ${bootNumber(run.boot)}, ${lines(run.startLine, run.endLine)}, ${fmtWhen(run.startTime, run.startWall)} to ${fmtWhen(run.endTime, run.endWall)}${run.complete ? '' : ' (partial)'}`);
    if (run.tasks.length) p(`  tasks: ${run.tasks.map((t) => `${t.name} (${t.role}${t.inferredName ? ', unnamed in the log' : ''})`).join(', ')}`);
    if (pr) {
      for (const l of patternRunText(pr)) p(l);
    } else {
      p('  phases:');
      for (const ph of run.phases) {
        p(`    ${ph.name.padEnd(6)} ${lines(ph.startLine, ph.endLine).padEnd(16)} ${fmtWhen(ph.startTime, ph.startWall).padStart(14)} – ${fmtWhen(ph.endTime, ph.endWall).padEnd(14)} ${fmtSpan(ph.startTime, ph.endTime, ph.startWall, ph.endWall)}`);
      }
    }
    if (run.readers.length) {
      p(`  ${w.reader}s:`);
      for (const rd of run.readers) {
        const gp = rd.waitedForByCount ? `; waited for by ${namedAndMore(rd.waitedForBy.map((g) => `GP${g}`), rd.waitedForByCount)}` : '';
        const ov = rd.overlapsCount ? `; overlaps ${namedAndMore(rd.overlaps.map((g) => `GP${g}`), rd.overlapsCount)} (not shown inside its critical section before it began; allowed)` : '';
        const att = rd.attribution === 'known' ? '' : ` [${rd.attribution}]`;
        p(`    ${readerLabel(rd, w).padEnd(18)} ${lines(rd.beginLine ?? rd.pathLine, rd.endLine).padEnd(16)} ${fmtWhen(rd.beginTime, rd.beginWall)} – ${fmtWhen(rd.endTime, rd.endWall)}${gp}${ov}${att}`);
      }
    }
    if (run.gracePeriods.length) {
      p('  grace periods:');
      for (const gp of run.gracePeriods) p(`    ${gpSummary(run, gp, w)}`);
    }
    const vs = a.violations.filter((v) => v.run === run.id);
    p(vs.length ? '  violations:' : '  violations: none — this ordering is one RCU permits');
    for (const v of vs) p(`    line ${v.line} [${v.rule}] ${v.message}`);
  }
  if (a.boots.length > 1) {
    p();
    p('boots (nothing is ordered across them):');
    for (const b of a.boots) p(`  boot ${bootNumber(b.index)}: ${lines(b.startLine, b.endLine)}${b.banner ? ` — ${b.banner.slice(0, 90)}` : ''}`);
  }
  if (a.stalls.length) {
    p();
    p('RCU stall warnings:');
    for (const s of a.stalls) for (const l of stallDetails(s)) p(`  ${l}`);
  }
  for (const l of tortureText(a.torture ?? [])) p(l);
  if (Object.keys(a.trace.events).length) {
    p();
    p(`RCU tracepoints: ${Object.entries(a.trace.events).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  }
  const kernel = kernelSection(a);
  if (kernel.length) {
    p();
    p('kernel RCU:');
    for (const l of kernel) p(`  ${l}`);
  }
  if (a.warnings.length) {
    p();
    p('warnings:');
    const max = o.maxWarnings ?? 20;
    for (const w of a.warnings.slice(0, max)) p(`  ${w.line ? `line ${w.line}: ` : ''}${w.message}`);
    // the rest counted with what their summaries stand for (capWarnings.ts)
    if (a.warnings.length > max) p(`  … and ${plural(warningCount(a.warnings.slice(max)), 'more warning')} (--json lists the first ${MAX_WARNINGS_PER_KIND} of each kind)`);
  }
  return out.join('\n') + '\n';
}

/** Markdown for "RCU: Export Report" (the HTML export wraps it with the timeline SVG). */
export function renderMarkdown(a: Analysis, o: ReportOptions): string {
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  const esc = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
  p(`# RCU report: ${esc(o.file)}`);
  p();
  p(`Format **${a.format}**, ${plural(a.lines, 'line')}, ${plural(a.boots.length, 'boot')}, profile \`${a.profile}\`: ` +
    `${plural(a.runs.length, 'run')}, ${plural(violationCount(a.violations), 'violation')}, ${plural(a.stalls.length, 'stall report')}.`);
  for (const run of a.runs) {
    const w = wordsOf(a, run);
    const pr = run.pattern ? a.rcu?.find((r) => r.run === run.id) : undefined;
    p();
    p(`## Run ${run.id + 1} (${run.pattern ? `pattern ${esc(run.pattern)}${pr?.label ? ` (${esc(pr.label)})` : ''}, ` : ''}boot ${bootNumber(run.boot)}, ${lines(run.startLine, run.endLine)})${run.complete ? '' : ' — partial'}`);
    p();
    p('| Phase | Lines | From | To | Duration |');
    p('| --- | --- | --- | --- | --- |');
    for (const ph of run.phases) p(`| ${run.pattern ? esc(phaseWords(w, ph.name).title) : ph.name} | ${ph.startLine}–${ph.endLine} | ${fmtWhen(ph.startTime, ph.startWall)} | ${fmtWhen(ph.endTime, ph.endWall)} | ${fmtSpan(ph.startTime, ph.endTime, ph.startWall, ph.endWall)} |`);
    if (run.readers.length) {
      p();
      const noun = w.reader.charAt(0).toUpperCase() + w.reader.slice(1);
      p(`| ${esc(noun)} | Path | Lines | Waited for by | Attribution |`);
      p('| --- | --- | --- | --- | --- |');
      for (const rd of run.readers) p(`| ${esc(rd.task)} | ${rd.path ?? (w.paths.length ? '?' : '—')} | ${lines(rd.beginLine ?? rd.pathLine, rd.endLine)} | ${namedAndMore(rd.waitedForBy.map((g) => `GP${g}`), rd.waitedForByCount) || '—'} | ${rd.attribution} |`);
    }
    if (run.gracePeriods.length) {
      p();
      for (const gp of run.gracePeriods) p(`- ${esc(gpSummary(run, gp, w))}`);
    }
    if (pr) for (const l of patternRunText(pr)) p(l.startsWith('    ') ? `- ${esc(l.trim())}` : `\n**${esc(l.trim().replace(/:$/, ''))}:**\n`);
    const vs = a.violations.filter((v) => v.run === run.id);
    p();
    p(vs.length ? '**Violations:**' : 'No violation: this ordering is one RCU permits.');
    for (const v of vs) p(`- line ${v.line} \`${v.rule}\`: ${esc(v.message)}`);
  }
  if (a.stalls.length) {
    p();
    p('## RCU stall warnings');
    p();
    for (const s of a.stalls) p(`- ${esc(stallSummary(s))}`);
  }
  for (const r of a.torture ?? []) {
    p();
    p(`## ${esc(tortureSummary(r))}`);
    p();
    for (const f of r.failures) p(`- line ${f.line} \`${f.kind}\`: ${esc(f.message)}${f.repeats ? ` (repeated on ${f.repeats} later statistics, last at line ${f.lastLine})` : ''}`);
    if (!r.failures.length) p('No failure: nothing parse-console.sh or console-badness.sh would flag.');
  }
  const kernel = kernelSection(a);
  if (kernel.length) {
    p();
    p('## Kernel RCU');
    p();
    for (const l of kernel) p(`${l.startsWith('  ') ? '  - ' : '- '}${esc(l.trim())}`);
  }
  if (a.warnings.length) {
    p();
    p('## Warnings');
    p();
    const max = o.maxWarnings ?? 200;
    for (const w of a.warnings.slice(0, max)) p(`- ${w.line ? `line ${w.line}: ` : ''}${esc(w.message)}`);
    if (a.warnings.length > max) p(`- … and ${plural(warningCount(a.warnings.slice(max)), 'more warning')}`);
  }
  return out.join('\n') + '\n';
}

/** The text report's rcutorture section: each run's verdict, failures and progress. */
function tortureText(runs: readonly TortureRun[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    out.push('');
    out.push(tortureSummary(r));
    const live = r.samples.filter((x) => !x.final);
    if (live.length) {
      const first = live[0]!, last = live[live.length - 1]!;
      const dt = first.time !== null && last.time !== null && last.time > first.time ? last.time - first.time : null;
      const rate = dt !== null ? `, ${((last.ver - first.ver) / dt).toFixed(1)} per second` : '';
      out.push(`  progress: ${plural(live.length, 'statistics line')}, ver ${first.ver} → ${last.ver}${rate}; errors ${last.errors}; Reader Pipe beyond bucket 1: ${last.pipe ? last.pipe.slice(2).reduce((x, y) => x + y, 0) : '?'}`);
    }
    const b = r.badness;
    const counts = Object.entries(b).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`);
    if (counts.length) out.push(`  console-badness: ${counts.join(', ')}`);
    for (const f of r.failures) out.push(`  line ${f.line} [${f.kind}] ${f.message}${f.repeats ? ` (repeated on ${f.repeats} later statistics, last at line ${f.lastLine})` : ''}`);
  }
  return out;
}
