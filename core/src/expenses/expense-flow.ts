import { z } from 'zod';
import { parseAmount } from '../money/parse-money.js';
import { reportMediaSchema, type ReportMedia } from '../reports/report-flow.js';

/**
 * The worker's expense as a pure state machine, persisted by the bot like the report:
 * amount → category → project → stage → receipt photo (or "no receipt"), then the expense is recorded.
 */
const EXPENSE_STEPS = ['amount', 'category', 'project', 'stage', 'receipt'] as const;
type ExpenseStep = (typeof EXPENSE_STEPS)[number];

const expenseDraftSchema = z.object({
  flow: z.literal('expense'),
  step: z.enum(EXPENSE_STEPS),
  amount: z.string().nullable(),
  category: z.string().nullable(),
  project_id: z.number().int().positive().nullable(),
  stage_id: z.number().int().positive().nullable(),
  receipt: reportMediaSchema.nullable(),
});
export type ExpenseDraft = z.infer<typeof expenseDraftSchema>;

export type ExpenseEvent =
  | { type: 'text'; text: string }
  | { type: 'category'; category: string }
  | { type: 'project'; project_id: number }
  | { type: 'stage'; stage_id: number | null }
  | { type: 'receipt'; receipt: ReportMedia }
  /** The worker has no receipt (lost, a market stall): the expense is recorded without proof. */
  | { type: 'no_receipt' }
  | { type: 'back' }
  | { type: 'cancel' };

type ExpenseOutcome =
  | { kind: 'ask'; step: ExpenseStep }
  | { kind: 'hint'; step: ExpenseStep; reason: 'bad_amount' | 'need_receipt' | 'unexpected' }
  | { kind: 'submit' }
  | { kind: 'cancelled' };

export interface ExpenseTransition {
  state: ExpenseDraft | null;
  outcome: ExpenseOutcome;
}

export function startExpense(): ExpenseDraft {
  return { flow: 'expense', step: 'amount', amount: null, category: null, project_id: null, stage_id: null, receipt: null };
}

export function readExpenseDraft(state: unknown): ExpenseDraft | null {
  const parsed = expenseDraftSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export function reduceExpense(draft: ExpenseDraft, event: ExpenseEvent): ExpenseTransition {
  const ask = (state: ExpenseDraft): ExpenseTransition => ({ state, outcome: { kind: 'ask', step: state.step } });
  const hint = (reason: Extract<ExpenseOutcome, { kind: 'hint' }>['reason']): ExpenseTransition => ({
    state: draft,
    outcome: { kind: 'hint', step: draft.step, reason },
  });

  if (event.type === 'cancel') return { state: null, outcome: { kind: 'cancelled' } };
  if (event.type === 'back') {
    const index = EXPENSE_STEPS.indexOf(draft.step);
    if (index === 0) return { state: null, outcome: { kind: 'cancelled' } };
    const previous = EXPENSE_STEPS[index - 1] as ExpenseStep;
    return ask({ ...draft, step: previous, ...(previous === 'project' ? { stage_id: null } : {}) });
  }

  switch (draft.step) {
    case 'amount': {
      if (event.type !== 'text') return hint('bad_amount');
      try {
        return ask({ ...draft, amount: parseAmount(event.text), step: 'category' });
      } catch {
        return hint('bad_amount');
      }
    }
    case 'category':
      return event.type === 'category' ? ask({ ...draft, category: event.category, step: 'project' }) : hint('unexpected');
    case 'project':
      return event.type === 'project' ? ask({ ...draft, project_id: event.project_id, stage_id: null, step: 'stage' }) : hint('unexpected');
    case 'stage':
      return event.type === 'stage' ? ask({ ...draft, stage_id: event.stage_id, step: 'receipt' }) : hint('unexpected');
    case 'receipt':
      if (event.type === 'receipt') return { state: { ...draft, receipt: event.receipt }, outcome: { kind: 'submit' } };
      if (event.type === 'no_receipt') return { state: { ...draft, receipt: null }, outcome: { kind: 'submit' } };
      return hint('need_receipt');
  }
}
