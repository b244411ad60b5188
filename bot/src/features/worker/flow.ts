import type { Message } from 'node-telegram-bot-api';
import { Organization, Project, User } from '@crm/database';
import {
  assertAssignment, expenseCategories, isDomainError, JOBS, queueOutboundMessage, recordExpense, reduceExpense, reduceReport,
  startExpense, startReport, submitDailyReport, publicEnv, type ExpenseEvent, type JobQueue, type ReportEvent, type ReportMedia,
} from '@crm/core';
import type { BotContext } from '../../context.js';
import type { WorkerAction } from './callback-data.js';
import { newNonce } from './callback-data.js';
import { menuKeyboard } from './keyboards.js';
import { showStep } from './screens.js';
import { loadSession, saveSession, type WorkerSession } from './session-store.js';
import { categoryLabel, pickLocale, textsFor, type WorkerTexts } from './texts.js';

export type FlowInput =
  | { kind: 'message'; message: Message }
  | { kind: 'action'; action: WorkerAction };

const MAX_ATTEMPTS = 5;
class VersionConflict extends Error {}

export async function startFlow(ctx: BotContext, t: WorkerTexts, worker: User, flow: 'report' | 'expense'): Promise<void> {
  const chatId = ctx.chatId!;
  const { sequelize, org } = ctx.crm;
  const session: WorkerSession = { nonce: newNonce(), draft: flow === 'report' ? startReport() : startExpense() };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { version } = await loadSession(sequelize, org.id, chatId);
    if (await saveSession(sequelize, org.id, chatId, session, version)) return showStep(ctx, t, session, worker.id);
  }
  throw new Error('the dialog state kept changing while starting a flow');
}

/**
 * Applies one input to the chat's persisted dialog: load, decide (pure reducer), save with a
 * version check (retrying on a concurrent write), then answer. The final step runs the domain
 * function in the same transaction that clears the dialog, so a double tap files one report.
 */
export async function advanceFlow(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number, input: FlowInput): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const chatId = ctx.chatId!;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = attempt === 0 ? { session, version } : await loadSession(sequelize, org.id, chatId);
    if (!current.session || current.session.nonce !== session.nonce) return; // finished or replaced meanwhile
    try {
      await applyOnce(ctx, t, worker, current.session, current.version, input);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error('the dialog state kept changing; giving up on this update');
}

async function applyOnce(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number, input: FlowInput): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const chatId = ctx.chatId!;
  const save = async (next: WorkerSession | null) => {
    if (!await saveSession(sequelize, org.id, chatId, next, version)) throw new VersionConflict();
  };

  if (session.draft.flow === 'report') {
    const event = await reportEvent(ctx, t, worker, session, input);
    if (!event) return;
    const { state, outcome } = reduceReport(session.draft, event);
    if (outcome.kind === 'submit') return submitReport(ctx, t, worker, session, version);
    const next = state ? { nonce: session.nonce, draft: state } : null;
    if (outcome.kind === 'hint') return void await ctx.reply(hintText(t, outcome.reason));
    await save(next);
    if (outcome.kind === 'cancelled') return void await ctx.reply(t.cancelled, { reply_markup: menuKeyboard(t) });
    if (outcome.kind === 'media_added') {
      if (!outcome.silent) await showStep(ctx, t, next!, worker.id);
      return;
    }
    // A report on the whole project has no stage progress to ask about.
    if (next!.draft.flow === 'report' && next!.draft.step === 'progress' && next!.draft.stage_id === null && event.type !== 'back') {
      return applyOnce(ctx, t, worker, next!, version + 1, { kind: 'action', action: { action: 'skip' } });
    }
    if (next!.draft.flow === 'report' && next!.draft.step === 'progress' && next!.draft.stage_id === null && event.type === 'back') {
      return applyOnce(ctx, t, worker, next!, version + 1, { kind: 'action', action: { action: 'back' } });
    }
    return showStep(ctx, t, next!, worker.id);
  }

  const event = await expenseEvent(ctx, t, worker, session, input);
  if (!event) return;
  const { state, outcome } = reduceExpense(session.draft, event);
  if (outcome.kind === 'submit') return submitExpense(ctx, t, worker, { nonce: session.nonce, draft: state! }, version);
  if (outcome.kind === 'hint') return void await ctx.reply(hintText(t, outcome.reason));
  const next = state ? { nonce: session.nonce, draft: state } : null;
  await save(next);
  if (outcome.kind === 'cancelled') return void await ctx.reply(t.cancelled, { reply_markup: menuKeyboard(t) });
  return showStep(ctx, t, next!, worker.id);
}

