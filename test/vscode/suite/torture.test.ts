// rcutorture consoles in a real VS Code: the busted run's failures in Problems (as the kernel's
// parse-console.sh flags them), the passing run with none, and a hover on a statistics line that
// says what the counter under the cursor means with this line's value.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixtureUri, waitFor } from './helpers';
import { hoverText, openAnalysed } from './lensApi';

const lensDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rcu-lens');
const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('rcutorture consoles', () => {
  after(closeAllEditors);

  it('the busted console\'s failures are errors in Problems, on their lines', async () => {
    const uri = fixtureUri('torture/rcutorture-busted.console.log');
    const { editor } = await openAnalysed(uri);
    const diags = await waitFor('rcutorture diagnostics', () => {
      const d = lensDiagnostics(uri).filter((x) => code(x).startsWith('torture:'));
      return d.length >= 4 ? d : undefined;
    });
    const by = new Map(diags.map((d) => [code(d), d] as const));
    for (const k of ['torture:too-short-gp', 'torture:error-counter', 'torture:end-failure', 'torture:bang']) assert.ok(by.has(k), `${k} in ${[...by.keys()].join(', ')}`);
    const pipe = by.get('torture:too-short-gp')!;
    assert.equal(pipe.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.lineAt(pipe.range.start.line).text, /busted-torture: !!! Reader Pipe:/);
    assert.match(pipe.message, /^rcutorture \(busted\) FAILURE: Reader Pipe: \d+ reads saw an element .*RCU is broken/);
    assert.match(editor.document.lineAt(by.get('torture:end-failure')!.range.start.line).text, /End of test: FAILURE/);
    assert.ok(pipe.relatedInformation!.some((r) => /Start of test/.test(editor.document.lineAt(r.location.range.start.line).text)));
  });

  it('the passing run has no rcutorture problem', async () => {
    const uri = fixtureUri('torture/rcutorture-rcu.console.log');
    await openAnalysed(uri);
    assert.deepEqual(lensDiagnostics(uri).filter((d) => code(d).startsWith('torture:')).map((d) => d.message), []);
  });

  it('a hover on rtmbe: says what it counts, with the line\'s value', async () => {
    const uri = fixtureUri('torture/rcutorture-busted.console.log');
    const { editor } = await openAnalysed(uri);
    const doc = editor.document;
    let line = -1;
    for (let i = 0; i < doc.lineCount; i++) if (/ver: 2918 /.test(doc.lineAt(i).text)) { line = i; break; }
    assert.ok(line >= 0);
    const col = doc.lineAt(line).text.indexOf('rtmbe:') + 2;
    const text = await waitFor('hover', async () => { const t = await hoverText(uri, new vscode.Position(line, col)); return /rtmbe/.test(t) ? t : undefined; });
    assert.match(text, /rcutorture statistics/);
    assert.match(text, /\| `rtmbe` \| 1 ⚠ \| memory-barrier errors/);
  });
});
