import { HttpError, fetchUtils } from 'react-admin';
import { translateApiError } from './apiErrors';
import { session } from './session';

export const API_URL = '/api';

/** fetchJson with the bearer token; every call to the API goes through here. */
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = session.token();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetchUtils.fetchJson(url, { ...options, headers }).catch((error) => {
    throw translateApiError(error, url);
  });
}

/** Multipart upload (the browser sets the boundary); errors carry the API's message. */
export async function postForm<T>(url: string, form: FormData): Promise<T> {
  const token = session.token();
  const res = await fetch(url, { method: 'POST', body: form, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw translateApiError(new HttpError(body?.message ?? res.statusText, res.status, body), url);
  return body as T;
}

/** A bearer-authenticated request whose error answers carry the API's message, for bodies that are not JSON. */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = session.token();
  const res = await fetch(url, { ...init, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw translateApiError(new HttpError(body?.message ?? res.statusText, res.status, body), url);
  }
  return res;
}

/** Saves a file the API makes (an export) under the name the server gives it. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await authorizedFetch(url);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = decodeURIComponent(name);
  link.click();
  URL.revokeObjectURL(href);
}

/**
 * A multipart POST whose answer streams JSON lines (`{"progress":…}` then `{"result":…}` or
 * `{"error":…}`): each progress line is handed on as it arrives, the result returned.
 */
export async function postFormWithProgress<T, P>(url: string, form: FormData, onProgress: (progress: P) => void): Promise<T> {
  const res = await authorizedFetch(url, { method: 'POST', body: form });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    const lines = buffered.split('\n');
    buffered = done ? '' : (lines.pop() ?? '');
    for (const line of lines.filter((l) => l.trim())) {
      const message = JSON.parse(line) as { progress?: P; result?: T; error?: { message: string } };
      if (message.progress) onProgress(message.progress);
      if (message.error) throw new Error(message.error.message);
      if (message.result) return message.result;
    }
    if (done) throw new Error('The connection ended before the server finished: check the list and try again');
  }
}
