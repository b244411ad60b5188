import { rm } from 'node:fs/promises';
import pg from 'pg';

export default async function globalTeardown() {
  const serverUrl = process.env.CRM_TEST_SERVER_URL;
  const name = process.env.CRM_TEST_DATABASE_NAME;
  if (serverUrl && name) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__CRM_EMBEDDED_PG__?.stop();
  if (globalThis.__CRM_EMBEDDED_PG_DIR__) await rm(globalThis.__CRM_EMBEDDED_PG_DIR__, { recursive: true, force: true });
}
