import path from 'node:path';
import type { Agenda } from 'agenda';
import { ChatMessage, DailyReport, MediaFile, Organization, QueryTypes, type MediaItem } from '@crm/database';
import { contentTypeFor, JOBS, mediaKey, parseJobPayload, setMediaState, type JobPayload, type TelegramClient, type TelegramResult } from '@crm/core';
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
 * (same file_unique_id) is not downloaded again: its key is reused.
 */
export async function ingestMedia(deps: JobDeps, payload: JobPayload<typeof JOBS.mediaIngest>): Promise<void> {
  const { org_id, message_id, report_id, attempt = 0 } = payload;
  const log = deps.logger.child({ job: JOBS.mediaIngest, org_id, message_id, report_id, attempt });
  if (!deps.storage) throw new Error('Media storage is not configured in the jobs process');
  const target = message_id
    ? { model: ChatMessage, id: message_id, field: 'media' as const }
    : { model: DailyReport, id: report_id!, field: 'media_urls' as const };

  const row = await (target.model as typeof ChatMessage).findOne({ where: { id: target.id, org_id } });
  if (!row) return log.warn('nothing to ingest: row not found');
  const items = ((row as unknown as Record<string, MediaItem[]>)[target.field] ?? []).filter((item) => !item.key && item.file_id);
  if (items.length === 0) return;
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'bot_token'] });
  if (!org?.bot_token) return log.warn('the organization has no bot token: media cannot be fetched');
  const client = deps.telegram.for(org.bot_token);

  const keys = new Map<string, string>();
  let retry: string | null = null;
  let refused: string | null = null;
  for (const item of items) {
    const stored = await storeTelegramFile(deps, client, org_id, item);
    if (stored.ok) keys.set(identity(item), stored.result);
    else if (stored.kind === 'permanent' || stored.kind === 'blocked') {
      refused = stored.description;
      log.warn({ reason: stored.description, type: item.type }, 'a file could not be fetched');
    } else retry = stored.description;
  }

  if (keys.size > 0) {
    const updated = await writeKeys(deps, target, org_id, keys);
    if (updated && target.field === 'media') {
      await deps.publish({ org_id, type: 'message.updated', data: updated }).catch((error: unknown) => log.warn({ err: error }, 'could not publish'));
    }
  }
  // Items added while this job ran (the rest of an album) were not in `items`: give them their own job.
  const attempted = new Set(items.map(identity));
  const current = await (target.model as typeof ChatMessage).findOne({ where: { id: target.id, org_id } });
  const added = ((current as unknown as Record<string, MediaItem[]> | null)?.[target.field] ?? [])
    .some((item) => !item.key && item.file_id && !attempted.has(identity(item)));
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
async function writeKeys(
  deps: JobDeps,
  target: { model: typeof ChatMessage | typeof DailyReport; id: number; field: 'media' | 'media_urls' },
  orgId: number,
  keys: Map<string, string>,
): Promise<{ id: number; lead_id?: number | null; user_id?: number | null } | null> {
  return deps.sequelize.transaction(async (transaction) => {
    const model = target.model as typeof ChatMessage;
    const row = await model.findOne({ where: { id: target.id, org_id: orgId }, lock: transaction.LOCK.UPDATE, transaction });
    if (!row) return null;
    const current = (row as unknown as Record<string, MediaItem[]>)[target.field] ?? [];
    const next = current.map((item) => (!item.key && keys.has(identity(item)) ? { ...item, key: keys.get(identity(item))! } : item));
    row.set(target.field as 'media', next);
    row.changed(target.field as 'media', true);
    await row.save({ transaction });
    return { id: row.id, lead_id: row.lead_id, user_id: row.user_id };
  });
}

/** getFile → download → put, de-duplicated per organization by file_unique_id. Resolves to the storage key. */
async function storeTelegramFile(deps: JobDeps, client: TelegramClient, orgId: number, item: MediaItem): Promise<TelegramResult<string>> {
  if (item.file_unique_id) {
    const existing = await MediaFile.findOne({ where: { org_id: orgId, file_unique_id: item.file_unique_id }, attributes: ['storage_key'] });
    if (existing) return { ok: true, result: existing.storage_key };
  }
  const file = await client.getFile({ file_id: item.file_id! });
  if (!file.ok) return file;
  if (!file.result.file_path) return { ok: false, kind: 'permanent', description: 'Telegram gave no file path (file too big?)' };
  const body = await client.downloadFile(file.result.file_path);
  if (!body.ok) return body;

  const ext = path.extname(file.result.file_path).slice(1).toLowerCase();
  const contentType = item.mime_type ?? contentTypeFor(file.result.file_path);
  const key = mediaKey(orgId, { contentType, fileName: item.file_name, ext });
  await deps.storage!.put(key, body.result, { contentType });

  const fileUniqueId = item.file_unique_id ?? file.result.file_unique_id ?? null;
  const inserted = await deps.sequelize.query<{ storage_key: string }>(
    `INSERT INTO media_files (org_id, file_unique_id, storage_key, mime_type, size) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, file_unique_id) WHERE file_unique_id IS NOT NULL DO NOTHING RETURNING storage_key`,
    { bind: [orgId, fileUniqueId, key, contentType, body.result.length], type: QueryTypes.SELECT },
  );
  if (inserted[0]) return { ok: true, result: key };
  // Another job stored the same file first: keep its key, drop our copy.
  await deps.storage!.remove(key).catch(() => {});
  const winner = await MediaFile.findOne({ where: { org_id: orgId, file_unique_id: fileUniqueId }, attributes: ['storage_key'] });
  return { ok: true, result: winner?.storage_key ?? key };
}
