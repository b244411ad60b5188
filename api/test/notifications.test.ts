import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Lead } from '@crm/database';
import { notifyStaff, signToken } from '@crm/core';
import { bearer, TEST_JWT_SECRET } from '@crm/testing/api';
import { openStream, startChatHarness, type ChatHarness } from '@crm/testing/chat-harness';

let h: ChatHarness;
let a: Awaited<ReturnType<ChatHarness['org']>>;
let b: Awaited<ReturnType<ChatHarness['org']>>;

beforeAll(async () => {
  h = await startChatHarness({ name: 'notifications' });
  await h.worker.start();
  a = await h.org();
  b = await h.org();
});
afterAll(async () => h?.close());

const staffToken = (user: { id: number; org_id: number }, role: 'admin' | 'manager' = 'manager') =>
  signToken({ kind: 'staff', sub: user.id, org_id: user.org_id, role }, TEST_JWT_SECRET, '1h');
const get = (path: string, token: string) => h.api.http.get(path).set(bearer(token));
const post = (path: string, token: string) => h.api.http.post(path).set(bearer(token)).send({});

describe('notifications in the back office', () => {
  it('tells the manager who wrote when Telegram refuses the message, live and in the list, opening the conversation', async () => {
    const manager = await h.user(a.org.id, 'manager', 'Мария');
    const token = staffToken(manager);
    const lead = await h.lead(a.org.id, { name: 'Анна' });
    h.fake.failChat(lead.chat_id!, { kind: 'blocked' });
    const base = await h.api.listen();
    const stream = openStream(`${base}/api/events?token=${encodeURIComponent(token)}`);
    await stream.waitFor((e) => e.event === 'ready');

    const sent = await h.api.http.post(`/api/chats/lead-${lead.id}/messages`).set(bearer(token)).field('text', 'Добрый день!');
    expect(sent.status).toBe(201);
    const live = await stream.waitFor((e) => e.event === 'notification.created', 10_000);
    stream.close();
    expect(live.data.notification).toMatchObject({ type: 'delivery.failed', user_id: manager.id, title: 'Сообщение не доставлено: Анна' });
    expect(live.data.notification.payload).toMatchObject({ conversation_id: `lead-${lead.id}`, status: 'blocked' });

    const list = await get('/api/notifications', token);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toBe('notifications 0-0/1');
    expect(list.body[0]).toMatchObject({ type: 'delivery.failed', read_at: null, link: `/chat?c=lead-${lead.id}` });
    expect((await ChatMessage.findByPk(sent.body.id))?.status).toBe('blocked');
    expect((await Lead.findByPk(lead.id))?.unreachable).toBe(true);
  }, 30_000);

  it('counts unread, marks one or all read, and shows each person only their own and organization-wide ones', async () => {
    const maria = await h.user(b.org.id, 'manager', 'Мария');
    const oleg = await h.user(b.org.id, 'manager', 'Олег');
    const [own] = await notifyStaff(h.sequelize, {
      org_id: b.org.id,
      manager_id: maria.id,
      type: 'report.created',
      title: 'ЖК Лесной · Плитка',
      payload: { project_id: 77, report_id: 5 },
    });
    await notifyStaff(h.sequelize, { org_id: b.org.id, manager_id: oleg.id, type: 'lead.handoff', title: 'Горячий лид', payload: { lead_id: 12 } });
    const everyone = await notifyStaff(h.sequelize, { org_id: b.org.id, type: 'digest', title: 'Сводка за день' });
    // No manager given: every active admin and manager of the organization is told.
    expect(everyone.map((n) => n.user_id).sort()).toEqual([b.user.id, maria.id, oleg.id].sort());

    const mariaToken = staffToken(maria);
    const list = await get('/api/notifications', mariaToken);
    expect(list.body.map((n: { title: string; link: string }) => [n.title, n.link])).toEqual([
      ['Сводка за день', '/'],
      ['ЖК Лесной · Плитка', '/projects/77/show'],
    ]);
    expect((await get('/api/notifications/unread-count', mariaToken)).body).toEqual({ count: 2 });

    // Another manager's notification, and another organization's, answer 404 whatever the id.
    const olegs = (await get('/api/notifications', staffToken(oleg))).body as { id: number; title: string }[];
    const handoff = olegs.find((n) => n.title === 'Горячий лид')!;
    expect(handoff).toMatchObject({ link: '/chat?c=lead-12' });
    expect((await post(`/api/notifications/${handoff.id}/read`, mariaToken)).status).toBe(404);
    expect((await get(`/api/notifications/${handoff.id}`, mariaToken)).status).toBe(404);
    expect((await post(`/api/notifications/${own!.id}/read`, a.token)).status).toBe(404);
    expect((await post('/api/notifications/abc/read', mariaToken)).status).toBe(404);

    const read = await post(`/api/notifications/${own!.id}/read`, mariaToken);
    expect(read.status).toBe(200);
    expect(read.body.read_at).not.toBeNull();
    expect((await get('/api/notifications/unread-count', mariaToken)).body).toEqual({ count: 1 });
    const unread = await get(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ read_at: null }))}`, mariaToken);
    expect(unread.body.map((n: { title: string }) => n.title)).toEqual(['Сводка за день']);

    expect((await post('/api/notifications/read-all', mariaToken)).body).toEqual({ updated: 1 });
    expect((await get('/api/notifications/unread-count', mariaToken)).body).toEqual({ count: 0 });
    expect((await get('/api/notifications/unread-count', staffToken(oleg))).body).toEqual({ count: 2 });
  });

  it('takes a record back unchanged with PUT, and PUT read_at null marks it unread again', async () => {
    const manager = await h.user(b.org.id, 'manager', 'Ирина');
    const token = staffToken(manager);
    const [note] = await notifyStaff(h.sequelize, {
      org_id: b.org.id,
      manager_id: manager.id,
      type: 'change_request.approved',
      title: 'Одобрено',
      payload: { project_id: 3 },
    });
    const record = (await get(`/api/notifications/${note!.id}`, token)).body;
    const same = await h.api.http.put(`/api/notifications/${note!.id}`).set(bearer(token)).send(record);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(record);
    await post(`/api/notifications/${note!.id}/read`, token);
    const unread = await h.api.http
      .put(`/api/notifications/${note!.id}`)
      .set(bearer(token))
      .send({ ...record, read_at: null });
    expect(unread.body.read_at).toBeNull();
    expect((await h.api.http.post('/api/notifications').set(bearer(token)).send({ title: 'x' })).status).toBe(403);
    const badDate = await h.api.http.put(`/api/notifications/${note!.id}`).set(bearer(token)).send({ read_at: 'not a date' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.fields).toHaveProperty('read_at');
  });
});
