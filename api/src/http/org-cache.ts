import type { RequestHandler } from 'express';
import type { EventHub } from '@crm/core';

/**
 * A read of a whole organization (the dashboard's aggregates), computed once for every request that
 * asks for it within `maxAgeMs`, and dropped at the organization's first change: any event of the
 * organization (a write of any process announces itself on `crm_events`), and any write request of
 * this process as it answers, so a client's next read already sees its own write. Events missed while
 * the hub reconnects cost at most `maxAgeMs` of staleness. Requests that come while a read is under
 * way share it.
 */
export interface OrgCache<T> {
  get(orgId: number, read: () => Promise<T>): Promise<T>;
  /** Drops the caller's organization once a write request (not GET/HEAD/OPTIONS) of this process answers. */
  dropOnWrite: RequestHandler;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function orgCache<T>(hub: EventHub, { maxAgeMs }: { maxAgeMs: number }): OrgCache<T> {
  const entries = new Map<number, { value: Promise<T>; at: number }>();
  const watched = new Set<number>();
  const drop = (orgId: number) => void entries.delete(orgId);
  return {
    get(orgId, read) {
      const hit = entries.get(orgId);
      if (hit && Date.now() - hit.at < maxAgeMs) return hit.value;
      if (!watched.has(orgId)) {
        watched.add(orgId);
        hub.subscribe(orgId, () => drop(orgId));
      }
      const entry = { value: read(), at: Date.now() };
      entries.set(orgId, entry);
      // A failed read is never served again.
      entry.value.catch(() => {
        if (entries.get(orgId) === entry) entries.delete(orgId);
      });
      return entry.value;
    },
    dropOnWrite(req, res, next) {
      if (!READS.has(req.method)) {
        // 'finish' comes before the client can have read the answer, so before any request it sends next.
        res.once('finish', () => {
          if (req.auth) drop(req.auth.org_id);
        });
      }
      next();
    },
  };
}
