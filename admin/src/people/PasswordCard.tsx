import { useState, type FormEvent } from 'react';
import { Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';

const EMPTY = { current: '', next: '', repeat: '' };

/** Changing one's password needs the current one; the server ends every other session. */
export function PasswordCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const differ = form.repeat !== '' && form.next !== form.repeat;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (differ) return;
    setBusy(true);
    try {
      await dataProvider.changePassword({ current_password: form.current, new_password: form.next });
      setForm(EMPTY);
      notify('crm.people.password_changed', { type: 'success' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof typeof EMPTY, label: string, autoComplete: string, extra = {}) => (
    <TextField
      type="password"
      name={`password_${key}`}
      label={translate(label)}
      value={form[key]}
      autoComplete={autoComplete}
      size="small"
      fullWidth
      required
      onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      {...extra}
    />
  );
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent component="form" onSubmit={submit}>
        <Typography variant="h6" sx={{ mb: 2 }}>
          {translate('crm.people.password')}
        </Typography>
        <Stack spacing={2}>
          {field('current', 'crm.people.current_password', 'current-password')}
          {field('next', 'crm.people.new_password', 'new-password')}
          {field('repeat', 'crm.people.repeat_password', 'new-password', {
            error: differ,
            helperText: differ ? translate('crm.people.passwords_differ') : ' ',
          })}
        </Stack>
        <Button type="submit" variant="contained" disabled={busy || differ || !form.current || !form.next} data-testid="change-password">
          {translate('crm.people.change_password')}
        </Button>
      </CardContent>
    </Card>
  );
}
