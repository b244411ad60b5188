#!/usr/bin/env node
// Prints a Mini App link for a client of the demo (or any) organization, with init data signed by
// the organization's bot token exactly as Telegram would sign it, so the Mini App can be opened in
// an ordinary browser without Telegram. For development and demos only.
//
//   node scripts/miniapp-link.mjs                  # first client with a project, in the first such organization
//   node scripts/miniapp-link.mjs --org 1 --client 900000021
//   node scripts/miniapp-link.mjs --demo-token     # the organization has no bot yet: store a placeholder token
//
// Reads DATABASE_URL (else the embedded PostgreSQL of `npm start` under .data), PUBLIC_URL/PORT and
// MINIAPP_INIT_DATA_MAX_AGE like the api does (and .env). Needs the server built (`npm start` or `npm run build:server`).
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
loadDotEnv(path.join(root, '.env'));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

if (!existsSync(path.join(root, 'database/dist/index.js')) || !existsSync(path.join(root, 'core/dist/index.js'))) {
  console.error('The server is not built yet: run `npm run build:server` (or `npm start` once) first.');
  process.exit(1);
}
const { openDatabase, QueryTypes, Organization } = await import('@crm/database');
const { signInitData } = await import('@crm/core');

const port = Number(process.env.PORT ?? 3000);
const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
const maxAge = Number(process.env.MINIAPP_INIT_DATA_MAX_AGE ?? 3600);
const embeddedPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
// With `npm start` running, its embedded server is already up on this port; else start it here.
const url = process.env.DATABASE_URL ?? (await reachable(`postgres://postgres:postgres@127.0.0.1:${embeddedPort}/renovation_crm`));
const db = await openDatabase({ url, dataDir: process.env.DATA_DIR ?? path.join(root, '.data'), embeddedPort, migrate: !url });

try {
  const orgId = option('org') ? Number(option('org')) : null;
  const telegramId = option('client') ? Number(option('client')) : null;
  const [row] = await db.sequelize.query(
    `SELECT u.id AS user_id, u.name, u.telegram_id, u.language_code, o.id AS org_id, o.name AS org_name, o.locale, o.bot_token IS NOT NULL AS has_bot
       FROM users u JOIN organizations o ON o.id = u.org_id
      WHERE u.role = 'client' AND u.is_active AND u.telegram_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM projects p WHERE p.client_id = u.id AND p.org_id = u.org_id)
        AND (CAST(:orgId AS INTEGER) IS NULL OR o.id = :orgId)
        AND (CAST(:telegramId AS BIGINT) IS NULL OR u.telegram_id = :telegramId)
      ORDER BY o.id, u.id LIMIT 1`,
    { replacements: { orgId, telegramId }, type: QueryTypes.SELECT },
  );
  if (!row) {
    console.error(
      'No client with a Telegram id and a project was found. Start the app once (`npm start`) to seed the demo organization, or pass --org / --client.',
    );
    process.exit(1);
  }
  const org = await Organization.findByPk(row.org_id);
  if (!org.bot_token) {
    if (!flag('demo-token')) {
      console.error(
        `"${row.org_name}" has no bot token, and the Mini App checks init data against it.\n` +
          'Set the bot token in the back office (Settings), or rerun with --demo-token to store a placeholder token\n' +
          '(the bot process will then report that this token is rejected by Telegram, which is expected).',
      );
      process.exit(1);
    }
    await org.update({ bot_token: `${7_000_000_000 + org.id}:DEMO${randomBytes(16).toString('hex')}` });
    console.log(`Stored a placeholder bot token for "${row.org_name}".`);
  }
  const initData = signInitData(
    {
      query_id: `DEMO${randomBytes(6).toString('hex')}`,
      user: { id: Number(row.telegram_id), first_name: row.name, language_code: row.language_code ?? row.locale },
      auth_date: Math.floor(Date.now() / 1000),
      chat_type: 'sender',
    },
    org.bot_token,
  );
  const fragment = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'tdesktop' });
  console.log(`Client: ${row.name} (telegram_id ${row.telegram_id}) of "${row.org_name}"`);
  console.log(`Valid for ${Math.round(maxAge / 60)} minutes (MINIAPP_INIT_DATA_MAX_AGE). Open in a browser:\n`);
  console.log(`${publicUrl}/app/?org=${row.org_id}#${fragment.toString()}`);
} finally {
  await db.close();
}

async function reachable(candidate) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return candidate;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

function loadDotEnv(file) {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}
