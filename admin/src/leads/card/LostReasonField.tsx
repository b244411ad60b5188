import { Autocomplete, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { usePipeline } from '../usePipeline';

/** The organization's lost reasons to pick from, or the manager's own words. */
export function LostReasonField({
  value,
  onChange,
  error,
  helperText,
  autoFocus,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: boolean;
  helperText?: string;
  autoFocus?: boolean;
}) {
  const translate = useTranslate();
  const { lostReasons } = usePipeline();
  return (
    <Autocomplete
      freeSolo
      options={lostReasons}
      value={value}
      inputValue={value}
      onInputChange={(_, text) => onChange(text)}
      onChange={(_, picked) => onChange(picked ?? '')}
      renderInput={(params) => (
        <TextField
          {...params}
          label={translate('resources.leads.fields.lost_reason')}
          required
          error={error}
          helperText={helperText ?? translate('crm.leads.lost_reason_help')}
          autoFocus={autoFocus}
          inputProps={{ ...params.inputProps, 'data-testid': 'lost-reason' }}
        />
      )}
    />
  );
}
