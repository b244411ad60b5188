import { ChatMessage, Organization, type Sequelize } from '@crm/database';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { PublishEvent } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';
import type { TelegramClients, TelegramResult } from '../telegram/telegram-client.js';
import type { TelegramRateLimiter } from '../telegram/rate-limiter.js';
import { prepareSend } from '../telegram/prepare-send.js';
import { notifyDeliveryFailed } from '../notifications/delivery-failed.js';
import { sendNotificationsToTelegram } from '../notify/staff-telegram.js';
import {
  botPausedUntil,
  claimForSend,
  dueNow,
  earlierPending,
  findStrandedMessages,
  markFinal,
  markSent,
  markUnreachable,
  nextInChat,
  pauseBot,
  postpone,
  recordTransientFailure,
  type DeliverySettings,
} from './delivery.js';

export interface DeliveryDeps {
  sequelize: Sequelize;
  queue: JobQueue;
  telegram: TelegramClients;
  limiter: TelegramRateLimiter;
  storage?: Storage;
  publish?: PublishEvent;
  logger: Logger;
  settings: DeliverySettings;
  /** The back office's public address for the buttons of staff alerts; PUBLIC_URL by default. */
  publicUrl?: string;
}

/**
 * Bot tokens by organization, kept for a few seconds: a burst of deliveries for one organization
 * reads its token once, and a changed token is picked up within the TTL.
 */
const botTokens = {
  ttlMs: 5_000,
  entries: new Map<number, { at: number; value: Promise<Organization | null> }>(),
  get(orgId: number): Promise<Organization | null> {
    const hit = this.entries.get(orgId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size > 10_000) this.entries.clear();
    const value = Organization.findByPk(orgId, { attributes: ['id', 'bot_token'] });
    this.entries.set(orgId, { at: Date.now(), value });
    value.catch(() => this.entries.delete(orgId));
    return value;
  },
};

const FINAL = new Set(['sent', 'failed', 'blocked', 'received']);

/**
 * Delivers one outbound message (the `telegram.send` job). Safe to run any number of times for
 * the same message: only the sender holding the claim sends, and a settled message is left alone.
 * Every wait (order in the chat, a paused bot, the rate limit, a retry) is a new job at the due time.
 */
export async function deliverMessage(deps: DeliveryDeps, { message_id }: { message_id: number }): Promise<void> {
  const { sequelize, settings } = deps;
  const log = deps.logger.child({ job: JOBS.telegramSend, message_id });
  const message = await ChatMessage.findByPk(message_id);
  if (!message || message.direction !== 'outbound') return log.warn('no outbound message with this id');
  if (FINAL.has(message.status)) return log.debug({ status: message.status }, 'already settled');
  if (message.status === 'sending' && message.lease_until && message.lease_until.getTime() > Date.now()) {
    // Another sender has it on the wire; look again once its lease would have run out.
    return requeue(deps, message_id, message.lease_until.getTime() + 500);
  }
  if (message.next_attempt_at && message.next_attempt_at.getTime() > Date.now() + 250) {
    return requeue(deps, message_id, message.next_attempt_at.getTime());
  }

  const earlier = await earlierPending(sequelize, message, settings);
  if (earlier) {
    // Woken when the earlier one settles; the timer is only a safety net.
    const due = Math.max(earlier.next_attempt_at?.getTime() ?? 0, earlier.lease_until?.getTime() ?? 0, Date.now()) + 1_000;
    await wait(deps, message, due, null);
    // The earlier one may have settled between the look above and this wait being written: its wake-up
    // then found nothing to bring forward, and this one would sit out the safety net. Look once more.
    if (!(await earlierPending(sequelize, message, settings)) && (await dueNow(sequelize, message.id))) await requeue(deps, message.id, Date.now());
    return;
  }

  const org = await botTokens.get(message.org_id);
  if (!org?.bot_token) return settleFinal(deps, message, 'failed', 'The organization has no Telegram bot connected');
  if (!message.chat_id) return settleFinal(deps, message, 'failed', 'The recipient has no Telegram chat');
  const client = deps.telegram.for(org.bot_token);

  const paused = await botPausedUntil(sequelize, client.botId);
  if (paused) {
    deps.limiter.pause(client.botId, paused.getTime());
    return wait(deps, message, paused.getTime(), null);
  }

  const prepared = await prepareSend(client, message, deps.storage);
  if (!prepared.ok) {
    const claimed = await claimForSend(sequelize, message_id, client.botId, settings.leaseMs);
    return claimed ? handleResult(deps, claimed, client.botId, prepared) : undefined;
  }
  // Claimed only when its turn is about to come (the limiter runs this a few turns ahead, while the
  // sends before it are being spaced): a wait for the rate limit never holds a claim, and no database
  // round trip stands between the turn and the request.
  const claim: { row: ChatMessage | null } = { row: null };
  const slot = await deps.limiter.acquire(client.botId, message.chat_id, {
    cost: Math.max(1, message.media.length),
    maxWaitMs: settings.maxRateWaitMs,
    ready: async () => (claim.row = await claimForSend(sequelize, message_id, client.botId, settings.leaseMs)) !== null,
  });
  if ('declined' in slot) {
    const pausedNow = await botPausedUntil(sequelize, client.botId);
    if (pausedNow) {
      // The sends of this bot already claimed here hold back too.
      deps.limiter.pause(client.botId, pausedNow.getTime());
      await wait(deps, message, pausedNow.getTime(), null);
    }
    return log.debug('not claimed: another sender has it or the bot is paused');
  }
  // Not our turn in time: back to waiting (a claim taken for the turn is given back).
  const claimed = claim.row;
  if (!slot.acquired || !claimed) return wait(deps, message, slot.acquired ? Date.now() : slot.retry_at, null, claimed !== null);
  const sending = prepared.send();
  // Its answer, or its failure, frees its place in the bot's window of the last second; failures are
  // read below, once the update is published.
  sending.finally(() => deps.limiter.answered(client.botId)).catch(() => {});
  await publishUpdate(deps, claimed);
  const result = await sending;
  if (!result.ok && result.kind === 'retry_after') {
    // Every sender of the bot stops at once, in this process and (through the database) in the others.
    return handleResult(deps, claimed, client.botId, result);
  }
  // The answer is recorded whatever happens to the spacing (a lost database must not leave it unrecorded and sent twice).
  await deps.limiter
    .sent(client.botId, message.chat_id, Math.max(1, message.media.length))
    .catch((error: unknown) => log.warn({ err: error }, 'could not hold the chat gate after a send'));
  await handleResult(deps, claimed, client.botId, result);
}

