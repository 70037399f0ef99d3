// The editor features on the seed log, in the real VS Code: decorations per phase, hovers,
// document symbols, folding, CodeLens, status bar, and decorations following an edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_LOG, closeAllEditors, fixtureUri, waitFor } from './helpers';
import { decorationsOf, hoverText, lineEndingWith, openAnalysed, scratchFile } from './lensApi';

describe('editor: the seed log', () => {
  const uri = () => fixtureUri(SEED_LOG);
  after(closeAllEditors);

  it('is a kernel log in VS Code\'s Log language (not taken over)', async () => {
    const { editor, api } = await openAnalysed(uri());
    assert.equal(editor.document.languageId, 'log');
    assert.equal(api.isKernelLog(uri()), true);
  });

  it('paints each phase of the run on exactly its lines', async () => {
    const { editor, api } = await openAnalysed(uri());
    const d = await decorationsOf(api, editor.document);
    // The seed: normal from the init line, gp1 from `hit maint` (13), maint from `hit do_maint` (15), gp2 from `end do_maint` (31) to `end maint` (33).
    assert.deepEqual(d.phases, { normal: [[1, 12]], gp1: [[13, 14]], maint: [[15, 30]], gp2: [[31, 33]] });
    assert.deepEqual(d.readerBegin, [3, 22]);
    assert.deepEqual(d.readerEnd, [14, 32]);
    assert.deepEqual(d.violations, []);
    assert.deepEqual(d.labels.map((l) => l[0]), [1, 13, 15, 31]);
    assert.match(d.labels[1]![1], /gp1 · synchronize_rcu\(\) #1 waits for cco1/);
  });

  it('hover on `hit do_maint`: grace period 1 waited for cco1, with its lines and duration', async () => {
    const { editor } = await openAnalysed(uri());
    const line = lineEndingWith(editor.document, 'hit do_maint');
    const text = await hoverText(uri(), new vscode.Position(line, 20));
    assert.match(text, /Grace period 1/);
    assert.match(text, /\*\*cco1\*\* \(quick path\)/);
    assert.match(text, /28\.499 s/);
    assert.match(text, /docs\.kernel\.org\/RCU/);
  });

  it('hover on a reader line: which grace period it overlapped and that RCU allows it', async () => {
    const { editor } = await openAnalysed(uri());
    const line = lineEndingWith(editor.document, 'end cco_carefully');
    const text = await hoverText(uri(), new vscode.Position(line, 20));
    assert.match(text, /task \*\*cco2\*\*/);
    assert.match(text, /overlapped \*\*grace period 2\*\*/);
    assert.match(text, /✓ It ended/);
  });

  it('hover on an RCU API name gives its definition', async () => {
    const u = await scratchFile('api.dmesg', '[    1.000000] Call Trace:\n[    1.000001]  synchronize_rcu+0x5a/0x6b\n');
    await openAnalysed(u);
    const text = await hoverText(u, new vscode.Position(1, 20));
    assert.match(text, /void synchronize_rcu\(void\)/);
    assert.match(text, /full grace period/);
  });

  it('semantic tokens colour the active profile\'s scenario lines, and the task they name', async () => {
    await openAnalysed(uri());
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentRangeSemanticTokensLegend', uri());
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentRangeSemanticTokens', uri(), new vscode.Range(0, 0, 40, 0));
    const decoded: [number, number, number, string][] = [];
    let line = 0, col = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = [tokens.data[i]!, tokens.data[i + 1]!, tokens.data[i + 2]!, tokens.data[i + 3]!];
      line += dl; col = dl ? dc : col + dc;
      decoded.push([line + 1, col, len, legend.tokenTypes[type]!]);
    }
    // line 2 `[   99.566653] start cco1`: "start " then the task
    assert.deepEqual(decoded.filter((t) => t[0] === 2), [[2, 15, 6, 'rcuInit'], [2, 21, 4, 'rcuTask']]);
    assert.deepEqual(decoded.find((t) => t[0] === 13), [13, 15, 9, 'rcuUpdater']);
    assert.deepEqual(decoded.find((t) => t[0] === 4), [4, 15, 15, 'rcuReader']);
    assert.equal(new Set(decoded.map((t) => t[0])).size, 14, 'one scenario line per event');
  });

  it('outline: boot → run → phases → events', async () => {
    await openAnalysed(uri());
    const syms = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri());
    assert.equal(syms.length, 1);
    assert.equal(syms[0]!.name, 'Boot 1');
    const run = syms[0]!.children[0]!;
    assert.equal(run.name, 'Run 1');
    assert.deepEqual(run.children.map((p) => p.name), ['normal', 'gp1', 'maint', 'gp2']);
    const gp1 = run.children[1]!;
    assert.deepEqual(gp1.children.map((e) => e.name), ['hit maint — maint', 'end cco_quickly — cco1']);
    assert.equal(gp1.range.start.line, 12);
  });

  it('CodeLens on the run\'s first line: Show timeline and Diff with simulator', async () => {
    await openAnalysed(uri());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Show timeline/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /Diff with simulator/.test(t)), titles.join(' | '));
    const timeline = lenses.find((l) => /Show timeline/.test(l.command?.title ?? ''))!;
    assert.equal(timeline.range.start.line, 0);
    assert.equal(timeline.command!.command, 'rcuLens.showTimeline');
  });

  it('status bar: the phase and the task at the cursor', async () => {
    const { editor, api } = await openAnalysed(uri());
    const line = lineEndingWith(editor.document, 'hit maint');
    editor.selection = new vscode.Selection(line, 0, line, 0);
    const s = await waitFor('the status bar to show gp1', () => (/gp1/.test(api.statusBar().text) ? api.statusBar() : undefined));
    assert.match(s.text, /RCU: gp1 · maint/);
    assert.equal(s.visible, true);
  });

  it('decorations follow an edit once the analysis catches up', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri()));
    const copy = await scratchFile('seed-edit.log', text);
    const { editor, api } = await openAnalysed(copy);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '[   99.000000] a new first line\n'));
    const d = await decorationsOf(api, editor.document);
    assert.deepEqual(d.phases.gp1, [[14, 15]]);
    assert.deepEqual(d.readerBegin, [4, 23]);
  });
});

