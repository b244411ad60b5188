import { useCallback, useState } from 'react';
import type { ClientChangeRequest as ChangeRequest } from '@crm/contracts';
import { api } from '../api.js';
import { errorText, isAlreadyDecided } from '../errors.js';
import { useBackButton, useLoad, useMainButton } from '../hooks.js';
import { useLocale } from '../i18n.js';
import { haptic } from '../telegram.js';
import { Empty, ErrorState, Spinner } from '../ui/States.js';
import { ChangeLines } from './ChangeLines.js';

type Pending = { request: ChangeRequest; decision: 'approved' | 'rejected' };

export function ChangeRequests({ projectId, onDecided }: { projectId: number; onDecided: () => void }) {
  const { t } = useLocale();
  const list = useLoad(() => api.changeRequests(projectId), [projectId]);
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const finished = useCallback(
    (message: string | null) => {
      setConfirming(null);
      setNotice(message);
      list.reload();
      onDecided();
    },
    [list.reload, onDecided],
  );

  if (list.loading && !list.data) return <Spinner />;
  if (list.error || !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  const pending = list.data.filter((c) => c.status === 'pending');
  const decided = list.data.filter((c) => c.status !== 'pending');
  return (
    <section>
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      {list.data.length === 0 && <Empty icon="📝" text={t.noChanges} />}
      {pending.length > 0 && <h2 className="section-title">{t.pending}</h2>}
      {pending.map((c) => (
        <article key={c.id} className="card change" data-testid="change-pending">
          <ChangeHeader request={c} />
          <div className="actions">
            <button className="btn btn-danger" onClick={() => setConfirming({ request: c, decision: 'rejected' })}>
              {t.decline}
            </button>
            <button className="btn" onClick={() => setConfirming({ request: c, decision: 'approved' })}>
              {t.approve}
            </button>
          </div>
        </article>
      ))}
      {decided.length > 0 && <h2 className="section-title">{t.history}</h2>}
      {decided.map((c) => (
        <DecidedCard key={c.id} request={c} />
      ))}
      {confirming && <ConfirmSheet pending={confirming} onCancel={() => setConfirming(null)} onDone={finished} />}
    </section>
  );
}

function ChangeHeader({ request }: { request: ChangeRequest }) {
  const { money } = useLocale();
  return (
    <>
      <div className="row">
        <strong>{request.title}</strong>
        <span className="amount">{money(request.amount, true)}</span>
      </div>
      {request.description && <p className="hint">{request.description}</p>}
      {request.lines && <ChangeLines lines={request.lines} figures={request.figures} />}
    </>
  );
}

function DecidedCard({ request }: { request: ChangeRequest }) {
  const { t, date } = useLocale();
  return (
    <article className={`card change decided ${request.status}`} data-testid="change-decided">
      <ChangeHeader request={request} />
      <div className="row hint">
        <span className={`status status-${request.status}`}>{request.status === 'approved' ? `✓ ${t.approved}` : `✕ ${t.rejected}`}</span>
        {request.decided_at && <span>{t.decidedBy(request.decided_by_name ?? '—', date(request.decided_at))}</span>}
      </div>
    </article>
  );
}

/** The confirmation step: a sheet in the page plus Telegram's main button, either confirms. */
function ConfirmSheet({ pending, onCancel, onDone }: { pending: Pending; onCancel: () => void; onDone: (notice: string | null) => void }) {
  const { t, money } = useLocale();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { request, decision } = pending;
  const label = decision === 'approved' ? t.approve : t.decline;

  const confirm = useCallback(async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.decide(request.id, decision);
      haptic('success');
      onDone(null);
    } catch (err) {
      haptic('error');
      if (isAlreadyDecided(err)) onDone(t.alreadyDecided);
      else {
        setError(errorText(err, t));
        setBusy(false);
      }
    }
  }, [busy, request.id, decision, onDone, t]);

  useMainButton(`${label}: ${money(request.amount, true)}`, confirm, busy);
  useBackButton(onCancel);

  return (
    <div className="sheet-backdrop" onClick={onCancel}>
      <div className="sheet" role="dialog" aria-modal="true" onClick={(e) => e.stopPropagation()} data-testid="confirm-sheet">
        <p>{decision === 'approved' ? t.confirmApprove(request.title, money(request.amount, true)) : t.confirmDecline(request.title)}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button className="btn btn-secondary" onClick={onCancel} disabled={busy}>
            {t.cancel}
          </button>
          <button className={decision === 'approved' ? 'btn' : 'btn btn-danger'} onClick={confirm} disabled={busy} data-testid="confirm-decision">
            {busy ? '…' : `${t.confirm}: ${label}`}
          </button>
        </div>
      </div>
    </div>
  );
}
