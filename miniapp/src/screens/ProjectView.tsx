import { useCallback, useState } from 'react';
import type { ClientProjectDashboard as DashboardData } from '@crm/contracts';
import { api } from '../api.js';
import { useLoad } from '../hooks.js';
import { useLocale } from '../i18n.js';
import { ErrorState, Spinner } from '../ui/States.js';
import { ChangeRequests } from './ChangeRequests.js';
import { Dashboard } from './Dashboard.js';
import { Documents } from './Documents.js';
import { Feed } from './Feed.js';

type Tab = 'overview' | 'feed' | 'changes' | 'documents';

export function ProjectView({ projectId, initial, onBack }: { projectId: number; initial?: DashboardData; onBack: (() => void) | null }) {
  const { t } = useLocale();
  const [tab, setTab] = useState<Tab>('overview');
  const dashboard = useLoad(() => api.dashboard(projectId), [projectId], initial);
  const refresh = useCallback(() => dashboard.reload(), [dashboard.reload]);

  if (dashboard.loading && !dashboard.data) return <Spinner />;
  if (dashboard.error || !dashboard.data) return <ErrorState error={dashboard.error} onRetry={dashboard.reload} />;
  const project = dashboard.data;
  const tabs: [Tab, string, number?][] = [
    ['overview', t.overview],
    ['feed', t.feed],
    ['changes', t.changes, project.pending_change_requests],
    ['documents', t.documents],
  ];
  return (
    <main className="page">
      <header className="page-header">
        {onBack && (
          <button className="link-button" onClick={onBack} aria-label="back">
            ‹ {t.projects}
          </button>
        )}
        <h1>{project.name}</h1>
        {project.address && <span className="hint">{project.address}</span>}
      </header>
      <nav className="tabs" role="tablist">
        {tabs.map(([id, label, count]) => (
          <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
            {label}
            {count ? <span className="tab-count">{count}</span> : null}
          </button>
        ))}
      </nav>
      {tab === 'overview' && <Dashboard project={project} onShowChanges={() => setTab('changes')} />}
      {tab === 'feed' && <Feed projectId={projectId} />}
      {tab === 'changes' && <ChangeRequests projectId={projectId} onDecided={refresh} />}
      {tab === 'documents' && <Documents projectId={projectId} />}
    </main>
  );
}
