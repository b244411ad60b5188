#!/usr/bin/env node
// `npm run dev`: the whole product with live reload. TypeScript compiles in watch mode; api, bot and jobs
// run under the `npm start` supervisor (embedded PostgreSQL unless DATABASE_URL is set), each restarting
// when its compiled code changes; the back office and the Mini App are served by Vite dev servers (hot
// reload) that pass /api to the local api. Ctrl+C stops everything, the database last.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const adminPort = Number(process.env.ADMIN_DEV_PORT ?? 5173);
const miniappPort = Number(process.env.MINIAPP_DEV_PORT ?? 5174);
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');

console.log('• Compiling the server code once before watching it …');
const first = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) {
  console.error('✗ The server code does not compile; fix the errors above and run `npm run dev` again.');
  process.exit(1);
}

const children = new Map();
let stopping = false;

function run(name, args, cwd, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`✗ ${name} stopped (${signal ?? code}); stopping the rest.`);
      stop(1);
    } else if (children.size === 0) process.exit(exitCode);
  });
}

let exitCode = 0;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) process.exit(exitCode);
  // The supervisor drains api, bot and jobs and then stops the database; anything still up after that is ended.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(exitCode || 1);
  }, 60_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const apiUrl = `http://localhost:${port}`;
run('tsc', [tsc, '-b', '--watch', '--preserveWatchOutput'], root);
run('server', [path.join(root, 'scripts/start.mjs'), '--no-build', '--watch'], root);
run('admin', [vite, '--port', String(adminPort), '--strictPort'], path.join(root, 'admin'), { DEV_API_URL: apiUrl });
run('miniapp', [vite, '--port', String(miniappPort), '--strictPort'], path.join(root, 'miniapp'), { DEV_API_URL: apiUrl });
console.log(`• Back office with hot reload: http://localhost:${adminPort}/admin/ · Mini App: http://localhost:${miniappPort}/app/ · api: ${apiUrl}/api`);
