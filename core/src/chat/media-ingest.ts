import { ChatMessage, DailyReport, LeadMeasurement, Organization, type MediaItem, type Sequelize } from '@crm/database';
import { JOBS, type JobPayload } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import type { PublishEvent } from '../events/index.js';
import type { Storage } from '../storage/storage.js';
import { STORAGE_QUOTA } from '../storage/quota.js';
import { storeTelegramFile } from '../storage/telegram-file.js';
import type { TelegramClients } from '../telegram/telegram-client.js';
import { notifyStorageFull } from '../notifications/storage-full.js';
import { backoffDelay } from './delivery.js';
import { pendingMediaItems, setMediaState } from './media-retry.js';

export interface MediaIngestDeps {
  sequelize: Sequelize;
  storage: Storage | undefined;
  telegram: TelegramClients;
  queue: JobQueue;
  publish: PublishEvent;
  logger: Logger;
  quotaBytes: number;
  /** A failed download keeps being retried for `windowMs`, with a capped back-off. */
  retry: { windowMs: number; backoffBaseMs: number; backoffCapMs: number };
}

/** A media item is identified by Telegram's stable file_unique_id (file_id differs per bot and over time). */
const identity = (item: MediaItem) => item.file_unique_id ?? item.file_id ?? '';

/** The row whose media list is filled: a chat message, a daily report or a lead's measurement. */
interface MediaTarget {
  model: typeof ChatMessage;
  id: number;
  field: 'media' | 'media_urls';
  measurement?: boolean;
}

function targetOf(payload: JobPayload<typeof JOBS.mediaIngest>): MediaTarget {
  if (payload.message_id) return { model: ChatMessage, id: payload.message_id, field: 'media' };
  if (payload.measurement_id) return { model: LeadMeasurement as unknown as typeof ChatMessage, id: payload.measurement_id, field: 'media', measurement: true };
  return { model: DailyReport as unknown as typeof ChatMessage, id: payload.report_id!, field: 'media_urls' };
}

/** Looks for a row that is not there yet before its copy is given up on (see ingestMedia). */
const MISSING_ROW_TRIES = 5;

const mediaOf = (row: unknown, field: MediaTarget['field']) => (row as Record<string, MediaItem[]> | null)?.[field];

/**
 * Copies the Telegram files of an inbound message (or a daily report, or a measurement) into our
 * storage and writes each item's storage `key` into the row's media list. Files count against the
 * organization's storage quota: one that does not fit is not stored, its item is marked
 * `not_saved: storage_quota` (the row is kept) and the staff are told once that storage is full.
 * A message's media state (loading while retried, failed after the window) is kept on its row.
 */
