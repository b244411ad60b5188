import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Organization, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { pino } from 'pino';
import { createEventHub, publishEvent, type CrmEvent, type EventHub } from './index.js';

let sequelize: Sequelize;
let hub: EventHub;
let orgA: number;
let orgB: number;
const appName = `crm-event-hub-test-${process.pid}`;

const nextEvent = (orgId: number, timeoutMs = 2000) =>
  new Promise<CrmEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no event'));
    }, timeoutMs);
    const off = hub.subscribe(orgId, (event) => {
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });

const collect = (orgId: number) => {
  const events: CrmEvent[] = [];
  const off = hub.subscribe(orgId, (event) => events.push(event));
  return { events, off };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  orgA = (await Organization.create({ name: 'Events A' })).id;
  orgB = (await Organization.create({ name: 'Events B' })).id;
  hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, pino({ level: 'silent' }), { reconnectDelayMs: 50, applicationName: appName });
  await hub.ready();
});

afterAll(async () => {
  await hub.close();
  await sequelize.close();
});

describe('event hub over LISTEN/NOTIFY', () => {
  it('delivers an event to subscribers of its organization only', async () => {
    const b = collect(orgB);
    const received = nextEvent(orgA);
    const started = Date.now();
    await publishEvent(sequelize, { org_id: orgA, type: 'message.created', data: { id: 11, lead_id: 5, user_id: null } });
    expect(await received).toEqual({ org_id: orgA, type: 'message.created', data: { id: 11, lead_id: 5 } });
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(100);
    b.off();
    expect(b.events).toEqual([]);
  });

  it('sends with the transaction: nothing before commit, nothing after rollback', async () => {
    const a = collect(orgA);
    await sequelize.transaction(async (tx) => {
      await publishEvent(tx, { org_id: orgA, type: 'lead.updated', data: { id: 1 } });
      await sleep(150);
      expect(a.events).toEqual([]);
    });
    await sleep(150);
    expect(a.events.map((e) => e.data.id)).toEqual([1]);

    await sequelize
      .transaction(async (tx) => {
        await publishEvent(tx, { org_id: orgA, type: 'lead.updated', data: { id: 2 } });
        throw new Error('roll back');
      })
      .catch(() => {});
    await sleep(150);
    a.off();
    expect(a.events.map((e) => e.data.id)).toEqual([1]);
  });

  it('rejects malformed events at publish and ignores foreign payloads on the channel', async () => {
    await expect(publishEvent(sequelize, { org_id: orgA, type: 'lead.deleted' as never, data: { id: 1 } })).rejects.toMatchObject({ code: 'validation' });
    const a = collect(orgA);
    await sequelize.query(`SELECT pg_notify('crm_events', 'not json'), pg_notify('crm_events', '{"org_id":${orgA}}')`);
    await publishEvent(sequelize, { org_id: orgA, type: 'notification.created', data: { id: 3, user_id: 9 } });
    await sleep(150);
    a.off();
    expect(a.events).toEqual([{ org_id: orgA, type: 'notification.created', data: { id: 3, user_id: 9 } }]);
  });

  it('reconnects after its connection is killed', async () => {
    const [{ killed }] = (await sequelize.query('SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity WHERE application_name = :name', {
      replacements: { name: appName },
      type: 'SELECT',
    })) as { killed: number }[];
    expect(killed).toBe(1);
    const deadline = Date.now() + 5000;
    let event: CrmEvent | undefined;
    while (!event && Date.now() < deadline) {
      const received = nextEvent(orgA, 300).catch(() => undefined);
      await publishEvent(sequelize, { org_id: orgA, type: 'message.updated', data: { id: 77 } });
      event = await received;
    }
    expect(event?.data.id).toBe(77);
  });
});
