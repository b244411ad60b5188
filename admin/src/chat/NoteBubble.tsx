import { Box, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/LockOutlined';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ChatNote } from '../providers/dataProvider';

/** A private note of the team: across the thread, in amber, with its author and time; the person never sees it. */
export function NoteBubble({ note }: { note: ChatNote }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', mb: 1 }} data-testid="note">
      <Box sx={{ width: { xs: '92%', sm: '80%' }, px: 1.5, py: 1, borderRadius: 2, bgcolor: '#fff3c4', border: '1px dashed #e0a800' }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color: '#8a6d00' }}>
          <LockIcon sx={{ fontSize: 14 }} />
          <Typography variant="caption" fontWeight={600} noWrap sx={{ flex: 1, minWidth: 0 }}>
            {translate('crm.inbox.note_by', { name: note.author_name ?? '—' })}
          </Typography>
          <Typography variant="caption">
            {new Date(note.created_at).toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}
          </Typography>
        </Box>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {note.content}
        </Typography>
      </Box>
    </Box>
  );
}
