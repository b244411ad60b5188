import { api } from '../api.js';
import { useLoad } from '../hooks.js';
import { useLocale } from '../i18n.js';
import { WebApp } from '../telegram.js';
import { Empty, ErrorState, Spinner } from '../ui/States.js';

const ICONS: Record<string, string> = { contract: '📄', estimate: '🧮', act: '✅', other: '📎' };

export function Documents({ projectId }: { projectId: number }) {
  const { t, date } = useLocale();
  const docs = useLoad(() => api.documents(projectId), [projectId]);
  if (docs.loading && !docs.data) return <Spinner />;
  if (docs.error || !docs.data) return <ErrorState error={docs.error} onRetry={docs.reload} />;
  if (docs.data.length === 0) return <Empty icon="📂" text={t.noDocuments} />;

  // Inside Telegram a link opens in its browser (a signed URL is short-lived, so it is fetched fresh).
  const open = (url: string) => (event: React.MouseEvent) => {
    if (!WebApp.initData || !WebApp.openLink) return;
    event.preventDefault();
    try {
      WebApp.openLink(url);
    } catch {
      window.open(url, '_blank');
    }
  };
  return (
    <ul className="cards">
      {docs.data.map((d) => (
        <li key={`${d.source ?? 'document'}-${d.id}`} className="card doc" data-testid="document">
          <span className="doc-icon" aria-hidden>
            {ICONS[d.kind] ?? ICONS.other}
          </span>
          <div className="doc-body">
            <strong>{d.title}</strong>
            <span className="hint">
              {t.docKind[d.kind] ?? t.docKind.other} · {date(d.created_at)}
            </span>
          </div>
          {d.url && (
            <a className="btn btn-small" href={d.url} target="_blank" rel="noreferrer" onClick={open(d.url)}>
              {t.open}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
