import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';

/** The field code of a file refused for want of room; files from Telegram carry it as their `not_saved` note. */
export const STORAGE_QUOTA = 'storage_quota' as const;

const quotaFull = (quotaBytes: number) =>
  new DomainError('validation', `The organization's storage (${Math.round(quotaBytes / 1024 / 1024)} MB) is full`, {
    fields: { file: { code: STORAGE_QUOTA, message: 'does not fit in the organization’s storage quota' } },
  });

export const isStorageQuotaError = (error: unknown): boolean =>
  error instanceof DomainError && (error.details?.fields as { file?: { code?: string } } | undefined)?.file?.code === STORAGE_QUOTA;

/** Whether `bytes` more still fit (a cheap check before downloading; the charge itself decides). */
export async function hasStorageRoom(sequelize: Sequelize, orgId: number, bytes: number, quotaBytes: number): Promise<boolean> {
  const [row] = await sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations WHERE id = :orgId', {
    replacements: { orgId },
    type: QueryTypes.SELECT,
  });
  return Number(row?.used ?? 0) + bytes <= quotaBytes;
}

/** Refuses before a byte is stored when the organization has no room left. */
export async function assertStorageRoom(sequelize: Sequelize, orgId: number, quotaBytes: number): Promise<void> {
  const [row] = await sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations WHERE id = :orgId', {
    replacements: { orgId },
    type: QueryTypes.SELECT,
  });
  if (Number(row?.used ?? 0) >= quotaBytes) throw quotaFull(quotaBytes);
}

/** Adds a stored file to the organization's usage, atomically; refuses when it would pass the quota. */
export async function chargeStorage(sequelize: Sequelize, orgId: number, bytes: number, quotaBytes: number, transaction?: SqlTransaction): Promise<void> {
  const [rows] = await sequelize.query(
    'UPDATE organizations SET storage_bytes = storage_bytes + :bytes WHERE id = :orgId AND storage_bytes + :bytes <= :quota RETURNING id',
    { replacements: { orgId, bytes, quota: quotaBytes }, transaction },
  );
  if (!(rows as unknown[]).length) throw quotaFull(quotaBytes);
}

/** A per-process cap on concurrent work per organization (uploads): past it, `rate_limited` with a retry hint. */
export function createConcurrencyCap(perKey: number) {
  const active = new Map<number, number>();
  return {
    acquire(key: number): () => void {
      const n = active.get(key) ?? 0;
      if (n >= perKey) throw new DomainError('rate_limited', 'Too many uploads at once: wait for the others to finish', { retry_after: 2 });
      active.set(key, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (active.get(key) ?? 1) - 1;
        if (left <= 0) active.delete(key);
        else active.set(key, left);
      };
    },
  };
}
