import type { ClientEstimateSummary as EstimateSummary } from '@crm/contracts';
import { useLocale } from '../i18n.js';

/** The estimates sent to the client, newest first; the one waiting for approval stands out. */
export function EstimateList({ estimates, onOpen }: { estimates: EstimateSummary[]; onOpen: (id: number) => void }) {
  const { t, money } = useLocale();
  if (!estimates.length) return null;
  return (
    <section aria-labelledby="estimates-title">
      <h2 id="estimates-title" className="section-title">
        {t.estimates}
      </h2>
      <ul className="cards">
        {estimates.map((e) => (
          <li key={e.id}>
            <button className="card card-button" onClick={() => onOpen(e.id)} data-testid="estimate-card">
              <div className="row">
                <strong>{e.title || t.estimate}</strong>
                <span className="est-amount">{money(e.total)}</span>
              </div>
              <div className="row hint">
                <span>{t.version(e.version)}</span>
                <span className={e.status === 'sent' && e.latest ? 'badge' : `est-status-${e.status}`}>{t.estimateStatus[e.status]}</span>
              </div>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
