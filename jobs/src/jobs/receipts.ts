import path from 'node:path';
import type { Agenda } from 'agenda';
import { Organization, Transaction } from '@crm/database';
import { contentTypeFor, isStorageQuotaError, JOBS, mediaKey, notifyStorageFull, parseJobPayload, recordStoredFile, type JobPayload } from '@crm/core';
import { backoffDelay, type JobDeps } from '../deps.js';

/** proof_url of an expense whose receipt is still only in Telegram. */
export const TELEGRAM_PROOF = /^tg:(.+)$/;

export function define(agenda: Agenda, deps: JobDeps): void {
  agenda.define(JOBS.expenseReceipt, async (job) => storeReceipt(deps, parseJobPayload(JOBS.expenseReceipt, job.attrs.data)), {
    concurrency: 2,
    lockLifetime: 5 * 60_000,
    removeOnComplete: true,
  });
}

/**
 * Copies an expense's receipt photo from Telegram into our storage and points `proof_url` at the
 * stored key, unless the back office has replaced the proof meanwhile. The photo counts against
 * the organization's storage quota: when it does not fit, the expense keeps its Telegram proof and
 * the staff are told once that storage is full.
 */
export async function storeReceipt(deps: JobDeps, payload: JobPayload<typeof JOBS.expenseReceipt>): Promise<string | null> {
  const { org_id, transaction_id, attempt = 0 } = payload;
  const log = deps.logger.child({ job: JOBS.expenseReceipt, org_id, transaction_id, attempt });
  if (!deps.storage) throw new Error('Media storage is not configured in the jobs process');
  const row = await Transaction.findOne({ where: { id: transaction_id, org_id }, attributes: ['id', 'proof_url'] });
  const fileId = row?.proof_url ? TELEGRAM_PROOF.exec(row.proof_url)?.[1] : undefined;
  if (!row || !fileId) return null;
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'bot_token'] });
  if (!org?.bot_token) return log.warn('the organization has no bot token: the receipt cannot be fetched'), null;
  const client = deps.telegram.for(org.bot_token);

  const file = await client.getFile({ file_id: fileId });
  const body = file.ok && file.result.file_path ? await client.downloadFile(file.result.file_path) : null;
  if (!file.ok || !body?.ok) {
    const failure = !file.ok ? file : body && !body.ok ? body : { kind: 'permanent' as const, description: 'no file path' };
    if (failure.kind !== 'transient' || attempt + 1 >= deps.delivery.maxAttempts) return log.warn({ reason: failure.description }, 'receipt could not be fetched'), null;
    await deps.queue.enqueue(JOBS.expenseReceipt, { ...payload, attempt: attempt + 1 }, { runAt: new Date(Date.now() + backoffDelay(deps.delivery.backoffBaseMs, attempt)) });
    return null;
  }
  const filePath = file.result.file_path!;
  const contentType = contentTypeFor(filePath);
  const key = mediaKey(org_id, { contentType, ext: path.extname(filePath).slice(1).toLowerCase() });
  await deps.storage.put(key, body.result, { contentType });
  const quotaBytes = deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024;
  try {
    await recordStoredFile(deps.sequelize, { org_id, file_unique_id: null, key, mime_type: contentType, size: body.result.length }, quotaBytes);
  } catch (error) {
    await deps.storage.remove(key).catch(() => {});
    if (!isStorageQuotaError(error)) throw error;
    log.warn('the organization storage is full: the receipt was not saved');
    await notifyStorageFull(deps.sequelize, org_id, quotaBytes);
    return null;
  }
  const [updated] = await Transaction.update({ proof_url: key }, { where: { id: transaction_id, org_id, proof_url: row.proof_url } });
  if (!updated) await deps.storage.remove(key).catch(() => {});
  return updated ? key : null;
}
