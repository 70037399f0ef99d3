// A fresh workspace folder holding the test fixtures, and a fresh VS Code profile, for each run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from './paths';

export interface Profile {
  /** --user-data-dir */ userDataDir: string;
  /** --extensions-dir */ extensionsDir: string;
  /** HOME for code-server, so nothing is written to the real home (config.yaml, caches). */ home: string;
}

/** Quiet, deterministic VS Code: no welcome page, tips, telemetry, update checks or trust prompt. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'files.simpleDialog.enable': true,
  // Workspaces live under the repo's test/vscode/work/: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
};

export function makeProfile(dir: string, settings: Record<string, unknown> = {}): Profile {
  fs.rmSync(dir, { recursive: true, force: true });
  const p: Profile = { userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'), home: path.join(dir, 'home') };
  for (const d of Object.values(p)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(p.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(p.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  return p;
}

/** Copies test/fixtures/** into `dir` (same relative paths, e.g. seed/phased-state-change.log). */
export function makeWorkspace(dir: string, extraFiles: Record<string, string> = {}): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(fixturesDir, dir, { recursive: true });
  for (const [rel, text] of Object.entries(extraFiles)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
