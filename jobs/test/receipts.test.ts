import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Transaction } from '@crm/database';
import { JOBS, recordExpense } from '@crm/core';
import { createWorkerFixture } from '@crm/testing/worker-fixture';
import type { Worker } from '../src/worker.js';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;

beforeAll(async () => {
  h = await startHarness();
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => {
  await h?.close();
});

describe('expense receipts', () => {
  it('copies the receipt photo from Telegram into storage and points proof_url at it', async () => {
    const org = await h.createOrg('Receipt Remont');
    const f = await createWorkerFixture(h.sequelize, { org });
    const photo = h.fake.registerFile(Buffer.from('receipt-jpeg-bytes'), { mime_type: 'image/jpeg', extension: 'jpg' });
    const { transaction } = await recordExpense(h.sequelize, {
      org_id: org.id,
      author_id: f.worker.id,
      project_id: f.project.id,
      amount: '3 400',
      category: 'tools',
      proof_url: `tg:${photo.file_id}`,
    });
    await worker.deps.queue.enqueue(JOBS.expenseReceipt, { org_id: org.id, transaction_id: transaction.id });
    const stored = await waitFor(
      async () => {
        const row = await Transaction.findByPk(transaction.id);
        return row?.proof_url && !row.proof_url.startsWith('tg:') ? row.proof_url : null;
      },
      15_000,
      'receipt stored',
    );
    expect(stored).toMatch(new RegExp(`^org/${org.id}/\\d{4}/\\d{2}/[\\w-]+\\.jpg$`));
    expect(await h.storage.exists(stored)).toBe(true);
  });
});
