// Which files light up: kernel logs in the Log language (sniffed), the kernel-log language by file
// name, and nothing else; bad input never breaks the providers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors } from './helpers';
import { hoverText, lensApi, openAnalysed, scratchFile } from './lensApi';

const SEED_LINES = [
  '[   99.566511] phased state change - init module', '[   99.566653] start cco1', '[   99.566686] hit cco', '[   99.566687] hit cco_quickly',
  '[  131.102127] start maint', '[  131.102161] hit maint', '[  159.569091] end cco_quickly', '[  159.601005] hit do_maint',
];

describe('detection and bad input', () => {
  after(closeAllEditors);

  it('leaves an application .log dark', async () => {
    const uri = await scratchFile('app.log', '2024-01-05 10:00:01,123 INFO app.main: starting\n2024-01-05 10:00:02,456 WARNING app.db: slow query [12.5 s]\n2024-01-05 10:00:03,000 ERROR hit cco\n');
    const { editor, api } = await openAnalysed(uri);
    assert.equal(editor.document.languageId, 'log');
    assert.equal(api.isKernelLog(uri), false);
    assert.equal(await hoverText(uri, new vscode.Position(2, 35)), '');
    assert.equal(api.decorations(uri), undefined);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rcu-lens'), []);
    const syms = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.equal((syms ?? []).length, 0);
  });

  for (const name of ['boot.dmesg', 'dmesg-2024.txt', 'kern.log', 'kern.log.1', 'console.kmsg']) {
    it(`opens ${name} in the Kernel Log language`, async () => {
      const uri = await scratchFile(name, SEED_LINES.join('\n') + '\n');
      const { editor, api } = await openAnalysed(uri);
      assert.equal(editor.document.languageId, 'kernel-log');
      assert.equal(api.isKernelLog(uri), true);
      assert.equal((await api.analysis(uri))?.runs.length, 1);
    });
  }

  it('survives binary junk, NULs, a 200 kB line and CRLF in a kernel log', async () => {
    const junk = new Uint8Array(50_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) & 0xff;
    const text = SEED_LINES.join('\r\n') + '\r\n' + '[  160.000000] ' + 'x'.repeat(200_000) + '\r\n';
    const bytes = new Uint8Array([...new TextEncoder().encode(text), ...junk, ...new TextEncoder().encode('\n[  170.0] end do_maint\n[  171.0] end ma')]);
    const uri = await scratchFile('junk.dmesg', bytes);
    const { editor, api } = await openAnalysed(uri);
    const a = await api.analysis(uri);
    assert.equal(a?.runs.length, 1);
    // every provider answers without throwing
    await hoverText(uri, new vscode.Position(9, 100));
    await hoverText(uri, new vscode.Position(editor.document.lineCount - 1, 3));
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
    await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', uri);
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
    const line = SEED_LINES.length - 1;
    assert.match(await hoverText(uri, new vscode.Position(line, 20)), /Grace period 1/);
  });

  it('a big log (200 runs in 120 000 lines, 6 MB) is analysed in chunks and every provider answers', async () => {
    const out: string[] = [];
    let t = 1;
    const stamp = () => `[${(t += 0.001).toFixed(6).padStart(12)}]`;
    const run = ['phased state change - init module', 'start cco1', 'hit cco', 'hit cco_quickly', 'start maint', 'hit maint', 'end cco_quickly',
      'hit do_maint', 'start cco2', 'hit cco', 'hit cco_carefully', 'end do_maint', 'end cco_carefully', 'end maint'];
    for (let r = 0; r < 200; r++) {
      for (const [i, m] of run.entries()) {
        out.push(`${stamp()} ${m}`);
        for (let k = 0; k < (i === 7 ? 400 : 40); k++) out.push(`${stamp()} audit: type=1101 pid=931 res=success ${k}`);
      }
    }
    const uri = await scratchFile('big.dmesg', out.join('\n') + '\n');
    const { editor, api } = await openAnalysed(uri);
    assert.ok(editor.document.lineCount > 100_000);
    const a = await api.analysis(uri);
    assert.equal(a?.runs.length, 200);
    assert.equal(a?.violations.length, 0);
    const last = a!.runs[199]!;
    const doMaint = last.updater!.steps.find((x) => x.kind === 'maint-begin')!.line;
    assert.match(await hoverText(uri, new vscode.Position(doMaint - 1, 20)), /Grace period 1/);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.length >= 200);
    const syms = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.equal(syms[0]!.children.length, 200);
  });

  it('a log line carrying Markdown or HTML shows as text in the hover', async () => {
    const uri = await scratchFile('html.dmesg', ['[ 1.0] phased state change - init module', '[ 1.1] start <img/src=x/onerror=alert(1)>', '[ 1.2] hit cco', '[ 1.3] hit cco_quickly'].join('\n'));
    await openAnalysed(uri);
    const api = await lensApi();
    assert.ok((await api.analysis(uri))?.events.length);
    const text = await hoverText(uri, new vscode.Position(1, 10));
    assert.match(text, /onerror/, 'the task name is in the hover');
    assert.ok(!/(?<!\\)<img/.test(text), text);
  });
});
