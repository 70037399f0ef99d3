// The litmus language: syntaxes/litmus.tmLanguage.json tokenized by vscode-textmate + oniguruma
// (VS Code's engine) on the herd7 C litmus tests copied to test/fixtures/litmus (psc/, kernel/ and a
// sample of auto/, see its README), plus its package.json contribution and language configuration.
// RCU_LENS_LITMUS=<dir> runs the per-file checks on a whole set instead (e.g. ../shared/litmus).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { scopesOf, type Token } from './support/textmate';

const root = path.join(__dirname, '..', '..', '..');
const GRAMMAR_FILE = path.join(root, 'syntaxes', 'litmus.tmLanguage.json');
const CONFIG_FILE = path.join(root, 'syntaxes', 'litmus.language-configuration.json');
const FIXTURES = path.join(root, 'test', 'fixtures', 'litmus');
const LITMUS = process.env['RCU_LENS_LITMUS'] ?? FIXTURES;
const SCOPE = 'source.c.litmus';

let grammar: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammar ??= (async () => {
    // loadWASM runs once per process; a second call (test/unit/support/textmate.ts) gets the same promise.
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
    // Only our file is known: an include of source.c (or any other grammar) would not resolve.
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => (scopeName === SCOPE ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null),
    });
    const g = await registry.loadGrammar(SCOPE);
    if (!g) throw new Error(`no grammar ${SCOPE}`);
    return g;
  })();
  return grammar;
}

interface Tokenized { lines: string[]; tokens: Token[][]; depth: number; slowestLineMs: number }

