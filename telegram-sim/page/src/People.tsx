import { useState, type FormEvent } from 'react';
import type { Persona } from './api.js';
import { useT } from './i18n.js';

/** Made-up Telegram ids for new leads, far from the organization's people. */
const newLeadId = () => 100_000_000 + Math.floor(Math.random() * 99_999_999);

/** Who one can be: the organization's people, the leads made up here, and a form for a new lead. */
export function People({
  people,
  leads,
  open,
  onOpen,
  onNewLead,
  locale,
}: {
  people: Persona[];
  leads: Persona[];
  open: number[];
  onOpen: (persona: Persona) => void;
  onNewLead: (persona: Persona) => void;
  locale: 'ru' | 'en';
}) {
  const t = useT();
  const [name, setName] = useState('');
  const create = (e: FormEvent) => {
    e.preventDefault();
    const [first, ...rest] = name.trim().split(/\s+/);
    if (!first) return;
    onNewLead({ id: newLeadId(), first_name: first, last_name: rest.join(' ') || undefined, language_code: locale, role: 'lead', linked: false } as Persona);
    setName('');
  };
  const row = (p: Persona) => (
    <li key={p.id}>
      <button type="button" className={`persona ${open.includes(p.id) ? 'is-open' : ''}`} data-testid="persona" data-role={p.role} onClick={() => onOpen(p)}>
        <span className="avatar" aria-hidden>
          {p.first_name.slice(0, 1)}
        </span>
        <span className="who">
          <strong>{[p.first_name, p.last_name].filter(Boolean).join(' ')}</strong>
          <small>
            {t(`role_${p.role}`)} · {p.role === 'lead' ? `id ${p.id}` : p.linked ? t('linked') : t('notLinked')}
          </small>
        </span>
      </button>
    </li>
  );
  return (
    <aside className="people">
      <h2>{t('newLead')}</h2>
      <form className="new-lead" onSubmit={create}>
        <input aria-label={t('leadName')} placeholder={t('leadName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
        <button type="submit" disabled={!name.trim()}>
          {t('create')}
        </button>
      </form>
      {leads.length > 0 && <ul>{leads.map(row)}</ul>}
      <h2>{t('people')}</h2>
      {people.length === 0 ? <p className="empty">{t('noPeople')}</p> : <ul>{people.map(row)}</ul>}
    </aside>
  );
}
