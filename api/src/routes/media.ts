import { Router } from 'express';
import { DomainError, isValidKey, servedFileHeaders, type LocalStorage, type Storage } from '@crm/core';

export const isLocalStorage = (storage: unknown): storage is LocalStorage =>
  Boolean(storage) && (storage as Storage).kind === 'local' && typeof (storage as LocalStorage).verify === 'function';

/**
 * Serves local-disk media by signed URL: `/api/media/<key>?exp=<unix>&sig=<hmac>`. The signature is
 * the authorization (an <img> cannot send a bearer token); an expired or forged one answers 403.
 */
export function mediaRouter(deps: { storage: LocalStorage }) {
  const router = Router();
  router.get('/*key', async (req, res) => {
    const segments = (req.params as { key?: string[] }).key ?? [];
    const key = segments.join('/');
    const { exp, sig } = req.query;
    if (!isValidKey(key) || typeof exp !== 'string' || typeof sig !== 'string' || !deps.storage.verify(key, exp, sig)) {
      throw new DomainError('forbidden', 'This media link is invalid or has expired');
    }
    const object = await deps.storage.get(key);
    const maxAge = Math.max(0, Number(exp) - Math.floor(Date.now() / 1000));
    // Stored files never run as pages of our origin: whitelisted type, attachment otherwise, sandboxed.
    res.set({ ...servedFileHeaders(object.contentType), 'Cache-Control': `private, max-age=${maxAge}` });
    if (object.size !== undefined) res.set('Content-Length', String(object.size));
    if (req.method === 'HEAD') {
      object.stream.destroy();
      res.end();
      return;
    }
    object.stream.on('error', (error) => res.destroy(error));
    object.stream.pipe(res);
  });
  return router;
}
