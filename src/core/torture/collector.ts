// TortureCollector: the lines of a log, fed in order, into rcutorture runs (TortureRun) judged as
// the kernel's own scripts judge a console.
//
// The analyzer feeds lines that start with an rcutorture prefix (patterns.ts: TORTURE_PREFIXES)
// while no run is open, and every line while one is (`active`): console-badness.sh looks at every
// line of a console, and a WARN splat can cut a statistics block in two. A run opens at
// `--- Start of test` (or at a statistics line when the log starts mid-run) and closes at
// `--- End of test`, at the next Start line, at a reboot, or at the end of the log (incomplete).
// Memory: one small record per statistics block; lines are not kept.

import type { TortureBadness, TortureFailure, TortureFailureKind, TortureRun, TortureSample, TortureSeries } from '../model';
import {
  BADNESS, BUG_TEXT, END, ERROR_COUNTERS, FIELD, GP_STATE, HISTOGRAM, NOT_BADNESS, STALL_TEXT, START, STARVED,
  STATS, TORTURE_LINE, WARN_TEXT, WRITER_STALL, parseParams,
} from './patterns';

const MAX_SAMPLES = 100_000; // a statistics block every few seconds: days of console
const MAX_FAILURES = 1000;   // distinct failures kept per run (repeats are counted, not kept)
const MAX_TEXT = 300;        // characters of a log line quoted in a failure message

interface Open {
  run: TortureRun;
  lastLine: number;
  lastTime: number | null;
  sample: TortureSample | null;
  /** The line of a `!!!` not yet tied to a cause (a WARN splat cut the statistics block). */
  bangLine: number | null;
  /** Failures that repeat on every statistics block (a counter that stays non-zero): one entry each. */
  repeating: Map<string, TortureFailure>;
}

export class TortureCollector {
  private open: Open | null = null;
  private readonly done: TortureRun[] = [];

  /** True while a run is open: the analyzer then feeds every line. */
  get active(): boolean { return this.open !== null; }

  /** One line (its message text), in order. Never throws. */
  push(line: number, boot: number, time: number | null, text: string): void {
    const o0 = this.open;
    if (o0 && boot !== o0.run.boot) this.close(null);
    const m = TORTURE_LINE.exec(text);
    if (m) {
      const type = m[1]!, body = m[2]!.trimEnd();
      const start = START.exec(body);
      if (start) {
        if (this.open) this.close(null);
        this.begin(line, boot, time, type, true, parseParams(start[1]!));
        return;
      }
      const stats = STATS.exec(body);
      // A log that starts mid-run: the run opens at its first statistics line, or is only its end line.
      if (!this.open && (stats || END.test(body))) this.begin(line, boot, time, type, false, {});
      const o = this.open;
      if (!o) return;
      this.touch(o, line, time);
      const end = END.exec(body);
      if (end) {
        if (!o.run.startSeen && o.run.startLine === line) Object.assign(o.run.params, parseParams(end[2]!));
        this.close({ line, status: end[1]! });
        return;
      }
      if (stats) { this.stats(o, line, time, stats); this.badness(o, line, body, true); return; }
      this.histogramOrBang(o, line, body);
      this.badness(o, line, body, true);
      return;
    }
    const o = this.open;
    if (!o) return;
    this.touch(o, line, time);
    const t = text.trimEnd();
    const gp = GP_STATE.exec(t);
    if (gp) {
      if (gp[2] === 'Start') o.run.gpStart = gp[3]!;
      else { o.run.gpEnd = gp[3]!; o.run.totalGps = gp[4] !== undefined ? Number(gp[4]) : null; }
      return;
    }
    if (HISTOGRAM.test(t)) { this.histogramOrBang(o, line, t); this.badness(o, line, t, true); return; }
    this.badness(o, line, t, false);
  }

  finish(): TortureRun[] {
    if (this.open) this.close(null);
    return this.done;
  }

  // --- runs --------------------------------------------------------------------------------------

