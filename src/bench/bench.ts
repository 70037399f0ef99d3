// npm run bench: how close the full parse + analysis comes to just scanning the bytes.
//
// Writes a deterministic ~100 MB dmesg log (kernel noise, stack traces and stall reports around
// thousands of phased-state-change runs), then measures a plain newline scan of the file and the
// streaming analysis of it, in alternating rounds, and prints the throughput of each, their ratio
// and the peak memory. Ratios against a baseline measured in the same run, never absolute
// thresholds: the machine's speed cancels out. Goals: ratio ≥ 0.5, peak memory ≤ 1.5 × file.
// Each scan round runs in a child process: in this one, its million Buffer#indexOf calls leave the
// analysis after it 15-40% slower (measured on this VM: a scan of the same length in a plain
// JavaScript loop does not), a cross-talk between the two measures that `rcu-lens` never sees.
//
// Then the same on a stall storm (RCU_BENCH_ONLY=stalls runs this case alone): a log of the same
// size where every sixth line is an RCU stall header, each followed by ordinary lines (a console
// that printed stall after stall for hours). Goals: ratio ≥ 0.3, peak memory ≤ 1.5 × file.
//
// Then the invariant explorer (rcu-lens explore): every ordering of the phased state change with
// 4 readers, against the seed's 2 as the baseline, and against the budget of 1 s.
// RCU_BENCH_ONLY=parse, =stalls, =ftrace, =explore or =repeated runs one part; without it each part
// runs in a process of its own (so each peak memory is that file's alone), and the goals are
// printed together at the end.
//
// The ftrace case: a ~100 MB tracefs `trace` file dense with RCU tracepoints (the real trace in
// test/fixtures/traces/phased-rcutrace.trace.log.gz, repeated with its clock shifted on), parsed
// with the kernel RCU model (src/core/kernel/) against the plain dmesg file above, alternating in
// the same run. Goal: at least half the dmesg case's speed (MB/s).

import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Analyzer } from '../core/analyze';
import { nodeIndexOf } from '../cli/io';
import { checkInvariant } from '../core/sim/explore/invariant';
import { applyMutation, parseMutation } from '../core/sim/scenario/mutate';
import { seedWithReaders } from '../core/patterns/phased-state-change/scenario';

const SIZE = Number(process.env.RCU_BENCH_MB ?? 100) * 1e6;
const DIR = join(__dirname, '..', 'bench-data');
const FILE = join(DIR, `bench-${SIZE / 1e6}MB.log`);
const STORM_FILE = join(DIR, `bench-stall-storm-${SIZE / 1e6}MB.log`);
const CHUNK = 1 << 20;
/** Rounds of each measure; the best counts. Twelve, because the JIT takes about eight passes over
 * a 100 MB log to reach full speed (the code that runs once per run or report at the end is
 * optimized last): a large log runs at the speed of the later rounds, and the first round's time
 * (a cold start on 100 MB) is printed beside. */
const ROUNDS = 12;

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  "audit: type=1101 audit(1649028301.049:68): pid=931 uid=1000 auid=1000 ses=1 msg='op=PAM:accounting grantors=pam_unix,pam_permit,pam_time acct=\"sbcd90\" exe=\"/usr/bin/sudo\" hostname=? addr=? terminal=/dev/pts/1 res=success'",
  'e1000: enp0s3 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX',
  'usb 1-1: new high-speed USB device number 2 using ehci-pci',
  'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.',
  'systemd[1]: Started Journal Service.',
  'IPv6: ADDRCONF(NETDEV_CHANGE): enp0s3: link becomes ready',
  'kauditd_printk_skb: 26 callbacks suppressed',
  'hid-generic 0003:80EE:0021.0001: input,hidraw0: USB HID v1.10 Mouse [VirtualBox USB Tablet] on usb-0000:00:06.0-1/input0',
  'sched: RT throttling activated',
  'random: crng init done',
];
const TRACE = [
  'Call Trace:', ' <TASK>', ' dump_stack_lvl+0x48/0x5e', ' __schedule+0x311/0x10b0', ' schedule+0x4b/0xb0',
  ' schedule_timeout+0x95/0x150', ' msleep+0x29/0x40', ' do_one_initcall+0x57/0x220', ' do_init_module+0x4c/0x250',
  ' load_module+0x2642/0x2800', ' __do_sys_finit_module+0xb4/0x120', ' do_syscall_64+0x5c/0x80',
  ' entry_SYSCALL_64_after_hwframe+0x44/0xae', ' </TASK>',
];
const STALL = [
  'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  'rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-3): P14338/1:b..l',
  '\t(detected by 0, t=18002 jiffies, g=1477905, q=870)',
  'task:insmod          state:D stack:    0 pid:14338 ppid: 14337 flags:0x00000002',
  ...TRACE,
];
const RUN = [
  'phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint',
  'end cco_quickly', 'hit do_maint', 'start cco2', 'hit cco', 'hit cco_carefully', 'end do_maint',
  'end cco_carefully', 'end maint',
];

