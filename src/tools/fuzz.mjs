// npm run fuzz: the suite's fuzz properties (test/unit/harden-*.test.js), each run
// RCU_LENS_FUZZ times longer than in `npm run test:unit` (default 25). A failure prints
// fast-check's seed and path, which reproduce it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('out', 'test', 'unit');
const files = readdirSync(dir).filter((f) => /^harden-.*\.test\.js$/.test(f)).map((f) => join(dir, f));
const env = { ...process.env, RCU_LENS_FUZZ: process.env.RCU_LENS_FUZZ ?? '25' };
const r = spawnSync(process.execPath, [join('node_modules', 'mocha', 'bin', 'mocha.js'), '--no-package', '--timeout', '0', ...files],
  { stdio: 'inherit', env });
process.exit(r.status ?? 1);
