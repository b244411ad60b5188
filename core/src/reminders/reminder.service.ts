import { Notification, QueryTypes, type Sequelize } from '@crm/database';
import { dueReminders } from './due.js';
import { safeZone } from '../time/zone.js';
import { digestText, reminderText, pickLocale, type TextLocale } from './texts.js';

/** A reminder to deliver to a worker in Telegram (already recorded as sent for that local day). */
export interface WorkerReminder {
  org_id: number;
  user_id: number;
  telegram_id: number;
  local_date: string;
  text: string;
}

export interface DigestSent {
  org_id: number;
  user_id: number;
  notification_id: number;
  report_date: string;
}

interface OrgRow {
  id: number;
  timezone: string;
  locale: string;
  report_reminder_hour: number;
  digest_hour: number;
}

/**
 * One reminder tick for every organization (or one): decides in each organization's timezone what
 * is due, records it in `reminder_log` (so concurrent or repeated ticks send nothing twice) and
 * returns the worker reminders to deliver; manager digests are written as notifications here.
 */
export async function runReminderTick(
  sequelize: Sequelize,
  now: Date,
  { org_id, only }: { org_id?: number; only?: 'report_reminder' | 'digest' } = {},
): Promise<{ reminders: WorkerReminder[]; digests: DigestSent[] }> {
  const orgs = await sequelize.query<OrgRow>(
    `SELECT id, timezone, locale, report_reminder_hour, digest_hour FROM organizations ${org_id ? 'WHERE id = :org_id' : ''} ORDER BY id`,
    { replacements: { org_id }, type: QueryTypes.SELECT },
  );
  const reminders: WorkerReminder[] = [];
  const digests: DigestSent[] = [];
  for (const org of orgs) {
    const due = dueReminders(now, org);
    const timezone = safeZone(org.timezone);
    if (due.report_reminder && only !== 'digest') reminders.push(...(await claimWorkerReminders(sequelize, org, timezone, due.report_reminder.local_date)));
    if (due.digest && only !== 'report_reminder')
      digests.push(...(await writeDigests(sequelize, org, timezone, due.digest.local_date, due.digest.report_date)));
  }
  return { reminders, digests };
}

interface MissingWorker {
  user_id: number;
  name: string;
  telegram_id: number | null;
  language_code: string | null;
}

/** Workers assigned to an active project with no report on that local day. */
async function workersWithoutReport(sequelize: Sequelize, org_id: number, timezone: string, local_date: string): Promise<MissingWorker[]> {
  return sequelize.query<MissingWorker>(
    `SELECT DISTINCT u.id AS user_id, u.name, u.telegram_id, u.language_code
       FROM users u
       JOIN project_workers pw ON pw.user_id = u.id AND pw.org_id = u.org_id
       JOIN projects p ON p.id = pw.project_id AND p.org_id = u.org_id AND p.status = 'active'
      WHERE u.org_id = :org_id AND u.role = 'worker' AND u.is_active
        AND NOT EXISTS (SELECT 1 FROM daily_reports r
                         WHERE r.org_id = u.org_id AND r.author_id = u.id
                           AND (r.created_at AT TIME ZONE :timezone)::date = :local_date::date)
      ORDER BY u.id`,
    { replacements: { org_id, timezone, local_date }, type: QueryTypes.SELECT },
  );
}

async function claim(sequelize: Sequelize, org_id: number, kind: 'report_reminder' | 'digest', user_id: number, local_date: string): Promise<boolean> {
  const rows = await sequelize.query(
    `INSERT INTO reminder_log (org_id, kind, user_id, local_date) VALUES (:org_id, :kind, :user_id, :local_date)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    { replacements: { org_id, kind, user_id, local_date }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

async function claimWorkerReminders(sequelize: Sequelize, org: OrgRow, timezone: string, local_date: string): Promise<WorkerReminder[]> {
  const result: WorkerReminder[] = [];
  for (const worker of await workersWithoutReport(sequelize, org.id, timezone, local_date)) {
    if (!worker.telegram_id) continue;
    if (!(await claim(sequelize, org.id, 'report_reminder', worker.user_id, local_date))) continue;
    const locale: TextLocale = pickLocale(org.locale, worker.language_code);
    result.push({ org_id: org.id, user_id: worker.user_id, telegram_id: worker.telegram_id, local_date, text: reminderText(locale, worker.name) });
  }
  return result;
}

async function writeDigests(sequelize: Sequelize, org: OrgRow, timezone: string, local_date: string, report_date: string): Promise<DigestSent[]> {
  const managers = await sequelize.query<{ id: number; language_code: string | null }>(
    `SELECT id, COALESCE(locale, language_code) AS language_code FROM users WHERE org_id = :org_id AND role IN ('manager', 'admin') AND is_active ORDER BY id`,
    { replacements: { org_id: org.id }, type: QueryTypes.SELECT },
  );
  if (!managers.length) return [];
  const reports = await sequelize.query<{ project_id: number; project_name: string; reports: number; authors: string }>(
    `SELECT p.id AS project_id, p.name AS project_name, count(*)::int AS reports, string_agg(DISTINCT u.name, ', ') AS authors
       FROM daily_reports r JOIN projects p ON p.id = r.project_id LEFT JOIN users u ON u.id = r.author_id
      WHERE r.org_id = :org_id AND (r.created_at AT TIME ZONE :timezone)::date = :report_date::date
      GROUP BY p.id, p.name ORDER BY p.name`,
    { replacements: { org_id: org.id, timezone, report_date }, type: QueryTypes.SELECT },
  );
  const missing = await workersWithoutReport(sequelize, org.id, timezone, report_date);
  const sent: DigestSent[] = [];
  for (const manager of managers) {
    if (!(await claim(sequelize, org.id, 'digest', manager.id, local_date))) continue;
    const locale = pickLocale(org.locale, manager.language_code);
    const { title, body } = digestText(
      locale,
      report_date,
      reports,
      missing.map((m) => m.name),
    );
    const notification = await Notification.create({
      org_id: org.id,
      user_id: manager.id,
      type: 'digest',
      title,
      body,
      payload: {
        report_date,
        reports: reports.map((r) => ({ project_id: r.project_id, reports: r.reports })),
        missing_user_ids: missing.map((m) => m.user_id),
      },
    });
    sent.push({ org_id: org.id, user_id: manager.id, notification_id: notification.id, report_date });
  }
  return sent;
}
