import { applyInboundEdit, storeInbound } from '@crm/core';
import type { BotFeature } from '../context.js';
import { inboundFrom } from './lead-routing.js';
import { messageContent } from './message-content.js';

/** An edited message updates its stored original (first text kept); an edit of an unseen message is stored as new. */
export const editsFeature: BotFeature = {
  name: 'edits',
  register(bot) {
    bot.on('edited_message', async (ctx) => {
      const message = ctx.editedMessage!;
      const edited_at = new Date((message.edit_date ?? Math.floor(Date.now() / 1000)) * 1000);
      const { content } = messageContent(message);
      const row = await applyInboundEdit(ctx.crm, {
        org_id: ctx.crm.org.id,
        chat_id: message.chat.id,
        telegram_message_id: message.message_id,
        content,
        edited_at,
      });
      if (row) {
        ctx.crm.logger.info({ message_id: row.id }, 'inbound message edited');
        return;
      }
      if (message.chat.type === 'channel') return;
      const stored = await storeInbound(ctx.crm, inboundFrom(ctx, message, { edited_at }));
      ctx.crm.logger.info({ message_id: stored.id }, 'edit of an unseen message stored as a message');
    });
  },
};
