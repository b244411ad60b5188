/**
 * The content types a stored file may carry. Anything a person or Telegram sends is stored and served
 * with one of these, or as `application/octet-stream`: a stored file can never become a page (HTML,
 * SVG, XML, JavaScript) on an origin that holds a session.
 */
const SAFE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/bmp',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/mpeg',
  'video/3gpp',
  'video/x-matroska',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/x-wav',
  'audio/webm',
  'audio/aac',
  'audio/flac',
  'audio/x-m4a',
  'application/pdf',
]);

const OCTET_STREAM = 'application/octet-stream';

/** The whitelisted type for a declared one (parameters and case ignored); otherwise octet-stream. */
export function safeContentType(declared?: string | null): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return SAFE_TYPES.has(type) ? type : OCTET_STREAM;
}

/** Images, video, audio and PDF open in the browser; everything else downloads. */
export const isInlineSafe = (contentType?: string | null): boolean => safeContentType(contentType) !== OCTET_STREAM;

/** The headers every stored file is served with, whatever serves it (our route, nginx, S3 overrides). */
export function servedFileHeaders(contentType?: string | null): Record<string, string> {
  const type = safeContentType(contentType);
  return {
    'Content-Type': type,
    'Content-Disposition': type === OCTET_STREAM ? 'attachment' : 'inline',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}
