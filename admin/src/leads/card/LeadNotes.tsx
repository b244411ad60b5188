import type { CardNote } from '@crm/contracts';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Box, Button, IconButton, Paper, TextField, Tooltip, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { useCreate, useGetList, useLocaleState, useNotify, useTranslate, useUpdate } from 'react-admin';

type NoteRow = CardNote;

/** Notes on the lead: anyone adds one; its author alone edits it. */
export function LeadNotes({ leadId }: { leadId: number }) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [locale] = useLocaleState();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ id: number; body: string } | null>(null);
  const { data = [] } = useGetList<NoteRow>('notes', {
    filter: { lead_id: leadId },
    sort: { field: 'created_at', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  const [create, { isPending }] = useCreate();
  const [update] = useUpdate();
  const refreshed = async () => {
    await queryClient.invalidateQueries({ queryKey: ['notes'] });
    await queryClient.invalidateQueries({ queryKey: ['leads', leadId] });
  };
  const add = async () => {
    try {
      await create('notes', { data: { lead_id: leadId, body: text } }, { returnPromise: true });
      setText('');
      await refreshed();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const save = async () => {
    if (!editing) return;
    try {
      await update('notes', { id: editing.id, data: { body: editing.body }, previousData: {} }, { mutationMode: 'pessimistic', returnPromise: true });
      setEditing(null);
      await refreshed();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return (
    <Box data-testid="lead-notes">
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('crm.card.notes')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', mb: 1 }}>
        <TextField
          size="small"
          fullWidth
          multiline
          maxRows={6}
          placeholder={translate('crm.card.note_placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          inputProps={{ 'data-testid': 'note-input' }}
        />
        <Button variant="outlined" onClick={add} disabled={!text.trim() || isPending} data-testid="note-add">
          {translate('crm.card.add_note')}
        </Button>
      </Box>
      {data.map((note) => (
        <Paper key={note.id} variant="outlined" sx={{ p: 1, mb: 1 }} data-testid={`note-${note.id}`}>
          {editing?.id === note.id ? (
            <Box sx={{ display: 'flex', gap: 1 }}>
              <TextField size="small" fullWidth multiline value={editing.body} onChange={(e) => setEditing({ id: note.id, body: e.target.value })} />
              <Button size="small" onClick={save} disabled={!editing.body.trim()}>
                {translate('ra.action.save')}
              </Button>
            </Box>
          ) : (
            <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-line', flex: 1 }}>
                {note.body}
              </Typography>
              {note.mine && (
                <Tooltip title={translate('ra.action.edit')}>
                  <IconButton size="small" onClick={() => setEditing({ id: note.id, body: note.body })}>
                    <EditIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              )}
            </Box>
          )}
          <Typography variant="caption" color="text.secondary">
            {note.author_name ?? '—'} · {when(note.created_at)}
            {note.edited ? ` · ${translate('crm.card.edited')}` : ''}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
