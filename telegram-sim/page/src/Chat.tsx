import { useEffect, useRef, useState, type FormEvent } from 'react';
import { sandboxApi, type Button, type Message, type Persona } from './api.js';
import { useT } from './i18n.js';
import { MessageBubble } from './MessageBubble.js';
import { groupAlbums, replyKeyboard, useChat } from './useChat.js';
import { audioDuration, formatDuration, useVoiceRecorder } from './voice.js';

const buttonOf = (b: Button | string): Button => (typeof b === 'string' ? { text: b } : b);

/** A person's private chat with the bot, drawn and behaving like Telegram's. */
export function Chat({
  botId,
  persona,
  onWebApp,
  onClose,
}: {
  botId: number;
  persona: Persona;
  onWebApp: (persona: Persona, url: string, title: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const { messages, menu, commands, toast, dismissToast } = useChat(botId, persona.id);
  const [showCommands, setShowCommands] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [payload, setPayload] = useState('');
  const [showLink, setShowLink] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const documentInput = useRef<HTMLInputElement>(null);
  const voiceInput = useRef<HTMLInputElement>(null);
  const keyboard = replyKeyboard(messages);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [messages]);

  const run = (work: Promise<unknown>) => {
    setError(null);
    work.catch((e: Error) => setError(`${t('failed')}: ${e.message}`));
  };
  const sendText = (text: string) => run(sandboxApi.send(botId, persona, { kind: 'text', text }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    sendText(draft);
    setDraft('');
  };
  const pressed = (button: Button, message?: Message) => {
    if (button.web_app) return onWebApp(persona, button.web_app.url, button.text);
    if (button.url) return void window.open(button.url, '_blank', 'noopener');
    if (button.request_contact) {
      if (!persona.phone) return setError(`${t('failed')}: ${t('notLinked')}`);
      return run(sandboxApi.send(botId, persona, { kind: 'contact', phone: persona.phone }));
    }
    if (message && button.callback_data) return run(sandboxApi.press(botId, persona, message.message_id, button.callback_data));
    sendText(button.text);
  };
  /** Several photos at once go as an album, as Telegram groups them. */
  const upload = (kind: 'photo' | 'document', list: FileList | null) => {
    const files = Array.from(list ?? []).slice(0, 10);
    if (!files.length) return;
    const caption = draft.trim() || undefined;
    run(sandboxApi.upload(botId, persona, kind === 'photo' && files.length > 1 ? 'album' : kind, kind === 'photo' ? files : files.slice(0, 1), { caption }));
    setDraft('');
  };
  const sendVoice = (file: File, duration: number) => run(sandboxApi.upload(botId, persona, 'voice', [file], { duration }));
  const voiceFromFile = (list: FileList | null) => {
    const file = list?.[0];
    if (file) run(audioDuration(file).then((duration) => sandboxApi.upload(botId, persona, 'voice', [file], { duration })));
  };
  const recorder = useVoiceRecorder(sendVoice, (message) => setError(`${t('failed')}: ${message}`));
  const name = [persona.first_name, persona.last_name].filter(Boolean).join(' ');

  return (
    <section className="chat" data-testid="chat" data-persona={persona.id} aria-label={name}>
      <header className="chat-header">
        <div className="avatar" aria-hidden>
          {persona.first_name.slice(0, 1)}
        </div>
        <div className="who">
          <strong>{name}</strong>
          <small>
            {t(`role_${persona.role}`)}
            {persona.phone ? ` · ${persona.phone}` : ''}
          </small>
        </div>
        <button type="button" className="icon" title={t('closeChat')} aria-label={t('closeChat')} onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="messages" ref={list}>
        {messages.length === 0 && <p className="empty">{t('emptyChat')}</p>}
        {groupAlbums(messages).map((group) => (
          <MessageBubble key={group[0]!.message_id} botId={botId} group={group} onButton={pressed} />
        ))}
      </div>
      {toast && (
        <div className={`toast ${toast.alert ? 'alert' : ''}`} role="status" onClick={dismissToast}>
          {toast.text}
        </div>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {messages.length === 0 ? (
        <div className="start-bar">
          <button
            type="button"
            className="start"
            data-testid="start"
            onClick={() => run(sandboxApi.send(botId, persona, { kind: 'start', payload: payload.trim() || undefined }))}
          >
            {t('start')}
          </button>
          <button type="button" className="link" onClick={() => setShowLink((v) => !v)}>
            {t('deepLink')}
          </button>
          {showLink && (
            <input
              aria-label={t('payload')}
              placeholder={t('payload')}
              value={payload}
              onChange={(e) => setPayload(e.target.value.replace(/^.*[?&]start=/, ''))}
            />
          )}
        </div>
      ) : (
        <form className="composer" onSubmit={submit}>
          {menu?.type === 'web_app' && menu.web_app ? (
            <button
              type="button"
              className="menu-button"
              data-testid="menu-button"
              onClick={() => onWebApp(persona, menu.web_app!.url, menu.text ?? t('miniApp'))}
            >
              {menu.text ?? t('miniApp')}
            </button>
          ) : (
            commands.length > 0 && (
              <button
                type="button"
                className="menu-button"
                data-testid="commands-button"
                aria-expanded={showCommands}
                onClick={() => setShowCommands((v) => !v)}
              >
                {t('menu')}
              </button>
            )
          )}
          {recorder.recording ? (
            <div className="recording" data-testid="recording">
              <span className="dot" aria-hidden />
              {t('recording')} {formatDuration(recorder.elapsed)}
              <button type="button" className="link" onClick={() => recorder.finish(false)}>
                {t('cancel')}
              </button>
            </div>
          ) : (
            <>
              <button type="button" className="icon" title={t('attachPhoto')} aria-label={t('attachPhoto')} onClick={() => photoInput.current?.click()}>
                📷
              </button>
              <button
                type="button"
                className="icon"
                title={t('attachDocument')}
                aria-label={t('attachDocument')}
                onClick={() => documentInput.current?.click()}
              >
                📎
              </button>
              <button type="button" className="icon" title={t('voiceFile')} aria-label={t('voiceFile')} onClick={() => voiceInput.current?.click()}>
                🎵
              </button>
              <input className="draft" aria-label={t('message')} placeholder={t('message')} value={draft} onChange={(e) => setDraft(e.target.value)} />
            </>
          )}
          {draft.trim() || recorder.recording ? (
            <button
              type={recorder.recording ? 'button' : 'submit'}
              className="send"
              aria-label={t('send')}
              onClick={recorder.recording ? () => recorder.finish(true) : undefined}
            >
              ➤
            </button>
          ) : (
            <button type="button" className="send" aria-label={t('recordVoice')} title={t('recordVoice')} onClick={() => void recorder.start()}>
              🎤
            </button>
          )}
          <input
            ref={photoInput}
            type="file"
            accept="image/*"
            multiple
            hidden
            data-testid="photo-input"
            onChange={(e) => {
              upload('photo', e.target.files);
              e.target.value = '';
            }}
          />
          <input
            ref={documentInput}
            type="file"
            hidden
            data-testid="document-input"
            onChange={(e) => {
              upload('document', e.target.files);
              e.target.value = '';
            }}
          />
          <input
            ref={voiceInput}
            type="file"
            accept="audio/*"
            hidden
            data-testid="voice-input"
            onChange={(e) => {
              voiceFromFile(e.target.files);
              e.target.value = '';
            }}
          />
        </form>
      )}
      {showCommands && commands.length > 0 && menu?.type !== 'web_app' && (
        <ul className="commands" data-testid="commands">
          {commands.map((c) => (
            <li key={c.command}>
              <button
                type="button"
                onClick={() => {
                  setShowCommands(false);
                  sendText(`/${c.command}`);
                }}
              >
                <strong>/{c.command}</strong> <span>{c.description}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {keyboard && (
        <div className="reply-keyboard" data-testid="reply-keyboard">
          {keyboard.map((row, i) => (
            <div className="kb-row" key={i}>
              {row.map((b, j) => {
                const button = buttonOf(b);
                return (
                  <button type="button" key={j} className="kb-button" onClick={() => pressed(button)}>
                    {button.request_contact ? `📱 ${button.text}` : button.text}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
