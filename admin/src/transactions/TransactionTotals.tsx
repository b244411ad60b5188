import { Box, Chip, Typography } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';
import { sumMoney, useMoneyFormat } from '../common/money';

/** Totals over every row matching the current filter, not only the visible page. */
export function TransactionTotals() {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const money = useMoneyFormat();
  const { data = [], total } = useGetList('transactions', { filter: { ...filterValues, status: 'confirmed' }, pagination: { page: 1, perPage: 1000 } });
  const expenses = sumMoney(data.filter((t) => t.type === 'expense').map((t) => t.amount));
  const income = sumMoney(data.filter((t) => t.type === 'income').map((t) => t.amount));
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', px: 2, py: 1 }} data-testid="transaction-totals">
      <Typography variant="body2" color="text.secondary">{translate('crm.transactions.totals')} ({total ?? `${data.length}+`}):</Typography>
      <Chip color="warning" variant="outlined" label={`${translate('crm.transactions.expenses')}: ${money(expenses)}`} data-testid="total-expenses" />
      <Chip color="success" variant="outlined" label={`${translate('crm.transactions.income')}: ${money(income)}`} data-testid="total-income" />
      <Chip variant="outlined" label={`${translate('crm.transactions.balance')}: ${money(income - expenses)}`} />
    </Box>
  );
}
