import { useCallback, useEffect, useState } from 'react';
import { sandboxApi, type Persona, type SandboxBot } from './api.js';
import { Chat } from './Chat.js';
import { dictionaries, initialLocale, LocaleContext, type Locale } from './i18n.js';
import { MiniAppFrame } from './MiniAppFrame.js';
import { People } from './People.js';
import { Tour } from './Tour.js';

const LEADS_KEY = 'sandbox.leads';
const savedLeads = (): Persona[] => {
  try {
    return JSON.parse(localStorage.getItem(LEADS_KEY) ?? '[]') as Persona[];
  } catch {
    return [];
  }
};

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const t = (key: keyof typeof dictionaries.en) => dictionaries[locale][key];
  const [bots, setBots] = useState<SandboxBot[] | null>(null);
  const [botId, setBotId] = useState<number | null>(null);
  const [people, setPeople] = useState<Persona[]>([]);
  const [leads, setLeads] = useState<Persona[]>(savedLeads);
  const [open, setOpen] = useState<Persona[]>([]);
  const [webApp, setWebApp] = useState<{ persona: Persona; url: string; title: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadBots = useCallback(
    () =>
      sandboxApi.bots().then(
        (list) => {
          setBots(list);
          setBotId((current) => current ?? list[0]?.bot_id ?? null);
        },
        (e: Error) => setError(e.message),
      ),
    [],
  );
  useEffect(() => {
    void loadBots();
  }, [loadBots]);
  const bot = bots?.find((b) => b.bot_id === botId) ?? null;
  // A bot that is still starting shows up within seconds: look again until it runs.
  useEffect(() => {
    if (!bots || (bot && bot.running) || (bots.length > 0 && !bot)) return;
    const timer = setTimeout(() => void loadBots(), 2_000);
    return () => clearTimeout(timer);
  }, [bots, bot, loadBots]);
  useEffect(() => {
    if (!bot?.running) return;
    sandboxApi.personas(bot.bot_id).then(setPeople, (e: Error) => setError(e.message));
  }, [bot?.bot_id, bot?.running]);
  /** The people as they are now (a story links someone, or a client decides): the list on the left follows. */
  const loadPeople = async () => {
    const list = await sandboxApi.personas(bot!.bot_id);
    setPeople(list);
    return list;
  };
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('title');
  });

  const openChat = (persona: Persona) => setOpen((list) => (list.some((p) => p.id === persona.id) ? list : [...list, persona].slice(-4)));
  const newLead = (persona: Persona) => {
    setLeads((list) => {
      const next = [persona, ...list].slice(0, 20);
      localStorage.setItem(LEADS_KEY, JSON.stringify(next));
      return next;
    });
    openChat(persona);
  };
  const switchLocale = () => {
    const next = locale === 'ru' ? 'en' : 'ru';
    localStorage.setItem('sandbox.locale', next);
    setLocale(next);
  };

  return (
    <LocaleContext.Provider value={locale}>
      <div className="app">
        <header className="top">
          <div>
            <h1>{t('title')}</h1>
            <p>
              {t('subtitle')} {t('sandboxNote')}
            </p>
          </div>
          <div className="top-actions">
            {bots && bots.length > 1 && (
              <label>
                {t('org')}{' '}
                <select
                  value={botId ?? ''}
                  onChange={(e) => {
                    setBotId(Number(e.target.value));
                    setOpen([]);
                  }}
                >
                  {bots.map((b) => (
                    <option key={b.bot_id} value={b.bot_id}>
                      {b.org_name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {bot && bots?.length === 1 && (
              <span className="org">
                {bot.org_name}
                {bot.bot_username ? ` · @${bot.bot_username}` : ''}
              </span>
            )}
            <button type="button" onClick={switchLocale}>
              {t('language')}
            </button>
          </div>
        </header>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {bots && bots.length === 0 && <p className="notice">{t('noBots')}</p>}
        {bot && !bot.running && <p className="notice">{t('botStarting')}</p>}
        {bot?.running && (
          <Tour deps={{ botId: bot.bot_id, locale, loadPeople, openChat, newLead, openWebApp: (persona, url, title) => setWebApp({ persona, url, title }) }} />
        )}
        {bot?.running && (
          <main className="workspace">
            <People people={people} leads={leads} open={open.map((p) => p.id)} onOpen={openChat} onNewLead={newLead} locale={bot.locale} />
            <div className="chats">
              {open.length === 0 && <p className="empty">{t('emptyChats')}</p>}
              {open.map((persona) => (
                <Chat
                  key={`${bot.bot_id}-${persona.id}`}
                  botId={bot.bot_id}
                  persona={persona}
                  onWebApp={(p, url, title) => setWebApp({ persona: p, url, title })}
                  onClose={() => setOpen((list) => list.filter((p) => p.id !== persona.id))}
                />
              ))}
            </div>
          </main>
        )}
        {webApp && bot && <MiniAppFrame botId={bot.bot_id} persona={webApp.persona} url={webApp.url} title={webApp.title} onClose={() => setWebApp(null)} />}
      </div>
    </LocaleContext.Provider>
  );
}
