import path from 'node:path';
import type { Agenda } from 'agenda';
import { ChatMessage, DailyReport, LeadMeasurement, MediaFile, Organization, type MediaItem } from '@crm/database';
import {
  contentTypeFor, hasStorageRoom, isStorageQuotaError, JOBS, mediaKey, notifyStorageFull, parseJobPayload, pendingMediaItems, recordStoredFile,
  setMediaState, STORAGE_QUOTA, type JobPayload, type TelegramClient, type TelegramResult,
} from '@crm/core';
import { backoffDelay, type JobDeps } from '../deps.js';

export function define(agenda: Agenda, deps: JobDeps): void {
  agenda.define(JOBS.mediaIngest, async (job) => ingestMedia(deps, parseJobPayload(JOBS.mediaIngest, job.attrs.data)), {
    concurrency: 4,
    // Downloading a large video takes longer than a send.
    lockLifetime: deps.delivery.lockLifetimeMs * 2.5,
    removeOnComplete: true,
  });
}

/** A media item is identified by Telegram's stable file_unique_id (file_id differs per bot and over time). */
const identity = (item: MediaItem) => item.file_unique_id ?? item.file_id ?? '';

/**
 * Copies the Telegram files of an inbound message (or a daily report) into our storage and writes
 * each item's storage `key` into the row's media list. A file already stored for the organization
 * (same file_unique_id) is not downloaded again: its key is reused. Files count against the
 * organization's storage quota: one that does not fit is not stored, its item is marked
 * `not_saved: storage_quota` (the row is kept) and the staff are told once that storage is full.
 */
export async function ingestMedia(deps: JobDeps, payload: JobPayload<typeof JOBS.mediaIngest>): Promise<void> {
  const { org_id, message_id, report_id, measurement_id, attempt = 0 } = payload;
  const log = deps.logger.child({ job: JOBS.mediaIngest, org_id, message_id, report_id, measurement_id, attempt });
  if (!deps.storage) throw new Error('Media storage is not configured in the jobs process');
  const target: MediaTarget = message_id
    ? { model: ChatMessage, id: message_id, field: 'media' as const }
    : measurement_id
      ? { model: LeadMeasurement as unknown as typeof ChatMessage, id: measurement_id, field: 'media' as const, measurement: true }
      : { model: DailyReport, id: report_id!, field: 'media_urls' as const };

  const row = await (target.model as typeof ChatMessage).findOne({ where: { id: target.id, org_id } });
  if (!row) return log.warn('nothing to ingest: row not found');
  const items = pendingMediaItems((row as unknown as Record<string, MediaItem[]>)[target.field]);
  if (items.length === 0) return;
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'bot_token'] });
  if (!org?.bot_token) return log.warn('the organization has no bot token: media cannot be fetched');
  const client = deps.telegram.for(org.bot_token);

  const keys = new Map<string, string>();
  const notSaved = new Set<string>();
  let retry: string | null = null;
  let refused: string | null = null;
  for (const item of items) {
    const stored = await storeTelegramFile(deps, client, org_id, item);
    if (stored.ok) keys.set(identity(item), stored.result);
    else if (stored.kind === STORAGE_QUOTA) notSaved.add(identity(item));
    else if (stored.kind === 'permanent' || stored.kind === 'blocked') {
      refused = stored.description;
      log.warn({ reason: stored.description, type: item.type }, 'a file could not be fetched');
    } else retry = stored.description;
  }

  if (keys.size > 0 || notSaved.size > 0) {
    const updated = await writeKeys(deps, target, org_id, keys, notSaved);
    if (updated && target.field === 'media' && !target.measurement) {
      await deps.publish({ org_id, type: 'message.updated', data: updated }).catch((error: unknown) => log.warn({ err: error }, 'could not publish'));
    }
  }
  if (notSaved.size > 0) {
    log.warn({ files: notSaved.size }, 'the organization storage is full: files were not saved');
    await notifyStorageFull(deps.sequelize, org_id, quotaBytes(deps));
  }
  // Items added while this job ran (the rest of an album) were not in `items`: give them their own job.
  const attempted = new Set(items.map(identity));
  const current = await (target.model as typeof ChatMessage).findOne({ where: { id: target.id, org_id } });
  const added = pendingMediaItems((current as unknown as Record<string, MediaItem[]> | null)?.[target.field])
    .some((item) => !attempted.has(identity(item)));
  if (added) await deps.queue.enqueue(JOBS.mediaIngest, { ...payload, attempt: 0 });
  if (retry) {
    // Telegram or the network is down: keep trying with a capped back-off for the whole window.
    const since = payload.since ?? row.created_at.getTime();
    if (Date.now() - since >= deps.delivery.mediaRetryWindowMs) {
      log.error({ reason: retry, attempts: attempt + 1 }, 'giving up on fetching media: the retry window is over');
      if (message_id) await markMedia(deps, row, 'failed', `${retry} (after ${attempt + 1} attempts)`, attempt + 1);
      return;
    }
    if (message_id) await markMedia(deps, row, 'loading', `${retry}; retrying`, attempt + 1);
    await deps.queue.enqueue(JOBS.mediaIngest, { ...payload, since, attempt: attempt + 1 }, {
      runAt: new Date(Date.now() + backoffDelay(deps.delivery.backoffBaseMs, attempt, deps.delivery.backoffCapMs)),
    });
  } else if (message_id) {
    await markMedia(deps, row, refused ? 'failed' : null, refused, attempt + 1);
  }
}

