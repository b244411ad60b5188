import { useCallback, useEffect, useRef, useState } from 'react';
import { WebApp } from './telegram.js';

/** Loads data once per `key`; `reload` fetches again. */
export function useLoad<T>(load: () => Promise<T>, key: unknown[], initial?: T) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>(
    initial === undefined ? { loading: true } : { data: initial, loading: false },
  );
  const skipFirst = useRef(initial !== undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    return reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);
  return { ...state, reload, setData: (data: T) => setState({ data, loading: false }) };
}

/** Shows Telegram's back button while `onBack` is given. */
export function useBackButton(onBack: (() => void) | null) {
  useEffect(() => {
    if (!onBack) return;
    try {
      WebApp.BackButton.onClick(onBack);
      WebApp.BackButton.show();
    } catch {
      return;
    }
    return () => {
      WebApp.BackButton.offClick(onBack);
      WebApp.BackButton.hide();
    };
  }, [onBack]);
}

/** Shows Telegram's main button with `text` while `onClick` is given. */
export function useMainButton(text: string, onClick: (() => void) | null, busy = false) {
  useEffect(() => {
    if (!onClick) return;
    const button = WebApp.MainButton;
    try {
      button.setParams({ text, is_visible: true, is_active: !busy });
      if (busy) button.showProgress(false);
      else button.hideProgress();
      button.onClick(onClick);
    } catch {
      return;
    }
    return () => {
      button.offClick(onClick);
      button.hideProgress();
      button.hide();
    };
  }, [text, onClick, busy]);
}
