import { z } from 'zod';
import { ChatMessage, Lead, QueryTypes, User, type MediaItem, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { PublishEvent } from '../events/index.js';
import type { Logger } from '../logger.js';
import { parseInput } from '../validation.js';
import { markFinal } from './delivery.js';

const dbId = z.coerce.number().int().positive();

/** An attachment of an outbound message: a file already uploaded to storage, referenced by its key. */
export const outboundMediaItem = z.object({
  type: z.enum(['photo', 'document', 'video', 'audio', 'voice', 'animation']),
  key: z.string().trim().min(1, 'must be the storage key of an uploaded file').max(500),
  file_name: z.string().trim().max(255).nullish(),
  mime_type: z.string().trim().max(255).nullish(),
  size: z.number().int().min(0).nullish(),
});

/** Telegram's limits on a message's text: 4096 characters, 1024 as an attachment's caption; text or an attachment is required. */
export const messageText = z.string().trim().max(4096, 'must be at most 4096 characters').default('');

export function checkMessageText(ctx: z.RefinementCtx, content: string, attachments: number, field: string): void {
  if (!content && attachments === 0) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when there are no attachments' });
  if (attachments > 0 && content.length > 1024)
    ctx.addIssue({ code: 'custom', path: [field], message: 'must be at most 1024 characters as an attachment caption' });
}

const outboundMessageInput = z
  .object({
    org_id: dbId,
    /** Telegram chat id; when absent it is taken from the lead or user. */
    chat_id: z.coerce
      .number()
      .int()
      .refine((v) => v !== 0, 'must be a Telegram chat id')
      .optional(),
    lead_id: dbId.optional(),
    user_id: dbId.optional(),
    /** A Telegram group's conversation (telegram_groups.id); the message goes to the group's chat. */
    group_id: dbId.optional(),
    sender_id: dbId.optional(),
    content: messageText,
    media: z.array(outboundMediaItem).max(10, 'at most 10 attachments per message').default([]),
    reply_markup: z.record(z.string(), z.unknown()).optional(),
    /** The message of the same chat this one answers (chat_messages.id); checked by the caller. */
    reply_to_id: dbId.optional(),
  })
  .superRefine((input, ctx) => {
    checkMessageText(ctx, input.content, input.media.length, 'content');
    if (input.media.length > 1 && input.reply_markup) {
      ctx.addIssue({ code: 'custom', path: ['reply_markup'], message: 'cannot be sent with several attachments' });
    }
  });

export type OutboundMessageInput = z.input<typeof outboundMessageInput>;

export interface OutboundDeps {
  queue: JobQueue;
  /** Publishes `message.created` for the real-time stream, when the caller has one. */
  publish?: PublishEvent;
}

/**
 * Records an outbound message (status `queued`) and hands its delivery to the jobs process.
 * Everything sent to Telegram on behalf of a manager or the AI goes through here, so every such
 * message has a row, a delivery status and respects the bot's rate limits.
 */
export async function queueOutboundMessage(deps: OutboundDeps, rawInput: OutboundMessageInput): Promise<ChatMessage> {
  const message = await recordOutboundMessage(rawInput);
  await dispatchOutboundMessage(deps, message);
  return message;
}

/**
 * Only the row (status `queued`), inside the caller's transaction when given: work that must not
 * happen twice (an AI turn) creates its reply together with its own claim, then dispatches it
 * after the commit. A row whose dispatch is lost is queued again by the delivery sweep.
 */
export async function recordOutboundMessage(rawInput: OutboundMessageInput, transaction?: SqlTransaction): Promise<ChatMessage> {
  const input = parseInput(outboundMessageInput, rawInput, 'Invalid message');
  const chatId = await recipientChatId(input, transaction);

  const media: MediaItem[] = input.media.map((item) => ({
    type: item.type,
    key: item.key,
    file_name: item.file_name ?? null,
    mime_type: item.mime_type ?? null,
    size: item.size ?? null,
  }));
  const message = await ChatMessage.create(
    {
      org_id: input.org_id,
      lead_id: input.lead_id ?? null,
      user_id: input.user_id ?? null,
      group_id: input.group_id ?? null,
      sender_id: input.sender_id ?? null,
      direction: 'outbound',
      kind: media.length > 1 ? 'album' : (media[0]?.type ?? 'text'),
      content: input.content,
      media,
      chat_id: chatId,
      reply_markup: input.reply_markup ?? null,
      reply_to_id: input.reply_to_id ?? null,
      status: 'queued',
    },
    { transaction },
  );
  if (input.lead_id) {
    await Lead.update(
      { last_message_at: message.created_at, last_activity_at: message.created_at },
      { where: { id: input.lead_id, org_id: input.org_id }, transaction },
    );
  }
  if (input.group_id) {
    await ChatMessage.sequelize!.query('UPDATE telegram_groups SET last_message_at = :at, updated_at = now() WHERE id = :id AND org_id = :org_id', {
      replacements: { at: message.created_at, id: input.group_id, org_id: input.org_id },
      transaction,
    });
  }
  return message;
}

/** Hands a recorded message to the jobs process and tells the back office about it. */
export async function dispatchOutboundMessage(deps: OutboundDeps, message: ChatMessage): Promise<void> {
  try {
    await deps.queue.enqueue(JOBS.telegramSend, { message_id: message.id });
  } catch (error) {
    await markFinal(ChatMessage.sequelize!, message.id, 'failed', 'could not be queued for delivery');
    throw new DomainError('unavailable', 'The message could not be queued for delivery, try again', {
      cause: (error as Error).message,
    });
  }
  await deps
    .publish?.({ org_id: message.org_id, type: 'message.created', data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id } })
    .catch(() => {});
}

