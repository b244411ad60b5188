import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatMessage, LeadMeasurement, Organization, QueryTypes, User } from '@crm/database';
import { createEventHub, createLocalStorage, createLogger, notifyStaff, openJobQueue, type EventHub } from '@crm/core';
import { FakeTelegram } from '@crm/testing/fake-telegram';
import { bearer, createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';
import { initDataFor, testBotToken } from '@crm/testing/miniapp-fixtures';
import { registeredRoutes, type RegisteredRoute } from './routes.js';

/**
 * Every route the api registers, called by another organization's admin and manager and by a
 * client, with the first organization's ids in paths, filters and bodies. The route list comes from
 * the Express router: a new route fails this test until it has an entry below saying who may call it.
 *   public   — no session needed (sign-in, health, static pages, signed media links)
 *   staff    — admins and managers of the organization
 *   client   — the Mini App's client session
 *   operator — the installation operators' admins only (the shared jobs queue)
 *   stream   — the staff event stream (kept open; only its first answer is read)
 *   session  — ends sessions (log out everywhere): not walked, since it would end the callers' own
 *              sessions; sessions.test.ts proves a foreign id answers 404 and a non-admin 403
 */
type Access = 'public' | 'staff' | 'client' | 'operator' | 'stream' | 'session';
const ROUTES: Record<string, Access> = {
  'GET /api/health': 'public',
  'POST /api/auth/register': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/me': 'staff',
  'POST /api/auth/logout-everywhere': 'session',
  'POST /api/auth/password': 'staff',
  'POST /api/auth/users/:id/logout-everywhere': 'session',
  'GET /api/events': 'stream',
  'POST /api/miniapp/session': 'public',
  'GET /api/miniapp/projects': 'client',
  'GET /api/miniapp/projects/:id': 'client',
  'GET /api/miniapp/projects/:id/reports': 'client',
  'GET /api/miniapp/projects/:id/change-requests': 'client',
  'GET /api/miniapp/projects/:id/documents': 'client',
  'POST /api/miniapp/change-requests/:id/decision': 'client',
  'GET /api/media/*key': 'public',
  'POST /api/change-requests/:id/send': 'staff',
  'POST /api/estimates/calculate': 'staff',
  'POST /api/change-requests/calculate': 'staff',
  'POST /api/change-requests/:id/decision': 'staff',
  'GET /api/projects/:id/contract': 'staff',
  'GET /api/contract-template': 'staff',
  'PUT /api/contract-template': 'staff',
  'POST /api/projects/:id/contract-document': 'staff',
  'POST /api/estimates/:id/duplicate': 'staff',
  'GET /api/estimates/:id/pdf': 'staff',
  'POST /api/estimates/:id/send': 'staff',
  'POST /api/estimates/:id/approve': 'staff',
  'GET /api/miniapp/estimates': 'client',
  'GET /api/miniapp/estimates/:id': 'client',
  'GET /api/miniapp/estimates/:id/pdf': 'client',
  'POST /api/miniapp/estimates/:id/approve': 'client',
  'POST /api/miniapp/estimates/:id/questions': 'client',
  'GET /api/chats': 'staff',
  'GET /api/chats/:id': 'staff',
  'GET /api/chats/:id/messages': 'staff',
  'POST /api/chats/:id/messages': 'staff',
  'POST /api/chats/:id/read': 'staff',
  'PUT /api/chats/:id/assign': 'staff',
  'POST /api/chats/:id/messages/:messageId/resend': 'staff',
  'POST /api/chats/:id/messages/:messageId/media/retry': 'staff',
  'POST /api/leads/:id/move': 'staff',
  'POST /api/leads/:id/make-client': 'staff',
  'POST /api/users/:id/invite': 'staff',
  'POST /api/chats/:id/take': 'staff',
  'GET /api/chats/counts': 'staff',
  'GET /api/chats/search': 'staff',
  'POST /api/chats/:id/resolve': 'staff',
  'POST /api/chats/:id/reopen': 'staff',
  'PUT /api/chats/:id/labels': 'staff',
  'POST /api/chats/:id/notes': 'staff',
  'GET /api/chats/:id/quick-replies': 'staff',
  'GET /api/profile': 'staff',
  'PUT /api/profile': 'staff',
  'POST /api/profile/telegram-link': 'staff',
  'DELETE /api/profile/telegram-link': 'staff',
  'GET /api/leads/totals': 'staff',
  'GET /api/transactions/totals': 'staff',
  'GET /api/leads/sources': 'staff',
  'GET /api/leads/:id/timeline': 'staff',
  'GET /api/leads/:id/duplicates': 'staff',
  'POST /api/leads/:id/merge': 'staff',
  'POST /api/leads/:id/calls': 'staff',
  'GET /api/tasks/mine': 'staff',
  'GET /api/pipeline': 'staff',
  'PUT /api/pipeline': 'staff',
  'GET /api/projects/:id/summary': 'staff',
  'GET /api/projects/:id/telegram-group': 'staff',
  'POST /api/projects/:id/telegram-group/code': 'staff',
  'DELETE /api/projects/:id/telegram-group': 'staff',
  'GET /api/dashboard': 'staff',
  'GET /api/notifications/unread-count': 'staff',
  'POST /api/notifications/read-all': 'staff',
  'POST /api/notifications/:id/read': 'staff',
  'POST /api/organizations/:id/bot-check': 'staff',
  'GET /api/organizations/:id/logo': 'staff',
  'PUT /api/organizations/:id/logo': 'staff',
  'DELETE /api/organizations/:id/logo': 'staff',
  'POST /api/uploads': 'staff',
  'POST /api/catalog-items/import/preview': 'staff',
  'POST /api/catalog-items/import': 'staff',
  'GET /api/catalog-items/export': 'staff',
  'GET /api/leads/export': 'staff',
  'GET /api/transactions/export': 'staff',
  'GET /api/projects/export': 'staff',
  'POST /api/leads/import/preview': 'staff',
  'POST /api/leads/import': 'staff',
  'GET /api/admin/jobs/api': 'operator',
  'POST /api/admin/jobs/api/jobs/requeue': 'operator',
  'POST /api/admin/jobs/api/jobs/retry': 'operator',
  'POST /api/admin/jobs/api/jobs/delete': 'operator',
  'POST /api/admin/jobs/api/jobs/create': 'operator',
  'POST /api/admin/jobs/api/jobs/pause': 'operator',
  'POST /api/admin/jobs/api/jobs/resume': 'operator',
  'GET /api/admin/jobs/api/stats': 'operator',
  'GET /api/admin/jobs/api/logs': 'operator',
  'GET /api/admin/jobs/api/events': 'operator',
  'GET /admin': 'public',
  'GET /admin/{*splat}': 'public',
  'GET /app': 'public',
  'GET /app/{*splat}': 'public',
  'GET /': 'public',
};
/** The generic REST resources: list, get, create, update, delete, all for staff. */
const RESOURCES = [
  'organizations',
  'users',
  'leads',
  'chat-messages',
  'projects',
  'stages',
  'daily-reports',
  'transactions',
  'change-requests',
  'documents',
  'notifications',
  'estimates',
  'catalog-items',
  'quick-replies',
  'chat-labels',
  'appointments',
  'measurements',
  'tasks',
  'notes',
];
for (const name of RESOURCES) {
  for (const route of ['GET /api/R', 'GET /api/R/:id', 'POST /api/R', 'PUT /api/R/:id', 'DELETE /api/R/:id']) ROUTES[route.replace('R', name)] = 'staff';
}

let api: TestApi;
let hub: EventHub;
let telegram: FakeTelegram;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
let mediaDir: string;
let routes: RegisteredRoute[];
const MARK = `zqx${Math.random().toString(36).slice(2, 10)}`; // in every text of the first organization
const a = { ids: {} as Record<string, number | string>, org: 0, key: '' };
let b: Awaited<ReturnType<typeof seedOrganization>> & { key: string; chat: string; cr: number };
let callers: Record<string, string>;

async function seedMarked() {
  const owner = await api.register(`Firm ${MARK}`);
  const auth = bearer(owner.token);
  const post = async (resource: string, body: Record<string, unknown>) => {
    const res = await api.http.post(`/api/${resource}`).set(auth).send(body);
    if (res.status !== 201) throw new Error(`${resource}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number };
  };
  const manager = await post('users', { name: `Manager ${MARK}`, role: 'manager', email: `m-${MARK}@example.test`, password: 'correct horse battery' });
  const client = await post('users', { name: `Client ${MARK}`, role: 'client', phone: '+79990001122' });
  const lead = await post('leads', { name: `Lead ${MARK}`, source: 'site', manager_id: manager.id });
  const project = await post('projects', { name: `Flat ${MARK}`, address: `Street ${MARK}`, client_id: client.id, budget_total: '1000' });
  const stage = await post('stages', { project_id: project.id, name: `Stage ${MARK}` });
  const report = await post('daily-reports', { project_id: project.id, stage_id: stage.id, content: `Report ${MARK}` });
  const upload = await api.http
    .post('/api/uploads')
    .set(auth)
    .attach('file', Buffer.from(`%PDF ${MARK}`), 'plan.pdf');
  const transaction = await post('transactions', {
    project_id: project.id,
    amount: '10',
    type: 'expense',
    category: 'materials',
    description: `Tx ${MARK}`,
    proof_url: upload.body.key,
  });
  const cr = await post('change-requests', { project_id: project.id, title: `Change ${MARK}`, amount: '5' });
  const document = await post('documents', { project_id: project.id, title: `Doc ${MARK}`, kind: 'other', url: upload.body.key });
  const estimate = await post('estimates', {
    lead_id: lead.id,
    title: `Estimate ${MARK}`,
    sections: [{ name: `Room ${MARK}`, lines: [{ name: `Work ${MARK}`, quantity: '1', unit_price: '10' }] }],
  });
  const catalogItem = await post('catalog-items', { name: `Tiling ${MARK}`, unit: 'm2', price: '1800', category: `Floors ${MARK}` });
  const quickReply = await post('quick-replies', { title: `Hello ${MARK}`, content: `Hello {{name}} ${MARK}` });
  const label = await post('chat-labels', { name: `Hot ${MARK}`.slice(0, 40) });
  const appointment = await post('appointments', { lead_id: lead.id, estimator_id: manager.id, date: '2099-03-10', time: '10:00', address: `Street ${MARK}` });
  const measurement = await LeadMeasurement.create({
    org_id: owner.org.id,
    lead_id: lead.id,
    appointment_id: appointment.id,
    notes: `Kitchen ${MARK} 3 x 4`,
    rooms: [{ name: `Kitchen ${MARK}`, length: '3', width: '4', height: null }],
  });
  const task = await post('tasks', { lead_id: lead.id, title: `Call ${MARK}`, due_local: '2030-01-01T10:00' });
  const note = await post('notes', { lead_id: lead.id, body: `Note ${MARK}` });
  const call = await api.http
    .post(`/api/leads/${lead.id}/calls`)
    .set(auth)
    .send({ outcome: 'reached', note: `Call ${MARK}` });
  if (call.status !== 201) throw new Error(`call: ${call.status}`);
  const message = await ChatMessage.create({
    org_id: owner.org.id,
    lead_id: lead.id,
    direction: 'inbound',
    kind: 'text',
    content: `Hello ${MARK}`,
    status: 'received',
  } as never);
  for (const [verb, url, body] of [
    ['post', 'notes', { content: `Note ${MARK}` }],
    ['put', 'labels', { label_ids: [label.id] }],
    ['post', 'resolve', {}],
  ] as const) {
    const res = await api.http[verb](`/api/chats/lead-${lead.id}/${url}`).set(auth).send(body);
    if (res.status >= 300) throw new Error(`chats ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const [notification] = await notifyStaff(api.sequelize, {
    org_id: owner.org.id,
    type: 'lead.handoff',
    title: `Handoff ${MARK}`,
    payload: { lead_id: lead.id },
  });
  Object.assign(a, {
    org: owner.org.id,
    key: upload.body.key as string,
    ids: {
      organizations: owner.org.id,
      users: manager.id,
      leads: lead.id,
      'chat-messages': message.id,
      projects: project.id,
      stages: stage.id,
      'daily-reports': report.id,
      transactions: transaction.id,
      'change-requests': cr.id,
      documents: document.id,
      estimates: estimate.id,
      notifications: notification!.id,
      chats: `lead-${lead.id}`,
      'catalog-items': catalogItem.id,
      'quick-replies': quickReply.id,
      'chat-labels': label.id,
      appointments: appointment.id,
      measurements: measurement.id,
      tasks: task.id,
      notes: note.id,
      client: client.id,
    },
  });
}

async function seedOther() {
  const seeded = await seedOrganization(api);
  const upload = await api.http.post('/api/uploads').set(seeded.auth).attach('file', Buffer.from('%PDF b'), 'b.pdf');
  const manager = await api.http
    .post('/api/users')
    .set(seeded.auth)
    .send({ name: 'B manager', role: 'manager', email: `bm-${MARK.slice(3)}-b@example.test`, password: 'correct horse battery' });
  const managerLogin = await api.http.post('/api/auth/login').send({ email: `bm-${MARK.slice(3)}-b@example.test`, password: 'correct horse battery' });
  const botToken = testBotToken();
  const telegramId = 5_000_000 + Math.floor(Math.random() * 1e6);
  await Organization.update({ bot_token: botToken, bot_id: Number(botToken.split(':')[0]) }, { where: { id: seeded.org.id } });
  await User.update({ telegram_id: telegramId }, { where: { id: seeded.ids.users } });
  const session = await api.http.post('/api/miniapp/session').send({ org_id: seeded.org.id, init_data: initDataFor(botToken, { id: telegramId }) });
  if (manager.status !== 201 || managerLogin.status !== 200 || session.status !== 200)
    throw new Error(`seed: ${manager.status} ${managerLogin.status} ${session.status} ${JSON.stringify(session.body)}`);
  const chats = await api.http.get('/api/chats').set(seeded.auth);
  b = { ...seeded, key: upload.body.key, chat: chats.body[0]?.id ?? `lead-${seeded.ids.leads}`, cr: seeded.ids['change-requests']! };
  callers = { admin: seeded.token, manager: managerLogin.body.token, client: session.body.token };
}

/** Every row of the organization in every table that has org_id: equal before and after means nothing changed. */
async function snapshot(orgId: number) {
  const tables = await api.sequelize.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'org_id' AND table_schema = 'public' ORDER BY table_name`,
    { type: QueryTypes.SELECT },
  );
  const out: Record<string, unknown> = {};
  for (const { table_name: table } of tables) {
    out[table] = await api.sequelize.query(`SELECT * FROM "${table}" WHERE org_id = :orgId ORDER BY 1`, { replacements: { orgId }, type: QueryTypes.SELECT });
  }
  out.organization = await api.sequelize.query('SELECT * FROM organizations WHERE id = :orgId', { replacements: { orgId }, type: QueryTypes.SELECT });
  return JSON.parse(JSON.stringify(out));
}

/** Rows of one organization that reference another organization's rows through any foreign key. */
async function crossReferences(orgId: number) {
  const keys = await api.sequelize.query<{ tbl: string; col: string; ref: string }>(
    `
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
      AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = c.conrelid::regclass::text AND column_name = 'org_id')
      AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = c.confrelid::regclass::text AND column_name = 'org_id')`,
    { type: QueryTypes.SELECT },
  );
  const found: string[] = [];
  for (const { tbl, col, ref } of keys) {
    const [row] = await api.sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${tbl} t JOIN ${ref} r ON r.id = t."${col}" WHERE t.org_id = :orgId AND r.org_id <> :orgId`,
      { replacements: { orgId }, type: QueryTypes.SELECT },
    );
    if (row!.n) found.push(`${tbl}.${col} → ${ref}: ${row!.n}`);
  }
  return found;
}

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-isolation-'));
  const storage = createLocalStorage({ root: mediaDir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: `agenda_isolation_${process.pid}` });
  hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger('isolation', 'silent'));
  await hub.ready();
  // No organization of this run operates the installation's jobs dashboard.
  telegram = await FakeTelegram.start();
  api = await createTestApi({
    storage,
    queue: jobs.queue,
    agenda: jobs.agenda,
    events: hub,
    env: { JOBS_DASHBOARD_ORGS: '2147483647', TELEGRAM_API_ROOT: telegram.apiRoot },
  });
  routes = registeredRoutes(api.app);
  await seedMarked();
  await seedOther();
}, 120_000);
afterAll(async () => {
  await api?.close();
  await hub?.close();
  await jobs?.close();
  await telegram?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

/** The first organization's id for a path parameter, chosen by the route's resource. */
function foreignPath(route: string, own: boolean, missing = false): string {
  const resource = /^\/api\/(?:miniapp\/)?([\w-]+)/.exec(route)?.[1] ?? '';
  const idOf = (name: string) =>
    missing
      ? name === 'chats'
        ? 'lead-2147483646'
        : '2147483646'
      : String(own ? ({ chats: b.chat, organizations: b.org.id, 'change-requests': b.cr }[name] ?? b.ids[name] ?? b.ids.leads) : (a.ids[name] ?? a.ids.leads));
  return route
    .replace('*key', missing ? `org/2147483646/x.pdf` : own ? b.key : a.key)
    .replace(':id', idOf(resource))
    .replace(':messageId', missing ? '2147483646' : String(own ? (b.ids['chat-messages'] ?? '2147483646') : a.ids['chat-messages']))
    .replace('{*splat}', 'index.html');
}

const foreignBody = () => ({
  org_id: a.org,
  project_id: a.ids.projects,
  stage_id: a.ids.stages,
  lead_id: a.ids.leads,
  client_id: a.ids.client,
  manager_id: a.ids.users,
  user_id: a.ids.users,
  worker_ids: [a.ids.users],
  id: a.ids.leads,
  name: 'Taken',
  title: 'Taken',
  content: 'Taken',
  text: 'Taken',
  amount: '1',
  type: 'expense',
  category: 'materials',
  status: 'qualified',
  position: 0,
  decision: 'approved',
  url: a.key,
  proof_url: a.key,
  kind: 'other',
});

async function call(method: string, url: string, token: string, withBody: boolean) {
  const separator = url.includes('?') ? '&' : '?';
  // The event stream and the jobs dashboard take ?token= (EventSource and a new tab send no headers).
  const target = url.startsWith('/api/events') || url.startsWith('/api/admin/jobs') ? `${url}${separator}token=${encodeURIComponent(token)}` : url;
  let req = api.http[method.toLowerCase() as 'get'](target).set(bearer(token)).redirects(0);
  if (withBody) req = req.send(foreignBody());
  return req;
}

describe('isolation across every route the api registers', () => {
  it('every registered route has an entry (a new route must say who may call it)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k) => !(k in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !keys.includes(k))).toEqual([]);
    expect(keys.length).toBeGreaterThan(80);
  });

  it('another organization’s admin, manager and client get 401/403/404 for foreign ids, and never see or change a foreign row', async () => {
    const before = await snapshot(a.org);
    const problems: string[] = [];
    const ordered = [...routes].sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    for (const route of ordered) {
      const access = ROUTES[`${route.method} ${route.path}`]!;
      if (access === 'stream' || access === 'session') continue; // below; sessions.test.ts
      const hasParam = /[:*]/.test(route.path);
      const variants = hasParam ? [false, ...(route.method === 'DELETE' ? [] : [true])] : [true];
      for (const [who, token] of Object.entries(callers)) {
        for (const own of variants) {
          let url = foreignPath(route.path, own);
          if (route.method === 'GET' && !hasParam && route.path.startsWith('/api/')) {
            const resource = route.path.split('/')[2]!;
            url += `?filter=${encodeURIComponent(JSON.stringify({ id: [a.ids[resource] ?? a.ids.leads] }))}`;
          }
          const res = await call(route.method, url, token, route.method !== 'GET');
          const text = `${JSON.stringify(res.body ?? '')} ${res.text ?? ''} ${JSON.stringify(res.headers)}`;
          const label = `${who} ${route.method} ${url} → ${res.status}`;
          const unbuilt = res.status === 503 && !route.path.startsWith('/api') && /not built yet/.test(res.text ?? '');
          if (res.status >= 500 && !unbuilt) problems.push(`${label}: server error`);
          if (text.includes(MARK)) problems.push(`${label}: leaked a row of the other organization`);
          const denied = [401, 403].includes(res.status);
          const hidden = denied || res.status === 404;
          if (access === 'operator' && !denied) problems.push(`${label}: the jobs dashboard must refuse`);
          if (access === 'staff' && who === 'client' && !denied) problems.push(`${label}: a client reached a staff route`);
          if (access === 'client' && who !== 'client' && !denied) problems.push(`${label}: staff reached a client route`);
          if (hasParam && !own && route.path.startsWith('/api/') && !hidden) {
            // Refused before the id is looked at (a body error, say) is fine only if a missing id gets the very same answer.
            const missing = await call(route.method, foreignPath(route.path, false, true), token, route.method !== 'GET');
            const same = missing.status === res.status && JSON.stringify(missing.body) === JSON.stringify(res.body);
            if (!same) problems.push(`${label}: a foreign id must answer like a missing one (401/403/404), missing gave ${missing.status}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshot(a.org)).toEqual(before);
    expect(await crossReferences(b.org.id)).toEqual([]);
  }, 180_000); // about 600 requests: several times the default under load

  it('the event stream refuses a client and streams only the caller’s own organization to staff', async () => {
    const base = await api.listen();
    for (const [who, token] of Object.entries(callers)) {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/events?token=${encodeURIComponent(token)}`, { signal: controller.signal });
      if (who === 'client') expect([401, 403]).toContain(res.status);
      else {
        expect(res.status).toBe(200);
        const reader = res.body!.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        expect(first).not.toContain(MARK);
      }
      controller.abort();
    }
  });
});
