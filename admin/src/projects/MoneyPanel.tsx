import type { ProjectRecord } from '@crm/contracts';
import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { centsToNumber, toCents, useMoneyFormat } from '../common/money';
import { MoneyBars } from './MoneyBars';

/** Plan vs fact for one project, as the server computes it (the record's `money`); nothing is summed here. */
export function MoneyPanel() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const money = useMoneyFormat();
  const m = project?.money;
  if (!m) return null;
  const bar = (id: string, label: string, value: string, color: string) => ({
    id,
    label: translate(label),
    value: centsToNumber(toCents(value)),
    text: money(value),
    color,
  });
  const over = toCents(m.left) < 0n;
  return (
    <Box data-testid="money-panel">
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('crm.projects.money')}
      </Typography>
      <MoneyBars
        bars={[
          bar('contract_base', 'crm.projects.contract_base', m.contract_base, '#2f6f5e'),
          bar('change_orders_approved', 'crm.projects.change_orders', m.change_orders_approved, '#5c6bc0'),
          bar('contract_total', 'crm.projects.contract_total', m.contract_total, '#26418f'),
          bar('stages_planned', 'crm.projects.stages_planned', m.stages_planned, '#6a9f8c'),
          bar('spent', 'crm.projects.spent', m.spent, over ? '#c62828' : '#e07a2f'),
          bar('paid', 'crm.projects.income', m.paid, '#2e7d32'),
        ]}
      />
      <Typography variant="body1" sx={{ mt: 1 }} color={over ? 'error' : 'text.primary'} data-testid="money-left">
        {translate('crm.projects.balance')}: <b data-role="amount">{money(m.left)}</b>
      </Typography>
      <Typography variant="body2" color="text.secondary" data-testid="money-to-pay">
        {translate('crm.projects.to_pay')}: <span data-role="amount">{money(m.to_pay)}</span>
      </Typography>
    </Box>
  );
}
