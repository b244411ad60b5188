#!/usr/bin/env node
// `npm run bench [name]`: builds the server, then runs every benchmark in bench/ (or the ones whose
// file name contains `name`) one after another, each printing its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const benches = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.mjs') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n### ${file}`);
  const run = spawnSync(process.execPath, [path.join(root, 'bench', file)], { cwd: root, stdio: 'inherit', env: process.env });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
