import type { Order } from 'sequelize';
import { Op, Project, User, type WhereOptions } from '@crm/database';
import { projectFiguresFor, type ProjectFigures } from '../projects/summary.js';
import { EXPORT_ROW_LIMIT } from './lead-export.js';
import { backOfficeLink, exportTable, namesById, type ExportColumn, type ExportSettings } from './table.js';

interface ProjectRow {
  project: Project;
  client: string;
  manager: string;
  figures: ProjectFigures | undefined;
}

const STATUS_LABELS = {
  ru: { planning: 'Планирование', active: 'В работе', paused: 'Пауза', done: 'Сдан', cancelled: 'Отменён' },
  en: { planning: 'Planning', active: 'Active', paused: 'Paused', done: 'Done', cancelled: 'Cancelled' },
} as const;

function columns(publicUrl: string, locale: ExportSettings['locale']): ExportColumn<ProjectRow>[] {
  const money = (pick: (m: ProjectFigures['money']) => string) => (r: ProjectRow) => (r.figures ? pick(r.figures.money) : null);
  return [
    { header: { ru: 'Объект', en: 'Project' }, width: 30, value: (r) => r.project.name },
    { header: { ru: 'Адрес', en: 'Address' }, width: 32, value: (r) => r.project.address },
    { header: { ru: 'Клиент', en: 'Client' }, width: 24, value: (r) => r.client },
    { header: { ru: 'Менеджер', en: 'Manager' }, width: 22, value: (r) => r.manager },
    {
      header: { ru: 'Статус', en: 'Status' },
      width: 14,
      value: (r) => STATUS_LABELS[locale][r.project.status as keyof (typeof STATUS_LABELS)['ru']] ?? r.project.status,
    },
    { header: { ru: 'Договор', en: 'Contract' }, kind: 'money', width: 14, value: money((m) => m.contract_total) },
    { header: { ru: 'Оплачено', en: 'Paid' }, kind: 'money', width: 14, value: money((m) => m.paid) },
    { header: { ru: 'К оплате', en: 'To pay' }, kind: 'money', width: 14, value: money((m) => m.to_pay) },
    { header: { ru: 'Расходы', en: 'Spent' }, kind: 'money', width: 14, value: money((m) => m.spent) },
    { header: { ru: 'Готовность, %', en: 'Progress, %' }, kind: 'number', width: 12, value: (r) => r.figures?.progress_pct ?? 0 },
    { header: { ru: 'Начало', en: 'Start' }, kind: 'date', width: 12, value: (r) => r.project.start_date },
    { header: { ru: 'Окончание', en: 'End' }, kind: 'date', width: 12, value: (r) => r.project.end_date },
    { header: { ru: 'Ссылка', en: 'Link' }, width: 40, value: (r) => `${backOfficeLink(publicUrl, 'projects', r.project.id)}/show` },
  ];
}

/**
 * The organization's projects as the list shows them, with client and manager names and the money
 * and progress figures from the project summary (the one place they are computed).
 */
export async function exportProjects(org_id: number, settings: ExportSettings & { publicUrl: string; where?: WhereOptions; order?: Order }): Promise<Buffer> {
  const projects = await Project.findAll({
    where: { [Op.and]: [settings.where ?? {}, { org_id }] },
    order: settings.order ?? [
      ['created_at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: EXPORT_ROW_LIMIT,
  });
  const [people, figures] = await Promise.all([
    namesById(
      User,
      org_id,
      projects.flatMap((p) => [p.client_id, p.manager_id]),
    ),
    projectFiguresFor(
      Project.sequelize!,
      org_id,
      projects.map((p) => p.id),
    ),
  ]);
  const rows = projects.map((project) => ({
    project,
    figures: figures.get(project.id),
    client: project.client_id ? (people.get(project.client_id) ?? '') : '',
    manager: project.manager_id ? (people.get(project.manager_id) ?? '') : '',
  }));
  return exportTable(settings.locale === 'ru' ? 'Объекты' : 'Projects', columns(settings.publicUrl, settings.locale), rows, settings);
}
