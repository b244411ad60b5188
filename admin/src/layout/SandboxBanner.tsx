import { Alert, Button } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useMe } from '../common/useMe';

/**
 * Says plainly that Telegram is simulated here, and where to play the other side of the conversation.
 * Follows the organization as /auth/me reports it, so a real token saved in Settings takes it away at once.
 */
export const SandboxBanner = () => {
  const translate = useTranslate();
  const { organization } = useMe();
  if (!organization?.bot_sandbox) return null;
  return (
    <Alert
      severity="warning"
      data-testid="sandbox-banner"
      sx={{ borderRadius: 0 }}
      action={
        <Button color="inherit" size="small" href="/sandbox/" target="_blank" rel="noopener">
          {translate('crm.sandbox.open')}
        </Button>
      }
    >
      {translate('crm.sandbox.banner')}. {translate('crm.sandbox.hint')}
    </Alert>
  );
};
