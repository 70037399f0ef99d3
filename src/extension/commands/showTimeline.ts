// RCU: Show Timeline — opens the timeline panel (src/extension/timeline/) for a log's analysis.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/model';
import { type Lens, targetDocument } from '../lens';

export const TIMELINE_PENDING = 'RCU: the timeline panel is not part of this build yet.';

/** Open the timeline for an analysis of `uri` (a document, or a large log read from disk). */
export async function showTimelineFor(_lens: Lens, _a: Analysis, _uri: vscode.Uri, _run: number | undefined): Promise<boolean> {
  void vscode.window.showInformationMessage(TIMELINE_PENDING);
  return false;
}

export async function showTimeline(lens: Lens, arg?: unknown, run?: unknown): Promise<boolean> {
  const doc = await targetDocument(lens, arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a kernel log first.'); return false; }
  const r = await lens.service.get(doc);
  return showTimelineFor(lens, r.analysis, doc.uri, typeof run === 'number' ? run : undefined);
}
