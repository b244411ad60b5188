import type { ReactNode } from 'react';
import type { ClientProjectSummary as ProjectSummary } from '@crm/contracts';
import { useLocale } from '../i18n.js';
import { Empty, ProgressBar } from '../ui/States.js';

export function ProjectList({
  company,
  projects,
  onOpen,
  extra,
  hideEmpty,
}: {
  company: string;
  projects: ProjectSummary[];
  onOpen: (id: number) => void;
  extra?: ReactNode;
  hideEmpty?: boolean;
}) {
  const { t, money } = useLocale();
  return (
    <main className="page">
      <header className="page-header">
        <span className="hint">{company}</span>
        <h1>{t.projects}</h1>
      </header>
      {extra}
      {projects.length === 0 && !hideEmpty && <Empty icon="🏗️" text={t.noProjects} />}
      <ul className="cards">
        {projects.map((p) => (
          <li key={p.id}>
            <button className="card card-button" onClick={() => onOpen(p.id)} data-testid="project-card">
              <div className="row">
                <strong>{p.name}</strong>
                <span className="pct">{p.progress_pct}%</span>
              </div>
              {p.address && <div className="hint">{p.address}</div>}
              <ProgressBar value={p.progress_pct} />
              <div className="row hint">
                <span>{money(p.budget_total)}</span>
                {p.pending_change_requests > 0 && <span className="badge">{t.pendingChanges(p.pending_change_requests)}</span>}
              </div>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
