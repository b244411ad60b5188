import path from 'node:path';
import { MediaFile, type Sequelize } from '@crm/database';
import type { TelegramClient, TelegramResult } from '../telegram/telegram-client.js';
import { contentTypeFor, mediaKey, type Storage } from './storage.js';
import { hasStorageRoom, isStorageQuotaError, STORAGE_QUOTA } from './quota.js';
import { recordStoredFile } from './stored-files.js';

export interface TelegramFileDeps {
  sequelize: Sequelize;
  storage: Storage;
  /** The organization's storage quota in bytes. */
  quotaBytes: number;
}

/** A file Telegram holds: a media item of a message, or a receipt known only by its file_id. */
export interface TelegramFileRef {
  file_id: string;
  file_unique_id?: string | null;
  size?: number | null;
  mime_type?: string | null;
  file_name?: string | null;
}

export type StoredTelegramFile = TelegramResult<string> | { ok: false; kind: typeof STORAGE_QUOTA; description: string };
const noRoom: StoredTelegramFile = { ok: false, kind: STORAGE_QUOTA, description: 'the organization storage is full' };

async function knownKey(orgId: number, fileUniqueId: string | null | undefined): Promise<string | null> {
  if (!fileUniqueId) return null;
  const existing = await MediaFile.findOne({ where: { org_id: orgId, file_unique_id: fileUniqueId }, attributes: ['storage_key'] });
  return existing?.storage_key ?? null;
}

/**
 * A Telegram file copied into our storage (getFile → download → put): the one way every file from
 * Telegram (message media, report photos, receipts) is stored. De-duplicated per organization by
 * Telegram's stable file_unique_id (file_id differs per bot and over time): a file already stored is
 * not downloaded again and its key is reused. Charged to the organization's quota; resolves to the key.
 */
export async function storeTelegramFile(deps: TelegramFileDeps, client: TelegramClient, orgId: number, item: TelegramFileRef): Promise<StoredTelegramFile> {
  const known = await knownKey(orgId, item.file_unique_id);
  if (known) return { ok: true, result: known };
  // Telegram tells the size first: a file that cannot fit is not even downloaded.
  if (!(await hasStorageRoom(deps.sequelize, orgId, item.size ?? 0, deps.quotaBytes))) return noRoom;
  const file = await client.getFile({ file_id: item.file_id });
  if (!file.ok) return file;
  if (!file.result.file_path) return { ok: false, kind: 'permanent', description: 'Telegram gave no file path (file too big?)' };
  const fileUniqueId = item.file_unique_id ?? file.result.file_unique_id ?? null;
  // A file known only by its file_id (a receipt) is recognised once getFile names it.
  const again = item.file_unique_id ? null : await knownKey(orgId, fileUniqueId);
  if (again) return { ok: true, result: again };
  if (file.result.file_size && !(await hasStorageRoom(deps.sequelize, orgId, file.result.file_size, deps.quotaBytes))) return noRoom;
  const body = await client.downloadFile(file.result.file_path);
  if (!body.ok) return body;

  const ext = path.extname(file.result.file_path).slice(1).toLowerCase();
  const contentType = item.mime_type ?? contentTypeFor(file.result.file_path);
  const key = mediaKey(orgId, { contentType, fileName: item.file_name, ext });
  await deps.storage.put(key, body.result, { contentType });
  try {
    const recorded = await recordStoredFile(
      deps.sequelize,
      { org_id: orgId, file_unique_id: fileUniqueId, key, mime_type: contentType, size: body.result.length },
      deps.quotaBytes,
    );
    // Another job stored the same file first: keep its key, drop our copy.
    if (recorded.duplicate) await deps.storage.remove(key).catch(() => {});
    return { ok: true, result: recorded.key };
  } catch (error) {
    await deps.storage.remove(key).catch(() => {});
    if (isStorageQuotaError(error)) return noRoom;
    throw error;
  }
}
