import { ChatMessage, type MediaItem, type Sequelize } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { PublishEvent } from '../events/index.js';

/** Items of a message still to be fetched from Telegram (not those given up on for want of storage). */
export const pendingMediaItems = (media: MediaItem[] | null | undefined) => (media ?? []).filter((item) => !item.key && item.file_id && !item.not_saved);

/**
 * The state of an inbound message's media while it is fetched: `loading` while downloads are being
 * retried, `failed` once the retry window is over (the back office offers a retry), null when stored.
 */
export async function setMediaState(
  sequelize: Sequelize,
  messageId: number,
  state: 'loading' | 'failed' | null,
  values: { error?: string | null; attempts?: number } = {},
): Promise<void> {
  await sequelize.query(
    `UPDATE chat_messages SET media_state = $2, media_error = $3, media_attempts = COALESCE($4, media_attempts), updated_at = now() WHERE id = $1`,
    { bind: [messageId, state, values.error ?? null, values.attempts ?? null] },
  );
}

/** "Retry" on a photo that could not be loaded: a new download with a fresh retry window. */
export async function retryMediaIngest(
  deps: { sequelize: Sequelize; queue: JobQueue; publish?: PublishEvent },
  input: { org_id: number; id: number },
): Promise<ChatMessage> {
  const message = await ChatMessage.findOne({ where: { id: input.id, org_id: input.org_id } });
  if (!message) throw notFound('Message');
  if (message.direction !== 'inbound' || pendingMediaItems(message.media).length === 0) {
    throw new DomainError('conflict', 'This message has no media left to load', { fields: { media: 'is already loaded or absent' } });
  }
  await setMediaState(deps.sequelize, message.id, 'loading', { attempts: 0 });
  await deps.queue.enqueue(JOBS.mediaIngest, { org_id: message.org_id, message_id: message.id, since: Date.now() });
  await deps
    .publish?.({ org_id: message.org_id, type: 'message.updated', data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id } })
    .catch(() => {});
  return await message.reload();
}
