import { z } from 'zod';
import { ChangeRequest, Lead, Op, Organization, Project, User } from '@crm/database';
import { queueOutboundMessage, type OutboundDeps } from '../chat/outbound.js';
import { DomainError, notFound } from '../errors.js';
import { id, parseInput } from '../validation.js';
import { encodeDecisionCallback } from './callback-data.js';
import { miniAppUrl } from '../miniapp/app-url.js';
import { formatMoney } from './format.js';
import { changeOrderLinesFor } from '../change-orders/change-order.service.js';
import { changeOrderText } from '../change-orders/format.js';

const sendInput = z.object({
  org_id: id,
  change_request_id: id,
  /** The staff member sending it (recorded as the message's sender). */
  sent_by: id.optional(),
  /** Where the Mini App is served: `<public_url>/app/?org=<org_id>`. */
  public_url: z.string().url('must be an absolute URL'),
});
export type SendInput = z.input<typeof sendInput>;

/**
 * Sends a pending change request to the project's client in Telegram: a message with Approve /
 * Decline buttons and one that opens the Mini App, queued through the outbound pipeline (so it is
 * in the chat history and rate-limited), and marks the request as sent.
 */
export async function sendChangeRequestToClient(deps: OutboundDeps, rawInput: SendInput) {
  const input = parseInput(sendInput, rawInput, 'Invalid request');
  const request = await ChangeRequest.findOne({ where: { id: input.change_request_id, org_id: input.org_id } });
  if (!request) throw notFound('Change request');
  if (request.status !== 'pending') {
    throw new DomainError('conflict', `Change request already decided (${request.status}); there is nothing to send`, {
      reason: 'already_decided',
      status: request.status,
    });
  }
  const project = await Project.findOne({ where: { id: request.project_id, org_id: input.org_id } });
  if (!project) throw notFound('Project');
  const client = project.client_id ? await User.findOne({ where: { id: project.client_id, org_id: input.org_id } }) : null;
  if (!client?.telegram_id) {
    throw new DomainError('validation', 'The project has no client reachable in Telegram', {
      fields: { client_id: 'the project needs a client who has written to the bot' },
    });
  }
  const org = await Organization.findByPk(input.org_id, { attributes: ['id', 'currency', 'locale'] });
  const language = client.language_code ?? '';
  const locale = language.startsWith('ru') ? 'ru' : language.startsWith('en') ? 'en' : org?.locale === 'en' ? 'en' : 'ru';
  const lead = await Lead.findOne({
    where: { org_id: input.org_id, [Op.or]: [{ client_id: client.id }, { telegram_id: client.telegram_id }] },
    attributes: ['id'],
  });

  const amount = formatMoney(request.amount, org?.currency ?? 'RUB', locale, { sign: true });
  const t =
    locale === 'en'
      ? {
          head: 'Change request',
          project: 'Project',
          amount: 'Amount',
          ask: 'Approve or decline:',
          approve: '✅ Approve',
          decline: '❌ Decline',
          open: 'Open in the app',
        }
      : {
          head: 'Дополнительные работы',
          project: 'Проект',
          amount: 'Сумма',
          ask: 'Одобрить или отклонить:',
          approve: '✅ Одобрить',
          decline: '❌ Отклонить',
          open: 'Открыть в приложении',
        };
  const lines = (await changeOrderLinesFor([request.id])).get(request.id) ?? [];
  const content = [
    `${t.head}: ${request.title}`,
    request.description ? `\n${request.description}` : '',
    lines.length ? `\n${changeOrderText(lines, request.figures ?? null, org?.currency ?? 'RUB', locale)}` : '',
    `\n${t.project}: ${project.name}`,
    `${t.amount}: ${amount}`,
    `\n${t.ask}`,
  ]
    .filter(Boolean)
    .join('\n');

  const message = await queueOutboundMessage(deps, {
    org_id: input.org_id,
    chat_id: client.telegram_id,
    user_id: client.id,
    lead_id: lead?.id,
    sender_id: input.sent_by,
    content: content.slice(0, 4096),
    reply_markup: {
      inline_keyboard: [
        [
          { text: t.approve, callback_data: encodeDecisionCallback('approved', request.id) },
          { text: t.decline, callback_data: encodeDecisionCallback('rejected', request.id) },
        ],
        [{ text: t.open, web_app: { url: miniAppUrl(input.public_url, input.org_id) } }],
      ],
    },
  });
  await request.update({ sent_at: new Date() });
  return { change_request: request.get({ plain: true }), message: message.get({ plain: true }) };
}
