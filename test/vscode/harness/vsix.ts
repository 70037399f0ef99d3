// Packages the extension with vsce exactly as `npm run package` does (same flags, same .vscodeignore),
// so every test run also checks that the .vsix a user installs works.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { vsixProblems } from './vsixContents';

/** --no-dependencies: the extension is bundled by esbuild; node_modules never ships.
 *  --allow-missing-repository: there is no public repository URL yet (vsce would otherwise stop and ask on stdin);
 *  --no-rewrite-relative-links: the extension README's images are files in the package (media/screenshots/),
 *  which VS Code shows from the installed extension; --readme-path: that README is written for users
 *  (README.extension.md), not the developer README. LICENSE and CHANGELOG.md ship as they are. */
export const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', 'README.extension.md'];

export function packageVsix(outFile: string): string {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.rmSync(outFile, { force: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', ...VSCE_FLAGS, '--out', outFile],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (r.status !== 0 || !fs.existsSync(outFile)) {
    throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  const problems = vsixProblems(outFile);
  if (problems.length) throw new Error(`the packaged extension ${outFile} is not fit for users:\n  ${problems.join('\n  ')}`);
  return outFile;
}
