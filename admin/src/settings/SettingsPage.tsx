import type { OrganizationRecord } from '@crm/contracts';
import { Alert, Box, Button, Divider, Grid, Typography } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  BooleanInput,
  Edit,
  NumberInput,
  PasswordInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextArrayInput,
  TextInput,
  Title,
  Toolbar,
  maxValue,
  minValue,
  regex,
  required,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CrmDataProvider } from '../providers/dataProvider';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../common/useMe';
import { session } from '../providers/session';
import { ContractTemplateCard } from './ContractTemplateCard';
import { LogoCard } from './LogoCard';
import { QuickRepliesCard } from './QuickRepliesPage';

const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'UAH', 'GEL', 'AMD', 'UZS', 'TRY', 'AED'].map((id) => ({ id, name: id }));
const TIMEZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Almaty',
  'Asia/Tashkent',
  'Europe/Minsk',
  'Europe/Kyiv',
  'Asia/Tbilisi',
  'Asia/Yerevan',
  'Asia/Dubai',
  'Europe/Istanbul',
  'Europe/Berlin',
  'Europe/London',
  'UTC',
].map((id) => ({ id, name: id }));
// The default region for phone numbers typed without a country code.
const COUNTRIES = ['RU', 'BY', 'KZ', 'UA', 'UZ', 'KG', 'AM', 'GE', 'AZ', 'MD', 'TR', 'AE', 'DE', 'GB', 'US'];
const LOCALES = [
  { id: 'ru', name: 'Русский' },
  { id: 'en', name: 'English' },
];

function BotStatus() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [checking, setChecking] = useState(false);
  if (!record) return null;
  const check = async () => {
    setChecking(true);
    try {
      const result = await dataProvider.checkBot(record.id);
      if (result.connected) notify('crm.settings.bot_connected', { type: 'success', messageArgs: { username: result.username } });
      else notify('crm.settings.bot_check_failed', { type: 'warning', messageArgs: { reason: result.reason } });
      refresh();
    } catch (error) {
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
    } finally {
      setChecking(false);
    }
  };
  const action = record.has_bot_token ? (
    <Button color="inherit" size="small" disabled={checking} onClick={check} data-testid="bot-check">
      {translate('crm.settings.check_bot')}
    </Button>
  ) : undefined;
  if (record.bot_username)
    return (
      <Alert severity="success" action={action} data-testid="bot-status">
        {translate('crm.settings.bot_connected', { username: record.bot_username })}
      </Alert>
    );
  if (record.has_bot_token)
    return (
      <Alert severity="info" action={action} data-testid="bot-status">
        {translate('crm.settings.bot_pending')}
      </Alert>
    );
  return (
    <Alert severity="warning" data-testid="bot-status">
      {translate('crm.settings.bot_none')}
    </Alert>
  );
}

const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Grid size={12}>
      <Divider sx={{ my: 1 }} />
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate(title)}
      </Typography>
    </Grid>
  );
};

// The organization record carries read-only and derived fields; only what this form edits is sent, and an
// empty token field means "keep the current bot".
const pick = (values: Record<string, unknown>) => {
  const keys = [
    'name',
    'currency',
    'country',
    'timezone',
    'locale',
    'ai_enabled',
    'ai_instructions',
    'ai_daily_cap_usd',
    'stale_lead_days',
    'hot_budget_threshold',
    'notify_client_on_report',
    'report_reminder_hour',
    'digest_hour',
    'expense_categories',
  ];
  const out: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, values[k]]));
  if (out.hot_budget_threshold === '' || out.hot_budget_threshold === undefined) out.hot_budget_threshold = null;
  if (typeof values.bot_token === 'string' && values.bot_token.trim()) out.bot_token = values.bot_token.trim();
  return out;
};

