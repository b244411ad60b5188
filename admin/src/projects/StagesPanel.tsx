import { STAGE_STATUSES, type ProjectRecord, type StageRecord } from '@crm/contracts';
import { useState } from 'react';
import { Box, Button, LinearProgress, MenuItem, Select, Slider, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useCreate, useGetList, useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import { useMoneyFormat } from '../common/money';

type Stage = StageRecord;

function StageRow({ stage }: { stage: Stage }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const notify = useNotify();
  const [update] = useUpdate();
  const [progress, setProgress] = useState(stage.progress_pct);
  const save = (data: Partial<Stage>) =>
    update(
      'stages',
      { id: stage.id, data, previousData: stage },
      {
        mutationMode: 'optimistic',
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );
  return (
    <Box sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid={`stage-${stage.id}`}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography sx={{ flex: 1 }} fontWeight={600}>
          {stage.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {money(stage.budget_planned)}
        </Typography>
        <Select size="small" value={stage.status} onChange={(e) => save({ status: e.target.value as Stage['status'] })} sx={{ minWidth: 140 }}>
          {STAGE_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`crm.stage_status.${s}`)}
            </MenuItem>
          ))}
        </Select>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 1 }}>
        <Slider
          size="small"
          value={progress}
          step={5}
          min={0}
          max={100}
          onChange={(_, v) => setProgress(v as number)}
          onChangeCommitted={(_, v) => save({ progress_pct: v as number })}
          aria-label={translate('crm.projects.progress')}
        />
        <Typography variant="body2" sx={{ width: 40 }}>
          {progress}%
        </Typography>
      </Box>
    </Box>
  );
}

export function StagesPanel() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const [create, { isPending }] = useCreate();
  const [name, setName] = useState('');
  const [budget, setBudget] = useState('');
  const { data: stages = [], isPending: loading } = useGetList<Stage>(
    'stages',
    {
      filter: { project_id: project?.id },
      sort: { field: 'position', order: 'ASC' },
      pagination: { page: 1, perPage: 200 },
    },
    { enabled: Boolean(project) },
  );
  if (!project) return null;
  // The server's figure (projects/summary.ts): budget-weighted by stage, refreshed after every stage write.
  const overall = project.progress_pct;
  const add = () =>
    create(
      'stages',
      { data: { project_id: project.id, name, budget_planned: budget || '0', position: stages.length } },
      {
        onSuccess: () => {
          setName('');
          setBudget('');
        },
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }} data-testid="project-progress">
          {translate('crm.projects.progress')}: {overall}%
        </Typography>
      </Box>
      <LinearProgress variant="determinate" value={overall} sx={{ height: 8, borderRadius: 4, mb: 1 }} />
      {loading ? null : stages.length === 0 ? (
        <Typography color="text.secondary" sx={{ my: 2 }}>
          {translate('crm.projects.no_stages')}
        </Typography>
      ) : (
        stages.map((stage) => <StageRow key={`${stage.id}-${stage.progress_pct}`} stage={stage} />)
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <TextField size="small" label={translate('resources.stages.fields.name')} value={name} onChange={(e) => setName(e.target.value)} />
        <TextField size="small" label={translate('resources.stages.fields.budget_planned')} value={budget} onChange={(e) => setBudget(e.target.value)} />
        <Button sx={{ whiteSpace: 'nowrap', flexShrink: 0 }} startIcon={<AddIcon />} disabled={!name.trim() || isPending} onClick={add}>
          {translate('crm.projects.add_stage')}
        </Button>
      </Stack>
    </Box>
  );
}
