import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import supertest from 'supertest';
import { type Sequelize } from '@crm/database';
import { connectTestDatabase } from './database.js';
import { createLogger } from '@crm/core';
import { buildApp, loadApiConfig, type ApiDeps } from '@crm/api';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

let counter = 0;

export interface TestApi {
  app: ReturnType<typeof buildApp>;
  http: ReturnType<typeof supertest>;
  sequelize: Sequelize;
  deps: ApiDeps;
  /** Registers a fresh organization with its admin through the API. */
  register(orgName?: string): Promise<{ token: string; user: { id: number; org_id: number; email: string }; org: { id: number; name: string } }>;
  /** Listens on 127.0.0.1 on a free port (for browser tests and SSE) and answers the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApi(overrides: Partial<Omit<ApiDeps, 'config'>> & { env?: Record<string, string> } = {}): Promise<TestApi> {
  const sequelize = overrides.sequelize ?? (await connectTestDatabase());
  // Every test file signs up and signs in from 127.0.0.1 against one database: the per-address limits
  // have their own test (auth-throttle.test.ts), which uses addresses of its own.
  const config = loadApiConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    SIGNUPS_PER_IP_HOUR: '100000',
    FAILED_LOGINS_PER_IP_HOUR: '100000',
    ...overrides.env,
  });
  const deps: ApiDeps = { logger: createLogger('api-test', 'silent'), ...overrides, config, sequelize };
  const app = buildApp(deps);
  const http = supertest(app);
  let server: Server | undefined;
  return {
    app,
    http,
    sequelize,
    deps,
    async register(orgName) {
      const n = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const res = await http.post('/api/auth/register').send({
        organization: orgName ?? `Org ${n}`,
        name: `Admin ${n}`,
        email: `admin-${n}@example.test`,
        password: 'correct horse battery',
      });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token, user: res.body.user, org: res.body.organization };
    },
    async listen() {
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server!.once('listening', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      if (server) await new Promise((resolve) => server!.close(resolve));
      if (!overrides.sequelize) await sequelize.close();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