async function tokenize(text: string): Promise<Tokenized> {
  const g = await loadGrammar();
  const lines = text.split(/\r?\n/);
  let state = vsctm.INITIAL;
  let slowestLineMs = 0;
  const tokens = lines.map((line) => {
    const t0 = performance.now();
    const r = g.tokenizeLine(line, state);
    slowestLineMs = Math.max(slowestLineMs, performance.now() - t0);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
  return { lines, tokens, depth: state.depth, slowestLineMs };
}

const cache = new Map<string, Promise<Tokenized>>();
function tokenizeFixture(rel: string): Promise<Tokenized> {
  let t = cache.get(rel);
  if (!t) cache.set(rel, (t = tokenize(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'))));
  return t;
}

/** The scopes of the token holding column `col`. */
function scopesAt(tokens: Token[], col: number): string[] {
  let pos = 0;
  for (const t of tokens) {
    if (col >= pos && col < pos + t.text.length) return t.scopes;
    pos += t.text.length;
  }
  return [];
}

/** The first line of the file that contains `needle`, with its tokens. */
function lineWith(f: Tokenized, needle: string): [string, Token[]] {
  const i = f.lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${JSON.stringify(needle)}`);
  return [f.lines[i]!, f.tokens[i]!];
}

const PSC = 'psc/C-PaulEMcKenney-psc+sr-mbacq.litmus';
const PSC_REL = 'psc/C-PaulEMcKenney-psc+sr-relacq.litmus';
const FREE = 'kernel/RCU+sync+free.litmus';
const READ = 'kernel/RCU+sync+read.litmus';
const AUTO = 'auto/C-RW-G+RW-G+RW-G+RW-Rs+RW-RD+RW-R.litmus';

// [fixture, a line containing this, the text to look at (its first character), a scope it must carry]
type Case = [file: string, line: string, part: string, scope: string];
const CASES: Case[] = [
  // the header line: keyword + the test's name (which holds - + / characters)
  [PSC, 'C C-PaulEMcKenney', 'C', 'keyword.other.architecture.litmus'],
  [PSC, 'C C-PaulEMcKenney', 'C-PaulEMcKenney-psc+sr-mbacq', 'entity.name.section.test.litmus'],
  [AUTO, 'C auto/', 'auto/C-RW-G', 'entity.name.section.test.litmus'],
  [FREE, 'C RCU+sync+free', 'RCU+sync+free', 'entity.name.section.test.litmus'],
  // the (* Result: Never *) comment, over several lines
  [PSC, '(*', '(*', 'comment.block.litmus'],
  [PSC, 'Result: Never', ' * ', 'comment.block.litmus'],
  [PSC, 'Result: Never', 'Result', 'comment.block.litmus'],
  [PSC, 'Result: Never', 'Never', 'comment.block.litmus'],
  [PSC, 'Result: Never', 'Never', 'constant.language.verdict.litmus'],
  [PSC, ' *)', '*)', 'comment.block.litmus'],
  [FREE, 'This litmus test demonstrates', 'litmus test', 'comment.block.litmus'],
  [FREE, 'that an RCU read-side critical section cannot span', 'critical section', 'comment.block.litmus'],
  // the initial state
  [PSC, '{}', '{', 'meta.initial-state.litmus'],
  [FREE, 'int *y = &x;', 'int', 'meta.initial-state.litmus'],
  [FREE, 'int *y = &x;', 'int', 'storage.type.litmus'],
  [FREE, 'int *y = &x;', 'y', 'variable.other.location.litmus'],
  [FREE, 'int *y = &x;', '&', 'keyword.operator.address.litmus'],
  [AUTO, 'x4=y5;', 'x4', 'meta.initial-state.litmus'],
  [AUTO, 'x4=y5;', 'y5', 'variable.other.location.litmus'],
  // process headers
  [PSC, 'P0(', 'P0', 'entity.name.function.process.litmus'],
  [PSC, 'P0(', 'P0', 'meta.process.litmus'],
  [PSC, 'P0(', 'int', 'storage.type.litmus'],
  [PSC, 'P0(', 'be_careful', 'variable.parameter.litmus'],
  [PSC, 'P0(', 'spinlock_t', 'storage.type.litmus'],
  [PSC, 'P1(', 'P1', 'entity.name.function.process.litmus'],
  [FREE, 'P1(int *x, int *z, int **y)', 'y)', 'variable.parameter.litmus'],
  [AUTO, 'P5(', 'P5', 'entity.name.function.process.litmus'],
  [AUTO, 'P0(', 'intptr_t', 'storage.type.litmus'],
  // process bodies: C keywords and the RCU / memory-model primitives
  [PSC, '\tint r1;', 'int', 'storage.type.litmus'],
  [PSC, 'if (r1)', 'if', 'keyword.control.litmus'],
  [PSC, '} else {', 'else', 'keyword.control.litmus'],
  [PSC, 'synchronize_rcu', 'synchronize_rcu', 'support.function.rcu.litmus'],
  [PSC, 'synchronize_rcu', 'synchronize_rcu', 'meta.block.litmus'],
  [PSC, 'rcu_read_lock', 'rcu_read_lock', 'support.function.rcu.litmus'],
  [PSC, 'rcu_read_unlock', 'rcu_read_unlock', 'support.function.rcu.litmus'],
  [PSC, 'smp_load_acquire', 'smp_load_acquire', 'support.function.memory-model.litmus'],
  [PSC, 'READ_ONCE', 'READ_ONCE', 'support.function.memory-model.litmus'],
  [PSC, 'WRITE_ONCE', 'WRITE_ONCE', 'support.function.memory-model.litmus'],
  [PSC, 'WRITE_ONCE(*y, 1)', '1', 'constant.numeric.litmus'],
  [PSC, 'smp_mb', 'smp_mb', 'support.function.memory-model.litmus'],
  [PSC, 'spin_lock', 'spin_lock', 'support.function.lock.litmus'],
  [PSC, 'spin_unlock', 'spin_unlock', 'support.function.lock.litmus'],
  [PSC_REL, 'smp_store_release', 'smp_store_release', 'support.function.memory-model.litmus'],
  [FREE, 'rcu_dereference', 'rcu_dereference', 'support.function.rcu.litmus'],
  [FREE, 'rcu_assign_pointer', 'rcu_assign_pointer', 'support.function.rcu.litmus'],
  [AUTO, '(intptr_t)rcu_dereference(*(intptr_t **)x4)', '*(intptr_t', 'keyword.operator.litmus'],
  // locations [...] and the condition
  [PSC, 'locations [0:r1]', 'locations', 'keyword.other.locations.litmus'],
  [PSC, 'locations [0:r1]', 'r1', 'variable.other.register.litmus'],
  [PSC, 'exists (0:r2=1', 'exists', 'keyword.control.condition.litmus'],
  [PSC, 'exists (0:r2=1', '0:r2=1', 'meta.atom.litmus'],
  [PSC, 'exists (0:r2=1', '0:r2=1', 'constant.numeric.thread.litmus'],
  [PSC, 'exists (0:r2=1', ':r2=1', 'punctuation.separator.thread.litmus'],
  [PSC, 'exists (0:r2=1', 'r2=1', 'variable.other.register.litmus'],
  [PSC, 'exists (0:r2=1', '=1', 'keyword.operator.comparison.litmus'],
  [PSC, 'exists (0:r2=1', '1 \\/', 'constant.numeric.litmus'],
  [PSC, 'exists (0:r2=1', '\\/', 'keyword.operator.logical.or.litmus'],
  [FREE, 'exists (0:r0=x', '/\\', 'keyword.operator.logical.and.litmus'],
  [FREE, 'exists (0:r0=x', 'x /\\', 'variable.other.location.litmus'],
  [READ, 'exists (1:r0=1', '1:r0', 'constant.numeric.thread.litmus'],
  [AUTO, 'exists', 'exists', 'keyword.control.condition.litmus'],
  [AUTO, '(0:r1=1 /\\ 1:r1=1', '4:r1=x5', 'meta.atom.litmus'],
];

// [fixture, a line containing this, the text to look at, a scope (prefix) it must NOT carry]
const NEGATIVE: Case[] = [
  // `(*` is C inside a process body, not a comment
  [PSC, 'r2 = READ_ONCE(*x);', '*x', 'comment'],
  [PSC, 'WRITE_ONCE(*y, 1)', 'y, 1', 'comment'],
  [AUTO, '(intptr_t)rcu_dereference(*(intptr_t **)x4)', 'x4)', 'comment'],
  [AUTO, 'WRITE_ONCE(*(intptr_t *)r1, 1)', '1)', 'comment'],
  // every body is closed before the condition
  [PSC, 'exists (0:r2=1', 'exists', 'meta.process'],
  [PSC, 'exists (0:r2=1', '0:r2', 'meta.block'],
  [PSC, 'locations [0:r1]', 'locations', 'meta.process'],
  [PSC, 'P1(', 'P1', 'meta.block'],
  [AUTO, '(0:r1=1 /\\ 1:r1=1', '5:r1=1', 'meta.process'],
  // the initial state is closed before the processes, and the comment before the state
  [PSC, 'P0(', 'P0', 'meta.initial-state'],
  [PSC, '{}', '{', 'comment'],
  [FREE, 'P0(int *x', 'P0', 'comment'],
  // the C `int` of a body and a parameter is not a location
  [FREE, 'int *y = &x;', 'int', 'variable.other.location'],
];

describe('grammar: litmus (herd7 C) on the fixture tests', () => {
  for (const [file, needle, part, scope] of CASES) {
    it(`${JSON.stringify(part)} in ${JSON.stringify(needle.trim().slice(0, 40))} (${file.split('/')[0]}) is ${scope}`, async () => {
      const f = await tokenizeFixture(file);
      const [line, tokens] = lineWith(f, needle);
      const scopes = scopesOf(tokens, line, part);
      assert.ok(scopes.includes(scope), `got ${scopes.join(' ')}`);
      assert.equal(scopes[0], SCOPE, 'the root scope is the language\'s');
    });
  }
  for (const [file, needle, part, scope] of NEGATIVE) {
    it(`${JSON.stringify(part)} in ${JSON.stringify(needle.trim().slice(0, 40))} (${file.split('/')[0]}) is not ${scope}`, async () => {
      const f = await tokenizeFixture(file);
      const [line, tokens] = lineWith(f, needle);
      const scopes = scopesOf(tokens, line, part);
      assert.ok(scopes.length > 0, 'no token there');
      assert.ok(!scopes.some((s) => s.startsWith(scope)), `got ${scopes.join(' ')}`);
    });
  }

  it('colours the whole atom 0:r2=1, and both atoms of exists (0:r2=1 \\/ 1:r1=1)', async () => {
    const [line, tokens] = lineWith(await tokenizeFixture(PSC), 'exists (0:r2=1');
    for (const atom of ['0:r2=1', '1:r1=1']) {
      const at = line.indexOf(atom);
      for (let c = at; c < at + atom.length; c++) assert.ok(scopesAt(tokens, c).includes('meta.atom.litmus'), `${atom}[${c - at}]: ${scopesAt(tokens, c).join(' ')}`);
      assert.ok(scopesAt(tokens, at + atom.length - 1).includes('constant.numeric.litmus'), `${atom}: its value`);
    }
    assert.ok(!scopesAt(tokens, line.indexOf(' \\/')).includes('meta.atom.litmus'), 'the space between atoms is no atom');
  });

  it('colours the whole test name on the header line', async () => {
    const [line, tokens] = lineWith(await tokenizeFixture(AUTO), 'C auto/');
    const name = line.slice(2);
    for (let c = 2; c < line.length; c++) assert.ok(scopesAt(tokens, c).includes('entity.name.section.test.litmus'), `${name}[${c - 2}]`);
  });
});

describe('grammar: litmus constructs beyond the fixtures', () => {
  const SNIPPET = [
    'C synthetic+srcu',
    '"a doc string"',
    '(* outer (* nested *) still comment *)',
    '{ x=0; 0:r1=0; }',
    'void P0(int *x, struct srcu_struct *s) // line comment',
    '{',
    '\tint r1 = srcu_read_lock(s); /* C block comment */',
    '\tsynchronize_rcu_expedited(); call_rcu(&p, cb); synchronize_srcu(s);',
    '\tsmp_rmb(); smp_wmb(); atomic_inc(x); r1 = xchg(x, 1);',
    '\tmy_rcu_read_lock_wrapper(); srcu_read_unlock(s, r1);',
    '}',
    'locations [x; 0:r1;]',
    '~exists (x=2 /\\ ~(0:r1=0) \\/ true)',
    'forall (0:r1=0 => x=-1)',
    'filter (0:r1=0x10)',
  ];
  // [line number, the text to look at, a scope it must carry]
  const SNIPPET_CASES: [number, string, string][] = [
    [1, 'a doc', 'string.quoted.double.litmus'],
    [2, 'still comment', 'comment.block.litmus'],
    [2, 'nested', 'comment.block.litmus'],
    [3, 'x=0', 'meta.atom.litmus'],
    [3, '0:r1=0', 'constant.numeric.thread.litmus'],
    [3, 'r1=0', 'variable.other.register.litmus'],
    [4, 'void', 'storage.type.litmus'],
    [4, 'P0', 'entity.name.function.process.litmus'],
    [4, 'srcu_struct', 'storage.type.litmus'],
    [4, '// line', 'comment.line.double-slash.litmus'],
    [6, 'srcu_read_lock', 'support.function.rcu.litmus'],
    [6, 'C block', 'comment.block.c.litmus'],
    [7, 'synchronize_rcu_expedited', 'support.function.rcu.litmus'],
    [7, 'call_rcu', 'support.function.rcu.litmus'],
    [7, 'synchronize_srcu', 'support.function.rcu.litmus'],
    [8, 'smp_rmb', 'support.function.memory-model.litmus'],
    [8, 'smp_wmb', 'support.function.memory-model.litmus'],
    [8, 'atomic_inc', 'support.function.atomic.litmus'],
    [8, 'xchg', 'support.function.memory-model.litmus'],
    [9, 'srcu_read_unlock', 'support.function.rcu.litmus'],
    [11, 'locations', 'keyword.other.locations.litmus'],
    [11, 'x;', 'variable.other.location.litmus'],
    [12, '~exists', 'keyword.operator.logical.not.litmus'],
    [12, 'exists', 'keyword.control.condition.litmus'],
    [12, 'x=2', 'meta.atom.litmus'],
    [12, '~(', 'keyword.operator.logical.not.litmus'],
    [12, 'true', 'constant.language.boolean.litmus'],
    [13, 'forall', 'keyword.control.condition.litmus'],
    [13, '=>', 'keyword.operator.logical.implies.litmus'],
    [13, '-1', 'constant.numeric.litmus'],
    [14, 'filter', 'keyword.control.condition.litmus'],
    [14, '0x10', 'constant.numeric.litmus'],
  ];
  for (const [n, part, scope] of SNIPPET_CASES) {
    it(`${JSON.stringify(part)} in ${JSON.stringify(SNIPPET[n]!.trim().slice(0, 40))} is ${scope}`, async () => {
      const f = await tokenize(SNIPPET.join('\n'));
      const scopes = scopesOf(f.tokens[n]!, f.lines[n]!, part);
      assert.ok(scopes.includes(scope), `got ${scopes.join(' ')}`);
    });
  }

  it('does not colour an RCU name inside a longer identifier, nor the srcu_struct type as a function', async () => {
    const f = await tokenize(SNIPPET.join('\n'));
    assert.ok(!scopesOf(f.tokens[9]!, f.lines[9]!, 'rcu_read_lock').some((s) => s.startsWith('support.function')));
    assert.ok(!scopesOf(f.tokens[4]!, f.lines[4]!, 'srcu_struct').some((s) => s.startsWith('support.function')));
    assert.equal(f.depth, 1, 'everything it opened is closed');
  });

  it('survives unbalanced text, deep nesting and a 200 kB line without error, in reasonable time', async () => {
    // Nesting costs the engine more than linear time (any begin/end rule does); 2000 levels stay
    // well under VS Code's 20k-character tokenization cap per line.
    const junk = [
      '(* never closed', 'P0(int *x', '{ {', '(*'.repeat(2000), '*)'.repeat(2001), '{'.repeat(2000),
      'exists (' + '0:r1=1 /\\ '.repeat(10_000), '}'.repeat(3000), 'P1(' + 'int *x, '.repeat(10_000),
      'x'.repeat(200_000), '"unterminated', '',
    ];
    const t0 = performance.now();
    const f = await tokenize(junk.join('\n'));
    assert.ok(f.tokens.every((t) => t.length > 0));
    assert.ok(performance.now() - t0 < 30000, `${Math.round(performance.now() - t0)} ms`);
  });
});

// ---- every fixture, line by line ----------------------------------------------------------------

function litmusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? litmusFiles(p) : e.name.endsWith('.litmus') ? [p] : [];
  }).sort();
}

// the primitives the fixtures use (and a few more), as names in the text
const PRIMITIVE = /\b(?:READ_ONCE|WRITE_ONCE|smp_[a-z_]+|s?rcu_[a-z_]+|synchronize_s?rcu\w*|call_rcu|spin_(?:un)?lock)\b/g;

describe('grammar: litmus, every line of every fixture', () => {
  // manual/ (herd7's hand-written tests, the LKMM checker's oracle) uses constructs the grammar was
  // not written for; its coverage there is its own task
  const files = litmusFiles(LITMUS).filter((f) => !path.relative(LITMUS, f).startsWith('manual' + path.sep));

  it('has the fixtures to check (psc/, kernel/ and auto/)', () => {
    for (const sub of ['psc', 'kernel', 'auto']) {
      assert.ok(files.some((f) => path.relative(LITMUS, f).startsWith(sub + path.sep)), `no ${sub}/*.litmus under ${LITMUS}`);
    }
  });

  before(async () => { await loadGrammar(); }); // the wasm and the grammar's compilation are not a file's time

  for (const file of files) {
    const rel = path.relative(LITMUS, file);
    it(rel, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const t0 = performance.now();
      const f = await tokenize(text);
      const ms = performance.now() - t0;
      assert.ok(ms < 10000 && f.slowestLineMs < 2000, `took ${Math.round(ms)} ms (slowest line ${Math.round(f.slowestLineMs)} ms)`);
      assert.equal(f.depth, 1, 'the file ends with every comment, block and process closed');
      assert.equal(f.tokens.length, f.lines.length);

      // the header comment: from the line that opens it to the line that closes it, all comment;
      // nowhere else (these tests have no other comment, and `(*` in a body is C)
      const open = f.lines.findIndex((l) => l.trimStart().startsWith('(*'));
      const close = f.lines.findIndex((l, i) => i >= open && l.includes('*)'));
      f.lines.forEach((line, i) => {
        const inComment = open >= 0 && i >= open && i <= close;
        for (let c = 0; c < line.length; c++) {
          if (/\s/.test(line[c]!)) continue;
          const isComment = scopesAt(f.tokens[i]!, c).some((s) => s.startsWith('comment.block'));
          assert.equal(isComment, inComment, `line ${i + 1} col ${c + 1} ${inComment ? 'should be' : 'is'} a comment: ${JSON.stringify(line)}`);
        }
      });

      // from `locations` or `exists` on, each 0:r1 is an atom
      const condition = f.lines.findIndex((l) => /^\s*(?:locations|exists)\b/.test(l));
      assert.ok(condition > close, 'a condition after the comment');
      f.lines.forEach((line, i) => {
        const tokens = f.tokens[i]!;
        const where = `line ${i + 1}: ${JSON.stringify(line)}`;
        if (i === 0) {
          assert.ok(scopesOf(tokens, line, 'C').includes('keyword.other.architecture.litmus'), where);
          assert.ok(scopesAt(tokens, line.length - 1).includes('entity.name.section.test.litmus'), where);
        }
        const proc = /^\s*(P\d+)\(/.exec(line);
        if (proc) assert.ok(scopesOf(tokens, line, proc[1]!).includes('entity.name.function.process.litmus'), where);
        for (const m of line.matchAll(PRIMITIVE)) {
          const scopes = scopesAt(tokens, m.index);
          assert.ok(scopes.some((s) => s.startsWith('support.function.')) && scopes.includes('meta.process.litmus'), `${m[0]} at ${where}: ${scopes.join(' ')}`);
        }
        if (/^\s*exists\b/.test(line)) {
          const scopes = scopesOf(tokens, line, 'exists');
          assert.ok(scopes.includes('keyword.control.condition.litmus') && !scopes.includes('meta.process.litmus'), where);
        }
        if (condition >= 0 && i >= condition) {
          for (const m of line.matchAll(/\b\d+:r\d+/g)) {
            const scopes = scopesAt(tokens, m.index);
            assert.ok(scopes.includes('meta.atom.litmus') && scopes.includes('constant.numeric.thread.litmus'), `${m[0]} at ${where}`);
          }
        }
      });
    });
  }
});

// ---- the contribution ----------------------------------------------------------------------------

describe('litmus language: package.json contribution and language configuration', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: {
      languages: { id: string; extensions?: string[]; aliases?: string[]; configuration?: string }[];
      grammars: { language?: string; scopeName: string; path: string }[];
    };
  };

  it('contributes the litmus language for .litmus files, with its configuration, and activates on it', () => {
    const lang = pkg.contributes.languages.find((l) => l.id === 'litmus');
    assert.ok(lang, 'no litmus language');
    assert.deepEqual(lang.extensions, ['.litmus']);
    assert.equal(lang.aliases?.[0], 'Litmus (herd7 C)');
    assert.equal(path.resolve(root, lang.configuration!), CONFIG_FILE);
    assert.ok(pkg.activationEvents.includes('onLanguage:litmus'));
  });

  it('contributes the grammar under the scope name the file declares, self-contained', () => {
    const entry = pkg.contributes.grammars.find((g) => g.language === 'litmus');
    assert.ok(entry, 'no grammar for litmus');
    assert.equal(path.resolve(root, entry.path), GRAMMAR_FILE);
    const raw = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as { scopeName: string; repository: Record<string, unknown> };
    assert.equal(entry.scopeName, SCOPE);
    assert.equal(raw.scopeName, SCOPE);
    // every include is a rule of this file ($self or #name that exists): no source.c
    const includes = [...JSON.stringify(raw).matchAll(/"include":"([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(includes.length > 0);
    for (const inc of includes) assert.ok(inc === '$self' || (inc.startsWith('#') && inc.slice(1) in raw.repository), inc);
  });

  it('configures (* *) block and // line comments, brackets and auto-closing pairs', () => {
    const cfg = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as {
      comments: { lineComment: string; blockComment: [string, string] };
      brackets: [string, string][];
      autoClosingPairs: { open: string; close: string }[];
    };
    assert.deepEqual(cfg.comments, { lineComment: '//', blockComment: ['(*', '*)'] });
    for (const pair of [['{', '}'], ['[', ']'], ['(', ')']]) {
      assert.ok(cfg.brackets.some((b) => b[0] === pair[0] && b[1] === pair[1]), pair.join(''));
      assert.ok(cfg.autoClosingPairs.some((p) => p.open === pair[0] && p.close === pair[1]), pair.join(''));
    }
    // `(*` must not auto-close: typing READ_ONCE(*x) in a body would get a stray `*)`
    assert.ok(!cfg.autoClosingPairs.some((p) => p.open === '(*'));
  });
});