// An organization is never deleted from here: the form saves, nothing else.
const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** A token just saved is connected by the bot process within seconds: look again until it says so. */
const pollWhileConnecting = {
  refetchInterval: (query: { state: { data?: OrganizationRecord } }) => (query.state.data?.has_bot_token && !query.state.data.bot_username ? 2000 : false),
};

export function SettingsPage() {
  const { user } = useMe();
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [, setLocale] = useLocaleState();
  if (!user) return null;
  return (
    <Box sx={{ maxWidth: 900 }}>
      <Title title={translate('crm.settings.title')} />
      <Edit
        resource="organizations"
        id={user.org_id}
        redirect={false}
        mutationMode="pessimistic"
        transform={pick}
        title=" "
        queryOptions={pollWhileConnecting}
        mutationOptions={{
          onSuccess: (saved: OrganizationRecord) => {
            notify('crm.settings.saved', { type: 'success' });
            if (saved.locale) setLocale(saved.locale);
            queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
          },
        }}
      >
        <SimpleForm toolbar={<SaveOnly />}>
          <Grid container columnSpacing={2} sx={{ width: '100%' }}>
            <Section title="crm.settings.general" />
            <Grid size={{ xs: 12, md: 6 }}>
              <TextInput source="name" validate={required()} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <SelectInput source="locale" choices={LOCALES} validate={required()} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <SelectInput source="currency" choices={CURRENCIES} validate={required()} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <SelectInput source="timezone" choices={TIMEZONES} validate={required()} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <SelectInput
                source="country"
                choices={COUNTRIES.map((id) => ({ id, name: translate(`crm.countries.${id}`) }))}
                validate={required()}
                helperText={translate('crm.settings.country_help')}
              />
            </Grid>
            <Section title="crm.settings.bot" />
            <Grid size={12}>
              <BotStatus />
            </Grid>
            <Grid size={12}>
              <PasswordInput
                source="bot_token"
                autoComplete="off"
                helperText={translate('crm.settings.bot_token_help')}
                validate={regex(/^(\d{5,}:[\w-]{30,})?$/, '123456789:AA…')}
              />
            </Grid>
            <Section title="crm.settings.ai" />
            <Grid size={12}>
              <BooleanInput source="ai_enabled" />
            </Grid>
            <Grid size={12}>
              <TextInput source="ai_instructions" multiline minRows={3} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <TextInput source="ai_daily_cap_usd" inputMode="decimal" validate={required()} helperText={translate('crm.settings.ai_cap_help')} />
            </Grid>
            <Section title="crm.settings.expenses" />
            <Grid size={12}>
              <TextArrayInput source="expense_categories" validate={required()} helperText={translate('crm.settings.categories_help')} />
            </Grid>
            <Section title="crm.settings.leads" />
            <Grid size={{ xs: 12, md: 6 }}>
              <NumberInput source="stale_lead_days" min={1} max={365} validate={[required(), minValue(1), maxValue(365)]} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <TextInput source="hot_budget_threshold" helperText="1000000.00" />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <NumberInput source="report_reminder_hour" min={0} max={23} />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <NumberInput source="digest_hour" min={0} max={23} />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <BooleanInput source="notify_client_on_report" />
            </Grid>
            <Grid size={12}>
              <Button component={Link} to="/settings/pipeline" variant="outlined" data-testid="pipeline-link">
                {translate('crm.pipeline.open')}
              </Button>
            </Grid>
          </Grid>
        </SimpleForm>
      </Edit>
      {user.role === 'admin' && <LogoCard orgId={user.org_id} />}
      <QuickRepliesCard />
      {user.role === 'admin' && <ContractTemplateCard />}
      {session.organization()?.can_view_jobs && (
        <Button
          sx={{ mt: 2 }}
          href={`/api/admin/jobs?token=${encodeURIComponent(session.token() ?? '')}`}
          target="_blank"
          rel="noopener"
          startIcon={<OpenInNewIcon />}
        >
          {translate('crm.settings.jobs')}
        </Button>
      )}
    </Box>
  );
}
