// RCU: Diff with Simulator — compare a run with what the RCU simulator predicts for it. The
// simulator's engine (src/core/sim/) is wired in here by the simulator work; until then the command
// says so instead of doing nothing. Arguments: (uri?, run id?) as the CodeLens passes them.
import * as vscode from 'vscode';
import { type Lens, targetDocument } from '../lens';

export const SIMULATOR_PENDING = 'RCU: the simulator is not part of this build yet, so there is nothing to diff against. The timeline shows what the log recorded.';

export async function diffWithSimulator(lens: Lens, arg?: unknown, _run?: unknown): Promise<string> {
  await targetDocument(lens, arg);
  void vscode.window.showInformationMessage(SIMULATOR_PENDING);
  return 'unavailable';
}
