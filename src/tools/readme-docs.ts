// npm run docs:check / npm run docs:update — the README's examples and figures, from the commands.
//
// What the README shows as output must be what the commands print today, or the README drifts:
//   - every `$ rcu-lens …` line in a code block is run (in-process, from the repository root); the
//     lines after it, up to the next `$` line, are its standard output (`...` alone on a line stands
//     for any lines); `(exit N)` or a verdict word (HOLDS, BROKEN) in its `# comment` is checked too;
//     with no output shown and no exit code claimed, it must exit 0;
//   - the `simulate --mutate drop-gp1 --exhaustive` count quoted in prose;
//   - no path outside the repository (`../shared/…`): a clone has only its own copies;
//   - (slow, docs:check/update only) the herd7 agreement table, from `npm run litmus:table`.
// docs:check exits 1 and shows each difference; docs:update rewrites the README with the live
// output (wildcard blocks are only checked). test/unit/readme.test.ts runs the fast checks.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../cli/main';
import { nodeIO } from '../cli/io';

export interface DocCheck {
  what: string;
  /** What the README says, and what the command says now (equal when in sync). */
  readme: string;
  live: string;
  ok: boolean;
  /** The README with this item brought up to date (undefined: cannot be rewritten, e.g. a wildcard block). */
  update?: (readme: string) => string;
}

/** The repository: dist/ when bundled, out/src/tools/ when compiled for the tests. */
export const ROOT = ((): string => {
  let d = __dirname;
  while (!(existsSync(join(d, 'package.json')) && existsSync(join(d, 'README.md'))) && dirname(d) !== d) d = dirname(d);
  return d;
})();

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { ...nodeIO(), stdout: (s: string) => { out += s; }, stderr: () => {} };
  const code = await main(args, io);
  return { code, out };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `live` match the README's lines, where a line `...` stands for any lines? */
export function matchesWithGaps(expected: string[], live: string): boolean {
  const re = expected.map((l) => (l.trim() === '...' ? '(?:[^\\n]*\\n)*?' : `${escape(l)}\\n`)).join('');
  return new RegExp(`^${re}$`).test(live.endsWith('\n') || live === '' ? live : `${live}\n`);
}

interface Example { command: string; args: string[]; comment: string; output: string[]; start: number; end: number }

/** `$ rcu-lens …` lines in fenced code blocks, with the lines shown after each (line indexes into the README). */
export function examples(readme: string): Example[] {
  const lines = readme.split('\n');
  const out: Example[] = [];
  let inBlock = false;
  let cur: Example | undefined;
  lines.forEach((l, i) => {
    if (l.startsWith('```')) {
      if (cur) { cur.end = i; out.push(cur); cur = undefined; }
      inBlock = !inBlock;
      return;
    }
    if (!inBlock) return;
    const m = /^\$ rcu-lens (.*)$/.exec(l);
    if (m) {
      if (cur) { cur.end = i; out.push(cur); }
      const [cmd, comment = ''] = m[1]!.split(/\s+#\s*/, 2) as [string, string?];
      cur = { command: `rcu-lens ${cmd.trim()}`, args: cmd.trim().split(/\s+/), comment, output: [], start: i, end: i };
    } else if (cur) cur.output.push(l);
  });
  return out;
}

async function exampleChecks(readme: string): Promise<DocCheck[]> {
  const checks: DocCheck[] = [];
  for (const ex of examples(readme)) {
    const r = await run(ex.args);
    const shown = ex.output.join('\n');
    const wild = ex.output.some((l) => l.trim() === '...');
    const exit = /\bexit (\d)\b/.exec(ex.comment);
    const verdict = /\b(HOLDS|BROKEN)\b/.exec(ex.comment);
    const problems: string[] = [];
    if (exit && Number(exit[1]) !== r.code) problems.push(`exit ${r.code}, the README says exit ${exit[1]}`);
    if (!exit && ex.output.length === 0 && r.code !== 0) problems.push(`exit ${r.code}`);
    if (verdict && !r.out.includes(verdict[1]!)) problems.push(`no ${verdict[1]} in its output`);
    const same = ex.output.length === 0 || (wild ? matchesWithGaps(ex.output, r.out) : shown === r.out.replace(/\n$/, ''));
    if (!same) problems.push('its output differs');
    const live = r.out.replace(/\n$/, '');
    checks.push({
      what: `README example \`${ex.command}\`${problems.length ? ` (${problems.join('; ')})` : ''}`,
      readme: shown, live: ex.output.length ? live : `(exit ${r.code})`, ok: problems.length === 0,
      ...(ex.output.length && !wild ? {
        update: (text: string) => {
          const ls = text.split('\n');
          const start = ls.findIndex((l) => l.startsWith(`$ ${ex.command}`));
          let end = start + 1;
          while (end < ls.length && !ls[end]!.startsWith('```') && !ls[end]!.startsWith('$ ')) end++;
          ls.splice(start + 1, end - start - 1, ...live.split('\n'));
          return ls.join('\n');
        },
      } : {}),
    });
  }
  return checks;
}

const DROP_GP1 = /`(\d+) of (\d+) orderings break RCU's rules: ([^`]*)`(\s+for `--mutate drop-gp1`)/;

let dropGp1Run: Promise<{ code: number; out: string }> | undefined; // seconds of work: once per process

async function dropGp1Check(readme: string): Promise<DocCheck> {
  const r = await (dropGp1Run ??= run(['simulate', '--mutate', 'drop-gp1', '--exhaustive']));
  const live = r.out.trim().split('\n').pop() ?? '';
  const m = DROP_GP1.exec(readme);
  const shown = m ? `${m[1]} of ${m[2]} orderings break RCU's rules: ${m[3]}` : '(no such sentence in the README)';
  return {
    what: 'the drop-gp1 count (`rcu-lens simulate --mutate drop-gp1 --exhaustive`, last line)',
    readme: shown, live, ok: shown === live,
    ...(m ? { update: (text: string) => text.replace(DROP_GP1, (_a, _b, _c, _d, tail: string) => `\`${live}\`${tail}`) } : {}),
  };
}

