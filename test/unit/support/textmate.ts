// Loads the extension's TextMate grammars into vscode-textmate with the oniguruma wasm, the same
// engine VS Code uses, so grammar tests tokenize exactly as the editor does. The built-in Log
// grammar (test/fixtures/grammars) is the host for the injection, as `text.log` is in VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = path.join(__dirname, '..', '..', '..', '..');
const GRAMMARS: Record<string, string> = {
  'text.log': path.join(root, 'test', 'fixtures', 'grammars', 'log.tmLanguage.json'),
  'kernel-log.injection': path.join(root, 'syntaxes', 'kernel-log.injection.tmLanguage.json'),
  'text.kernel-log': path.join(root, 'syntaxes', 'kernel-log.tmLanguage.json'),
};

let registry: vsctm.Registry | undefined;

function getRegistry(): vsctm.Registry {
  if (registry) return registry;
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
  registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = GRAMMARS[scopeName];
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    // As package.json's contributes.grammars[].injectTo: ["text.log"].
    getInjections: (scopeName) => (scopeName === 'text.log' ? ['kernel-log.injection'] : undefined),
  });
  return registry;
}

export interface Token { text: string; scopes: string[] }

/** Tokenize lines with the grammar of scopeName; one token list per line. */
export async function tokenize(scopeName: 'text.log' | 'text.kernel-log', lines: string[]): Promise<Token[][]> {
  const grammar = await getRegistry().loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar ${scopeName}`);
  let state = vsctm.INITIAL;
  const out: Token[][] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, state);
    out.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return out;
}

/** The scopes of the token that covers the first occurrence of `part` in the line (its first char). */
export function scopesOf(tokens: Token[], line: string, part: string): string[] {
  const at = line.indexOf(part);
  if (at < 0) throw new Error(`"${part}" not in "${line}"`);
  let pos = 0;
  for (const t of tokens) {
    if (at >= pos && at < pos + t.text.length) return t.scopes;
    pos += t.text.length;
  }
  return [];
}
