// The production jobs process (`node jobs/dist/main.js`) stopped with SIGTERM in the middle of a queue of
// outbound Telegram messages, as during an upgrade: it exits 0 after finishing the sends in flight, nothing
// is left half-sent, and the next process delivers the rest — every message exactly once.
// The processes get a database of their own, so their queue never touches other test files' jobs.
import { describe, it, expect } from '@jest/globals';
import { ChatMessage, Op, Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { waitFor, type RunningProcess } from '@crm/testing/process-harness';
import { useJobsStack } from './jobs-stack.js';

const stack = useJobsStack('jobs-shutdown');

const startJobs = () =>
  stack.startJobs({
    // A slow bot (5 messages/s) so that the stop lands in the middle of the queue.
    TELEGRAM_RATE_PER_SEC: '5',
    JOBS_CONCURRENCY: '5',
  });

const stopWithin = (proc: RunningProcess, ms: number) => {
  proc.child.kill('SIGTERM');
  return Promise.race([proc.exited, new Promise((r) => setTimeout(() => r(`still running after ${ms} ms`), ms))]);
};

describe('jobs process on SIGTERM', () => {
  it('finishes the sends in flight, exits 0, and the next process delivers the rest exactly once', async () => {
    const botId = 7_100_000_000 + Math.floor(Math.random() * 1e8);
    const org = await Organization.create({ name: 'Shutdown Delivery', bot_token: `${botId}:deploy-shutdown-token`, bot_id: botId });
    const firstChat = 9_100_000 + Math.floor(Math.random() * 1e5);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const message = await queueOutboundMessage({ queue: stack.queue.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Сообщение ${i}` });
      ids.push(message.id);
    }
    const count = (status: string) => ChatMessage.count({ where: { id: { [Op.in]: ids }, status } });

    const first = await startJobs();
    await waitFor('a few sent', async () => (await count('sent')) >= 5, 30_000, first);
    expect(await stopWithin(first, 30_000)).toBe(0);

    const sentBefore = await count('sent');
    expect(sentBefore).toBeLessThan(ids.length);
    expect(await count('sending')).toBe(0); // nothing left half-way
    expect(await count('failed')).toBe(0);
    expect(await count('queued')).toBe(ids.length - sentBefore);
    expect(stack.fake.calls('sendMessage').filter((c) => c.status === 200)).toHaveLength(sentBefore);
    expect(first.jsonLogs().some((l) => String(l.msg).includes('shutting down'))).toBe(true);

    const second = await startJobs();
    // A job still running when the drain time-out hit is retried once its lock expires (2 minutes).
    await waitFor('all sent', async () => (await count('sent')) === ids.length, 150_000, second).catch(async (error: Error) => {
      const [statuses] = await stack.sequelize.query(`SELECT status, count(*) FROM chat_messages WHERE id IN (${ids.join(',')}) GROUP BY status`);
      const [jobs] = await stack.sequelize.query(
        `SELECT name, locked_at, next_run_at, last_run_at, failed_at, fail_reason FROM agenda_jobs WHERE name = 'telegram.send'`,
      );
      throw new Error(`${error.message}\nstatuses ${JSON.stringify(statuses)}\njobs ${JSON.stringify(jobs)}`);
    });
    for (let i = 0; i < ids.length; i++) expect(stack.fake.sent(firstChat + i)).toHaveLength(1);
    expect(stack.fake.calls('sendMessage').filter((c) => c.status === 200)).toHaveLength(ids.length);
    expect(await stopWithin(second, 30_000)).toBe(0);
  }, 240_000);
});
