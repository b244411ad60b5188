import {
  decodeDecisionCallback,
  decideChangeRequest,
  isDecisionCallback,
  isEstimateCallback,
  formatWhen,
  miniAppUrl,
  organizationZone,
  publicEnv,
} from '@crm/core';
import type { User } from '@crm/database';
import type { BotContext, BotFeature } from '../../context.js';
import { refusalDetails } from '../../domain-errors.js';
import { clientTexts, pickClientLocale, type ClientLocale } from './texts.js';
import { onEstimateButton } from './estimates.js';

/** PUBLIC_URL as every process reads it (the same schema piece), for Mini App buttons. */
const publicUrl = () => {
  const env = publicEnv.parse(process.env);
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
};

// Chats whose menu button this process already set: a redundant call is harmless, so this is only
// a cache to avoid one Bot API call per message (a restart simply sets it again once).
const menuSet = new Set<string>();
const MENU_CACHE_LIMIT = 50_000;

function clientOf(ctx: BotContext): User | null {
  const { person } = ctx.crm;
  return person.role === 'client' && person.user?.is_active ? person.user : null;
}

const localeOf = (ctx: BotContext, client: User | null): ClientLocale => pickClientLocale(ctx.crm.org.locale, ctx.from?.language_code ?? client?.language_code);

/** Gives a client's chat the menu button that opens the Mini App of their organization. */
async function ensureMenuButton(ctx: BotContext, client: User, chatId: number, force: boolean): Promise<void> {
  const key = `${ctx.crm.org.id}:${chatId}`;
  if (!force && menuSet.has(key)) return;
  const t = clientTexts(localeOf(ctx, client));
  try {
    await ctx.api.setChatMenuButton({
      chat_id: chatId,
      menu_button: { type: 'web_app', text: t.menuButton, web_app: { url: miniAppUrl(publicUrl(), ctx.crm.org.id) } },
    });
    if (menuSet.size >= MENU_CACHE_LIMIT) menuSet.clear();
    menuSet.add(key);
  } catch (error) {
    // Telegram refuses non-HTTPS Mini App URLs (local development); the chat works without the button.
    ctx.crm.logger.warn({ err: error }, 'client menu button not set');
  }
}

/**
 * The client's side of the bot: their private chat gets the Mini App menu button, their messages go
 * on to the chat bridge (lead routing stores them in their manager's conversation), and the Approve
 * / Decline buttons under a change request decide it, once; the Approve / Questions buttons under an
 * estimate approve it or turn the next message into a question about it (estimates.ts).
 */
export const clientFeature: BotFeature = {
  name: 'client',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      const client = clientOf(ctx);
      if (client && message.chat.type === 'private') {
        await ensureMenuButton(ctx, client, message.chat.id, /^\/start\b/.test(message.text ?? ''));
      }
      return next();
    });

    bot.on('callback_query', async (ctx, next) => {
      const query = ctx.callbackQuery!;
      if (isEstimateCallback(query.data)) return onEstimateButton(ctx, clientOf(ctx), localeOf(ctx, clientOf(ctx)));
      if (!isDecisionCallback(query.data)) return next();
      const client = clientOf(ctx);
      const t = clientTexts(localeOf(ctx, client));
      const parsed = decodeDecisionCallback(query.data);
      if (!parsed) return void (await ctx.answerCallbackQuery({ text: t.stale }).catch(() => {}));
      if (!client) return void (await ctx.answerCallbackQuery({ text: t.notYours, show_alert: true }).catch(() => {}));
      await decide(ctx, client, parsed);
    });
  },
};

async function decide(ctx: BotContext, client: User, parsed: { decision: 'approved' | 'rejected'; change_request_id: number }) {
  const { org, sequelize, logger } = ctx.crm;
  const locale = localeOf(ctx, client);
  const t = clientTexts(locale);
  ctx.crm.subject = 'change_request';
  const { timezone: timeZone } = await organizationZone(org.id);
  try {
    const decided = await decideChangeRequest(
      sequelize,
      {
        org_id: org.id,
        change_request_id: parsed.change_request_id,
        decision: parsed.decision,
        decided_by: client.id,
        client_id: client.id,
      },
      ctx.crm.queue ? { queue: ctx.crm.queue, logger } : undefined,
    );
    const when = formatWhen(decided.decided_at, locale, timeZone);
    await showOutcome(ctx, decided.status === 'approved' ? t.approvedNote(when) : t.rejectedNote(when));
    await ctx.answerCallbackQuery({ text: decided.status === 'approved' ? t.approvedAnswer : t.rejectedAnswer }).catch(() => {});
  } catch (error) {
    // Part of the flow, not the answer: a request decided earlier (elsewhere, or by a double tap)
    // shows that decision under the message, as a fresh one would. The boundary still answers the tap.
    const earlier = refusalDetails(error, 'already_decided') as { status: string; decided_by_name: string | null; decided_at: Date | null } | null;
    if (earlier)
      await showOutcome(
        ctx,
        t.decidedNote(earlier.status, earlier.decided_by_name ?? '—', earlier.decided_at ? formatWhen(earlier.decided_at, locale, timeZone) : ''),
      );
    throw error;
  }
}

/** Replaces the decision buttons with the outcome under the original text, keeping the Open button. */
async function showOutcome(ctx: BotContext, note: string) {
  const message = ctx.callbackQuery?.message;
  if (!message || !('text' in message) || !message.text) return;
  const original = message.text.split('\n\n✅')[0]!.split('\n\n❌')[0]!;
  const t = clientTexts(localeOf(ctx, clientOf(ctx)));
  try {
    await ctx.api.editMessageText({
      chat_id: message.chat.id,
      message_id: message.message_id,
      text: `${original}\n\n${note}`.slice(0, 4096),
      reply_markup: { inline_keyboard: [[{ text: t.openApp, web_app: { url: miniAppUrl(publicUrl(), ctx.crm.org.id) } }]] },
    });
  } catch (error) {
    // Unchanged text or an old message: the decision itself is saved.
    ctx.crm.logger.warn({ err: error }, 'decision message not edited');
  }
}
