// The production jobs process killed with SIGKILL in the middle of a queue of outbound messages: the
// messages it had claimed are taken over by the next process once their short lease runs out (seconds,
// not minutes), every message is delivered, and only a request that was on the wire at the moment of
// the kill (its outcome unknown) can reach Telegram twice.
import { describe, it, expect } from '@jest/globals';
import { ChatMessage, Op, Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { waitFor } from '@crm/testing/process-harness';
import { useJobsStack } from './jobs-stack.js';

const stack = useJobsStack('jobs-crash');
// Each request may take up to half the lease here (see createWorker): with a shorter lease, a test machine
// that stalls the fake Bot API for a second would turn answers into time-outs and re-sends.
const LEASE_MS = 10_000;

const startJobs = () =>
  stack.startJobs({
    TELEGRAM_RATE_PER_SEC: '8',
    JOBS_CONCURRENCY: '5',
    DELIVERY_LEASE_MS: String(LEASE_MS),
    DELIVERY_SWEEP_MS: '500',
  });

describe('jobs process killed mid-queue', () => {
  it('hands its claimed messages to the next process within seconds and delivers everything', async () => {
    const botId = 7_200_000_000 + Math.floor(Math.random() * 1e8);
    const org = await Organization.create({ name: 'Crash Delivery', bot_token: `${botId}:deploy-crash-token`, bot_id: botId });
    const firstChat = 9_200_000 + Math.floor(Math.random() * 1e5);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await queueOutboundMessage({ queue: stack.queue.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Сообщение ${i}` })).id);
    }
    const count = (status: string) => ChatMessage.count({ where: { id: { [Op.in]: ids }, status } });

    const first = await startJobs();
    await waitFor('a few sent', async () => (await count('sent')) >= 8, 60_000, first);
    first.child.kill('SIGKILL');
    await first.exited;
    const stranded = await ChatMessage.findAll({ where: { id: { [Op.in]: ids }, status: 'sending' }, attributes: ['id'] });

    const restarted = Date.now();
    const second = await startJobs();
    await waitFor(
      'stranded claims taken over',
      async () => (await ChatMessage.count({ where: { id: { [Op.in]: stranded.map((m) => m.id) }, status: 'sent' } })) === stranded.length,
      60_000,
      second,
    );
    const takenOverMs = Date.now() - restarted;
    await waitFor('all sent', async () => (await count('sent')) === ids.length, 120_000, second);
    const allMs = Date.now() - restarted;

    const doubled = ids.map((_, i) => stack.fake.sent(firstChat + i).length).filter((n) => n > 1).length;
    console.log(
      `[faults] jobs SIGKILL mid-queue: ${stranded.length} claims stranded, taken over ${takenOverMs} ms after the restart, ` +
        `all ${ids.length} sent after ${allMs} ms; ${doubled} sent twice (requests on the wire at the kill)`,
    );
    for (let i = 0; i < ids.length; i++) expect(stack.fake.sent(firstChat + i).length).toBeGreaterThanOrEqual(1);
    expect(doubled).toBeLessThanOrEqual(stranded.length);
    expect(takenOverMs).toBeLessThan(LEASE_MS + 20_000);
    second.kill();
  }, 300_000);
});
