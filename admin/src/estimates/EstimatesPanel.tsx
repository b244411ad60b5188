import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { RecordContextProvider, useCreate, useGetList, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { EnumField } from '../common/EnumField';
import { useMoneyFormat } from '../common/money';
import type { Estimate } from '../providers/dataProvider';
import { sectionsFromRooms, type Measurement } from '../appointments/MeasurementPanel';

/** The estimates of a lead or a project, newest version first, with a button to start one. */
export function EstimatesPanel({ leadId, projectId }: { leadId?: number; projectId?: number }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const money = useMoneyFormat();
  const [create, { isPending: creating }] = useCreate<Estimate>();
  const filter = projectId ? { project_id: projectId } : { lead_id: leadId };
  const { data = [], isPending } = useGetList<Estimate>('estimates', {
    filter,
    sort: { field: 'version', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  // A lead's estimate starts from the rooms the estimator measured, when there are any.
  const { data: measured = [] } = useGetList<Measurement>(
    'measurements',
    { filter: { lead_id: leadId }, sort: { field: 'created_at', order: 'DESC' }, pagination: { page: 1, perPage: 1 } },
    { enabled: Boolean(leadId && !projectId) },
  );
  const rooms = measured[0]?.rooms ?? [];
  const start = () =>
    create(
      'estimates',
      {
        data: {
          ...filter,
          sections: rooms.length
            ? sectionsFromRooms(rooms, (n) => translate('crm.estimates.new_section', { n }))
            : [{ name: translate('crm.estimates.new_section', { n: 1 }), lines: [] }],
        } as never,
      },
      {
        onSuccess: (estimate) => navigate(`/estimates/${estimate.id}`),
        onError: (e) => notify((e as Error).message, { type: 'error' }),
      },
    );
  return (
    <Box data-testid="estimates-panel">
      <Button startIcon={<AddIcon />} variant="outlined" size="small" onClick={start} disabled={creating} sx={{ mb: 1 }}>
        {translate('crm.estimates.new')}
      </Button>
      {!isPending && data.length === 0 && (
        <Typography color="text.secondary" variant="body2">
          {translate('crm.estimates.empty')}
        </Typography>
      )}
      {data.length > 0 && (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.estimates.fields.version')}</TableCell>
              <TableCell>{translate('resources.estimates.fields.status')}</TableCell>
              <TableCell align="right">{translate('resources.estimates.fields.total')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((estimate) => (
              <RecordContextProvider key={estimate.id} value={estimate}>
                <TableRow hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/estimates/${estimate.id}`)} data-testid="estimate-row">
                  <TableCell>
                    v{estimate.version}
                    {estimate.title ? ` · ${estimate.title}` : ''}
                  </TableCell>
                  <TableCell>
                    <EnumField source="status" group="estimate_status" />
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {money(estimate.total, estimate.currency)}
                  </TableCell>
                </TableRow>
              </RecordContextProvider>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
