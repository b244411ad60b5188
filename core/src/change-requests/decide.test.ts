import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeRequest, Notification, Organization, Project, QueryTypes, User, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { DomainError } from '../errors.js';
import { openJobQueue } from '../jobs/queue.js';
import { decodeDecisionCallback, encodeDecisionCallback } from './callback-data.js';
import { decideChangeRequest } from './decide.js';
import { sendChangeRequestToClient } from './send.js';

let sequelize: Sequelize;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
let n = 0;

async function world(locale: 'ru' | 'en' = 'en') {
  const tag = `${Date.now().toString(36)}-${n++}`;
  const org = await Organization.create({ name: `Decide ${tag}`, locale, currency: 'EUR' });
  const manager = await User.create({ org_id: org.id, role: 'manager', name: 'Maria Manager', email: `m-${tag}@example.test` });
  const client = await User.create({ org_id: org.id, role: 'client', name: 'Carl Client', telegram_id: 700_000_000 + n });
  const otherClient = await User.create({ org_id: org.id, role: 'client', name: 'Olga Other', telegram_id: 710_000_000 + n });
  const project = await Project.create({ org_id: org.id, name: 'Flat on Main St', client_id: client.id, manager_id: manager.id, budget_total: '100000.50' });
  const request = (amount = '2500.25') =>
    ChangeRequest.create({ org_id: org.id, project_id: project.id, title: 'Heated floor', description: 'Bathroom, 6 m²', amount, created_by: manager.id });
  return { org, manager, client, otherClient, project, request };
}

const budgetOf = async (projectId: number) => (await Project.findByPk(projectId))!.budget_total;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, poolMax: 2 });
});
afterAll(async () => {
  await jobs?.close();
  await sequelize?.close();
});

describe('decision callback data', () => {
  it('round-trips and rejects anything else', () => {
    expect(encodeDecisionCallback('approved', 17)).toBe('cr1:a:17');
    expect(decodeDecisionCallback('cr1:d:9')).toEqual({ decision: 'rejected', change_request_id: 9 });
    for (const bad of ['cr1:x:1', 'cr2:a:1', 'cr1:a:', 'cr1:a:0', 'cr1:a:1:2', 'cr1:a:-1', '', null]) expect(decodeDecisionCallback(bad)).toBeNull();
  });
});

