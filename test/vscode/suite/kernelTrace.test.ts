// The kernel's own RCU in the editor, on a real Linux 6.1 trace of the seed module: hovers on
// tracepoint lines and on the seed's updater lines, and the kernel rules as Problems.
import * as assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { closeAllEditors, fixtureUri, waitFor } from './helpers';
import { hoverText, openAnalysed, scratchFile } from './lensApi';

const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('kernel RCU from tracepoints', () => {
  let uri: vscode.Uri;
  before(async () => {
    const gz = await vscode.workspace.fs.readFile(fixtureUri('traces/phased-rcutrace.trace.log.gz'));
    uri = await scratchFile('phased-rcutrace.trace.log', gunzipSync(gz));
    await openAnalysed(uri);
  });
  after(closeAllEditors);

  it('hover on a tracepoint line decodes it and names its grace period', async () => {
    const text = await hoverText(uri, new vscode.Position(2510, 60)); // rcu_grace_period: rcu_preempt -883 cpuqs
    assert.match(text, /gp_seq -883 = counter -221, state 1/);
    assert.match(text, /cpuqs/);
    assert.match(text, /held up by cco1/);
  });

  it('hover on `hit maint` says which kernel grace period completed synchronize_rcu() #1 and who held it up', async () => {
    const text = await hoverText(uri, new vscode.Position(2457, 50));
    assert.match(text, /Kernel RCU/);
    assert.match(text, /completed by grace period \\?-883/);
    assert.match(text, /cco1 \\?\(pid 44\\?\)/);
  });

  it('reports the preempted readers that held grace periods up as warnings with related lines', async () => {
    const diags = await waitFor('kernel diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => code(x) === 'kernel-reader-blocking');
      return d.length ? d : undefined;
    });
    assert.deepEqual(diags.map((d) => d.range.start.line), [1069, 11743]);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(diags[0]!.relatedInformation!.some((r) => r.location.range.start.line === 11121));
  });
});
