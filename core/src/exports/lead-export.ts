import type { Order } from 'sequelize';
import { Lead, Op, Organization, User, type LeadStatus, type WhereOptions, type WorkType } from '@crm/database';
import { WORK_TYPE_LABELS } from '../leads/lead-labels.js';
import { getPipeline, stageName, type Pipeline } from '../leads/pipeline.js';
import { backOfficeLink, exportTable, namesById, type ExportColumn, type ExportSettings } from './table.js';

/** The most rows one export writes: a file Excel opens comfortably; narrow the filter for more. */
export const EXPORT_ROW_LIMIT = 50_000;

interface LeadRow {
  lead: Lead;
  manager: string;
  currency: string;
}

function columns(publicUrl: string, locale: ExportSettings['locale'], pipeline: Pipeline): ExportColumn<LeadRow>[] {
  return [
    { header: { ru: 'ID', en: 'ID' }, kind: 'text', width: 8, value: (r) => String(r.lead.id) },
    { header: { ru: 'Имя', en: 'Name' }, width: 28, value: (r) => r.lead.name },
    { header: { ru: 'Телефон', en: 'Phone' }, width: 18, value: (r) => r.lead.phone },
    { header: { ru: 'Telegram', en: 'Telegram' }, width: 16, value: (r) => (r.lead.username ? `@${r.lead.username}` : null) },
    { header: { ru: 'Статус', en: 'Status' }, width: 16, value: (r) => stageName(pipeline, r.lead.status as LeadStatus, 'one') },
    { header: { ru: 'Источник', en: 'Source' }, width: 16, value: (r) => r.lead.source },
    { header: { ru: 'Ответственный', en: 'Manager' }, width: 22, value: (r) => r.manager },
    { header: { ru: 'Бюджет', en: 'Budget' }, kind: 'money', width: 14, value: (r) => r.lead.budget_amount },
    { header: { ru: 'Валюта', en: 'Currency' }, width: 8, value: (r) => (r.lead.budget_amount ? (r.lead.budget_currency ?? r.currency) : null) },
    {
      header: { ru: 'Вид работ', en: 'Work type' },
      width: 18,
      value: (r) => (r.lead.work_type ? (WORK_TYPE_LABELS[locale][r.lead.work_type as WorkType] ?? r.lead.work_type) : null),
    },
    { header: { ru: 'Площадь, м²', en: 'Area, m²' }, kind: 'number', width: 10, value: (r) => r.lead.area_m2 },
    { header: { ru: 'Адрес', en: 'Address' }, width: 32, value: (r) => r.lead.address },
    { header: { ru: 'Причина отказа', en: 'Lost reason' }, width: 24, value: (r) => r.lead.lost_reason },
    { header: { ru: 'Создан', en: 'Created' }, kind: 'datetime', width: 17, value: (r) => r.lead.created_at },
    { header: { ru: 'Последняя активность', en: 'Last activity' }, kind: 'datetime', width: 17, value: (r) => r.lead.last_activity_at },
    { header: { ru: 'Ссылка', en: 'Link' }, width: 40, value: (r) => backOfficeLink(publicUrl, 'leads', r.lead.id) },
  ];
}

/**
 * The organization's leads as the list shows them (its filter and order): names instead of ids,
 * statuses in the organization's own stage names, work types in words, dates on the organization's clock, a permanent link per lead.
 */
export async function exportLeads(org_id: number, settings: ExportSettings & { publicUrl: string; where?: WhereOptions; order?: Order }): Promise<Buffer> {
  const leads = await Lead.findAll({
    where: { [Op.and]: [settings.where ?? {}, { org_id }] },
    order: settings.order ?? [
      ['created_at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: EXPORT_ROW_LIMIT,
  });
  const managers = await namesById(
    User,
    org_id,
    leads.map((l) => l.manager_id),
  );
  const org = await Organization.findByPk(org_id, { attributes: ['currency'] });
  const rows = leads.map((lead) => ({ lead, manager: lead.manager_id ? (managers.get(lead.manager_id) ?? '') : '', currency: org?.currency ?? 'RUB' }));
  return exportTable(
    settings.locale === 'ru' ? 'Лиды' : 'Leads',
    columns(settings.publicUrl, settings.locale, await getPipeline(org_id, settings.locale)),
    rows,
    settings,
  );
}
