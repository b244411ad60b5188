import type { ChatLabelRecord } from '@crm/contracts';
import { useState } from 'react';
import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useCreate, useDelete, useGetList, useNotify, useTranslate } from 'react-admin';

const COLORS = ['#d32f2f', '#f57c00', '#388e3c', '#1976d2', '#7b1fa2', '#455a64'];

/** The organization's conversation labels: add one with a color, remove one (it leaves every conversation). */
export function LabelsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { data: labels = [] } = useGetList<ChatLabelRecord>(
    'chat-labels',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: open },
  );
  const [create, { isPending }] = useCreate();
  const [remove] = useDelete();
  const [name, setName] = useState('');
  const [color, setColor] = useState(COLORS[0]!);
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });
  const add = () => name.trim() && create('chat-labels', { data: { name: name.trim(), color } }, { onSuccess: () => setName(''), onError: fail });
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>{translate('crm.inbox.labels')}</DialogTitle>
      <DialogContent>
        {labels.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {translate('crm.inbox.labels_empty')}
          </Typography>
        )}
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', my: 1 }}>
          {labels.map((l) => (
            <Chip
              key={l.id}
              label={l.name}
              sx={{ bgcolor: l.color, color: '#fff' }}
              onDelete={() => remove('chat-labels', { id: l.id, previousData: l }, { mutationMode: 'pessimistic', onError: fail })}
            />
          ))}
        </Box>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 2 }}>
          <TextField
            size="small"
            label={translate('crm.inbox.label_name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            name="label-name"
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            sx={{ flex: 1 }}
          />
          <input
            type="color"
            value={color}
            onChange={(e) => setColor(e.target.value)}
            aria-label={translate('crm.inbox.label_color')}
            style={{ width: 36, height: 36, border: 0, background: 'none' }}
          />
        </Box>
        <Box sx={{ display: 'flex', gap: 0.5, mt: 1 }}>
          {COLORS.map((c) => (
            <Box
              key={c}
              onClick={() => setColor(c)}
              sx={{ width: 20, height: 20, borderRadius: '50%', bgcolor: c, cursor: 'pointer', outline: c === color ? '2px solid #000' : 'none' }}
            />
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
        <Button variant="contained" disabled={!name.trim() || isPending} onClick={add} data-testid="add-label">
          {translate('ra.action.add')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
