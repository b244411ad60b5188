import { z } from 'zod';
import { LEAD_STATUSES, Organization, type LeadStatus, type SqlTransaction } from '@crm/database';
import { notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import type { Pipeline, PipelineLocale, StageForm } from '@crm/contracts';

export type { Pipeline, StageForm } from '@crm/contracts';

/** The default stage names: the singular a lead's status is shown in, the plural a column is headed with. */
const DEFAULT_STAGE_NAMES: Record<PipelineLocale, Record<LeadStatus, Record<StageForm, string>>> = {
  ru: {
    new: { one: 'Новый', many: 'Новые' },
    qualified: { one: 'Квалифицированный', many: 'Квалифицированные' },
    measurement: { one: 'Замер', many: 'Замеры' },
    estimate: { one: 'Смета', many: 'Сметы' },
    contract: { one: 'Договор', many: 'Договоры' },
    won: { one: 'Успешный', many: 'Успешные' },
    lost: { one: 'Проигранный', many: 'Проигранные' },
  },
  en: {
    new: { one: 'New', many: 'New' },
    qualified: { one: 'Qualified', many: 'Qualified' },
    measurement: { one: 'Measurement', many: 'Measurements' },
    estimate: { one: 'Estimate', many: 'Estimates' },
    contract: { one: 'Contract', many: 'Contracts' },
    won: { one: 'Won', many: 'Won' },
    lost: { one: 'Lost', many: 'Lost' },
  },
};

const DEFAULT_LOST_REASONS: Record<PipelineLocale, string[]> = {
  ru: ['Дорого', 'Выбрали другую компанию', 'Не выходит на связь', 'Отложили ремонт', 'Не наш профиль работ'],
  en: ['Too expensive', 'Chose another company', 'Not responding', 'Postponed the renovation', 'Not our kind of work'],
};

/** Stages every firm keeps: new leads arrive in the first, and every lead's story ends in the last two. */
const REQUIRED_STAGES: readonly LeadStatus[] = ['new', 'won', 'lost'];

const name = z.string().trim().max(60, 'must be at most 60 characters');
const stageOverride = z
  .object({
    one: name.optional().nullable(),
    many: name.optional().nullable(),
    hidden: z.boolean().optional(),
  })
  .strict();

/** What an organization stores: overrides of the defaults only (an empty name means "the default"). */
export const pipelineSchema = z
  .object({
    stages: z.partialRecord(z.enum(LEAD_STATUSES), stageOverride).optional(),
    lost_reasons: z
      .array(z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'))
      .max(30, 'must list at most 30 reasons')
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const status of REQUIRED_STAGES) {
      if (value.stages?.[status]?.hidden)
        ctx.addIssue({ code: 'custom', path: ['stages', status, 'hidden'], message: 'cannot be hidden: every firm needs this stage' });
    }
  });
type PipelineOverrides = z.output<typeof pipelineSchema>;

const localeOf = (locale: string | null | undefined): PipelineLocale => (locale === 'en' ? 'en' : 'ru');

/** The organization's pipeline in a language: stored overrides over the defaults. Pure. */
export function resolvePipeline(stored: unknown, locale: string | null | undefined): Pipeline {
  const parsed = pipelineSchema.safeParse(stored ?? {});
  const overrides: PipelineOverrides = parsed.success ? parsed.data : {};
  const defaults = DEFAULT_STAGE_NAMES[localeOf(locale)];
  const stages = LEAD_STATUSES.map((status) => {
    const own = overrides.stages?.[status];
    const customOne = own?.one?.trim() || null;
    const customMany = own?.many?.trim() || null;
    return {
      status,
      hidden: Boolean(own?.hidden) && !REQUIRED_STAGES.includes(status),
      one: customOne ?? defaults[status].one,
      many: customMany ?? defaults[status].many,
      custom_one: customOne,
      custom_many: customMany,
    };
  });
  const reasons = overrides.lost_reasons?.filter(Boolean) ?? [];
  return { stages, lost_reasons: reasons.length ? reasons : DEFAULT_LOST_REASONS[localeOf(locale)], default_lost_reasons: !reasons.length };
}

/** A stage's name as people of the organization read it: the one place that decides it (Kanban, lists, bot, notifications). */
export function stageName(pipeline: Pipeline, status: LeadStatus, form: StageForm): string {
  const stage = pipeline.stages.find((s) => s.status === status);
  return stage ? stage[form] : status;
}

export async function getPipeline(orgId: number, locale?: string | null, transaction?: SqlTransaction): Promise<Pipeline> {
  const org = await Organization.findByPk(orgId, { attributes: ['id', 'locale', 'pipeline'], transaction });
  if (!org) throw notFound('Organization');
  return resolvePipeline(org.pipeline, locale ?? org.locale);
}

/** Saves the organization's names, hidden stages and lost reasons (only what differs from the defaults is kept). */
export async function updatePipeline(orgId: number, input: unknown, locale?: string | null): Promise<Pipeline> {
  const value = parseInput(pipelineSchema, input, 'Invalid pipeline settings');
  const org = await Organization.findByPk(orgId, { attributes: ['id', 'locale', 'pipeline'] });
  if (!org) throw notFound('Organization');
  const stages: Record<string, { one?: string; many?: string; hidden?: boolean }> = {};
  for (const status of LEAD_STATUSES) {
    const own = value.stages?.[status];
    if (!own) continue;
    const entry = { ...(own.one ? { one: own.one } : {}), ...(own.many ? { many: own.many } : {}), ...(own.hidden ? { hidden: true } : {}) };
    if (Object.keys(entry).length) stages[status] = entry;
  }
  const previous = (org.pipeline ?? {}) as PipelineOverrides;
  const lost_reasons = value.lost_reasons ?? previous.lost_reasons ?? [];
  await org.update({ pipeline: { stages: value.stages ? stages : (previous.stages ?? {}), lost_reasons } });
  return resolvePipeline(org.pipeline, locale ?? org.locale);
}
