// Commands whose engine lands with the simulator issue: they say so instead of doing nothing.
import * as vscode from 'vscode';
import type { Lens } from '../lens';
import { targetDocument } from '../lens';

export const SIMULATOR_PENDING = 'RCU: the simulator is not part of this build yet, so there is nothing to diff against. The timeline shows what the log recorded.';
export const WHAT_IF_PENDING = 'RCU: "What If…" needs the simulator, which is not part of this build yet.';

export async function diffWithSimulator(lens: Lens, arg?: unknown): Promise<string> {
  await targetDocument(lens, arg);
  void vscode.window.showInformationMessage(SIMULATOR_PENDING);
  return 'unavailable';
}

export async function whatIf(_lens: Lens): Promise<string> {
  void vscode.window.showInformationMessage(WHAT_IF_PENDING);
  return 'unavailable';
}
