import { z } from 'zod';
import { ChatMessage, Estimate, Lead, Op, QueryTypes, User, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { parseInput } from '../validation.js';
import { isClientsEstimate } from './estimate-client.js';

/** How long the bot waits for the question after "Questions" was tapped. */
const QUESTION_PROMPT_TTL_HOURS = 24;

async function clientsEstimate(orgId: number, estimateId: number, clientId: number): Promise<Estimate> {
  const estimate = await Estimate.findOne({ where: { id: estimateId, org_id: orgId } });
  if (!estimate || !(await isClientsEstimate(estimate, clientId))) throw notFound('Estimate');
  return estimate;
}

/**
 * "Questions" under an estimate in the bot: the chat's next message becomes a question about this
 * estimate (the inbound store reads the prompt back, see `QUESTION_PROMPT_SQL`). Kept in PostgreSQL.
 */
export async function startEstimateQuestion(
  sequelize: Sequelize,
  input: { org_id: number; chat_id: number; estimate_id: number; client_id: number },
): Promise<Estimate> {
  const estimate = await clientsEstimate(input.org_id, input.estimate_id, input.client_id);
  await sequelize.query(
    `INSERT INTO estimate_question_prompts (org_id, chat_id, estimate_id, expires_at)
     VALUES (:org_id, :chat_id, :estimate_id, now() + make_interval(hours => :ttl))
     ON CONFLICT (org_id, chat_id) DO UPDATE SET estimate_id = EXCLUDED.estimate_id, expires_at = EXCLUDED.expires_at, created_at = now()`,
    { replacements: { ...input, ttl: QUESTION_PROMPT_TTL_HOURS } },
  );
  return estimate;
}

/**
 * A CTE (named `prompt`) for the statement that stores inbound messages: for each row of `input`
 * (`org_id`, `chat_id`, `asks`) that `asks`, it takes the chat's waiting question prompt (once);
 * `PROMPTED_ESTIMATE_SQL(input)` then yields the estimate the row's message is about.
 */
export const QUESTION_PROMPT_SQL = (input: string) => `DELETE FROM estimate_question_prompts p USING ${input}
  WHERE ${input}.asks AND p.org_id = ${input}.org_id AND p.chat_id = ${input}.chat_id
  RETURNING p.org_id, p.chat_id, p.estimate_id, p.expires_at`;
export const PROMPTED_ESTIMATE_SQL = (input: string) =>
  `(SELECT p.estimate_id FROM prompt p WHERE p.org_id = ${input}.org_id AND p.chat_id = ${input}.chat_id AND p.expires_at > now())`;

const askQuestionInput = z.object({
  text: z.string({ message: 'is required' }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
});

/**
 * A question typed in the Mini App's estimate screen: stored in the client's conversation as their
 * message about the estimate, so the manager sees it in the chat like anything they write in the bot.
 */
export async function askAboutEstimate(
  sequelize: Sequelize,
  scope: { org_id: number; client_id: number },
  estimateId: number,
  body: unknown,
): Promise<ChatMessage> {
  const { text } = parseInput(askQuestionInput, body ?? {}, 'Invalid question');
  const estimate = await clientsEstimate(scope.org_id, estimateId, scope.client_id);
  const client = (await User.findOne({ where: { id: scope.client_id, org_id: scope.org_id } }))!;
  const lead =
    (estimate.lead_id ? await Lead.findOne({ where: { id: estimate.lead_id, org_id: scope.org_id } }) : null) ??
    (await Lead.findOne({
      where: { org_id: scope.org_id, [Op.or]: [{ client_id: client.id }, ...(client.telegram_id ? [{ telegram_id: client.telegram_id }] : [])] },
      order: [['id', 'ASC']],
    }));
  return sequelize.transaction(async (transaction) => {
    const message = await ChatMessage.create(
      {
        org_id: scope.org_id,
        lead_id: lead?.id ?? null,
        user_id: client.id,
        direction: 'inbound',
        kind: 'text',
        content: text,
        chat_id: client.telegram_id ?? lead?.chat_id ?? null,
        status: 'received',
        estimate_id: estimate.id,
      },
      { transaction },
    );
    if (lead) {
      await sequelize.query(
        'UPDATE leads SET last_message_at = now(), last_activity_at = now(), unread_count = unread_count + 1, updated_at = now() WHERE id = :id AND org_id = :org_id',
        { replacements: { id: lead.id, org_id: scope.org_id }, type: QueryTypes.UPDATE, transaction },
      );
    }
    await publishEvent(transaction, {
      org_id: scope.org_id,
      type: 'message.created',
      data: { id: message.id, lead_id: message.lead_id, user_id: message.user_id },
    });
    return message;
  });
}