describe('editor: a stall report', () => {
  after(closeAllEditors);

  it('hover on a stall field says what it means with this report\'s value; the report\'s first line sums it up', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    const { editor } = await openAnalysed(uri);
    const doc = editor.document;
    const detail = lineEndingWith(doc, 'q=870)');
    const col = doc.lineAt(detail).text.indexOf('t=18002') + 2;
    const field = await hoverText(uri, new vscode.Position(detail, col));
    assert.match(field, /`t=`.*Jiffies since the grace period began/s);
    assert.match(field, /18002/);
    const head = detail - 2;
    assert.match(doc.lineAt(head).text, /rcu_preempt detected stalls/);
    const summary = await hoverText(uri, new vscode.Position(head, 40));
    assert.match(summary, /rcu_preempt/);
    assert.match(summary, /insmod|14338/, 'the blocked task');
  });
});

describe('editor: folding', () => {
  after(closeAllEditors);

  it('folds stack traces, register dumps and the boot noise in a real stall log', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    const { editor } = await openAnalysed(uri);
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    const doc = editor.document;
    const starts = (re: RegExp) => ranges.filter((r) => r.kind !== vscode.FoldingRangeKind.Comment && re.test(doc.lineAt(r.start).text));
    // One fold per start line, as the editor keeps only one.
    assert.equal(new Set(ranges.map((r) => r.start)).size, ranges.length);
    assert.ok(starts(/Call Trace:/).length >= 6, 'stack traces');
    assert.ok(starts(/RIP: /).length >= 6, 'register dumps');
    const quiet = ranges.find((r) => r.start === 0 && r.kind === vscode.FoldingRangeKind.Comment);
    assert.ok(quiet && quiet.end > 1000, 'the boot noise before the first run');
    for (const t of starts(/Call Trace:/)) assert.match(doc.lineAt(t.end).text, /entry_SYSCALL_64_after_hwframe|<\/TASK>/);
  });
});
