import type { ProjectRecord } from '@crm/contracts';
import { Table, TableBody, TableCell, TableFooter, TableHead, TableRow, Typography, Box } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { CrmDataProvider } from '../providers/dataProvider';

const negative = (value: string) => value.startsWith('-');

/** Plan against fact per stage and in total, exactly as the server computes them (projects/stage-figures.ts). */
export function PlanFactPanel() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const money = useMoneyFormat();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data } = useQuery({
    queryKey: ['projects', 'plan-fact', project?.id, project?.updated_at],
    queryFn: () => dataProvider.getProjectPlanFact(project!.id),
    enabled: Boolean(project),
  });
  if (!project || !data) return null;
  if (!data.stages.length) return null;
  return (
    <Box data-testid="plan-fact" sx={{ mt: 2 }}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('crm.projects.plan_fact')}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('crm.projects.stage')}</TableCell>
            <TableCell align="right">{translate('crm.projects.plan')}</TableCell>
            <TableCell align="right">{translate('crm.projects.fact')}</TableCell>
            <TableCell align="right">{translate('crm.projects.variance')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.stages.map((s) => (
            <TableRow key={s.id} data-testid="plan-fact-row">
              <TableCell>{s.name}</TableCell>
              <TableCell align="right" data-role="planned">
                {money(s.planned)}
              </TableCell>
              <TableCell align="right" data-role="fact">
                {money(s.fact)}
              </TableCell>
              <TableCell align="right" sx={{ color: negative(s.variance) ? 'error.main' : undefined }}>
                {money(s.variance)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow data-testid="plan-fact-total">
            <TableCell>{translate('crm.projects.total')}</TableCell>
            <TableCell align="right" data-role="planned">
              {money(data.totals.planned)}
            </TableCell>
            <TableCell align="right" data-role="fact">
              {money(data.totals.fact)}
            </TableCell>
            <TableCell align="right" sx={{ color: negative(data.totals.variance) ? 'error.main' : undefined }}>
              {money(data.totals.variance)}
            </TableCell>
          </TableRow>
        </TableFooter>
      </Table>
      {data.totals.unassigned !== '0.00' && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('crm.projects.unassigned', { amount: money(data.totals.unassigned) })}
        </Typography>
      )}
    </Box>
  );
}