async function markMedia(deps: JobDeps, row: { id: number; org_id: number; lead_id?: number | null; user_id?: number | null }, state: 'loading' | 'failed' | null, error: string | null, attempts: number) {
  await setMediaState(deps.sequelize, row.id, state, { error, attempts });
  await deps.publish({ org_id: row.org_id, type: 'message.updated', data: { id: row.id, lead_id: row.lead_id ?? null, user_id: row.user_id ?? null } })
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not publish'));
}

/** Writes keys into the current media list under a row lock, so a concurrent edit (an album merge) is kept. */
/** The row whose media list is filled: a chat message, a daily report or a lead's measurement. */
interface MediaTarget { model: typeof ChatMessage | typeof DailyReport; id: number; field: 'media' | 'media_urls'; measurement?: boolean }

async function writeKeys(
  deps: JobDeps,
  target: MediaTarget,
  orgId: number,
  keys: Map<string, string>,
  notSaved: Set<string> = new Set(),
): Promise<{ id: number; lead_id?: number | null; user_id?: number | null } | null> {
  return deps.sequelize.transaction(async (transaction) => {
    const model = target.model as typeof ChatMessage;
    const row = await model.findOne({ where: { id: target.id, org_id: orgId }, lock: transaction.LOCK.UPDATE, transaction });
    if (!row) return null;
    const current = (row as unknown as Record<string, MediaItem[]>)[target.field] ?? [];
    const next = current.map((item): MediaItem => (item.key ? item
      : keys.has(identity(item)) ? { ...item, key: keys.get(identity(item))!, not_saved: null }
      : notSaved.has(identity(item)) ? { ...item, not_saved: STORAGE_QUOTA } : item));
    row.set(target.field as 'media', next);
    row.changed(target.field as 'media', true);
    await row.save({ transaction });
    return { id: row.id, lead_id: row.lead_id, user_id: row.user_id };
  });
}

const quotaBytes = (deps: JobDeps) => deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024;

type Stored = TelegramResult<string> | { ok: false; kind: typeof STORAGE_QUOTA; description: string };
const noRoom: Stored = { ok: false, kind: STORAGE_QUOTA, description: 'the organization storage is full' };

/**
 * getFile → download → put, de-duplicated per organization by file_unique_id and charged to the
 * organization's storage quota. Resolves to the storage key.
 */
async function storeTelegramFile(deps: JobDeps, client: TelegramClient, orgId: number, item: MediaItem): Promise<Stored> {
  if (item.file_unique_id) {
    const existing = await MediaFile.findOne({ where: { org_id: orgId, file_unique_id: item.file_unique_id }, attributes: ['storage_key'] });
    if (existing) return { ok: true, result: existing.storage_key };
  }
  const quota = quotaBytes(deps);
  // Telegram tells the size first: a file that cannot fit is not even downloaded.
  if (!await hasStorageRoom(deps.sequelize, orgId, item.size ?? 0, quota)) return noRoom;
  const file = await client.getFile({ file_id: item.file_id! });
  if (!file.ok) return file;
  if (!file.result.file_path) return { ok: false, kind: 'permanent', description: 'Telegram gave no file path (file too big?)' };
  if (file.result.file_size && !await hasStorageRoom(deps.sequelize, orgId, file.result.file_size, quota)) return noRoom;
  const body = await client.downloadFile(file.result.file_path);
  if (!body.ok) return body;

  const ext = path.extname(file.result.file_path).slice(1).toLowerCase();
  const contentType = item.mime_type ?? contentTypeFor(file.result.file_path);
  const key = mediaKey(orgId, { contentType, fileName: item.file_name, ext });
  await deps.storage!.put(key, body.result, { contentType });

  const fileUniqueId = item.file_unique_id ?? file.result.file_unique_id ?? null;
  try {
    const recorded = await recordStoredFile(deps.sequelize, { org_id: orgId, file_unique_id: fileUniqueId, key, mime_type: contentType, size: body.result.length }, quota);
    // Another job stored the same file first: keep its key, drop our copy.
    if (recorded.duplicate) await deps.storage!.remove(key).catch(() => {});
    return { ok: true, result: recorded.key };
  } catch (error) {
    await deps.storage!.remove(key).catch(() => {});
    if (isStorageQuotaError(error)) return noRoom;
    throw error;
  }
}
