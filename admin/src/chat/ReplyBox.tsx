import { useRef, useState } from 'react';
import { Box, Chip, IconButton, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import BoltIcon from '@mui/icons-material/Bolt';
import CloseIcon from '@mui/icons-material/Close';
import SendIcon from '@mui/icons-material/Send';
import { useTranslate } from 'react-admin';
import type { ChatMessage } from '../providers/dataProvider';
import { QuickReplyPicker } from './QuickReplyPicker';

export type ReplyMode = 'reply' | 'note';

/**
 * Writing in a thread: a reply to the person (with files, optionally answering one message) or a
 * private note for the team. "/" at the start opens the quick replies.
 */
export function ReplyBox({
  chatId,
  onSend,
  onNote,
  disabled,
  replyTo,
  onCancelReply,
}: {
  chatId: string;
  onSend: (text: string, files: File[]) => Promise<boolean>;
  onNote: (text: string) => Promise<boolean>;
  disabled?: boolean;
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
}) {
  const translate = useTranslate();
  const [mode, setMode] = useState<ReplyMode>('reply');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const field = useRef<HTMLDivElement>(null);
  const note = mode === 'note';
  const slash = !note && text.startsWith('/') && !text.includes('\n') ? text.slice(1) : null;
  const picking = pickerOpen || slash !== null;

  const send = async () => {
    if (busy || (!text.trim() && (note || files.length === 0))) return;
    setBusy(true);
    const ok = note ? await onNote(text.trim()) : await onSend(text.trim(), files);
    setBusy(false);
    if (ok) {
      setText('');
      setFiles([]);
    }
  };
  const insert = (filled: string) => {
    setText(slash !== null ? filled : text ? `${text}${text.endsWith(' ') ? '' : ' '}${filled}` : filled);
    setPickerOpen(false);
    field.current?.querySelector('textarea')?.focus();
  };

  return (
    <Box
      sx={{ borderTop: 1, borderColor: 'divider', p: 1, bgcolor: note ? '#fff8e1' : 'background.paper', position: 'relative' }}
      data-testid="reply-box"
      data-mode={mode}
    >
      {picking && (
        <QuickReplyPicker
          chatId={chatId}
          query={slash ?? ''}
          anchor={field.current}
          onPick={insert}
          onClose={() => {
            setPickerOpen(false);
            if (slash !== null) setText('');
          }}
        />
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
        <ToggleButtonGroup size="small" exclusive value={mode} onChange={(_, value: ReplyMode | null) => value && setMode(value)}>
          <ToggleButton value="reply" sx={{ py: 0.25, textTransform: 'none' }} data-testid="mode-reply">
            {translate('crm.inbox.mode_reply')}
          </ToggleButton>
          <ToggleButton value="note" sx={{ py: 0.25, textTransform: 'none' }} data-testid="mode-note">
            {translate('crm.inbox.mode_note')}
          </ToggleButton>
        </ToggleButtonGroup>
        {note && (
          <Typography variant="caption" color="text.secondary" noWrap sx={{ minWidth: 0 }}>
            {translate('crm.inbox.note_hint')}
          </Typography>
        )}
      </Box>
      {!note && replyTo && (
        <Box
          sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5, pl: 1, borderLeft: 3, borderColor: 'primary.main', minWidth: 0 }}
          data-testid="replying-to"
        >
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="caption" color="primary" component="div">
              {translate('crm.inbox.replying_to')}
            </Typography>
            <Typography variant="body2" noWrap>
              {replyTo.content || translate('crm.chat.document')}
            </Typography>
          </Box>
          <IconButton size="small" onClick={onCancelReply} aria-label={translate('ra.action.cancel')}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Box>
      )}
      {!note && files.length > 0 && (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mb: 1 }}>
          {files.map((file, i) => (
            <Chip key={i} size="small" label={file.name} onDelete={() => setFiles(files.filter((_, j) => j !== i))} sx={{ maxWidth: '100%' }} />
          ))}
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'flex-end' }}>
        {!note && (
          <>
            <Tooltip title={translate('crm.chat.attach')}>
              <IconButton onClick={() => input.current?.click()} disabled={disabled} aria-label={translate('crm.chat.attach')} sx={{ px: { xs: 0.5, sm: 1 } }}>
                <AttachFileIcon />
              </IconButton>
            </Tooltip>
            <Tooltip title={translate('crm.inbox.quick_replies')}>
              <IconButton
                onClick={() => setPickerOpen(true)}
                disabled={disabled}
                aria-label={translate('crm.inbox.quick_replies')}
                data-testid="quick-replies-button"
                sx={{ px: { xs: 0.5, sm: 1 } }}
              >
                <BoltIcon />
              </IconButton>
            </Tooltip>
          </>
        )}
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="reply-files"
          onChange={(e) => {
            setFiles([...files, ...Array.from(e.target.files ?? [])].slice(0, 10));
            e.target.value = '';
          }}
        />
        <TextField
          ref={field}
          fullWidth
          multiline
          maxRows={6}
          size="small"
          placeholder={translate(note ? 'crm.inbox.note_placeholder' : 'crm.inbox.type_hint')}
          value={text}
          disabled={disabled && !note}
          onChange={(e) => setText(e.target.value)}
          name={note ? 'note' : 'reply'}
          onKeyDown={(e) => {
            // The quick-reply picker takes its keys before the box (and prevents their default): an Enter
            // that inserted a reply must not also send it, even when the picker has closed by now.
            if (e.defaultPrevented) return;
            if (picking && (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Escape')) return; // the picker handles them
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <IconButton
          color="primary"
          onClick={send}
          disabled={(disabled && !note) || busy || (!text.trim() && (note || files.length === 0))}
          aria-label={translate(note ? 'crm.inbox.add_note' : 'crm.chat.send')}
          data-testid="send"
        >
          <SendIcon />
        </IconButton>
      </Box>
    </Box>
  );
}
