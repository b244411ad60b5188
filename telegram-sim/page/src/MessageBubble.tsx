import { sandboxApi, type Button, type Message } from './api.js';
import { useT } from './i18n.js';

const time = (unix: number) => new Date(unix * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** One message as Telegram draws it: media, text or caption, inline buttons underneath, "edited" and the time. */
export function MessageBubble({ botId, message, onButton }: { botId: number; message: Message; onButton: (button: Button, message: Message) => void }) {
  const t = useT();
  const mine = !message.from?.is_bot;
  const photo = message.photo?.[message.photo.length - 1];
  const file = message.document ?? message.video ?? message.voice;
  const text = message.text ?? message.caption;
  return (
    <div className={`row ${mine ? 'mine' : 'theirs'}`} data-testid="message" data-from={mine ? 'person' : 'bot'} data-message-id={message.message_id}>
      <div className="bubble">
        {photo && <img className="photo" src={sandboxApi.fileUrl(botId, photo.file_id)} alt="" />}
        {file && (
          <a className="file" href={sandboxApi.fileUrl(botId, file.file_id)} target="_blank" rel="noreferrer">
            <span className="file-icon" aria-hidden>📄</span>{file.file_name ?? file.mime_type ?? 'file'}
          </a>
        )}
        {message.contact && <div className="contact">👤 {message.contact.first_name} · {message.contact.phone_number}</div>}
        {text && <div className="text">{text}</div>}
        <div className="meta">
          {message.edit_date && <span className="edited" data-testid="edited">{t('edited')}</span>}
          <span>{time(message.date)}</span>
        </div>
      </div>
      {message.reply_markup?.inline_keyboard && (
        <div className="inline-keyboard">
          {message.reply_markup.inline_keyboard.map((row, i) => (
            <div className="kb-row" key={i}>
              {row.map((button, j) => (
                <button type="button" key={j} className="kb-button" data-testid="inline-button" onClick={() => onButton(button, message)}>
                  {button.web_app && <span aria-hidden>🧩 </span>}{button.url && <span aria-hidden>↗ </span>}{button.text}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
