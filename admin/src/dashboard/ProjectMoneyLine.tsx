import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { ProjectMoney } from '../providers/dataProvider';

const FIGURES: Array<[keyof ProjectMoney, string]> = [
  ['contract_base', 'crm.projects.contract_base'],
  ['change_orders_approved', 'crm.projects.change_orders'],
  ['contract_total', 'crm.projects.contract_total'],
  ['paid', 'crm.projects.income'],
  ['spent', 'crm.projects.spent'],
  ['left', 'crm.projects.balance'],
];

/** One active project's money on the dashboard: the server's figures, the same as on the project page. */
export function ProjectMoneyLine({ projectId, money: m }: { projectId: number; money: ProjectMoney }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  return (
    <Box component="span" sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1.5 }}>
      {FIGURES.map(([key, label]) => (
        <Typography key={key} component="span" variant="caption" color="text.secondary" data-testid={`dashboard-money-${projectId}-${key}`}>
          {translate(label)}:{' '}
          <Box component="b" data-role="amount" sx={{ color: 'text.primary' }}>
            {money(m[key])}
          </Box>
        </Typography>
      ))}
    </Box>
  );
}
