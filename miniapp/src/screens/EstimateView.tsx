import { useState } from 'react';
import type { ClientEstimateSection as EstimateSection, ClientEstimateView as Estimate } from '@crm/contracts';
import { api, ApiError } from '../api.js';
import { errorText } from '../errors.js';
import { useLoad } from '../hooks.js';
import { useLocale } from '../i18n.js';
import { haptic, WebApp } from '../telegram.js';
import { ErrorState, Spinner } from '../ui/States.js';

function Section({ section, open, onToggle }: { section: EstimateSection; open: boolean; onToggle: () => void }) {
  const { t, money, quantity } = useLocale();
  return (
    <li className="section est-section" data-testid="estimate-section">
      <button className="est-section-head" onClick={onToggle} aria-expanded={open}>
        <span className="est-chevron" aria-hidden>
          {open ? '▾' : '▸'}
        </span>
        <span className="est-section-name">
          <strong>{section.name}</strong>
          <span className="hint">{t.lines(section.lines.length)}</span>
        </span>
        <span className="est-amount" data-role="subtotal">
          {money(section.subtotal)}
        </span>
      </button>
      {open && (
        <ul className="est-lines">
          {section.lines.map((line) => (
            <li key={line.id} className="est-line" data-testid="estimate-line">
              <div className="row">
                <span>{line.name}</span>
                <span className="est-amount">{money(line.total)}</span>
              </div>
              <div className="hint">
                {quantity(line.quantity)} {line.unit} × {money(line.unit_price)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * One estimate on a phone: rooms collapsed (tap to open), the totals pinned to the bottom with
 * Approve and Ask a question, and its status (who approved it, when).
 */
export function EstimateView({ estimateId, clientName }: { estimateId: number; clientName: string }) {
  const { t, money, date } = useLocale();
  const loaded = useLoad(() => api.estimate(estimateId), [estimateId]);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [sheet, setSheet] = useState<'approve' | 'ask' | null>(null);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (loaded.loading && !loaded.data) return <Spinner />;
  if (loaded.error || !loaded.data) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  const e: Estimate = loaded.data;
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      haptic('success');
    } catch (error) {
      haptic('error');
      setFailure(error instanceof ApiError && error.body.reason === 'outdated' ? t.olderVersion : errorText(error, t));
    } finally {
      setBusy(false);
      setSheet(null);
    }
  };
  const approve = () => act(async () => loaded.setData(await api.approveEstimate(e.id)));
  const ask = () =>
    act(async () => {
      await api.askAboutEstimate(e.id, question);
      setQuestion('');
      setNotice(t.questionSent);
    });
  const openPdf = (event: React.MouseEvent) => {
    if (!e.pdf_url || !WebApp.initData || !WebApp.openLink) return;
    event.preventDefault();
    try {
      WebApp.openLink(e.pdf_url);
    } catch {
      window.open(e.pdf_url, '_blank');
    }
  };
  // The client reads their own approval as the bot words it ("Вы одобрили"), someone else's with the name.
  const approval = (when: string) => (e.approved_by_name && e.approved_by_name !== clientName ? t.approvedBy(e.approved_by_name, when) : t.approvedByYou(when));
  const totals: [string, string][] = [[t.subtotal, money(e.subtotal)]];
  if (Number(e.markup_amount)) totals.push([t.markup, money(e.markup_amount)]);
  if (Number(e.discount_amount)) totals.push([t.discount, `−${money(e.discount_amount)}`]);
  if (e.vat_rate !== null) totals.push([e.vat_included ? t.vatIncluded : t.vat, money(e.vat_amount)]);

  return (
    <div className="estimate" data-testid="estimate-view">
      <header className="page-header">
        <span className="hint">
          {t.estimate} · {t.version(e.version)}
        </span>
        <h1>{e.title || t.estimate}</h1>
        <span className={`est-status est-status-${e.status}`} data-testid="estimate-status">
          {e.status === 'approved' && e.approved_at ? `✅ ${approval(date(e.approved_at))}` : t.estimateStatus[e.status]}
        </span>
        {e.valid_until && e.status === 'sent' && <span className="hint">{t.validUntil(new Date(`${e.valid_until}T12:00:00Z`).toLocaleDateString())}</span>}
        {e.pdf_url && (
          <a className="link-button" href={e.pdf_url} target="_blank" rel="noreferrer" onClick={openPdf}>
            📄 {t.pdf}
          </a>
        )}
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <p className="notice error" role="alert">
          {failure}
        </p>
      )}
      <ul className="cards est-sections">
        {e.sections.map((s) => (
          <Section key={s.id} section={s} open={open.has(s.id)} onToggle={() => toggle(s.id)} />
        ))}
      </ul>
      {e.notes && <p className="section report-text">{e.notes}</p>}
      <footer className="est-footer" data-testid="estimate-totals">
        <dl className="money">
          {totals.map(([label, value]) => (
            <div key={label} className="money-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <div className="money-row total" data-testid="estimate-total">
            <dt>{t.estimateTotal}</dt>
            <dd>{money(e.total)}</dd>
          </div>
        </dl>
        {e.status !== 'superseded' && (
          <div className="actions">
            <button className="btn btn-secondary" onClick={() => setSheet('ask')} disabled={busy}>
              {t.askQuestion}
            </button>
            {e.can_approve && (
              <button className="btn" onClick={() => setSheet('approve')} disabled={busy} data-testid="approve-estimate">
                {t.approveEstimate}
              </button>
            )}
          </div>
        )}
      </footer>
      {sheet && (
        <div className="sheet-backdrop" onClick={() => !busy && setSheet(null)}>
          <div className="sheet" onClick={(event) => event.stopPropagation()} role="dialog">
            {sheet === 'approve' ? (
              <p>{t.confirmEstimate(money(e.total))}</p>
            ) : (
              <textarea
                className="est-question"
                rows={4}
                maxLength={4000}
                value={question}
                placeholder={t.questionPlaceholder}
                onChange={(event) => setQuestion(event.target.value)}
                autoFocus
              />
            )}
            <div className="actions">
              <button className="btn btn-secondary" onClick={() => setSheet(null)} disabled={busy}>
                {t.cancel}
              </button>
              {sheet === 'approve' ? (
                <button className="btn" onClick={approve} disabled={busy} data-testid="confirm-approve-estimate">
                  {t.approveEstimate}
                </button>
              ) : (
                <button className="btn" onClick={ask} disabled={busy || !question.trim()}>
                  {t.send}
                </button>
              )}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
