import { z } from 'zod';
import { Lead, Op, QueryTypes, User, type ChatMessage, type Sequelize } from '@crm/database';
import { DomainError } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import type { PublishEvent } from '../events/event.types.js';
import type { JobQueue } from '../jobs/queue.js';
import { mediaKey } from '../storage/storage.js';
import { parseInput } from '../validation.js';
import { managerTakesLead } from '../people/take-over.js';
import { getConversation, type ConversationRef, type ConversationRow } from './conversation.queries.js';
import { conversationChanged } from './inbox-state.service.js';
import { checkMessageText, messageText, outboundMediaItem, queueOutboundMessage } from './outbound.js';

export const MAX_REPLY_FILES = 10;

/** A file uploaded with a reply (multer's memory file fits). */
export interface ReplyFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export interface ReplyDeps {
  sequelize: Sequelize;
  queue: JobQueue;
  storage?: { put(key: string, body: Buffer, meta: { contentType?: string }): Promise<unknown> };
}

type OutboundType = z.infer<typeof outboundMediaItem>['type'];

/** How an uploaded file goes to Telegram: photos and videos as such when Telegram shows them inline. */
export function outboundTypeOf(mimeType: string): OutboundType {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/png' || type === 'image/webp') return 'photo';
  if (type === 'video/mp4') return 'video';
  return 'document';
}

const replyInput = z
  .object({
    content: messageText,
    reply_to_id: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive('must be a message id').optional()),
    file_count: z.number().int().max(MAX_REPLY_FILES, `at most ${MAX_REPLY_FILES} files per message`),
  })
  .superRefine((input, ctx) => checkMessageText(ctx, input.content, input.file_count, 'text'));

/**
 * A staff member's reply in a conversation: attachments are stored, the manager takes the lead over
 * (the AI steps back, "needs manager" clears, assigned if unassigned), and the message is queued for delivery by the jobs process.
 */
export async function replyToConversation(
  deps: ReplyDeps,
  input: { org_id: number; sender_id: number; conversation: ConversationRef; content?: unknown; files?: ReplyFile[]; reply_to_id?: unknown },
): Promise<ChatMessage> {
  const files = input.files ?? [];
  const { content, reply_to_id } = parseInput(
    replyInput,
    { content: input.content ?? '', file_count: files.length, reply_to_id: input.reply_to_id },
    'Invalid message',
  );
  const conversation = await getConversation(deps.sequelize, input.org_id, input.conversation);
  if (files.length && !deps.storage) throw new DomainError('unavailable', 'File storage is not configured');
  if (conversation.kind === 'group' && conversation.unreachable) {
    throw new DomainError(
      'validation',
      'The bot is no longer in this Telegram group, so the message cannot be delivered; add the bot back to the group first',
      { fields: { conversation: 'the bot has left this group' } },
    );
  }
  if (conversation.chat_id == null && conversation.telegram_id == null) {
    throw new DomainError('validation', 'This person has not written to the bot yet, so there is no Telegram chat to reply to', {
      fields: { conversation: 'has no Telegram chat' },
    });
  }

  if (reply_to_id !== undefined && !(await inThread(deps.sequelize, input.org_id, conversation, reply_to_id))) {
    throw new DomainError('validation', 'Invalid message: reply_to_id must be a message of this conversation', {
      fields: { reply_to_id: 'must be a message of this conversation' },
    });
  }

  const media = [];
  for (const file of files) {
    const key = mediaKey(input.org_id, { contentType: file.mimetype, fileName: file.originalname });
    await deps.storage!.put(key, file.buffer, { contentType: file.mimetype });
    media.push({ type: outboundTypeOf(file.mimetype), key, file_name: file.originalname.slice(0, 255), mime_type: file.mimetype, size: file.size });
  }

  const publish: PublishEvent = (event) => publishEvent(deps.sequelize, event);
  // The manager takes over: the AI pauses, "needs manager" clears and an unassigned lead becomes theirs.
  if (conversation.lead_id && (await managerTakesLead(deps.sequelize, { org_id: input.org_id, lead_id: conversation.lead_id, manager_id: input.sender_id }))) {
    await publish({ org_id: input.org_id, type: 'lead.updated', data: { id: conversation.lead_id } });
  }
  // A person's thread without a lead nobody has yet becomes the first replier's as well.
  if (
    conversation.kind === 'user' &&
    conversation.manager_id === null &&
    (await assignIfUnassigned(deps.sequelize, input.org_id, conversation.user_id!, input.sender_id))
  ) {
    await conversationChanged(deps.sequelize, input.org_id, input.conversation);
  }
  return queueOutboundMessage(
    { queue: deps.queue, publish },
    {
      org_id: input.org_id,
      ...(conversation.kind === 'group'
        ? { group_id: conversation.group_id!, chat_id: conversation.chat_id! }
        : conversation.kind === 'lead'
          ? { lead_id: conversation.lead_id! }
          : { user_id: conversation.user_id! }),
      sender_id: input.sender_id,
      content,
      media,
      ...(reply_to_id !== undefined ? { reply_to_id } : {}),
    },
  );
}

