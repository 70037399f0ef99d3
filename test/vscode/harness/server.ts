// Starts code-server (VS Code's server + web workbench + a real Node extension host) on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { codeServerEntry, setupMarker } from './paths';
import type { Profile } from './workspace';

export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

export function assertSetupDone(): void {
  if (!fs.existsSync(setupMarker)) {
    throw new Error(`code-server is not installed (no ${setupMarker}); run: npm run setup:vscode`);
  }
}

/** code-server's environment: its own HOME, and none of a surrounding VS Code's variables
 *  (VSCODE_IPC_HOOK_CLI would turn it into a client of the editor it was started from). */
function serverEnv(profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VSCODE_')) env[k] = v;
  return {
    ...env,
    HOME: profile.home,
    XDG_CONFIG_HOME: path.join(profile.home, '.config'),
    XDG_DATA_HOME: path.join(profile.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(profile.home, '.cache'),
  };
}

const profileArgs = (p: Profile): string[] => ['--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];

/** Installs a .vsix the way a user would (`code-server --install-extension`), before the server starts. */
export function installExtension(profile: Profile, vsix: string): void {
  assertSetupDone();
  const r = spawnSync(process.execPath, [codeServerEntry, ...profileArgs(profile), '--install-extension', vsix],
    { env: serverEnv(profile), encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `folder`, when given, is what the bare address (http://127.0.0.1:PORT/) opens. */
export async function startCodeServer(profile: Profile, logFile: string, port?: number, folder?: string): Promise<CodeServer> {
  assertSetupDone();
  port ??= await freePort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  // detached: its own process group, so stop() also ends the extension host and other children.
  const child: ChildProcess = spawn(process.execPath, [codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    ...profileArgs(profile), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', ...(folder ? [folder] : [])], { env: serverEnv(profile), stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => { running = false; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running) throw new Error(`code-server exited during startup; log ${logFile}:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`code-server did not answer /healthz within 60 s; log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url, port, logFile,
    async stop() {
      if (!running) return;
      killGroup(child, 'SIGTERM');
      const t = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try { process.kill(-child.pid!, signal); } catch { /* already gone */ }
}

function tail(file: string, lines = 30): string {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}