describe('decideChangeRequest', () => {
  it('approves once: records who and when, raises the contract budget exactly, notifies the manager', async () => {
    const w = await world();
    const cr = await w.request();
    const listener = new pg.Client({ connectionString: process.env.CRM_TEST_DATABASE_URL });
    await listener.connect();
    const events: Array<{ org_id: number; type: string; data: { id: number } }> = [];
    listener.on('notification', (msg) => events.push(JSON.parse(msg.payload!)));
    await listener.query('LISTEN crm_events');
    const result = await decideChangeRequest(sequelize, {
      org_id: w.org.id,
      change_request_id: cr.id,
      decision: 'approved',
      decided_by: w.client.id,
      client_id: w.client.id,
    });
    expect(result).toMatchObject({ status: 'approved', decided_by: w.client.id, budget_total: '102500.75' });
    expect(await budgetOf(w.project.id)).toBe('102500.75');
    const stored = (await ChangeRequest.findByPk(cr.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.decided_by).toBe(w.client.id);
    expect(Math.abs(stored.decided_at!.getTime() - Date.now())).toBeLessThan(60_000);

    const notes = await Notification.findAll({ where: { org_id: w.org.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.user_id).toBe(w.manager.id);
    expect(notes[0]!.type).toBe('change_request.approved');
    expect(notes[0]!.title).toContain('Carl Client approved “Heated floor”');
    expect(notes[0]!.payload).toMatchObject({ change_request_id: cr.id, budget_total: '102500.75' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await listener.end();
    expect(events.filter((e) => e.org_id === w.org.id)).toEqual([
      { org_id: w.org.id, type: 'notification.created', data: { id: notes[0]!.id, user_id: w.manager.id } },
    ]);
  });

  it('refuses a second decision naming who decided and when, and leaves the budget alone', async () => {
    const w = await world();
    const cr = await w.request();
    await decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'approved', decided_by: w.client.id });
    for (const decision of ['approved', 'rejected'] as const) {
      const error = await refusal(decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision, decided_by: w.manager.id }));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/already decided: approved by Carl Client at \d{4}-/);
      expect(error.details).toMatchObject({ reason: 'already_decided', decided_by: w.client.id, decided_by_name: 'Carl Client' });
    }
    expect(await budgetOf(w.project.id)).toBe('102500.75');
    expect(await Notification.count({ where: { org_id: w.org.id } })).toBe(1);
  });

  it('lets exactly one of two concurrent decisions win', async () => {
    const w = await world();
    const cr = await w.request('1000.00');
    const results = await Promise.allSettled([
      decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'approved', decided_by: w.client.id }),
      decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'approved', decided_by: w.manager.id }),
      decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'rejected', decided_by: w.client.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const budget = await budgetOf(w.project.id);
    const status = (await ChangeRequest.findByPk(cr.id))!.status;
    expect(budget).toBe(status === 'approved' ? '101000.50' : '100000.50');
  });

  it('declines without touching the budget, in the org language', async () => {
    const w = await world('ru');
    const cr = await w.request();
    const result = await decideChangeRequest(sequelize, {
      org_id: w.org.id,
      change_request_id: cr.id,
      decision: 'rejected',
      decided_by: w.client.id,
      client_id: w.client.id,
    });
    expect(result).toMatchObject({ status: 'rejected', budget_total: '100000.50' });
    expect(await budgetOf(w.project.id)).toBe('100000.50');
    const [note] = await Notification.findAll({ where: { org_id: w.org.id } });
    expect(note!.title).toBe('Carl Client отклонил(а) «Heated floor»');
  });

  it("answers not found for another client's or another organization's request", async () => {
    const w = await world();
    const other = await world();
    const cr = await w.request();
    const asOtherClient = await refusal(
      decideChangeRequest(sequelize, {
        org_id: w.org.id,
        change_request_id: cr.id,
        decision: 'approved',
        decided_by: w.otherClient.id,
        client_id: w.otherClient.id,
      }),
    );
    expect(asOtherClient.code).toBe('not_found');
    const asOtherOrg = await refusal(
      decideChangeRequest(sequelize, { org_id: other.org.id, change_request_id: cr.id, decision: 'approved', decided_by: other.manager.id }),
    );
    expect(asOtherOrg.code).toBe('not_found');
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('pending');
  });

  it('names the field on bad input', async () => {
    const error = await refusal(decideChangeRequest(sequelize, { org_id: 1, change_request_id: 1, decision: 'maybe' as never, decided_by: 1 }));
    expect(error.code).toBe('validation');
    expect(error.details).toMatchObject({ fields: { decision: expect.any(String) } });
  });

  it('refuses an approval that would make the budget negative', async () => {
    const w = await world();
    const cr = await w.request('-200000.00');
    const error = await refusal(decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'approved', decided_by: w.manager.id }));
    expect(error.code).toBe('conflict');
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('pending');
  });
});

describe('sendChangeRequestToClient', () => {
  it('queues a bot message with Approve / Decline / Open buttons and marks the request sent', async () => {
    const w = await world();
    const cr = await w.request();
    const { message } = await sendChangeRequestToClient(
      { queue: jobs.queue },
      {
        org_id: w.org.id,
        change_request_id: cr.id,
        sent_by: w.manager.id,
        public_url: 'https://crm.example.com/',
      },
    );
    expect(message).toMatchObject({ direction: 'outbound', status: 'queued', chat_id: w.client.telegram_id, user_id: w.client.id });
    expect(message.content).toContain('Heated floor');
    expect(message.content).toContain('+€2,500.25');
    expect(message.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '✅ Approve', callback_data: `cr1:a:${cr.id}` },
          { text: '❌ Decline', callback_data: `cr1:d:${cr.id}` },
        ],
        [{ text: 'Open in the app', web_app: { url: `https://crm.example.com/app/?org=${w.org.id}` } }],
      ],
    });
    expect((await ChangeRequest.findByPk(cr.id))!.sent_at).toBeInstanceOf(Date);
    const queued = await sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'telegram.send' AND (data->>'message_id')::int = :id`,
      { replacements: { id: message.id }, type: QueryTypes.SELECT },
    );
    expect(queued[0]!.n).toBe(1);
  });

  it('refuses a decided request and a client without Telegram', async () => {
    const w = await world();
    const cr = await w.request();
    await decideChangeRequest(sequelize, { org_id: w.org.id, change_request_id: cr.id, decision: 'rejected', decided_by: w.manager.id });
    const decided = await refusal(
      sendChangeRequestToClient({ queue: jobs.queue }, { org_id: w.org.id, change_request_id: cr.id, public_url: 'http://localhost:3000' }),
    );
    expect(decided.code).toBe('conflict');

    await w.client.update({ telegram_id: null });
    const cr2 = await w.request();
    const unreachable = await refusal(
      sendChangeRequestToClient({ queue: jobs.queue }, { org_id: w.org.id, change_request_id: cr2.id, public_url: 'http://localhost:3000' }),
    );
    expect(unreachable.code).toBe('validation');
    expect((await ChangeRequest.findByPk(cr2.id))!.sent_at).toBeNull();
  });
});
