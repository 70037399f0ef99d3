// rcuLens.* settings take effect on open logs: which checks run, noise filters, decorations.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_LOG, closeAllEditors, fixtureUri, waitFor } from './helpers';
import { decorationsOf, hoverText, lensApi, openAnalysed, scratchFile } from './lensApi';

const config = () => vscode.workspace.getConfiguration('rcuLens');
const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);

describe('settings', () => {
  afterEach(async () => {
    for (const k of ['checks', 'noiseFilters', 'decorations.enabled', 'largeLogThresholdMB', 'patterns']) await set(k, undefined);
  });
  after(closeAllEditors);

  it('rcuLens.checks switches a rule off and on again', async () => {
    const uri = fixtureUri('violations/quick-reader-during-maint.log');
    const api = await lensApi();
    await openAnalysed(uri);
    assert.equal((await api.analysis(uri))?.violations.length, 1);
    await set('checks', { 'quick-during-maint': false });
    await waitFor('the rule to be off', async () => (await api.analysis(uri))?.violations.length === 0);
    await waitFor('its diagnostic to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.source === 'rcu-lens' && d.severity === vscode.DiagnosticSeverity.Error));
    await set('checks', undefined);
    await waitFor('the rule to be back', async () => (await api.analysis(uri))?.violations.length === 1);
  });

  it('rcuLens.noiseFilters makes matching lines count for nothing (line numbers unchanged)', async () => {
    const uri = fixtureUri(SEED_LOG);
    const api = await lensApi();
    await openAnalysed(uri);
    const before = (await api.analysis(uri))!;
    assert.equal(before.events.length, 14);
    await set('noiseFilters', ['\\] start cco2$', '[']); // the second is invalid: reported, ignored
    const after = await waitFor('the filter to apply', async () => { const a = await api.analysis(uri); return a && a.events.length === 13 ? a : undefined; });
    assert.ok(!after.events.some((e) => e.kind === 'spawn' && e.task === 'cco2'));
    assert.equal(after.events.find((e) => e.kind === 'update-end')?.line, before.events.find((e) => e.kind === 'update-end')?.line);
  });

  it('rcuLens.largeLogThresholdMB: a log over it is left to Open Large Log, which the status bar offers', async () => {
    const uri = fixtureUri('corpus/dmesg-phased-state-change-module-5.17-preempt.log'); // ~60 kB
    const api = await lensApi();
    await openAnalysed(uri);
    assert.ok(((await api.analysis(uri))?.runs.length ?? 0) >= 1);
    await set('largeLogThresholdMB', 0.01);
    await waitFor('the editor analysis to stand down', async () => (await api.analysis(uri))?.runs.length === 0);
    const s = await waitFor('the status bar offer', () => (/large log/.test(api.statusBar().text) ? api.statusBar() : undefined));
    assert.match(s.tooltip, /Open Large Log/);
    await waitFor('no phase colours', () => { const d = api.decorations(uri); return !d || d.phases.normal.length === 0; });
    await set('largeLogThresholdMB', undefined);
    await waitFor('the analysis back', async () => ((await api.analysis(uri))?.runs.length ?? 0) >= 1);
  });

  it('RCU: Open Large Log honours rcuLens.checks and rcuLens.noiseFilters, as the editor does', async () => {
    const uri = fixtureUri('violations/no-first-synchronize_rcu.log');
    type Large = { analysis: { violations: { rule: string }[]; events: { kind: string; task: string | null; line: number }[] } };
    const open = () => vscode.commands.executeCommand<Large>('rcuLens.openLargeLog', uri, { showReport: false, showTimeline: false });
    const all = (await open()).analysis;
    assert.ok(all.violations.some((v) => v.rule === 'gp1-wait'));
    await set('checks', { 'gp1-wait': false });
    await set('noiseFilters', ['\\] start cco2$']);
    const filtered = (await open()).analysis;
    assert.ok(!filtered.violations.some((v) => v.rule === 'gp1-wait'), JSON.stringify(filtered.violations));
    assert.ok(!filtered.events.some((e) => e.kind === 'spawn' && e.task === 'cco2'), 'the noise line still counts');
    const last = (a: Large['analysis']) => a.events[a.events.length - 1]?.line;
    assert.equal(last(filtered), last(all), 'line numbers moved');
  });

  it('rcuLens.decorations.enabled: false clears the phase colours', async () => {
    const uri = fixtureUri(SEED_LOG);
    const api = await lensApi();
    await openAnalysed(uri);
    await waitFor('decorations', () => api.decorations(uri));
    await set('decorations.enabled', false);
    await waitFor('no decorations', () => api.decorations(uri) === undefined);
    await set('decorations.enabled', undefined);
    await waitFor('decorations again', () => api.decorations(uri));
  });

  it('rcuLens.patterns: a user\'s pattern file applies to open logs, and its runs speak its words', async () => {
    const uri = fixtureUri('patterns/config-pointer.log');
    const { api, editor } = await openAnalysed(uri);
    assert.equal((await api.analysis(uri))?.rcu, undefined, 'no built-in pattern knows cfgdemo');
    await set('patterns', ['patterns/config-pointer.json']);
    const a = await waitFor('the pattern to apply', async () => { const x = await api.analysis(uri); return x?.rcu?.length ? x : undefined; });
    assert.deepEqual(await api.patternErrors(), []);
    const run = a.runs[a.rcu![0]!.run]!;
    assert.equal(run.pattern, 'config-pointer');
    assert.deepEqual(run.gracePeriods.map((g) => [g.label, g.beginLine, g.endLine, g.waitedFor]), [['synchronize_rcu() #1', 5, 9, [0]]]);
    assert.deepEqual(a.violations.map((v) => [v.rule, v.line]), [['use-after-free', 15]]);
    // Decorations: the run's label names its pattern, never the seed's phases.
    const d = await decorationsOf(api, editor.document);
    assert.ok(d.labels.some(([l, t]) => l === 1 && /config-pointer/.test(t)), JSON.stringify(d.labels));
    assert.ok(!d.labels.some(([, t]) => /gp1|gp2|do_maint|maint/.test(t)), JSON.stringify(d.labels));
    assert.deepEqual(d.violations, [15]);
    // Hovers: the wait and the unlink in RCU's words, with the pattern's object word.
    const wait = await hoverText(uri, new vscode.Position(4, 20));
    assert.match(wait, /synchronize_rcu\(\) called/);
    assert.match(wait, /must wait for reader1/);
    assert.match(await hoverText(uri, new vscode.Position(13, 20)), /config 2: unlinked/);
    assert.doesNotMatch(wait, /do_maint|be_careful|hit cco/);
    // Status bar: the pattern and the reader at the cursor.
    editor.selection = new vscode.Selection(11, 0, 11, 0);
    await waitFor('the status bar to name the pattern', () => (api.statusBar().text.includes('config-pointer') && api.statusBar().text.includes('reader1') ? true : undefined));
    // Outline: the run by its pattern, its readers' sections and its wait. (VS Code keeps a document's
    // outline until the document changes, so this is a log opened after the setting.)
    const copy = await scratchFile('config-pointer-copy.log', editor.document.getText());
    await openAnalysed(copy);
    await waitFor('the copy to be analysed with the pattern', async () => ((await api.analysis(copy))?.rcu?.length ? true : undefined));
    const syms = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', copy);
    const runSym = syms[0]?.children[0];
    assert.ok(runSym, `outline: ${JSON.stringify(syms.map((x) => [x.name, x.detail, x.children.map((c) => c.name)]))}`);
    assert.match(runSym.detail, /^config-pointer · /);
    assert.ok(runSym.children.some((c) => c.name === 'synchronize_rcu()'), runSym.children.map((c) => c.name).join(', '));
    // CodeLens: the run by its pattern, its readers and waits.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => l.command?.title === 'RCU run 1 (config-pointer): 3 readers, 1 grace-period wait, 1 violation'), lenses.map((l) => l.command?.title).join(' | '));
  });

  it('rcuLens.patterns: a bad pattern file is named with its line and column, and the others still load', async () => {
    const uri = fixtureUri('patterns/config-pointer.log');
    const { api } = await openAnalysed(uri);
    await set('patterns', ['patterns/bad-pattern.json', 'patterns/no-such-file.json', 'patterns/config-pointer.json']);
    const errors = await waitFor('the errors', async () => { const e = await api.patternErrors(); return e.length === 2 ? e : undefined; });
    assert.match(errors[0]!, /^patterns\/bad-pattern\.json: 5:41: events\[0\]\.match: a repeated group that itself repeats/);
    assert.match(errors[1]!, /^patterns\/no-such-file\.json: /);
    await waitFor('the good pattern to apply', async () => ((await api.analysis(uri))?.rcu?.[0]?.pattern === 'config-pointer' ? true : undefined));
  });
});
