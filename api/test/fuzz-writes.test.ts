import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { QueryTypes } from '@crm/database';
import { createLocalStorage, openJobQueue } from '@crm/core';
import { resources } from '../src/resources/definitions.js';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';
import { registeredRoutes } from './routes.js';
import { bodyFor, fuzzOptions } from '@crm/testing/fuzz';

/**
 * Property-based fuzzing of every write endpoint the api registers: random and boundary bodies over
 * the fields of the resource's zod schema (and unknown keys). Never a 5xx; every 400 names a field;
 * a refused write leaves the organization's rows exactly as they were.
 */
let api: TestApi;
let dir: string;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
let org: Awaited<ReturnType<typeof seedOrganization>>;
let digestSql = '';

const shapeOf = (schema: unknown) => Object.keys((schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
/** Field names for routes outside the generic resources: what their handlers read. */
const OTHER_FIELDS: Record<string, string[]> = {
  '/api/auth/register': ['organization', 'name', 'email', 'password', 'locale', 'currency', 'timezone'],
  '/api/auth/login': ['email', 'password'],
  '/api/miniapp/session': ['init_data', 'org_id'],
  '/api/chats/:id/messages': ['text', 'content'],
  '/api/chats/:id/assign': ['manager_id', 'ai_enabled'],
  '/api/leads/:id/move': ['status', 'position', 'lost_reason'],
  '/api/miniapp/change-requests/:id/decision': ['decision'],
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crm-fuzz-'));
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: `agenda_fuzz_${process.pid}` });
  const storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  api = await createTestApi({ storage, queue: jobs.queue });
  org = await seedOrganization(api);
  const tables = await api.sequelize.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'org_id' AND table_schema = 'public' ORDER BY table_name`,
    { type: QueryTypes.SELECT },
  );
  digestSql = [
    ...tables.map(
      ({ table_name: t }) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${t}" x WHERE org_id = :org`,
    ),
    `SELECT 'organizations', md5(x::text) FROM organizations x WHERE id = :org`,
  ].join(' UNION ALL ');
});
afterAll(async () => {
  await api?.close();
  await jobs?.close();
  await rm(dir, { recursive: true, force: true });
});

const digest = async () => JSON.stringify(await api.sequelize.query(digestSql, { replacements: { org: org.org.id }, type: QueryTypes.SELECT }));

function writeRoutes() {
  return registeredRoutes(api.app).filter(
    (r) => (r.method === 'POST' || r.method === 'PUT') && r.path.startsWith('/api/') && !r.path.startsWith('/api/admin/jobs'),
  );
}

function fieldsFor(route: { method: string; path: string }) {
  const resource = resources.find((def) => route.path === `/api/${def.name}` || route.path === `/api/${def.name}/:id`);
  if (resource) return shapeOf(route.method === 'POST' ? resource.create : resource.update);
  return OTHER_FIELDS[route.path] ?? ['id', 'name', 'status', 'project_id'];
}

function urlFor(routePath: string) {
  const resource = routePath.split('/')[2]!;
  const id =
    resource === 'chats' ? `lead-${org.ids.leads}` : resource === 'miniapp' ? String(org.ids['change-requests']) : String(org.ids[resource] ?? org.ids.leads);
  return routePath.replace(':id', id);
}

describe('fuzzing every write endpoint', () => {
  it('finds the write endpoints from the router', () => {
    expect(writeRoutes().length).toBeGreaterThanOrEqual(20);
  });

  it('no 5xx, every 400 names a field, and a refused write changes nothing', async () => {
    const problems: string[] = [];
    for (const route of writeRoutes()) {
      const fields = fieldsFor(route);
      await fc
        .assert(
          fc.asyncProperty(bodyFor(fields), async (body) => {
            const before = await digest();
            const res = await api.http[route.method === 'POST' ? 'post' : 'put'](urlFor(route.path)).set(org.auth).send(body);
            const label = `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
            if (res.status >= 500) problems.push(`${label}: server error`);
            if (res.status === 400 && Object.keys(res.body?.fields ?? {}).length === 0) problems.push(`${label}: a 400 must name the field`);
            if (res.status >= 400 && (await digest()) !== before) problems.push(`${label}: refused but rows changed`);
            return problems.length === 0;
          }),
          fuzzOptions(),
        )
        .catch((error: Error) => problems.push(error.message.split('\n').slice(0, 3).join(' ')));
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
