import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { pino } from 'pino';
import { DailyReport, Notification, Project, Stage, Transaction, User, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { submitDailyReport } from './report.service.js';
import { listAssignedProjects } from './assignments.js';
import { linkWorkerByPhone } from '../people/worker-sign-in.js';
import { recordExpense, rejectExpense } from '../expenses/expense.service.js';
import { createWorkerFixture } from '@crm/testing/worker-fixture';
import { createEventHub, type CrmEvent, type EventHub } from '../events/index.js';
import { waitFor } from '@crm/testing/wait-for';

let sequelize: Sequelize;
let hub: EventHub;
beforeAll(async () => {
  sequelize = await connectTestDatabase();
  hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, pino({ level: 'silent' }), { reconnectDelayMs: 50 });
  await hub.ready();
});
afterAll(async () => {
  await hub.close();
  await sequelize.close();
});

describe('daily reports', () => {
  it('stores the report, moves the stage progress and notifies the project manager in one go', async () => {
    const f = await createWorkerFixture(sequelize);
    const published: CrmEvent[] = [];
    const off = hub.subscribe(f.org.id, (event) => published.push(event));
    const result = await submitDailyReport(sequelize, {
      org_id: f.org.id,
      author_id: f.worker.id,
      project_id: f.project.id,
      stage_id: f.stages[1]!.id,
      content: 'Walls plastered',
      media: [
        { type: 'photo', file_id: 'p1', file_unique_id: 'u1' },
        { type: 'video', file_id: 'v1' },
      ],
      voice: { type: 'voice', file_id: 'voice1', duration: 7 },
      progress_pct: 60,
    });
    const report = await DailyReport.findByPk(result.report.id);
    expect(report?.media_urls.map((m) => m.type)).toEqual(['photo', 'video', 'voice']);
    expect(report?.progress_pct).toBe(60);
    expect(result).toMatchObject({ project_name: 'Lenina 5, apt 12', stage_name: 'Plastering', client_id: f.client.id });
    const stage = await Stage.findByPk(f.stages[1]!.id);
    expect([stage?.progress_pct, stage?.status]).toEqual([60, 'in_progress']);
    const notes = await Notification.findAll({ where: { org_id: f.org.id } });
    expect(notes.map((n) => [n.user_id, n.type, n.payload.report_id])).toEqual([[f.manager.id, 'report.created', result.report.id]]);
    // The media ingest writes storage keys into media_urls; the voice note's key becomes voice_url.
    expect(report?.voice_url).toBeNull();
    await report!.update({ media_urls: report!.media_urls.map((m, i) => ({ ...m, key: `org/${f.org.id}/2026/01/k${i}.bin` })) });
    await report!.reload();
    expect(report!.voice_url).toBe(`org/${f.org.id}/2026/01/k2.bin`);
    // Announced on the event stream once the transaction committed.
    await waitFor(async () => published.length > 0, 3000, 'notification.created');
    off();
    expect(published).toEqual([{ org_id: f.org.id, type: 'notification.created', data: { id: notes[0]!.id, user_id: f.manager.id } }]);
  });

  it('refuses a project the worker is not assigned to, and a stage of another project, writing nothing', async () => {
    const f = await createWorkerFixture(sequelize);
    await expect(submitDailyReport(sequelize, { org_id: f.org.id, author_id: f.worker.id, project_id: f.otherProject.id, content: 'x' })).rejects.toMatchObject(
      { code: 'forbidden' },
    );
    await expect(
      submitDailyReport(sequelize, {
        org_id: f.org.id,
        author_id: f.worker.id,
        project_id: f.project.id,
        stage_id: f.otherStage.id,
        content: 'x',
        progress_pct: 10,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(submitDailyReport(sequelize, { org_id: f.org.id, author_id: f.worker.id, project_id: f.project.id, progress_pct: 101 })).rejects.toMatchObject(
      { code: 'validation' },
    );
    expect(await DailyReport.count({ where: { org_id: f.org.id } })).toBe(0);
    expect((await Stage.findByPk(f.otherStage.id))?.progress_pct).toBe(0);
  });

  it('lists only assigned projects with their stages', async () => {
    const f = await createWorkerFixture(sequelize);
    const projects = await listAssignedProjects(sequelize, { org_id: f.org.id, user_id: f.worker.id });
    expect(projects.map((p) => [p.id, p.stages.map((s) => s.name)])).toEqual([[f.project.id, ['Demolition', 'Plastering']]]);
  });

  it('links a Telegram account to the worker invited with that phone, in any notation', async () => {
    const f = await createWorkerFixture(sequelize, { phone: '+79005554433' });
    expect(await linkWorkerByPhone(sequelize, f.org.id, '+79990000000', { telegram_id: 777 })).toBeNull();
    const linked = await linkWorkerByPhone(sequelize, f.org.id, '8 (900) 555-44-33', { telegram_id: 777, language_code: 'en' });
    expect(linked?.id).toBe(f.worker.id);
    expect((await User.findByPk(f.worker.id))?.telegram_id).toBe(777);
    // The same phone from another Telegram account does not take the worker over.
    expect(await linkWorkerByPhone(sequelize, f.org.id, '79005554433', { telegram_id: 778 })).toBeNull();
  });
});

describe('expenses', () => {
  it('records an expense and keeps the project spent budget exact; rejection takes it out', async () => {
    const f = await createWorkerFixture(sequelize);
    const base = { org_id: f.org.id, author_id: f.worker.id, project_id: f.project.id, category: 'materials', proof_url: 'tg:receipt' };
    const first = await recordExpense(sequelize, { ...base, amount: '12,5к', stage_id: f.stages[0]!.id });
    expect(first.budget_spent).toBe('12500.00');
    const second = await recordExpense(sequelize, { ...base, amount: '0.10' });
    await recordExpense(sequelize, { ...base, amount: '0.20' });
    expect((await Project.findByPk(f.project.id))?.budget_spent).toBe('12500.30');
    expect(second.transaction).toMatchObject({ type: 'expense', status: 'confirmed', amount: '0.10', proof_url: 'tg:receipt' });
    const rejected = await rejectExpense(sequelize, f.org.id, first.transaction.id);
    expect(rejected.budget_spent).toBe('0.30');
    // A correction made straight in the table moves the spent budget too: the database keeps it.
    await Transaction.update({ amount: '100.00' }, { where: { id: second.transaction.id } });
    expect((await Project.findByPk(f.project.id))?.budget_spent).toBe('100.20');
  });

  it('refuses an unknown category, a bad amount and an unassigned project', async () => {
    const f = await createWorkerFixture(sequelize);
    const base = { org_id: f.org.id, author_id: f.worker.id, project_id: f.project.id, category: 'materials', amount: '500' };
    await expect(recordExpense(sequelize, { ...base, category: 'casino' })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { category: expect.stringContaining('materials') } },
    });
    await expect(recordExpense(sequelize, { ...base, amount: 'lots' })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { amount: expect.any(String) } },
    });
    await expect(recordExpense(sequelize, { ...base, project_id: f.otherProject.id })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await Transaction.count({ where: { org_id: f.org.id } })).toBe(0);
  });
});
