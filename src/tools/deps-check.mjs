// deps-check: the module graph's invariants that no compiler checks — no import cycles among
// our own modules, and no exported symbol that nothing imports. Part of `npm run lint`.
// Reads import/export declarations with the TypeScript parser (syntax only, fast).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dirs = ['src', 'media', 'test'];
const skip = (p) => /node_modules|\/fixtures\/|\/test\/vscode\/work\/|\/src\/wasm\/|\.d\.ts$/.test(p); // src/wasm: AssemblyScript
function walk(d) {
  const out = [];
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (skip(p)) continue;
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}
const files = dirs.flatMap((d) => (fs.existsSync(path.join(root, d)) ? walk(path.join(root, d)) : []));
const fileSet = new Set(files);
function resolve(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const c of [base + '.ts', path.join(base, 'index.ts')]) if (fileSet.has(c)) return c;
  return null;
}
const edges = new Map(); // file -> Set(file)   (value imports only: type-only imports cannot cycle at run time but are counted too)
const exported = new Map(); // file -> Map(name -> line)
const used = new Map(); // file -> Set(name) | '*'
const markUsed = (f, name) => { if (!used.has(f)) used.set(f, new Set()); used.get(f).add(name); };
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
  const deps = new Set();
  const ex = new Map();
  const lineOf = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const t = resolve(f, node.moduleSpecifier.text);
      if (t) {
        deps.add(t);
        if (ts.isImportDeclaration(node)) {
          const c = node.importClause;
          if (!c) markUsed(t, '*');
          else {
            if (c.name) markUsed(t, 'default');
            const nb = c.namedBindings;
            if (nb && ts.isNamespaceImport(nb)) markUsed(t, '*');
            else if (nb) for (const el of nb.elements) markUsed(t, (el.propertyName ?? el.name).text);
          }
        } else {
          const ec = node.exportClause;
          if (!ec) markUsed(t, '*');
          else if (ts.isNamedExports(ec)) for (const el of ec.elements) { markUsed(t, (el.propertyName ?? el.name).text); ex.set(el.name.text, lineOf(el)); }
          else markUsed(t, '*');
        }
      }
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const t = resolve(f, node.arguments[0].text);
      if (t) { deps.add(t); markUsed(t, '*'); }
    } else if (ts.isImportTypeNode?.(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const t = resolve(f, node.argument.literal.text);
      if (t) markUsed(t, node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '*');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) { ex.set('default', lineOf(st)); continue; }
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) { if (ts.isIdentifier(d.name)) ex.set(d.name.text, lineOf(d)); }
    else if (st.name && ts.isIdentifier(st.name)) ex.set(st.name.text, lineOf(st));
  }
  edges.set(f, deps);
  exported.set(f, ex);
}
const rel = (f) => path.relative(root, f);
// cycles: Tarjan's strongly connected components
let index = 0; const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
function strong(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = []; let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) sccs.push(c);
  }
}
for (const f of files) if (!idx.has(f)) strong(f);
const problems = [];
for (const c of sccs) problems.push(`import cycle: ${c.map(rel).sort().join(' <-> ')}`);
// entry points: modules whose exports are used from outside the TS graph (bundles, tests' own exports)
const entry = (f) => /\/test\/|src\/tools\/|src\/bench\/|src\/cli\/main\.ts$|src\/extension\/main\.ts$|media\/timeline\/main\.ts$/.test(f);
for (const [f, ex] of exported) {
  if (entry(f)) continue;
  const u = used.get(f);
  if (u?.has('*')) continue;
  for (const [name, line] of ex) if (!u?.has(name)) problems.push(`${rel(f)}:${line}: export '${name}' is not imported anywhere`);
}
if (problems.length) { console.error(problems.join('\n') + `\ndeps-check: ${problems.length} problem(s)`); process.exit(1); }
console.log(`deps-check: ${files.length} modules, no import cycle, no unused export`);
