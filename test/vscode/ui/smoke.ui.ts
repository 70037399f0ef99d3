// UI smoke scenarios: what a user sees. Screenshots go to test/vscode/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seedLog } from '../harness/paths';
import type { Scenario } from './scenario';

export const scenarios: Scenario[] = [
  {
    name: 'seed log opens; RCU: Check Log runs from F1',
    async run(wb) {
      await wb.openFile(seedLog);
      assert.match(await wb.lineText(1), /phased state change - init module/);
      // Lines 13 (`hit maint`, grace period 1) and 15 (`hit do_maint`, maint) get their phase's
      // whole-line background once the extension has analysed the log.
      assert.match(await wb.lineText(13), /hit maint$/);
      assert.match(await wb.lineText(15), /hit do_maint$/);
      const [gp1, maint] = await wb.waitUntil('phase backgrounds on lines 13 and 15', async () => {
        const both = [await wb.lineDecorations(13), await wb.lineDecorations(15)];
        return both.every((c) => c.length > 0) ? both : undefined;
      });
      assert.notDeepEqual(gp1, maint, 'grace period 1 and maint are painted alike');
      await wb.screenshot('seed-log');
      await wb.runCommand('RCU: Check Log');
      // The command answers with a notification or by showing the Problems panel; an
      // unregistered command would instead raise "command 'rcuLens.checkLog' not found".
      await wb.page.waitForSelector(
        '.notifications-toasts .notification-toast.notification-fade-in-done, .panel .markers-panel, #workbench\\.panel\\.markers');
      const toasts = await wb.notifications();
      console.log(`    notifications: ${JSON.stringify(toasts)}`);
      assert.ok(!toasts.some((t) => /not found|failed|error/i.test(t)), `error notification: ${toasts.join(' | ')}`);
      await wb.screenshot('check-log');
      assert.deepEqual(wb.dialogs, []);
    },
  },
  {
    // Checks the driver's own steps on built-in VS Code features, so a broken step is told
    // apart from a broken extension: link hover, a webview (Markdown preview), cursor, overlays.
    name: 'driver self-check: hover, webview frame, cursor, line overlays',
    async run(wb) {
      const dir = path.join(wb.workspaceDir, 'harness-check');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'links.log'), 'first line\nsee https://docs.kernel.org/RCU/whatisRCU.html for RCU\nthird line\n');
      fs.writeFileSync(path.join(dir, 'table.md'), '# Harness check\n\n| lane | reader |\n| --- | --- |\n| cco1 | quick |\n');
      await wb.openFile('harness-check/links.log');
      const hover = await wb.hoverLine(2, 'docs.kernel.org');
      console.log(`    hover read: ${JSON.stringify(hover)}`);
      assert.match(hover, /follow link/i);
      await wb.goToLine(3, 4);
      assert.deepEqual(await wb.cursor(), { line: 3, column: 4 });
      // A selection is painted as an overlay on its own line only (drawn asynchronously: wait).
      await wb.page.keyboard.press('Home');
      await wb.page.keyboard.press('Shift+End');
      const selected = await wb.waitUntil('the selection overlay on line 3', async () => {
        const c = await wb.lineDecorations(3);
        return c.length > 0 ? c : undefined;
      });
      console.log(`    overlays: selected line ${JSON.stringify(selected)}`);
      assert.deepEqual(await wb.lineDecorations(1), []);
      await wb.openFile('harness-check/table.md');
      await wb.runCommand('Markdown: Open Preview to the Side');
      const frame = await wb.findWebviewFrame('table');
      assert.match(await frame.innerText('table'), /cco1\s+quick/);
    },
  },
];
