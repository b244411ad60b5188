import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DomainError, notFound } from '../errors.js';
import { safeContentType } from './content-type.js';
import { assertValidKey, contentTypeFor, isValidKey, type Storage, type StoredObject } from './storage.js';

export interface LocalStorageOptions {
  root: string;
  /** Base of signed URLs, e.g. `https://crm.example.com`; URLs are `<base>/api/media/<key>?exp=&sig=`. */
  publicUrl: string;
  /** Signing secret; without one the backend still stores and reads, but cannot sign URLs. */
  secret?: string;
  defaultTtl: number;
}

export interface LocalStorage extends Storage {
  readonly kind: 'local';
  /** True when `sig` is this server's signature of `key|exp` and `exp` is still in the future. */
  verify(key: string, exp: string | number, sig: string, nowSec?: number): boolean;
}

export const signMediaKey = (secret: string, key: string, exp: number) => createHmac('sha256', secret).update(`${key}|${exp}`).digest('base64url');

/** Local disk backend: `<root>/<key>`, content type kept in `<root>/.meta/<key>.json`. */
export function createLocalStorage(options: LocalStorageOptions): LocalStorage {
  const root = path.resolve(options.root);
  const base = options.publicUrl.replace(/\/+$/, '');

  const fileOf = (key: string) => {
    assertValidKey(key);
    const file = path.resolve(root, key);
    if (!file.startsWith(root + path.sep)) throw new DomainError('validation', 'Invalid storage key');
    return file;
  };
  const metaOf = (key: string) => path.join(root, '.meta', `${key}.json`);

  async function writeAtomic(file: string, body: Buffer | string | Readable) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      if (typeof body === 'string' || Buffer.isBuffer(body)) await fs.writeFile(tmp, body);
      else await pipeline(body, createWriteStream(tmp));
      await fs.rename(tmp, file);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  return {
    kind: 'local',
    async put(key, body, { contentType } = {}) {
      const file = fileOf(key);
      await writeAtomic(metaOf(key), JSON.stringify({ contentType: safeContentType(contentType ?? contentTypeFor(key)) }));
      await writeAtomic(file, body);
    },
    async get(key): Promise<StoredObject> {
      const file = fileOf(key);
      let size: number;
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile()) throw notFound('Media');
        size = stat.size;
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw notFound('Media');
      }
      let contentType = contentTypeFor(key);
      try {
        contentType = (JSON.parse(await fs.readFile(metaOf(key), 'utf8')) as { contentType?: string }).contentType ?? contentType;
      } catch {
        /* no sidecar: fall back to the extension */
      }
      // Files stored before the whitelist carry whatever the sender declared: narrow them on the way out too.
      return { stream: createReadStream(file), contentType: safeContentType(contentType), size };
    },
    async exists(key) {
      try {
        return (await fs.stat(fileOf(key))).isFile();
      } catch (error) {
        if (error instanceof DomainError) throw error;
        return false;
      }
    },
    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
      await fs.rm(metaOf(key), { force: true });
    },
    async signedUrl(key, ttlSec = options.defaultTtl) {
      assertValidKey(key);
      if (!options.secret) throw new Error('MEDIA_SIGNING_SECRET or JWT_SECRET is required to sign media URLs');
      const exp = Math.floor(Date.now() / 1000) + ttlSec;
      return `${base}/api/media/${key}?exp=${exp}&sig=${signMediaKey(options.secret, key, exp)}`;
    },
    verify(key, exp, sig, nowSec = Math.floor(Date.now() / 1000)) {
      if (!options.secret || !isValidKey(key) || typeof sig !== 'string') return false;
      const expNum = typeof exp === 'number' ? exp : /^\d{1,12}$/.test(exp) ? Number(exp) : NaN;
      if (!Number.isSafeInteger(expNum) || expNum < nowSec) return false;
      const expected = Buffer.from(signMediaKey(options.secret, key, expNum));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
