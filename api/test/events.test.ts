import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ChatMessage, Lead, Notification, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { createEventHub, createLogger, publishEvent, signToken } from '@crm/core';
import { eventsRouter } from '../src/routes/events.js';
import { bearer, TEST_JWT_SECRET } from '@crm/testing/api';
import { waitFor } from '@crm/testing/wait-for';
import { openStream, sleep, startChatHarness, type ChatHarness } from '@crm/testing/chat-harness';

let h: ChatHarness;
let base: string;
let other: Sequelize; // a second connection, standing in for the bot process
let a: Awaited<ReturnType<ChatHarness['org']>>;
let b: Awaited<ReturnType<ChatHarness['org']>>;
const streams: { close(): void }[] = [];
const stream = (url: string, headers?: Record<string, string>) => {
  const s = openStream(url, headers);
  streams.push(s);
  return s;
};

beforeAll(async () => {
  h = await startChatHarness();
  base = await h.api.listen();
  other = await connectTestDatabase();
  a = await h.org();
  b = await h.org();
});
afterAll(async () => {
  for (const s of streams) s.close();
  await other?.close();
  await h?.close();
});

/** Stores an inbound message and publishes it in one transaction, as the bot does, on another connection. */
async function inboundFromBot(orgId: number, leadId: number, content: string) {
  return other.transaction(async (transaction) => {
    const [[row]] = (await other.query(
      `INSERT INTO chat_messages (org_id, lead_id, direction, kind, content, chat_id, status)
       VALUES (:org_id, :lead_id, 'inbound', 'text', :content, 1, 'received') RETURNING id`,
      { replacements: { org_id: orgId, lead_id: leadId, content }, transaction },
    )) as [{ id: number }[], unknown];
    await other.query('UPDATE leads SET unread_count = unread_count + 1, last_message_at = now() WHERE id = :id', {
      replacements: { id: leadId },
      transaction,
    });
    await publishEvent(transaction, { org_id: orgId, type: 'message.created', data: { id: row!.id, lead_id: leadId } });
    return row!.id;
  });
}

