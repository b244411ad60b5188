import { DailyReport, type SqlTransaction } from '@crm/database';
import type { Actor } from '../people/user-records.js';

/** A daily report written in the back office (workers file theirs in the bot: report.service.ts), signed by its author. */
export function createReportRecord(actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<DailyReport> {
  return DailyReport.create({ ...values, org_id: actor.org_id, author_id: actor.user_id } as never, { transaction });
}
