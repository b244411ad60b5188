import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, TextField, Typography } from '@mui/material';
import TelegramIcon from '@mui/icons-material/Telegram';
import { useNotify, useTranslate } from 'react-admin';
import type { TelegramLink } from '../providers/dataProvider';

/**
 * Gets a one-time Telegram link from the server and shows it to open or copy. The link works once
 * and expires; getting a new one cancels the previous.
 */
export function TelegramLinkButton({ label, help, issue }: { label: string; help: string; issue: () => Promise<TelegramLink> }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [link, setLink] = useState<TelegramLink | null>(null);
  const open = async () => {
    try {
      setLink(await issue());
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const copy = async () => {
    if (!link?.url) return;
    await navigator.clipboard?.writeText(link.url).then(
      () => notify('crm.people.copied'),
      () => {},
    );
  };
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<TelegramIcon />} onClick={open}>
        {translate(label)}
      </Button>
      <Dialog open={link !== null} onClose={() => setLink(null)} fullWidth maxWidth="sm">
        <DialogTitle>{translate(label)}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate(help)}
          </Typography>
          {link?.url ? (
            <Box>
              <TextField fullWidth size="small" value={link.url} slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'telegram-link' } }} />
              <Link href={link.url} target="_blank" rel="noopener" sx={{ display: 'inline-block', mt: 1 }}>
                {translate('crm.people.open_telegram')}
              </Link>
              <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
                {translate('crm.people.link_expires', { date: new Date(link.expires_at).toLocaleString() })}
              </Typography>
            </Box>
          ) : (
            <Typography color="warning.main">{translate('crm.people.no_bot')}</Typography>
          )}
        </DialogContent>
        <DialogActions>
          {link?.url && <Button onClick={copy}>{translate('crm.people.copy')}</Button>}
          <Button onClick={() => setLink(null)}>{translate('ra.action.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
