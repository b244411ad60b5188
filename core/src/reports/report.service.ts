import { z } from 'zod';
import { DailyReport, type MediaItem, type Notification, type Sequelize, type SqlTransaction } from '@crm/database';
import { notifyStaff } from '../notifications/notification.service.js';
import { parseInput, id } from '../validation.js';
import { assertAssignment } from './assignments.js';
import { reportMediaSchema } from './report-flow.js';

const dailyReportInput = z
  .object({
    org_id: id,
    author_id: id,
    project_id: id,
    stage_id: id.nullable().default(null),
    content: z.string().trim().max(4000).default(''),
    media: z.array(reportMediaSchema).max(100).default([]),
    voice: reportMediaSchema.nullable().default(null),
    progress_pct: z.number().int().min(0).max(100).nullable().default(null),
  })
  .refine((r) => r.content.length > 0 || r.media.length > 0 || r.voice !== null, {
    message: 'a report needs a note, a voice message or media',
    path: ['content'],
  });
export type DailyReportInput = z.input<typeof dailyReportInput>;

export interface SubmittedReport {
  report: DailyReport;
  project_name: string;
  stage_name: string | null;
  client_id: number | null;
  /** The staff's notifications of the report, written in its transaction. */
  notifications: Notification[];
}

export interface ReportDeps {
  /** Runs inside the caller's transaction (e.g. together with clearing the bot dialog). */
  transaction?: SqlTransaction;
}

/**
 * Files a worker's daily report in one transaction: the report (media as Telegram file references
 * until the media ingest job stores them; the voice note is one of the media items), the stage's
 * new progress, and a back-office notification for the project's manager (or every manager).
 */
export async function submitDailyReport(sequelize: Sequelize, input: DailyReportInput, deps: ReportDeps = {}): Promise<SubmittedReport> {
  const data = parseInput(dailyReportInput, input, 'Invalid report');
  const work = async (transaction: SqlTransaction): Promise<SubmittedReport> => {
    const scope = await assertAssignment(
      sequelize,
      { org_id: data.org_id, user_id: data.author_id, project_id: data.project_id, stage_id: data.stage_id },
      transaction,
    );
    const media: MediaItem[] = [...data.media, ...(data.voice ? [data.voice] : [])].map((m) => ({ ...m, key: null }));
    const report = await DailyReport.create(
      {
        org_id: data.org_id,
        project_id: data.project_id,
        stage_id: data.stage_id,
        author_id: data.author_id,
        content: data.content,
        media_urls: media,
        progress_pct: data.progress_pct,
      },
      { transaction },
    );
    if (data.stage_id !== null && data.progress_pct !== null) await setStageProgress(sequelize, data.org_id, data.stage_id, data.progress_pct, transaction);
    const notifications = await notifyStaff(
      sequelize,
      {
        org_id: data.org_id,
        manager_id: scope.manager_id,
        type: 'report.created',
        title: `${scope.project_name}${scope.stage_name ? ` · ${scope.stage_name}` : ''}`,
        body: data.content.slice(0, 280),
        payload: { report_id: report.id, project_id: data.project_id, stage_id: data.stage_id, author_id: data.author_id, progress_pct: data.progress_pct },
      },
      transaction,
    );
    return { report, project_name: scope.project_name, stage_name: scope.stage_name, client_id: scope.client_id, notifications };
  };
  // The notifications are announced with the transaction (NOTIFY is delivered on commit).
  return deps.transaction ? work(deps.transaction) : sequelize.transaction(work);
}

async function setStageProgress(sequelize: Sequelize, org_id: number, stage_id: number, pct: number, transaction: SqlTransaction) {
  await sequelize.query(
    `UPDATE stages SET progress_pct = :pct, updated_at = now(),
            status = CASE WHEN :pct = 100 THEN 'done'::stage_status
                          WHEN :pct > 0 AND status = 'planned' THEN 'in_progress'::stage_status
                          WHEN :pct < 100 AND status = 'done' THEN 'in_progress'::stage_status
                          ELSE status END
      WHERE org_id = :org_id AND id = :stage_id`,
    { replacements: { pct, org_id, stage_id }, transaction },
  );
}
