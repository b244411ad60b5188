import type { ProjectRecord } from '@crm/contracts';
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link as MuiLink,
  TextField,
  Typography,
} from '@mui/material';
import TelegramIcon from '@mui/icons-material/Telegram';
import { Link } from 'react-router-dom';
import { Confirm, useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CrmDataProvider, GroupCode } from '../providers/dataProvider';

/** Steps for linking: add the bot, then send the one-time command in the group from a linked staff Telegram. */
function LinkDialog({ code, onClose }: { code: GroupCode; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = () =>
    navigator.clipboard?.writeText(code.command).then(
      () => notify('crm.groups.copied'),
      () => {},
    );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('crm.groups.steps_title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2">
          {code.bot_username ? translate('crm.groups.step_add', { bot: code.bot_username }) : translate('crm.groups.step_add_no_bot')}
        </Typography>
        {code.add_to_group_url && (
          <MuiLink href={code.add_to_group_url} target="_blank" rel="noopener" variant="body2" sx={{ display: 'inline-block', mb: 1 }}>
            {translate('crm.groups.add_to_group')}
          </MuiLink>
        )}
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('crm.groups.step_send')}
        </Typography>
        <TextField
          fullWidth
          size="small"
          value={code.command}
          sx={{ my: 1 }}
          slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'group-link-command' } }}
        />
        <Typography variant="caption" color="text.secondary" component="div">
          {translate('crm.groups.code_expires', { date: new Date(code.expires_at).toLocaleString() })} {translate('crm.groups.step_done')}
        </Typography>
        {!code.bot_username && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {translate('crm.people.no_bot')}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={copy}>{translate('crm.groups.copy')}</Button>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** The project's Telegram group: which one is linked (with its conversation), or how to link one; unlinking. */
export function TelegramGroupPanel() {
  const record = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const [code, setCode] = useState<GroupCode | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = ['project-telegram-group', record?.id];
  const { data: group, isPending } = useQuery({ queryKey: key, queryFn: () => dataProvider.getProjectGroup(record!.id), enabled: Boolean(record) });
  if (!record || isPending) return null;
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });
  const issue = () => dataProvider.issueGroupCode(record.id).then(setCode, fail);
  const closeDialog = () => {
    setCode(null);
    void queryClient.invalidateQueries({ queryKey: key });
  };
  const unlink = () =>
    dataProvider.unlinkProjectGroup(record.id).then(() => {
      setConfirming(false);
      notify('crm.groups.unlinked');
      void queryClient.invalidateQueries({ queryKey: key });
    }, fail);

  return (
    <Card variant="outlined" sx={{ mx: 2, mt: 1 }} data-testid="telegram-group-panel">
      <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', '&:last-child': { pb: 2 } }}>
        <TelegramIcon color="primary" />
        <Box sx={{ flex: 1, minWidth: 240 }}>
          {group ? (
            <>
              <Typography variant="subtitle2">{translate('crm.groups.linked', { title: group.title })}</Typography>
              {group.linked_by && group.linked_at && (
                <Typography variant="caption" color="text.secondary">
                  {translate('crm.groups.linked_by', { name: group.linked_by.name, date: new Date(group.linked_at).toLocaleString() })}
                </Typography>
              )}
              {group.bot_status === 'left' && (
                <Alert severity="warning" sx={{ mt: 1 }}>
                  {translate('crm.groups.bot_left')}
                </Alert>
              )}
            </>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate('crm.groups.none')}
            </Typography>
          )}
        </Box>
        {group ? (
          <>
            <Button component={Link} to={`/chat?c=${group.conversation_id}`} size="small">
              {translate('crm.groups.open_chat')}
            </Button>
            <Button size="small" color="warning" onClick={() => setConfirming(true)}>
              {translate('crm.groups.unlink')}
            </Button>
          </>
        ) : (
          <Button size="small" variant="outlined" onClick={issue}>
            {translate('crm.groups.link')}
          </Button>
        )}
      </CardContent>
      {code && <LinkDialog code={code} onClose={closeDialog} />}
      {group && (
        <Confirm
          isOpen={confirming}
          title="crm.groups.unlink"
          content={translate('crm.groups.unlink_confirm', { title: group.title })}
          onConfirm={unlink}
          onClose={() => setConfirming(false)}
        />
      )}
    </Card>
  );
}
