import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { scanLog } from './test-log-scan.mjs';

export default async function globalTeardown() {
  const logFile = process.env.CRM_TEST_LOG_FILE;
  const scan = logFile ? await scanLog(logFile) : { found: [] };
  if (logFile) await rm(path.dirname(logFile), { recursive: true, force: true });
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
  if (scan.found.length) {
    const report = scan.found.map(({ what, line }) => `- ${what} in: ${line.slice(0, 400)}`).join('\n');
    throw new Error(`The logs of this test run contain personal data or secrets:\n${report}`);
  }
}
