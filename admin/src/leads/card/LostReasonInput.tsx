import { useInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { LostReasonField } from './LostReasonField';

const requiredWhenLost = (value: unknown, values: Record<string, unknown>) =>
  values.status === 'lost' && !String(value ?? '').trim() ? 'crm.leads.lost_reason_required' : undefined;

/** In the lead form: shown (and required) while the status is "lost". */
export function LostReasonInput() {
  const status = useWatch({ name: 'status' });
  const translate = useTranslate();
  const { field, fieldState } = useInput({ source: 'lost_reason', validate: requiredWhenLost });
  if (status !== 'lost') return null;
  const message = fieldState.error?.message;
  return (
    <LostReasonField
      value={String(field.value ?? '')}
      onChange={field.onChange}
      error={Boolean(fieldState.error)}
      helperText={message ? translate(message, { _: message }) : undefined}
    />
  );
}
