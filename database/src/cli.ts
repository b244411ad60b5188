#!/usr/bin/env node
// `npm run db:migrate` / `npm run db:migrate:undo`: a one-shot release step.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './open.js';
import { migrate, migrateDown } from './migrate.js';

const command = process.argv[2] ?? 'up';
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const db = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR ?? path.join(projectRoot, '.data'),
  embeddedPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
});
try {
  const names = command === 'down' ? await migrateDown(db.sequelize) : await migrate(db.sequelize);
  console.log(names.length ? `${command === 'down' ? 'Reverted' : 'Applied'}: ${names.join(', ')}` : 'Nothing to do.');
} catch (error) {
  console.error('Migration failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
