// npm run fuzz: the suite's fuzz properties (test/unit/harden-*.test.js), each run
// RCU_LENS_FUZZ times longer than in `npm run test:unit` (default 25). A failure prints
// fast-check's seed and path, which reproduce it. The files: harden-input (profiles, scenarios,
// bounds of work), harden-sim, harden-fastpath (plain dmesg fast path = full parser),
// harden-kernel (hostile RCU tracepoint lines: fast loop = full parser; the kernel model's
// indexes = the scans they replaced; steps per line), harden-litmus (random LKMM tests end in a
// verdict or Unknown), harden-regex (accepted user expressions finish on hostile lines),
// harden-patterns (must-not-overlap candidates cover every overlap); and the fast loops' own
// properties, ftrace-skim and wasm-skim (the WebAssembly loops, the JavaScript ones and the full
// parser agree on damaged trace lines and on lines across windows and chunks), wasm-header and
// wasm-unrelated (the stall storm's byte tests in WebAssembly = their JavaScript), lines-cr (the
// splitter's lazy CR search = splitting the whole input) and stalls-storm (random storms).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('out', 'test', 'unit');
const files = readdirSync(dir).filter((f) => /^(harden-.*|ftrace-skim|wasm-skim|wasm-header|wasm-unrelated|lines-cr|stalls-storm)\.test\.js$/.test(f)).map((f) => join(dir, f));
const env = { ...process.env, RCU_LENS_FUZZ: process.env.RCU_LENS_FUZZ ?? '25' };
const r = spawnSync(process.execPath, [join('node_modules', 'mocha', 'bin', 'mocha.js'), '--no-package', '--timeout', '0', ...files],
  { stdio: 'inherit', env });
process.exit(r.status ?? 1);
