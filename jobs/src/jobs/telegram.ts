import type { Agenda } from 'agenda';
import { exponential } from 'agenda';
import { ChatMessage, Lead, Op, Organization, User, type DeliveryStatus } from '@crm/database';
import { JOBS, notifyDeliveryFailed, parseJobPayload, type TelegramClient, type TelegramResult } from '@crm/core';
import { prepareSend } from './telegram-send.js';
import { backoffDelay, type JobDeps } from '../deps.js';

const FINAL: DeliveryStatus[] = ['sent', 'failed', 'blocked'];

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

export function define(agenda: Agenda, deps: JobDeps): void {
  agenda.define(
    JOBS.telegramSend,
    async (job) => deliverMessage(deps, parseJobPayload(JOBS.telegramSend, job.attrs.data)),
    {
      concurrency: deps.config.JOBS_CONCURRENCY,
      // Lock no more than can run: on shutdown nothing sits locked-but-idle until its lock expires.
      lockLimit: deps.config.JOBS_CONCURRENCY,
      lockLifetime: deps.delivery.lockLifetimeMs,
      removeOnComplete: true,
      // Only for unexpected errors (the database went away); Telegram's answers are handled below.
      backoff: exponential({ delay: 5_000, maxRetries: 5, jitter: 0.2 }),
    },
  );
  agenda.define(JOBS.telegramSweep, async () => void (await requeueStuckMessages(deps)), { concurrency: 1 });
  // One recurring job per name in the table, whatever the number of workers calling this.
  agenda.every(SWEEP_EVERY, JOBS.telegramSweep, {}, { skipImmediate: true })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'delivery sweep could not be scheduled'));
}

const SWEEP_EVERY = '5 minutes';
const STUCK_AFTER_MS = 10 * 60_000;

/**
 * A message left `queued` or `sending` for long has lost its job (the process that created it died
 * between the INSERT and the enqueue, or a worker died mid-send and its job was removed). Queue it
 * again: delivery claims messages atomically, so an extra job for a message still in hand is harmless.
 */
export async function requeueStuckMessages(deps: JobDeps, olderThanMs = STUCK_AFTER_MS): Promise<number> {
  const stuck = await ChatMessage.findAll({
    where: { direction: 'outbound', status: { [Op.in]: ['queued', 'sending'] }, updated_at: { [Op.lt]: new Date(Date.now() - olderThanMs) } },
    attributes: ['id'],
    limit: 500,
  });
  for (const { id } of stuck) await deps.queue.enqueue(JOBS.telegramSend, { message_id: id });
  if (stuck.length) deps.logger.warn({ count: stuck.length }, 're-queued outbound messages whose delivery job was lost');
  return stuck.length;
}

/**
 * Delivers one outbound ChatMessage. Safe to run any number of times for the same message: a
 * conditional UPDATE claims it (`queued` → `sending`), so a message already sent is never sent again.
 * Waits and retries are new jobs carrying the attempt count, so they survive a restart.
 */
export async function deliverMessage(deps: JobDeps, { message_id, attempt = 0 }: { message_id: number; attempt?: number }): Promise<void> {
  const log = deps.logger.child({ job: JOBS.telegramSend, message_id, attempt });
  const settings = deps.delivery;
  const message = await ChatMessage.findByPk(message_id);
  if (!message || message.direction !== 'outbound') return log.warn('no outbound message with this id');
  if (FINAL.includes(message.status)) return log.debug({ status: message.status }, 'already delivered or given up');
  if (message.status === 'sending' && Date.now() - message.updated_at.getTime() < settings.sendingStaleMs) {
    // Another worker holds it right now; look again once that claim would have gone stale.
    return retryAt(deps, message_id, attempt, message.updated_at.getTime() + settings.sendingStaleMs + 1_000);
  }

  if (await earlierStillPending(message)) {
    // Replies in one conversation go out in the order they were written.
    return retryAt(deps, message_id, attempt, Date.now() + 300);
  }

  const org = await botTokens.get(message.org_id);
  if (!org?.bot_token) return void (await settle(deps, message_id, 'failed', { error: 'The organization has no Telegram bot connected' }));
  if (!message.chat_id) return void (await settle(deps, message_id, 'failed', { error: 'The recipient has no Telegram chat' }));

  const claimed = await claim(message_id, settings.sendingStaleMs);
  if (!claimed) return log.debug('claimed by another worker');
  await publishUpdate(deps, claimed);

  const client = deps.telegram.for(org.bot_token);
  const prepared = await prepareSend(client, claimed, deps.storage);
  if (!prepared.ok) return handleResult(deps, client, claimed, attempt, prepared);
  // Nothing but the request itself happens between the rate-limit gate and the wire, so the
  // spacing the gate keeps is the spacing Telegram sees.
  const slot = await deps.limiter.acquire(client.botId, claimed.chat_id!, {
    cost: Math.max(1, claimed.media.length),
    maxWaitMs: settings.maxRateWaitMs,
  });
  if (!slot.acquired) {
    await retryAt(deps, message_id, attempt, slot.retry_at);
    return void (await settle(deps, message_id, 'queued', {}));
  }
  await handleResult(deps, client, claimed, attempt, await prepared.send());
}

