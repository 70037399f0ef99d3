// The driver's self-check on built-in VS Code features (what the extension is seen doing is in the
// other *.ui.ts files).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Scenario } from './scenario';

export const scenarios: Scenario[] = [
  {
    // Checks the driver's own steps on built-in VS Code features, so a broken step is told
    // apart from a broken extension: link hover, a webview (Markdown preview), cursor, overlays.
    name: 'driver self-check: hover, webview frame, cursor, line overlays',
    async run(wb) {
      const dir = path.join(wb.workspaceDir, 'harness-check');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'links.log'), 'first line\nsee https://docs.kernel.org/RCU/whatisRCU.html for RCU\nthird line\n');
      fs.writeFileSync(path.join(dir, 'table.md'), '# Harness check\n\n| lane | reader |\n| --- | --- |\n| cco1 | quick |\n');
      try {
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
      } finally {
        // The workspace is shared by all scenarios: leave it as the fixtures are (and the screenshots show it).
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
