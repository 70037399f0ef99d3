// npm run litmus:table -- DIR [--jobs N] [--max-states N] [--limit N]
//
// How often the checker agrees with herd7, as a Markdown table on standard output
// (progress on standard error). DIR/EXPECTED.tsv lists `file<TAB>result` (Never, Sometimes, Always,
// DEADLOCK; Maybe and none are no verdict to compare); DIR/manual/HERD7.tsv, when present, adds the
// hand-written tests with the verdicts of an actual herd7 run (`file<TAB>herd7<TAB>Result line`,
// files relative to DIR/manual), as the set `manual/` with one row per subdirectory. Each file goes through the same
// parse + check as `rcu-lens litmus` (src/cli/litmusCheck.ts), in --jobs worker threads (default 2),
// largest files first so the long ones do not come last.
//
// Rows: one per set (the first directory of the file's path: psc/, kernel/...); for a set whose
// files are named after their processes, as auto/'s `C-RR-G+RW-R+WR-B.litmus` are (each process
// `<two letters>-<class>`), one row per process class: the tests with at least one process of that
// class. Then the whole set and the total. Columns: tests; with a verdict (herd7's Result is one);
// decided (ours is one too: not Unknown, Unsupported or an error); agree; disagree; the unsound
// disagreements, Never or DEADLOCK where herd7 says Sometimes or Always (the checker would call a
// reachable outcome impossible: the kind that must not happen); the mean and largest time per test.
//
//   --jobs N         worker threads (default 2)
//   --max-states N   the checker's state bound per search (default 100 000, as rcu-lens litmus)
//   --limit N        only the first N files of EXPECTED.tsv (a quick try)

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkLitmusText, DEFAULT_MAX_STATES, type LitmusOutcome, VERDICTS } from '../cli/litmusCheck';

export interface Expected {
  file: string;
  result: string;
}

export interface Checked extends Expected {
  outcome: LitmusOutcome;
  /** Time to check it (ms), when measured. */
  ms?: number;
}

/** DIR/manual/HERD7.tsv: `file<TAB>herd7 verdict<TAB>Result line` after its header. */
export function readHerd7(text: string): Expected[] {
  const out: Expected[] = [];
  for (const [i, l] of text.split(/\r?\n/).entries()) {
    if (l.trim() === '' || (i === 0 && l.startsWith('file\t'))) continue;
    const [file, result] = l.split('\t');
    if (!file || result === undefined) throw new Error(`HERD7.tsv line ${i + 1}: not file<TAB>herd7<TAB>result`);
    out.push({ file, result: result.trim() });
  }
  return out;
}

/** What the process classes of the generated tests do (paulmckrcu/litmus auto/, by the files). */
export const CLASS_MEANING: Record<string, string> = {
  G: 'synchronize_rcu() between its two accesses',
  H: 'two synchronize_rcu()',
  GH: 'three synchronize_rcu()',
  R: 'both accesses in one RCU read-side critical section',
  RI: 'one critical section, write before read',
  R1: 'the read in a critical section, the write after it',
  R1I: 'the write in a critical section, the read after it',
  R2: 'the read, then the write in a critical section',
  R2I: 'the write, then the read in a critical section',
  R3: 'the read and the write in two critical sections',
  R3I: 'the write and the read in two critical sections',
  RB: 'critical section with smp_mb() between the accesses',
  GR: 'synchronize_rcu() inside a critical section (deadlock)',
  GR1: 'the read in a critical section, synchronize_rcu(), the read',
  GR2: 'the read, synchronize_rcu(), the read in a critical section',
  GR3: 'critical section, synchronize_rcu(), critical section',
  B: 'smp_mb() between the accesses',
  r: 'smp_store_release() write',
  a: 'smp_load_acquire() read',
  C: 'control dependency (write under an if on the read)',
  D: 'rcu_dereference(), write through the pointer (address dependency)',
  CD: 'rcu_dereference(), control and address dependency',
  Rr: 'critical section, smp_store_release() write',
  Ra: 'critical section, smp_load_acquire() read',
  RC: 'critical section, control dependency',
  RD: 'critical section, rcu_dereference() and address dependency',
  RCD: 'critical section, rcu_dereference(), control and address dependency',
  Rs: 'critical section, rcu_assign_pointer() write',
  Rrd: 'critical section, smp_store_release() of a pointer',
};

