// RCU: Check Log — run the checks on the log now, publish the problems, focus the Problems panel.
import * as vscode from 'vscode';
import { type Lens, basename, targetDocument } from '../lens';
import { violationCount } from '../../core/capViolations';
import { warningCount } from '../../core/capWarnings';

interface CheckResult { violations: number; stalls: number; warnings: number; kernelLines: number }

export async function checkLog(lens: Lens, arg?: unknown): Promise<CheckResult | undefined> {
  const doc = await targetDocument(lens, arg);
  if (!doc) {
    void vscode.window.showWarningMessage('RCU: open a kernel log first.');
    return undefined;
  }
  const r = await lens.service.get(doc);
  const a = r.analysis;
  // Summed-up entries count what they stand for (capViolations.ts, capWarnings.ts).
  const violations = violationCount(a.violations);
  const result: CheckResult = { violations, stalls: a.stalls.length, warnings: warningCount(a.warnings), kernelLines: a.kernelLines };
  if (a.kernelLines === 0 && !lens.docs.isKernel(doc)) {
    void vscode.window.showWarningMessage(`RCU: ${basename(doc.uri)} holds no kernel log lines in a format RCU Lens knows.`);
    return result;
  }
  lens.docs.force(doc); // kernel lines beyond the sniffed head still count
  lens.diagnostics.update(doc, r);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const verdict = violations ? plural(violations, 'RCU rule violation') : 'no RCU rule violation';
  // rcutorture runs: their verdicts as the kernel's parse-console.sh would give them.
  const torture = (a.torture ?? []).map((t) => `rcutorture (${t.type}) ${t.verdict}`).join(', ');
  void vscode.window.showInformationMessage(`RCU: ${basename(doc.uri)}: ${plural(a.runs.length, 'run')}, ${verdict}, ${plural(a.stalls.length, 'stall report')}${torture ? `; ${torture}` : ''}.`);
  return result;
}
