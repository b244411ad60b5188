import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ChatMessage, Op, type Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import { deliverMessage, requeueStuckMessages } from '../src/jobs/telegram.js';

jest.setTimeout(40_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let org: Organization;
const firstChat = 8_000_000 + Math.floor(Math.random() * 1e6);

// A slow bot (10 messages/s) so that stopping the worker catches the queue half-way.
beforeAll(async () => {
  h = await startHarness({ TELEGRAM_RATE_PER_SEC: '10', JOBS_CONCURRENCY: '5' });
  org = await h.createOrg('Restart');
});
afterAll(async () => h.close());

const countStatus = (ids: number[], status: string) => ChatMessage.count({ where: { id: { [Op.in]: ids }, status } });

describe('delivery across a jobs restart', () => {
  it('delivers every queued message exactly once when the worker stops mid-queue and another starts', async () => {
    const first = await h.newWorker('first');
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const message = await queueOutboundMessage({ queue: first.deps.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Сообщение ${i}` });
      ids.push(message.id);
    }
    await first.start();
    await waitFor(async () => (await countStatus(ids, 'sent')) >= 8, 10_000, 'some sent');
    await first.stop(10_000);
    const sentBeforeRestart = await countStatus(ids, 'sent');
    expect(sentBeforeRestart).toBeLessThan(ids.length);
    expect(await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'sending' } })).toBe(0);

    const second = await h.newWorker('second');
    await second.start();
    await waitFor(async () => (await countStatus(ids, 'sent')) === ids.length, 20_000, 'all sent');
    for (let i = 0; i < ids.length; i++) {
      expect(h.fake.sent(firstChat + i)).toHaveLength(1);
    }
    // The sweep serves every organization in the shared test database, so count this bot's sends only.
    expect(h.fake.calls('sendMessage', org.bot_token!).filter((c) => c.status === 200)).toHaveLength(ids.length);
  }, 40_000);

  it('does not send again when a job for an already sent message runs twice', async () => {
    const worker = await h.newWorker('idempotent');
    const chat = firstChat + 500;
    const message = await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, chat_id: chat, content: 'Один раз' });
    await Promise.all([deliverMessage(worker.deps, { message_id: message.id }), deliverMessage(worker.deps, { message_id: message.id })]);
    await deliverMessage(worker.deps, { message_id: message.id });
    await message.reload();
    expect(message.status).toBe('sent');
    expect(h.fake.sent(chat)).toHaveLength(1);
  }, 20_000);

  it('re-queues a message whose delivery job was lost', async () => {
    const worker = await h.newWorker('sweeper');
    await worker.start();
    const chat = firstChat + 700;
    // As if the api died between the INSERT and the enqueue, a quarter of an hour ago.
    const message = await ChatMessage.create({ org_id: org.id, direction: 'outbound', status: 'queued', chat_id: chat, content: 'Потерянное' });
    await h.sequelize.query(`UPDATE chat_messages SET updated_at = now() - interval '15 minutes' WHERE id = $1`, { bind: [message.id] });
    expect(await requeueStuckMessages(worker.deps)).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await ChatMessage.findByPk(message.id))?.status === 'sent', 10_000, 'sent');
    expect(h.fake.sent(chat)).toHaveLength(1);
  });
});
