import type { BotContext } from '../context.js';

/**
 * The journaled update keeps the message text without its secret (a one-time link token, a group
 * link code): `/start <token>` is kept as `/start`, so a secret is never stored in the clear.
 */
export async function forgetSecret(ctx: BotContext, keptText: string): Promise<void> {
  const updateId = (ctx.update as { update_id?: number }).update_id;
  if (updateId === undefined) return;
  await ctx.crm.sequelize.query(
    `UPDATE telegram_updates SET payload = jsonb_set(payload, '{message,text}', to_jsonb(CAST(:text AS text)))
      WHERE bot_id = :bot_id AND update_id = :update_id AND payload ? 'message'`,
    { replacements: { bot_id: ctx.crm.org.bot_id, update_id: updateId, text: keptText } },
  );
}