describe('GET /api/events', () => {
  it('refuses missing, invalid and non-staff tokens', async () => {
    expect((await h.api.http.get('/api/events')).status).toBe(401);
    expect((await h.api.http.get('/api/events?token=garbage')).status).toBe(401);
    const forged = signToken({ kind: 'staff', sub: a.user.id, org_id: a.org.id, role: 'admin' }, 'another-secret-that-is-long-enough-0123456789', '1h');
    expect((await h.api.http.get(`/api/events?token=${forged}`)).status).toBe(401);
    const client = signToken({ kind: 'client', sub: 1, org_id: a.org.id, telegram_id: 42 }, TEST_JWT_SECRET, '1h');
    const res = await h.api.http.get(`/api/events?token=${client}`);
    expect(res.status).toBe(403);
  });

  it('streams an inbound message stored by another connection within a second, to its organization only', async () => {
    const lead = await h.lead(a.org.id, { name: 'Live lead' });
    const sa = stream(`${base}/api/events?token=${encodeURIComponent(a.token)}`);
    const sb = stream(`${base}/api/events`, bearer(b.token));
    const res = await sa.response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['x-accel-buffering']).toBe('no');
    expect(res.headers['cache-control']).toMatch(/no-cache/);
    await sa.waitFor((e) => e.event === 'ready');
    await sb.waitFor((e) => e.event === 'ready');

    const started = Date.now();
    const id = await inboundFromBot(a.org.id, lead.id, 'Добрый день! Сколько стоит ремонт?');
    const event = await sa.waitFor((e) => e.event === 'message.created' && e.data.message.id === id, 1000);
    expect(event.at - started).toBeLessThan(1000);
    expect(event.data).toMatchObject({
      type: 'message.created',
      conversation_id: `lead-${lead.id}`,
      message: { id, direction: 'inbound', content: 'Добрый день! Сколько стоит ремонт?', status: 'received', media: [] },
      conversation: { id: `lead-${lead.id}`, unread_count: 1, person: { name: 'Live lead' }, last_message: { id } },
    });

    await sleep(300);
    expect(sb.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('streams lead updates and delivery status changes caused through the API', async () => {
    const lead = await h.lead(a.org.id, { name: 'Assign me' });
    await h.inbound({ org_id: a.org.id, lead }, 'hello');
    const sa = stream(`${base}/api/events?token=${encodeURIComponent(a.token)}`);
    const sb = stream(`${base}/api/events?token=${encodeURIComponent(b.token)}`);
    await sa.waitFor((e) => e.event === 'ready');
    await sb.waitFor((e) => e.event === 'ready');

    await h.api.http.put(`/api/chats/lead-${lead.id}/assign`).set(bearer(a.token)).send({ manager_id: a.user.id }).expect(200);
    const updated = await sa.waitFor((e) => e.event === 'lead.updated' && e.data.lead.id === lead.id);
    expect(updated.data).toMatchObject({ lead: { id: lead.id, manager_id: a.user.id }, conversation: { manager: { id: a.user.id } } });

    const reply = await h.api.http.post(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token)).send({ text: 'Здравствуйте' });
    expect(reply.status).toBe(201);
    const created = await sa.waitFor((e) => e.event === 'message.created' && e.data.message.id === reply.body.id);
    expect(created.data.message).toMatchObject({ direction: 'outbound', status: 'queued', sender_id: a.user.id });
    // the reply paused the AI: the lead update carries it
    await sa.waitFor((e) => e.event === 'lead.updated' && e.data.lead.id === lead.id && e.data.lead.ai_enabled === false);

    // a status change by the delivery worker (here: straight in the database, then published)
    await ChatMessage.update({ status: 'sent', sent_at: new Date() }, { where: { id: reply.body.id } });
    await publishEvent(other, { org_id: a.org.id, type: 'message.updated', data: { id: reply.body.id, lead_id: lead.id } });
    const sent = await sa.waitFor((e) => e.event === 'message.updated' && e.data.message.id === reply.body.id);
    expect(sent.data.message.status).toBe('sent');

    await sleep(200);
    expect(sb.events.map((e) => e.event)).toEqual(['ready']);
    expect((await Lead.findByPk(lead.id))!.org_id).toBe(a.org.id);
  });

  it('streams a lead created through POST /api/leads to its organization, so an open board shows it', async () => {
    const sa = stream(`${base}/api/events?token=${encodeURIComponent(a.token)}`);
    const sb = stream(`${base}/api/events?token=${encodeURIComponent(b.token)}`);
    await sa.waitFor((e) => e.event === 'ready');
    await sb.waitFor((e) => e.event === 'ready');

    const res = await h.api.http.post('/api/leads').set(bearer(a.token)).send({ name: 'Звонок с сайта', status: 'qualified' });
    expect(res.status).toBe(201);
    const created = await sa.waitFor((e) => e.event === 'lead.updated' && e.data.lead.id === res.body.id);
    expect(created.data).toMatchObject({
      conversation_id: `lead-${res.body.id}`,
      lead: { id: res.body.id, name: 'Звонок с сайта', status: 'qualified', org_id: a.org.id },
    });

    await sleep(200);
    expect(sb.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('streams a status change made on the lead card (PUT /api/leads/:id), so another open board moves the card', async () => {
    const lead = await h.lead(a.org.id, { name: 'Карточка' });
    const sa = stream(`${base}/api/events?token=${encodeURIComponent(a.token)}`);
    const sb = stream(`${base}/api/events?token=${encodeURIComponent(b.token)}`);
    await sa.waitFor((e) => e.event === 'ready');
    await sb.waitFor((e) => e.event === 'ready');

    await h.api.http.put(`/api/leads/${lead.id}`).set(bearer(a.token)).send({ status: 'estimate' }).expect(200);
    // (The lead's own creation may still be on its way to this stream: the move is the event in Estimate.)
    const moved = await sa.waitFor((e) => e.event === 'lead.updated' && e.data.lead.id === lead.id && e.data.lead.status === 'estimate');
    expect(moved.data.lead).toMatchObject({ id: lead.id, status: 'estimate', name: 'Карточка' });

    await sleep(200);
    expect(sb.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('delivers notifications to their addressee and organization-wide ones to everyone', async () => {
    const colleague = await h.user(a.org.id, 'manager', 'Colleague');
    const sa = stream(`${base}/api/events?token=${encodeURIComponent(a.token)}`);
    await sa.waitFor((e) => e.event === 'ready');
    const mine = await Notification.create({ org_id: a.org.id, user_id: a.user.id, type: 'lead.handoff', title: 'Горячий лид' });
    const theirs = await Notification.create({ org_id: a.org.id, user_id: colleague.id, type: 'lead.handoff', title: 'Not yours' });
    const everyone = await Notification.create({ org_id: a.org.id, user_id: null, type: 'lead.handoff', title: 'Everyone' });
    for (const n of [theirs, mine, everyone]) {
      await publishEvent(other, { org_id: a.org.id, type: 'notification.created', data: { id: n.id, user_id: n.user_id } });
    }
    await sa.waitFor((e) => e.event === 'notification.created' && e.data.notification.id === everyone.id);
    const ids = sa.events.filter((e) => e.event === 'notification.created').map((e) => e.data.notification.id);
    expect(ids).toEqual([mine.id, everyone.id]);
    expect(sa.events.find((e) => e.event === 'notification.created')!.data.notification.title).toBe('Горячий лид');
  });
});

describe('event stream mechanics', () => {
  it('sends heartbeats and ends every stream when the hub closes', async () => {
    const hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger('events-test', 'silent'));
    await hub.ready();
    const app = express();
    app.use(
      '/events',
      eventsRouter({ sequelize: h.sequelize, hub, jwtSecret: TEST_JWT_SECRET, logger: createLogger('events-test', 'silent'), heartbeatMs: 100 }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const s = stream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events?token=${encodeURIComponent(a.token)}`);
      const res = await s.response;
      // Every 100 ms; a loaded machine may deliver them late, never not at all.
      await waitFor(async () => s.comments.filter((c) => c === 'ping').length >= 2, 5_000, 'two pings');
      expect(hub.size()).toBe(1);
      const ended = new Promise((resolve) => res.on('end', resolve));
      await hub.close();
      await ended;
      expect(hub.size()).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await hub.close();
    }
  });
});
