import { Alert, Button } from '@mui/material';
import { useCloseNotification, useTranslate } from 'react-admin';

/** A live toast (a notification or a new message) whose button opens the screen it is about. */
export function EventToast({ title, body, onOpen }: { title: string; body?: string; onOpen: () => void }) {
  const translate = useTranslate();
  const close = useCloseNotification();
  const open = () => {
    close();
    onOpen();
  };
  return (
    <Alert
      severity="info"
      variant="filled"
      data-testid="event-toast"
      sx={{ cursor: 'pointer', minWidth: 280, maxWidth: 480 }}
      onClick={open}
      action={
        <Button
          color="inherit"
          size="small"
          onClick={(e) => {
            e.stopPropagation();
            open();
          }}
        >
          {translate('crm.notifications.open')}
        </Button>
      }
    >
      <strong>{title}</strong>
      {body ? <div style={{ whiteSpace: 'pre-line' }}>{body.slice(0, 200)}</div> : null}
    </Alert>
  );
}
