import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import SaveIcon from '@mui/icons-material/Save';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Loading, RecordContextProvider, useDataProvider, useGetOne, useNotify, useTranslate, useUpdate } from 'react-admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EnumField } from '../common/EnumField';
import type { CrmDataProvider, Estimate, EstimateFigures } from '../providers/dataProvider';
import { addLine, emptySection, payloadOf, removeLine, removeSection, updateLine, updateSection } from './draft';
import { EstimateActions } from './EstimateActions';
import { EstimateSettings } from './EstimateSettings';
import { cellId, type LineField } from './LineRow';
import { SectionCard } from './SectionCard';
import { TotalsPanel } from './TotalsPanel';
import { useEstimateFigures } from './useEstimateFigures';

/** Where the estimate was opened from: its lead or its project. */
const backLink = (e: Estimate) => (e.project_id ? `/projects/${e.project_id}/show/estimates` : `/leads/${e.lead_id}`);

export function EstimateEditor() {
  const { id } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data: record, isPending, error } = useGetOne<Estimate>('estimates', { id: Number(id) });
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [update, { isPending: saving }] = useUpdate<Estimate>();
  const { figures, errors: liveErrors } = useEstimateFigures(estimate);
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    if (record) setEstimate(record);
  }, [record]);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  if (isPending || (!estimate && !error)) return <Loading />;
  if (error || !estimate) return <Alert severity="error">{translate('crm.errors.not_found')}</Alert>;
  const readOnly = estimate.status !== 'draft';
  const errors = { ...saveErrors, ...liveErrors };
  const edit = (next: Estimate) => {
    setEstimate(next);
    setSaveErrors({});
  };

  // Enter moves to the same field of the next line; on the last line it adds a line and goes to its name.
  const onEnter = (section: number, line: number, field: LineField) => {
    const lines = estimate.sections[section]!.lines;
    if (line + 1 < lines.length) {
      document.getElementById(cellId(section, line + 1, field))?.focus();
      return;
    }
    focusNext.current = cellId(section, line + 1, 'name');
    edit(addLine(estimate, section));
  };

  const save = () =>
    update(
      'estimates',
      { id: estimate.id, data: payloadOf(estimate), previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: (saved) => {
          setEstimate(saved);
          notify('crm.estimates.saved', { type: 'success' });
        },
        onError: (e) => {
          setSaveErrors((e as { body?: { errors?: Record<string, string> } }).body?.errors ?? {});
          notify((e as Error).message, { type: 'error' });
        },
      },
    );
  const duplicate = async () => {
    try {
      const copy = await dataProvider.duplicateEstimate(estimate.id);
      navigate(`/estimates/${copy.id}`);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const shown: EstimateFigures | null =
    figures ??
    (readOnly
      ? {
          ...estimate,
          net: estimate.total,
          sections: estimate.sections.map((s) => ({
            floor_area: s.floor_area ?? null,
            wall_area: s.wall_area ?? null,
            perimeter: s.perimeter ?? null,
            subtotal: s.subtotal ?? '0',
            total: s.total ?? '0',
            lines: s.lines.map((l) => ({ quantity: l.quantity, total: l.total ?? '0' })),
          })),
        }
      : null);

  return (
    <RecordContextProvider value={estimate}>
      <Box sx={{ p: 2, maxWidth: 1100 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
          <Button component={Link} to={backLink(estimate)} startIcon={<ArrowBackIcon />}>
            {translate('ra.action.back')}
          </Button>
          <Typography variant="h5" sx={{ flex: 1 }}>
            {translate('crm.estimates.title', { version: estimate.version })}
          </Typography>
          <EnumField source="status" group="estimate_status" />
          <Button startIcon={<ContentCopyIcon />} onClick={duplicate}>
            {translate('crm.estimates.duplicate')}
          </Button>
          {!readOnly && (
            <Button variant="contained" startIcon={<SaveIcon />} onClick={save} disabled={saving}>
              {translate('ra.action.save')}
            </Button>
          )}
        </Stack>
        <EstimateActions
          key={`${estimate.id}-${estimate.status}`}
          estimate={estimate}
          onChange={(next) => setEstimate(next)}
          unsaved={!!record && JSON.stringify(payloadOf(estimate)) !== JSON.stringify(payloadOf(record))}
        />
        {readOnly && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('crm.estimates.read_only')}
          </Alert>
        )}
        <EstimateSettings estimate={estimate} errors={errors} readOnly={readOnly} onChange={(change) => edit({ ...estimate, ...change })} />
        {estimate.sections.length === 0 && (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {translate('crm.estimates.no_sections')}
          </Typography>
        )}
        {estimate.sections.map((section, s) => (
          <SectionCard
            key={section.id ?? `new-${s}`}
            index={s}
            section={section}
            figures={shown?.sections[s]}
            errors={errors}
            readOnly={readOnly}
            currency={estimate.currency}
            onChange={(change) => edit(updateSection(estimate, s, change))}
            onLineChange={(l, change) => edit(updateLine(estimate, s, l, change))}
            onAddLine={() => {
              focusNext.current = cellId(s, section.lines.length, 'name');
              edit(addLine(estimate, s));
            }}
            onRemoveLine={(l) => edit(removeLine(estimate, s, l))}
            onRemove={() => edit(removeSection(estimate, s))}
            onEnter={(l, f) => onEnter(s, l, f)}
          />
        ))}
        {!readOnly && (
          <Button
            startIcon={<AddIcon />}
            variant="outlined"
            sx={{ mb: 2 }}
            onClick={() =>
              edit({ ...estimate, sections: [...estimate.sections, emptySection(translate('crm.estimates.new_section', { n: estimate.sections.length + 1 }))] })
            }
          >
            {translate('crm.estimates.add_section')}
          </Button>
        )}
        <TextField
          label={translate('resources.estimates.fields.notes')}
          value={estimate.notes}
          disabled={readOnly}
          multiline
          minRows={2}
          fullWidth
          sx={{ mb: 2 }}
          onChange={(e) => edit({ ...estimate, notes: e.target.value })}
        />
        {errors._ && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {errors._}
          </Alert>
        )}
        <TotalsPanel figures={shown} vatIncluded={estimate.vat_included} stale={Object.keys(liveErrors).length > 0} />
      </Box>
    </RecordContextProvider>
  );
}
