import { Box, Divider, Paper, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { EstimateFigures } from '../providers/dataProvider';

/** The estimate's figures as the server computed them; shown, never added up here. */
export function TotalsPanel({ figures, vatIncluded, stale }: { figures: EstimateFigures | null; vatIncluded: boolean; stale: boolean }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  if (!figures) return null;
  const nonZero = (value: string) => !/^-?0(\.0+)?$/.test(value);
  const row = (label: string, value: string, testId: string, strong = false) => (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
      <Typography variant={strong ? 'subtitle1' : 'body2'} fontWeight={strong ? 700 : 400}>
        {label}
      </Typography>
      <Typography variant={strong ? 'subtitle1' : 'body2'} fontWeight={strong ? 700 : 400} data-testid={testId}>
        {money(value, figures.currency)}
      </Typography>
    </Box>
  );
  return (
    <Paper elevation={3} sx={{ p: 2, position: 'sticky', bottom: 8, opacity: stale ? 0.6 : 1 }} data-testid="estimate-totals">
      {row(translate('crm.estimates.subtotal'), figures.subtotal, 'total-subtotal')}
      {nonZero(figures.markup_amount) && row(translate('crm.estimates.markup'), figures.markup_amount, 'total-markup')}
      {nonZero(figures.discount_amount) && row(translate('crm.estimates.discount'), `-${figures.discount_amount}`, 'total-discount')}
      {nonZero(figures.vat_amount) && row(translate(vatIncluded ? 'crm.estimates.vat_included' : 'crm.estimates.vat_on_top'), figures.vat_amount, 'total-vat')}
      <Divider sx={{ my: 1 }} />
      {row(translate('crm.estimates.total'), figures.total, 'total-total', true)}
    </Paper>
  );
}
