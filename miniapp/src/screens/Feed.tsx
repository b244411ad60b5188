import { useState } from 'react';
import type { FeedMedia as Media, FeedReport as Report } from '@crm/contracts';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useLoad } from '../hooks.js';
import { useLocale } from '../i18n.js';
import { Empty, ErrorState, Spinner } from '../ui/States.js';
import { PhotoViewer } from '../ui/PhotoViewer.js';

export function Feed({ projectId }: { projectId: number }) {
  const { t } = useLocale();
  const feed = useLoad(() => api.reports(projectId), [projectId]);
  const [more, setMore] = useState<{ items: Report[]; done: boolean }>({ items: [], done: false });
  const [viewer, setViewer] = useState<{ photos: Media[]; index: number } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);

  if (feed.loading && !feed.data) return <Spinner />;
  if (feed.error || !feed.data) return <ErrorState error={feed.error} onRetry={feed.reload} />;
  const reports = [...feed.data, ...more.items];
  if (reports.length === 0) return <Empty icon="📷" text={t.noReports} />;
  const canLoadMore = !more.done && feed.data.length >= 20;
  const loadMore = async () => {
    setMoreError(null);
    try {
      const page = await api.reports(projectId, reports[reports.length - 1]!.id);
      setMore({ items: [...more.items, ...page], done: page.length < 20 });
    } catch (error) {
      setMoreError(errorText(error, t));
    }
  };
  return (
    <section className="feed">
      {reports.map((r) => (
        <ReportCard key={r.id} report={r} onPhoto={(photos, index) => setViewer({ photos, index })} />
      ))}
      {moreError && (
        <p className="error" role="alert">
          {moreError}
        </p>
      )}
      {canLoadMore && (
        <button className="btn btn-secondary" onClick={loadMore}>
          {t.loadMore}
        </button>
      )}
      {viewer && <PhotoViewer photos={viewer.photos} start={viewer.index} onClose={() => setViewer(null)} />}
    </section>
  );
}

function ReportCard({ report, onPhoto }: { report: Report; onPhoto: (photos: Media[], index: number) => void }) {
  const { t, date } = useLocale();
  const photos = report.media.filter((m) => m.type === 'photo');
  const videos = report.media.filter((m) => m.type === 'video' || m.type === 'video_note');
  const voices = report.media.filter((m) => m.type === 'voice' || m.type === 'audio');
  return (
    <article className="card report" data-testid="report">
      <header className="row">
        <strong>{report.stage_name ?? report.author_name ?? ''}</strong>
        <time className="hint" dateTime={report.created_at}>
          {date(report.created_at)}
        </time>
      </header>
      {photos.length > 0 && (
        <div className="strip">
          {photos.map((p, i) => (
            <button key={p.url} className="thumb" onClick={() => onPhoto(photos, i)} aria-label={`photo ${i + 1}`}>
              <img src={p.url} alt="" loading="lazy" decoding="async" width={p.width ?? undefined} height={p.height ?? undefined} />
            </button>
          ))}
        </div>
      )}
      {videos.map((v) => (
        <video key={v.url} className="video" src={v.url} controls preload="metadata" playsInline />
      ))}
      {report.content && <p className="report-text">{report.content}</p>}
      {voices.map((v) => (
        <div key={v.url} className="voice">
          <span aria-hidden>🎙️</span>
          <audio src={v.url} controls preload="none" aria-label={t.voice} />
        </div>
      ))}
      <footer className="row hint">
        {report.author_name && <span>{report.author_name}</span>}
        {report.progress_pct !== null && (
          <span>
            {t.progress}: {report.progress_pct}%
          </span>
        )}
      </footer>
    </article>
  );
}
