import { Button, Link as MuiLink, Stack } from '@mui/material';
import { Form, PasswordInput, TextInput, required, useLocaleState, useLogin, useNotify, useTranslate } from 'react-admin';
import { session } from '../providers/session';
import { Link } from 'react-router-dom';
import { useRef, useState } from 'react';
import { AuthCard } from './AuthCard';

export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [locale, setLocale] = useLocaleState();
  const localeAtStart = useRef(locale);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await login({ email: values.email, password: values.password });
      // The organization's language applies unless the user picked one on this page.
      const orgLocale = session.organization()?.locale;
      if (orgLocale && locale === localeAtStart.current) setLocale(orgLocale);
    } catch (error) {
      notify((error as Error).message || 'ra.auth.sign_in_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title={translate('ra.auth.sign_in')}>
      <Form onSubmit={submit}>
        <Stack>
          <TextInput source="email" type="email" label="ra.auth.email" autoComplete="email" validate={required()} autoFocus />
          <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={required()} />
          <Button type="submit" variant="contained" disabled={busy}>{translate('ra.auth.sign_in')}</Button>
          <MuiLink component={Link} to="/sign-up" variant="body2" sx={{ mt: 2, textAlign: 'center' }}>{translate('crm.auth.no_account')}</MuiLink>
        </Stack>
      </Form>
    </AuthCard>
  );
}