function outsidePathsCheck(readme: string): DocCheck {
  const hits = readme.split('\n').map((l, i) => [i + 1, l] as const).filter(([, l]) => /\.\.\/shared\b/.test(l));
  return {
    what: 'paths outside the repository (../shared: use the repository\'s own copies, e.g. test/fixtures/litmus)',
    readme: hits.map(([n, l]) => `${n}: ${l}`).join('\n'), live: '', ok: hits.length === 0,
  };
}

const TABLE_HEAD = '| Set / process class |';

/** The agreement table as `npm run litmus:table -- test/fixtures/litmus` prints it (needs dist/litmus-table.js). */
function litmusTableCheck(readme: string): DocCheck {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'litmus-table.js'), join('test', 'fixtures', 'litmus')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const liveLines = r.stdout.split('\n');
  const tableOf = (ls: string[]): string[] => {
    const s = ls.findIndex((l) => l.startsWith(TABLE_HEAD));
    if (s < 0) return [];
    let e = s;
    while (e < ls.length && ls[e]!.startsWith('|')) e++;
    // Times per test (the `… ms` columns) differ from run to run: the README shows the counts only.
    const rows = ls.slice(s, e).map((l) => l.split('|'));
    const keep = rows[0]!.map((h) => !/\bms\s*$/.test(h));
    return rows.map((cells) => cells.filter((_c, i) => keep[i] !== false).join('|'));
  };
  const live = tableOf(liveLines).join('\n');
  const shown = tableOf(readme.split('\n')).join('\n');
  return {
    what: `the herd7 agreement table (npm run litmus:table -- test/fixtures/litmus${r.status ? `, exit ${r.status}` : ''})`,
    readme: shown, live, ok: r.status === 0 && shown === live,
    ...(r.status === 0 && shown ? { update: (text: string) => text.replace(shown, live) } : {}),
  };
}

export async function readmeChecks(readme: string, opts: { slow?: boolean } = {}): Promise<DocCheck[]> {
  const checks = [...await exampleChecks(readme), await dropGp1Check(readme), outsidePathsCheck(readme)];
  if (opts.slow) checks.push(litmusTableCheck(readme));
  return checks;
}

async function cliMain(argv: string[]): Promise<number> {
  const update = argv.includes('--update');
  process.chdir(ROOT);
  const file = join(ROOT, 'README.md');
  let readme = readFileSync(file, 'utf8');
  const checks = await readmeChecks(readme, { slow: !argv.includes('--fast') });
  let bad = 0;
  for (const c of checks) {
    if (c.ok) { console.log(`ok    ${c.what}`); continue; }
    if (update && c.update) { readme = c.update(readme); console.log(`fixed ${c.what}`); continue; }
    bad++;
    console.log(`DRIFT ${c.what}\n--- README\n${c.readme}\n--- now\n${c.live}\n---`);
  }
  if (update) writeFileSync(file, readme);
  if (bad) console.log(`${bad} README item(s) differ from the commands${update ? ' and cannot be rewritten: edit them by hand' : ': npm run docs:update rewrites those it can'}`);
  return bad ? 1 : 0;
}

if (require.main === module) {
  cliMain(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 3; });
}
