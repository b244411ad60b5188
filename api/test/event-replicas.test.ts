import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEventHub, createLogger, type EventHub } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';
import { openStream } from '@crm/testing/chat-harness';

// Two api replicas behind one load balancer: a manager's stream is held by one of them while the
// write happens on the other. Each replica LISTENs on PostgreSQL with its own hub and its own pools,
// as two processes would, so the event has to travel through the database to reach the stream.
let replicas: { api: TestApi; hub: EventHub; base: string }[] = [];
const streams: { close(): void }[] = [];

beforeAll(async () => {
  replicas = await Promise.all(
    [1, 2].map(async (n) => {
      const hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger(`replica-${n}`, 'silent'), { applicationName: `api-replica-${n}` });
      await hub.ready();
      const api = await createTestApi({ events: hub });
      return { api, hub, base: await api.listen() };
    }),
  );
});
afterAll(async () => {
  for (const s of streams) s.close();
  for (const r of replicas) {
    await r.api.close();
    await r.hub.close();
  }
});

describe('live events across api replicas', () => {
  it('reach a stream held by one replica when the write goes through the other, and only its organization', async () => {
    const [first, second] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const firm = await first.api.register();
    const other = await second.api.register();
    const mine = openStream(`${second.base}/api/events?token=${encodeURIComponent(firm.token)}`);
    const foreign = openStream(`${first.base}/api/events?token=${encodeURIComponent(other.token)}`);
    streams.push(mine, foreign);
    await mine.waitFor((e) => e.event === 'ready');
    await foreign.waitFor((e) => e.event === 'ready');

    const created = await first.api.http.post('/api/leads').set(bearer(firm.token)).send({ name: 'Лид через первую реплику' });
    expect(created.status).toBe(201);
    // A Kanban move on the first replica, as another manager would make it.
    const moved = await first.api.http.post(`/api/leads/${created.body.id}/move`).set(bearer(firm.token)).send({ status: 'qualified', position: 0 });
    expect(moved.status).toBe(200);
    const event = await mine.waitFor((e) => e.event === 'lead.updated' && e.data.lead?.id === created.body.id && e.data.lead?.status === 'qualified');
    expect(event.data.lead).toMatchObject({ id: created.body.id, status: 'qualified' });
    expect(foreign.events.filter((e) => e.event !== 'ready' && e.event !== 'heartbeat')).toEqual([]);
  });
});
