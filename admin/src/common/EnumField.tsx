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

/** The words for a stored value of a group (`crm.<group>.<value>`), the value itself where the dictionary has none. */
export function useEnumLabel() {
  const translate = useTranslate();
  return (group: string, value: string) => translate(`crm.${group}.${value}`, { _: value });
}

/** A translated chip for an enum column: `crm.<group>.<value>`. */
export function EnumField({ source, group }: { source: string; group: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const label = useEnumLabel();
  const value = record?.[source];
  if (!value) return null;
  return <Chip size="small" label={label(group, value)} color={COLORS[value] ?? 'default'} variant="outlined" />;
}

/** The same words as plain text, for a column where a chip would be too loud (units, categories). */
export function EnumText({ source, group }: { source: string; group: string; label?: string }) {
  const record = useRecordContext();
  const label = useEnumLabel();
  const value = record?.[source];
  return value ? <>{label(group, value)}</> : null;
}

export const useChoices = (group: string, values: readonly string[]) => {
  const label = useEnumLabel();
  return values.map((id) => ({ id, name: label(group, id) }));
};
