import { QueryTypes, type Sequelize } from '@crm/database';
import { chargeStorage } from './quota.js';

export interface StoredFileInput {
  org_id: number;
  /** Telegram's stable id of the file: one stored copy per organization. */
  file_unique_id: string | null;
  key: string;
  mime_type: string | null;
  size: number;
}

/**
 * Records a file copied into storage and charges it to the organization's quota, in one
 * transaction. When another copy of the same Telegram file was recorded first, nothing is charged
 * and its key is answered (`duplicate`): the caller removes its own copy. A file that does not fit
 * throws the `storage_quota` error and records nothing.
 */
export async function recordStoredFile(sequelize: Sequelize, input: StoredFileInput, quotaBytes: number): Promise<{ key: string; duplicate: boolean }> {
  return sequelize.transaction(async (transaction) => {
    const inserted = await sequelize.query<{ storage_key: string }>(
      `INSERT INTO media_files (org_id, file_unique_id, storage_key, mime_type, size) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, file_unique_id) WHERE file_unique_id IS NOT NULL DO NOTHING RETURNING storage_key`,
      { bind: [input.org_id, input.file_unique_id, input.key, input.mime_type, input.size], type: QueryTypes.SELECT, transaction },
    );
    if (inserted[0]) {
      await chargeStorage(sequelize, input.org_id, input.size, quotaBytes, transaction);
      return { key: input.key, duplicate: false };
    }
    const [winner] = await sequelize.query<{ storage_key: string }>('SELECT storage_key FROM media_files WHERE org_id = $1 AND file_unique_id = $2', {
      bind: [input.org_id, input.file_unique_id],
      type: QueryTypes.SELECT,
      transaction,
    });
    return { key: winner?.storage_key ?? input.key, duplicate: true };
  });
}
