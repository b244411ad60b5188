import { sandboxApi, type Button, type Message } from './api.js';
import { useT } from './i18n.js';
import { formatDuration } from './voice.js';

const time = (unix: number) => new Date(unix * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * One message as Telegram draws it — media, text or caption, inline buttons underneath, "edited" and
 * the time — or an album: several messages sharing a media_group_id drawn as one bubble with a grid.
 */
export function MessageBubble({ botId, group, onButton }: { botId: number; group: Message[]; onButton: (button: Button, message: Message) => void }) {
  const t = useT();
  const message = group[group.length - 1]!;
  const mine = !message.from?.is_bot;
  const album = group.length > 1;
  const photos = group.flatMap((m) => (m.photo?.length ? [m.photo[m.photo.length - 1]!] : []));
  const videos = group.flatMap((m) => (m.video ? [m.video] : []));
  const file = album ? undefined : (message.document ?? message.audio);
  const text = group.map((m) => m.text ?? m.caption).find(Boolean);
  const edited = group.some((m) => m.edit_date);
  return (
    <div
      className={`row ${mine ? 'mine' : 'theirs'}`}
      data-testid="message"
      data-from={mine ? 'person' : 'bot'}
      data-message-id={group[0]!.message_id}
      {...(album ? { 'data-album': group.length } : {})}
    >
      <div className="bubble">
        {(photos.length > 0 || videos.length > 0) && (
          <div className={album ? 'album' : undefined} data-testid={album ? 'album' : undefined}>
            {photos.map((p) => (
              <img key={p.file_id} className="photo" src={sandboxApi.fileUrl(botId, p.file_id)} alt="" />
            ))}
            {videos.map((v) => (
              <video key={v.file_id} className="photo" controls preload="metadata" src={sandboxApi.fileUrl(botId, v.file_id)} />
            ))}
          </div>
        )}
        {message.voice && (
          <div className="voice" data-testid="voice">
            <audio controls preload="metadata" src={sandboxApi.fileUrl(botId, message.voice.file_id)} aria-label={t('voice')} />
            <small>🎤 {formatDuration(message.voice.duration ?? 0)}</small>
          </div>
        )}
        {file && (
          <a className="file" href={sandboxApi.fileUrl(botId, file.file_id)} target="_blank" rel="noreferrer">
            <span className="file-icon" aria-hidden>
              📄
            </span>
            {file.file_name ?? file.mime_type ?? 'file'}
          </a>
        )}
        {message.contact && (
          <div className="contact">
            👤 {message.contact.first_name} · {message.contact.phone_number}
          </div>
        )}
        {text && <div className="text">{text}</div>}
        <div className="meta">
          {edited && (
            <span className="edited" data-testid="edited">
              {t('edited')}
            </span>
          )}
          <span>{time(message.date)}</span>
        </div>
      </div>
      {message.reply_markup?.inline_keyboard && (
        <div className="inline-keyboard">
          {message.reply_markup.inline_keyboard.map((row, i) => (
            <div className="kb-row" key={i}>
              {row.map((button, j) => (
                <button type="button" key={j} className="kb-button" data-testid="inline-button" onClick={() => onButton(button, message)}>
                  {button.web_app && <span aria-hidden>🧩 </span>}
                  {button.url && <span aria-hidden>↗ </span>}
                  {button.text}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
