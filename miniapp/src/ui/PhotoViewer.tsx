import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeedMedia as Media } from '@crm/contracts';
import { useBackButton } from '../hooks.js';

/** Full-screen photos: swipe (native scroll snapping) or arrow keys between them; back closes. */
export function PhotoViewer({ photos, start, onClose }: { photos: Media[]; start: number; onClose: () => void }) {
  const track = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(start);
  const close = useCallback(() => onClose(), [onClose]);
  useBackButton(close);

  const go = useCallback(
    (to: number) => {
      const el = track.current;
      if (!el) return;
      const next = Math.max(0, Math.min(photos.length - 1, to));
      el.scrollTo({ left: next * el.clientWidth, behavior: 'instant' as ScrollBehavior });
      setIndex(next);
    },
    [photos.length],
  );

  useEffect(() => {
    go(start);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
      if (e.key === 'ArrowRight')
        setIndex((i) => {
          go(i + 1);
          return Math.min(photos.length - 1, i + 1);
        });
      if (e.key === 'ArrowLeft')
        setIndex((i) => {
          go(i - 1);
          return Math.max(0, i - 1);
        });
    };
    window.addEventListener('keydown', onKey);
    document.body.classList.add('no-scroll');
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.classList.remove('no-scroll');
    };
  }, [start, go, close, photos.length]);

  const onScroll = () => {
    const el = track.current;
    if (el && el.clientWidth) setIndex(Math.round(el.scrollLeft / el.clientWidth));
  };
  return (
    <div className="viewer" role="dialog" aria-modal="true" data-testid="photo-viewer">
      <div className="viewer-track" ref={track} onScroll={onScroll}>
        {photos.map((p) => (
          <div className="viewer-slide" key={p.url}>
            <img src={p.url} alt="" />
          </div>
        ))}
      </div>
      <div className="viewer-bar">
        <span data-testid="viewer-position">
          {index + 1} / {photos.length}
        </span>
        <button className="viewer-close" onClick={close} aria-label="close">
          ✕
        </button>
      </div>
      {index > 0 && (
        <button className="viewer-nav prev" onClick={() => go(index - 1)} aria-label="previous">
          ‹
        </button>
      )}
      {index < photos.length - 1 && (
        <button className="viewer-nav next" onClick={() => go(index + 1)} aria-label="next">
          ›
        </button>
      )}
    </div>
  );
}
