import { Organization, Transaction, type Sequelize } from '@crm/database';
import { JOBS, type JobPayload } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';
import { STORAGE_QUOTA } from '../storage/quota.js';
import { storeTelegramFile } from '../storage/telegram-file.js';
import type { TelegramClients } from '../telegram/telegram-client.js';
import { notifyStorageFull } from '../notifications/storage-full.js';
import { backoffDelay } from '../chat/delivery.js';

/** proof_url of an expense whose receipt photo is still only in Telegram: `tg:<file_id>`. */
const TELEGRAM_PROOF = /^tg:(.+)$/;
export const telegramProof = (fileId: string) => `tg:${fileId}`;

export interface ReceiptStoreDeps {
  sequelize: Sequelize;
  storage: Storage | undefined;
  telegram: TelegramClients;
  queue: JobQueue;
  logger: Logger;
  quotaBytes: number;
  /** Transient failures before the photo is given up on, and the first retry's delay. */
  retry: { maxAttempts: number; backoffBaseMs: number };
}

/**
 * Copies an expense's receipt photo from Telegram into our storage (de-duplicated like every
 * Telegram file) and points `proof_url` at the stored key, unless the back office has replaced the
 * proof meanwhile. When the photo does not fit the organization's storage, the expense keeps its
 * Telegram proof and the staff are told once that storage is full. Resolves to the key stored.
 */
export async function storeReceipt(deps: ReceiptStoreDeps, payload: JobPayload<typeof JOBS.expenseReceipt>): Promise<string | null> {
  const { org_id, transaction_id, attempt = 0 } = payload;
  const log = deps.logger.child({ job: JOBS.expenseReceipt, org_id, transaction_id, attempt });
  const storage = deps.storage;
  if (!storage) throw new Error('Media storage is not configured in the jobs process');
  // Another try later, with backoff, until the attempts run out.
  const retryLater = async () => {
    if (attempt + 1 >= deps.retry.maxAttempts) return false;
    const runAt = new Date(Date.now() + backoffDelay(deps.retry.backoffBaseMs, attempt));
    await deps.queue.enqueue(JOBS.expenseReceipt, { ...payload, attempt: attempt + 1 }, { runAt });
    return true;
  };
  const row = await Transaction.findOne({ where: { id: transaction_id, org_id }, attributes: ['id', 'proof_url'] });
  // Queued in the transaction that records the expense, the copy may run before that commits (or
  // the expense was deleted, or never committed: then the tries run out).
  if (!row) return (await retryLater(), null);
  const fileId = row.proof_url ? TELEGRAM_PROOF.exec(row.proof_url)?.[1] : undefined;
  if (!fileId) return null;
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'bot_token'] });
  if (!org?.bot_token) return (log.warn('the organization has no bot token: the receipt cannot be fetched'), null);

  const stored = await storeTelegramFile({ sequelize: deps.sequelize, storage, quotaBytes: deps.quotaBytes }, deps.telegram.for(org.bot_token), org_id, {
    file_id: fileId,
  });
  if (!stored.ok) {
    if (stored.kind === STORAGE_QUOTA) {
      log.warn('the organization storage is full: the receipt was not saved');
      await notifyStorageFull(deps.sequelize, org_id, deps.quotaBytes);
      return null;
    }
    if (stored.kind !== 'transient' || !(await retryLater())) return (log.warn({ reason: stored.description }, 'receipt could not be fetched'), null);
    return null;
  }
  const [updated] = await Transaction.update({ proof_url: stored.result }, { where: { id: transaction_id, org_id, proof_url: row.proof_url } });
  return updated ? stored.result : null;
}
