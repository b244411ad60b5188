import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { usePipeline } from './usePipeline';

const COLORS: Record<string, 'default' | 'success' | 'info'> = { won: 'success', lost: 'default', new: 'info' };

/** One lead's stage, in the singular and in the organization's own words. */
export function LeadStatusField({ source = 'status' }: { source?: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const { stageName } = usePipeline();
  const status = record?.[source] as string | undefined;
  if (!status) return null;
  return <Chip size="small" variant="outlined" label={stageName(status, 'one')} color={COLORS[status] ?? 'default'} data-testid="lead-status" />;
}
