import { Organization, Project, User, type ChatMessage, type SqlTransaction } from '@crm/database';
import {
  JOBS,
  dispatchRecordedMessages,
  miniAppUrl,
  publicEnv,
  recordExpense,
  recordOutboundMessage,
  recordTelegramCopies,
  submitDailyReport,
  telegramProof,
  type SubmittedReport,
} from '@crm/core';
import type { BotContext } from '../../context.js';
import { closeTappedMessage } from '../dialog-message.js';
import { menuKeyboard } from './keyboards.js';
import { saveSession, VersionConflict, type WorkerSession } from './session-store.js';
import { categoryLabel, pickLocale, textsFor, type WorkerTexts } from './texts.js';

export async function submitReport(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number): Promise<void> {
  const { sequelize, org, logger, queue } = ctx.crm;
  const draft = session.draft;
  if (draft.flow !== 'report' || !draft.project_id) return;
  // A refusal rolls the cleared dialog back with the report, so the worker stays on the summary;
  // the bot's boundary tells them why. What the report sets off is recorded with it: the manager's
  // Telegram copy of the notification and the client's notice (sent after the commit; one whose
  // send is lost then goes out with the delivery sweep), and the copy of its media into storage,
  // queued just before the commit (the copy waits for the report to be visible: core's ingestMedia).
  // When any of them cannot be written, nothing is, and the update is retried whole.
  const result = await sequelize.transaction(async (transaction) => {
    if (!(await saveSession(sequelize, org.id, ctx.chatId!, null, version, transaction))) throw new VersionConflict();
    const submitted = await submitDailyReport(
      sequelize,
      {
        org_id: org.id,
        author_id: worker.id,
        project_id: draft.project_id!,
        stage_id: draft.stage_id,
        content: draft.text ?? '',
        media: draft.media,
        voice: draft.voice,
        progress_pct: draft.progress_pct,
      },
      { transaction },
    );
    const messages = [...(await recordTelegramCopies(submitted.notifications, { transaction })), ...(await recordClientNotice(ctx, submitted, transaction))];
    await queue?.enqueue(JOBS.mediaIngest, { org_id: org.id, report_id: submitted.report.id }, { uniqueKey: `report:${submitted.report.id}` });
    return { ...submitted, messages };
  });
  await closeTappedMessage(ctx);
  await ctx.reply(t.reportSent, { reply_markup: menuKeyboard(t) });
  if (!queue) return logger.warn({ report_id: result.report.id }, 'no job queue: report media stay in Telegram until ingested');
  await dispatchRecordedMessages({ queue, publish: ctx.crm.publish, logger }, result.messages);
}

/** The client's notice of a new report on their project, when the organization sends one and the client has Telegram. */
async function recordClientNotice(ctx: BotContext, submitted: SubmittedReport, transaction: SqlTransaction): Promise<ChatMessage[]> {
  const { org } = ctx.crm;
  const settings = await Organization.findByPk(org.id, { attributes: ['id', 'notify_client_on_report', 'locale'], transaction });
  if (!settings?.notify_client_on_report || !submitted.client_id) return [];
  const client = await User.findOne({ where: { id: submitted.client_id, org_id: org.id }, transaction });
  if (!client?.telegram_id) return [];
  const t = textsFor(pickLocale(settings.locale, client.language_code));
  const notice = await recordOutboundMessage(
    {
      org_id: org.id,
      user_id: client.id,
      content: t.clientReport(submitted.project_name, submitted.stage_name, submitted.report.progress_pct ?? null),
      reply_markup: { inline_keyboard: [[{ text: t.openApp, web_app: { url: miniAppUrl(publicUrlFromEnv(), org.id) } }]] },
    },
    transaction,
  );
  return [notice];
}

/** PUBLIC_URL as the bot config reads it (same schema piece), for the Mini App button. */
function publicUrlFromEnv(): string {
  const env = publicEnv.parse(process.env);
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

export async function submitExpense(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const draft = session.draft;
  if (draft.flow !== 'expense' || !draft.project_id || !draft.amount || !draft.category) return;
  const receipt = draft.receipt;
  // As for a report: a refusal leaves the dialog where it was and reaches the boundary. The receipt's
  // copy into storage is queued in the same transaction: when it cannot be queued, nothing is
  // recorded and the update is retried whole (recorded with no copy queued, the photo would stay
  // only in Telegram). Queued just before the commit, the copy may start before the expense is
  // visible: it waits for it (core's storeReceipt).
  const saved = await sequelize.transaction(async (transaction) => {
    if (!(await saveSession(sequelize, org.id, ctx.chatId!, null, version, transaction))) throw new VersionConflict();
    const recorded = await recordExpense(
      sequelize,
      {
        org_id: org.id,
        author_id: worker.id,
        project_id: draft.project_id!,
        stage_id: draft.stage_id,
        amount: draft.amount!,
        category: draft.category!,
        proof_url: receipt ? telegramProof(receipt.file_id) : null,
      },
      { transaction },
    );
    if (receipt)
      await ctx.crm.queue?.enqueue(
        JOBS.expenseReceipt,
        { org_id: org.id, transaction_id: recorded.transaction.id },
        { uniqueKey: `receipt:${recorded.transaction.id}` },
      );
    return recorded;
  });
  const project = await Project.findOne({ where: { id: draft.project_id, org_id: org.id }, attributes: ['name'] });
  const category = receipt ? categoryLabel(t, draft.category) : `${categoryLabel(t, draft.category)}, ${t.withoutReceipt}`;
  await closeTappedMessage(ctx);
  await ctx.reply(t.expenseSaved(saved.transaction.amount, category, project?.name ?? ''), { reply_markup: menuKeyboard(t) });
}
