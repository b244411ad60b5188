import { useCallback, useEffect, useState } from 'react';
import { Badge, Box, Button, IconButton, List, ListItemButton, ListItemText, Popover, Tooltip, Typography } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { useEvents } from '../events/EventStream';
import type { CrmDataProvider, CrmNotification } from '../providers/dataProvider';
import { session } from '../providers/session';
import { titleWithCount } from './title';

/**
 * The bell in the app bar: the unread count (also in the tab title) and the latest notifications,
 * each opening its screen. Kept current by the event stream; refetched when the stream (re)connects.
 */
export function NotificationBell() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [count, setCount] = useState(0);
  const [items, setItems] = useState<CrmNotification[] | null>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  // The layout also renders while signed out (before the redirect to sign-in): ask only with a session.
  const refreshCount = useCallback(() => {
    if (!session.token()) return;
    dataProvider.getUnreadNotifications().then(setCount, () => {});
  }, [dataProvider]);
  const refreshList = useCallback(() => {
    dataProvider.getNotifications().then(setItems, () => setItems([]));
  }, [dataProvider]);

  useEffect(refreshCount, [refreshCount]);
  useEffect(() => {
    document.title = titleWithCount(document.title, count);
  }, [count]);
  useEffect(
    () => () => {
      document.title = titleWithCount(document.title, 0);
    },
    [],
  );
  useEvents((event) => {
    if (event.type === 'ready' || event.type === 'notification.created') {
      refreshCount();
      if (anchor) refreshList();
    }
  });

  const open = (target: HTMLElement) => {
    setAnchor(target);
    refreshList();
  };
  const follow = async (item: CrmNotification) => {
    setAnchor(null);
    if (!item.read_at) {
      await dataProvider.markNotificationRead(item.id).catch(() => {});
      refreshCount();
    }
    navigate(item.link);
  };
  const readAll = async () => {
    await dataProvider.markAllNotificationsRead().catch(() => {});
    refreshCount();
    refreshList();
  };
  const when = (value: string) => new Date(value).toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

  return (
    <>
      <Tooltip title={translate('crm.notifications.title')}>
        <IconButton
          color="inherit"
          onClick={(e) => open(e.currentTarget)}
          aria-label={translate('crm.notifications.title')}
          data-testid="notification-bell"
          data-count={count}
        >
          <Badge badgeContent={count} color="error" max={99}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <Box sx={{ width: 380, maxWidth: '100vw' }} data-testid="notification-list">
          <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', px: 2, py: 1 }}>
            <Typography variant="subtitle1">{translate('crm.notifications.title')}</Typography>
            <Button size="small" onClick={readAll} disabled={count === 0}>
              {translate('crm.notifications.read_all')}
            </Button>
          </Box>
          {items && items.length === 0 && (
            <Typography sx={{ px: 2, pb: 2 }} color="text.secondary">
              {translate('crm.notifications.empty')}
            </Typography>
          )}
          <List dense sx={{ maxHeight: 420, overflow: 'auto', py: 0 }}>
            {(items ?? []).map((item) => (
              <ListItemButton
                key={item.id}
                onClick={() => follow(item)}
                data-unread={!item.read_at}
                sx={{ alignItems: 'flex-start', bgcolor: item.read_at ? undefined : 'action.hover' }}
              >
                <ListItemText
                  primary={
                    <Typography variant="body2" sx={{ fontWeight: item.read_at ? 400 : 600 }}>
                      {item.title}
                    </Typography>
                  }
                  secondary={
                    <>
                      {item.body ? (
                        <Typography component="span" variant="caption" sx={{ display: 'block', whiteSpace: 'pre-line' }}>
                          {item.body.slice(0, 200)}
                        </Typography>
                      ) : null}
                      <Typography component="span" variant="caption" color="text.secondary">
                        {translate(`crm.notifications.type.${item.type}`, { _: '' })} {when(item.created_at)}
                      </Typography>
                    </>
                  }
                />
              </ListItemButton>
            ))}
          </List>
        </Box>
      </Popover>
    </>
  );
}
