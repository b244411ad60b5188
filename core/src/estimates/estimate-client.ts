import { Lead, Organization, Project, readAll, User, type Estimate, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';
import { pickLocale } from '../reminders/texts.js';

export interface EstimateRecipient {
  lead: Lead | null;
  project: Project | null;
  /** The client user (after send, always: sending makes the lead a client). */
  client: User | null;
  /** The Telegram chat the estimate goes to. */
  chat_id: number | null;
  locale: 'ru' | 'en';
}

/** Who an estimate is for: its lead (and the lead's client), or its project's client, with their Telegram chat. */
export async function estimateRecipient(estimate: Estimate, transaction?: SqlTransaction): Promise<EstimateRecipient> {
  const [lead, project, org] = await readAll(
    transaction,
    () => (estimate.lead_id ? Lead.findOne({ where: { id: estimate.lead_id, org_id: estimate.org_id }, transaction }) : null),
    () => (estimate.project_id ? Project.findOne({ where: { id: estimate.project_id, org_id: estimate.org_id }, transaction }) : null),
    () => Organization.findByPk(estimate.org_id, { attributes: ['id', 'locale'], transaction }),
  );
  const clientId = lead?.client_id ?? project?.client_id ?? null;
  const client = clientId ? await User.findOne({ where: { id: clientId, org_id: estimate.org_id }, transaction }) : null;
  const chat_id = lead?.chat_id ?? lead?.telegram_id ?? client?.telegram_id ?? null;
  return {
    lead,
    project,
    client,
    chat_id: chat_id === null ? null : Number(chat_id),
    locale: pickLocale(org?.locale, client?.language_code ?? lead?.language_code),
  };
}

/** The refusal when an estimate cannot reach its client in Telegram: names the field and what to do. */
export function noTelegram(estimate: Estimate): DomainError {
  const field = estimate.lead_id ? 'lead_id' : 'project_id';
  const what = estimate.lead_id
    ? 'The lead has no Telegram: ask them to write to the company bot (or open its link) first, then send the estimate again'
    : "The project's client has no Telegram: link the client's Telegram (their contact shared with the bot or the invite link) and send again";
  return new DomainError('validation', what, {
    reason: 'no_telegram',
    fields: {
      [field]: { code: 'no_telegram', message: estimate.lead_id ? 'has no Telegram chat with the bot' : "the project's client has no Telegram linked" },
    },
  });
}

/** Whether an estimate belongs to this client: by their lead or one of their projects. Drafts are never theirs to see. */
export async function isClientsEstimate(estimate: Estimate, clientId: number, transaction?: SqlTransaction): Promise<boolean> {
  if (estimate.status === 'draft') return false;
  const { lead, project } = await estimateRecipient(estimate, transaction);
  if (lead?.client_id === clientId || project?.client_id === clientId) return true;
  if (!lead?.telegram_id) return false;
  const client = await User.findOne({ where: { id: clientId, org_id: estimate.org_id }, attributes: ['telegram_id'], transaction });
  return !!client?.telegram_id && Number(client.telegram_id) === Number(lead.telegram_id);
}
