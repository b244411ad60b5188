import { Box, Button, Card, CardContent, IconButton, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { EstimateFigures, EstimateLine, EstimateSection } from '../providers/dataProvider';
import { sentLineIndex } from './draft';
import { LineRow, type LineField } from './LineRow';

interface Props {
  index: number;
  section: EstimateSection;
  figures?: EstimateFigures['sections'][number];
  errors: Record<string, string>;
  readOnly: boolean;
  currency: string;
  onChange: (change: Partial<EstimateSection>) => void;
  onLineChange: (line: number, change: Partial<EstimateLine>) => void;
  onAddLine: () => void;
  onRemoveLine: (line: number) => void;
  onRemove: () => void;
  onEnter: (line: number, field: LineField) => void;
}

const MEASURES = ['length', 'width', 'height'] as const;

export function SectionCard({
  index,
  section,
  figures,
  errors,
  readOnly,
  currency,
  onChange,
  onLineChange,
  onAddLine,
  onRemoveLine,
  onRemove,
  onEnter,
}: Props) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const field = (name: string) => `sections.${index}.${name}`;
  const setOpening = (i: number, key: 'width' | 'height', value: string) =>
    onChange({ openings: section.openings.map((o, j) => (j === i ? { ...o, [key]: value } : o)) });
  return (
    <Card variant="outlined" sx={{ mb: 2 }} data-testid="estimate-section">
      <CardContent>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <TextField
            size="small"
            label={translate('resources.estimates.fields.section_name')}
            value={section.name}
            disabled={readOnly}
            onChange={(e) => onChange({ name: e.target.value })}
            error={Boolean(errors[field('name')])}
            helperText={errors[field('name')]}
            sx={{ flex: 1 }}
          />
          <Typography fontWeight={600} data-testid="section-subtotal">
            {figures ? money(figures.subtotal, currency) : '—'}
          </Typography>
          {!readOnly && (
            <IconButton onClick={onRemove} aria-label={translate('crm.estimates.remove_section')}>
              <DeleteIcon />
            </IconButton>
          )}
        </Box>
        <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', alignItems: 'center' }} useFlexGap>
          {MEASURES.map((m) => (
            <TextField
              key={m}
              size="small"
              label={translate(`resources.estimates.fields.${m}`)}
              value={section[m] ?? ''}
              disabled={readOnly}
              onChange={(e) => onChange({ [m]: e.target.value })}
              error={Boolean(errors[field(m)])}
              helperText={errors[field(m)]}
              sx={{ width: 110 }}
            />
          ))}
          {section.openings.map((o, i) => (
            <Box key={i} sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}>
              <TextField
                size="small"
                label={translate('crm.estimates.opening_width')}
                value={o.width}
                disabled={readOnly}
                onChange={(e) => setOpening(i, 'width', e.target.value)}
                sx={{ width: 90 }}
              />
              ×
              <TextField
                size="small"
                label={translate('crm.estimates.opening_height')}
                value={o.height}
                disabled={readOnly}
                onChange={(e) => setOpening(i, 'height', e.target.value)}
                sx={{ width: 90 }}
              />
              {!readOnly && (
                <IconButton
                  size="small"
                  onClick={() => onChange({ openings: section.openings.filter((_, j) => j !== i) })}
                  aria-label={translate('ra.action.delete')}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              )}
            </Box>
          ))}
          {!readOnly && (
            <Button size="small" onClick={() => onChange({ openings: [...section.openings, { width: '', height: '' }] })}>
              {translate('crm.estimates.add_opening')}
            </Button>
          )}
        </Stack>
        {errors[field('openings')] && (
          <Typography variant="caption" color="error">
            {errors[field('openings')]}
          </Typography>
        )}
        {figures && (figures.floor_area || figures.wall_area) && (
          <Typography variant="body2" color="text.secondary" data-testid="room-figures" sx={{ mt: 1 }}>
            {translate('crm.estimates.room_figures', {
              floor: figures.floor_area ?? '—',
              walls: figures.wall_area ?? '—',
              perimeter: figures.perimeter ?? '—',
            })}
          </Typography>
        )}
        <Table size="small" sx={{ mt: 1 }}>
          <TableHead>
            <TableRow>
              {['name', 'unit', 'quantity', 'unit_price', 'total'].map((f) => (
                <TableCell key={f} align={f === 'total' ? 'right' : 'left'}>
                  {translate(`resources.estimates.fields.${f}`)}
                </TableCell>
              ))}
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {section.lines.map((line, l) => {
              const sent = sentLineIndex(section, l);
              return (
                <LineRow
                  key={line.id ?? `new-${l}`}
                  section={index}
                  index={l}
                  line={line}
                  currency={currency}
                  readOnly={readOnly}
                  figures={sent === null ? undefined : figures?.lines[sent]}
                  errors={(f) => (sent === null ? undefined : errors[`sections.${index}.lines.${sent}.${f}`])}
                  onChange={(change) => onLineChange(l, change)}
                  onRemove={() => onRemoveLine(l)}
                  onEnter={(f) => onEnter(l, f)}
                />
              );
            })}
          </TableBody>
        </Table>
        {section.lines.length === 0 && (
          <Typography color="text.secondary" sx={{ py: 1 }}>
            {translate('crm.estimates.no_lines')}
          </Typography>
        )}
        {!readOnly && (
          <Button size="small" startIcon={<AddIcon />} onClick={onAddLine} sx={{ mt: 1 }}>
            {translate('crm.estimates.add_line')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
