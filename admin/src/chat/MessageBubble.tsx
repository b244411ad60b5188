import { useState } from 'react';
import { Box, Button, IconButton, Link, Tooltip, Typography } from '@mui/material';
import ReplyIcon from '@mui/icons-material/Reply';
import DoneIcon from '@mui/icons-material/Done';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import ScheduleIcon from '@mui/icons-material/Schedule';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import { useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { ChatMessage, MediaItem } from '../providers/dataProvider';

function Media({ item, state }: { item: MediaItem; state: ChatMessage['media_state'] }) {
  const translate = useTranslate();
  const [broken, setBroken] = useState(false);
  if (!item.url) {
    const what = translate(item.type === 'photo' ? 'crm.chat.photo' : 'crm.chat.document');
    if (item.not_saved) {
      return (
        <Typography variant="caption" color="warning.main" data-testid="media-state" data-state="not_saved">
          {translate('crm.chat.media_not_saved', { what })}
        </Typography>
      );
    }
    return (
      <Typography variant="caption" color={state === 'failed' ? 'error' : 'text.secondary'} data-testid="media-state" data-state={state ?? 'loading'}>
        {translate(state === 'failed' ? 'crm.chat.media_failed' : 'crm.chat.media_loading', { what })}
      </Typography>
    );
  }
  if ((item.type === 'photo' || item.mime_type?.startsWith('image/')) && !broken) {
    return (
      <a href={item.url} target="_blank" rel="noreferrer">
        <img
          src={item.url}
          alt=""
          loading="lazy"
          onError={() => setBroken(true)}
          style={{ maxWidth: '100%', maxHeight: 260, minWidth: 60, minHeight: 40, borderRadius: 8, display: 'block', background: '#dde3dc' }}
        />
      </a>
    );
  }
  if (item.type === 'voice' || item.type === 'audio')
    return <audio controls src={item.url} preload="none" style={{ maxWidth: 260 }} aria-label={translate('crm.chat.voice')} />;
  if (item.type === 'video' || item.type === 'animation')
    return <video controls src={item.url} preload="metadata" style={{ maxWidth: '100%', maxHeight: 260, borderRadius: 8 }} />;
  return (
    <Link href={item.url} target="_blank" rel="noreferrer" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
      <AttachFileIcon fontSize="small" />
      {item.file_name ?? translate(item.type === 'photo' ? 'crm.chat.photo' : 'crm.chat.document')}
    </Link>
  );
}

function DeliveryIcon({ message }: { message: ChatMessage }) {
  const translate = useTranslate();
  const label = translate(`crm.delivery.${message.status}`);
  const icon =
    message.status === 'sent' ? (
      <DoneAllIcon sx={{ fontSize: 14 }} color="primary" />
    ) : message.status === 'failed' || message.status === 'blocked' ? (
      <ErrorOutlineIcon sx={{ fontSize: 14 }} color="error" />
    ) : message.status === 'queued' || message.status === 'sending' ? (
      <ScheduleIcon sx={{ fontSize: 14 }} />
    ) : message.status === 'retrying' ? (
      <ScheduleIcon sx={{ fontSize: 14 }} color="warning" />
    ) : (
      <DoneIcon sx={{ fontSize: 14 }} />
    );
  return (
    <Tooltip title={label}>
      <Box component="span" data-testid="delivery" data-status={message.status} sx={{ display: 'inline-flex' }}>
        {icon}
      </Box>
    </Tooltip>
  );
}

/** The message a reply answers, as a quote at the top of the bubble. */
function Quote({ quoted, onOpen }: { quoted: NonNullable<ChatMessage['reply_to']>; onOpen?: (id: number) => void }) {
  const translate = useTranslate();
  const who = quoted.direction === 'outbound' ? (quoted.sender_name ?? translate('crm.chat.you')) : quoted.sender_name;
  return (
    <Box
      data-testid="quote"
      data-reply-to={quoted.id}
      onClick={() => onOpen?.(quoted.id)}
      sx={{ borderLeft: 3, borderColor: 'primary.main', pl: 1, mb: 0.5, cursor: onOpen ? 'pointer' : undefined, bgcolor: 'rgba(0,0,0,0.04)', borderRadius: 1 }}
    >
      {who && (
        <Typography variant="caption" color="primary" component="div" noWrap>
          {who}
        </Typography>
      )}
      <Typography
        variant="caption"
        component="div"
        sx={{ overflow: 'hidden', textOverflow: 'ellipsis', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflowWrap: 'anywhere' }}
      >
        {quoted.content || translate(quoted.kind === 'voice' ? 'crm.chat.voice' : quoted.kind === 'photo' ? 'crm.chat.photo' : 'crm.chat.document')}
      </Typography>
    </Box>
  );
}

export function MessageBubble({
  message,
  onResend,
  onRetryMedia,
  onReply,
  onOpenQuote,
  highlighted,
}: {
  message: ChatMessage;
  onResend?: (id: number) => Promise<void>;
  onRetryMedia?: (id: number) => Promise<void>;
  onReply?: (message: ChatMessage) => void;
  onOpenQuote?: (id: number) => void;
  highlighted?: boolean;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const outbound = message.direction === 'outbound';
  const failed = message.status === 'failed' || message.status === 'blocked';
  const album = message.media.length > 1;
  const [busy, setBusy] = useState(false);
  const run = (action?: (id: number) => Promise<void>) => async () => {
    if (!action) return;
    setBusy(true);
    try {
      await action(message.id);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box
      sx={{
        display: 'flex',
        justifyContent: outbound ? 'flex-end' : 'flex-start',
        alignItems: 'center',
        gap: 0.5,
        mb: 1,
        flexDirection: outbound ? 'row-reverse' : 'row',
      }}
      data-testid="message"
      data-direction={message.direction}
      data-message-id={message.id}
      data-highlighted={highlighted ? 'true' : undefined}
      id={`message-${message.id}`}
    >
      <Box
        sx={{
          maxWidth: { xs: '82%', sm: '70%' },
          minWidth: 0,
          px: 1.5,
          py: 1,
          borderRadius: 2,
          boxShadow: highlighted ? '0 0 0 3px #ffb300' : 1,
          transition: 'box-shadow .6s',
          bgcolor: failed ? '#fdecea' : outbound ? '#dcf3e6' : 'background.paper',
          borderBottomRightRadius: outbound ? 4 : undefined,
          borderBottomLeftRadius: outbound ? undefined : 4,
        }}
      >
        {(outbound || message.group_id) && message.sender_name && (
          <Typography variant="caption" color="primary" fontWeight={600}>
            {message.sender_name}
          </Typography>
        )}
        {message.reply_to && <Quote quoted={message.reply_to} onOpen={onOpenQuote} />}
        {message.media.length > 0 && (
          <Box sx={{ display: 'grid', gridTemplateColumns: album ? 'repeat(2, minmax(0, 1fr))' : '1fr', gap: 0.5, mb: message.content ? 0.5 : 0 }}>
            {message.media.map((item, i) => (
              <Media key={i} item={item} state={message.media_state} />
            ))}
          </Box>
        )}
        {message.estimate && (
          <Typography variant="caption" color="primary" component="div" data-testid="estimate-question">
            <RouterLink to={`/estimates/${message.estimate.id}`}>
              {translate('crm.chat.estimate_question', { title: message.estimate.title || `#${message.estimate.id}`, version: message.estimate.version })}
            </RouterLink>
          </Typography>
        )}
        {message.content && (
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {message.content}
          </Typography>
        )}
        {failed && (
          <Typography variant="caption" color="error" component="div">
            {translate('crm.chat.failed', { error: message.error ?? translate(`crm.delivery.${message.status}`) })}
          </Typography>
        )}
        {outbound && message.status === 'retrying' && (
          <Typography variant="caption" color="warning.main" component="div" data-testid="retrying">
            {translate('crm.chat.retrying', { attempts: message.attempts })}
          </Typography>
        )}
        {outbound && message.status === 'failed' && onResend && (
          <Button size="small" disabled={busy} onClick={run(onResend)} data-testid="resend">
            {translate('crm.chat.resend')}
          </Button>
        )}
        {!outbound && message.media_state === 'failed' && onRetryMedia && (
          <Button size="small" disabled={busy} onClick={run(onRetryMedia)} data-testid="retry-media">
            {translate('crm.chat.retry_media')}
          </Button>
        )}
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 0.5, mt: 0.25 }}>
          {message.edited_at && (
            <Typography variant="caption" color="text.secondary">
              {translate('crm.chat.edited')}
            </Typography>
          )}
          <Typography variant="caption" color="text.secondary">
            {new Date(message.created_at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}
          </Typography>
          {outbound && <DeliveryIcon message={message} />}
        </Box>
      </Box>
      {onReply && message.telegram_message_id && (
        <Tooltip title={translate('crm.inbox.reply')}>
          <IconButton
            size="small"
            onClick={() => onReply(message)}
            aria-label={translate('crm.inbox.reply')}
            data-testid="reply-action"
            sx={{ opacity: 0.55, '&:hover': { opacity: 1 } }}
          >
            <ReplyIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      )}
    </Box>
  );
}
