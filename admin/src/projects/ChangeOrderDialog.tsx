import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useCreate, useDataProvider, useGetList, useNotify, useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { ChangeOrderFigures, Contract, CrmDataProvider } from '../providers/dataProvider';
import { changeLinesOf, errorsByRow, lineKey, type AddedLine, type LineEdit } from './changeOrderDraft';

/**
 * A change order built from the contract as it stands (the approved estimate with the change
 * orders applied so far): edit a line's quantity or price, remove it, or add a free or catalogue
 * line to a section. The delta — per line and in total, with markup, discount and VAT — is
 * computed by the API as the manager types; the dialog adds nothing up itself.
 */
export function ChangeOrderDialog({ projectId, onClose }: { projectId: number; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const money = useMoneyFormat();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [create, { isPending: saving }] = useCreate();
  const [contract, setContract] = useState<Contract | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [edits, setEdits] = useState<Record<string, LineEdit>>({});
  const [added, setAdded] = useState<AddedLine[]>([]);
  const [figures, setFigures] = useState<ChangeOrderFigures | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    dataProvider.getProjectContract(projectId).then(setContract, (error: Error) => setLoadError(error.message));
  }, [dataProvider, projectId]);

  const payload = useMemo(() => (contract ? changeLinesOf(contract, edits, added) : []), [contract, edits, added]);
  // A line being added is computed once it has a name and a price; until then the total waits.
  const incomplete = added.some((a) => !a.name.trim() || !a.unit_price.trim());
  useEffect(() => {
    if (!payload.length || incomplete) {
      setFigures(null);
      setErrors({});
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      dataProvider.calculateChangeOrder({ project_id: projectId, lines: payload.map((p) => p.line) }).then(
        (result) => {
          if (cancelled) return;
          setFigures(result);
          setErrors({});
        },
        (error: { body?: { errors?: Record<string, string> }; message?: string }) => {
          if (!cancelled)
            setErrors(
              errorsByRow(
                payload.map((p) => p.row),
                error.body?.errors ?? { _: error.message ?? '' },
              ),
            );
        },
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [payload, incomplete, dataProvider, projectId]);

  const deltaOf = (row: string) => {
    const i = payload.findIndex((p) => p.row === row);
    return i >= 0 && figures && !Object.keys(errors).length ? figures.lines[i]?.delta : undefined;
  };
  const edit = (key: string, base: { quantity: string; unit_price: string }, change: Partial<LineEdit>) =>
    setEdits((all) => ({ ...all, [key]: { ...(all[key] ?? { ...base, removed: false }), ...change } }));
  const save = () =>
    create(
      'change-requests',
      { data: { project_id: projectId, title, description, lines: payload.map((p) => p.line) } },
      {
        onSuccess: () => {
          notify('ra.notification.created', { type: 'success', messageArgs: { smart_count: 1 } });
          onClose();
        },
        onError: (error) => {
          setErrors(
            errorsByRow(
              payload.map((p) => p.row),
              (error as { body?: { errors?: Record<string, string> } }).body?.errors ?? {},
            ),
          );
          notify((error as Error).message, { type: 'error' });
        },
      },
    );
  const err = (row: string, field: string) => errors[`${row}.${field}`];

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg">
      <DialogTitle>{translate('crm.change_orders.title')}</DialogTitle>
      <DialogContent>
        {loadError && (
          <Alert severity="info" data-testid="no-contract">
            {loadError}
          </Alert>
        )}
        {contract && (
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Stack direction="row" spacing={2}>
              <TextField
                name="title"
                label={translate('resources.change-requests.fields.title')}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                error={Boolean(errors.title)}
                helperText={errors.title}
                required
                sx={{ flex: 1 }}
              />
              <TextField
                name="description"
                label={translate('resources.change-requests.fields.description')}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                sx={{ flex: 2 }}
              />
            </Stack>
            {contract.sections.map((section) => (
              <Box key={section.id} data-testid="contract-section">
                <Typography fontWeight={600}>
                  {section.name} · {money(section.total)}
                </Typography>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{translate('resources.estimates.fields.name')}</TableCell>
                      <TableCell sx={{ width: 130 }}>{translate('resources.estimates.fields.quantity')}</TableCell>
                      <TableCell sx={{ width: 150 }}>{translate('resources.estimates.fields.unit_price')}</TableCell>
                      <TableCell align="right">{translate('crm.change_orders.was')}</TableCell>
                      <TableCell align="right">{translate('crm.change_orders.delta')}</TableCell>
                      <TableCell>{translate('crm.change_orders.remove')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {section.lines.map((line) => {
                      const key = lineKey(line);
                      const current = edits[key] ?? { quantity: line.quantity, unit_price: line.unit_price, removed: false };
                      return (
                        <TableRow key={key} data-testid="contract-line" sx={current.removed ? { opacity: 0.5 } : undefined}>
                          <TableCell>
                            {line.name}
                            {line.unit ? `, ${line.unit}` : ''}
                          </TableCell>
                          <TableCell>
                            <TextField
                              size="small"
                              value={current.quantity}
                              disabled={current.removed}
                              inputProps={{ 'aria-label': `${line.name} ${translate('resources.estimates.fields.quantity')}` }}
                              onChange={(e) => edit(key, line, { quantity: e.target.value })}
                              error={Boolean(err(key, 'quantity'))}
                              helperText={err(key, 'quantity')}
                            />
                          </TableCell>
                          <TableCell>
                            <TextField
                              size="small"
                              value={current.unit_price}
                              disabled={current.removed}
                              inputProps={{ 'aria-label': `${line.name} ${translate('resources.estimates.fields.unit_price')}` }}
                              onChange={(e) => edit(key, line, { unit_price: e.target.value })}
                              error={Boolean(err(key, 'unit_price'))}
                              helperText={err(key, 'unit_price')}
                            />
                          </TableCell>
                          <TableCell align="right">{money(line.total)}</TableCell>
                          <TableCell align="right" data-testid="line-delta">
                            {deltaOf(key) ? money(deltaOf(key)) : ''}
                            {err(key, '_') && (
                              <Typography variant="caption" color="error" display="block">
                                {err(key, '_')}
                              </Typography>
                            )}
                          </TableCell>
                          <TableCell>
                            <Checkbox
                              checked={current.removed}
                              onChange={(e) => edit(key, line, { removed: e.target.checked })}
                              inputProps={{ 'aria-label': `${translate('crm.change_orders.remove')} ${line.name}` }}
                            />
                          </TableCell>
                        </TableRow>
                      );
                    })}
                    {added
                      .filter((a) => a.section_id === section.id)
                      .map((line) => (
                        <AddedRow
                          key={line.key}
                          line={line}
                          delta={deltaOf(`n${line.key}`)}
                          errors={(f) => err(`n${line.key}`, f)}
                          onChange={(change) => setAdded((all) => all.map((a) => (a.key === line.key ? { ...a, ...change } : a)))}
                          onRemove={() => setAdded((all) => all.filter((a) => a.key !== line.key))}
                        />
                      ))}
                  </TableBody>
                </Table>
                <Button
                  size="small"
                  startIcon={<AddIcon />}
                  onClick={() =>
                    setAdded((all) => [
                      ...all,
                      { key: Date.now() + all.length, section_id: section.id, catalogue_item_id: null, name: '', unit: '', quantity: '1', unit_price: '' },
                    ])
                  }
                >
                  {translate('crm.change_orders.add_line')}
                </Button>
              </Box>
            ))}
            <Totals figures={Object.keys(errors).length ? null : figures} empty={!payload.length} incomplete={incomplete} />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !contract || !payload.length || !title.trim()}>
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function AddedRow({
  line,
  delta,
  errors,
  onChange,
  onRemove,
}: {
  line: AddedLine;
  delta?: string;
  errors: (field: string) => string | undefined;
  onChange: (change: Partial<AddedLine>) => void;
  onRemove: () => void;
}) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const [q, setQ] = useState('');
  const { data: items = [] } = useGetList('catalog-items', {
    filter: { q, archived: false },
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <TableRow data-testid="added-line">
      <TableCell>
        <Autocomplete
          freeSolo
          size="small"
          options={items}
          getOptionLabel={(o) => (typeof o === 'string' ? o : o.name)}
          inputValue={line.name}
          onInputChange={(_e, value, reason) => {
            setQ(value);
            if (reason !== 'reset') onChange({ name: value, catalogue_item_id: null });
          }}
          onChange={(_e, item) => {
            if (item && typeof item !== 'string') onChange({ name: item.name, unit: item.unit, unit_price: item.price, catalogue_item_id: item.id as number });
          }}
          renderInput={(params) => (
            <TextField {...params} label={translate('crm.change_orders.new_line')} error={Boolean(errors('name'))} helperText={errors('name')} />
          )}
        />
      </TableCell>
      <TableCell>
        <TextField
          size="small"
          value={line.quantity}
          onChange={(e) => onChange({ quantity: e.target.value })}
          error={Boolean(errors('quantity'))}
          helperText={errors('quantity') ?? line.unit}
          inputProps={{ 'aria-label': translate('resources.estimates.fields.quantity') }}
        />
      </TableCell>
      <TableCell>
        <TextField
          size="small"
          value={line.unit_price}
          onChange={(e) => onChange({ unit_price: e.target.value })}
          error={Boolean(errors('unit_price'))}
          helperText={errors('unit_price')}
          inputProps={{ 'aria-label': translate('resources.estimates.fields.unit_price') }}
        />
      </TableCell>
      <TableCell align="right">—</TableCell>
      <TableCell align="right" data-testid="line-delta">
        {delta ? money(delta) : ''}
      </TableCell>
      <TableCell>
        <Button size="small" onClick={onRemove}>
          {translate('ra.action.delete')}
        </Button>
      </TableCell>
    </TableRow>
  );
}

function Totals({ figures, empty, incomplete }: { figures: ChangeOrderFigures | null; empty: boolean; incomplete: boolean }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  if (empty) return <Typography color="text.secondary">{translate('crm.change_orders.empty')}</Typography>;
  if (incomplete) return <Typography color="text.secondary">{translate('crm.change_orders.incomplete')}</Typography>;
  if (!figures) return <Typography color="text.secondary">…</Typography>;
  const d = figures.figures.delta;
  const rows: Array<[string, string]> = [
    [translate('crm.change_orders.lines_delta'), d.subtotal],
    [translate('crm.change_orders.markup'), d.markup_amount],
    [translate('crm.change_orders.discount'), d.discount_amount],
    [translate('crm.change_orders.vat'), d.vat_amount],
  ];
  return (
    <Box sx={{ alignSelf: 'flex-end', minWidth: 320 }} data-testid="change-order-totals">
      {rows
        .filter(([, v]) => Number(v) !== 0)
        .map(([label, value]) => (
          <Box key={label} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
            <Typography variant="body2">{label}</Typography>
            <Typography variant="body2">{money(value)}</Typography>
          </Box>
        ))}
      <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
        <Typography fontWeight={700}>{translate('crm.change_orders.amount')}</Typography>
        <Typography fontWeight={700} data-testid="change-order-amount">
          {money(figures.amount)}
        </Typography>
      </Box>
      <Typography variant="caption" color="text.secondary">
        {translate('crm.change_orders.contract_after', { before: money(figures.figures.before.total), after: money(figures.figures.after.total) })}
      </Typography>
    </Box>
  );
}
