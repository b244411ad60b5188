import { z } from 'zod';
import { Estimate, type ChatMessage, type Sequelize } from '@crm/database';
import { dispatchOutboundMessage, recordOutboundMessage, type OutboundDeps } from '../chat/outbound.js';
import { formatCalendarDate, formatDocumentMoney } from '../documents/format.js';
import { DomainError, notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { changeLeadStatus } from '../leads/lead.service.js';
import { makeClient } from '../people/make-client.js';
import type { ChargedStorage } from '../storage/generated-files.js';
import { id, parseInput } from '../validation.js';
import { encodeEstimateCallback } from './callback-data.js';
import { miniAppUrl } from '../miniapp/app-url.js';
import { estimateRecipient, noTelegram } from './estimate-client.js';
import { estimatePdfFileName } from './estimate-pdf.js';
import { storeEstimatePdf } from './estimate-pdf-store.js';
import { lockEstimateChains } from './estimate.service.js';

const sendEstimateInput = z.object({
  org_id: id,
  estimate_id: id,
  sent_by: id.optional(),
  /** Where the Mini App is served (its button opens `<public_url>/app/?org=…&estimate=…`). */
  public_url: z.string().url('must be an absolute URL'),
});
export type SendEstimateInput = z.input<typeof sendEstimateInput>;

/** Lead columns before the estimate: sending moves the lead on to "estimate". */
const BEFORE_ESTIMATE = new Set(['new', 'qualified', 'measurement']);

const TEXT = {
  ru: {
    head: (title: string, version: number) => `Смета «${title}», версия ${version}`,
    total: 'Итого',
    valid: 'Действительна до',
    ask: 'Откройте смету в приложении, одобрите её или задайте вопрос.',
    open: '📄 Открыть в приложении',
    approve: '✅ Одобрить',
    question: '❓ Вопросы',
    untitled: 'Смета',
  },
  en: {
    head: (title: string, version: number) => `Estimate “${title}”, version ${version}`,
    total: 'Total',
    valid: 'Valid until',
    ask: 'Open the estimate in the app, approve it or ask a question.',
    open: '📄 Open in app',
    approve: '✅ Approve',
    question: '❓ Questions',
    untitled: 'Estimate',
  },
} as const;

/**
 * Sends an estimate to its client in Telegram: the PDF as a document with "Open in app", "Approve"
 * and "Questions" buttons, queued through the outbound pipeline (kept in the chat, rate-limited,
 * retried). A draft becomes `sent` (earlier sent versions stay visible to the client; drafts never
 * are); sending a sent version again re-sends it. The lead becomes a client (the same person and
 * conversation) so the Mini App opens for them, and moves on to the "estimate" column.
 */
export async function sendEstimateToClient(sequelize: Sequelize, deps: OutboundDeps & { files: ChargedStorage }, rawInput: SendEstimateInput) {
  const input = parseInput(sendEstimateInput, rawInput, 'Invalid request');
  const found = await Estimate.findOne({ where: { id: input.estimate_id, org_id: input.org_id } });
  if (!found) throw notFound('Estimate');
  assertSendable(found);
  const before = await estimateRecipient(found);
  if (!before.chat_id) throw noTelegram(found);
  if (before.lead && !before.client) await makeClient(sequelize, input.org_id, before.lead.id);

  let message: ChatMessage | null = null;
  const estimate = await sequelize.transaction(async (transaction) => {
    await lockEstimateChains(sequelize, input.org_id, transaction);
    const row = (await Estimate.findOne({ where: { id: input.estimate_id, org_id: input.org_id }, transaction, lock: transaction.LOCK.UPDATE }))!;
    assertSendable(row);
    await row.update({ status: 'sent', sent_at: new Date() }, { transaction });
    const who = await estimateRecipient(row, transaction);
    if (!who.chat_id) throw noTelegram(row);
    if (who.lead && BEFORE_ESTIMATE.has(who.lead.status)) {
      await changeLeadStatus(sequelize, who.lead, 'estimate', transaction);
      await who.lead.save({ transaction });
      await publishEvent(transaction, { org_id: row.org_id, type: 'lead.updated', data: { id: who.lead.id, lead_id: who.lead.id } });
    }
    const key = await storeEstimatePdf(deps.files, row, transaction);
    const t = TEXT[who.locale];
    const caption = [
      t.head(row.title || t.untitled, row.version),
      `${t.total}: ${formatDocumentMoney(row.total, row.currency, who.locale)}`,
      row.valid_until ? `${t.valid} ${formatCalendarDate(row.valid_until, who.locale)}` : '',
      `\n${t.ask}`,
    ]
      .filter(Boolean)
      .join('\n');
    message = await recordOutboundMessage(
      {
        org_id: row.org_id,
        chat_id: who.chat_id,
        lead_id: who.lead?.id,
        user_id: who.client?.id,
        sender_id: input.sent_by,
        content: caption.slice(0, 1024),
        media: [{ type: 'document', key, file_name: estimatePdfFileName(row), mime_type: 'application/pdf' }],
        reply_markup: {
          inline_keyboard: [
            [{ text: t.open, web_app: { url: miniAppUrl(input.public_url, row.org_id, { estimate: row.id }) } }],
            [
              { text: t.approve, callback_data: encodeEstimateCallback('approve', row.id) },
              { text: t.question, callback_data: encodeEstimateCallback('question', row.id) },
            ],
          ],
        },
      },
      transaction,
    );
    return row;
  });
  await dispatchOutboundMessage(deps, message!);
  return { estimate, message: message! };
}

function assertSendable(estimate: Estimate) {
  if (estimate.status === 'approved' || estimate.status === 'superseded') {
    throw new DomainError('conflict', `This estimate is ${estimate.status}; duplicate it to send a new version`, {
      reason: estimate.status,
      fields: { status: { code: estimate.status, message: `is ${estimate.status}` } },
    });
  }
}