function hintText(t: WorkerTexts, reason: string): string {
  switch (reason) {
    case 'need_media': return t.hintNeedMedia;
    case 'need_note': return t.hintNeedNote;
    case 'bad_progress': return t.hintBadProgress;
    case 'bad_amount': return t.hintBadAmount;
    case 'need_receipt': return t.hintNeedReceipt;
    default: return t.hintUseButtons;
  }
}

/** The largest photo size, a video, or an image/video sent as a file. */
export function mediaOf(message: Message): ReportMedia | null {
  if (message.photo?.length) {
    const p = message.photo[message.photo.length - 1]!;
    return { type: 'photo', file_id: p.file_id, file_unique_id: p.file_unique_id, width: p.width, height: p.height, size: p.file_size ?? null };
  }
  if (message.video) {
    const v = message.video;
    return { type: 'video', file_id: v.file_id, file_unique_id: v.file_unique_id, mime_type: v.mime_type ?? null, duration: v.duration, size: v.file_size ?? null };
  }
  const d = message.document;
  if (d && /^(image|video)\//.test(d.mime_type ?? '')) {
    return { type: 'document', file_id: d.file_id, file_unique_id: d.file_unique_id, mime_type: d.mime_type ?? null, size: d.file_size ?? null };
  }
  return null;
}

/** Turns a message or button into a report event; refuses projects and stages the worker may not use. */
async function reportEvent(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, input: FlowInput): Promise<ReportEvent | null> {
  if (input.kind === 'message') {
    const m = input.message;
    const media = mediaOf(m);
    if (media) return { type: 'media', items: [media], media_group_id: m.media_group_id ?? null };
    if (m.voice) return { type: 'voice', voice: { type: 'voice', file_id: m.voice.file_id, file_unique_id: m.voice.file_unique_id, duration: m.voice.duration, mime_type: m.voice.mime_type ?? null } };
    const text = m.text ?? m.caption;
    if (text !== undefined) return { type: 'text', text };
    return { type: 'text', text: '' };
  }
  const a = input.action;
  switch (a.action) {
    case 'project':
      return await checkAssignment(ctx, t, worker, a.id, null) ? { type: 'project', project_id: a.id } : null;
    case 'stage': {
      const draft = session.draft;
      if (draft.flow !== 'report' || !draft.project_id) return null;
      return await checkAssignment(ctx, t, worker, draft.project_id, a.id || null) ? { type: 'stage', stage_id: a.id || null } : null;
    }
    case 'progress': return { type: 'progress', pct: a.pct };
    case 'done': return { type: 'media_done' };
    case 'skip': return { type: 'skip' };
    case 'confirm': return { type: 'confirm' };
    case 'back': return { type: 'back' };
    case 'cancel': return { type: 'cancel' };
    default: return null;
  }
}

async function expenseEvent(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, input: FlowInput): Promise<ExpenseEvent | null> {
  if (input.kind === 'message') {
    const media = mediaOf(input.message);
    if (media && media.type !== 'video') return { type: 'receipt', receipt: media };
    return { type: 'text', text: input.message.text ?? input.message.caption ?? '' };
  }
  const a = input.action;
  switch (a.action) {
    case 'category': {
      const org = await Organization.findByPk(ctx.crm.org.id, { attributes: ['id', 'expense_categories'] });
      const category = org ? expenseCategories(org)[a.index] : undefined;
      if (!category) return void await ctx.reply(t.stale), null;
      return { type: 'category', category };
    }
    case 'project':
      return await checkAssignment(ctx, t, worker, a.id, null) ? { type: 'project', project_id: a.id } : null;
    case 'stage': {
      const draft = session.draft;
      if (draft.flow !== 'expense' || !draft.project_id) return null;
      return await checkAssignment(ctx, t, worker, draft.project_id, a.id || null) ? { type: 'stage', stage_id: a.id || null } : null;
    }
    case 'back': return { type: 'back' };
    case 'cancel': return { type: 'cancel' };
    default:
      await ctx.reply(t.hintUseButtons);
      return null;
  }
}

async function checkAssignment(ctx: BotContext, t: WorkerTexts, worker: User, projectId: number, stageId: number | null): Promise<boolean> {
  try {
    await assertAssignment(ctx.crm.sequelize, { org_id: ctx.crm.org.id, user_id: worker.id, project_id: projectId, stage_id: stageId });
    return true;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    ctx.crm.logger.warn({ project_id: projectId, stage_id: stageId, code: error.code }, 'worker chose a project or stage outside their assignments');
    await ctx.reply(error.code === 'forbidden' ? t.notAssigned : t.stale);
    return false;
  }
}

