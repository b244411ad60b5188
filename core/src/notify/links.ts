import { publicEnv } from '../config/env.js';

/** PUBLIC_URL as every process reads it (the same schema piece as the Mini App buttons). */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = publicEnv.parse(env);
  return (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, '');
}

/** A back-office screen by its hash route, e.g. `/chat?c=lead-5`. */
export const backOfficeUrl = (route: string, base = publicBaseUrl()) => `${base}/admin/#${route}`;

/**
 * Telegram refuses URL buttons to localhost and loopback addresses ("Wrong HTTP URL"), which would
 * fail the whole message; on such an address the link stays in the text only.
 */
export function telegramAcceptsUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return false;
    return !(hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\./.test(hostname) || hostname === '[::1]' || hostname === '0.0.0.0');
  } catch {
    return false;
  }
}
