import type { ChooseOrganizationError, OrganizationChoice } from '@crm/contracts';
import { Button, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Form, PasswordInput, SelectInput, TextInput, required, useLocaleState, useLogin, useNotify, useTranslate } from 'react-admin';
import { session } from '../providers/session';
import { Link } from 'react-router-dom';
import { useRef, useState } from 'react';
import { AuthCard } from './AuthCard';

/** The companies to choose from when the email and password open several (the API lists only those). */
const choicesOf = (error: unknown): OrganizationChoice[] | null => {
  const body = (error as { body?: Partial<ChooseOrganizationError> }).body;
  return body?.fields?.organization?.code === 'choose_organization' && Array.isArray(body.organizations) ? body.organizations : null;
};

export function LoginPage() {
  const login = useLogin();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [organizations, setOrganizations] = useState<OrganizationChoice[] | null>(null);
  const [locale, setLocale] = useLocaleState();
  const localeAtStart = useRef(locale);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await login({ email: values.email, password: values.password, organization: organizations ? values.organization : undefined });
      // The person's language (or else the organization's) applies unless they picked one on this page.
      const accountLocale = session.locale();
      if (accountLocale && locale === localeAtStart.current) setLocale(accountLocale);
    } catch (error) {
      const choices = choicesOf(error);
      if (choices) setOrganizations(choices);
      else notify((error as Error).message || 'ra.auth.sign_in_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title={translate('ra.auth.sign_in')}>
      <Form onSubmit={submit}>
        <Stack>
          <TextInput
            source="email"
            type="email"
            label="ra.auth.email"
            autoComplete="email"
            validate={required()}
            autoFocus
            onChange={() => setOrganizations(null)}
          />
          <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={required()} />
          {organizations && (
            <>
              <Typography variant="body2" sx={{ mb: 1 }}>
                {translate('crm.auth.choose_organization')}
              </Typography>
              <SelectInput source="organization" label="crm.auth.organization_choice" choices={organizations} validate={required()} />
            </>
          )}
          <Button type="submit" variant="contained" disabled={busy}>
            {translate('ra.auth.sign_in')}
          </Button>
          <MuiLink component={Link} to="/sign-up" variant="body2" sx={{ mt: 2, textAlign: 'center' }}>
            {translate('crm.auth.no_account')}
          </MuiLink>
        </Stack>
      </Form>
    </AuthCard>
  );
}