async function submitReport(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number): Promise<void> {
  const { sequelize, org, logger } = ctx.crm;
  const draft = session.draft;
  if (draft.flow !== 'report' || !draft.project_id) return;
  let result;
  try {
    result = await sequelize.transaction(async (transaction) => {
      if (!await saveSession(sequelize, org.id, ctx.chatId!, null, version, transaction)) throw new VersionConflict();
      return submitDailyReport(sequelize, {
        org_id: org.id, author_id: worker.id, project_id: draft.project_id!, stage_id: draft.stage_id,
        content: draft.text ?? '', media: draft.media, voice: draft.voice, progress_pct: draft.progress_pct,
      }, { transaction });
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    logger.warn({ code: error.code }, 'report refused');
    await ctx.reply(error.code === 'forbidden' ? t.notAssigned : t.error);
    return;
  }
  await ctx.reply(t.reportSent, { reply_markup: menuKeyboard(t) });
  const queue = ctx.crm.queue;
  for (const id of result.notification_ids) {
    await ctx.crm.publish({ org_id: org.id, type: 'notification.created', data: { id } }).catch(() => {});
  }
  if (!queue) return logger.warn({ report_id: result.report.id }, 'no job queue: report media stay in Telegram until ingested');
  await queue.enqueue(JOBS.mediaIngest, { org_id: org.id, report_id: result.report.id }, { uniqueKey: `report:${result.report.id}` });
  await notifyClient(ctx, queue, result);
}

async function notifyClient(ctx: BotContext, queue: JobQueue, result: Awaited<ReturnType<typeof submitDailyReport>>): Promise<void> {
  const { org, logger } = ctx.crm;
  const settings = await Organization.findByPk(org.id, { attributes: ['id', 'notify_client_on_report', 'locale'] });
  if (!settings?.notify_client_on_report || !result.client_id) return;
  const client = await User.findOne({ where: { id: result.client_id, org_id: org.id } });
  if (!client?.telegram_id) return;
  const t = textsFor(pickLocale(settings.locale, client.language_code));
  const publicUrl = publicUrlFromEnv();
  try {
    await queueOutboundMessage({ queue, publish: ctx.crm.publish as never }, {
      org_id: org.id, user_id: client.id,
      content: t.clientReport(result.project_name, result.stage_name, result.report.progress_pct ?? null),
      reply_markup: { inline_keyboard: [[{ text: t.openApp, web_app: { url: `${publicUrl}/app/?org=${org.id}` } }]] },
    });
  } catch (error) {
    // The report is filed; a client notice that could not be queued must not undo it.
    logger.warn({ err: error, report_id: result.report.id }, 'client notification not queued');
  }
}

/** PUBLIC_URL as the bot config reads it (same schema piece), for the Mini App button. */
function publicUrlFromEnv(): string {
  const env = publicEnv.parse(process.env);
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

async function submitExpense(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number): Promise<void> {
  const { sequelize, org, logger } = ctx.crm;
  const draft = session.draft;
  if (draft.flow !== 'expense' || !draft.project_id || !draft.amount || !draft.category || !draft.receipt) return;
  let saved;
  try {
    saved = await sequelize.transaction(async (transaction) => {
      if (!await saveSession(sequelize, org.id, ctx.chatId!, null, version, transaction)) throw new VersionConflict();
      return recordExpense(sequelize, {
        org_id: org.id, author_id: worker.id, project_id: draft.project_id!, stage_id: draft.stage_id,
        amount: draft.amount!, category: draft.category!, proof_url: `tg:${draft.receipt!.file_id}`,
      }, { transaction });
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    logger.warn({ code: error.code }, 'expense refused');
    await ctx.reply(error.code === 'forbidden' ? t.notAssigned : t.error);
    return;
  }
  await ctx.crm.queue?.enqueue(JOBS.expenseReceipt, { org_id: org.id, transaction_id: saved.transaction.id }, { uniqueKey: `receipt:${saved.transaction.id}` })
    .catch((error: unknown) => logger.warn({ err: error, transaction_id: saved.transaction.id }, 'receipt not queued for storage'));
  const project = await Project.findOne({ where: { id: draft.project_id, org_id: org.id }, attributes: ['name'] });
  await ctx.reply(t.expenseSaved(saved.transaction.amount, categoryLabel(t, draft.category), project?.name ?? ''), { reply_markup: menuKeyboard(t) });
}
