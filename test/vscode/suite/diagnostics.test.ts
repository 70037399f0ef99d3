// Problems: violations as errors with related information, stalls as warnings, source rcu-lens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_LOG, closeAllEditors, fixtureUri, waitFor } from './helpers';
import { openAnalysed } from './lensApi';

const lensDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rcu-lens');
const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('diagnostics', () => {
  after(closeAllEditors);

  it('reports the missing first synchronize_rcu() as gp1-wait with the reader\'s lines as related information', async () => {
    const uri = fixtureUri('violations/no-first-synchronize_rcu.log');
    const { editor } = await openAnalysed(uri);
    const diags = await waitFor('rcu-lens diagnostics', () => { const d = lensDiagnostics(uri); return d.length ? d : undefined; });
    const v = diags.find((d) => code(d) === 'gp1-wait');
    assert.ok(v, diags.map((d) => `${code(d)}: ${d.message}`).join('\n'));
    assert.equal(v.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.lineAt(v.range.start.line).text, /hit do_maint/);
    assert.ok(v.relatedInformation && v.relatedInformation.length > 0, 'related lines');
    for (const r of v.relatedInformation!) assert.equal(r.location.uri.toString(), uri.toString());
    assert.ok(v.relatedInformation!.some((r) => /cco/.test(editor.document.lineAt(r.location.range.start.line).text)));
    assert.equal(typeof v.code === 'object' && v.code.target.toString().startsWith('https://docs.kernel.org/RCU/'), true);
  });

  it('reports a quick reader overlapping do_maint()', async () => {
    const uri = fixtureUri('violations/quick-reader-during-maint.log');
    await openAnalysed(uri);
    const diags = await waitFor('rcu-lens diagnostics', () => { const d = lensDiagnostics(uri); return d.length ? d : undefined; });
    const v = diags.find((d) => code(d) === 'quick-during-maint');
    assert.ok(v);
    assert.equal(v.range.start.line, 10);
  });

  it('reports stalls as warnings', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    const { editor } = await openAnalysed(uri);
    const diags = await waitFor('stall warnings', () => { const d = lensDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Warning); return d.length ? d : undefined; });
    assert.ok(diags.length >= 2);
    for (const d of diags) assert.match(editor.document.lineAt(d.range.start.line).text, /rcu_preempt detected stalls/);
  });

  it('reports nothing on the seed log, whose ordering RCU permits', async () => {
    const uri = fixtureUri(SEED_LOG);
    await openAnalysed(uri);
    assert.deepEqual(lensDiagnostics(uri).filter((d) => d.severity !== vscode.DiagnosticSeverity.Information), []);
  });
});
