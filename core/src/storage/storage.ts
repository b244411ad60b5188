import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors.js';

/**
 * Where media lives. Objects are never public: the back office and bots reach them through
 * short-lived signed URLs only.
 */
export interface StoredObject {
  stream: Readable;
  contentType?: string;
  size?: number;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  /** A stream is written as it arrives, never held whole in memory (on S3 the client buffers one part at most). */
  put(key: string, body: Buffer | Readable, options?: { contentType?: string }): Promise<void>;
  /** Throws DomainError('not_found') when the object does not exist. */
  get(key: string): Promise<StoredObject>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  signedUrl(key: string, ttlSec?: number): Promise<string>;
}

/** The config pieces storage reads (a process config that merges `storageEnv` and `publicEnv` fits). */
export interface StorageConfig {
  DATA_DIR?: string;
  PUBLIC_URL?: string;
  PORT?: number;
  S3_ENDPOINT?: string;
  S3_PUBLIC_URL?: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY?: string;
  S3_SECRET_KEY?: string;
  S3_REGION?: string;
  MEDIA_URL_TTL?: number;
  MEDIA_SIGNING_SECRET?: string;
  JWT_SECRET?: string;
}

const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A key is 1–8 slash-separated segments of safe characters; no `..`, no leading dot, no empty segment. */
export function isValidKey(key: string): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) return false;
  const segments = key.split('/');
  return segments.length <= 8 && segments.every((s) => KEY_SEGMENT.test(s) && !s.includes('..'));
}

export function assertValidKey(key: string): void {
  if (!isValidKey(key)) throw new DomainError('validation', 'Invalid storage key', { fields: { key: 'is not a valid storage key' } });
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'application/zip': 'zip',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};
const CONTENT_TYPES = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));
CONTENT_TYPES.jpeg = 'image/jpeg';

const extensionFor = (contentType?: string | null, fileName?: string | null): string => {
  const fromName = fileName ? path.extname(fileName).slice(1).toLowerCase() : '';
  if (/^[a-z0-9]{1,8}$/.test(fromName)) return fromName;
  return (contentType && EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()]) || 'bin';
};

export const contentTypeFor = (key: string): string => CONTENT_TYPES[path.extname(key).slice(1).toLowerCase()] ?? 'application/octet-stream';

/** `org/<org_id>/<yyyy>/<mm>/<uuid>.<ext>` — the one key scheme for every stored medium. */
export function mediaKey(orgId: number, options: { contentType?: string | null; fileName?: string | null; ext?: string; now?: Date } = {}): string {
  const now = options.now ?? new Date();
  const ext = options.ext && /^[a-z0-9]{1,8}$/.test(options.ext) ? options.ext : extensionFor(options.contentType, options.fileName);
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `org/${orgId}/${now.getUTCFullYear()}/${month}/${randomUUID()}.${ext}`;
}

/** Signs a storage key into a short-lived URL: media is never public. */
export type SignKey = (key: string) => Promise<string>;

/** The one signer of a process: its storage's links, valid for `ttlSeconds` (MEDIA_URL_TTL). */
export function signerFor(
  storage: { signedUrl(key: string, ttlSeconds: number): Promise<string> } | undefined | null,
  ttlSeconds: number,
): SignKey | undefined {
  return storage ? (key) => storage.signedUrl(key, ttlSeconds) : undefined;
}

/** The key when it is one of the organization's (the scheme above); undefined for anything else, such as a signed URL sent back. */
export function organizationKey(orgId: number, value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(`org/${orgId}/`) && isValidKey(value) ? value : undefined;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const defaultDataDir = () => path.join(projectRoot, '.data');
