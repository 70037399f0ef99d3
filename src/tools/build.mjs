// Bundles with esbuild. One entry per world:
//   dist/cli.js            Node CLI (rcu-lens)
//   dist/extension.js      desktop/remote extension host (Node)
//   dist/web/extension.js  VS Code for the Web (browser extension host)
//   dist/webview/*.js      code that runs inside webviews
//   dist/bench.js          npm run bench
//   dist/litmus-table.js   npm run litmus:table
//   dist/readme-docs.js    npm run docs:check / docs:update (the README's examples from the commands)
// Entries whose source does not exist yet are skipped, so the build works while features land.
import { build } from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const watch = process.argv.includes('--watch');
const prod = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !prod, minify: prod, target: 'es2022', logLevel: 'warning', legalComments: 'none' };
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', external: ['vscode'], define: { 'process.env.RCU_LENS_WEB': '"1"' } },
  { entryPoints: ['media/timeline/main.ts'], outfile: 'dist/webview/timeline.js', platform: 'browser', format: 'iife' },
  { entryPoints: ['src/bench/bench.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/tools/litmus-table.ts'], outfile: 'dist/litmus-table.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/tools/readme-docs.ts'], outfile: 'dist/readme-docs.js', platform: 'node', format: 'cjs' },
].filter((e) => existsSync(e.entryPoints[0]));

mkdirSync('dist', { recursive: true });
await Promise.all(entries.map((e) => build({ ...common, ...e })));
// static webview assets (styles, codicons) are copied beside the bundles
const assets = [
  ['media/timeline/timeline.css', 'dist/webview/timeline.css'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf'],
];
for (const [from, to] of assets) {
  if (existsSync(from)) { mkdirSync(dirname(to), { recursive: true }); copyFileSync(from, to); }
}
if (watch) console.log('watch mode is not implemented; rerun npm run build');
console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
