import type { TransactionTotals } from '@crm/contracts';
import { fn, col, literal } from 'sequelize';
import { Transaction, Op, type WhereOptions } from '@crm/database';

export type { TransactionTotals };

/**
 * Sums of the organization's confirmed money records under a list's filter, in SQL over every
 * matching row (exact NUMERIC, not the page the screen shows): the one place these totals are made.
 */
export async function transactionTotals(org_id: number, where: WhereOptions = {}): Promise<TransactionTotals> {
  const [row] = (await Transaction.findAll({
    where: { [Op.and]: [where, { org_id, status: 'confirmed' }] },
    attributes: [
      [fn('count', col('id')), 'count'],
      [literal(`COALESCE(SUM(amount) FILTER (WHERE type = 'expense'), 0)`), 'expenses'],
      [literal(`COALESCE(SUM(amount) FILTER (WHERE type = 'income'), 0)`), 'income'],
      [literal(`COALESCE(SUM(CASE WHEN type = 'income' THEN amount ELSE -amount END), 0)`), 'balance'],
    ],
    raw: true,
  })) as unknown as Array<{ count: string; expenses: string; income: string; balance: string }>;
  const money = (value: string | undefined) => toCents(value ?? '0');
  return { count: Number(row?.count ?? 0), expenses: money(row?.expenses), income: money(row?.income), balance: money(row?.balance) };
}

/** A NUMERIC sum as text with exactly two decimals, without passing through a float. */
function toCents(value: string): string {
  const [integer, fraction = ''] = String(value).split('.');
  return `${integer}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
