import { setPersonReachable } from '@crm/core';
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
      const { org, logger } = ctx.crm;
      if (update.chat.type !== 'private') return next();
      if (status !== 'kicked' && status !== 'member') return;
      const reachable = status === 'member';
      const { lead_ids } = await setPersonReachable(ctx.crm.sequelize, { org_id: org.id, telegram_id: update.chat.id }, reachable);
      logger.info({ reachable, leads: lead_ids.length }, reachable ? 'person unblocked the bot' : 'person blocked the bot');
    });
  },
};
