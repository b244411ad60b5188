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
