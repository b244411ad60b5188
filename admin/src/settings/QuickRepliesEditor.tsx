import type { QuickReplyRecord } from '@crm/contracts';
import { useState } from 'react';
import { Box, Button, IconButton, List, ListItem, ListItemText, TextField, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import { useCreate, useDelete, useGetList, useNotify, useTranslate, useUpdate } from 'react-admin';

type QuickReply = QuickReplyRecord;

/**
 * The organization's quick replies, added, changed and removed in one place (Settings, and the reply
 * box's "Manage" dialog): a short name to find one after "/", and the text with {name}, {manager}, {firm}.
 */
export function QuickRepliesEditor({ enabled = true }: { enabled?: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { data: replies = [], isPending: loading } = useGetList<QuickReply>(
    'quick-replies',
    { pagination: { page: 1, perPage: 200 }, sort: { field: 'title', order: 'ASC' } },
    { enabled },
  );
  const [create, { isPending: creating }] = useCreate();
  const [update, { isPending: updating }] = useUpdate();
  const [remove] = useDelete();
  const [editing, setEditing] = useState<QuickReply | null>(null);
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const reset = () => {
    setEditing(null);
    setTitle('');
    setContent('');
  };
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });
  const data = { title: title.trim(), content: content.trim() };
  const save = () =>
    editing
      ? update('quick-replies', { id: editing.id, data, previousData: editing }, { mutationMode: 'pessimistic', onSuccess: reset, onError: fail })
      : create('quick-replies', { data }, { onSuccess: reset, onError: fail });
  const edit = (reply: QuickReply) => {
    setEditing(reply);
    setTitle(reply.title);
    setContent(reply.content);
  };

  return (
    <Box data-testid="quick-replies-editor">
      {!loading && replies.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('crm.inbox.quick_empty')}
        </Typography>
      )}
      <List dense>
        {replies.map((r) => (
          <ListItem
            key={r.id}
            disableGutters
            data-testid="quick-reply-row"
            sx={editing?.id === r.id ? { bgcolor: 'action.selected' } : undefined}
            secondaryAction={
              <>
                <IconButton aria-label={translate('ra.action.edit')} onClick={() => edit(r)} data-testid="edit-quick-reply">
                  <EditIcon />
                </IconButton>
                <IconButton
                  edge="end"
                  aria-label={translate('ra.action.delete')}
                  data-testid="delete-quick-reply"
                  onClick={() =>
                    remove(
                      'quick-replies',
                      { id: r.id, previousData: r },
                      {
                        mutationMode: 'pessimistic',
                        onSuccess: () => {
                          if (editing?.id === r.id) reset();
                        },
                        onError: fail,
                      },
                    )
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </>
            }
          >
            <ListItemText
              primary={`/${r.title}`}
              secondary={r.content}
              sx={{ pr: 6 }}
              slotProps={{ secondary: { sx: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } } }}
            />
          </ListItem>
        ))}
      </List>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
        <TextField size="small" label={translate('crm.inbox.quick_title')} value={title} onChange={(e) => setTitle(e.target.value)} name="quick-title" />
        <TextField
          size="small"
          multiline
          minRows={2}
          label={translate('crm.inbox.quick_text')}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          name="quick-content"
          helperText={translate('crm.inbox.placeholders')}
        />
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
          {editing && <Button onClick={reset}>{translate('ra.action.cancel')}</Button>}
          <Button variant="contained" disabled={!data.title || !data.content || creating || updating} onClick={save} data-testid="add-quick-reply">
            {translate(editing ? 'ra.action.save' : 'ra.action.add')}
          </Button>
        </Box>
      </Box>
    </Box>
  );
}
