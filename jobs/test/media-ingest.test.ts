import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buffer } from 'node:stream/consumers';
import { ChatMessage, DailyReport, Lead, MediaFile, Project, type Organization } from '@crm/database';
import { JOBS } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

jest.setTimeout(30_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let org: Organization;
let lead: Lead;

beforeAll(async () => {
  h = await startHarness();
  org = await h.createOrg('Media');
  lead = await Lead.create({ org_id: org.id, telegram_id: 4242, chat_id: 4242, name: 'Олег', position: 0 });
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => h.close());

async function inbound(media: Array<Record<string, unknown>>) {
  return ChatMessage.create({
    org_id: org.id,
    lead_id: lead.id,
    direction: 'inbound',
    status: 'received',
    chat_id: 4242,
    kind: 'photo',
    content: 'Фото ванной',
    media: media as never,
  });
}
const keysOf = async (id: number) => {
  const row = await ChatMessage.findByPk(id);
  return row && row.media.every((m) => m.key) ? row.media.map((m) => m.key!) : null;
};

describe('media.ingest', () => {
  it('fetches a Telegram file into storage and writes its key into the message', async () => {
    const bytes = Buffer.from('voice note bytes');
    const file = h.fake.registerFile(bytes, { mime_type: 'audio/ogg', extension: 'oga' });
    const message = await inbound([{ type: 'voice', file_id: file.file_id, file_unique_id: file.file_unique_id, mime_type: 'audio/ogg' }]);
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: message.id });

    const [key] = await waitFor(() => keysOf(message.id), 10_000, 'media key');
    expect(key).toMatch(new RegExp(`^org/${org.id}/`));
    const stored = await h.storage.get(key!);
    expect(Buffer.compare(await buffer(stored.stream), bytes)).toBe(0);
    expect(await MediaFile.count({ where: { org_id: org.id, file_unique_id: file.file_unique_id } })).toBe(1);
    const token = org.bot_token!;
    expect(h.fake.calls('getFile', token).filter((c) => c.params.file_id === file.file_id)).toHaveLength(1);
  });

  it('reuses the stored file for the same file_unique_id instead of downloading it again', async () => {
    const file = h.fake.registerFile(Buffer.from('photo'), { mime_type: 'image/jpeg', extension: 'jpg' });
    const first = await inbound([{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id }]);
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: first.id });
    const [firstKey] = await waitFor(() => keysOf(first.id), 10_000, 'first key');

    const again = await inbound([{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id }]);
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: again.id });
    const [againKey] = await waitFor(() => keysOf(again.id), 10_000, 'second key');
    expect(againKey).toBe(firstKey);
    expect(h.fake.calls('getFile').filter((c) => c.params.file_id === file.file_id)).toHaveLength(1);
  });

  it('stores every item of an album and the media of a daily report', async () => {
    const a = h.fake.registerFile(Buffer.from('a'), { mime_type: 'image/jpeg', extension: 'jpg' });
    const b = h.fake.registerFile(Buffer.from('b'), { mime_type: 'video/mp4', extension: 'mp4' });
    const project = await Project.create({ org_id: org.id, name: 'Квартира на Ленина' });
    const report = await DailyReport.create({
      org_id: org.id,
      project_id: project.id,
      content: 'Плитка',
      media_urls: [
        { type: 'photo', file_id: a.file_id, file_unique_id: a.file_unique_id },
        { type: 'video', file_id: b.file_id, file_unique_id: b.file_unique_id },
      ],
    });
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, report_id: report.id });
    await waitFor(
      async () => {
        await report.reload();
        return report.media_urls.every((m) => m.key);
      },
      10_000,
      'report keys',
    );
    expect(report.media_urls.map((m) => m.key!.split('.').pop())).toEqual(['jpg', 'mp4']);
  });

  it("stores a report's media queued before the report committed: the copy looks again until the row is there", async () => {
    const file = h.fake.registerFile(Buffer.from('early'), { mime_type: 'image/jpeg', extension: 'jpg' });
    const project = await Project.create({ org_id: org.id, name: 'Дом на Садовой' });
    const tx = await h.sequelize.transaction();
    const report = await DailyReport.create(
      {
        org_id: org.id,
        project_id: project.id,
        content: 'Стяжка',
        media_urls: [{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id }],
      },
      { transaction: tx },
    );
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, report_id: report.id });
    // The copy ran while the report was not committed, and queued another look.
    await waitFor(
      async () => {
        const { rows } = await h.pool.query(
          `SELECT 1 FROM "${h.tableName}" WHERE name = 'media.ingest' AND (data->>'report_id')::int = $1 AND (data->>'attempt')::int >= 1`,
          [report.id],
        );
        return rows.length > 0 || null;
      },
      10_000,
      'a second look queued',
    );
    await tx.commit();
    await waitFor(
      async () => {
        await report.reload();
        return report.media_urls.every((m) => m.key) || null;
      },
      10_000,
      'report key',
    );
    expect(h.fake.calls('getFile').filter((c) => c.params.file_id === file.file_id)).toHaveLength(1);
  });

  it('retries when Telegram is down and leaves the item without a key while it is', async () => {
    const file = h.fake.registerFile(Buffer.from('late'), { mime_type: 'image/jpeg', extension: 'jpg' });
    h.fake.failNext({ kind: 'server_error', status: 502 }, 1, { method: 'getFile' });
    const message = await inbound([{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id }]);
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: message.id });
    await waitFor(() => keysOf(message.id), 10_000, 'key after retry');
    expect(
      h.fake
        .calls('getFile')
        .filter((c) => c.params.file_id === file.file_id)
        .map((c) => c.status),
    ).toEqual([502, 200]);
  });
});
