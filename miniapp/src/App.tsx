import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type Session } from './api.js';
import { errorText } from './errors.js';
import { LocaleContext, makeLocale, pickLang, strings } from './i18n.js';
import { initData, telegramLanguage } from './telegram.js';
import { useBackButton, useLoad } from './hooks.js';
import { ErrorState, Spinner } from './ui/States.js';
import { ProjectList } from './screens/ProjectList.js';
import { ProjectView } from './screens/ProjectView.js';

const orgFromUrl = () => Number(new URLSearchParams(window.location.search).get('org')) || null;

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const fallback = strings[pickLang(telegramLanguage() ?? navigator.language)];

  const start = useCallback(() => {
    setFailure(null);
    const data = initData();
    const org = orgFromUrl();
    if (!data) return setFailure(fallback.errors.outside);
    if (!org) return setFailure(fallback.errors.noOrg);
    api.session(data, org).then(setSession, (error) => setFailure(errorText(error, fallback)));
  }, [fallback]);
  useEffect(start, [start]);

  const locale = useMemo(() => session
    ? makeLocale(pickLang(telegramLanguage(), session.organization.locale), session.organization.currency, session.organization.timezone)
    : null, [session]);

  if (failure) return <ErrorState message={failure} onRetry={start} retryLabel={fallback.retry} />;
  if (!session || !locale) return <Spinner label={fallback.loading} />;
  return (
    <LocaleContext.Provider value={locale}>
      <Home session={session} />
    </LocaleContext.Provider>
  );
}

function Home({ session }: { session: Session }) {
  const projects = useLoad(() => api.projects(), [], session.projects);
  const [openId, setOpenId] = useState<number | null>(null);
  // The dashboard that came with the session is fresh only for the first screen.
  const [firstDashboard, setFirstDashboard] = useState(session.dashboard);
  const list = projects.data ?? [];
  const only = list.length === 1 ? list[0]!.id : null;
  const current = openId ?? only;
  const back = useCallback(() => { setOpenId(null); setFirstDashboard(null); projects.reload(); }, [projects.reload]);
  useBackButton(openId !== null && list.length > 1 ? back : null);

  if (projects.loading && !projects.data) return <Spinner />;
  if (projects.error) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (current !== null) {
    const initial = firstDashboard?.id === current ? firstDashboard : undefined;
    return <ProjectView key={current} projectId={current} initial={initial} onBack={list.length > 1 ? back : null} />;
  }
  return <ProjectList company={session.organization.name} projects={list} onOpen={setOpenId} />;
}
