import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes, Transaction } from '@crm/database';
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

/** The storage key the expense's proof points at once its receipt is copied out of Telegram. */
const storedProof = (id: number, what: string) =>
  waitFor(
    async () => {
      const row = await Transaction.findByPk(id);
      return row?.proof_url && !row.proof_url.startsWith('tg:') ? row.proof_url : null;
    },
    15_000,
    what,
  );

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
    const stored = await storedProof(transaction.id, 'receipt stored');
    expect(stored).toMatch(new RegExp(`^org/${org.id}/\\d{4}/\\d{2}/[\\w-]+\\.jpg$`));
    expect(await h.storage.exists(stored)).toBe(true);
  });

  it('waits for an expense whose copy was queued in the transaction that records it and ran before its commit', async () => {
    const org = await h.createOrg('Early Receipt Remont');
    const f = await createWorkerFixture(h.sequelize, { org });
    const photo = h.fake.registerFile(Buffer.from('early-receipt-jpeg'), { mime_type: 'image/jpeg', extension: 'jpg' });
    const tx = await h.sequelize.transaction();
    const { transaction } = await recordExpense(
      h.sequelize,
      { org_id: org.id, author_id: f.worker.id, project_id: f.project.id, amount: '900', category: 'tools', proof_url: `tg:${photo.file_id}` },
      { transaction: tx },
    );
    await worker.deps.queue.enqueue(JOBS.expenseReceipt, { org_id: org.id, transaction_id: transaction.id });
    // The copy ran, found no expense yet, and queued its next try.
    await waitFor(
      async () =>
        (
          await h.sequelize.query(
            `SELECT 1 FROM "${h.tableName}" WHERE name = :name AND (data->>'transaction_id')::int = :id AND (data->>'attempt')::int >= 1`,
            {
              replacements: { name: JOBS.expenseReceipt, id: transaction.id },
              type: QueryTypes.SELECT,
            },
          )
        ).length > 0,
      10_000,
      'the copy tried before the commit',
    );
    await tx.commit();
    const stored = await storedProof(transaction.id, 'receipt stored after the commit');
    expect(await h.storage.exists(stored)).toBe(true);
  });
});
