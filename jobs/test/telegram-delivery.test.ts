import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ChatMessage, Lead, type Organization } from '@crm/database';
import { mediaKey, queueOutboundMessage } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

jest.setTimeout(30_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let org: Organization;
let chatSeq = 5_000_000 + Math.floor(Math.random() * 1e6);

async function newLead() {
  const chat = ++chatSeq;
  return Lead.create({ org_id: org.id, telegram_id: chat, chat_id: chat, name: 'Анна', position: chat });
}

const statusOf = async (id: number, status: string) => {
  const row = await ChatMessage.findByPk(id);
  return row?.status === status ? row : null;
};

beforeAll(async () => {
  // A sender's lease far longer than any wait here: a message that waited for its turn must go when
  // the one before it settles, not when that one's lease would have run out.
  h = await startHarness({}, { leaseMs: 60_000 });
  org = await h.createOrg('Delivery');
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => h.close());

describe('outbound delivery', () => {
  it('sends a manager reply and marks it sent', async () => {
    const lead = await newLead();
    const message = await queueOutboundMessage(
      { queue: worker.deps.queue },
      { org_id: org.id, lead_id: lead.id, content: 'Здравствуйте! Когда удобно замерить?' },
    );
    expect(message.status).toBe('queued');
    expect(message.chat_id).toBe(lead.chat_id);

    const sent = await waitFor(() => statusOf(message.id, 'sent'), 10_000, 'sent');
    const calls = h.fake.sent(lead.chat_id!);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('sendMessage');
    expect(calls[0]!.params.text).toBe('Здравствуйте! Когда удобно замерить?');
    expect(sent.telegram_message_id).toEqual(expect.any(Number));
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sent.error).toBeNull();
  });

  it('uploads a photo from storage as multipart, never by URL', async () => {
    const lead = await newLead();
    const bytes = Buffer.from('\xff\xd8\xff\xe0 fake jpeg bytes', 'latin1');
    const key = mediaKey(org.id, { contentType: 'image/jpeg' });
    await h.storage.put(key, bytes, { contentType: 'image/jpeg' });
    const message = await queueOutboundMessage(
      { queue: worker.deps.queue },
      {
        org_id: org.id,
        lead_id: lead.id,
        content: 'Смета во вложении',
        media: [{ type: 'photo', key }],
      },
    );
    await waitFor(() => statusOf(message.id, 'sent'), 10_000, 'sent');
    const [call] = h.fake.sent(lead.chat_id!);
    expect(call!.method).toBe('sendPhoto');
    expect(call!.content_type).toMatch(/^multipart\/form-data/);
    expect(call!.params.caption).toBe('Смета во вложении');
    expect(call!.files).toHaveLength(1);
    expect(Buffer.compare(call!.files[0]!.body, bytes)).toBe(0);
  });

  it('sends several attachments as one album', async () => {
    const lead = await newLead();
    const keys = [];
    for (const n of [1, 2]) {
      const key = mediaKey(org.id, { contentType: 'image/png' });
      await h.storage.put(key, Buffer.from(`png ${n}`), { contentType: 'image/png' });
      keys.push({ type: 'photo' as const, key });
    }
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'До и после', media: keys });
    await waitFor(() => statusOf(message.id, 'sent'), 10_000, 'sent');
    const calls = h.fake.sent(lead.chat_id!);
    expect(calls.map((c) => c.method)).toEqual(['sendMediaGroup']);
    expect(calls[0]!.files).toHaveLength(2);
  });

  it('spaces replies to one chat a second apart and keeps their order', async () => {
    const lead = await newLead();
    const ids = [];
    for (const text of ['Первое', 'Второе', 'Третье']) {
      ids.push((await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: text })).id);
    }
    for (const id of ids) await waitFor(() => statusOf(id, 'sent'), 20_000, 'sent');
    const calls = h.fake.sent(lead.chat_id!);
    expect(calls.map((c) => c.params.text)).toEqual(['Первое', 'Второе', 'Третье']);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(950);
  });

  it('waits out 429 retry_after and then delivers', async () => {
    const lead = await newLead();
    h.fake.failNext({ kind: 'rate_limited', retry_after: 1 }, 1, { chat_id: lead.chat_id! });
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'После паузы' });
    const sent = await waitFor(() => statusOf(message.id, 'sent'), 10_000, 'sent');
    const calls = h.fake.requests.filter((r) => String(r.params.chat_id) === String(lead.chat_id));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(sent.error).toBeNull();
  });

  it('marks the message blocked and the lead unreachable on 403', async () => {
    const lead = await newLead();
    h.fake.failChat(lead.chat_id!, { kind: 'blocked' });
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'Вы здесь?' });
    const blocked = await waitFor(() => statusOf(message.id, 'blocked'), 10_000, 'blocked');
    expect(blocked.error).toMatch(/403/);
    await lead.reload();
    expect(lead.unreachable).toBe(true);
    // Blocked is final: exactly one attempt was made.
    expect(h.fake.requests.filter((r) => String(r.params.chat_id) === String(lead.chat_id))).toHaveLength(1);
    h.fake.clearFaults();
  });

  it('retries 5xx with backoff and delivers', async () => {
    const lead = await newLead();
    h.fake.failNext({ kind: 'server_error', status: 502 }, 2, { chat_id: lead.chat_id! });
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'Со второй попытки' });
    // Two back-offs (about 2 s on a quiet machine); a loaded one stretches every step, so the wait is generous.
    await waitFor(() => statusOf(message.id, 'sent'), 30_000, 'sent');
    const calls = h.fake.requests.filter((r) => String(r.params.chat_id) === String(lead.chat_id));
    expect(calls.map((c) => c.status)).toEqual([502, 502, 200]);
    expect(h.fake.sent(lead.chat_id!)).toHaveLength(1);
  });

  it('keeps retrying through the retry window (2 s here), then gives up and keeps the reason', async () => {
    const lead = await newLead();
    h.fake.failNext({ kind: 'server_error', status: 500 }, 100, { chat_id: lead.chat_id! });
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'Не дойдёт' });
    const retrying = await waitFor(() => statusOf(message.id, 'retrying'), 10_000, 'retrying');
    expect(retrying.error).toMatch(/500.*retrying/);
    const failed = await waitFor(() => statusOf(message.id, 'failed'), 15_000, 'failed');
    const attempts = Number(/after (\d+) attempts over \d+ s/.exec(failed.error ?? '')?.[1]);
    expect(failed.error).toMatch(/^500/);
    expect(failed.attempts).toBe(attempts);
    expect(attempts).toBeGreaterThanOrEqual(3);
    const calls = h.fake.requests.filter((r) => String(r.params.chat_id) === String(lead.chat_id));
    expect(calls).toHaveLength(attempts);
    // The window runs from the first attempt's start; the fake stamps each request on arrival, a few ms later.
    expect(calls.at(-1)!.at - calls[0]!.at).toBeGreaterThanOrEqual(2_000 - 50);
    h.fake.clearFaults();
  });

  it('fails at once on a permanent refusal', async () => {
    const lead = await newLead();
    h.fake.failNext({ kind: 'bad_request', description: 'Bad Request: chat not found' }, 1, { chat_id: lead.chat_id! });
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, lead_id: lead.id, content: 'x' });
    const failed = await waitFor(() => statusOf(message.id, 'failed'), 10_000, 'failed');
    expect(failed.error).toMatch(/chat not found/);
  });

  it('rejects bad input naming the field, and another organization’s lead', async () => {
    await expect(queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, chat_id: 1, content: '' })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { content: expect.any(String) } },
    });
    const other = await h.createOrg('Other');
    const lead = await newLead();
    await expect(queueOutboundMessage({ queue: worker.deps.queue }, { org_id: other.id, lead_id: lead.id, content: 'hi' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
