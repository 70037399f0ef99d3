// The extension's activation stays cheap: no static import path leads from its entry point to the
// analysis core (analyze.ts and what it pulls in: runs, phases, checks, the stall collector) or to
// the simulator and litmus checker. esbuild keeps them in the bundle but evaluates a module reached
// only through import() when that import runs, so they load on first use, after activation.
// Checked on esbuild's own import graph of the real entry point (its metafile).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Modules reached from the entry by static imports only, each with the module that imports it. */
async function staticGraph(entry: string, platform: 'node' | 'browser'): Promise<Map<string, string | null>> {
  const r = await build({
    entryPoints: [join(ROOT, entry)], bundle: true, write: false, metafile: true, platform, format: 'cjs',
    external: ['vscode'], absWorkingDir: ROOT, logLevel: 'silent', outfile: 'lazy-core-check.js',
  });
  const inputs = r.metafile.inputs;
  const seen = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const f = queue.shift()!;
    for (const imp of inputs[f]?.imports ?? []) {
      if (imp.kind !== 'import-statement' || imp.external || seen.has(imp.path)) continue;
      seen.set(imp.path, f);
      queue.push(imp.path);
    }
  }
  return seen;
}

const chain = (g: Map<string, string | null>, f: string): string => {
  const out: string[] = [];
  for (let p: string | null | undefined = f; p; p = g.get(p)) out.push(p);
  return out.join(' <- ');
};

describe('extension activation: the core loads lazily', () => {
  for (const platform of ['node', 'browser'] as const) {
    it(`no static import from src/extension/main.ts reaches the analysis core, the simulator or the litmus checker (${platform})`, async function () {
      this.timeout(60_000);
      const g = await staticGraph('src/extension/main.ts', platform);
      assert.ok(g.size > 20, 'the graph was read');
      const eager = [...g.keys()].filter((f) => /^src\/core\/(analyze|runs|phases|checks|stalls\/collector|sim\/)/.test(f));
      assert.deepEqual(eager.map((f) => chain(g, f)), []);
    });
  }

  it('the check can fail: a module that imports analyze statically is seen', async function () {
    this.timeout(60_000);
    const g = await staticGraph('src/core/sim/run/expected.ts', 'node');
    assert.ok(g.has('src/core/analyze.ts'));
  });
});
