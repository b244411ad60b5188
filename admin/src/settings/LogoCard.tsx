import { useEffect, useRef, useState } from 'react';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate, type Identifier } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';

/** The firm's logo for its PDFs: shown as stored, uploaded or replaced from a file, removed. */
export function LogoCard({ orgId }: { orgId: Identifier }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const input = useRef<HTMLInputElement>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let url: string | null = null;
    let current = true;
    dataProvider.getLogo(orgId).then(
      (blob) => {
        if (!current) return;
        url = blob ? URL.createObjectURL(blob) : null;
        setSrc(url);
      },
      (e: Error) => notify(e.message, { type: 'error' }),
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [dataProvider, notify, orgId, version]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      notify(done, { type: 'success' });
      setVersion((v) => v + 1);
    } catch (e) {
      // A refused file says what would be taken; anything else says what went wrong.
      const refused = (e as { status?: number }).status === 400;
      notify(refused ? 'crm.logo.invalid' : (e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card variant="outlined" sx={{ mt: 3 }} data-testid="logo-card">
      <CardContent>
        <Typography variant="h6">{translate('crm.logo.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('crm.logo.help')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
          <Box
            sx={{
              width: 160,
              height: 64,
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              p: 1,
            }}
          >
            {src ? (
              <Box
                component="img"
                src={src}
                alt={translate('crm.logo.alt')}
                data-testid="logo-preview"
                sx={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }}
              />
            ) : (
              <Typography variant="caption" color="text.secondary">
                {translate('crm.logo.none')}
              </Typography>
            )}
          </Box>
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg"
            hidden
            data-testid="logo-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void run(() => dataProvider.setLogo(orgId, file), 'crm.logo.saved');
            }}
          />
          <Button variant="outlined" disabled={busy} onClick={() => input.current?.click()}>
            {translate(src ? 'crm.logo.replace' : 'crm.logo.choose')}
          </Button>
          {src && (
            <Button color="error" disabled={busy} onClick={() => void run(() => dataProvider.removeLogo(orgId), 'crm.logo.removed')}>
              {translate('crm.logo.remove')}
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
