import type { Order } from 'sequelize';
import { Op, Project, Stage, Transaction, User, type WhereOptions } from '@crm/database';
import { expenseCategoryLabel } from '../expenses/categories.js';
import { EXPORT_ROW_LIMIT } from './lead-export.js';
import { backOfficeLink, exportTable, namesById, type ExportColumn, type ExportSettings } from './table.js';

interface TransactionRow {
  tx: Transaction;
  project: string;
  stage: string;
  author: string;
}

const TYPE_LABELS = { ru: { expense: 'Расход', income: 'Приход' }, en: { expense: 'Expense', income: 'Income' } } as const;
const STATUS_LABELS = { ru: { confirmed: 'Подтверждён', rejected: 'Отклонён' }, en: { confirmed: 'Confirmed', rejected: 'Rejected' } } as const;

function columns(publicUrl: string, locale: ExportSettings['locale']): ExportColumn<TransactionRow>[] {
  return [
    { header: { ru: 'Дата', en: 'Date' }, kind: 'date', width: 12, value: (r) => r.tx.occurred_on },
    { header: { ru: 'Объект', en: 'Project' }, width: 28, value: (r) => r.project },
    { header: { ru: 'Этап', en: 'Stage' }, width: 20, value: (r) => r.stage },
    { header: { ru: 'Тип', en: 'Type' }, width: 10, value: (r) => TYPE_LABELS[locale][r.tx.type] },
    { header: { ru: 'Категория', en: 'Category' }, width: 16, value: (r) => expenseCategoryLabel(r.tx.category, locale) },
    { header: { ru: 'Сумма', en: 'Amount' }, kind: 'money', width: 14, value: (r) => r.tx.amount },
    { header: { ru: 'Описание', en: 'Description' }, width: 36, value: (r) => r.tx.description },
    { header: { ru: 'Автор', en: 'Author' }, width: 22, value: (r) => r.author },
    { header: { ru: 'Статус', en: 'Status' }, width: 14, value: (r) => STATUS_LABELS[locale][r.tx.status as 'confirmed' | 'rejected'] },
    { header: { ru: 'Чек', en: 'Receipt' }, width: 12, value: (r) => (r.tx.proof_url ? (locale === 'ru' ? 'есть' : 'yes') : '') },
    // The receipt itself sits behind an expiring signed link; the record's page signs a fresh one.
    { header: { ru: 'Ссылка', en: 'Link' }, width: 40, value: (r) => backOfficeLink(publicUrl, 'transactions', r.tx.id) },
  ];
}

/** The organization's money records as the list shows them, with project, stage and author names and categories in words. */
export async function exportTransactions(
  org_id: number,
  settings: ExportSettings & { publicUrl: string; where?: WhereOptions; order?: Order },
): Promise<Buffer> {
  const rows = await Transaction.findAll({
    where: { [Op.and]: [settings.where ?? {}, { org_id }] },
    order: settings.order ?? [
      ['occurred_on', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: EXPORT_ROW_LIMIT,
  });
  const [projects, stages, authors] = await Promise.all([
    namesById(
      Project,
      org_id,
      rows.map((t) => t.project_id),
    ),
    namesById(
      Stage,
      org_id,
      rows.map((t) => t.stage_id),
    ),
    namesById(
      User,
      org_id,
      rows.map((t) => t.author_id),
    ),
  ]);
  const named = rows.map((tx) => ({
    tx,
    project: projects.get(tx.project_id) ?? '',
    stage: tx.stage_id ? (stages.get(tx.stage_id) ?? '') : '',
    author: tx.author_id ? (authors.get(tx.author_id) ?? '') : '',
  }));
  return exportTable(settings.locale === 'ru' ? 'Деньги' : 'Money', columns(settings.publicUrl, settings.locale), named, settings);
}
