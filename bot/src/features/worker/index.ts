import type { Message } from 'node-telegram-bot-api';
import type { User } from '@crm/database';
import { listAssignedProjects, storeInbound } from '@crm/core';
import type { BotContext, BotFeature } from '../../context.js';
import { decodeCallback, isWorkerCallback, STEP_CODES } from './callback-data.js';
import { advanceFlow, startFlow } from './flow.js';
import { menuKeyboard } from './keyboards.js';
import { showStep } from './screens.js';
import { inboundFrom } from '../lead-routing.js';
import { loadSession } from './session-store.js';
import { handleContact, isSignInStart, offerSignIn } from './sign-in.js';
import { MENU, pickLocale, textsFor, type WorkerTexts } from './texts.js';

const textsOf = (ctx: BotContext) => textsFor(pickLocale(ctx.crm.org.locale, ctx.from?.language_code));

function signedInWorker(ctx: BotContext): User | null {
  const { person } = ctx.crm;
  return person.role === 'worker' && person.user?.is_active ? person.user : null;
}

/**
 * The field workers' side of the bot: phone sign-in, the persistent menu, daily reports, expenses
 * and their projects. Registered before lead routing: it takes workers' private messages and
 * sign-in attempts, and passes everything else on.
 */
export const workerFeature: BotFeature = {
  name: 'worker',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      if (message.chat.type !== 'private' || !message.from) return next();
      const t = textsOf(ctx);
      const worker = signedInWorker(ctx);
      if (!worker) {
        if (isSignInStart(ctx, message)) {
          // A plain Start may come from a new client as well as from a worker: greet with both
          // choices and let the message become a lead conversation (the greeting is its answer).
          await offerSignIn(ctx, t);
          ctx.crm.answered = true;
          return next();
        }
        if (message.contact && (ctx.crm.person.role === 'unknown' || ctx.crm.person.role === 'lead')) {
          if (await handleContact(ctx, t, message)) return;
        }
        return next();
      }
      ctx.crm.subject = 'project';
      await onWorkerMessage(ctx, t, worker, message);
    });

    bot.on('callback_query', async (ctx, next) => {
      const query = ctx.callbackQuery!;
      if (!isWorkerCallback(query.data)) return next();
      const t = textsOf(ctx);
      const worker = signedInWorker(ctx);
      const parsed = decodeCallback(query.data);
      if (!worker || !parsed || !ctx.chatId) {
        ctx.crm.logger.warn({ signed_in: Boolean(worker) }, 'worker button refused: not a worker or malformed data');
        await ctx.answerCallbackQuery({ text: t.stale }).catch(() => {});
        return;
      }
      const { session, version } = await loadSession(ctx.crm.sequelize, ctx.crm.org.id, ctx.chatId);
      if (!session || session.nonce !== parsed.nonce || STEP_CODES[session.draft.step] !== STEP_CODES[parsed.step]) {
        await ctx.answerCallbackQuery({ text: t.stale }).catch(() => {});
        // Show where the worker actually is, so the next tap lands on a live screen.
        if (session) await showStep(ctx, t, session, worker.id);
        return;
      }
      await ctx.answerCallbackQuery().catch(() => {});
      ctx.crm.subject = 'project';
      await advanceFlow(ctx, t, worker, session, version, { kind: 'action', action: parsed.action });
    });
  },
};

async function onWorkerMessage(ctx: BotContext, t: WorkerTexts, worker: User, message: Message): Promise<void> {
  const text = message.text?.trim() ?? '';
  if (/^\/start\b/.test(text)) return void (await ctx.reply(t.welcome(worker.name), { reply_markup: menuKeyboard(t) }));
  if (MENU.report.includes(text) || /^\/report\b/.test(text)) return startIfProjects(ctx, t, worker, 'report');
  if (MENU.expense.includes(text) || /^\/expense\b/.test(text)) return startIfProjects(ctx, t, worker, 'expense');
  if (MENU.projects.includes(text) || /^\/projects\b/.test(text)) return showProjects(ctx, t, worker);
  const { session, version } = await loadSession(ctx.crm.sequelize, ctx.crm.org.id, ctx.chatId!);
  if (/^\/cancel\b/.test(text)) {
    if (session) return advanceFlow(ctx, t, worker, session, version, { kind: 'action', action: { action: 'cancel' } });
    return void (await ctx.reply(t.menuHint, { reply_markup: menuKeyboard(t) }));
  }
  if (!session) return forwardToManager(ctx, t, message);
  await advanceFlow(ctx, t, worker, session, version, { kind: 'message', message });
}

/**
 * Outside the menus a worker's message is for the office: it is kept in the worker's conversation,
 * where it waits unread for the manager like any other inbound message. Unknown commands get the menu.
 */
async function forwardToManager(ctx: BotContext, t: WorkerTexts, message: Message): Promise<void> {
  if (/^\//.test(message.text ?? '')) return void (await ctx.reply(t.menuHint, { reply_markup: menuKeyboard(t) }));
  const stored = await storeInbound(ctx.crm, inboundFrom(ctx, message));
  ctx.crm.logger.info({ message_id: stored.id, user_id: stored.user_id, created: stored.created }, 'worker message stored for the manager');
  if (stored.created) await ctx.reply(t.forwarded, { reply_markup: menuKeyboard(t) });
}

async function startIfProjects(ctx: BotContext, t: WorkerTexts, worker: User, flow: 'report' | 'expense'): Promise<void> {
  const projects = await listAssignedProjects(ctx.crm.sequelize, { org_id: ctx.crm.org.id, user_id: worker.id });
  if (!projects.length) return void (await ctx.reply(t.noProjects, { reply_markup: menuKeyboard(t) }));
  await startFlow(ctx, t, worker, flow);
}

async function showProjects(ctx: BotContext, t: WorkerTexts, worker: User): Promise<void> {
  const projects = await listAssignedProjects(ctx.crm.sequelize, { org_id: ctx.crm.org.id, user_id: worker.id });
  if (!projects.length) return void (await ctx.reply(t.noProjects, { reply_markup: menuKeyboard(t) }));
  const lines = projects.map((p) =>
    [`🏠 ${p.name}${p.address ? ` — ${p.address}` : ''}`, ...p.stages.map((s) => `   • ${s.name}: ${s.progress_pct}%`)].join('\n'),
  );
  await ctx.reply([t.projectsList, '', ...lines].join('\n'), { reply_markup: menuKeyboard(t) });
}
