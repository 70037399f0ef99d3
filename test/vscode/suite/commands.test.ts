// Every RCU command, run as the palette would (executeCommand), on real fixtures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_LOG, closeAllEditors, fixtureUri, openFixture, waitFor } from './helpers';
import { lensApi, openAnalysed } from './lensApi';

const timelineTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('rcuLens.timeline'));

const RCU_COMMANDS = ['rcuLens.showTimeline', 'rcuLens.checkLog', 'rcuLens.exportReport', 'rcuLens.diffWithSimulator', 'rcuLens.whatIf', 'rcuLens.selectProfile', 'rcuLens.openLargeLog', 'rcuLens.checkAllOrderings', 'rcuLens.checkLitmus', 'rcuLens.showLitmusExecution'];

describe('commands', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('rcuLens').update('profile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('rcuLens').update('profiles', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('are all registered, and contributed under the RCU category', async () => {
    await lensApi(); // registered at activation (run alone, nothing else has activated it)
    const all = await vscode.commands.getCommands(true);
    for (const c of RCU_COMMANDS) assert.ok(all.includes(c), c);
    const pkg = vscode.extensions.getExtension('rcu-lens.rcu-lens')!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    for (const c of RCU_COMMANDS) assert.equal(pkg.contributes.commands.find((x) => x.command === c)?.category, 'RCU', c);
  });

  it('RCU: Check Log counts the violation and publishes it', async () => {
    const uri = fixtureUri('violations/quick-reader-during-maint.log');
    await openFixture('violations/quick-reader-during-maint.log');
    const r = await vscode.commands.executeCommand<{ violations: number; stalls: number }>('rcuLens.checkLog', uri);
    assert.equal(r.violations, 1);
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.source === 'rcu-lens'));
  });

  it('RCU: Check Log on the seed log finds no violation', async () => {
    await openFixture(SEED_LOG);
    const r = await vscode.commands.executeCommand<{ violations: number }>('rcuLens.checkLog');
    assert.equal(r.violations, 0);
  });

  it('RCU: Export Report writes Markdown and self-contained HTML', async () => {
    const uri = fixtureUri(SEED_LOG);
    await openFixture(SEED_LOG);
    const md = fixtureUri('scratch/seed.rcu-report.md');
    const html = fixtureUri('scratch/seed.rcu-report.html');
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('rcuLens.exportReport', uri, { format: 'markdown', target: md, open: false }))?.toString(), md.toString());
    const mdText = new TextDecoder().decode(await vscode.workspace.fs.readFile(md));
    assert.match(mdText, /^# RCU report: phased-state-change\.log/);
    assert.match(mdText, /\| gp1 \| 13–14 \|/);
    await vscode.commands.executeCommand('rcuLens.exportReport', uri, { format: 'html', target: html, open: false });
    const h = new TextDecoder().decode(await vscode.workspace.fs.readFile(html));
    assert.match(h, /^<!DOCTYPE html>/);
    assert.match(h, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(h, /<td>gp1<\/td><td>13–14<\/td>/);
    assert.doesNotMatch(h, /<script/i);
    assert.match(h, /<figure><figcaption>Run 1: lines 1–33<\/figcaption>\n<svg/, 'the timeline as inline SVG');
    for (const lane of ['cco1', 'maint', 'cco2']) assert.match(h, new RegExp(`<svg[\\s\\S]*>${lane}<`), lane);
  });

  it('RCU: Show Timeline opens the timeline panel beside the log', async () => {
    await openFixture(SEED_LOG);
    assert.equal(await vscode.commands.executeCommand('rcuLens.showTimeline'), true);
    const tab = await waitFor('a timeline tab', () => timelineTabs().find((t) => t.label.includes('phased-state-change.log')));
    assert.ok(tab);
    // the CodeLens form (uri, run id) reveals the same panel
    assert.equal(await vscode.commands.executeCommand('rcuLens.showTimeline', fixtureUri(SEED_LOG), 0), true);
    assert.equal(timelineTabs().filter((t) => t.label.includes('phased-state-change.log')).length, 1);
  });

  it('RCU: Diff with Simulator: the seed log matches the simulator event for event, in the diff editor', async () => {
    await openFixture(SEED_LOG);
    const r = await vscode.commands.executeCommand<{ differing: number; expectedViolations: number; actualViolations: number; left: vscode.Uri; right: vscode.Uri }>('rcuLens.diffWithSimulator', fixtureUri(SEED_LOG), 0);
    assert.equal(r.differing, 0);
    // The core's diff decided it (the CLI's `rcu-lens diff` sentence), not a count of differing text lines.
    assert.match((r as unknown as { summary: string }).summary, /no forbidden difference: every difference is one RCU allows/);
    assert.equal(r.expectedViolations, 0);
    assert.equal(r.actualViolations, 0);
    const tab = await waitFor('a diff editor on the simulator documents', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'rcu-lens-sim'));
    assert.ok(tab);
    const expected = await vscode.workspace.openTextDocument(r.right);
    assert.match(expected.getText(), /^# no RCU rule violation\n/);
    assert.match(expected.getText(), /maint\s+maint-begin\s+hit do_maint/);
    // The sides are named by their URIs, not by a first line: identical runs are identical texts.
    const actual = await vscode.workspace.openTextDocument(r.left);
    assert.equal(actual.getText(), expected.getText());
    assert.notEqual(r.left.toString(), r.right.toString());
  });

  it('RCU: Diff with Simulator on an rcu-list lab log: rerun on the pattern\'s scenario, the use after free forbidden', async () => {
    const f = 'lab/rcu-list/none-1.dmesg.log';
    await openFixture(f);
    const r = await vscode.commands.executeCommand<{ run: number; forbidden: boolean; summary: string; actualViolations: number; expectedViolations: number; right: vscode.Uri }>('rcuLens.diffWithSimulator', fixtureUri(f), 0);
    assert.equal(r.forbidden, true, r.summary);
    assert.match(r.summary, /^run 1 \(pattern rcu-list, none, lines 222-331\): forbidden difference at line 243: element 4 is freed/);
    assert.ok(r.actualViolations >= 1);
    // the expected side is the fitted rerun in the module's own messages
    const expected = await vscode.workspace.openTextDocument(r.right);
    assert.match(expected.getText(), /deleter\s+unlink\s+rcu_list: deleter: unlink element 4/);
  });

  it('RCU: Diff with Simulator: a broken module\'s log differs from what RCU would do', async () => {
    const uri = fixtureUri('violations/no-first-synchronize_rcu.log');
    await openFixture('violations/no-first-synchronize_rcu.log');
    const r = await vscode.commands.executeCommand<{ differing: number; expectedViolations: number; actualViolations: number }>('rcuLens.diffWithSimulator', uri, 0);
    assert.ok(r.differing > 0);
    // Classified by the core's diff, as `rcu-lens diff` classifies it: an order RCU forbids.
    const d = r as unknown as { forbidden: boolean; summary: string; counts: Record<string, number> };
    assert.equal(d.forbidden, true, d.summary);
    assert.match(d.summary, /forbidden difference at line \d+/);
    assert.ok(r.actualViolations >= 1);
    assert.equal(r.expectedViolations, 0);
  });

  it('RCU: What If…: dropping the first synchronize_rcu() breaks the grace-period guarantee', async () => {
    await openFixture(SEED_LOG);
    const r = await vscode.commands.executeCommand<{ mutation: string; violations: string[] }>('rcuLens.whatIf', fixtureUri(SEED_LOG), 'drop-gp1');
    assert.match(r.mutation, /synchronize_rcu\(\) #1/);
    assert.ok(r.violations.some((v) => v.startsWith('gp1-wait')), r.violations.join('\n'));
    const ok = await vscode.commands.executeCommand<{ violations: string[] }>('rcuLens.whatIf', fixtureUri(SEED_LOG), 'add-reader@45');
    assert.deepEqual(ok.violations, [], 'a careful reader added during gp1 breaks nothing');
  });

  it('RCU: Select Profile loads a custom profile file and the analysis follows it', async () => {
    const log = fixtureUri('corpus/dmesg-addonly-list-rcu-module-5.18-rc1.log');
    const api = await lensApi();
    await openAnalysed(log);
    const before = await api.analysis(log);
    const name = await vscode.commands.executeCommand<string>('rcuLens.selectProfile', fixtureUri('profiles/addonly-list.json'));
    assert.equal(name, 'addonly-list');
    assert.equal(vscode.workspace.getConfiguration('rcuLens').get('profile'), 'addonly-list');
    const after = await api.analysis(log);
    assert.equal(after?.profile, 'addonly-list');
    assert.ok((after?.events.length ?? 0) > (before?.events.length ?? 0), `events ${before?.events.length} → ${after?.events.length}`);
    assert.equal(await vscode.commands.executeCommand('rcuLens.selectProfile', 'phased-state-change'), 'phased-state-change');
    assert.equal((await api.analysis(log))?.profile, 'phased-state-change');
  });

  it('RCU: Open Large Log shows the timeline of a log it read from disk', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-5.17-preempt.log');
    const r = await vscode.commands.executeCommand<{ cancelled: boolean }>('rcuLens.openLargeLog', uri, { showReport: false });
    assert.equal(r.cancelled, false);
    await waitFor('a timeline tab for the large log', () => timelineTabs().find((t) => t.label.includes('dmesg-phased-state-change-module-5.17-preempt.log')));
  });

  it('RCU: Open Large Log streams a file from disk into a report', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-rcu-stall-5.17-preempt.log');
    const r = await vscode.commands.executeCommand<{ cancelled: boolean; bytes: number; analysis: { runs: unknown[]; stalls: unknown[] }; report: vscode.TextDocument }>(
      'rcuLens.openLargeLog', uri, { showTimeline: false });
    assert.equal(r.cancelled, false);
    assert.equal(r.bytes, (await vscode.workspace.fs.stat(uri)).size);
    assert.ok(r.analysis.runs.length >= 1);
    assert.ok(r.analysis.stalls.length >= 1);
    assert.equal(r.report.languageId, 'markdown');
    assert.match(r.report.getText(), /# RCU report: dmesg-phased-state-change-module-rcu-stall/);
  });
});
