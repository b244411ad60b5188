// A Bot API outage much longer than the old five tries: every reply waits in `retrying` with a
// capped back-off and goes out once Telegram answers again — each exactly once, in each chat's order.
// The outage lasts 70 s as a real one would (FAULT_OUTAGE_MS shortens it for a quick local run); only
// the back-off cap is lowered (5 s instead of 10 minutes) so recovery is measured in seconds.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ChatMessage, Op, type Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? 70_000);
jest.setTimeout(OUTAGE_MS + 90_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let org: Organization;
const firstChat = 6_100_000 + Math.floor(Math.random() * 1e6);

beforeAll(async () => {
  h = await startHarness({ DELIVERY_RETRY_WINDOW_MS: String(OUTAGE_MS * 10) }, { backoffBaseMs: 200, backoffCapMs: 5_000 });
  org = await h.createOrg('Outage');
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => h.close());

describe('a Bot API outage', () => {
  it('delivers every reply exactly once and in order after the Bot API comes back', async () => {
    const chats = Array.from({ length: 15 }, (_, i) => firstChat + i);
    h.fake.failNext({ kind: 'server_error', status: 500 }, Infinity, { token: org.bot_token! });
    const started = Date.now();
    const ids: number[] = [];
    for (const chat of chats) {
      for (const text of ['Первый ответ', 'Второй ответ']) {
        ids.push((await queueOutboundMessage({ queue: worker.deps.queue }, { org_id: org.id, chat_id: chat, content: `${text} ${chat}` })).id);
      }
    }
    const firsts = ids.filter((_, i) => i % 2 === 0);
    await waitFor(async () => (await ChatMessage.count({ where: { id: { [Op.in]: firsts }, status: 'retrying' } })) === firsts.length, 10_000, 'all retrying');
    // The second reply of each chat waits behind the first: it is never tried before it.
    const seconds = ids.filter((_, i) => i % 2 === 1);
    expect(await ChatMessage.count({ where: { id: { [Op.in]: seconds }, status: { [Op.notIn]: ['queued'] } } })).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - started))));
    expect(await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'failed' } })).toBe(0);
    const failedCalls = h.fake.requests.filter((r) => r.token === org.bot_token && r.status === 500).length;
    h.fake.clearFaults();
    const back = Date.now();
    await waitFor(async () => (await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'sent' } })) === ids.length, 30_000, 'all sent');
    const recoveredMs = Date.now() - back;

    for (const chat of chats) {
      expect(h.fake.sent(chat).map((c) => c.params.text)).toEqual([`Первый ответ ${chat}`, `Второй ответ ${chat}`]);
    }
    const attempts = await ChatMessage.sum('attempts', { where: { id: { [Op.in]: firsts } } });
    console.log(
      `[faults] Bot API outage of ${OUTAGE_MS} ms: ${ids.length} messages, ${failedCalls} refused calls, ` +
        `${attempts} retries recorded, 0 lost, 0 doubled; all sent ${recoveredMs} ms after the Bot API came back`,
    );
  });
});
