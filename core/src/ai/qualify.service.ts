import { AiRun, ChatMessage, Lead, Op, Organization, QueryTypes, type Sequelize } from '@crm/database';
import type { Logger } from '../logger.js';
import type { PublishEvent } from '../events/index.js';
import type { JobQueue } from '../jobs/queue.js';
import { dispatchOutboundMessage, recordOutboundMessage } from '../chat/outbound.js';
import { changeLeadStatus } from '../leads/lead.service.js';
import type { AiService, QualifyOutcome } from './ai.service.js';
import type { Language, LeadFields } from './extract.js';
import { hasEssentials, PHRASES, type HistoryMessage } from './fallback-qualifier.js';
import { alertManagers, handoffReason, markForManager } from './handoff.js';
import { onLeadInboundMessage } from './trigger.js';
import { summarise } from './summary.js';

export interface AiTurnDeps {
  sequelize: Sequelize;
  queue: JobQueue;
  ai: AiService;
  publish?: PublishEvent;
  logger?: Logger;
  debounceMs?: number;
  /** The back office's public address, for the button in managers' Telegram alerts. */
  publicUrl?: string;
}

export type AiTurnResult =
  | { status: 'skipped'; reason: string }
  | { status: 'answered'; engine: QualifyOutcome['engine']; message_id: number; handoff: string | null; qualified: boolean; run_id: number }
  | { status: 'discarded'; reason: string; run_id: number };

const HISTORY_LIMIT = 30;

function knownFields(lead: Lead): LeadFields {
  const fields: LeadFields = {};
  if (lead.work_type) fields.work_type = lead.work_type as LeadFields['work_type'];
  if (lead.area_m2) fields.area_m2 = String(Number(lead.area_m2));
  if (lead.rooms !== null && lead.rooms !== undefined) fields.rooms = lead.rooms;
  if (lead.budget_amount) fields.budget = { amount: lead.budget_amount, currency: lead.budget_currency ?? 'RUB' };
  if (lead.timing) fields.timing = lead.timing;
  if (lead.property_type) fields.property_type = lead.property_type as LeadFields['property_type'];
  if (lead.address) fields.address = lead.address;
  if (lead.phone) fields.phone = lead.phone;
  return fields;
}

function leadValues(fields: LeadFields) {
  return {
    work_type: fields.work_type ?? null,
    area_m2: fields.area_m2 ?? null,
    rooms: fields.rooms ?? null,
    budget_amount: fields.budget?.amount ?? null,
    budget_currency: fields.budget?.currency ?? null,
    timing: fields.timing ?? null,
    property_type: fields.property_type ?? null,
    address: fields.address ?? null,
  };
}

/** Today's AI spend of the organization, in its own timezone, has reached its daily cap. */
async function dailyCapReached(sequelize: Sequelize, org: Organization): Promise<boolean> {
  const [row] = await sequelize.query<{ reached: boolean }>(
    `SELECT COALESCE(SUM(cost_usd), 0) >= :cap AS reached FROM ai_runs
      WHERE org_id = :orgId AND created_at >= (date_trunc('day', now() AT TIME ZONE :tz) AT TIME ZONE :tz)`,
    { replacements: { cap: org.ai_daily_cap_usd, orgId: org.id, tz: org.timezone }, type: QueryTypes.SELECT },
  );
  return row.reached;
}

async function loadHistory(lead: Lead): Promise<{ history: HistoryMessage[]; lastId: number }> {
  const rows = await ChatMessage.findAll({
    where: { org_id: lead.org_id, lead_id: lead.id, status: { [Op.notIn]: ['failed'] } },
    order: [['id', 'DESC']],
    limit: HISTORY_LIMIT,
    attributes: ['id', 'direction', 'content', 'kind'],
  });
  rows.reverse();
  const history = rows.map((m) => ({ direction: m.direction, content: m.content || (m.kind !== 'text' ? `[${m.kind}]` : '') })).filter((m) => m.content);
  return { history, lastId: Number(rows.at(-1)?.id ?? 0) };
}

/**
 * One AI turn for a lead: reads the conversation, asks the model (or the rules), updates the lead,
 * queues the reply, hands hot leads to a manager and records the run. Safe to run twice: a turn
 * whose last message is already answered is skipped.
 */
