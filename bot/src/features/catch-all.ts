import type { BotFeature } from '../context.js';

/** Last in the chain: what no feature took (channel posts, polls, inline queries…) is logged, on purpose. */
export const catchAllFeature: BotFeature = {
  name: 'catch-all',
  register(bot) {
    bot.use((ctx) => {
      const kinds = Object.keys(ctx.update).filter((k) => k !== 'update_id');
      ctx.crm.logger.debug({ kinds }, 'update not handled by any feature');
    });
  },
};
