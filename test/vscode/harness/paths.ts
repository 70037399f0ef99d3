// Where the harness finds things. Compiled to out/test/vscode/harness/, so the repo is 4 levels up.
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const cacheDir = process.env.RCU_LENS_CACHE || path.join(os.homedir(), '.cache', 'rcu-lens');
export const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Written last by setup.sh: its absence means setup never finished. */
export const setupMarker = path.join(codeServerDir, '.rcu-lens-complete');
export const setupScript = path.join(repoRoot, 'test', 'vscode', 'setup.sh');
/** Scratch space for runs (gitignored): user data, extensions, workspaces, logs, the test .vsix. */
export const workDir = path.join(repoRoot, 'test', 'vscode', 'work');
/** Where UI scenarios write their PNGs: an ignored folder, so a test run never dirties a clone. The
 *  README's images are committed copies in media/screenshots/ that no test writes. */
export const screenshotsDir = process.env.RCU_LENS_SCREENSHOTS || path.join(repoRoot, 'test', 'vscode', 'screenshots', 'out');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
/** The bundled example log: the seed document's dmesg block. */
export const seedLog = 'seed/phased-state-change.log';
/** The compiled extension-host suite entry (extensionTestsPath). */
export const suiteEntry = path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
