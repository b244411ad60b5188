import { ChatMessage, QueryTypes, type Sequelize } from '@crm/database';
import { setPersonReachable } from '../people/reachability.js';
import { markGroupLeft } from '../groups/telegram-groups.js';
import { DomainError, notFound } from '../errors.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { PublishEvent } from '../events/index.js';

/**
 * The life of an outbound message, top to bottom. Every change of an outbound message's status is
 * a function of this module; deliver-message.ts decides which one a send's outcome calls for.
 *
 *   (recordOutboundMessage) ──▶ queued ──enqueue fails──▶ failed
 *   queued ──claim (lease)──▶ sending ──▶ sent
 *     ▲  ▲                      │ ├──▶ blocked (the person blocked the bot)
 *     │  └── 429: bot paused ───┤ ├──▶ failed  (refused, or transient failures for longer than the window)
 *     │                         ▼ │
 *     └──────(send again)── retrying (5xx, network, time-out: capped back-off)
 *
 * A message is claimed only right before its request goes on the wire, with a short lease; a
 * sender that dies lets its lease run out and the sweep hands the message to another sender.
 * The Telegram message id is written before the message counts as sent, and only the holder of
 * the claim can settle it. A blocked message marks the person unreachable (people/reachability.ts);
 * a failed one can be sent again (resendMessage: failed → queued).
 */
export interface DeliverySettings {
  /** Transient failures keep being retried for this long after the first one (default 24 h). */
  retryWindowMs: number;
  /** First retry delay; doubles with each attempt up to `backoffCapMs`. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A send waits in-process for its rate-limit slot up to this long; beyond it the job is rescheduled. */
  maxRateWaitMs: number;
  /** How long a claimed message is held by its sender; longer than a Telegram request may take. */
  leaseMs: number;
  /** A queued or retrying message whose attempt is this much overdue has lost its job: the sweep queues it again. */
  lostAfterMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  retryWindowMs: 24 * 3_600_000,
  backoffBaseMs: 2_000,
  backoffCapMs: 10 * 60_000,
  maxRateWaitMs: 5_000,
  leaseMs: 20_000,
  lostAfterMs: 2 * 60_000,
};

