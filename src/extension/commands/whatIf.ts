// RCU: What If… — rerun a log's scenario on the simulator with a change (drop a synchronize_rcu(),
// add or move a reader). Needs the simulator (src/core/sim/); until it is wired in, says so.
import * as vscode from 'vscode';
import type { Lens } from '../lens';

export const WHAT_IF_PENDING = 'RCU: "What If…" needs the simulator, which is not part of this build yet.';

export async function whatIf(_lens: Lens, _arg?: unknown): Promise<string> {
  void vscode.window.showInformationMessage(WHAT_IF_PENDING);
  return 'unavailable';
}
