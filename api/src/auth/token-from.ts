import type { Request } from 'express';

/** Where a request may carry its session token, tried in this order. */
export interface TokenPlaces {
  /** `Authorization: Bearer <token>` (every API call). */
  header?: boolean;
  /** `?token=` (EventSource and links opened in a new tab cannot send headers). */
  query?: boolean;
  /** A cookie of this name (a page whose own requests carry no header). */
  cookie?: string;
}

/** The session token of a request, from the first place that has one; the one reading of tokens in the API. */
export function tokenFrom(req: Request, places: TokenPlaces): string | undefined {
  const bearer = places.header ? /^bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] : undefined;
  if (bearer) return bearer;
  if (places.query && typeof req.query.token === 'string') return req.query.token;
  if (places.cookie) {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === places.cookie) return decodeURIComponent(rest.join('='));
    }
  }
  return undefined;
}