/**
 * Hands messages recorded in a transaction that has committed (with whatever they follow: a report, a
 * notification) to the jobs process. One that cannot be queued now stays `queued`, and the delivery
 * sweep hands it to a sender later (`DeliverySettings.lostAfterMs`): what was committed is not lost.
 */
export async function dispatchRecordedMessages(deps: OutboundDeps & { logger?: Logger }, messages: ChatMessage[]): Promise<void> {
  for (const message of messages) {
    try {
      await deps.queue.enqueue(JOBS.telegramSend, { message_id: message.id });
    } catch (error) {
      deps.logger?.warn({ err: error, message_id: message.id }, 'message not queued now: the delivery sweep will send it');
    }
    await deps
      .publish?.({ org_id: message.org_id, type: 'message.created', data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id } })
      .catch(() => {});
  }
}

/** The chat the message goes to; the lead and user must belong to the organization. */
async function recipientChatId(
  input: { org_id: number; chat_id?: number; lead_id?: number; user_id?: number; group_id?: number },
  transaction?: SqlTransaction,
): Promise<number> {
  let chatId = input.chat_id ?? null;
  if (input.group_id) {
    const [group] = await ChatMessage.sequelize!.query<{ chat_id: string }>('SELECT chat_id FROM telegram_groups WHERE id = :id AND org_id = :org_id', {
      replacements: { id: input.group_id, org_id: input.org_id },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!group) throw notFound('Group');
    // The group's current chat id (a group upgraded to a supergroup has a new one).
    chatId = Number(group.chat_id);
  }
  if (input.lead_id) {
    const lead = await Lead.findOne({ where: { id: input.lead_id, org_id: input.org_id }, attributes: ['chat_id', 'telegram_id'], transaction });
    if (!lead) throw notFound('Lead');
    chatId ??= lead.chat_id ?? lead.telegram_id;
  }
  if (input.user_id) {
    const user = await User.findOne({ where: { id: input.user_id, org_id: input.org_id }, attributes: ['telegram_id'], transaction });
    if (!user) throw notFound('User');
    chatId ??= user.telegram_id;
  }
  if (chatId) return chatId;
  throw new DomainError('validation', 'The recipient has no Telegram chat: chat_id is required', {
    fields: { chat_id: 'is required: the recipient has not written to the bot' },
  });
}