/** Whether the message is one of the conversation's (a lead's thread holds its client's lead-less messages too). */
async function inThread(sequelize: Sequelize, orgId: number, conversation: ConversationRow, messageId: number): Promise<boolean> {
  const thread =
    conversation.kind === 'group' ? 'm.group_id = :group_id' : '(m.lead_id = :lead_id OR (m.lead_id IS NULL AND m.user_id = :user_id AND m.group_id IS NULL))';
  const rows = await sequelize.query(`SELECT 1 FROM chat_messages m WHERE m.org_id = :org_id AND m.id = :id AND ${thread}`, {
    replacements: { org_id: orgId, id: messageId, group_id: conversation.group_id, lead_id: conversation.lead_id, user_id: conversation.user_id },
    type: QueryTypes.SELECT,
  });
  return rows.length > 0;
}

/** Assigns a lead-less person's thread to an active admin or manager when it has nobody. */
async function assignIfUnassigned(sequelize: Sequelize, orgId: number, userId: number, managerId: number): Promise<boolean> {
  const rows = await sequelize.query(
    `UPDATE users SET manager_id = :manager_id, updated_at = now() WHERE id = :user_id AND org_id = :org_id AND manager_id IS NULL
       AND EXISTS (SELECT 1 FROM users m WHERE m.id = :manager_id AND m.org_id = :org_id AND m.role IN ('admin', 'manager') AND m.is_active)
     RETURNING id`,
    { replacements: { org_id: orgId, user_id: userId, manager_id: managerId }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

/** Marks every inbound message of the conversation read and zeroes the lead's unread counter. */
export async function markConversationRead(sequelize: Sequelize, orgId: number, ref: ConversationRef): Promise<number> {
  const conversation = await getConversation(sequelize, orgId, ref);
  return sequelize.transaction(async (transaction) => {
    const thread =
      conversation.kind === 'group'
        ? 'm.group_id = :group_id'
        : '(m.lead_id = :lead_id OR (m.lead_id IS NULL AND m.user_id = :user_id AND m.group_id IS NULL))';
    const rows = await sequelize.query<{ id: number }>(
      `UPDATE chat_messages m SET read_at = now(), updated_at = now()
       WHERE m.org_id = :org_id AND ${thread} AND m.direction = 'inbound' AND m.read_at IS NULL
       RETURNING m.id`,
      {
        replacements: { org_id: orgId, lead_id: conversation.lead_id, user_id: conversation.user_id, group_id: conversation.group_id },
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    if (conversation.group_id) {
      await sequelize.query('UPDATE telegram_groups SET unread_count = 0 WHERE id = :id AND org_id = :org_id', {
        replacements: { id: conversation.group_id, org_id: orgId },
        transaction,
      });
    }
    if (conversation.lead_id) {
      await Lead.update({ unread_count: 0 }, { where: { id: conversation.lead_id, org_id: orgId }, transaction });
      await publishEvent(transaction, { org_id: orgId, type: 'lead.updated', data: { id: conversation.lead_id } });
    }
    return rows.length;
  });
}

const assignInput = z.object({
  manager_id: z.union([z.coerce.number().int().positive('must be a user id'), z.null()], { error: 'is required (a user id, or null to unassign)' }),
});

/** Assigns the conversation's lead (or user) to a manager, who must be active staff of the same organization. */
export async function assignConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef, body: unknown): Promise<void> {
  const { manager_id } = parseInput(assignInput, body, 'Invalid assignment');
  const conversation = await getConversation(sequelize, orgId, ref);
  if (conversation.kind === 'group') {
    throw new DomainError('validation', "A group conversation follows its project's manager: change the manager on the project", {
      fields: { manager_id: "follows the linked project's manager" },
    });
  }
  if (manager_id !== null) {
    const manager = await User.findOne({
      where: { id: manager_id, org_id: orgId, role: { [Op.in]: ['admin', 'manager'] }, is_active: true },
      attributes: ['id'],
    });
    if (!manager) {
      throw new DomainError('validation', 'Invalid assignment: manager_id must be an active admin or manager of this organization', {
        fields: { manager_id: 'must be an active admin or manager of this organization' },
      });
    }
  }
  await sequelize.transaction(async (transaction) => {
    if (conversation.kind === 'lead') {
      await Lead.update({ manager_id, last_activity_at: new Date() }, { where: { id: conversation.lead_id!, org_id: orgId }, transaction });
      await publishEvent(transaction, { org_id: orgId, type: 'lead.updated', data: { id: conversation.lead_id! } });
    } else {
      await User.update({ manager_id }, { where: { id: conversation.user_id!, org_id: orgId }, transaction });
      await conversationChanged(transaction, orgId, ref);
    }
  });
}
