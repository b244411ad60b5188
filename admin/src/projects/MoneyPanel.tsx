import { Box, Typography } from '@mui/material';
import { useGetList, useRecordContext, useTranslate } from 'react-admin';
import { centsToNumber, sumMoney, toCents, useMoneyFormat } from '../common/money';
import { MoneyBars } from './MoneyBars';

/** Plan vs fact for one project: budget, estimate by stage, expenses and income, approved change orders. */
export function MoneyPanel() {
  const project = useRecordContext();
  const translate = useTranslate();
  const money = useMoneyFormat();
  const enabled = { enabled: Boolean(project) };
  const page = { page: 1, perPage: 1000 };
  const { data: stages = [] } = useGetList('stages', { filter: { project_id: project?.id }, pagination: page }, enabled);
  const { data: transactions = [] } = useGetList('transactions', { filter: { project_id: project?.id, status: 'confirmed' }, pagination: page }, enabled);
  const { data: changes = [] } = useGetList('change-requests', { filter: { project_id: project?.id, status: 'approved' }, pagination: page }, enabled);
  if (!project) return null;
  const budget = toCents(project.budget_total);
  const estimate = sumMoney(stages.map((s) => s.budget_planned));
  const expenses = sumMoney(transactions.filter((t) => t.type === 'expense').map((t) => t.amount));
  const income = sumMoney(transactions.filter((t) => t.type === 'income').map((t) => t.amount));
  const approved = sumMoney(changes.map((c) => c.amount));
  const left = budget + approved - expenses;
  return (
    <Box data-testid="money-panel">
      <Typography variant="subtitle1" sx={{ mb: 1 }}>{translate('crm.projects.money')}</Typography>
      <MoneyBars bars={[
        { label: translate('crm.projects.planned'), value: centsToNumber(budget), text: money(budget), color: '#2f6f5e' },
        { label: translate('crm.projects.stages_planned'), value: centsToNumber(estimate), text: money(estimate), color: '#6a9f8c' },
        { label: translate('crm.projects.change_orders'), value: centsToNumber(approved), text: money(approved), color: '#5c6bc0' },
        { label: translate('crm.projects.spent'), value: centsToNumber(expenses), text: money(expenses), color: expenses > budget + approved ? '#c62828' : '#e07a2f' },
        { label: translate('crm.projects.income'), value: centsToNumber(income), text: money(income), color: '#2e7d32' },
      ]} />
      <Typography variant="body1" sx={{ mt: 1 }} color={left < 0n ? 'error' : 'text.primary'}>
        {translate('crm.projects.balance')}: <b>{money(left)}</b>
      </Typography>
    </Box>
  );
}
