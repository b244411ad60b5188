import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MiniAppSession as Session } from '@crm/contracts';
import { api } from './api.js';
import { errorText } from './errors.js';
import { LocaleContext, makeLocale, pickLang, strings } from './i18n.js';
import { initData, telegramLanguage } from './telegram.js';
import { useBackButton, useLoad } from './hooks.js';
import { ErrorState, Spinner } from './ui/States.js';
import { ProjectList } from './screens/ProjectList.js';
import { ProjectView } from './screens/ProjectView.js';
import { EstimateList } from './screens/EstimateList.js';
import { EstimateView } from './screens/EstimateView.js';

const orgFromUrl = () => Number(new URLSearchParams(window.location.search).get('org')) || null;
/** The bot's "Open in app" under an estimate opens that estimate (`&estimate=<id>`). */
const estimateFromUrl = () => Number(new URLSearchParams(window.location.search).get('estimate')) || null;

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

  const locale = useMemo(
    () =>
      session ? makeLocale(pickLang(telegramLanguage(), session.organization.locale), session.organization.currency, session.organization.timezone) : null,
    [session],
  );

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
  const estimates = useLoad(() => api.estimates(), [], session.estimates ?? []);
  const [openId, setOpenId] = useState<number | null>(null);
  const [estimateId, setEstimateId] = useState<number | null>(estimateFromUrl);
  // The dashboard that came with the session is fresh only for the first screen.
  const [firstDashboard, setFirstDashboard] = useState(session.dashboard);
  const list = projects.data ?? [];
  const only = list.length === 1 ? list[0]!.id : null;
  const current = openId ?? only;
  const back = useCallback(() => {
    setOpenId(null);
    setFirstDashboard(null);
    projects.reload();
  }, [projects.reload]);
  const reloadEstimates = estimates.reload;
  const reloadProjects = projects.reload;
  const closeEstimate = useCallback(() => {
    setEstimateId(null);
    reloadEstimates();
    reloadProjects();
  }, [reloadEstimates, reloadProjects]);
  useBackButton(estimateId !== null ? closeEstimate : openId !== null && list.length > 1 ? back : null);

  if (estimateId !== null) {
    return (
      <main className="page">
        <button className="link-button" onClick={closeEstimate} aria-label="back">
          ‹ {session.organization.name}
        </button>
        <EstimateView estimateId={estimateId} clientName={session.user.name} />
      </main>
    );
  }
  // An estimate waiting for the client's approval is offered first on every home screen.
  const waiting = (estimates.data ?? []).filter((e) => e.status === 'sent' && e.latest);

  if (projects.loading && !projects.data) return <Spinner />;
  if (projects.error) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (current !== null) {
    const initial = firstDashboard?.id === current ? firstDashboard : undefined;
    return (
      <>
        {waiting.length > 0 && (
          <div className="page page-top">
            <EstimateList estimates={waiting} onOpen={setEstimateId} />
          </div>
        )}
        <ProjectView key={current} projectId={current} initial={initial} onBack={list.length > 1 ? back : null} />
      </>
    );
  }
  return (
    <ProjectList
      company={session.organization.name}
      projects={list}
      onOpen={setOpenId}
      hideEmpty={(estimates.data ?? []).length > 0}
      extra={<EstimateList estimates={estimates.data ?? []} onOpen={setEstimateId} />}
    />
  );
}
