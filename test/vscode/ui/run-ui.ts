// Runs every scenario of test/vscode/ui/*.ui.ts, each in a fresh chromium window on the workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../harness/browser';
import type { Counts } from '../harness/exthost';
import { workDir } from '../harness/paths';
import type { CodeServer } from '../harness/server';
import { makeWorkspace } from '../harness/workspace';
import type { Scenario } from './scenario';
import { Workbench } from './workbench';

const SCENARIO_TIMEOUT_MS = Number(process.env.RCU_LENS_UI_TIMEOUT_MS) || 180_000;

/** Every `scenarios` export of the compiled *.ui.js files beside this one, in file-name order
 * (those that leave unsaved editors last). */
export async function loadScenarios(): Promise<Scenario[]> {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ui.js')).sort();
  const all: Scenario[] = [];
  for (const f of files) all.push(...((await import(path.join(__dirname, f))) as { scenarios: Scenario[] }).scenarios);
  const grep = process.env.RCU_LENS_UI_GREP;
  const picked = grep ? all.filter((s) => s.name.includes(grep)) : all;
  return [...picked.filter((s) => !s.leavesUnsavedEditors), ...picked.filter((s) => s.leavesUnsavedEditors)];
}

export async function runUi(server: CodeServer, workspaceDir: string, shotsDir: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0 };
  // The extension-host suite, run before in the same workspace, leaves scratch files and settings
  // there: the scenarios get a fresh copy of the fixtures (same folder name, so the screenshots
  // look the same whether the suite ran first or not).
  workspaceDir = makeWorkspace(path.join(path.dirname(workspaceDir), 'ui', path.basename(workspaceDir)));
  const browser = await launchChromium();
  try {
    for (const s of await loadScenarios()) {
      const t0 = Date.now();
      let wb: Workbench | undefined;
      try {
        wb = await Workbench.open(browser, server.url, workspaceDir, shotsDir);
        await withTimeout(s.run(wb), SCENARIO_TIMEOUT_MS, s.name);
        counts.passed++;
        console.log(`  ✓ ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        counts.failed++;
        const shot = path.join(workDir, 'failures', `${s.name.replace(/[^\w-]+/g, '_')}.png`);
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await wb?.page.screenshot({ path: shot }).catch(() => undefined);
        console.log(`  ✗ ${s.name}\n    ${String(e instanceof Error ? e.stack ?? e.message : e).replace(/\n/g, '\n    ')}`);
        console.log(`    screenshot at failure: ${shot}; server log: ${server.logFile}`);
      } finally {
        await wb?.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  return counts;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
