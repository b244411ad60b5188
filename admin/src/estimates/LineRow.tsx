import { IconButton, MenuItem, TableCell, TableRow, TextField, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { EstimateLine } from '../providers/dataProvider';
import { QUANTITY_SOURCES } from './draft';
import { CatalogueNameField } from './CatalogueNameField';

export type LineField = 'name' | 'unit' | 'quantity' | 'unit_price';

interface Props {
  section: number;
  index: number;
  line: EstimateLine;
  /** Figures of this line from the server, when it has been computed. */
  figures?: { quantity: string; total: string };
  errors: (field: string) => string | undefined;
  readOnly: boolean;
  currency: string;
  onChange: (change: Partial<EstimateLine>) => void;
  onRemove: () => void;
  /** Enter pressed in a field: the editor moves to the next line (adding one at the end). */
  onEnter: (field: LineField) => void;
}

export const cellId = (section: number, line: number, field: string) => `line-${section}-${line}-${field}`;

export function LineRow({ section, index, line, figures, errors, readOnly, currency, onChange, onRemove, onEnter }: Props) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const bound = line.quantity_source !== 'manual';
  const input = (field: LineField, extra: { width?: number; align?: 'right' } = {}) => (
    <TextField
      size="small"
      variant="standard"
      fullWidth
      value={field === 'quantity' && bound ? (figures?.quantity ?? '') : line[field]}
      disabled={readOnly || (field === 'quantity' && bound)}
      onChange={(e) => onChange({ [field]: e.target.value })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onEnter(field);
        }
      }}
      error={Boolean(errors(field))}
      helperText={errors(field)}
      placeholder={translate(`resources.estimates.fields.${field}`)}
      slotProps={{
        htmlInput: {
          id: cellId(section, index, field),
          'aria-label': translate(`resources.estimates.fields.${field}`),
          style: { textAlign: extra.align ?? 'left' },
        },
      }}
      sx={{ minWidth: extra.width }}
    />
  );
  return (
    <TableRow data-testid="estimate-line">
      <TableCell sx={{ width: '40%', minWidth: 200 }}>
        <CatalogueNameField
          id={cellId(section, index, 'name')}
          value={line.name}
          disabled={readOnly}
          error={errors('name')}
          onType={(name) => onChange({ name, catalogue_item_id: null })}
          onPick={(item) => onChange(item)}
          onEnter={() => onEnter('name')}
        />
      </TableCell>
      <TableCell sx={{ width: 80 }}>{input('unit', { width: 60 })}</TableCell>
      <TableCell sx={{ width: 130 }}>
        {input('quantity', { width: 90, align: 'right' })}
        <TextField
          select
          size="small"
          variant="standard"
          value={line.quantity_source}
          disabled={readOnly}
          onChange={(e) => onChange({ quantity_source: e.target.value as EstimateLine['quantity_source'] })}
          error={Boolean(errors('quantity_source'))}
          helperText={errors('quantity_source')}
          slotProps={{ htmlInput: { 'aria-label': translate('resources.estimates.fields.quantity_source') } }}
          sx={{ '& .MuiInputBase-input': { fontSize: 12 } }}
        >
          {QUANTITY_SOURCES.map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`crm.estimates.quantity_source.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </TableCell>
      <TableCell sx={{ width: 130 }}>{input('unit_price', { width: 90, align: 'right' })}</TableCell>
      <TableCell align="right" sx={{ width: 130 }}>
        <Typography variant="body2" data-testid="line-total" sx={{ whiteSpace: 'nowrap' }}>
          {figures ? money(figures.total, currency) : '—'}
        </Typography>
        {errors('total') && (
          <Typography variant="caption" color="error">
            {errors('total')}
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ width: 40 }}>
        {!readOnly && (
          <IconButton size="small" onClick={onRemove} aria-label={translate('ra.action.delete')}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        )}
      </TableCell>
    </TableRow>
  );
}
