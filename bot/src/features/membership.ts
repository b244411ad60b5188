import { publishEvent } from '@crm/core';
import type { BotFeature } from '../context.js';

/**
 * A person blocking the bot (my_chat_member → kicked) marks their lead and user unreachable, so
 * managers see why replies will not arrive; unblocking (member) clears it. Groups are the groups
 * feature's.
 */
export const membershipFeature: BotFeature = {
  name: 'membership',
  register(bot) {
    bot.on('my_chat_member', async (ctx, next) => {
      const update = (ctx.update as { my_chat_member: { chat: { id: number; type: string }; new_chat_member: { status: string } } }).my_chat_member;
      const status = update.new_chat_member.status;
      const { org, sequelize, logger } = ctx.crm;
      if (update.chat.type !== 'private') return next();
      if (status !== 'kicked' && status !== 'member') return;
      const unreachable = status === 'kicked';
      const replacements = { org: org.id, tg: update.chat.id, unreachable };
      const [leads] = await sequelize.query(
        'UPDATE leads SET unreachable = :unreachable, updated_at = now() WHERE org_id = :org AND telegram_id = :tg RETURNING id',
        { replacements }) as [Array<{ id: number }>, unknown];
      await sequelize.query('UPDATE users SET unreachable = :unreachable, updated_at = now() WHERE org_id = :org AND telegram_id = :tg', { replacements });
      logger.info({ unreachable, leads: leads.length }, unreachable ? 'person blocked the bot' : 'person unblocked the bot');
      for (const lead of leads) await publishEvent(sequelize, { org_id: org.id, type: 'lead.updated', data: { id: lead.id } });
    });
  },
};
