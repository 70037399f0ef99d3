// Words for rcutorture lines: what each counter of a statistics line means, with this line's
// values, and the run's verdict on its start and end lines. Hovers and the report render these.

import type { TortureFailure, TortureRun, TortureSample } from '../model';

/** The counters of `rcu_torture_stats_print()` (kernel/rcu/rcutorture.c), by the name printed. */
const TORTURE_COUNTERS: Record<string, { meaning: string; error?: boolean }> = {
  rtc: { meaning: 'address of the element readers currently see (rcu_torture_current); hashed as (ptrval) on most kernels, NULL at cleanup' },
  ver: { meaning: 'rcu_torture_current_version: elements the writer has published, each after waiting out a grace period for the one before — grace periods completed, as the writer saw them. parse-console.sh checks that it grows from one statistics line to the next' },
  VER: { meaning: 'ver printed in capitals: no current element (cleanup) or stall warnings suppressed at boot; parse-console.sh leaves these lines out of its ver check' },
  tfle: { meaning: '1 when the writer\'s free list of elements is empty (grace periods are not freeing elements fast enough)' },
  rta: { meaning: 'elements allocated by the writer (writer updates)' },
  rtaf: { meaning: 'allocation failures: the free list was empty when the writer wanted an element' },
  rtf: { meaning: 'elements freed after passing through the whole pipeline of grace periods' },
  rtmbe: { meaning: 'memory-barrier errors: a reader saw an element before its initialisation was visible', error: true },
  rtmbkf: { meaning: 'reader-side memory-ordering check: failures/tries; a failure is an error', error: true },
  rtbe: { meaning: 'rcu_barrier() errors: it returned before earlier callbacks had run', error: true },
  rtbke: { meaning: 'priority-boost kthreads that could not be created', error: true },
  rtbre: { meaning: 'priority-boost kthreads that could not get real-time priority (older kernels)', error: true },
  rtbf: { meaning: 'RCU priority-boost failures: a preempted reader held up a grace period despite boosting', error: true },
  rtb: { meaning: 'priority-boost tests run' },
  nt: { meaning: 'reads done from timer handlers (irqreader)' },
  onoff: { meaning: 'CPU hotplug: offlines done/tried : onlines done/tried, then the fastest and slowest times' },
  barrier: { meaning: 'rcu_barrier() tests: successes/attempts:errors' },
  'read-exits': { meaning: 'reader kthreads that exited and were re-spawned (the read_exit test)' },
  'nocb-toggles': { meaning: 'CPUs switched to and from callback offloading: offloads:de-offloads' },
  gpwraps: { meaning: 'grace-period sequence wraps forced by the gpwrap test' },
};

const HISTOGRAM_MEANING: Record<string, string> = {
  'Reader Pipe': 'how many grace periods the element a reader held had already gone through when the reader finished (11 buckets, 0 to 10+). Buckets 0 and 1 are legal; any count in bucket 2 or beyond means a grace period ended under a reader — RCU is broken (rcutorture prints `!!!` and the test fails)',
  'Reader Batch': 'the same, counted in the flavour\'s own grace-period counter: how many grace periods started while a reader held its element (informational; not an error by itself)',
  'Free-Block Circulation': 'how many elements reached each stage of the writer\'s pipeline (after 0, 1, ... 10 grace periods); a healthy run shows a descending staircase',
};

const FAILURE_MEANING: Record<TortureFailure['kind'], string> = {
  'end-failure': 'the run ended with `End of test: FAILURE`',
  hotplug: 'CPU-hotplug operations failed during the run',
  'too-short-gp': 'Reader Pipe counts beyond the second bucket: a too-short grace period',
  'error-counter': 'a non-zero error counter',
  bang: 'rcutorture printed `!!!`',
  'writer-stall': 'the writer made no progress between two statistics lines',
  'gp-hang': 'ver stopped growing (parse-console.sh: GP HANG)',
  'bad-seq': 'ver did not grow for a while (parse-console.sh: BAD SEQ)',
  'rcu-stall': 'an RCU CPU stall warning',
  'kthread-starved': 'the RCU grace-period kthread was starved',
  bug: 'a kernel BUG, oops or KCSAN report',
  warning: 'a kernel WARNING',
  lockdep: 'a lockdep splat',
  badness: 'a kernel Badness report',
  incomplete: 'the run never printed its End of test line',
};

/** The run a line belongs to. */
export function tortureRunAt(runs: readonly TortureRun[] | undefined, line: number): TortureRun | null {
  for (const r of runs ?? []) if (line >= r.startLine && line <= r.endLine) return r;
  return null;
}

/** One line of a run's verdict: `rcutorture (busted): FAILURE — 12 failures, ver 9431, lines 224–394`. */
export function tortureSummary(r: TortureRun): string {
  const last = lastLive(r);
  const n = r.failures.filter((f) => f.kind !== 'incomplete').length;
  const bits = [`${n} failure${n === 1 ? '' : 's'}`];
  if (last) bits.push(`ver ${last.ver}`);
  if (r.totalGps !== null) bits.push(`total-gps ${r.totalGps}`);
  bits.push(`lines ${r.startLine}–${r.endLine}`);
  return `rcutorture (${r.type}): ${r.verdict} — ${bits.join(', ')}`;
}

