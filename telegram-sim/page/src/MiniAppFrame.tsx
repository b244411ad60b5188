import { useEffect, useState } from 'react';
import { sandboxApi, type Persona } from './api.js';
import { useT } from './i18n.js';

/** The Mini App in a phone-sized frame, opened with init data signed for this person, as Telegram opens it. */
export function MiniAppFrame({ botId, persona, url, title, onClose }: { botId: number; persona: Persona; url: string; title: string; onClose: () => void }) {
  const t = useT();
  const [signed, setSigned] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    sandboxApi.webApp(botId, persona, url).then(
      (r) => setSigned(r.url),
      (e: Error) => setError(e.message),
    );
  }, [botId, persona, url]);
  return (
    <div className="webapp-backdrop" role="dialog" aria-label={title}>
      <div className="phone" data-testid="miniapp-frame">
        <header className="phone-bar">
          <button type="button" className="icon" onClick={onClose}>
            {t('close')}
          </button>
          <strong>{title}</strong>
          <small>{persona.first_name}</small>
        </header>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {signed && <iframe title={t('miniApp')} src={signed} />}
      </div>
    </div>
  );
}