function generate(): void {
  mkdirSync(DIR, { recursive: true });
  const fd = openSync(FILE, 'w');
  generateInto(fd);
  closeSync(fd);
}

/** The stall storm: a stall header every sixth line, ordinary kernel lines between. */
const STORM_HEADERS = [
  'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  'rcu: INFO: rcu_sched self-detected stall on CPU',
  'INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 10886 jiffies s: 25 root: 0x4/.',
];

function generateStorm(): void {
  mkdirSync(DIR, { recursive: true });
  const fd = openSync(STORM_FILE, 'w');
  const r = rng(20261202);
  let t = 0.5, size = 0, buf = '', n = 0;
  while (size + buf.length < SIZE) {
    t += r() * 0.004;
    const msg = n++ % 6 === 0 ? STORM_HEADERS[Math.floor(r() * STORM_HEADERS.length)]! : NOISE[Math.floor(r() * NOISE.length)]!;
    buf += `[${t.toFixed(6).padStart(12)}] ${msg}\n`;
    if (buf.length > CHUNK) { writeSync(fd, buf); size += buf.length; buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

function generateInto(fd: number): void {
  const r = rng(20260401);
  let t = 0.5, size = 0, buf = '', runStep = -1;
  const emit = (msg: string) => {
    t += r() * 0.004;
    buf += `[${t.toFixed(6).padStart(12)}] ${msg}\n`;
    if (buf.length > CHUNK) { writeSync(fd, buf); size += buf.length; buf = ''; }
  };
  while (size + buf.length < SIZE) {
    const x = r();
    if (runStep >= 0) {
      if (x < 0.05) { emit(RUN[runStep++]!); if (runStep === RUN.length) runStep = -1; continue; }
    } else if (x < 0.0005) { runStep = 0; continue; }
    if (x < 0.02) for (const l of TRACE) emit(l);
    else if (x < 0.0203) for (const l of STALL) emit(l);
    else emit(NOISE[Math.floor(r() * NOISE.length)]!);
  }
  writeSync(fd, buf);
}

const FTRACE_FILE = join(DIR, `bench-ftrace-${SIZE / 1e6}MB.trace.log`);
const FTRACE_TEMPLATE = join(__dirname, '..', 'test', 'fixtures', 'traces', 'phased-rcutrace.trace.log.gz');

/** The real trace's event lines over and over, each copy 40 s later than the one before. */
function generateFtrace(): void {
  mkdirSync(DIR, { recursive: true });
  const lines = gunzipSync(readFileSync(FTRACE_TEMPLATE)).toString('utf8').split('\n');
  const header = lines.filter((l) => l.startsWith('#'));
  const body = lines.map((l) => /^(.*?\] \S+\s+)(\d+\.\d+)(: .*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, Number(m[2]), m[3]!] as const);
  const fd = openSync(FTRACE_FILE, 'w');
  let size = 0, buf = header.join('\n') + '\n';
  for (let k = 0; size + buf.length < SIZE; k++) {
    for (const [head, t, rest] of body) {
      buf += `${head}${(t + k * 40).toFixed(6)}${rest}\n`;
      if (buf.length > CHUNK) { writeSync(fd, buf); size += buf.length; buf = ''; }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

function eachChunk(file: string, onChunk: (b: Buffer) => void): void {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0;) onChunk(buf.subarray(0, n));
  closeSync(fd);
}

/** Best wall-clock and best CPU seconds over ROUNDS runs (CPU time is what other processes on
 * the machine disturb least). */
function best(fn: () => void, rounds = ROUNDS): { wall: number; cpu: number } {
  let wall = Infinity, cpu = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / 1e9);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

/** Issue 14's three figures, gathered from the cases as they run and printed against their goals
 * at the end (with the load average, since other processes on the machine move them). */
const goals: { what: string; value: number; goal: number; atLeast: boolean }[] = [];

function main(FILE: string, write: () => void, goal: number, name = 'parse'): void {
  if (!existsSync(FILE) || Math.abs(statSync(FILE).size - SIZE) > CHUNK * 2) {
    process.stdout.write(`writing ${FILE} ...\n`);
    write();
  }
  const bytes = statSync(FILE).size;
  let lines = 0;
  // The scan, in a child process (see the top of this file); its own clock, as the analysis's.
  const scan = { wall: Infinity, cpu: Infinity };
  const scanOnce = () => {
    const r = spawnSync(process.execPath, [__filename], { env: { ...process.env, RCU_BENCH_SCAN: FILE }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`newline scan failed (${r.status ?? r.signal})`);
    const m = JSON.parse(r.stdout) as { wall: number; cpu: number; lines: number };
    lines = m.lines;
    scan.wall = Math.min(scan.wall, m.wall);
    scan.cpu = Math.min(scan.cpu, m.cpu);
  };
  let result: ReturnType<Analyzer['end']> | null = null;
  let peakRss = 0;
  const rss0 = process.memoryUsage.rss();
  const gc = (globalThis as { gc?: () => void }).gc;
  const analyseOnce = () => {
    const a = new Analyzer({ indexOf: nodeIndexOf });
    let k = 0;
    eachChunk(FILE, (b) => {
      a.push(b);
      if ((k++ & 15) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    });
    result = a.end();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  // The first analysis in this process is the one `rcu-lens check` on this file would run: its
  // time is the cold start's, its peak RSS the peak memory.
  gc?.();
  const coldRound = best(analyseOnce, 1);
  const cold = coldRound.wall, memoryPeak = peakRss;
  // Then the speed, in rounds that alternate with the scan's, so a stretch of load from other
  // processes slows both measures alike, and run as a process that analyses log after log runs:
  // each round lets the previous result go, and collecting it is part of the round. (A forced full
  // collection before each round left V8's young generation at its smallest and the analysis after
  // it 35% slower, in collector threads: an artefact no real run has.)
  const analysis = { ...coldRound };
  for (let i = 0; i < ROUNDS; i++) {
    scanOnce();
    result = null;
    const r = best(analyseOnce, 1);
    analysis.wall = Math.min(analysis.wall, r.wall);
    analysis.cpu = Math.min(analysis.cpu, r.cpu);
  }
  peakRss = memoryPeak;
  const a = result!;
  const mb = bytes / 1e6;
  const fmt = (t: { wall: number; cpu: number }) =>
    `${(mb / t.wall).toFixed(0).padStart(6)} MB/s  (${(t.wall * 1000).toFixed(0)} ms wall, ${(t.cpu * 1000).toFixed(0)} ms CPU; best of ${ROUNDS})`;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  goals.push({ what: `${name}: speed × the newline scan (wall)`, value: scan.wall / analysis.wall, goal, atLeast: true });
  goals.push({ what: `${name}: peak memory × the file`, value: peakRss / bytes, goal: 1.5, atLeast: false });
  process.stdout.write([
    `file:              ${FILE} — ${mb.toFixed(1)} MB, ${lines.toLocaleString('en')} lines`,
    `newline scan:      ${fmt(scan)}`,
    `parse + analysis:  ${fmt(analysis)}; the first round (a cold start): ${(cold * 1000).toFixed(0)} ms`,
    `ratio:             ${(scan.wall / analysis.wall).toFixed(2)} × the newline scan by wall-clock time, ${(scan.cpu / analysis.cpu).toFixed(2)} × by CPU time (goal ≥ ${goal.toFixed(2)})`,
    `peak memory:       ${(peakRss / 1e6).toFixed(0)} MB RSS during the first analysis = ${(peakRss / bytes).toFixed(2)} × the file (goal ≤ 1.50); ` +
      `${((peakRss - rss0) / 1e6).toFixed(0)} MB above the process's RSS before it; process max RSS ${(maxRss / 1e6).toFixed(0)} MB`,
    `found:             ${a.runs.length} runs, ${a.events.length} scenario lines, ${a.violations.length} violations, ${a.stalls.length} stall reports, ${a.boots.length} boot(s)`,
    '',
  ].join('\n'));
}

function exploreBench(): void {
  const once = (readers: number, mutate?: string) => () => {
    let sc = seedWithReaders(readers);
    if (mutate) sc = applyMutation(sc, parseMutation(mutate));
    const r = checkInvariant(sc);
    if (r.verdict !== (mutate ? 'broken' : 'holds')) throw new Error(`explore ${readers} readers ${mutate ?? ''}: ${r.verdict}`);
  };
  for (const n of [2, 4, 6]) once(n)(); // warm the JIT first, so the baseline is not the cold run
  const base = best(once(2)), four = best(once(4)), broken = best(once(4, 'drop-gp2')), six = best(once(6));
  const ms = (t: { wall: number }) => `${(t.wall * 1000).toFixed(0).padStart(5)} ms`;
  process.stdout.write([
    `explore, 2 readers (baseline):    ${ms(base)}  holds`,
    `explore, 4 readers:               ${ms(four)}  holds; ${(four.wall / base.wall).toFixed(1)} × the baseline; ${(four.wall / 1).toFixed(2)} of the 1 s budget`,
    `explore, 4 readers, drop-gp2:     ${ms(broken)}  counterexample; ${(broken.wall / base.wall).toFixed(1)} × the baseline`,
    `explore, 6 readers:               ${ms(six)}  holds; ${(six.wall / base.wall).toFixed(1)} × the baseline`,
    '',
  ].join('\n'));
}

function ftraceBench(): void {
  if (!existsSync(FILE) || Math.abs(statSync(FILE).size - SIZE) > CHUNK * 2) generate();
  if (!existsSync(FTRACE_FILE) || Math.abs(statSync(FTRACE_FILE).size - SIZE) > CHUNK * 4) {
    process.stdout.write(`writing ${FTRACE_FILE} ...\n`);
    generateFtrace();
  }
  let found = '';
  const once = (file: string) => () => {
    const a = new Analyzer({ indexOf: nodeIndexOf });
    eachChunk(file, (b) => a.push(b));
    const r = a.end();
    if (file === FTRACE_FILE) found = `${r.format}, ${r.kernel.gracePeriods.length} kernel grace periods, ${r.kernel.preemptedReaders.length} preempted readers, ${r.kernel.callbacks.paired} callbacks paired, ${r.runs.length} runs`;
  };
  const dmesg = { wall: Infinity, cpu: Infinity }, ftrace = { wall: Infinity, cpu: Infinity };
  const rounds = 10;
  for (let i = 0; i < rounds; i++) {
    for (const [fn, into] of [[once(FILE), dmesg], [once(FTRACE_FILE), ftrace]] as const) {
      const r = best(fn, 1);
      into.wall = Math.min(into.wall, r.wall);
      into.cpu = Math.min(into.cpu, r.cpu);
    }
  }
  const mbD = statSync(FILE).size / 1e6, mbF = statSync(FTRACE_FILE).size / 1e6;
  const ratio = (mbF / ftrace.wall) / (mbD / dmesg.wall);
  goals.push({ what: 'ftrace: speed × the dmesg case (wall)', value: ratio, goal: 0.5, atLeast: true });
  const speed = (mb: number, t: { wall: number; cpu: number }) => `${(mb / t.wall).toFixed(0).padStart(6)} MB/s  (${(t.wall * 1000).toFixed(0)} ms wall, ${(t.cpu * 1000).toFixed(0)} ms CPU; best of ${rounds})`;
  process.stdout.write([
    `ftrace, dense with RCU tracepoints: ${FTRACE_FILE} — ${mbF.toFixed(1)} MB`,
    `  dmesg analysis:   ${speed(mbD, dmesg)}`,
    `  ftrace analysis:  ${speed(mbF, ftrace)}`,
    `  ratio:            ${ratio.toFixed(2)} × the dmesg case's speed by wall-clock time, ${((mbF / ftrace.cpu) / (mbD / dmesg.cpu)).toFixed(2)} × by CPU time (goal ≥ 0.50)`,
    `  found:            ${found}`,
    '',
  ].join('\n'));
}

/** A million copies of one scenario line after the seed's first lines (issue 14: every stage stays
 * linear whatever the lines say). The baseline is the same count of lines that cannot matter; the
 * ratio to it, and a tenth of the lines taking about a tenth of the time, show linearity. */
function repeatedBench(): void {
  const head = ['phased state change - init module', 'start cco1', 'start cco2', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint'];
  const build = (msg: string, n: number): Buffer => {
    const parts: string[] = [];
    for (let i = 0; i < head.length + n; i++) parts.push(`[${(100 + i * 1e-4).toFixed(6).padStart(12)}] ${i < head.length ? head[i] : msg}\n`);
    return Buffer.from(parts.join(''));
  };
  const run = (b: Buffer) => () => {
    const a = new Analyzer({ indexOf: nodeIndexOf });
    for (let o = 0; o < b.length; o += CHUNK) a.push(b.subarray(o, o + CHUNK));
    a.end();
  };
  const N = 1_000_000;
  const base = best(run(build('audit: type=1100 nothing to see', N)), 2);
  const out = [`repeated scenario lines (${N.toLocaleString('en')} each; baseline: as many plain lines, ${(base.wall * 1000).toFixed(0)} ms):`];
  for (const msg of ['hit cco', 'end cco_quickly', 'hit do_maint', 'end maint', 'phased state change - init module']) {
    const tenth = best(run(build(msg, N / 10)), 1);
    const full = best(run(build(msg, N)), 1);
    out.push(`  ${msg.padEnd(36)} ${(full.wall * 1000).toFixed(0).padStart(6)} ms (CPU ${(full.cpu * 1000).toFixed(0)} ms) = ${(full.wall / base.wall).toFixed(1)} × the baseline; ` +
      `a tenth of the lines takes ${(tenth.wall / full.wall).toFixed(2)} of the time (linear: about 0.1)`);
  }
  process.stdout.write(out.join('\n') + '\n\n');
}

/** A scan round's child (RCU_BENCH_SCAN=FILE): one newline scan, its times and lines as JSON. */
function scanChild(file: string): void {
  let lines = 0;
  const once = () => { lines = 0; eachChunk(file, (b) => { for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++; }); };
  once(); // (the first read warms the code, as the analysis's first rounds do)
  const t = best(once, 2);
  process.stdout.write(JSON.stringify({ ...t, lines }));
}

const only = process.env.RCU_BENCH_ONLY;
const CASES: Record<string, () => void> = {
  parse: () => main(FILE, generate, 0.5),
  stalls: () => main(STORM_FILE, generateStorm, 0.3, 'stall storm'),
  ftrace: ftraceBench,
  explore: exploreBench,
  repeated: repeatedBench,
};
const GOAL_MARK = '@goal ';

if (process.env.RCU_BENCH_SCAN) {
  scanChild(process.env.RCU_BENCH_SCAN);
} else if (only) {
  const run = CASES[only];
  if (!run) throw new Error(`RCU_BENCH_ONLY=${only}: one of ${Object.keys(CASES).join(', ')}`);
  run();
  // A child of the run below hands its figures up; run alone, it prints them itself.
  if (process.env.RCU_BENCH_CHILD) for (const g of goals) process.stdout.write(GOAL_MARK + JSON.stringify(g) + '\n');
  else printGoals();
} else {
  // Each case in a process of its own: a case's memory is then what `rcu-lens check` on that file
  // would use, not inflated by the heap an earlier case left behind.
  for (const name of Object.keys(CASES)) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename], {
      env: { ...process.env, RCU_BENCH_ONLY: name, RCU_BENCH_CHILD: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26,
    });
    for (const l of r.stdout.split('\n')) {
      if (l.startsWith(GOAL_MARK)) goals.push(JSON.parse(l.slice(GOAL_MARK.length)) as typeof goals[number]);
      else if (l) process.stdout.write(l + '\n');
    }
    process.stdout.write('\n');
    if (r.status !== 0) throw new Error(`bench case ${name} failed (${r.status ?? r.signal})`);
  }
  printGoals();
}

function printGoals(): void {
  if (!goals.length) return;
  const load = (() => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return 'unknown'; } })();
  process.stdout.write([`goals (load average ${load}):`, ...goals.map((g) =>
    `  ${g.what.padEnd(46)} ${g.value.toFixed(2).padStart(6)}  goal ${g.atLeast ? '≥' : '≤'} ${g.goal.toFixed(2)}  ${(g.atLeast ? g.value >= g.goal : g.value <= g.goal) ? 'met' : 'NOT met'}`), ''].join('\n'));
}