/**
 * Whether an earlier outbound message of the same conversation is still on its way. Only recent
 * ones count, so a message stuck for minutes (until the sweep re-queues it) does not hold up the rest.
 */
async function earlierStillPending(message: ChatMessage): Promise<boolean> {
  const person = message.lead_id ? { lead_id: message.lead_id } : message.user_id ? { user_id: message.user_id } : null;
  if (!person) return false;
  const earlier = await ChatMessage.findOne({
    where: {
      org_id: message.org_id,
      ...person,
      id: { [Op.lt]: message.id },
      direction: 'outbound',
      status: { [Op.in]: ['queued', 'sending'] },
      created_at: { [Op.gt]: new Date(Date.now() - 2 * 60_000) },
    },
    attributes: ['id'],
  });
  return earlier !== null;
}

async function handleResult(
  deps: JobDeps,
  client: TelegramClient,
  message: ChatMessage,
  attempt: number,
  result: TelegramResult<number>,
): Promise<void> {
  const log = deps.logger.child({ job: JOBS.telegramSend, message_id: message.id, attempt });
  if (result.ok) {
    await settle(deps, message.id, 'sent', { telegram_message_id: result.result, sent_at: new Date(), error: null });
    return;
  }
  switch (result.kind) {
    case 'retry_after': {
      const waitMs = result.retry_after_sec * 1000;
      deps.limiter.penalize(client.botId, message.chat_id!, waitMs);
      log.info({ retry_after_sec: result.retry_after_sec }, 'Telegram asked to wait; rescheduled');
      await retryAt(deps, message.id, attempt, Date.now() + waitMs);
      await settle(deps, message.id, 'queued', { error: `Telegram asked to wait ${result.retry_after_sec} s` });
      return;
    }
    case 'transient': {
      if (attempt + 1 >= deps.delivery.maxAttempts) {
        log.warn({ reason: result.description }, 'delivery failed after retries');
        await settle(deps, message.id, 'failed', { error: `${result.description} (after ${attempt + 1} attempts)` });
        return;
      }
      await retryAt(deps, message.id, attempt + 1, Date.now() + backoffDelay(deps.delivery.backoffBaseMs, attempt));
      await settle(deps, message.id, 'queued', { error: `${result.description}; retrying` });
      return;
    }
    case 'blocked':
      // Unreachable first: whoever sees the message blocked also sees the person marked.
      await markUnreachable(deps, message);
      await settle(deps, message.id, 'blocked', { error: result.description });
      return;
    case 'permanent':
      log.warn({ reason: result.description }, 'Telegram refused the message');
      await settle(deps, message.id, 'failed', { error: result.description });
      return;
  }
}

/** queued (or sending, abandoned by a dead worker) → sending, atomically; null when someone else has it. */
async function claim(messageId: number, staleMs: number): Promise<ChatMessage | null> {
  const [, rows] = await ChatMessage.update(
    { status: 'sending' },
    {
      where: {
        id: messageId,
        [Op.or]: [{ status: 'queued' }, { status: 'sending', updated_at: { [Op.lt]: new Date(Date.now() - staleMs) } }],
      },
      returning: true,
    },
  );
  return rows[0] ?? null;
}

/** Moves a message out of `sending`; only the worker holding the claim can do it. */
async function settle(
  deps: JobDeps,
  messageId: number,
  status: DeliveryStatus,
  values: Partial<Pick<ChatMessage, 'error' | 'telegram_message_id' | 'sent_at'>>,
): Promise<void> {
  const [, rows] = await ChatMessage.update(
    { status, ...values },
    { where: { id: messageId, status: { [Op.in]: ['queued', 'sending'] } }, returning: true },
  );
  if (!rows[0]) return;
  await publishUpdate(deps, rows[0]);
  if (status === 'failed' || status === 'blocked') {
    await notifyDeliveryFailed(deps.sequelize, rows[0])
      .catch((error: unknown) => deps.logger.warn({ err: error, message_id: messageId }, 'failed delivery not notified'));
  }
}

async function retryAt(deps: JobDeps, messageId: number, attempt: number, at: number): Promise<void> {
  await deps.queue.enqueue(JOBS.telegramSend, { message_id: messageId, attempt }, { runAt: new Date(at) });
}

async function markUnreachable(deps: JobDeps, message: ChatMessage): Promise<void> {
  if (message.lead_id) {
    await Lead.update({ unreachable: true }, { where: { id: message.lead_id, org_id: message.org_id } });
    await deps.publish({ org_id: message.org_id, type: 'lead.updated', data: { id: message.lead_id } })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not publish lead.updated'));
  }
  if (message.user_id) await User.update({ unreachable: true }, { where: { id: message.user_id, org_id: message.org_id } });
}

async function publishUpdate(deps: JobDeps, message: ChatMessage): Promise<void> {
  try {
    await deps.publish({ org_id: message.org_id, type: 'message.updated', data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id } });
  } catch (error) {
    // The stream is a convenience; the row is the truth, so a lost event must not fail delivery.
    deps.logger.warn({ err: error, message_id: message.id }, 'could not publish message.updated');
  }
}