/** `C-RR-G+RW-R+WR-B.litmus` → ['G', 'R', 'B'] (each process `<two letters>-<class>`); null if not so named. */
export function processClasses(file: string): string[] | null {
  const m = /(?:^|\/)C-([^/]+)\.litmus$/.exec(file);
  if (!m) return null;
  const out: string[] = [];
  for (const p of m[1]!.split('+')) {
    const c = /^[A-Z]{2}-([A-Za-z0-9]+)$/.exec(p);
    if (!c) return null;
    out.push(c[1]!);
  }
  return out;
}

/** DIR/EXPECTED.tsv: `file<TAB>result` lines after an optional `file<TAB>result` header. */
export function readExpected(text: string): Expected[] {
  const out: Expected[] = [];
  for (const [i, l] of text.split(/\r?\n/).entries()) {
    if (l.trim() === '' || (i === 0 && /^file\tresult$/.test(l.trim()))) continue;
    const [file, result, ...rest] = l.split('\t');
    if (!file || result === undefined || rest.length) throw new Error(`EXPECTED.tsv line ${i + 1}: not file<TAB>result`);
    out.push({ file, result: result.trim() });
  }
  return out;
}

interface Tally { tests: number; withVerdict: number; decided: number; agree: number; disagree: number; unsound: number; timed: number; ms: number; maxMs: number }

const FORBIDS = ['Never', 'DEADLOCK'], ALLOWS = ['Sometimes', 'Always'];

function tally(rows: Checked[]): Tally {
  const t: Tally = { tests: 0, withVerdict: 0, decided: 0, agree: 0, disagree: 0, unsound: 0, timed: 0, ms: 0, maxMs: 0 };
  for (const r of rows) {
    t.tests++;
    if (r.ms !== undefined) { t.timed++; t.ms += r.ms; t.maxMs = Math.max(t.maxMs, r.ms); }
    if (!VERDICTS.includes(r.result)) continue;
    t.withVerdict++;
    if (!VERDICTS.includes(r.outcome.verdict)) continue;
    t.decided++;
    if (r.outcome.verdict === r.result) t.agree++;
    else {
      t.disagree++;
      if (FORBIDS.includes(r.outcome.verdict) && ALLOWS.includes(r.result)) t.unsound++;
    }
  }
  return t;
}

const setOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/') + 1) : './');
const SET_ORDER = ['psc/', 'kernel/', 'manual/'];
/** manual/'s rows: its subdirectories (manual/locked/...). */
const subdirOf = (file: string): string | null => /^manual\/([^/]+)\//.exec(file)?.[1] ?? null;

