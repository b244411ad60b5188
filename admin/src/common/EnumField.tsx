import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

const COLORS: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'error' | 'info'> = {
  won: 'success',
  lost: 'default',
  approved: 'success',
  rejected: 'error',
  pending: 'warning',
  done: 'success',
  in_progress: 'info',
  active: 'primary',
  paused: 'warning',
  cancelled: 'default',
  expense: 'warning',
  income: 'success',
  failed: 'error',
  blocked: 'error',
  draft: 'default',
  sent: 'info',
  superseded: 'default',
  admin: 'primary',
  manager: 'info',
};

/** A translated chip for an enum column: `crm.<group>.<value>`. */
export function EnumField({ source, group }: { source: string; group: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (!value) return null;
  return <Chip size="small" label={translate(`crm.${group}.${value}`, { _: value })} color={COLORS[value] ?? 'default'} variant="outlined" />;
}

export const useChoices = (group: string, values: readonly string[]) => {
  const translate = useTranslate();
  return values.map((id) => ({ id, name: translate(`crm.${group}.${id}`, { _: id }) }));
};
