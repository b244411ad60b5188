// A bot-wide 429: Telegram's retry_after is honoured by every sender of the bot, in every jobs process
// (two workers here, each with its own in-memory rate limiter), and nothing is lost or sent twice.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ChatMessage, Op, type Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

jest.setTimeout(60_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let workers: Worker[];
let org: Organization;
const firstChat = 6_300_000 + Math.floor(Math.random() * 1e6);
const RETRY_AFTER_SEC = 3;

beforeAll(async () => {
  h = await startHarness({ TELEGRAM_RATE_PER_SEC: '20', JOBS_CONCURRENCY: '10' });
  org = await h.createOrg('Flood');
  workers = [await h.newWorker('a'), await h.newWorker('b')];
});
afterAll(async () => h.close());

describe('a bot-wide 429', () => {
  it('pauses every sender of the bot for retry_after, then delivers everything once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      ids.push((await queueOutboundMessage({ queue: workers[0]!.deps.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Рассылка ${i}` })).id);
    }
    const mine = () => h.fake.requests.filter((r) => r.token === org.bot_token);
    for (const worker of workers) await worker.start();
    await waitFor(async () => mine().filter((r) => r.status === 200).length >= 10, 15_000, 'sending started');
    h.fake.failNext({ kind: 'rate_limited', retry_after: RETRY_AFTER_SEC }, 1, { token: org.bot_token! });
    const flood = await waitFor(async () => mine().find((r) => r.status === 429), 10_000, 'the 429');

    await waitFor(async () => (await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'sent' } })) === ids.length, 30_000, 'all sent');
    // Requests already on the wire when the 429 came may land just after it; none may start later in the window.
    const grace = 150;
    const during = mine().filter((r) => r.at > flood.at + grace && r.at < flood.at + RETRY_AFTER_SEC * 1000);
    const firstAfter = mine().find((r) => r.at > flood.at + grace)!;
    console.log(
      `[faults] bot-wide 429 retry_after ${RETRY_AFTER_SEC} s, two workers: ${during.length} calls in the window, ` +
        `next call ${firstAfter.at - flood.at} ms after the 429; ${ids.length} messages sent once each`,
    );
    expect(during).toHaveLength(0);
    expect(firstAfter.at - flood.at).toBeGreaterThanOrEqual(RETRY_AFTER_SEC * 1000 - 20);
    for (let i = 0; i < ids.length; i++) expect(h.fake.sent(firstChat + i)).toHaveLength(1);
  });
});
