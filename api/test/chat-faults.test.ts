// The back office's answers to delivery and media faults: "send again" for a failed reply and
// "retry" for a photo that could not be fetched from Telegram, through HTTP, the jobs worker and the fake Bot API.
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage } from '@crm/database';
import { bearer } from '@crm/testing/api';
import { startChatHarness, waitFor, type ChatHarness } from '@crm/testing/chat-harness';

let h: ChatHarness;
let a: Awaited<ReturnType<ChatHarness['org']>>;
let b: Awaited<ReturnType<ChatHarness['org']>>;

beforeAll(async () => {
  h = await startChatHarness({ name: 'chat-faults' });
  await h.worker.start();
  a = await h.org();
  b = await h.org();
});
afterAll(async () => h?.close());

const post = (path: string, token = a.token) => h.api.http.post(path).set(bearer(token)).send({});

describe('send again', () => {
  it('queues a failed reply anew and delivers it; refuses other states, bad ids and other organizations', async () => {
    const lead = await h.lead(a.org.id);
    h.fake.failNext({ kind: 'bad_request', description: 'Bad Request: chat not found' }, 1, { chat_id: lead.chat_id! });
    const reply = await h.api.http.post(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token)).send({ text: 'Добрый день!' });
    expect(reply.status).toBe(201);
    await waitFor(async () => (await ChatMessage.findByPk(reply.body.id))?.status === 'failed', 10_000, 'failed');
    const page = await h.api.http.get(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token));
    expect(page.body.data.at(-1)).toMatchObject({ id: reply.body.id, status: 'failed', error: expect.stringMatching(/chat not found/) });

    expect((await post(`/api/chats/lead-${lead.id}/messages/${reply.body.id}/resend`, b.token)).status).toBe(404);
    expect((await post(`/api/chats/lead-${lead.id}/messages/abc/resend`)).body).toMatchObject({
      error: 'validation',
      fields: { messageId: expect.anything() },
    });

    const again = await post(`/api/chats/lead-${lead.id}/messages/${reply.body.id}/resend`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: reply.body.id, status: expect.stringMatching(/^(queued|sending|sent)$/), error: null });
    await waitFor(async () => (await ChatMessage.findByPk(reply.body.id))?.status === 'sent', 10_000, 'sent');
    expect(h.fake.sent(lead.chat_id!).map((c) => c.params.text)).toEqual(['Добрый день!']);

    const twice = await post(`/api/chats/lead-${lead.id}/messages/${reply.body.id}/resend`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'conflict', code: 'conflict', fields: { status: { code: 'invalid', message: 'is sent' } } });
  });
});

describe('media retry', () => {
  it('shows a photo that could not be loaded and fetches it again on request', async () => {
    const lead = await h.lead(a.org.id);
    const bytes = Buffer.from('\xff\xd8\xff\xe0 photo of the bathroom', 'latin1');
    const file = h.fake.registerFile(bytes, { mime_type: 'image/jpeg', extension: 'jpg' });
    const message = await h.inbound({ org_id: a.org.id, lead }, 'Вот фото', {
      media: [{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id, mime_type: 'image/jpeg' }],
    });
    await message.update({ media_state: 'failed', media_error: '502: Bad Gateway (after 40 attempts)' });
    const before = await h.api.http.get(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token));
    expect(before.body.data.at(-1)).toMatchObject({ id: message.id, media_state: 'failed', media: [{ type: 'photo', url: null }] });

    expect((await post(`/api/chats/lead-${lead.id}/messages/${message.id}/media/retry`, b.token)).status).toBe(404);
    const retry = await post(`/api/chats/lead-${lead.id}/messages/${message.id}/media/retry`);
    expect(retry.status).toBe(200);
    expect(retry.body.media_state).toBe('loading');

    const stored = await waitFor(
      async () => {
        const row = await ChatMessage.findByPk(message.id);
        return row?.media[0]?.key && row.media_state === null ? row : null;
      },
      10_000,
      'media stored',
    );
    expect(Buffer.compare(await buffer((await h.storage.get(stored.media[0]!.key!)).stream), bytes)).toBe(0);
    const after = await h.api.http.get(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token));
    expect(after.body.data.at(-1)).toMatchObject({ media_state: null, media: [{ url: expect.any(String) }] });
    expect((await post(`/api/chats/lead-${lead.id}/messages/${message.id}/media/retry`)).status).toBe(409);
  });
});
