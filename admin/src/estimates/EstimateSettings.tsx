import { Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Estimate } from '../providers/dataProvider';

const ADJUSTMENTS = ['percent', 'amount'] as const;

/** Title, markup, discount, VAT and validity of an estimate. */
export function EstimateSettings({
  estimate,
  errors,
  readOnly,
  onChange,
}: {
  estimate: Estimate;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (change: Partial<Estimate>) => void;
}) {
  const translate = useTranslate();
  const label = (f: string) => translate(`resources.estimates.fields.${f}`);
  const text = (f: 'title' | 'markup_value' | 'discount_value' | 'vat_rate' | 'valid_until', width: number, type = 'text') => (
    <TextField
      size="small"
      label={label(f)}
      type={type}
      value={estimate[f] ?? ''}
      disabled={readOnly}
      sx={{ width }}
      onChange={(e) => onChange({ [f]: e.target.value })}
      error={Boolean(errors[f])}
      helperText={errors[f]}
      slotProps={type === 'date' ? { inputLabel: { shrink: true } } : undefined}
    />
  );
  const kind = (f: 'markup_type' | 'discount_type') => (
    <TextField
      select
      size="small"
      label={label(f)}
      value={estimate[f]}
      disabled={readOnly}
      sx={{ width: 110 }}
      onChange={(e) => onChange({ [f]: e.target.value as Estimate[typeof f] })}
    >
      {ADJUSTMENTS.map((a) => (
        <MenuItem key={a} value={a}>
          {translate(`crm.estimates.adjustment.${a}`)}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2, alignItems: 'center' }}>
      {text('title', 280)}
      {kind('markup_type')}
      {text('markup_value', 120)}
      {kind('discount_type')}
      {text('discount_value', 120)}
      {text('vat_rate', 110)}
      <FormControlLabel
        control={<Checkbox checked={estimate.vat_included} disabled={readOnly} onChange={(e) => onChange({ vat_included: e.target.checked })} />}
        label={label('vat_included')}
      />
      {text('valid_until', 170, 'date')}
    </Stack>
  );
}
