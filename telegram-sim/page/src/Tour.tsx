import { useState } from 'react';
import { useT } from './i18n.js';
import { STORIES, STORY_STEPS, type StoryDeps, type StoryId } from './stories.js';

type State = { status: 'idle' | 'running' | 'done' | 'failed'; step: number; note?: string };

const IDS = ['lead', 'report', 'change'] as const;

/** Three one-click stories that play the product end to end in the chats below, showing each step as it goes. */
export function Tour({ deps }: { deps: Omit<StoryDeps, 'progress'> }) {
  const t = useT();
  const [states, setStates] = useState<Record<StoryId, State>>({
    lead: { status: 'idle', step: 0 },
    report: { status: 'idle', step: 0 },
    change: { status: 'idle', step: 0 },
  });
  const [shown, setShown] = useState<StoryId | null>(null);
  const busy = Object.values(states).some((s) => s.status === 'running');
  const update = (id: StoryId, next: Partial<State>) => setStates((s) => ({ ...s, [id]: { ...s[id], ...next } }));
  const play = (id: StoryId) => {
    setShown(id);
    update(id, { status: 'running', step: 0, note: undefined });
    STORIES[id]({ ...deps, progress: (step) => update(id, { step }) }).then(
      () => update(id, { status: 'done', step: STORY_STEPS[id].length }),
      (error: Error) => update(id, { status: 'failed', note: error.message }),
    );
  };
  const label = (state: State) =>
    state.status === 'running' ? t('running') : state.status === 'done' ? t('done') : state.status === 'failed' ? t('storyFailed') : '';
  const current = shown ? states[shown] : null;
  return (
    <section className="tour" aria-label={t('tour')}>
      <h2>{t('tour')}</h2>
      <p>{t('tourHint')}</p>
      <div className="stories">
        {IDS.map((id, i) => (
          <button
            type="button"
            key={id}
            className={`story ${states[id].status}`}
            data-testid={`story-${id}`}
            data-status={states[id].status}
            disabled={busy}
            onClick={() => play(id)}
          >
            {i + 1}. {t(`story_${id}`)}
            {states[id].status !== 'idle' && (
              <small>
                {label(states[id])}
                {states[id].status === 'running' ? ` ${Math.min(states[id].step + 1, STORY_STEPS[id].length)}/${STORY_STEPS[id].length}` : ''}
              </small>
            )}
          </button>
        ))}
      </div>
      {shown && current && (
        <ol className="tour-progress" data-testid="tour-progress" data-story={shown} aria-live="polite">
          {STORY_STEPS[shown].map((key, i) => {
            const state =
              i < current.step || current.status === 'done'
                ? 'done'
                : i === current.step && current.status === 'running'
                  ? 'current'
                  : i === current.step && current.status === 'failed'
                    ? 'failed'
                    : 'todo';
            return (
              <li key={key} className={state} data-state={state}>
                {state === 'done' ? '✓ ' : state === 'failed' ? '✕ ' : ''}
                {t(key)}
              </li>
            );
          })}
          {current.status === 'failed' && current.note && (
            <li className="failed" role="alert">
              {current.note}
            </li>
          )}
        </ol>
      )}
    </section>
  );
}
