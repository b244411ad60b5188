// Two production jobs processes (`node jobs/dist/main.js`) sharing one bot's queue: the fake Bot API
// answers 429 as soon as the bot goes over 30 messages/s overall or 1 message/s to a chat, so a
// limiter that held per process only (each at 29/s, 58/s together) would be caught at once. Every
// message must arrive once, in its chat's order, with no 429 at all.
import { describe, it, expect } from '@jest/globals';
import { ChatMessage, Op, Organization } from '@crm/database';
import { queueOutboundMessage } from '@crm/core';
import { waitFor } from '@crm/testing/process-harness';
import { useJobsStack } from './jobs-stack.js';

const stack = useJobsStack('jobs-replicas');
const CHATS = 50;
const PER_CHAT = 3;

describe('two jobs processes sending for one bot', () => {
  it('keep the bot under Telegram limits together: no 429, each message once, each chat in order', async () => {
    stack.fake.setRateLimit({ global: 30, perChat: 1 });
    const botId = 7_300_000_000 + Math.floor(Math.random() * 1e8);
    const token = `${botId}:deploy-replicas-token`;
    const org = await Organization.create({ name: 'Replicas', bot_token: token, bot_id: botId });
    const firstChat = 9_300_000 + Math.floor(Math.random() * 1e5);
    const ids: number[] = [];
    // Round after round over the chats, so that each chat's messages are queued apart and either process may take any.
    for (let round = 0; round < PER_CHAT; round++) {
      for (let c = 0; c < CHATS; c++) {
        ids.push((await queueOutboundMessage({ queue: stack.queue.queue }, { org_id: org.id, chat_id: firstChat + c, content: `${c}:${round}` })).id);
      }
    }
    // The two processes address the fake by different names, so its log tells whose each send was.
    const env = { JOBS_CONCURRENCY: '40', TELEGRAM_RATE_PER_SEC: '29' };
    const other = stack.fake.apiRoot.replace('127.0.0.1', 'localhost');
    const [a, b] = await Promise.all([stack.startJobs(env), stack.startJobs({ ...env, TELEGRAM_API_ROOT: other })]);
    const started = Date.now();
    await waitFor('all sent', async () => (await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'sent' } })) === ids.length, 120_000, a);
    const elapsed = (Date.now() - started) / 1000;

    const accepted = stack.fake.calls('sendMessage', token).filter((call) => call.status === 200);
    const limited = stack.fake.calls('sendMessage', token).filter((call) => call.status === 429);
    console.log(`[replicas] ${ids.length} messages to ${CHATS} chats by two jobs processes in ${elapsed.toFixed(1)} s, ${limited.length} answered 429`);
    expect(limited).toHaveLength(0);
    expect(accepted).toHaveLength(ids.length);
    for (let c = 0; c < CHATS; c++) {
      expect(stack.fake.sent(firstChat + c, token).map((call) => call.params.text)).toEqual(Array.from({ length: PER_CHAT }, (_, round) => `${c}:${round}`));
    }
    // Both processes took their share (otherwise this proves nothing about two of them).
    const byB = accepted.filter((call) => call.host.startsWith('localhost')).length;
    console.log(`[replicas] sent by the first process ${accepted.length - byB}, by the second ${byB}`);
    expect(byB).toBeGreaterThan(ids.length / 10);
    expect(accepted.length - byB).toBeGreaterThan(ids.length / 10);
    a.kill();
    b.kill();
  }, 300_000);
});
