import type { LeadColumnTotal } from '@crm/contracts';
import { LEAD_STATUSES, Lead, Op, Organization, type LeadStatus, type Sequelize, type WhereOptions } from '@crm/database';

export type { LeadColumnTotal } from '@crm/contracts';

/**
 * Kanban column totals: how many leads and how much budget per column, per currency, summed in SQL.
 * `where` narrows the leads the same way the list does (the caller's filters); the organization
 * scope is always applied here.
 */
export async function leadColumnTotals(sequelize: Sequelize, orgId: number, where: WhereOptions = {}): Promise<LeadColumnTotal[]> {
  const org = await Organization.findByPk(orgId, { attributes: ['currency'] });
  const currency = sequelize.literal(`COALESCE("budget_currency", ${sequelize.escape(org?.currency ?? 'RUB')})`);
  const rows = (await Lead.findAll({
    attributes: [
      'status',
      [currency, 'currency'],
      [sequelize.fn('count', sequelize.col('id')), 'count'],
      [sequelize.literal('COALESCE(SUM("budget_amount"), 0)::numeric(14,2)::text'), 'amount'],
    ],
    where: { [Op.and]: [where, { org_id: orgId }] },
    group: ['status', currency as never],
    raw: true,
  })) as unknown as { status: LeadStatus; currency: string; count: string; amount: string }[];
  return LEAD_STATUSES.map((status) => {
    const mine = rows.filter((r) => r.status === status).sort((a, b) => a.currency.localeCompare(b.currency));
    return {
      status,
      count: mine.reduce((n, r) => n + Number(r.count), 0),
      budgets: mine.filter((r) => !/^0(\.0+)?$/.test(r.amount)).map((r) => ({ currency: r.currency, amount: r.amount })),
    };
  });
}
