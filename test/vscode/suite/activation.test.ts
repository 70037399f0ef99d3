// Smoke tests: the extension is there, stays idle until a kernel log is opened, then activates
// and registers its commands. index.ts runs this file first so nothing else has activated it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_LOG, closeAllEditors, extension, openFixture, waitFor } from './helpers';

describe('activation', () => {
  after(closeAllEditors);

  it('is loaded from the development path (the working tree, not an installed .vsix)', () => {
    const expected = process.env.RCU_LENS_EXPECT_EXTENSION_PATH; // set by both runners (run.ts, desktop.ts)
    assert.ok(expected, 'RCU_LENS_EXPECT_EXTENSION_PATH is not set: run the suite through npm test, test:vscode or test:desktop');
    assert.equal(extension().extensionUri.fsPath, expected);
  });

  it('is not active before a log is opened (activation stays lazy)', () => {
    assert.equal(extension().isActive, false);
  });

  it('activates when the seed log is opened', async () => {
    const editor = await openFixture(SEED_LOG);
    assert.match(editor.document.getText(), /hit do_maint/);
    await waitFor('the extension to activate after opening the seed log', () => extension().isActive);
  });

  it('reports what activation cost (module evaluation + activate(); printed, not judged: no timed tests)', () => {
    const api = extension().exports as { activation(): { ms: number; evaluateMs: number; activateMs: number } };
    const { ms, evaluateMs, activateMs } = api.activation();
    assert.ok(Number.isFinite(ms) && ms >= 0, `activation time ${ms}`);
    console.log(`      activation: ${ms.toFixed(1)} ms = ${evaluateMs.toFixed(1)} ms evaluating the bundle + ${activateMs.toFixed(1)} ms in activate() (the analysis core and the litmus checker load on first use)`);
  });

  it('registers rcuLens.checkLog', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rcuLens.checkLog'), 'rcuLens.checkLog missing from getCommands(true)');
  });

  it('runs RCU: Check Log on the seed log without an error', async () => {
    await openFixture(SEED_LOG);
    await vscode.commands.executeCommand('rcuLens.checkLog');
  });
});
