#!/usr/bin/env node
// Prints the size of the weapp main package (everything in dist-weapp outside the
// subpackage roots declared in app.json) and of each subpackage; exits 1 when the
// main package is over the limit (1 MB by default; WeChat refuses 2 MB).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, process.argv[2] ?? 'dist-weapp');
const LIMIT = Number(process.env.WEAPP_MAIN_LIMIT_BYTES ?? 1024 * 1024);

const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) =>
  p.root.replace(/\/+$/, ''),
);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

const sizes = { main: 0 };
for (const root of subRoots) sizes[root] = 0;
for (const file of walk(dist)) {
  const rel = path.relative(dist, file).split(path.sep).join('/');
  if (rel.endsWith('.map')) continue; // not uploaded
  const owner = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? 'main';
  sizes[owner] += fs.statSync(file).size;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, bytes] of Object.entries(sizes)) {
  console.log(
    `[weapp-size] ${name === 'main' ? 'main package' : `subpackage ${name}`}: ${kb(bytes)}`,
  );
}
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`[weapp-size] total: ${kb(total)}; main limit ${kb(LIMIT)}`);
if (sizes.main > LIMIT) {
  console.error(
    `[weapp-size] main package ${kb(sizes.main)} is over ${kb(LIMIT)}: move pages into subpackages`,
  );
  process.exit(1);
}
