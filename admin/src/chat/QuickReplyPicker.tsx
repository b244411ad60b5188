import { useEffect, useState } from 'react';
import { Box, Button, ClickAwayListener, List, ListItemButton, ListItemText, Paper, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { CrmDataProvider, QuickReplyOption } from '../providers/dataProvider';
import { QuickRepliesDialog } from './QuickRepliesDialog';

/**
 * The quick replies above the reply box, filtered by what follows "/", with the conversation's
 * placeholders already filled by the server. Arrows move, Enter inserts, Escape closes.
 */
export function QuickReplyPicker({
  chatId,
  query,
  onPick,
  onClose,
}: {
  chatId: string;
  query: string;
  anchor: HTMLElement | null;
  onPick: (text: string) => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [replies, setReplies] = useState<QuickReplyOption[] | null>(null);
  const [active, setActive] = useState(0);
  const [managing, setManaging] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    dataProvider.getQuickReplies(chatId).then(setReplies, () => setReplies([]));
  }, [chatId, version, dataProvider]);
  const needle = query.trim().toLowerCase();
  const shown = (replies ?? []).filter((r) => !needle || r.title.toLowerCase().includes(needle) || r.content.toLowerCase().includes(needle));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (managing) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((i) => Math.min(i + 1, Math.max(shown.length - 1, 0)));
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
      }
      if (e.key === 'Enter' && shown[active]) {
        e.preventDefault();
        onPick(shown[active]!.text);
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [shown, active, managing, onPick, onClose]);

  return (
    <ClickAwayListener
      onClickAway={() => {
        if (!managing) onClose();
      }}
    >
      <Paper
        elevation={6}
        data-testid="quick-reply-picker"
        sx={{ position: 'absolute', left: 8, right: 8, bottom: '100%', mb: 0.5, maxHeight: 280, overflowY: 'auto', zIndex: 5 }}
      >
        {replies && shown.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
            {translate(replies.length ? 'crm.inbox.quick_none_match' : 'crm.inbox.quick_empty')}
          </Typography>
        )}
        <List dense disablePadding>
          {shown.map((r, i) => (
            <ListItemButton key={r.id} selected={i === active} onClick={() => onPick(r.text)} data-testid="quick-reply-option">
              <ListItemText primary={`/${r.title}`} secondary={r.text} slotProps={{ secondary: { noWrap: true } }} />
            </ListItemButton>
          ))}
        </List>
        <Box sx={{ borderTop: 1, borderColor: 'divider', px: 1 }}>
          <Button size="small" onClick={() => setManaging(true)} data-testid="manage-quick-replies">
            {translate('crm.inbox.manage_quick')}
          </Button>
        </Box>
        <QuickRepliesDialog
          open={managing}
          onClose={() => {
            setManaging(false);
            setVersion((v) => v + 1);
          }}
        />
      </Paper>
    </ClickAwayListener>
  );
}
