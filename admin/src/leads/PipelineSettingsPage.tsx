import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, Grid, TextField, Typography } from '@mui/material';
import { Title, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { usePipeline } from './usePipeline';

type Draft = Record<string, { one: string; many: string; hidden: boolean }>;
const REQUIRED = ['new', 'won', 'lost'];

/**
 * Pipeline settings: each stage's name for one lead and for a column of them, whether the firm uses
 * it, and the lost reasons offered. An empty name keeps the default (shown as the placeholder).
 */
export function PipelineSettingsPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { pipeline } = usePipeline();
  const [draft, setDraft] = useState<Draft>({});
  const [reasons, setReasons] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!pipeline) return;
    setDraft(Object.fromEntries(pipeline.stages.map((s) => [s.status, { one: s.custom_one ?? '', many: s.custom_many ?? '', hidden: s.hidden }])));
    setReasons(pipeline.default_lost_reasons ? '' : pipeline.lost_reasons.join('\n'));
  }, [pipeline]);
  if (!pipeline) return null;
  const set = (status: string, patch: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [status]: { ...d[status], ...patch } }));
  const save = async () => {
    try {
      const stages = Object.fromEntries(
        Object.entries(draft).map(([status, v]) => [status, { one: v.one.trim() || null, many: v.many.trim() || null, hidden: v.hidden }]),
      );
      await dataProvider.updatePipeline(
        {
          stages,
          lost_reasons: reasons
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean),
        },
        locale,
      );
      await queryClient.invalidateQueries({ queryKey: ['pipeline'] });
      setErrors({});
      notify('crm.pipeline.saved', { type: 'success' });
    } catch (error) {
      const fields = (error as { body?: { fields?: Record<string, { message?: string }> } }).body?.fields ?? {};
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v?.message ?? ''])));
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <Box sx={{ maxWidth: 900, mt: 1 }} data-testid="pipeline-settings">
      <Title title={translate('crm.pipeline.title')} />
      <Card>
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('crm.pipeline.help')}
          </Typography>
          {pipeline.stages.map((stage) => (
            <Grid container spacing={2} key={stage.status} sx={{ mb: 1, alignItems: 'center' }} data-testid={`stage-${stage.status}`}>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField
                  size="small"
                  fullWidth
                  label={translate('crm.pipeline.one')}
                  placeholder={stage.custom_one ? undefined : stage.one}
                  value={draft[stage.status]?.one ?? ''}
                  onChange={(e) => set(stage.status, { one: e.target.value })}
                  error={Boolean(errors[`stages.${stage.status}.one`])}
                  helperText={errors[`stages.${stage.status}.one`]}
                  slotProps={{ inputLabel: { shrink: true } }}
                  inputProps={{ 'data-testid': `stage-one-${stage.status}` }}
                />
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField
                  size="small"
                  fullWidth
                  label={translate('crm.pipeline.many')}
                  placeholder={stage.custom_many ? undefined : stage.many}
                  value={draft[stage.status]?.many ?? ''}
                  onChange={(e) => set(stage.status, { many: e.target.value })}
                  error={Boolean(errors[`stages.${stage.status}.many`])}
                  helperText={errors[`stages.${stage.status}.many`]}
                  slotProps={{ inputLabel: { shrink: true } }}
                  inputProps={{ 'data-testid': `stage-many-${stage.status}` }}
                />
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <FormControlLabel
                  label={translate('crm.pipeline.used')}
                  disabled={REQUIRED.includes(stage.status)}
                  control={
                    <Checkbox
                      checked={!draft[stage.status]?.hidden}
                      onChange={(e) => set(stage.status, { hidden: !e.target.checked })}
                      data-testid={`stage-used-${stage.status}`}
                    />
                  }
                />
              </Grid>
            </Grid>
          ))}
          <Alert severity="info" sx={{ my: 2 }}>
            {translate('crm.pipeline.hidden_help')}
          </Alert>
          <TextField
            fullWidth
            multiline
            minRows={4}
            label={translate('crm.pipeline.lost_reasons')}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
            placeholder={pipeline.default_lost_reasons ? pipeline.lost_reasons.join('\n') : undefined}
            helperText={errors.lost_reasons ?? translate('crm.pipeline.lost_reasons_help')}
            error={Boolean(errors.lost_reasons)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Box sx={{ mt: 2 }}>
            <Button variant="contained" onClick={save} data-testid="pipeline-save">
              {translate('ra.action.save')}
            </Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
}
