import ChatIcon from '@mui/icons-material/Chat';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import SettingsIcon from '@mui/icons-material/Settings';
import WorkHistoryIcon from '@mui/icons-material/WorkHistory';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import BoltIcon from '@mui/icons-material/Bolt';
import { Menu as RaMenu, usePermissions, useTranslate } from 'react-admin';
import { Badge, MenuItem, ListItemIcon, Typography } from '@mui/material';
import { useChatCounts } from '../chat/useChatCounts';
import { session } from '../providers/session';

/** The agendash dashboard lives outside the SPA and is guarded by the admin's token in the query string. */
function JobsLink() {
  const translate = useTranslate();
  return (
    <MenuItem component="a" href={`/api/admin/jobs?token=${encodeURIComponent(session.token() ?? '')}`} target="_blank" rel="noopener">
      <ListItemIcon>
        <WorkHistoryIcon fontSize="small" />
      </ListItemIcon>
      <Typography variant="inherit">{translate('crm.menu.jobs')}</Typography>
    </MenuItem>
  );
}

/** The chat's icon carries how many open conversations wait unread. */
function ChatMenuIcon() {
  const counts = useChatCounts();
  return (
    <Badge color="error" badgeContent={counts?.unread ?? 0} max={99} data-testid="chat-menu-badge" data-count={counts?.unread ?? 0}>
      <ChatIcon />
    </Badge>
  );
}

export function Menu() {
  const { permissions } = usePermissions();
  const admin = permissions === 'admin';
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText="crm.menu.dashboard" />
      <RaMenu.Item to="/chat" primaryText="crm.menu.chat" leftIcon={<ChatMenuIcon />} />
      <RaMenu.Item to="/tasks" primaryText="crm.menu.tasks" leftIcon={<TaskAltIcon />} />
      <RaMenu.ResourceItem name="leads" />
      <RaMenu.ResourceItem name="projects" />
      <RaMenu.ResourceItem name="transactions" />
      <RaMenu.ResourceItem name="catalog-items" />
      {admin && <RaMenu.ResourceItem name="users" />}
      <RaMenu.Item to="/profile" primaryText="crm.menu.profile" leftIcon={<AccountCircleIcon />} />
      {/* Admins keep them in Settings. */}
      {!admin && <RaMenu.Item to="/quick-replies" primaryText="crm.menu.quick_replies" leftIcon={<BoltIcon />} />}
      {admin && <RaMenu.Item to="/settings" primaryText="crm.menu.settings" leftIcon={<SettingsIcon />} />}
      {admin && session.organization()?.can_view_jobs && <JobsLink />}
    </RaMenu>
  );
}
