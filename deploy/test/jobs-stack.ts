// The production jobs process against a database of its own and the fake Bot API, for tests that stop or
// kill it in the middle of a queue of outbound messages. Each test file gets its own database, so its queue
// never touches other test files' jobs.
import { beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { createSequelize, migrate, type Sequelize } from '@crm/database';
import { createLogger, openJobQueue } from '@crm/core';
import { FakeTelegram } from '@crm/testing/fake-telegram';
import { buildWorkspace, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';
import { freePort, removeDir, tempDir } from '@crm/testing/nginx-harness';

export interface JobsStack {
  sequelize: Sequelize;
  fake: FakeTelegram;
  queue: Awaited<ReturnType<typeof openJobQueue>>;
  /** Starts `node jobs/dist/main.js` with these settings on top of the stack's and waits until it is healthy. */
  startJobs(env: Record<string, string>): Promise<RunningProcess>;
}

/** Registers the hooks that build the stack before the file's tests and remove it after them. */
export function useJobsStack(label: string): JobsStack {
  const serverUrl = process.env.CRM_TEST_SERVER_URL!;
  const dbName = `crm_deploy_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now().toString(36)}`;
  const dbUrl = (() => {
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const running: RunningProcess[] = [];
  let dataDir = '';
  const stack = {} as JobsStack;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    buildWorkspace('jobs');
    await admin(`CREATE DATABASE ${dbName}`);
    stack.sequelize = createSequelize({ url: dbUrl, poolMax: 3 });
    await migrate(stack.sequelize);
    stack.queue = await openJobQueue({ url: dbUrl, logger: createLogger(`deploy-${label}`, 'silent') });
    stack.fake = await FakeTelegram.start();
    dataDir = await tempDir(label);
  }, 300_000);

  afterAll(async () => {
    for (const proc of running) proc.kill();
    await stack.queue?.close();
    await stack.sequelize?.close();
    await stack.fake?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await removeDir(dataDir);
  });

  stack.startJobs = async (env) => {
    const port = await freePort();
    const proc = startProcess('jobs/dist/main.js', {
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      JOBS_PORT: String(port),
      TELEGRAM_API_ROOT: stack.fake.apiRoot,
      ...env,
    });
    running.push(proc);
    await waitFor('jobs healthy', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, proc);
    return proc;
  };
  return stack;
}
