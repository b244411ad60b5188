import { z } from 'zod';
import { Organization, QueryTypes, Transaction, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, invalid, notFound } from '../errors.js';
import { parseInput, id } from '../validation.js';
import { assertAssignment } from '../reports/assignments.js';
import { parseAmount } from '../money/parse-money.js';

const expenseInput = z.object({
  org_id: id,
  author_id: id,
  project_id: id,
  stage_id: id.nullable().default(null),
  amount: z.union([z.string(), z.number()]).transform((v) => String(v)),
  category: z.string().trim().min(1),
  description: z.string().trim().max(2000).default(''),
  /** The receipt: a storage key, or a Telegram file reference until the media pipeline stores it. */
  proof_url: z.string().trim().min(1).max(1000).nullable().default(null),
});
export type ExpenseInput = z.input<typeof expenseInput>;

/**
 * Records a worker's expense and brings the project's spent budget up to date, in one transaction.
 * The category must be one of the organization's `expense_categories`.
 */
export async function recordExpense(
  sequelize: Sequelize,
  input: ExpenseInput,
  options: { transaction?: SqlTransaction } = {},
): Promise<{ transaction: Transaction; budget_spent: string }> {
  const data = parseInput(expenseInput, input, 'Invalid expense');
  const amount = parseAmount(data.amount);
  const work = async (tx: SqlTransaction) => {
    const org = await Organization.findByPk(data.org_id, { transaction: tx, attributes: ['id', 'expense_categories'] });
    if (!org) throw notFound('Organization');
    if (!expenseCategories(org).includes(data.category)) throw invalid({ category: `must be one of: ${expenseCategories(org).join(', ')}` }, 'Invalid expense');
    await assertAssignment(sequelize, { org_id: data.org_id, user_id: data.author_id, project_id: data.project_id, stage_id: data.stage_id }, tx);
    const transaction = await Transaction.create(
      {
        org_id: data.org_id,
        project_id: data.project_id,
        stage_id: data.stage_id,
        author_id: data.author_id,
        amount,
        type: 'expense',
        category: data.category,
        description: data.description,
        proof_url: data.proof_url,
      },
      { transaction: tx },
    );
    const budget_spent = await refreshSpent(sequelize, data.project_id, tx);
    return { transaction, budget_spent };
  };
  return options.transaction ? work(options.transaction) : sequelize.transaction(work);
}

export function expenseCategories(org: Pick<Organization, 'expense_categories'>): string[] {
  const list = Array.isArray(org.expense_categories) ? org.expense_categories.filter((c): c is string => typeof c === 'string' && c.trim() !== '') : [];
  return list.length ? list : ['other'];
}

/** The project's spent budget after the write (the database keeps it: migration 0025-project-money). */
async function refreshSpent(sequelize: Sequelize, projectId: number, transaction: SqlTransaction): Promise<string> {
  const [row] = await sequelize.query<{ budget_spent: string }>('SELECT budget_spent FROM projects WHERE id = :projectId', {
    replacements: { projectId },
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!row) throw notFound('Project');
  return row.budget_spent;
}

/** The back office's reject: the expense stays on record but no longer counts as spent. */
export async function rejectExpense(sequelize: Sequelize, org_id: number, transactionId: number): Promise<{ transaction: Transaction; budget_spent: string }> {
  return sequelize.transaction(async (tx) => {
    const row = await Transaction.findOne({ where: { id: transactionId, org_id }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!row) throw notFound('Transaction');
    if (row.type !== 'expense') throw new DomainError('conflict', 'Only expenses can be rejected');
    await row.update({ status: 'rejected' }, { transaction: tx });
    return { transaction: row, budget_spent: await refreshSpent(sequelize, row.project_id, tx) };
  });
}
