import { useState } from 'react';
import { Button, Link as MuiLink, Stack } from '@mui/material';
import { Form, PasswordInput, TextInput, email, minLength, required, useLogin, useNotify, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { authProvider, type SignUpInput } from '../providers/authProvider';
import { session } from '../providers/session';
import { AuthCard } from './AuthCard';

export function SignUpPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const login = useLogin();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await authProvider.signUp(values as unknown as SignUpInput);
      // The admin checked the session when this page opened (none then); that answer must not
      // outlive the sign-up, or the first screen would take the new owner for a stranger.
      await queryClient.resetQueries({ queryKey: ['auth'] });
      // Signing in through react-admin resets its cached permissions and opens the dashboard; the new
      // company is named, since the same email may also open another company.
      await login({ email: values.email, password: values.password, organization: session.organization()?.id });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      const fields = (error as { body?: { errors?: Record<string, string> } }).body?.errors;
      setBusy(false);
      return fields;
    }
  };
  return (
    <AuthCard title={translate('crm.auth.sign_up_title')}>
      <Form onSubmit={submit}>
        <Stack>
          <TextInput source="organization" label="crm.auth.organization" validate={required()} autoFocus />
          <TextInput source="name" label="crm.auth.name" validate={required()} />
          <TextInput source="email" type="email" label="crm.auth.email" validate={[required(), email()]} />
          <PasswordInput source="password" label="crm.auth.password" validate={[required(), minLength(10)]} />
          <Button type="submit" variant="contained" disabled={busy}>
            {translate('crm.auth.sign_up')}
          </Button>
          <MuiLink component={Link} to="/login" variant="body2" sx={{ mt: 2, textAlign: 'center' }}>
            {translate('crm.auth.have_account')}
          </MuiLink>
        </Stack>
      </Form>
    </AuthCard>
  );
}