async function handleResult(deps: DeliveryDeps, message: ChatMessage, botId: string, result: TelegramResult<number>): Promise<void> {
  const log = deps.logger.child({ job: JOBS.telegramSend, message_id: message.id });
  const { sequelize, settings } = deps;
  if (result.ok) {
    const sent = await markSent(sequelize, message.id, result.result);
    if (sent) await publishUpdate(deps, sent);
    return wakeNext(deps, message);
  }
  switch (result.kind) {
    case 'retry_after': {
      const until = Date.now() + result.retry_after_sec * 1000;
      deps.limiter.pause(botId, until);
      deps.limiter.penalize(botId, message.chat_id!, result.retry_after_sec * 1000);
      await pauseBot(sequelize, botId, new Date(until), `429 retry_after ${result.retry_after_sec} s`);
      log.info({ retry_after_sec: result.retry_after_sec }, 'Telegram asked the bot to wait; its sends are paused');
      return wait(deps, message, until, `Telegram asked to wait ${result.retry_after_sec} s`, true);
    }
    case 'transient': {
      const row = await recordTransientFailure(sequelize, message, result.description, settings);
      if (!row) return;
      await publishUpdate(deps, row);
      if (row.status === 'failed') {
        log.warn({ reason: row.error }, 'delivery failed: transient failures lasted longer than the retry window');
        await notifyFailed(deps, row);
        return wakeNext(deps, message);
      }
      return requeue(deps, message.id, row.next_attempt_at!.getTime());
    }
    case 'blocked':
      // Unreachable first: whoever sees the message blocked also sees the person marked.
      await markUnreachable(sequelize, message);
      return settleFinal(deps, message, 'blocked', result.description);
    case 'permanent':
      log.warn({ reason: result.description }, 'Telegram refused the message');
      return settleFinal(deps, message, 'failed', result.description);
  }
}

async function settleFinal(deps: DeliveryDeps, message: ChatMessage, status: 'failed' | 'blocked', error: string): Promise<void> {
  const row = await markFinal(deps.sequelize, message.id, status, error);
  if (row) {
    await publishUpdate(deps, row);
    await notifyFailed(deps, row);
  }
  await wakeNext(deps, message);
}

/** The manager hears of a message that will not arrive (a notification in the back office). */
async function notifyFailed(deps: DeliveryDeps, message: ChatMessage): Promise<void> {
  const notifications = await notifyDeliveryFailed(deps.sequelize, message).catch((error: unknown) => {
    deps.logger.warn({ err: error, message_id: message.id }, 'failed delivery not notified');
    return [];
  });
  // A manager with Telegram linked hears of it on their phone too (never about their own alerts: see notifyDeliveryFailed).
  await sendNotificationsToTelegram(
    { queue: deps.queue, logger: deps.logger, ...(deps.publish ? { publish: deps.publish } : {}), ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) },
    notifications,
  );
}

/**
 * Waits without counting an attempt (a paused bot, the chat's order, the rate limit): the message
 * is due again at `at` (so the sweep does not take it for lost) and its job runs then.
 */
async function wait(deps: DeliveryDeps, message: ChatMessage, at: number, error: string | null, claimed = false): Promise<void> {
  const row = await postpone(deps.sequelize, message.id, new Date(at), error, claimed);
  if (row) await requeue(deps, message.id, at);
}

/** The chat's next message was waiting for this one to settle: it is due now, not at its safety-net time. */
async function wakeNext(deps: DeliveryDeps, message: ChatMessage): Promise<void> {
  const next = await nextInChat(deps.sequelize, message);
  if (next) await deps.queue.enqueue(JOBS.telegramSend, { message_id: next });
}

function requeue(deps: DeliveryDeps, messageId: number, at: number): Promise<void> {
  return deps.queue.enqueue(JOBS.telegramSend, { message_id: messageId }, { runAt: new Date(Math.max(at, Date.now())) });
}

/** The recurring sweep: hands stranded messages (a dead sender's lease, a lost job) to a sender again. */
export async function requeueStrandedMessages(deps: DeliveryDeps): Promise<number> {
  const ids = await findStrandedMessages(deps.sequelize, deps.settings);
  for (const id of ids) await deps.queue.enqueue(JOBS.telegramSend, { message_id: id });
  if (ids.length) deps.logger.warn({ count: ids.length }, 're-queued outbound messages whose sender or job was lost');
  return ids.length;
}

async function publishUpdate(deps: DeliveryDeps, message: ChatMessage): Promise<void> {
  try {
    await deps.publish?.({ org_id: message.org_id, type: 'message.updated', data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id } });
  } catch (error) {
    // The stream is a convenience; the row is the truth, so a lost event must not fail delivery.
    deps.logger.warn({ err: error, message_id: message.id }, 'could not publish message.updated');
  }
}
