import { errorText } from '../errors.js';
import { useLocale } from '../i18n.js';

export function Spinner({ label }: { label?: string }) {
  const { t } = useLocale();
  return (
    <div className="state" role="status" aria-busy="true">
      <div className="spinner" />
      <span className="hint">{label ?? t.loading}</span>
    </div>
  );
}

export function ErrorState({ error, message, onRetry, retryLabel }: { error?: unknown; message?: string; onRetry?: () => void; retryLabel?: string }) {
  const { t } = useLocale();
  return (
    <div className="state" role="alert">
      <div className="state-icon">⚠️</div>
      <p>{message ?? errorText(error, t)}</p>
      {onRetry && (
        <button className="btn" onClick={onRetry}>
          {retryLabel ?? t.retry}
        </button>
      )}
    </div>
  );
}

export function Empty({ icon, text }: { icon: string; text: string }) {
  return (
    <div className="empty">
      <div className="state-icon">{icon}</div>
      <p>{text}</p>
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label?: string }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
