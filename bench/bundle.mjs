#!/usr/bin/env node
// Bundle benchmark: for the back office (admin) and the Mini App, the gzipped JavaScript a first visit
// loads (the entry script of index.html and every chunk it imports statically, i.e. what the login
// page or the first screen needs before anything is lazy-loaded) next to all the JavaScript built.
//
// Run: npm run bench bundle   (builds either app when its dist is older than its sources)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const newest = (target) =>
  statSync(target).isDirectory() ? readdirSync(target).reduce((m, name) => Math.max(m, newest(path.join(target, name))), 0) : statSync(target).mtimeMs;

function ensureBuilt(app) {
  const dir = path.join(root, app);
  const index = path.join(dir, 'dist/index.html');
  const sources = Math.max(newest(path.join(dir, 'src')), newest(path.join(dir, 'index.html')), newest(path.join(dir, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

// `import{a as b}from"./x.js"` and `import"./x.js"`, not `import("./x.js")`: static imports only.
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{}\s,]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The JS files a first load of index.html fetches: its module scripts and their static imports, transitively. */
function initialChunks(dist) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const toFile = (url) => path.join(dist, 'assets', path.basename(url));
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) visit(path.resolve(path.dirname(file), match[1]));
  };
  entries.forEach((url) => visit(toFile(url)));
  return [...seen];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const results = [];
for (const app of ['admin', 'miniapp']) {
  ensureBuilt(app);
  const dist = path.join(root, app, 'dist');
  const all = readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dist, 'assets', f));
  const initial = initialChunks(dist);
  const sum = (files) => files.reduce((n, f) => n + gz(f), 0);
  const row = { app, initialFiles: initial.length, initialGz: sum(initial), totalFiles: all.length, totalGz: sum(all) };
  results.push(row);
  console.log(
    `${app}: initial JS ${kb(row.initialGz)} gzipped in ${row.initialFiles} file(s); all JS ${kb(row.totalGz)} gzipped in ${row.totalFiles} file(s)` +
      ` (initial = ${Math.round((100 * row.initialGz) / row.totalGz)} % of all)`,
  );
}
if (process.env.BENCH_JSON) console.log(JSON.stringify(results));
