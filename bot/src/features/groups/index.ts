import type { Message } from 'node-telegram-bot-api';
import {
  canLinkGroups,
  isGroupLinkCode,
  linkGroupToProject,
  listLinkableProjects,
  moveGroupChat,
  pickLocale,
  redeemGroupLinkCode,
  setGroupMembership,
  type GroupLinkOutcome,
} from '@crm/core';
import type { BotContext, BotFeature } from '../../context.js';
import { present as showInPlace } from '../dialog-message.js';
import { forgetSecret } from '../forget-secret.js';
import { groupTexts, type GroupTexts } from './texts.js';

const PICK = /^gl:([1-9]\d{0,9})$/;
const isGroupChat = (type: string | undefined) => type === 'group' || type === 'supergroup';
const textsOf = (ctx: BotContext) => groupTexts(pickLocale(ctx.crm.org.locale, ctx.from?.language_code));

/** `/link [code]` (or the `/start <code>` an "add to group" link sends), addressed to this bot or to no bot in particular. */
function linkCommand(message: Message, botUsername: string | null): { code: string | null } | null {
  const match = /^\/(link|start)(?:@(\w+))?(?:\s+(\S+))?\s*$/i.exec(message.text ?? '');
  if (!match) return null;
  if (match[2] && botUsername && match[2].toLowerCase() !== botUsername.toLowerCase()) return null;
  const code = match[3] ?? null;
  if (match[1]!.toLowerCase() === 'start') return isGroupLinkCode(code) ? { code } : null;
  return { code };
}

function outcomeText(t: GroupTexts, outcome: GroupLinkOutcome): string {
  switch (outcome.status) {
    case 'linked':
      return t.linked(outcome.project.name);
    case 'forbidden':
      return t.forbidden;
    case 'used':
      return t.used;
    case 'expired':
      return t.expired;
    case 'project_has_group':
      return t.projectHasGroup;
    case 'no_project':
      return t.noProject;
    default:
      return t.invalid;
  }
}

const chatOf = (message: Message) => ({ id: message.chat.id, title: 'title' in message.chat ? (message.chat.title ?? null) : null });

async function onLink(ctx: BotContext, message: Message, code: string | null): Promise<void> {
  const t = textsOf(ctx);
  const { sequelize, org, person, logger } = ctx.crm;
  const request = { org_id: org.id, chat: chatOf(message), user: person.user };
  if (code) {
    // The code is spent here: the journal keeps the command without it.
    await forgetSecret(ctx, '/link');
    const outcome = await redeemGroupLinkCode(sequelize, { ...request, code });
    logger.info({ chat_id: message.chat.id, status: outcome.status }, 'group link code');
    return void (await ctx.reply(outcomeText(t, outcome)));
  }
  if (!canLinkGroups(person.user)) return void (await ctx.reply(t.forbidden));
  const projects = await listLinkableProjects(sequelize, org.id);
  if (!projects.length) return void (await ctx.reply(t.noProjects));
  await ctx.reply(t.choose, { reply_markup: { inline_keyboard: projects.map((p) => [{ text: p.name, callback_data: `gl:${p.id}` }]) } });
}

/**
 * Telegram groups: the bot added or removed, a group upgraded to a supergroup, and linking the group
 * to a project by a staff member (`/link <code>` from the project page, or `/link` and a choice of
 * project). Every other group message is stored by lead routing in the group's conversation (never
 * a lead, never answered by the AI).
 */
export const groupsFeature: BotFeature = {
  name: 'groups',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      if (!isGroupChat(message.chat.type)) return next();
      if (message.migrate_to_chat_id) {
        await moveGroupChat(ctx.crm.sequelize, { org_id: ctx.crm.org.id, from_chat_id: message.chat.id, to_chat_id: message.migrate_to_chat_id });
        return;
      }
      const command = linkCommand(message, ctx.crm.org.bot_username);
      if (!command || !message.from) return next();
      await onLink(ctx, message, command.code);
    });

    bot.on('callback_query', async (ctx, next) => {
      const query = ctx.callbackQuery!;
      const pick = PICK.exec(query.data ?? '');
      const message = query.message && 'chat' in query.message ? (query.message as Message) : null;
      if (!pick || !message || !isGroupChat(message.chat.type)) return next();
      const t = textsOf(ctx);
      const outcome = await linkGroupToProject(ctx.crm.sequelize, {
        org_id: ctx.crm.org.id,
        chat: chatOf(message),
        user: ctx.crm.person.user,
        project_id: Number(pick[1]),
      });
      ctx.crm.logger.info({ chat_id: message.chat.id, status: outcome.status }, 'group linked from the project list');
      if (outcome.status === 'forbidden') return void (await ctx.answerCallbackQuery({ text: t.forbidden, show_alert: true }).catch(() => {}));
      await ctx.answerCallbackQuery().catch(() => {});
      await showInPlace(ctx, outcomeText(t, outcome), { reply_markup: { inline_keyboard: [] } });
    });

    bot.on('my_chat_member', async (ctx, next) => {
      type Member = { status: string };
      const update = (
        ctx.update as { my_chat_member: { chat: { id: number; type: string; title?: string }; old_chat_member: Member; new_chat_member: Member } }
      ).my_chat_member;
      if (!isGroupChat(update.chat.type)) return next();
      const inGroup = (member: Member) => ['member', 'administrator', 'restricted', 'creator'].includes(member.status);
      const present = inGroup(update.new_chat_member);
      const group = await setGroupMembership(ctx.crm.sequelize, { org_id: ctx.crm.org.id, chat_id: update.chat.id, title: update.chat.title ?? null, present });
      ctx.crm.logger.info({ group_id: group.id, status: update.new_chat_member.status }, present ? 'bot is in a group' : 'bot left a group');
      // Only an arrival is greeted (being made an admin is not news), and only while the group has no project.
      if (present && !inGroup(update.old_chat_member) && !group.project_id) await ctx.reply(textsOf(ctx).welcome).catch(() => {});
    });
  },
};
