// extensionTestsPath entry: VS Code loads this inside the extension host and awaits run().
// Every *.test.js beside it is part of the suite, so a new test file needs no registration;
// activation.test.js goes first because it checks that nothing activated the extension yet.
// The same file serves code-server (test/vscode/run.ts) and desktop VS Code (test/vscode/desktop.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 30_000 });
  const grep = process.env.RCU_LENS_SUITE_GREP; // e.g. RCU_LENS_SUITE_GREP=hover npm run test:vscode
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of ['activation.test.js', ...files.filter((f) => f !== 'activation.test.js')]) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
