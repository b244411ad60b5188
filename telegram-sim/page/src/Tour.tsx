import { useState } from 'react';
import { useT, type TextKey } from './i18n.js';
import { STORIES, type StoryDeps, type StoryId } from './stories.js';

type State = { status: 'idle' | 'running' | 'done' | 'failed'; note?: string };

/** Three one-click stories that play the product end to end in the chats below. */
export function Tour({ deps }: { deps: StoryDeps }) {
  const t = useT();
  const [states, setStates] = useState<Record<StoryId, State>>({ lead: { status: 'idle' }, report: { status: 'idle' }, change: { status: 'idle' } });
  const busy = Object.values(states).some((s) => s.status === 'running');
  const play = (id: StoryId) => {
    setStates((s) => ({ ...s, [id]: { status: 'running' } }));
    STORIES[id](deps).then(
      (hint) => setStates((s) => ({ ...s, [id]: { status: 'done', note: hint ? t(hint as TextKey) : undefined } })),
      (error: Error) => setStates((s) => ({ ...s, [id]: { status: 'failed', note: error.message } })),
    );
  };
  const label = (state: State) => state.note ?? (state.status === 'running' ? t('running') : state.status === 'done' ? t('done') : state.status === 'failed' ? t('storyFailed') : '');
  return (
    <section className="tour" aria-label={t('tour')}>
      <h2>{t('tour')}</h2>
      <p>{t('tourHint')}</p>
      <div className="stories">
        {(['lead', 'report', 'change'] as const).map((id, i) => (
          <button type="button" key={id} className={`story ${states[id].status}`} data-testid={`story-${id}`} data-status={states[id].status} disabled={busy} onClick={() => play(id)}>
            {i + 1}. {t(`story_${id}`)}
            {states[id].status !== 'idle' && <small>{label(states[id])}{states[id].status === 'failed' ? `: ${t('storyFailed')}` : ''}</small>}
          </button>
        ))}
      </div>
    </section>
  );
}