/** The agreement table, then what was not decided and every disagreement. */
export function agreementTable(rows: Checked[]): string {
  const sets = [...new Set(rows.map((r) => setOf(r.file)))].sort((a, b) => {
    const ia = SET_ORDER.indexOf(a), ib = SET_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const n = (x: number): string => x.toLocaleString('en-US');
  const time = (t: Tally): string => t.timed ? `${Math.round(t.ms / t.timed)} | ${Math.round(t.maxMs)}` : '— | —';
  const cells = (label: string, t: Tally): string =>
    `| ${label} | ${n(t.tests)} | ${n(t.withVerdict)} | ${n(t.decided)} | ${n(t.agree)} | ${n(t.disagree)} | ${n(t.unsound)} | ${time(t)} |`;
  const out = [
    '| Set / process class | Tests | With a verdict | Decided | Agree | Disagree | Unsound: Never/DEADLOCK where herd7 allows | Mean ms | Max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const legend = new Set<string>();
  for (const set of sets) {
    const inSet = rows.filter((r) => setOf(r.file) === set);
    if (set === 'manual/') {
      const subs = [...new Set(inSet.map((r) => subdirOf(r.file) ?? '(top)'))].sort();
      for (const d of subs) out.push(cells(`\`manual/\` ${d}`, tally(inSet.filter((r) => (subdirOf(r.file) ?? '(top)') === d))));
      out.push(cells('`manual/` all', tally(inSet)));
      continue;
    }
    const classed = inSet.map((r) => ({ r, classes: processClasses(r.file) }));
    if (classed.every((c) => c.classes === null)) { out.push(cells(`\`${set}\``, tally(inSet))); continue; }
    const byClass = new Map<string, Checked[]>();
    for (const { r, classes } of classed) {
      for (const c of new Set(classes ?? ['(other)'])) byClass.set(c, [...(byClass.get(c) ?? []), r]);
    }
    const order = [...byClass].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    for (const [c, rs] of order) { out.push(cells(`\`${set}\` ${c}`, tally(rs))); legend.add(c); }
    out.push(cells(`\`${set}\` all`, tally(inSet)));
  }
  out.push(cells('**Total**', tally(rows)));

  const notes: string[] = [];
  const known = [...legend].filter((c) => CLASS_MEANING[c]);
  if (known.length) notes.push(`Process classes:\n${known.map((c) => `- ${c}: ${CLASS_MEANING[c]}`).join('\n')}`);
  const judged = rows.filter((r) => VERDICTS.includes(r.result));
  const undecided = (v: string) => judged.filter((r) => r.outcome.verdict === v);
  const parts: string[] = [];
  const unknown = undecided('Unknown');
  if (unknown.length) parts.push(`${unknown.length} Unknown (state bound reached; herd7: ${counts(unknown.map((r) => r.result))})`);
  const unsupported = undecided('Unsupported');
  if (unsupported.length) parts.push(`${unsupported.length} Unsupported (${counts(unsupported.map((r) => r.outcome.construct ?? '?'))})`);
  const errors = undecided('Error');
  if (errors.length) parts.push(`${errors.length} errors (${errors.map((r) => `${r.file}: ${r.outcome.error}`).join('; ')})`);
  if (parts.length) notes.push(`Not decided: ${parts.join(', ')}.`);
  const skipped = rows.length - judged.length;
  if (skipped) notes.push(`No verdict to compare: ${skipped} (herd7: ${counts(rows.filter((r) => !VERDICTS.includes(r.result)).map((r) => r.result))}).`);
  const wrong = judged.filter((r) => VERDICTS.includes(r.outcome.verdict) && r.outcome.verdict !== r.result);
  const timed = rows.filter((r) => r.ms !== undefined).sort((a, b) => b.ms! - a.ms!).slice(0, 5);
  if (timed.length) notes.push(`Slowest: ${timed.map((r) => `\`${r.file}\` ${(r.ms! / 1000).toFixed(1)} s`).join(', ')}.`);
  notes.push(wrong.length ? `Disagreements:\n${wrong.map((r) => `- \`${r.file}\`: ours ${r.outcome.verdict}, herd7 ${r.result}`).join('\n')}` : 'Disagreements: none.');
  return `${out.join('\n')}\n\n${notes.join('\n\n')}\n`;
}

function counts(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join(', ');
}

// ---- running ----------------------------------------------------------------------------------

interface Job { i: number; path: string; file: string }
interface Done { i: number; outcome: LitmusOutcome; ms: number }

/** In a worker: check each file it is sent. Nothing it throws ends the run: it is that file's error. */
function serve(maxStates: number): void {
  parentPort!.on('message', (job: Job) => {
    const t0 = performance.now();
    let outcome: LitmusOutcome;
    try {
      outcome = checkLitmusText(job.file, readFileSync(job.path, 'utf8'), maxStates);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      outcome = { file: job.file, verdict: 'Error', states: 0, error: err.code === 'ENOENT' ? 'no such file' : `${err.name}: ${err.message}` };
    }
    parentPort!.postMessage({ i: job.i, outcome, ms: performance.now() - t0 } satisfies Done);
  });
}

/** Check every job on `jobs` workers; a worker that dies (out of memory) costs its file only. */
function runAll(all: Job[], jobs: number, maxStates: number, onDone: (d: Done, finished: number) => void): Promise<LitmusOutcome[]> {
  const results: LitmusOutcome[] = new Array(all.length);
  const queue = [...all];
  let finished = 0;
  return new Promise((resolve) => {
    const start = (): void => {
      const w = new Worker(__filename, { workerData: { maxStates } });
      let current: Job | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current) w.postMessage(current);
        else void w.terminate();
      };
      const record = (d: Done): void => {
        results[d.i] = d.outcome;
        onDone(d, ++finished);
        if (finished === all.length) resolve(results);
      };
      w.on('message', (d: Done) => { record(d); next(); });
      w.on('error', (e) => {
        if (!current) return;
        const job = current;
        current = undefined;
        record({ i: job.i, outcome: { file: job.file, verdict: 'Error', states: 0, error: `worker died: ${e.message}` }, ms: 0 });
        if (queue.length) start();
      });
      next();
    };
    if (all.length === 0) { resolve(results); return; }
    for (let k = 0; k < Math.min(jobs, all.length); k++) start();
  });
}

function usage(msg: string): never {
  process.stderr.write(`litmus-table: ${msg}\nusage: npm run litmus:table -- DIR [--jobs N] [--max-states N] [--limit N]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  const opts = { jobs: 2, 'max-states': DEFAULT_MAX_STATES, limit: Infinity };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(jobs|max-states|limit)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      const x = Number(v);
      if (v === undefined || !Number.isInteger(x) || x < 1) usage(`--${m[1]} needs a whole number of at least 1`);
      opts[m[1] as keyof typeof opts] = x;
    } else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (dir === undefined) dir = a;
    else usage('one DIR only');
  }
  if (dir === undefined) usage('no DIR');
  const root = dir;
  let expected: Expected[];
  try {
    expected = readExpected(readFileSync(join(root, 'EXPECTED.tsv'), 'utf8'));
  } catch (e) {
    usage(`${join(root, 'EXPECTED.tsv')}: ${(e as Error).message}`);
  }
  // manual/HERD7.tsv's files are relative to DIR/manual and start with manual/ themselves
  const pathOf = new Map<string, string>();
  let herd7: Expected[] = [];
  try { herd7 = readHerd7(readFileSync(join(root, 'manual', 'HERD7.tsv'), 'utf8')); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') usage(`${join(root, 'manual', 'HERD7.tsv')}: ${(e as Error).message}`);
  }
  for (const h of herd7) pathOf.set(h.file, join(root, 'manual', h.file));
  expected = [...expected, ...herd7].slice(0, opts.limit);
  const pathFor = (f: string): string => pathOf.get(f) ?? join(root, f);
  const size = (f: string): number => { try { return statSync(pathFor(f)).size; } catch { return 0; } };
  // largest first: the long tests start early instead of holding up the end
  const jobs: Job[] = expected.map((e, i) => ({ i, path: pathFor(e.file), file: e.file }))
    .sort((a, b) => size(b.file) - size(a.file) || a.i - b.i);

  const t0 = performance.now();
  process.stderr.write(`litmus-table: ${jobs.length} tests from ${join(root, 'EXPECTED.tsv')}, ${opts.jobs} jobs, state bound ${opts['max-states']}\n`);
  const times: number[] = new Array(expected.length);
  const outcomes = await runAll(jobs, opts.jobs, opts['max-states'], (d, k) => {
    times[d.i] = d.ms;
    const o = d.outcome;
    const what = o.verdict === 'Unsupported' ? `Unsupported: ${o.construct}` : o.verdict === 'Error' ? `Error: ${o.error}` : o.verdict;
    const want = expected[d.i]!.result;
    const flag = FORBIDS.includes(o.verdict) && ALLOWS.includes(want) ? '  UNSOUND' : VERDICTS.includes(want) && VERDICTS.includes(o.verdict) && want !== o.verdict ? '  DISAGREE' : '';
    process.stderr.write(`[${k}/${jobs.length}] ${o.file}: ${what} (herd7 ${want}), ${o.states} states, ${(d.ms / 1000).toFixed(1)} s${flag}\n`);
  });
  const minutes = (performance.now() - t0) / 60_000;
  const rows: Checked[] = expected.map((e, i) => ({ ...e, outcome: outcomes[i]!, ms: times[i] }));
  process.stdout.write(agreementTable(rows));
  process.stderr.write(`litmus-table: done in ${minutes.toFixed(1)} min\n`);
}

if (!isMainThread) serve((workerData as { maxStates: number }).maxStates);
else if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`litmus-table: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  });
}