/** Exponential back-off with ±20% jitter, so retries of many messages do not arrive together. */
export function backoffDelay(baseMs: number, attempt: number, capMs = 5 * 60_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

type Row = ChatMessage;

const duration = (ms: number) =>
  ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;

async function returning(sequelize: Sequelize, sql: string, bind: unknown[]): Promise<Row | null> {
  const rows = await sequelize.query(sql, { bind, model: ChatMessage, mapToModel: true, type: QueryTypes.SELECT });
  return (rows[0] as Row | undefined) ?? null;
}

const PENDING = `status IN ('queued', 'retrying')`;

/**
 * queued/retrying (or sending with an expired lease) → sending, unless the bot is paused by a 429.
 * Null when another sender holds it, it is settled, or the bot is paused (`botPausedUntil` tells).
 */
export function claimForSend(sequelize: Sequelize, messageId: number, botId: string, leaseMs: number): Promise<Row | null> {
  return returning(
    sequelize,
    `
    UPDATE chat_messages SET status = 'sending', lease_until = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
     WHERE id = $1 AND (${PENDING} OR (status = 'sending' AND lease_until < now()))
       AND NOT EXISTS (SELECT 1 FROM telegram_bot_pauses WHERE bot_id = $2 AND paused_until > now())
     RETURNING *`,
    [messageId, botId, leaseMs],
  );
}

/** The message went out: its Telegram id is recorded with the final state, by the claim holder only. */
export function markSent(sequelize: Sequelize, messageId: number, telegramMessageId: number): Promise<Row | null> {
  return returning(
    sequelize,
    `
    UPDATE chat_messages SET status = 'sent', telegram_message_id = $2, sent_at = now(), error = NULL,
           lease_until = NULL, next_attempt_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'sending' RETURNING *`,
    [messageId, telegramMessageId],
  );
}

/** A final refusal (`failed`, `blocked`) or a problem found before sending (no bot, no chat). */
export function markFinal(sequelize: Sequelize, messageId: number, status: 'failed' | 'blocked', error: string): Promise<Row | null> {
  return returning(
    sequelize,
    `
    UPDATE chat_messages SET status = $2, error = $3, lease_until = NULL, next_attempt_at = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'retrying', 'sending') RETURNING *`,
    [messageId, status, error.slice(0, 2000)],
  );
}

/**
 * Back to waiting until `at` without counting an attempt (Telegram asked to wait, the rate limit, the
 * chat's order). `claimed`: the caller holds the message's claim and gives it back (`sending` →
 * `queued`); otherwise a message another sender has claimed is left to it.
 */
export function postpone(sequelize: Sequelize, messageId: number, at: Date, error: string | null, claimed = false): Promise<Row | null> {
  return returning(
    sequelize,
    `
    UPDATE chat_messages SET status = CASE WHEN status = 'sending' THEN 'queued'::delivery_status ELSE status END,
           next_attempt_at = $2, lease_until = NULL, error = COALESCE($3, error), updated_at = now()
     WHERE id = $1 AND (CASE WHEN $4 THEN status = 'sending' ELSE ${PENDING} OR (status = 'sending' AND lease_until < now()) END)
     RETURNING *`,
    [messageId, at, error, claimed],
  );
}

/** A waiting message made due now; one already taken by a sender is left to it. */
export async function dueNow(sequelize: Sequelize, messageId: number): Promise<boolean> {
  const [, count] = await sequelize.query(
    `
    UPDATE chat_messages SET next_attempt_at = now(), updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'retrying')`,
    { bind: [messageId], type: QueryTypes.UPDATE },
  );
  return count > 0;
}

/**
 * A transient failure: `retrying` with the next attempt after a capped back-off, or `failed` once
 * failures have lasted longer than the retry window.
 */
export async function recordTransientFailure(sequelize: Sequelize, message: Row, description: string, settings: DeliverySettings): Promise<Row | null> {
  const attempts = message.attempts + 1;
  const firstFailed = message.first_failed_at ?? new Date();
  if (Date.now() - firstFailed.getTime() >= settings.retryWindowMs) {
    const row = await returning(
      sequelize,
      `
      UPDATE chat_messages SET status = 'failed', attempts = $2, error = $3, lease_until = NULL, next_attempt_at = NULL, updated_at = now()
       WHERE id = $1 AND status = 'sending' RETURNING *`,
      [message.id, attempts, `${description} (after ${attempts} attempts over ${duration(Date.now() - firstFailed.getTime())})`.slice(0, 2000)],
    );
    return row;
  }
  const next = new Date(Date.now() + backoffDelay(settings.backoffBaseMs, attempts - 1, settings.backoffCapMs));
  return returning(
    sequelize,
    `
    UPDATE chat_messages SET status = 'retrying', attempts = $2, first_failed_at = $3, next_attempt_at = $4,
           error = $5, lease_until = NULL, updated_at = now()
     WHERE id = $1 AND status = 'sending' RETURNING *`,
    [message.id, attempts, firstFailed, next, `${description}; retrying`.slice(0, 2000)],
  );
}

/** Telegram answered 429: every sender of this bot, in every jobs process, waits until `until`. */
export async function pauseBot(sequelize: Sequelize, botId: string, until: Date, reason: string): Promise<void> {
  await sequelize.query(
    `
    INSERT INTO telegram_bot_pauses (bot_id, paused_until, reason) VALUES ($1, $2, $3)
    ON CONFLICT (bot_id) DO UPDATE SET paused_until = GREATEST(telegram_bot_pauses.paused_until, EXCLUDED.paused_until),
      reason = EXCLUDED.reason, updated_at = now()`,
    { bind: [botId, until, reason] },
  );
}

/** When the bot's pause ends, or null when it may send. */
export async function botPausedUntil(sequelize: Sequelize, botId: string): Promise<Date | null> {
  const rows = await sequelize.query<{ paused_until: Date }>('SELECT paused_until FROM telegram_bot_pauses WHERE bot_id = $1 AND paused_until > now()', {
    bind: [botId],
    type: QueryTypes.SELECT,
  });
  return rows[0]?.paused_until ?? null;
}

/**
 * The earliest message of the same chat that is still on its way, when it is earlier than this
 * one: replies in a chat go out in the order they were written, across retries and pauses.
 */
export async function earlierPending(sequelize: Sequelize, message: Row, settings: DeliverySettings) {
  if (!message.chat_id) return null;
  const rows = await sequelize.query<{ id: number; status: string; next_attempt_at: Date | null; lease_until: Date | null }>(
    `
    SELECT id, status, next_attempt_at, lease_until FROM chat_messages
     WHERE org_id = $1 AND chat_id = $2 AND id < $3 AND direction = 'outbound' AND sent_at IS NULL
       AND status IN ('queued', 'retrying', 'sending') AND created_at > now() - make_interval(secs => $4::double precision / 1000)
     ORDER BY id LIMIT 1`,
    { bind: [message.org_id, message.chat_id, message.id, settings.retryWindowMs * 2], type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

/**
 * The next message of the chat waiting behind this one, made due now (it is woken when this one
 * settles). Only a message that waited for its turn is brought forward: one backing off after a
 * failure of its own keeps its time.
 */
export async function nextInChat(sequelize: Sequelize, message: Row): Promise<number | null> {
  if (!message.chat_id) return null;
  const rows = await sequelize.query<{ id: number }>(
    `
    WITH next AS (
      SELECT id FROM chat_messages
       WHERE org_id = $1 AND chat_id = $2 AND id > $3 AND direction = 'outbound' AND sent_at IS NULL AND ${PENDING}
       ORDER BY id LIMIT 1)
    UPDATE chat_messages m
       SET next_attempt_at = CASE WHEN m.status = 'queued' AND m.next_attempt_at > now() THEN now() ELSE m.next_attempt_at END
      FROM next WHERE m.id = next.id
    RETURNING m.id`,
    { bind: [message.org_id, message.chat_id, message.id], type: QueryTypes.SELECT },
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/**
 * Messages whose sender is gone: `sending` with an expired lease (the jobs process died mid-send),
 * or `queued`/`retrying` well past their due time (the job was lost with a producer or a worker).
 */
export async function findStrandedMessages(sequelize: Sequelize, settings: DeliverySettings, limit = 500): Promise<number[]> {
  const rows = await sequelize.query<{ id: number }>(
    `
    SELECT id FROM chat_messages
     WHERE direction = 'outbound' AND sent_at IS NULL AND status <> 'blocked' AND status <> 'failed'
       AND ((status = 'sending' AND lease_until < now())
         OR (${PENDING} AND COALESCE(next_attempt_at, updated_at) < now() - make_interval(secs => $1::double precision / 1000)))
     ORDER BY id LIMIT $2`,
    { bind: [settings.lostAfterMs, limit], type: QueryTypes.SELECT },
  );
  return rows.map((r) => Number(r.id));
}

/** A 403: the person blocked the bot (they are marked unreachable), or the bot was removed from the group. */
export async function markUnreachable(sequelize: Sequelize, message: Row): Promise<void> {
  if (message.lead_id || message.user_id)
    await setPersonReachable(sequelize, { org_id: message.org_id, lead_id: message.lead_id, user_id: message.user_id }, false);
  if (message.group_id) await markGroupLeft(sequelize, { org_id: message.org_id, group_id: message.group_id });
}

/**
 * "Send again" for a failed message: back to `queued` with a fresh retry window, in its place in
 * the chat's order (it keeps its id). Only failed messages qualify: a blocked chat stays blocked.
 */
export async function resendMessage(
  deps: { sequelize: Sequelize; queue: JobQueue; publish?: PublishEvent },
  input: { org_id: number; id: number },
): Promise<Row> {
  const row = await returning(
    deps.sequelize,
    `
    UPDATE chat_messages SET status = 'queued', attempts = 0, first_failed_at = NULL, next_attempt_at = NULL,
           lease_until = NULL, error = NULL, updated_at = now()
     WHERE id = $1 AND org_id = $2 AND direction = 'outbound' AND status = 'failed' RETURNING *`,
    [input.id, input.org_id],
  );
  if (!row) {
    const existing = await ChatMessage.findOne({ where: { id: input.id, org_id: input.org_id }, attributes: ['id', 'direction', 'status'] });
    if (!existing) throw notFound('Message');
    throw new DomainError('conflict', 'Only a failed outbound message can be sent again', {
      fields: { status: existing.direction === 'outbound' ? `is ${existing.status}` : 'is an inbound message' },
    });
  }
  await deps.queue.enqueue(JOBS.telegramSend, { message_id: row.id });
  await deps.publish?.({ org_id: row.org_id, type: 'message.updated', data: { id: row.id, lead_id: row.lead_id, user_id: row.user_id } }).catch(() => {});
  return row;
}
