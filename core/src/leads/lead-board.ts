import { CLOSED_LEAD_STATUSES } from '@crm/contracts';
import { Op, type WhereOptions } from '@crm/database';
import { invalid } from '../errors.js';

/**
 * The board's "recent closed leads" rule: leads in an open column always, won and lost only when
 * they reached that column within the last `days` days.
 */
export function closedWithinWhere(days: unknown, now = new Date()): WhereOptions {
  const text = String(days ?? '');
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) {
    throw invalid({ 'filter.closed_within_days': 'must be a whole number of days from 1 to 9999' }, 'Invalid filter');
  }
  const since = new Date(now.getTime() - Number(text) * 86_400_000);
  return { [Op.or]: [{ status: { [Op.notIn]: [...CLOSED_LEAD_STATUSES] } }, { status_changed_at: { [Op.gte]: since } }] };
}
