import { storeInbound, type StoredMessage } from '@crm/core';
import type { BotContext, BotFeature } from '../context.js';
import { displayName } from './message-content.js';

/** A button tap kept in the person's conversation as kind 'callback' (so a manager sees it), with `content` as its text. */
export function storeTap(ctx: BotContext, content: string): Promise<StoredMessage> {
  const query = ctx.callbackQuery!;
  const chat = query.message?.chat ?? { id: query.from.id, type: 'private' };
  return storeInbound(ctx.crm, {
    org_id: ctx.crm.org.id,
    chat: { id: chat.id, type: chat.type },
    person: ctx.crm.person,
    from: query.from,
    source: 'telegram',
    name: displayName(query.from),
    telegram_message_id: null,
    kind: 'callback',
    content,
    media: [],
  });
}

/**
 * A button tap no earlier feature handled: stored in the person's conversation and answered, so the
 * person's client stops showing a spinner.
 */
export const callbacksFeature: BotFeature = {
  name: 'callbacks',
  register(bot) {
    bot.on('callback_query', async (ctx) => {
      const query = ctx.callbackQuery!;
      const stored = await storeTap(ctx, query.data ?? query.game_short_name ?? '');
      try {
        await ctx.answerCallbackQuery();
      } catch (error) {
        // An old query can no longer be answered; the tap itself is stored.
        ctx.crm.logger.warn({ err: error, message_id: stored.id }, 'callback query could not be answered');
      }
    });
  },
};
