import * as sdk from '@twa-dev/sdk';
import type { WebApp as WebAppType } from '@twa-dev/types';

// The SDK is CommonJS with `exports.default`; depending on the interop the bundler picks, the
// WebApp object is the namespace's `default` or that object's own `default`.
const ns = sdk as unknown as { default?: WebAppType & { default?: WebAppType } };
export const WebApp: WebAppType = ns.default?.default ?? ns.default ?? (sdk as unknown as WebAppType);

const THEME_KEYS = [
  'bg_color',
  'secondary_bg_color',
  'text_color',
  'hint_color',
  'link_color',
  'button_color',
  'button_text_color',
  'section_bg_color',
  'section_header_text_color',
  'subtitle_text_color',
  'destructive_text_color',
  'accent_text_color',
  'section_separator_color',
] as const;

/** Copies Telegram's theme into CSS variables (`--bg-color`, …) and the light/dark scheme. */
function applyTheme() {
  const root = document.documentElement;
  const params = (WebApp.themeParams ?? {}) as unknown as Record<string, string | undefined>;
  for (const key of THEME_KEYS) {
    const value = params[key];
    const name = `--${key.replace(/_/g, '-')}`;
    if (value) root.style.setProperty(name, value);
    else root.style.removeProperty(name);
  }
  const scheme = params.bg_color ? WebApp.colorScheme : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  root.dataset.scheme = scheme;
}

/** Prepares the Mini App: theme, full height, and tells Telegram it is ready to be shown. */
export function initTelegram() {
  applyTheme();
  try {
    WebApp.onEvent('themeChanged', applyTheme);
    WebApp.ready();
    WebApp.expand();
    if (WebApp.themeParams?.secondary_bg_color) WebApp.setBackgroundColor('secondary_bg_color');
  } catch {
    // Outside Telegram (a plain browser) these calls have nowhere to go.
  }
}

/** The init data Telegram passed (in the URL fragment); empty when opened outside Telegram. */
export const initData = () => WebApp.initData ?? '';
export const telegramLanguage = () => WebApp.initDataUnsafe?.user?.language_code;

export function haptic(kind: 'success' | 'error' | 'warning') {
  try {
    WebApp.HapticFeedback?.notificationOccurred(kind);
  } catch {
    // not available
  }
}
