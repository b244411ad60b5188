import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createSequelize,
  migrate,
  Appointment,
  ChangeRequest,
  ChatMessage,
  DailyReport,
  Estimate,
  EstimateSection,
  Lead,
  LeadMeasurement,
  LEAD_STATUSES,
  Organization,
  Project,
  QueryTypes,
  Stage,
  Transaction,
  User,
  CatalogueItem,
  type Sequelize,
} from '@crm/database';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { clientEstimate, createLocalStorage, listClientEstimates, projectFigures, seedDemoIfEmpty, verifyPassword } from '../src/index.js';
import { Document } from '@crm/database';

// The demo seed only runs on an empty database, so this test uses a database of its own.
let sequelize: Sequelize;
let admin: pg.Client;
const name = `${process.env.CRM_TEST_DATABASE_NAME}_demo`;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.CRM_TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.CRM_TEST_SERVER_URL!);
  url.pathname = `/${name}`;
  sequelize = createSequelize({ url: url.toString() });
  await migrate(sequelize);
});
afterAll(async () => {
  await sequelize.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
});

describe('demo seed', () => {
  it('seeds a living organization once, with a working generated password', async () => {
    const mediaDir = await mkdtemp(path.join(os.tmpdir(), 'crm-demo-media-'));
    const storage = createLocalStorage({ root: mediaDir, publicUrl: 'http://localhost:3000', secret: 'demo-secret-demo-secret-demo-secret', defaultTtl: 60 });
    const login = await seedDemoIfEmpty(sequelize, { storage });
    expect(login).not.toBeNull();
    const user = await User.findOne({ where: { email: login!.email } });
    expect(await verifyPassword(login!.password, user!.password_hash)).toBe(true);
    expect(await seedDemoIfEmpty(sequelize)).toBeNull();
    expect(await Organization.count()).toBe(1);

    const roles = (await User.findAll()).map((u) => u.role).sort();
    // Two clients with running projects, and the two leads the estimates were sent to (sending makes the lead a client).
    expect(roles).toEqual(['admin', 'client', 'client', 'client', 'client', 'manager', 'worker', 'worker']);
    const leads = await Lead.findAll();
    expect(leads.length).toBeGreaterThanOrEqual(20);
    expect(new Set(leads.map((l) => l.status))).toEqual(new Set(LEAD_STATUSES));
    expect(await ChatMessage.count()).toBeGreaterThan(30);
    expect(await Project.count()).toBe(3);
    expect(await Stage.count()).toBeGreaterThan(6);
    expect(await DailyReport.count()).toBe(10);
    expect(await Transaction.count()).toBeGreaterThan(5);
    expect(await ChangeRequest.count({ where: { status: 'pending' } })).toBe(2);
    const project = await Project.findOne({ where: { name: 'Квартира на Ленинском, 58 м²' } });
    expect(project!.budget_spent).toBe('189800.50');
    expect(project!.budget_total).toBe('2009600.00');

    // Reports carry real photos and each project an estimate, stored where the processes read them.
    const reports = await DailyReport.findAll();
    expect(reports.every((r) => r.media_urls.length === 1)).toBe(true);
    const photo = await storage.get(reports[0]!.media_urls[0]!.key!);
    const chunks: Buffer[] = [];
    for await (const c of photo.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(1, 4).toString('ascii')).toBe('PNG');
    const documents = await Document.findAll({ order: [['id', 'ASC']] });
    expect(documents.map((d) => d.kind)).toEqual(['estimate', 'estimate', 'contract']);
    expect(await storage.exists(documents[0]!.url)).toBe(true);

    // A price list to build estimates from: works linked to the materials they consume.
    const items = await CatalogueItem.findAll();
    expect(items.length).toBeGreaterThanOrEqual(55);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['work', 'material']));
    const tiling = items.find((i) => i.name === 'Укладка плитки на пол')!;
    expect(tiling).toMatchObject({ unit: 'm2', price: '1800.00' });
    expect(items.find((i) => i.id === tiling.material_id)?.name).toBe('Клей плиточный Ceresit CM 11, 25 кг');

    // A lead measured on a visit, with a sent estimate built from price-list lines for the measured rooms.
    const measured = (await Lead.findOne({ where: { name: 'Елена Морозова' } }))!;
    expect(measured.status).toBe('estimate');
    expect((await Appointment.findAll({ where: { lead_id: measured.id } })).map((a) => a.status)).toEqual(['done']);
    const [measurement] = await LeadMeasurement.findAll({ where: { lead_id: measured.id } });
    expect(measurement!.rooms.map((r) => r.name)).toEqual(['Кухня', 'Санузел', 'Комната']);
    const sent = (await Estimate.findOne({ where: { lead_id: measured.id } }))!;
    expect(sent.status).toBe('sent');
    const sentSections = await EstimateSection.findAll({ where: { estimate_id: sent.id }, order: [['position', 'ASC']] });
    expect(sentSections.map((s) => [s.name, s.floor_area])).toEqual([
      ['Кухня', '8.96'],
      ['Санузел', '3.57'],
      ['Комната', '16.20'],
    ]);
    expect(Number(sent.total)).toBeGreaterThan(100_000);
    expect(await storage.exists(sent.pdf_key!)).toBe(true);
    // The client sees it in the Mini App, with its rooms, and may approve it.
    const scope = { org_id: login!.org_id, client_id: measured.client_id! };
    expect((await listClientEstimates(sequelize, scope)).map((e) => [e.id, e.status, e.latest])).toEqual([[sent.id, 'sent', true]]);
    const view = await clientEstimate(sequelize, scope, sent.id, null);
    expect(view).toMatchObject({ can_approve: true, total: sent.total });
    expect((view.sections as Array<{ name: string; lines: unknown[] }>).map((s) => s.lines.length)).toEqual([6, 6, 5]);

    // A project made from an approved estimate: one stage per section, the plans adding up to the contract.
    const won = (await Lead.findOne({ where: { name: 'Ирина Федорова' } }))!;
    const approved = (await Estimate.findOne({ where: { lead_id: won.id } }))!;
    expect(approved.status).toBe('approved');
    const fromEstimate = (await Project.findByPk(approved.project_id!))!;
    expect(fromEstimate).toMatchObject({ lead_id: won.id, client_id: won.client_id, address: 'ул. Вавилова, 9, кв. 118' });
    const sections = await EstimateSection.findAll({ where: { estimate_id: approved.id }, order: [['position', 'ASC']] });
    const stages = await Stage.findAll({ where: { project_id: fromEstimate.id }, order: [['position', 'ASC']] });
    expect(stages.map((s) => [s.name, s.estimate_section_id])).toEqual(sections.map((s) => [s.name, s.id]));
    // One change order from the estimate's lines, approved: its delta is in the contract total and in the stage plans.
    const [order] = await ChangeRequest.findAll({ where: { project_id: fromEstimate.id } });
    expect(order).toMatchObject({ status: 'approved', estimate_id: approved.id });
    expect(order!.applied_at).not.toBeNull();
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(cents(order!.amount)).toBeGreaterThan(0);
    expect(cents(fromEstimate.budget_total)).toBe(cents(approved.total) + cents(order!.amount));
    expect(stages.reduce((sum, s) => sum + cents(s.budget_planned), 0)).toBe(cents(fromEstimate.budget_total));
    const figures = await projectFigures(sequelize, login!.org_id, fromEstimate.id);
    expect(figures.money).toMatchObject({ contract_total: fromEstimate.budget_total, contract_base: approved.total, change_orders_approved: order!.amount });

    // The PDFs the product stored (two estimates, the contract) count in the organization's storage.
    const sizes = await Promise.all([sent.pdf_key!, approved.pdf_key!, documents[2]!.url].map(async (key) => (await storage.get(key)).size!));
    const [usage] = await sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations', { type: QueryTypes.SELECT });
    expect(Number(usage!.used)).toBe(sizes.reduce((a, b) => a + b, 0));
    await rm(mediaDir, { recursive: true, force: true });
  }, 240_000); // three PDFs rendered on a shared, loaded machine
});
