import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, List, ListItem, ListItemText, TextField, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import { useCreate, useDelete, useGetList, useNotify, useTranslate } from 'react-admin';

interface QuickReply { id: number; title: string; content: string }

/** The organization's quick replies: a title to find it by after "/", and the text with {{name}}, {{manager}}, {{firm}}. */
export function QuickRepliesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { data: replies = [] } = useGetList<QuickReply>('quick-replies', { pagination: { page: 1, perPage: 200 }, sort: { field: 'title', order: 'ASC' } }, { enabled: open });
  const [create, { isPending }] = useCreate();
  const [remove] = useDelete();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });
  const add = () => create('quick-replies', { data: { title: title.trim(), content: content.trim() } }, {
    onSuccess: () => { setTitle(''); setContent(''); }, onError: fail,
  });
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('crm.inbox.quick_replies')}</DialogTitle>
      <DialogContent>
        {replies.length === 0 && <Typography variant="body2" color="text.secondary">{translate('crm.inbox.quick_empty')}</Typography>}
        <List dense>
          {replies.map((r) => (
            <ListItem key={r.id} disableGutters secondaryAction={
              <IconButton edge="end" aria-label={translate('ra.action.delete')} onClick={() => remove('quick-replies', { id: r.id, previousData: r }, { mutationMode: 'pessimistic', onError: fail })}><DeleteIcon /></IconButton>}>
              <ListItemText primary={`/${r.title}`} secondary={r.content} slotProps={{ secondary: { sx: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } } }} />
            </ListItem>
          ))}
        </List>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
          <TextField size="small" label={translate('crm.inbox.quick_title')} value={title} onChange={(e) => setTitle(e.target.value)} name="quick-title" />
          <TextField size="small" multiline minRows={2} label={translate('crm.inbox.quick_text')} value={content} onChange={(e) => setContent(e.target.value)} name="quick-content"
            helperText={translate('crm.inbox.placeholders')} />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
        <Button variant="contained" disabled={!title.trim() || !content.trim() || isPending} onClick={add} data-testid="add-quick-reply">{translate('ra.action.add')}</Button>
      </DialogActions>
    </Dialog>
  );
}