  private begin(line: number, boot: number, time: number | null, type: string, startSeen: boolean, params: Record<string, string>): void {
    const run: TortureRun = {
      id: this.done.length, type, verdict: 'incomplete', boot, startLine: line, startSeen, endLine: line, endSeen: false,
      startTime: time, endTime: time, params, gpStart: null, gpEnd: null, totalGps: null, failures: [], samples: [],
      series: { line: [], t: [], ver: [], reads: [], writes: [], errors: [], tooShort: [] },
      badness: { badness: 0, warnings: 0, bugs: 0, kcsan: 0, callTraces: 0, lockdep: 0, stalls: 0, starves: 0, bangs: 0 },
    };
    this.open = { run, lastLine: line, lastTime: time, sample: null, bangLine: null, repeating: new Map() };
  }

  private touch(o: Open, line: number, time: number | null): void {
    o.lastLine = line;
    if (time !== null) o.lastTime = time;
  }

  private close(end: { line: number; status: string } | null): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const run = o.run;
    this.settle(o);
    if (end) {
      run.endSeen = true;
      run.endLine = end.line;
      if (end.status === 'FAILURE') this.fail(o, end.line, 'end-failure', `rcutorture ended the test with FAILURE: its error count (n_rcu_torture_error: every \`!!!\` statistics block, rcu_barrier() errors) was not zero${instances(run)}`);
      else if (end.status.endsWith('_HOTPLUG')) this.fail(o, end.line, 'hotplug', `rcutorture ended the test with ${end.status}: CPU-hotplug operations failed during the run`);
      else if (end.status !== 'SUCCESS') this.fail(o, end.line, 'end-failure', `rcutorture ended the test with ${end.status}, not SUCCESS`);
    } else {
      run.endLine = o.lastLine;
    }
    run.endTime = o.lastTime;
    this.seqCheck(o);
    if (!run.endSeen) {
      const n = run.samples.filter((s) => !s.final).length;
      this.fail(o, run.endLine, 'incomplete', `the run never printed its \`End of test\` line: the log${run.endLine === o.lastLine ? '' : ' or the boot'} ends while it runs (${n} statistics line${n === 1 ? '' : 's'} with ver: seen)`);
    }
    run.failures.sort((a, b) => a.line - b.line);
    run.verdict = run.failures.some((f) => f.kind !== 'incomplete') ? 'FAILURE' : run.endSeen ? 'SUCCESS' : 'incomplete';
    run.series = seriesOf(run.samples);
    this.done.push(run);
  }

  private fail(o: Open, line: number, kind: TortureFailureKind, message: string, repeatKey?: string): void {
    if (repeatKey !== undefined) {
      const f = o.repeating.get(repeatKey);
      if (f) { f.repeats = (f.repeats ?? 0) + 1; f.lastLine = line; return; }
    }
    if (o.run.failures.length >= MAX_FAILURES) return;
    const f: TortureFailure = { line, kind, message };
    o.run.failures.push(f);
    if (repeatKey !== undefined) o.repeating.set(repeatKey, f);
  }

  // --- statistics --------------------------------------------------------------------------------

  private stats(o: Open, line: number, time: number | null, m: RegExpExecArray): void {
    this.settle(o);
    const fields: Record<string, string> = {};
    for (const f of (m[4] ?? '').matchAll(FIELD)) if (!(f[1]! in fields)) fields[f[1]!] = f[2]!;
    const rtc = m[1]!;
    const s: TortureSample = {
      line, time, ver: Number(m[3]), final: m[2] === 'VER' || /^\(null\)$|^0+$/.test(rtc), fields,
      rta: num(fields.rta), rtf: num(fields.rtf), nt: num(fields.nt), errors: 0,
      pipe: null, batch: null, fbc: null, pipeLine: null, batchLine: null, fbcLine: null, bang: false,
    };
    for (const name of ERROR_COUNTERS) {
      const v = errorValue(name, fields[name]);
      if (v > 0) {
        s.errors += v;
        this.fail(o, line, 'error-counter', `${name}: ${fields[name]} — ${COUNTER_ERRORS[name]}`, `counter:${name}`);
      }
    }
    if (o.run.samples.length < MAX_SAMPLES) o.run.samples.push(s);
    o.sample = s;
  }

  private histogramOrBang(o: Open, line: number, body: string): void {
    const h = HISTOGRAM.exec(body);
    const s = o.sample;
    if (!h) {
      if (body.startsWith('!!!')) {
        if (s && !s.pipe) { s.bang = true; o.bangLine = line; } // `!!! ` then a WARN splat, then `Reader Pipe:`
        else this.fail(o, line, 'bang', `rcutorture flagged an error: ${clip(body)}`);
      }
      return;
    }
    if (!s) return;
    const values = h[3]!.trim().split(/\s+/).map(Number);
    if (h[1]) { s.bang = true; o.bangLine = line; }
    switch (h[2]) {
      case 'Reader Pipe':
        if (s.pipe) return;
        s.pipe = values; s.pipeLine = line;
        {
          const beyond = values.slice(2).reduce((a, b) => a + b, 0);
          if (beyond > 0) {
            this.fail(o, line, 'too-short-gp',
              `Reader Pipe: ${beyond} read${beyond === 1 ? '' : 's'} saw an element that had already gone through 2 or more grace periods (buckets 2–${values.length - 1}: ${values.slice(2).join(' ')}): a grace period ended while a reader still held the element — RCU is broken`,
              'pipe');
          }
        }
        break;
      case 'Reader Batch': if (!s.batch) { s.batch = values; s.batchLine = line; } break;
      default: if (!s.fbc) { s.fbc = values; s.fbcLine = line; } break;
    }
  }

  /** A statistics block is over (the next one starts, or the run ends): a `!!!` no counter explains is a failure of its own. */
  private settle(o: Open): void {
    const s = o.sample;
    if (s && s.bang && o.bangLine !== null) {
      const explained = s.errors > 0 || (s.pipe !== null && s.pipe.slice(2).some((v) => v > 0));
      if (!explained) this.fail(o, o.bangLine, 'bang', 'rcutorture printed `!!!`: its error check fired (n_rcu_torture_error grew), but no counter on this statistics block says why (on a serial console the Reader Pipe line may have been lost)', 'bang');
    }
    o.bangLine = null;
    o.sample = null;
  }

  /** parse-console.sh's ver check: over the statistics lines that print `ver:` with a real rtc
   * pointer, ver must grow from one to the next (starting above 0). */
  private seqCheck(o: Open): void {
    let ver = 0, bad: { from: number; to: number; line: number } | null = null;
    const live = o.run.samples.filter((s) => !s.final);
    for (const s of live) {
      if (!bad && s.ver <= ver) bad = { from: ver, to: s.ver, line: s.line };
      ver = s.ver;
    }
    if (!bad) return;
    if (bad.from === bad.to && bad.to === ver) {
      this.fail(o, bad.line, 'gp-hang', `GP HANG at ver ${ver}: from this statistics line on, the writer published no new element — grace periods stopped completing (parse-console.sh's "GP HANG")`);
    } else {
      this.fail(o, bad.line, 'bad-seq', `BAD SEQ ${bad.from}:${bad.to} (last ver ${ver}): ver did not grow between two statistics lines — grace periods stalled for a while (parse-console.sh's "BAD SEQ")`);
    }
  }

  // --- console-badness.sh ------------------------------------------------------------------------

  /** `ownLine`: an rcutorture line, whose `!!!` the statistics already account for. */
  private badness(o: Open, line: number, text: string, ownLine: boolean): void {
    if (!BADNESS.test(text) && !/Call trace:/.test(text)) return;
    if (NOT_BADNESS.test(text)) return;
    const b: TortureBadness = o.run.badness;
    if (text.includes('Badness')) b.badness++;
    if (WARN_TEXT.test(text)) b.warnings++;
    if (BUG_TEXT.test(text)) b.bugs++;
    if (text.includes('BUG: KCSAN: ')) b.kcsan++;
    if (/Call Trace:|Call trace:/.test(text)) b.callTraces++;
    if (text.includes('===========')) b.lockdep++;
    if (STALL_TEXT.test(text)) b.stalls++;
    if (STARVED.test(text)) b.starves++;
    if (text.includes('!!!')) b.bangs++;
    const ws = WRITER_STALL.exec(text);
    if (ws) {
      const v = o.sample ? ` (ver ${o.sample.ver})` : '';
      this.fail(o, line, 'writer-stall', `writer stall: ver did not move since the previous statistics${v} — the writer is in ${ws[1]} waiting on grace period g${ws[2]} (flags ${ws[3]}, ->state ${ws[4]}, CPU ${ws[5]}): grace periods are not completing`);
    } else if (STALL_TEXT.test(text)) {
      this.fail(o, line, 'rcu-stall', `RCU CPU stall warning during the run: ${clip(text)}`);
    } else if (STARVED.test(text)) {
      this.fail(o, line, 'kthread-starved', `RCU grace-period kthread starved during the run: ${clip(text)}`);
    } else if (BUG_TEXT.test(text)) {
      this.fail(o, line, 'bug', `${text.includes('KCSAN') ? 'KCSAN data race' : 'kernel BUG/oops'} during the run: ${clip(text)}`);
    } else if (WARN_TEXT.test(text)) {
      const own = /rcu_torture_stats_print/.test(text) ? ' (rcutorture\'s own WARN_ON_ONCE: an error counter or the Reader Pipe went bad)'
        : /rcu_torture_writer/.test(text) ? ' (rcutorture\'s writer: an element had not gone through all its grace periods when the writer paused — `rtort_pipe_count` just before says how far; grace periods are too slow)' : '';
      this.fail(o, line, 'warning', `kernel warning during the run${own}: ${clip(text)}`);
    } else if (text.includes('===========')) {
      this.fail(o, line, 'lockdep', `lockdep-style splat during the run: ${clip(text)}`);
    } else if (text.includes('Badness')) {
      this.fail(o, line, 'badness', `kernel "Badness" report during the run: ${clip(text)}`);
    } else if (text.includes('!!!') && !ownLine) {
      this.fail(o, line, 'bang', `\`!!!\` during the run: ${clip(text)}`);
    }
  }
}

