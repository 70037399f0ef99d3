// `npm run test:vscode`: the extension in a real VS Code (code-server), two ways:
//   1. the mocha suite in test/vscode/suite/ inside the extension host (extensionDevelopmentPath = the repo),
//   2. the UI scenarios in test/vscode/ui/ in chromium, against the .vsix a user would install.
// Expects `npm run build` and `tsc -p .` to have run (npm test does both) and `npm run setup:vscode`.
// Env: RCU_LENS_ONLY=suite|ui runs one part; RCU_LENS_SUITE_GREP / RCU_LENS_UI_GREP filter tests;
// VERBOSE=1 shows the workbench's own log lines.
import * as path from 'node:path';
import { runExtensionHostSuite, type Counts } from './harness/exthost';
import { repoRoot, screenshotsDir, suiteEntry, workDir } from './harness/paths';
import { installExtension, startCodeServer, type CodeServer } from './harness/server';
import { packageVsix } from './harness/vsix';
import { makeProfile, makeWorkspace } from './harness/workspace';
import { runUi } from './ui/run-ui';

export interface VsCodeResults { exthost?: Counts; ui?: Counts }

export const summary = (word: string, c: Counts): string => `${word}: ${c.passed} passed, ${c.failed} failed`;

export async function runVsCodeTests(only = process.env.RCU_LENS_ONLY): Promise<VsCodeResults> {
  const run = path.join(workDir, 'run');
  const results: VsCodeResults = {};
  let server: CodeServer | undefined;
  const stopOnSignal = (): void => { void server?.stop().finally(() => process.exit(130)); };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    const profile = makeProfile(path.join(run, 'profile'));
    const workspace = makeWorkspace(path.join(run, 'workspace'));
    if (only !== 'suite') {
      log('packaging the extension (vsce) and installing the .vsix into code-server');
      installExtension(profile, packageVsix(path.join(workDir, 'rcu-lens-test.vsix')));
    }
    // The extension host inherits code-server's environment: the suite checks it runs the working tree.
    process.env.RCU_LENS_EXPECT_EXTENSION_PATH = repoRoot;
    server = await startCodeServer(profile, path.join(run, 'code-server.log'));
    log(`code-server at ${server.url}`);
    if (only !== 'ui') {
      log('extension-host suite (mocha inside VS Code, extensionDevelopmentPath = repo)');
      results.exthost = await runExtensionHostSuite(server, workspace, repoRoot, suiteEntry);
      console.log(summary('exthost', results.exthost));
    }
    if (only !== 'suite') {
      log(`UI scenarios in chromium (screenshots: ${path.relative(repoRoot, screenshotsDir)}/)`);
      results.ui = await runUi(server, workspace, screenshotsDir);
      console.log(summary('ui', results.ui));
    }
  } finally {
    await server?.stop();
    process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
  }
  return results;
}

function log(msg: string): void {
  console.log(`[vscode ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

if (require.main === module) {
  runVsCodeTests().then(
    (r) => { process.exitCode = [r.exthost, r.ui].some((c) => c && c.failed > 0) ? 1 : 0; },
    (e) => { console.error(e); console.log('vscode: 0 passed, 1 failed'); process.exitCode = 1; },
  );
}
