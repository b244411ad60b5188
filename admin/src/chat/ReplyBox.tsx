import { useRef, useState } from 'react';
import { Box, Chip, IconButton, TextField, Tooltip } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import SendIcon from '@mui/icons-material/Send';
import { useTranslate } from 'react-admin';

export function ReplyBox({ onSend, disabled }: { onSend: (text: string, files: File[]) => Promise<boolean>; disabled?: boolean }) {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const send = async () => {
    if (busy || (!text.trim() && files.length === 0)) return;
    setBusy(true);
    const ok = await onSend(text.trim(), files);
    setBusy(false);
    if (ok) {
      setText('');
      setFiles([]);
    }
  };
  return (
    <Box sx={{ borderTop: 1, borderColor: 'divider', p: 1, bgcolor: 'background.paper' }}>
      {files.length > 0 && (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mb: 1 }}>
          {files.map((file, i) => <Chip key={i} size="small" label={file.name} onDelete={() => setFiles(files.filter((_, j) => j !== i))} />)}
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-end' }}>
        <Tooltip title={translate('crm.chat.attach')}>
          <IconButton onClick={() => input.current?.click()} disabled={disabled} aria-label={translate('crm.chat.attach')}><AttachFileIcon /></IconButton>
        </Tooltip>
        <input ref={input} type="file" multiple hidden data-testid="reply-files"
          onChange={(e) => { setFiles([...files, ...Array.from(e.target.files ?? [])].slice(0, 10)); e.target.value = ''; }} />
        <TextField fullWidth multiline maxRows={6} size="small" placeholder={translate('crm.chat.type')} value={text} disabled={disabled}
          onChange={(e) => setText(e.target.value)} name="reply"
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void send(); } }} />
        <IconButton color="primary" onClick={send} disabled={disabled || busy || (!text.trim() && files.length === 0)} aria-label={translate('crm.chat.send')}><SendIcon /></IconButton>
      </Box>
    </Box>
  );
}