/**
 * Markdown for a line of an rcutorture run: the counters of a statistics line (the one at
 * `column` first), a histogram's buckets, the verdict on the start/end line, a failure's cause.
 * null when the line says nothing rcutorture-specific.
 */
export function explainTortureLine(run: TortureRun, line: number, text: string, column = -1): string | null {
  const parts: string[] = [];
  const failures = run.failures.filter((f) => f.line === line || (f.lastLine !== undefined && f.line < line && line <= f.lastLine && repeatsOn(run, f, line)));
  if (line === run.startLine || line === run.endLine) {
    parts.push(`**${esc(tortureSummary(run))}**`);
    if (line === run.startLine && Object.keys(run.params).length) {
      const p = run.params;
      const keys = ['nreaders', 'nfakewriters', 'stat_interval', 'shutdown_secs', 'stall_cpu', 'onoff_interval', 'test_boost'].filter((k) => k in p);
      if (keys.length) parts.push(keys.map((k) => `\`${k}=${esc(p[k]!)}\``).join(' '));
    }
  }
  const s = run.samples.find((x) => x.line === line);
  if (s) parts.push(statsMarkdown(run, s, text, column));
  const h = run.samples.find((x) => x.pipeLine === line || x.batchLine === line || x.fbcLine === line);
  if (h) parts.push(histogramMarkdown(h, line));
  for (const f of failures) parts.push(`⚠ **${FAILURE_MEANING[f.kind]}**: ${esc(f.message)}`);
  return parts.length ? parts.join('\n\n') : null;
}

function repeatsOn(run: TortureRun, f: TortureFailure, line: number): boolean {
  // A repeating counter failure shows on the later statistics (or Reader Pipe) lines it repeats on.
  return run.samples.some((s) => (f.kind === 'too-short-gp' ? s.pipeLine === line : s.line === line));
}

function statsMarkdown(run: TortureRun, s: TortureSample, text: string, column: number): string {
  const i = run.samples.indexOf(s);
  const prev = i > 0 ? run.samples[i - 1]! : null;
  const under = column >= 0 ? fieldAt(text, column) : null;
  const rows: string[] = [];
  const add = (name: string, value: string) => {
    const c = TORTURE_COUNTERS[name];
    if (!c) return;
    const bad = c.error && errorCount(name, value) > 0 ? ' ⚠' : '';
    const row = `| \`${esc(name)}\` | ${esc(value)}${bad} | ${esc(c.meaning)} |`;
    if (name === under) rows.unshift(row); else rows.push(row);
  };
  add(s.final ? 'VER' : 'ver', String(s.ver));
  for (const [k, v] of Object.entries(s.fields)) add(k, v);
  let head = `**rcutorture statistics** (${esc(run.type)})`;
  if (prev && !prev.final && !s.final) {
    const d = s.ver - prev.ver;
    const dt = s.time !== null && prev.time !== null ? s.time - prev.time : null;
    head += ` — ver ${d >= 0 ? '+' : ''}${d} since the previous statistics${dt !== null ? ` (${dt.toFixed(1)} s)` : ''}`;
  }
  return `${head}\n\n| counter | value | meaning |\n| --- | --- | --- |\n${rows.join('\n')}`;
}

function histogramMarkdown(s: TortureSample, line: number): string {
  const [name, values] = line === s.pipeLine ? ['Reader Pipe', s.pipe] as const : line === s.batchLine ? ['Reader Batch', s.batch] as const : ['Free-Block Circulation', s.fbc] as const;
  const v = values ?? [];
  const buckets = v.map((x, k) => `${k}: ${x}`).join(', ');
  let out = `**${name}**: ${esc(HISTOGRAM_MEANING[name]!)}\n\nBuckets on this line: ${buckets}`;
  if (name === 'Reader Pipe') {
    const beyond = v.slice(2).reduce((a, b) => a + b, 0);
    out += beyond > 0 ? `\n\n⚠ ${beyond} read${beyond === 1 ? '' : 's'} beyond bucket 1: too-short grace periods.` : '\n\nNothing beyond bucket 1: no reader outlived a grace period.';
  }
  return out;
}

/** The `name:` of a statistics line under `column` (on the name or its value). */
export function fieldAt(text: string, column: number): string | null {
  const re = /([a-zA-Z][a-zA-Z-]*): (\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (column >= m.index && column < m.index + m[0].length) return m[1]!;
  }
  return null;
}

function errorCount(name: string, v: string): number {
  const n = Number(name === 'rtmbkf' ? v.split('/')[0] : v);
  return Number.isFinite(n) ? n : 0;
}

function lastLive(r: TortureRun): TortureSample | null {
  for (let i = r.samples.length - 1; i >= 0; i--) if (!r.samples[i]!.final) return r.samples[i]!;
  return r.samples[r.samples.length - 1] ?? null;
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);
}
