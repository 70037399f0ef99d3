// `npm start`: VS Code (code-server) on 127.0.0.1 with the packaged extension installed and the
// bundled example log open, for a person at a browser. Ctrl-C stops it.
// `npm start` has already run setup:vscode, the build and `npm run package` (rcu-lens-<version>.vsix).
// Env: RCU_LENS_PORT (default 8080, or a free port if 8080 is taken).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir, repoRoot, seedLog, workDir } from './harness/paths';
import { freePort, installExtension, startCodeServer } from './harness/server';
import { makeProfile } from './harness/workspace';

async function portToUse(): Promise<number> {
  if (process.env.RCU_LENS_PORT) return Number(process.env.RCU_LENS_PORT);
  const net = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const s = net.createServer().once('error', () => resolve(false)).listen(8080, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return free ? 8080 : freePort();
}

async function main(): Promise<void> {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(repoRoot, `${name}-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package (npm start does)`);

  // A fresh profile each start, so what you see is the extension as a new user gets it.
  const dir = path.join(workDir, 'start');
  const profile = makeProfile(path.join(dir, 'profile'), { 'workbench.startupEditor': 'none' });
  const workspace = path.join(dir, 'example');
  fs.mkdirSync(workspace, { recursive: true });
  const log = path.join(workspace, path.basename(seedLog));
  fs.copyFileSync(path.join(fixturesDir, seedLog), log);
  installExtension(profile, vsix);

  const server = await startCodeServer(profile, path.join(dir, 'code-server.log'), await portToUse(), workspace);
  // The web workbench opens a file given as the `openFile` entry of its `payload` query parameter.
  const payload = JSON.stringify([['openFile', `vscode-remote://127.0.0.1:${server.port}${log}`]]);
  const address = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  console.log(`\nRCU Lens in VS Code (code-server), ${path.basename(vsix)} installed, example log: ${log}`);
  console.log(`\n  Open ${address}\n\n(server log: ${server.logFile}; Ctrl-C stops the server)`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve).once('SIGTERM', resolve);
  });
  console.log('\nstopping code-server...');
  await server.stop();
}

main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
