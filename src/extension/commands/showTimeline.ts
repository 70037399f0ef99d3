// RCU: Show Timeline — opens the timeline panel (src/extension/timeline/) beside the log, on the
// run a CodeLens names or the run at the cursor.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/model';
import { type Lens, targetDocument } from '../lens';

/** Open the timeline for `uri`; `a` is kept as its analysis when the log has no document. */
export async function showTimelineFor(lens: Lens, a: Analysis | null, uri: vscode.Uri, run: number | undefined): Promise<boolean> {
  // Kept for the panel's own later reads too (a refresh, or a panel restored after a reload).
  if (a) lens.external.set(uri.toString(), a);
  await lens.timeline.show(uri, run, a ?? undefined);
  return true;
}

export async function showTimeline(lens: Lens, arg?: unknown, run?: unknown): Promise<boolean> {
  const doc = await targetDocument(lens, arg);
  if (!doc) { void vscode.window.showWarningMessage('RCU: open a kernel log first.'); return false; }
  let runId = typeof run === 'number' ? run : undefined;
  if (runId === undefined) {
    // From the palette or the title bar: the run under the cursor, if any.
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document === doc) {
      const r = await lens.service.get(doc);
      runId = r.index.runAt(editor.selection.active.line + 1)?.id;
    }
  }
  lens.external.delete(doc.uri.toString()); // a document's analysis follows its edits
  return showTimelineFor(lens, null, doc.uri, runId);
}
