import { Box, Chip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useListContext, useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { CrmDataProvider } from '../providers/dataProvider';

/** Totals over every confirmed row matching the current filter, summed by the server (not the visible page). */
export function TransactionTotals() {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const money = useMoneyFormat();
  const dataProvider = useDataProvider<CrmDataProvider>();
  // Under the list's own key: saving, deleting or a live refresh of transactions refetches the totals too.
  const { data } = useQuery({ queryKey: ['transactions', 'totals', filterValues], queryFn: () => dataProvider.getTransactionTotals(filterValues) });
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', px: 2, py: 1 }} data-testid="transaction-totals">
      <Typography variant="body2" color="text.secondary">
        {translate('crm.transactions.totals')} ({data?.count ?? '…'}):
      </Typography>
      <Chip
        color="warning"
        variant="outlined"
        label={`${translate('crm.transactions.expenses')}: ${data ? money(data.expenses) : '…'}`}
        data-testid="total-expenses"
      />
      <Chip
        color="success"
        variant="outlined"
        label={`${translate('crm.transactions.income')}: ${data ? money(data.income) : '…'}`}
        data-testid="total-income"
      />
      <Chip variant="outlined" label={`${translate('crm.transactions.balance')}: ${data ? money(data.balance) : '…'}`} data-testid="total-balance" />
    </Box>
  );
}
