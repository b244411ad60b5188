import type { Sequelize, SqlTransaction } from '@crm/database';
import { chargeStorage } from './quota.js';
import { mediaKey, type Storage } from './storage.js';

/**
 * Media storage with the organization's quota: what the product itself writes there (the PDFs it
 * renders, a logo) counts against `ORG_STORAGE_QUOTA_MB` like an upload does.
 */
/** Any media storage that can write a file (and, to clean up, remove one). */
export interface FileWriter {
  put(key: string, body: Buffer, meta: { contentType?: string }): Promise<unknown>;
  remove?(key: string): Promise<unknown>;
}

export interface ChargedStorage<S extends FileWriter = Storage> {
  sequelize: Sequelize;
  storage: S;
  quotaBytes: number;
}

export interface GeneratedFile {
  org_id: number;
  body: Buffer;
  contentType: string;
  ext: string;
}

/**
 * Stores a file the product made, under the organization's key scheme, and charges its bytes in the
 * same transaction: a file that does not fit is refused (`storage_quota`, naming `file`) before
 * a byte is written, and a failed write takes the charge back. With the caller's transaction the
 * charge commits or rolls back with the caller's own writes.
 */
export async function storeGeneratedFile(target: ChargedStorage<FileWriter>, file: GeneratedFile, transaction?: SqlTransaction): Promise<string> {
  const key = mediaKey(file.org_id, { ext: file.ext, contentType: file.contentType });
  const store = async (tx: SqlTransaction) => {
    await chargeStorage(target.sequelize, file.org_id, file.body.length, target.quotaBytes, tx);
    await target.storage.put(key, file.body, { contentType: file.contentType });
  };
  if (transaction) await store(transaction);
  else await target.sequelize.transaction(store);
  return key;
}
