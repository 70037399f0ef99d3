// Runs the mocha suite inside code-server's real extension host: VS Code's own
// extensionDevelopmentPath/extensionTestsPath mechanism (the one @vscode/test-electron uses),
// passed to the web workbench as its `payload` query parameter.
import * as util from 'node:util';
import { launchChromium } from './browser';
import type { CodeServer } from './server';

export interface Counts { passed: number; failed: number }

// Workbench chatter that the extension-test mode also routes through codeAutomationLog.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|\[perf\]|Started local extension host|Extension host \()/;

export async function runExtensionHostSuite(server: CodeServer, folder: string, devPath: string, testsPath: string,
  timeoutMs = Number(process.env.RCU_LENS_SUITE_TIMEOUT_MS) || 300_000): Promise<Counts> {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]];
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await launchChromium();
  let passed = 0, failed = 0;
  try {
    const page = await browser.newPage();
    let finish!: (code: number | 'timeout') => void;
    const exited = new Promise<number | 'timeout'>((resolve) => (finish = resolve));
    // In test mode the workbench sends the extension host's console (mocha's reporter) here, unformatted.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = Array.isArray(args) ? util.format(...(args as unknown[])) : String(args);
      let m: RegExpExecArray | null;
      if ((m = /^\s*(\d+) passing \(/.exec(text))) passed = Number(m[1]);
      if ((m = /^\s*(\d+) failing\s*$/.exec(text))) failed = Number(m[1]);
      if (!process.env.VERBOSE && NOISE.test(text)) return;
      (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    if (process.env.VERBOSE) page.on('console', (m) => console.error(`[browser ${m.type()}]`, m.text()));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    await page.goto(url);
    const code = await exited;
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`extension-host suite did not finish within ${timeoutMs / 1000} s (server log: ${server.logFile})`);
      failed += 1;
    } else if (code !== 0 && failed === 0) {
      console.error(`extension-host suite exited with code ${code} before mocha reported (server log: ${server.logFile})`);
      failed = 1; // the runner itself broke (e.g. index.js threw while loading)
    }
  } finally {
    await browser.close();
  }
  return { passed, failed };
}