export async function ingestMedia(deps: MediaIngestDeps, payload: JobPayload<typeof JOBS.mediaIngest>): Promise<void> {
  const { org_id, message_id, report_id, measurement_id, attempt = 0 } = payload;
  const log = deps.logger.child({ job: JOBS.mediaIngest, org_id, message_id, report_id, measurement_id, attempt });
  const storage = deps.storage;
  if (!storage) throw new Error('Media storage is not configured in the jobs process');
  const target = targetOf(payload);

  const row = await target.model.findOne({ where: { id: target.id, org_id } });
  if (!row) {
    // Queued in the transaction that records the row (a worker's report), the copy may run before
    // that commits: a few more looks with back-off (a row deleted or never committed runs them out).
    if (attempt + 1 >= MISSING_ROW_TRIES) return log.warn('nothing to ingest: row not found');
    const runAt = new Date(Date.now() + backoffDelay(deps.retry.backoffBaseMs, attempt, deps.retry.backoffCapMs));
    return void (await deps.queue.enqueue(JOBS.mediaIngest, { ...payload, attempt: attempt + 1 }, { runAt }));
  }
  const items = pendingMediaItems(mediaOf(row, target.field));
  if (items.length === 0) return;
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'bot_token'] });
  if (!org?.bot_token) return log.warn('the organization has no bot token: media cannot be fetched');
  const client = deps.telegram.for(org.bot_token);

  const keys = new Map<string, string>();
  const notSaved = new Set<string>();
  let retry: string | null = null;
  let refused: string | null = null;
  for (const item of items) {
    const stored = await storeTelegramFile({ sequelize: deps.sequelize, storage, quotaBytes: deps.quotaBytes }, client, org_id, {
      ...item,
      file_id: item.file_id!,
    });
    if (stored.ok) keys.set(identity(item), stored.result);
    else if (stored.kind === STORAGE_QUOTA) notSaved.add(identity(item));
    else if (stored.kind === 'permanent' || stored.kind === 'blocked') {
      refused = stored.description;
      log.warn({ reason: stored.description, type: item.type }, 'a file could not be fetched');
    } else retry = stored.description;
  }

  if (keys.size > 0 || notSaved.size > 0) {
    const updated = await writeKeys(deps.sequelize, target, org_id, keys, notSaved);
    if (updated && target.field === 'media' && !target.measurement) await announce(deps, org_id, updated);
  }
  if (notSaved.size > 0) {
    log.warn({ files: notSaved.size }, 'the organization storage is full: files were not saved');
    await notifyStorageFull(deps.sequelize, org_id, deps.quotaBytes);
  }
  // Items added while this job ran (the rest of an album) were not in `items`: give them their own job.
  const attempted = new Set(items.map(identity));
  const current = await target.model.findOne({ where: { id: target.id, org_id } });
  if (pendingMediaItems(mediaOf(current, target.field)).some((item) => !attempted.has(identity(item)))) {
    await deps.queue.enqueue(JOBS.mediaIngest, { ...payload, attempt: 0 });
  }
  if (retry) {
    // Telegram or the network is down: keep trying with a capped back-off for the whole window.
    const since = payload.since ?? row.created_at.getTime();
    if (Date.now() - since >= deps.retry.windowMs) {
      log.error({ reason: retry, attempts: attempt + 1 }, 'giving up on fetching media: the retry window is over');
      if (message_id) await markMedia(deps, row, 'failed', `${retry} (after ${attempt + 1} attempts)`, attempt + 1);
      return;
    }
    if (message_id) await markMedia(deps, row, 'loading', `${retry}; retrying`, attempt + 1);
    await deps.queue.enqueue(
      JOBS.mediaIngest,
      { ...payload, since, attempt: attempt + 1 },
      {
        runAt: new Date(Date.now() + backoffDelay(deps.retry.backoffBaseMs, attempt, deps.retry.backoffCapMs)),
      },
    );
  } else if (message_id) {
    await markMedia(deps, row, refused ? 'failed' : null, refused, attempt + 1);
  }
}

type MessageRef = { id: number; lead_id?: number | null; user_id?: number | null };

async function announce(deps: MediaIngestDeps, orgId: number, row: MessageRef) {
  await deps
    .publish({ org_id: orgId, type: 'message.updated', data: { id: row.id, lead_id: row.lead_id ?? null, user_id: row.user_id ?? null } })
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not publish'));
}

async function markMedia(deps: MediaIngestDeps, row: ChatMessage, state: 'loading' | 'failed' | null, error: string | null, attempts: number) {
  await setMediaState(deps.sequelize, row.id, state, { error, attempts });
  await announce(deps, row.org_id, row);
}

/** Writes keys into the current media list under a row lock, so a concurrent edit (an album merge) is kept. */
async function writeKeys(
  sequelize: Sequelize,
  target: MediaTarget,
  orgId: number,
  keys: Map<string, string>,
  notSaved: Set<string>,
): Promise<MessageRef | null> {
  return sequelize.transaction(async (transaction) => {
    const row = await target.model.findOne({ where: { id: target.id, org_id: orgId }, lock: transaction.LOCK.UPDATE, transaction });
    if (!row) return null;
    const next = (mediaOf(row, target.field) ?? []).map((item): MediaItem =>
      item.key
        ? item
        : keys.has(identity(item))
          ? { ...item, key: keys.get(identity(item))!, not_saved: null }
          : notSaved.has(identity(item))
            ? { ...item, not_saved: STORAGE_QUOTA }
            : item,
    );
    row.set(target.field as 'media', next);
    row.changed(target.field as 'media', true);
    await row.save({ transaction });
    return { id: row.id, lead_id: row.lead_id, user_id: row.user_id };
  });
}
