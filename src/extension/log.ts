// One output channel ("RCU Lens"), created on first use, where caught errors go instead of the
// extension host crashing or a provider failing silently.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('RCU Lens', { log: true });
  return channel;
}

export function logError(where: string, e: unknown): void {
  const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  output().error(`${where}: ${msg}`);
}

/** Runs fn; on a throw, logs it and returns fallback. Every provider goes through this. */
export function guard<T>(where: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    logError(where, e);
    return fallback;
  }
}

export async function guardAsync<T>(where: string, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    logError(where, e);
    return fallback;
  }
}

export function disposeOutput(): void {
  channel?.dispose();
  channel = undefined;
}
