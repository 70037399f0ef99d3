// RCU: Check All Orderings and the .litmus CodeLens, in a real VS Code: verdicts, the
// counterexample opened as a kernel log with its timeline, the lens titles before and after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixtureUri, openFixture, waitFor } from './helpers';
import { lensApi } from './lensApi';

interface ExploreOutcome { verdict: string; subject: string; summary: string | null; states: number; log: vscode.Uri | null; decidedBy: string; disagreement: string | null }
interface LitmusCheck { verdict: string; expected: string | null; detail: string | null }

const lensTitles = async (uri: vscode.Uri): Promise<string[]> =>
  ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [])
    .map((l) => l.command?.title ?? '').filter(Boolean);

describe('exhaustive checking: Check All Orderings and litmus tests', () => {
  after(closeAllEditors);

  it('RCU: Check All Orderings proves the seed module safe, with 4 readers too', async () => {
    await lensApi();
    const r = await vscode.commands.executeCommand<ExploreOutcome>('rcuLens.checkAllOrderings', {});
    assert.equal(r.verdict, 'holds');
    assert.equal(r.decidedBy, 'lkmm'); // the verdict is the axiomatic LKMM's, not the operational search's
    assert.equal(r.disagreement, null);
    assert.equal(r.log, null);
    const four = await vscode.commands.executeCommand<ExploreOutcome>('rcuLens.checkAllOrderings', { readers: 4 });
    assert.equal(four.verdict, 'holds');
    assert.match(four.subject, /4 readers/);
  });

  for (const m of ['drop-gp1', 'drop-gp2']) {
    it(`RCU: Check All Orderings finds the ${m} overlap and opens the counterexample as a log with its timeline`, async () => {
      const api = await lensApi();
      const r = await vscode.commands.executeCommand<ExploreOutcome>('rcuLens.checkAllOrderings', { mutate: m });
      assert.equal(r.verdict, 'broken');
      assert.equal(r.decidedBy, 'lkmm');
      assert.match(r.summary!, /overlaps/);
      const log = r.log!;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === log.toString())!;
      assert.equal(doc.languageId, 'kernel-log');
      assert.match(doc.getText(), /rcu-lens: .* in the middle of /);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), log.toString());
      const t = await waitFor('the counterexample timeline', async () => { const x = await api.timeline(log); return x.open ? x : undefined; });
      // the timeline draws the counterexample's run: maint and the readers
      const run = t.analysis!.runs[0]!;
      assert.equal(t.analysis!.runs.length, 1);
      assert.deepEqual(run.readers.map((x) => x.task).sort(), ['cco1', 'cco2']);
      assert.equal(run.updater?.task, 'maint');
      // the quick reader drawn is the one the counterexample names
      const quick = /cco_quickly \((cco\d)\)/.exec(r.summary!)![1];
      assert.deepEqual(run.readers.filter((x) => x.path === 'quick').map((x) => x.task), [quick]);
    });
  }

  it('RCU: Check All Orderings on a scenario file, and a clear error for one it cannot read', async () => {
    const good = await vscode.commands.executeCommand<ExploreOutcome>('rcuLens.checkAllOrderings', { scenario: fixtureUri('sim/seed-drop-gp2.scenario.json') });
    assert.equal(good.verdict, 'broken');
    const bad = await vscode.commands.executeCommand<ExploreOutcome | undefined>('rcuLens.checkAllOrderings', { scenario: fixtureUri('litmus/README.md') });
    assert.equal(bad, undefined);
  });

  it('.litmus files: the language, a "Check with rcu-lens" lens, then the verdict inline', async () => {
    const uri = fixtureUri('litmus/psc/C-PaulEMcKenney-psc+sr-sr.litmus');
    const ed = await openFixture('litmus/psc/C-PaulEMcKenney-psc+sr-sr.litmus');
    assert.equal(ed.document.languageId, 'litmus');
    assert.deepEqual(await waitFor('the check lens', async () => { const t = await lensTitles(uri); return t.length ? t : undefined; }), ['$(beaker) Check with rcu-lens']);
    const c = await vscode.commands.executeCommand<LitmusCheck>('rcuLens.checkLitmus', uri);
    assert.equal(c.verdict, 'Never');
    assert.equal(c.expected, 'Never');
    const after = await lensTitles(uri);
    assert.equal(after.length, 1, 'no execution to show for Never');
    assert.match(after[0]!, /^rcu-lens: Never ✓ as its Result line \([\d,]+ states\)$/);
  });

  it('.litmus files: a Sometimes verdict offers an execution, shown as a log with readers and a grace period in the timeline', async () => {
    const api = await lensApi();
    const uri = fixtureUri('litmus/psc/C-PaulEMcKenney-psc+sr-po.litmus');
    await openFixture('litmus/psc/C-PaulEMcKenney-psc+sr-po.litmus');
    const c = await vscode.commands.executeCommand<LitmusCheck>('rcuLens.checkLitmus', uri);
    assert.equal(c.verdict, 'Sometimes');
    const titles = await lensTitles(uri);
    assert.match(titles[0]!, /^rcu-lens: Sometimes ✓ as its Result line/);
    assert.equal(titles[1], '$(graph-line) Show execution');
    const log = await vscode.commands.executeCommand<vscode.Uri>('rcuLens.showLitmusExecution', uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === log.toString())!;
    assert.match(doc.getText(), /P0: rcu_read_lock\(\)/);
    assert.match(doc.getText(), /P1: synchronize_rcu\(\) begins its grace period/);
    const t = await waitFor('the execution timeline', async () => { const x = await api.timeline(log); return x.open ? x : undefined; });
    const run = t.analysis!.runs[0]!;
    assert.deepEqual(run.readers.map((x) => x.task), ['P0']);
    // drawn as what it is: P1's synchronize_rcu() is a grace-period wait of the RCU model
    const waits = t.analysis!.rcu![0]!.waits;
    assert.deepEqual(waits.map((w) => [w.task, w.kind]), [['P1', 'synchronize_rcu']]);
  });

  it('.litmus files: an unsupported construct is named, never guessed; an edit brings the button back', async () => {
    // (xchg, once unsupported, is decided by the LKMM checker now; a loop is still outside the fragment)
    const uri = fixtureUri('litmus-bad/loop.litmus');
    const ed = await openFixture('litmus-bad/loop.litmus');
    const c = await vscode.commands.executeCommand<LitmusCheck>('rcuLens.checkLitmus', uri);
    assert.equal(c.verdict, 'Unsupported');
    assert.match(c.detail!, /while/);
    assert.match((await lensTitles(uri))[0]!, /^rcu-lens: Unsupported: .*while/);
    await ed.edit((e) => e.insert(new vscode.Position(ed.document.lineCount, 0), '\n'));
    assert.deepEqual(await lensTitles(uri), ['$(beaker) Check with rcu-lens']);
  });
});
