// `npm test`: unit tests (mocha in Node), the timeline webview in chromium, then the extension-host
// suite and the UI scenarios in a real VS Code. One `<part>: N passed, N failed` line per part, a `total:` line last, exit 1 on
// any failure. Expects the build, `tsc -p .` and setup:vscode to have run (the npm script does).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Counts } from './harness/exthost';
import { repoRoot } from './harness/paths';
import { runVsCodeTests, summary } from './run';

/** Mocha (by default with the project's config, package.json "mocha"), its output passed through and counted. */
function runMocha(args: string[] = []): Promise<Counts> {
  return new Promise((resolve) => {
    const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(process.execPath, [mocha, '--no-color', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { process.stdout.write(b); out += b.toString(); });
    child.on('close', (code) => {
      const passed = Number(/^\s*(\d+) passing/m.exec(out)?.[1] ?? 0);
      let failed = Number(/^\s*(\d+) failing/m.exec(out)?.[1] ?? 0);
      if (code !== 0 && failed === 0) failed = 1; // mocha broke before reporting (e.g. a file failed to load)
      resolve({ passed, failed });
    });
  });
}

/** `git status --porcelain` of the repository, or undefined outside a git checkout (e.g. an unpacked tarball). */
function gitStatus(): string | undefined {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repoRoot, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

/** A test run must leave the checkout as it found it: screenshots, scratch and packages go to ignored
 *  folders. Compared with the status before the run, so local uncommitted work does not count. */
function cleanTreeCheck(before: string | undefined): Counts {
  const after = gitStatus();
  if (before === undefined || after === undefined || after === before) return { passed: 1, failed: 0 };
  const was = new Set(before.split('\n'));
  const changed = after.split('\n').filter((l) => l && !was.has(l));
  console.error(`the test run changed the checkout (write test output to an ignored folder):\n${changed.join('\n') || after}`);
  return { passed: 0, failed: 1 };
}

async function main(): Promise<void> {
  const statusBefore = gitStatus();
  const lines: string[] = [];
  const total: Counts = { passed: 0, failed: 0 };
  const add = (word: string, c: Counts): void => {
    lines.push(summary(word, c));
    total.passed += c.passed;
    total.failed += c.failed;
  };

  add('unit', await runMocha());
  console.log(lines[0]);
  // The timeline page alone in chromium (test:webview): what the UI scenarios cannot reach through
  // VS Code, such as themes, touch, exports and a reload. Every suite of test/webview, as
  // `npm run test:webview` runs them (the kernel and rcutorture suites were left out before).
  const webviewSuites = readdirSync(path.join(repoRoot, 'out', 'test', 'webview')).filter((f) => f.endsWith('.ui.test.js')).sort().map((f) => `out/test/webview/${f}`);
  add('webview', await runMocha(['--no-package', '--timeout', '60000', ...webviewSuites]));
  console.log(lines[1]);
  try {
    const r = await runVsCodeTests();
    add('exthost', r.exthost ?? { passed: 0, failed: 1 });
    add('ui', r.ui ?? { passed: 0, failed: 1 });
  } catch (e) {
    console.error(e);
    add('vscode', { passed: 0, failed: 1 }); // the harness itself broke (setup, packaging, server)
  }
  add('clean tree', cleanTreeCheck(statusBefore));
  console.log(`\n${lines.join('\n')}\n${summary('total', total)}`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

void main();
