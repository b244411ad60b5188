import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';
import * as initial from './migrations/0001-initial.js';
import * as worker from './migrations/0003-worker.js';
import * as workerVoice from './migrations/0003-worker-voice.js';
import * as firm from './migrations/0004-firm.js';
import * as numbers from './migrations/0005-numbers.js';
import * as groups from './migrations/0006-groups.js';
import * as security from './migrations/0007-security.js';
import * as delivery from './migrations/0008-delivery.js';
import * as estimates from './migrations/0009-estimates.js';
import * as leadStatusTime from './migrations/0011-lead-status-time.js';
import * as orgEmails from './migrations/0012-org-emails.js';
import * as measurements from './migrations/0013-measurements.js';
import * as catalogue from './migrations/0010-catalogue.js';
import * as estimateQuestions from './migrations/0014-estimate-questions.js';
import * as listIndexes from './migrations/0015-list-indexes.js';
import * as changeOrders from './migrations/0016-change-orders.js';
import * as inbox from './migrations/0017-inbox.js';
import * as crmCard from './migrations/0018-crm-card.js';
import * as userLocale from './migrations/0019-user-locale.js';
import * as scale from './migrations/0021-scale.js';
import * as orgLogo from './migrations/0022-org-logo.js';
import * as projectMoney from './migrations/0025-project-money.js';
import * as leadSearchText from './migrations/0026-lead-search-text.js';
import * as updateChatOrder from './migrations/0027-update-chat-order.js';
import * as telegramSendLease from './migrations/0028-telegram-send-lease.js';
import * as sendLeaseWindow from './migrations/0029-send-lease-window.js';
import * as firmDay from './migrations/0030-firm-day.js';

// Listed here rather than globbed, so the same list works from src (tests) and dist (production).
const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0003-worker', ...worker },
  { name: '0003-worker-voice', ...workerVoice },
  { name: '0004-firm', ...firm },
  { name: '0005-numbers', ...numbers },
  { name: '0006-groups', ...groups },
  { name: '0007-security', ...security },
  { name: '0008-delivery', ...delivery },
  { name: '0009-estimates', ...estimates },
  { name: '0010-catalogue', ...catalogue },
  { name: '0011-lead-status-time', ...leadStatusTime },
  { name: '0012-org-emails', ...orgEmails },
  { name: '0013-measurements', ...measurements },
  { name: '0014-estimate-questions', ...estimateQuestions },
  { name: '0015-list-indexes', ...listIndexes },
  { name: '0016-change-orders', ...changeOrders },
  { name: '0017-inbox', ...inbox },
  { name: '0018-crm-card', ...crmCard },
  { name: '0019-user-locale', ...userLocale },
  { name: '0021-scale', ...scale },
  { name: '0022-org-logo', ...orgLogo },
  { name: '0025-project-money', ...projectMoney },
  { name: '0026-lead-search-text', ...leadSearchText },
  { name: '0027-update-chat-order', ...updateChatOrder },
  { name: '0028-telegram-send-lease', ...telegramSendLease },
  { name: '0029-send-lease-window', ...sendLeaseWindow },
  { name: '0030-firm-day', ...firmDay },
];

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 724_311_001;

export function createMigrator(sequelize: Sequelize, log: (line: string) => void = () => {}) {
  return new Umzug<QueryInterface>({
    migrations: migrations.map(({ name, up, down }) => ({ name, up, down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: { info: (e) => log(JSON.stringify(e)), warn: (e) => log(JSON.stringify(e)), error: (e) => log(JSON.stringify(e)), debug: () => {} },
  });
}

/** Applies pending migrations; an advisory lock lets several processes start at once safely. */
export async function migrate(sequelize: Sequelize, log?: (line: string) => void): Promise<string[]> {
  return withMigrationLock(sequelize, async () => (await createMigrator(sequelize, log).up()).map((m) => m.name));
}

export async function migrateDown(sequelize: Sequelize, log?: (line: string) => void): Promise<string[]> {
  return withMigrationLock(sequelize, async () => (await createMigrator(sequelize, log).down()).map((m) => m.name));
}

async function withMigrationLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  // Session-level lock on a dedicated connection: the migration itself runs on other pool connections.
  const pool = sequelize.connectionManager as unknown as { getConnection(): Promise<LockClient>; releaseConnection(c: LockClient): Promise<void> };
  const client = await pool.getConnection();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    return await work();
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
    await pool.releaseConnection(client);
  }
}

interface LockClient {
  query(sql: string): Promise<unknown>;
}