export async function runAiTurn(deps: AiTurnDeps, payload: { lead_id: number; org_id?: number }): Promise<AiTurnResult> {
  const { sequelize, ai, logger } = deps;
  const lead = await Lead.findOne({ where: { id: payload.lead_id, ...(payload.org_id ? { org_id: payload.org_id } : {}) } });
  if (!lead) return { status: 'skipped', reason: 'lead not found' };
  const org = await Organization.findByPk(lead.org_id);
  if (!org) return { status: 'skipped', reason: 'organization not found' };
  if (!org.ai_enabled) return { status: 'skipped', reason: 'AI is off for the organization' };
  if (!lead.ai_enabled || lead.needs_manager) return { status: 'skipped', reason: 'AI is paused for the lead' };
  if (!lead.chat_id && !lead.telegram_id) return { status: 'skipped', reason: 'lead has no Telegram chat' };

  const { history, lastId } = await loadHistory(lead);
  if (history.at(-1)?.direction !== 'inbound') return { status: 'skipped', reason: 'nothing new to answer' };

  const language: Language = lead.language_code?.startsWith('en') ? 'en' : lead.language_code?.startsWith('ru') ? 'ru' : org.locale === 'en' ? 'en' : 'ru';
  const capReached = ai.enabled && (await dailyCapReached(sequelize, org));
  const outcome = await ai.qualify({
    history,
    known: knownFields(lead),
    language,
    currency: org.currency,
    country: org.country,
    orgName: org.name,
    instructions: org.ai_instructions,
    fallbackReason: capReached ? 'daily_cap_reached' : undefined,
  });
  const { result } = outcome;

  const turn = await sequelize.transaction(async (transaction) => {
    const current = await Lead.findOne({ where: { id: lead.id, org_id: lead.org_id }, transaction, lock: transaction.LOCK.UPDATE });
    const answeredMeanwhile = await ChatMessage.count({
      where: { org_id: lead.org_id, lead_id: lead.id, direction: 'outbound', id: { [Op.gt]: lastId } },
      transaction,
    });
    const run = await AiRun.create(
      {
        org_id: org.id,
        lead_id: lead.id,
        engine: outcome.engine,
        model: outcome.model,
        prompt_tokens: outcome.usage.prompt_tokens,
        completion_tokens: outcome.usage.completion_tokens,
        cost_usd: outcome.usage.cost_usd,
        request: outcome.request,
        error: outcome.error,
        // What the turn concluded, kept beside the provider's answer for the lead's timeline.
        response: { ...(outcome.response ?? {}), result: { lead: result.lead, hotness: result.hotness } } as object,
      },
      { transaction },
    );
    await sequelize.query('UPDATE leads SET ai_tokens = ai_tokens + :tokens, ai_cost_usd = ai_cost_usd + :cost WHERE id = :id AND org_id = :orgId', {
      replacements: { tokens: outcome.usage.prompt_tokens + outcome.usage.completion_tokens, cost: outcome.usage.cost_usd, id: lead.id, orgId: lead.org_id },
      transaction,
    });
    if (!current || !current.ai_enabled || current.needs_manager || answeredMeanwhile > 0) {
      const reason = !current ? 'lead deleted' : answeredMeanwhile > 0 ? 'answered meanwhile' : 'AI paused meanwhile';
      await run.update({ error: [outcome.error, `reply discarded: ${reason}`].filter(Boolean).join('; ') }, { transaction });
      return { discarded: reason, run } as const;
    }
    await current.reload({ transaction });
    current.set({ ...leadValues(result.lead), hotness: result.hotness.score, hotness_reasons: result.hotness.reasons, last_activity_at: new Date() });
    if (!current.phone && result.lead.phone) current.set({ phone: result.lead.phone });
    if (!current.language_code) current.set({ language_code: result.language });
    current.set({ ai_paused_reason: outcome.error ? `AI fallback: ${outcome.error}`.slice(0, 500) : null });
    current.set({ ai_summary: summarise({ ...result.lead, phone: current.phone ?? undefined }, result.hotness, org.locale === 'en' ? 'en' : 'ru') });
    const qualified = current.status === 'new' && hasEssentials({ ...result.lead, phone: current.phone ?? undefined });
    if (qualified) await changeLeadStatus(sequelize, current, 'qualified', transaction);
    const reason = handoffReason(org, result);
    const handoff = reason ? await markForManager(org, current, reason, transaction) : null;
    await current.save({ transaction });
    // The reply is created with the turn, under the lead's lock: a turn run again (a retried job,
    // a second worker) finds it as "answered meanwhile" and never sends a second reply.
    // The rules would ask their next question; once the lead is handed over, they say so instead.
    const phrases = PHRASES[result.language];
    const reply = reason && outcome.engine === 'fallback' && result.reply !== phrases.closing ? phrases.handoff : result.reply;
    const message = await recordOutboundMessage({ org_id: org.id, lead_id: lead.id, content: reply.slice(0, 4096) }, transaction);
    return { current, run, qualified, reason, handoff, message } as const;
  });

  if ('discarded' in turn) {
    logger?.info({ lead_id: lead.id, reason: turn.discarded }, 'ai: reply discarded');
    return { status: 'discarded', reason: turn.discarded ?? 'discarded', run_id: turn.run.id };
  }
  const { message } = turn;
  await dispatchOutboundMessage({ queue: deps.queue, ...(deps.publish ? { publish: deps.publish } : {}) }, message);
  await deps.publish?.({ org_id: org.id, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } }).catch(() => {});
  if (turn.handoff) await alertManagers(deps, org, turn.current, turn.handoff);
  else {
    // A message that arrived while the model was thinking starts the next turn.
    const newer = await ChatMessage.count({ where: { org_id: lead.org_id, lead_id: lead.id, direction: 'inbound', id: { [Op.gt]: lastId } } });
    if (newer > 0) await onLeadInboundMessage(deps, turn.current, org);
  }
  logger?.info({ lead_id: lead.id, engine: outcome.engine, handoff: !!turn.reason, qualified: turn.qualified }, 'ai: turn answered');
  return { status: 'answered', engine: outcome.engine, message_id: Number(message.id), handoff: turn.reason, qualified: turn.qualified, run_id: turn.run.id };
}
