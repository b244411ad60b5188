#!/usr/bin/env node
// `npm run reset-password -- <email> [--org <id or name>] [--stdin]`: an operator sets a new password for
// a back-office account (admin or manager) whose owner lost it. Without --stdin a password is generated
// and printed; with --stdin the first line read from standard input is the new password. Every session
// of the account ends. Uses DATABASE_URL, or the embedded PostgreSQL of `npm start` under DATA_DIR.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'Usage: npm run reset-password -- <email> [--org <organization id or name>] [--stdin]';

function parseArgs(argv) {
  const out = { email: undefined, organization: undefined, stdin: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--org') out.organization = argv[++i];
    else if (arg.startsWith('--org=')) out.organization = arg.slice(6);
    else if (arg === '--stdin') out.stdin = true;
    else if (arg === '--help' || arg === '-h') return null;
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}`);
    else if (!out.email) out.email = arg;
    else throw new Error(`Unexpected argument ${arg}`);
  }
  if (!out.email) throw new Error('The email of the account is required');
  if (out.organization !== undefined && !out.organization.trim()) throw new Error('--org needs an organization id or name');
  return out;
}

async function readFirstLine() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The database `npm start` uses: DATABASE_URL, else its embedded server (running, or started here). */
async function open(openDatabase) {
  const dataDir = process.env.DATA_DIR ?? path.join(root, '.data');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  let url = process.env.DATABASE_URL || undefined;
  const postmaster = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!url && existsSync(postmaster) && isAlive(Number(readFileSync(postmaster, 'utf8').split('\n')[0]))) {
    url = `postgres://postgres:postgres@127.0.0.1:${port}/renovation_crm`;
  }
  return openDatabase({ url, dataDir, embeddedPort: port, poolMax: 1 });
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (!args) {
  console.log(usage);
  process.exit(0);
}

const password = args.stdin ? await readFirstLine() : undefined;
if (args.stdin && !password) {
  console.error('No password on standard input (the first line is read)');
  process.exit(2);
}
const { openDatabase } = await import('@crm/database');
const { resetStaffPassword, DomainError } = await import('@crm/core');
const db = await open(openDatabase);
try {
  const reset = await resetStaffPassword(db.sequelize, { email: args.email, organization: args.organization, password });
  console.log(
    `Password set for ${reset.user.email} (${reset.user.role}, ${reset.user.name}) in "${reset.organization.name}" (id ${reset.organization.id}); every session of the account has ended.`,
  );
  if (reset.generated) console.log(`New password: ${reset.password}`);
} catch (error) {
  // Domain errors name the problem in words (unknown email, several organizations, a weak password).
  if (error instanceof DomainError) {
    console.error(error.message);
  } else {
    console.error('Could not reset the password:', error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
} finally {
  await db.close();
}
