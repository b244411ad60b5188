import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSequelize, migrate, ChangeRequest, ChatMessage, DailyReport, Lead, LEAD_STATUSES, Organization, Project, Stage, Transaction, User, CatalogueItem, type Sequelize } from '@crm/database';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createLocalStorage, seedDemoIfEmpty, verifyPassword } from '../src/index.js';
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
    expect(roles).toEqual(['admin', 'client', 'client', 'manager', 'worker', 'worker']);
    const leads = await Lead.findAll();
    expect(leads.length).toBeGreaterThanOrEqual(20);
    expect(new Set(leads.map((l) => l.status))).toEqual(new Set(LEAD_STATUSES));
    expect(await ChatMessage.count()).toBeGreaterThan(30);
    expect(await Project.count()).toBe(2);
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
    const documents = await Document.findAll();
    expect(documents.map((d) => d.kind)).toEqual(['estimate', 'estimate']);
    expect(await storage.exists(documents[0]!.url)).toBe(true);

    // A price list to build estimates from: works linked to the materials they consume.
    const items = await CatalogueItem.findAll();
    expect(items.length).toBeGreaterThanOrEqual(55);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['work', 'material']));
    const tiling = items.find((i) => i.name === 'Укладка плитки на пол')!;
    expect(tiling).toMatchObject({ unit: 'm2', price: '1800.00' });
    expect(items.find((i) => i.id === tiling.material_id)?.name).toBe('Клей плиточный Ceresit CM 11, 25 кг');
    await rm(mediaDir, { recursive: true, force: true });
  });
});
