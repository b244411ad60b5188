import { describe, it, expect } from '@jest/globals';
import { reduceExpense, readExpenseDraft, startExpense, type ExpenseDraft, type ExpenseEvent } from './expense-flow.js';

function run(events: ExpenseEvent[]) {
  let state: ExpenseDraft | null = startExpense();
  const outcomes = [];
  for (const event of events) {
    const t = reduceExpense(state!, event);
    outcomes.push(t.outcome);
    state = t.state;
  }
  return { state, outcomes };
}

describe('expense flow', () => {
  it('amount → category → project → stage → receipt submits', () => {
    const { state, outcomes } = run([
      { type: 'text', text: 'двенадцать' },
      { type: 'text', text: '12,5к' },
      { type: 'category', category: 'materials' },
      { type: 'project', project_id: 4 },
      { type: 'stage', stage_id: null },
      { type: 'text', text: 'here' },
      { type: 'receipt', receipt: { type: 'photo', file_id: 'r1' } },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['hint', 'ask', 'ask', 'ask', 'ask', 'hint', 'submit']);
    expect(readExpenseDraft(JSON.parse(JSON.stringify(state)))).toMatchObject({
      amount: '12500.00',
      category: 'materials',
      project_id: 4,
      stage_id: null,
      receipt: { file_id: 'r1' },
    });
  });

  it('"No receipt" at the receipt step submits without proof; elsewhere it is not accepted', () => {
    const { state, outcomes } = run([
      { type: 'no_receipt' },
      { type: 'text', text: '800' },
      { type: 'category', category: 'transport' },
      { type: 'project', project_id: 4 },
      { type: 'stage', stage_id: 2 },
      { type: 'no_receipt' },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['hint', 'ask', 'ask', 'ask', 'ask', 'submit']);
    expect(state).toMatchObject({ amount: '800.00', category: 'transport', project_id: 4, stage_id: 2, receipt: null });
  });

  it('Back walks back to the amount and then leaves; Cancel leaves from anywhere', () => {
    let { state } = run([
      { type: 'text', text: '500' },
      { type: 'category', category: 'tools' },
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 2 },
    ]);
    expect(state?.step).toBe('receipt');
    expect(reduceExpense(state!, { type: 'cancel' }).state).toBeNull();
    const steps: string[] = [];
    while (state) {
      const t = reduceExpense(state, { type: 'back' });
      steps.push(t.outcome.kind === 'ask' ? t.outcome.step : t.outcome.kind);
      state = t.state;
    }
    expect(steps).toEqual(['stage', 'project', 'category', 'amount', 'cancelled']);
  });
});