/** What each error counter's being non-zero means (rcu_torture_stats_print's `!!!` condition). */
const COUNTER_ERRORS: Record<string, string> = {
  rtmbe: 'readers saw an element before its initialisation was visible (memory-barrier error): rcu_assign_pointer()/rcu_dereference() ordering is broken',
  rtmbkf: 'the reader-side memory-ordering check failed',
  rtbe: 'rcu_barrier() returned before all earlier callbacks had run',
  rtbke: 'a priority-boost kthread could not be created',
  rtbre: 'a priority-boost kthread could not be given real-time priority',
  rtbf: 'RCU priority boosting failed: a preempted reader blocked a grace period despite boosting',
};

/** An error counter's error count: `rtmbkf: 3/100` counts failures/tries, the others are plain numbers. */
function errorValue(name: string, v: string | undefined): number {
  if (v === undefined) return 0;
  const n = Number(name === 'rtmbkf' ? v.split('/')[0] : v);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** parse-console.sh's count on a FAILURE: the Reader Pipe buckets 2–10 of the last `!!!` block. */
function instances(run: TortureRun): string {
  for (let i = run.samples.length - 1; i >= 0; i--) {
    const s = run.samples[i]!;
    if (s.bang && s.pipe) return ` (parse-console.sh: "FAILURE, ${s.pipe.slice(-9).reduce((a, b) => a + b, 0)} instances")`;
  }
  return '';
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) + '…' : t;
}

function seriesOf(samples: readonly TortureSample[]): TortureSeries {
  const out: TortureSeries = { line: [], t: [], ver: [], reads: [], writes: [], errors: [], tooShort: [] };
  for (const s of samples) {
    out.line.push(s.line);
    out.t.push(s.time);
    out.ver.push(s.ver);
    out.reads.push(s.pipe ? s.pipe.reduce((a, b) => a + b, 0) : null);
    out.writes.push(s.rta);
    out.errors.push(s.errors);
    out.tooShort.push(s.pipe ? s.pipe.slice(2).reduce((a, b) => a + b, 0) : null);
  }
  return out;
}
