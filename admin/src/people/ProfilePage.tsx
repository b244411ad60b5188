import { useEffect, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, TextField, Typography } from '@mui/material';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { CrmDataProvider, Profile } from '../providers/dataProvider';
import { TelegramLinkButton } from './TelegramLinkDialog';

/** My profile: name, phone and the Telegram link through which the bot brings handoffs and digests. */
export function ProfilePage() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [form, setForm] = useState({ name: '', phone: '' });

  const load = () => dataProvider.getProfile().then((p) => {
    setProfile(p);
    setForm({ name: p.name, phone: p.phone ?? '' });
  }, (error: Error) => notify(error.message, { type: 'error' }));
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
      setProfile(await dataProvider.updateProfile({ name: form.name, phone: form.phone || null }));
      notify('crm.people.profile_saved', { type: 'success' });
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
          {profile && <Typography variant="body2" color="text.secondary">{profile.email} · {translate(`crm.role.${profile.role}`)}</Typography>}
          <TextField label={translate('resources.users.fields.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} fullWidth size="small" sx={{ mt: 2 }} />
          <TextField label={translate('resources.users.fields.phone')} value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} fullWidth size="small" sx={{ mt: 2 }}
            helperText={translate('crm.people.phone_help')} />
          <Button variant="contained" onClick={save} sx={{ mt: 2 }}>{translate('ra.action.save')}</Button>
        </CardContent>
      </Card>
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6">Telegram</Typography>
          <Box sx={{ my: 1 }} data-testid="telegram-status">
            {profile?.telegram_linked
              ? <Chip color="success" label={profile.telegram_username ? translate('crm.people.linked_as', { username: profile.telegram_username }) : translate('crm.users.linked')} />
              : <Chip variant="outlined" label={translate('crm.users.not_linked')} />}
          </Box>
          <Typography variant="body2" sx={{ mb: 2 }}>{translate('crm.people.telegram_help')}</Typography>
          <TelegramLinkButton label={profile?.telegram_linked ? 'crm.people.relink_telegram' : 'crm.people.link_telegram'} help="crm.people.link_help"
            issue={() => dataProvider.profileTelegramLink()} />
        </CardContent>
      </Card>
    </Box>
  );
}
