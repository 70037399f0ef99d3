// What a .vsix holds, read with Node alone (a .vsix is a zip; no unzip on the CI machine needed):
// the harness checks every package it builds — a LICENSE and a CHANGELOG, the user README (not the
// developer one), and every image that README shows inside the package, so it loads on the
// extension's page in VS Code.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

/** Entry name → its bytes (stored or deflated entries, as vsce writes them). */
export function readZip(file: string): Map<string, Buffer> {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** What is wrong with a packaged extension for its users (empty: nothing). */
export function vsixProblems(file: string): string[] {
  const zip = readZip(file);
  const names = [...zip.keys()];
  const find = (re: RegExp): string | undefined => names.find((n) => re.test(n));
  const problems: string[] = [];
  const license = find(/^extension\/LICENSE(\.txt|\.md)?$/i);
  if (!license) problems.push('no LICENSE in the package');
  else if (!/MIT License/.test(zip.get(license)!.toString('utf8'))) problems.push(`${license} is not the MIT licence package.json names`);
  if (!find(/^extension\/changelog\.md$/i)) problems.push('no CHANGELOG.md in the package');
  const readmeName = find(/^extension\/readme\.md$/i);
  if (!readmeName) return [...problems, 'no README in the package'];
  const readme = zip.get(readmeName)!.toString('utf8');
  if (/npm (test|ci|run)|\.ci\/run/.test(readme)) problems.push('the packaged README is the developer README (it talks about npm test / CI)');
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const src = m[1]!;
    if (/^https:\/\//.test(src)) continue;
    if (!zip.has(`extension/${src.replace(/^\.\//, '')}`)) problems.push(`the README's image ${src} is not in the package`);
  }
  if (names.some((n) => /\.(ts|map)$/.test(n) || n.startsWith('extension/node_modules/') || n.startsWith('extension/test/'))) {
    problems.push('sources, source maps, tests or node_modules in the package');
  }
  return problems;
}
