// Files from Telegram count against the organization's storage quota (ORG_STORAGE_QUOTA_MB): one
// that does not fit is not stored, the message or report is kept with the item marked, and the
// admins and managers are told once that storage is full.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ChatMessage, DailyReport, Lead, MediaFile, Notification, Project, QueryTypes, User, type Organization } from '@crm/database';
import { JOBS, messageView, STORAGE_FULL } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

jest.setTimeout(60_000);

const QUOTA = 1024 * 1024;
let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let org: Organization;
let lead: Lead;
let manager: User;

beforeAll(async () => {
  h = await startHarness({ ORG_STORAGE_QUOTA_MB: '1' });
  org = await h.createOrg('Quota');
  await org.update({ locale: 'en' });
  manager = await User.create({ org_id: org.id, role: 'manager', name: 'Maria', email: `quota-${Date.now()}@example.test` });
  lead = await Lead.create({ org_id: org.id, telegram_id: 5151, chat_id: 5151, name: 'Oleg', position: 0 });
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => h.close());

const used = async () => {
  const [row] = await h.sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations WHERE id = $1', {
    bind: [org.id],
    type: QueryTypes.SELECT,
  });
  return Number(row!.used);
};
const setUsed = (bytes: number) => h.sequelize.query('UPDATE organizations SET storage_bytes = $2 WHERE id = $1', { bind: [org.id, bytes] });
const fullNotices = () => Notification.findAll({ where: { org_id: org.id, type: STORAGE_FULL } });

async function inbound(file: { file_id: string; file_unique_id: string }) {
  const message = await ChatMessage.create({
    org_id: org.id,
    lead_id: lead.id,
    direction: 'inbound',
    status: 'received',
    chat_id: 5151,
    kind: 'photo',
    content: 'Photo of the bathroom',
    media: [{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id }] as never,
  });
  await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: message.id });
  return message;
}
/** The media list once the job has settled every item (stored or marked). */
const settled = (id: number) =>
  waitFor(
    async () => {
      const row = await ChatMessage.findByPk(id);
      return row && row.media.every((m) => m.key || m.not_saved) ? row : null;
    },
    15_000,
    'media settled',
  );

describe('storage quota for files from Telegram', () => {
  it('charges a stored file to the organization', async () => {
    const bytes = Buffer.alloc(3000, 1);
    const file = h.fake.registerFile(bytes, { mime_type: 'image/jpeg', extension: 'jpg' });
    const before = await used();
    const message = await settled((await inbound(file)).id);
    expect(message.media[0]!.key).toMatch(new RegExp(`^org/${org.id}/`));
    expect(await used()).toBe(before + bytes.length);
    // The same file again is reused, not charged twice.
    const again = await settled((await inbound(file)).id);
    expect(again.media[0]!.key).toBe(message.media[0]!.key);
    expect(await used()).toBe(before + bytes.length);
    expect(await fullNotices()).toHaveLength(0);
  });

  it('keeps the message without the file when storage is full and tells the staff once', async () => {
    await setUsed(QUOTA - 100);
    const downloadsBefore = h.fake.downloads;
    const files = [0, 1].map(() => h.fake.registerFile(Buffer.alloc(500, 2), { mime_type: 'image/jpeg', extension: 'jpg' }));
    const first = await settled((await inbound(files[0]!)).id);
    expect(first.content).toBe('Photo of the bathroom');
    expect(first.media[0]).toMatchObject({ not_saved: 'storage_quota' });
    expect(first.media[0]!.key).toBeFalsy();
    expect(first.media_state).toBeNull();
    // Telegram told the size, so nothing was downloaded, stored or charged.
    expect(h.fake.downloads).toBe(downloadsBefore);
    expect(await MediaFile.count({ where: { org_id: org.id, file_unique_id: files[0]!.file_unique_id } })).toBe(0);
    expect(await used()).toBe(QUOTA - 100);

    const view = await messageView([{ ...first.get({ plain: true }), sender_name: null } as never], `lead-${lead.id}`, async (key) => `signed:${key}`);
    expect(view.media[0]).toMatchObject({ url: null, not_saved: 'storage_quota' });

    const project = await Project.create({ org_id: org.id, name: 'Flat on Lenina' });
    const report = await DailyReport.create({
      org_id: org.id,
      project_id: project.id,
      content: 'Tiles laid',
      media_urls: [{ type: 'photo', file_id: files[1]!.file_id, file_unique_id: files[1]!.file_unique_id }],
    });
    await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, report_id: report.id });
    await waitFor(async () => (await report.reload()).media_urls.every((m) => m.not_saved), 15_000, 'report item marked');
    expect(report.content).toBe('Tiles laid');

    const notices = await fullNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ user_id: manager.id, title: 'Storage is full: files from Telegram are not being saved' });
    expect(notices[0]!.body).toContain('1 MB');
  });

  it('refuses a file whose size Telegram did not tell once it is downloaded, and removes the copy', async () => {
    await setUsed(QUOTA - 100);
    const file = h.fake.registerFile(Buffer.alloc(400, 3), { mime_type: 'application/pdf', extension: 'pdf' });
    delete (h.fake.file(file.file_id) as { file_size?: number }).file_size;
    const downloadsBefore = h.fake.downloads;
    const message = await settled((await inbound(file)).id);
    expect(h.fake.downloads).toBe(downloadsBefore + 1);
    expect(message.media[0]).toMatchObject({ not_saved: 'storage_quota' });
    expect(await MediaFile.count({ where: { org_id: org.id, file_unique_id: file.file_unique_id } })).toBe(0);
    expect(await used()).toBe(QUOTA - 100);
    // Still the one notice: storage has not been freed and refilled since.
    expect(await fullNotices()).toHaveLength(1);
  });

  it('tells the staff again when storage fills up again after files were stored', async () => {
    await setUsed(0);
    const small = h.fake.registerFile(Buffer.alloc(200, 4), { mime_type: 'image/jpeg', extension: 'jpg' });
    expect((await settled((await inbound(small)).id)).media[0]!.key).toBeTruthy();
    await setUsed(QUOTA);
    const big = h.fake.registerFile(Buffer.alloc(300, 5), { mime_type: 'image/jpeg', extension: 'jpg' });
    expect((await settled((await inbound(big)).id)).media[0]).toMatchObject({ not_saved: 'storage_quota' });
    await waitFor(async () => ((await fullNotices()).length === 2 ? true : null), 5_000, 'second notice');
  });
});
