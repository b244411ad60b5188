import { useEffect, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { Title, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { CrmDataProvider, Profile } from '../providers/dataProvider';
import { session } from '../providers/session';
import { PasswordCard } from './PasswordCard';
import { TelegramLinkButton } from './TelegramLinkDialog';

const ORGANIZATION = '';

/** My profile: name, phone, language, password, and the Telegram link through which the bot brings handoffs and digests. */
export function ProfilePage() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [, setLocale] = useLocaleState();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [form, setForm] = useState({ name: '', phone: '', locale: ORGANIZATION });

  const load = () =>
    dataProvider.getProfile().then(
      (p) => {
        setProfile(p);
        setForm({ name: p.name, phone: p.phone ?? '', locale: p.locale ?? ORGANIZATION });
      },
      (error: Error) => notify(error.message, { type: 'error' }),
    );
  useEffect(() => {
    void load();
    // Linking happens in Telegram: look again when the person comes back to this tab.
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = async () => {
    try {
      const saved = await dataProvider.updateProfile({ name: form.name, phone: form.phone || null, locale: (form.locale || null) as Profile['locale'] });
      setProfile(saved);
      setLocale(session.locale() ?? 'ru');
      notify('crm.people.profile_saved', { type: 'success' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const unlink = async () => {
    try {
      setProfile(await dataProvider.unlinkProfileTelegram());
      notify('crm.people.telegram_unlinked', { type: 'success' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };

  return (
    <Box sx={{ maxWidth: 640, mt: 2 }}>
      <Title title={translate('crm.people.profile')} />
      <Card>
        <CardContent>
          <Typography variant="h6">{translate('crm.people.profile')}</Typography>
          {profile && (
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {profile.email} · {translate(`crm.role.${profile.role}`)}
            </Typography>
          )}
          <TextField
            label={translate('resources.users.fields.name')}
            name="name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            fullWidth
            size="small"
            sx={{ mt: 2 }}
          />
          <TextField
            label={translate('resources.users.fields.phone')}
            name="phone"
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.target.value })}
            fullWidth
            size="small"
            sx={{ mt: 2 }}
            helperText={translate('crm.people.phone_help')}
          />
          <TextField
            select
            label={translate('crm.people.language')}
            value={form.locale}
            onChange={(e) => setForm({ ...form, locale: e.target.value })}
            fullWidth
            size="small"
            sx={{ mt: 2 }}
            helperText={translate('crm.people.language_help')}
            slotProps={{ select: { inputProps: { 'data-testid': 'profile-locale' } } }}
          >
            <MenuItem value={ORGANIZATION}>{translate('crm.people.language_org')}</MenuItem>
            <MenuItem value="ru">Русский</MenuItem>
            <MenuItem value="en">English</MenuItem>
          </TextField>
          <Button variant="contained" onClick={save} sx={{ mt: 2 }} data-testid="profile-save">
            {translate('ra.action.save')}
          </Button>
        </CardContent>
      </Card>
      <PasswordCard />
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6">Telegram</Typography>
          <Box sx={{ my: 1 }} data-testid="telegram-status">
            {profile?.telegram_linked ? (
              <Chip
                color="success"
                label={profile.telegram_username ? translate('crm.people.linked_as', { username: profile.telegram_username }) : translate('crm.users.linked')}
              />
            ) : (
              <Chip variant="outlined" label={translate('crm.users.not_linked')} />
            )}
          </Box>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate('crm.people.telegram_help')}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <TelegramLinkButton
              label={profile?.telegram_linked ? 'crm.people.relink_telegram' : 'crm.people.link_telegram'}
              help="crm.people.link_help"
              issue={() => dataProvider.profileTelegramLink()}
            />
            {profile?.telegram_linked && (
              <Button size="small" color="warning" startIcon={<LinkOffIcon />} onClick={unlink} data-testid="unlink-telegram">
                {translate('crm.people.unlink_telegram')}
              </Button>
            )}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
