import type { RequestHandler } from 'express';

/** Headers every answer carries, whatever serves it: no MIME sniffing, no full URLs leaked as referrers. */
export const baseHeaders: RequestHandler = (_req, res, next) => {
  res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
  next();
};

/** API answers hold personal data and tokens: no cache, shared or private, may keep them. Routes that may be cached (signed media) say so themselves. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The back office: never framed, and only its own scripts run. Styles may be inline (MUI's emotion
 * injects them); images and video may come from the media origin (S3 presigned links) and blobs.
 */
export function backOfficeHeaders(mediaOrigins: string[]): RequestHandler {
  const media = ["'self'", 'data:', 'blob:', ...mediaOrigins].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.set({ 'X-Frame-Options': 'DENY', 'Content-Security-Policy': csp });
    next();
  };
}

/** The origin of a URL, or nothing when it is not one. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
