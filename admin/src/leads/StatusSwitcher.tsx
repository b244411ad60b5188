import { Tab, Tabs } from '@mui/material';
import type { LeadColumnTotal } from '../providers/dataProvider';
import type { LeadStatus } from './statuses';
import { usePipeline } from './usePipeline';

/** On a phone the board shows one column at a time: these tabs, with each column's count, pick it. */
export function StatusSwitcher({
  value,
  onChange,
  totals,
  statuses,
}: {
  value: LeadStatus;
  onChange: (status: LeadStatus) => void;
  totals: LeadColumnTotal[];
  statuses: LeadStatus[];
}) {
  const { stageName } = usePipeline();
  return (
    <Tabs
      value={value}
      onChange={(_, status: LeadStatus) => onChange(status)}
      variant="scrollable"
      scrollButtons="auto"
      allowScrollButtonsMobile
      data-testid="status-switcher"
      sx={{ mb: 1, minHeight: 40, '& .MuiTab-root': { minHeight: 40, px: 1.5 } }}
    >
      {statuses.map((status) => (
        <Tab
          key={status}
          value={status}
          data-testid={`status-tab-${status}`}
          label={`${stageName(status, 'many')} (${totals.find((t) => t.status === status)?.count ?? 0})`}
        />
      ))}
    </Tabs>
  );
}
