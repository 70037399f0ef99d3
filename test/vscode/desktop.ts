// `npm run test:desktop`: the same extension-host suite (test/vscode/suite/) in a desktop VS Code,
// through @vscode/test-electron. It downloads VS Code from Microsoft unless VSCODE_EXECUTABLE
// names an installed one, so it cannot run on machines that reach only the npm registry and
// Debian (like this project's CI); there it stops with a message instead of hanging.
// On a headless Linux box run it under a display server: xvfb-run -a npm run test:desktop.
// Env: VSCODE_EXECUTABLE (an installed `code`), VSCODE_VERSION (download; default 1.100.3).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { CODE_SERVER_VERSION, repoRoot, suiteEntry, workDir } from './harness/paths';
import { makeWorkspace } from './harness/workspace';

// code-server 4.100.3 is VS Code 1.100.3: test the desktop build of the same VS Code by default.
const VSCODE_VERSION = process.env.VSCODE_VERSION || `1.${CODE_SERVER_VERSION.split('.')[1]}.${CODE_SERVER_VERSION.split('.')[2]}`;

async function main(): Promise<number> {
  const dir = path.join(workDir, 'desktop');
  const workspace = makeWorkspace(path.join(dir, 'workspace'));
  const executable = process.env.VSCODE_EXECUTABLE;
  console.log(executable ? `desktop VS Code: ${executable}` : `desktop VS Code ${VSCODE_VERSION} (download into ${path.relative(repoRoot, dir)}/)`);
  try {
    return await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: VSCODE_VERSION }),
      cachePath: path.join(dir, 'cache'),
      timeout: 20_000, // idle time allowed while downloading
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteEntry,
      extensionTestsEnv: { RCU_LENS_SUITE_GREP: process.env.RCU_LENS_SUITE_GREP, RCU_LENS_EXPECT_EXTENSION_PATH: repoRoot },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        '--user-data-dir', path.join(dir, 'user-data')],
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!executable && /download|fetch|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|timeout|socket|getaddrinfo|network/i.test(`${msg} ${(e as { code?: string }).code ?? ''}`)) {
      console.error(`\ntest:desktop: could not download VS Code ${VSCODE_VERSION} (${msg}).`);
      console.error('This machine cannot reach Microsoft\'s servers. Use `npm run test:vscode` (the same suite in');
      console.error('code-server), or point VSCODE_EXECUTABLE at an installed desktop VS Code.');
    } else {
      console.error(`\ntest:desktop failed: ${msg}`);
    }
    return 1;
  }
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
