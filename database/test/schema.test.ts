import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sequelize } from 'sequelize';
import { createMigrator, Lead, Organization, User } from '../src/index.js';
import { connectTestDatabase } from '@crm/testing/database';

let sequelize: Sequelize;
beforeAll(async () => {
  sequelize = await connectTestDatabase();
});
afterAll(async () => {
  await sequelize.close();
});

async function org(name = 'Schema test') {
  return Organization.create({ name });
}

describe('schema constraints', () => {
  it('records the applied migrations', async () => {
    const executed = await createMigrator(sequelize).executed();
    expect(executed.map((m) => m.name)).toContain('0001-initial');
  });

  it('keeps one user per (org, telegram_id) and allows the same telegram id in another org', async () => {
    const a = await org();
    const b = await org();
    await User.create({ org_id: a.id, role: 'worker', name: 'W', telegram_id: 777_000_111 });
    await expect(User.create({ org_id: a.id, role: 'client', name: 'C', telegram_id: 777_000_111 })).rejects.toThrow();
    await expect(User.create({ org_id: b.id, role: 'client', name: 'C', telegram_id: 777_000_111 })).resolves.toBeTruthy();
  });

  it('rejects a staff user without email and a phone that is not E.164', async () => {
    const a = await org();
    await expect(User.create({ org_id: a.id, role: 'manager', name: 'M' })).rejects.toThrow();
    await expect(User.create({ org_id: a.id, role: 'worker', name: 'W', phone: '8 900 123-45-67' })).rejects.toThrow();
    const ok = await User.create({ org_id: a.id, role: 'worker', name: 'W', phone: '+79001234567' });
    expect(ok.phone).toBe('+79001234567');
  });

  it('stores money exactly as NUMERIC and reads bigint ids as numbers', async () => {
    const a = await org();
    const lead = await Lead.create({ org_id: a.id, position: 0, budget_amount: '1234567.89', telegram_id: 5_000_000_001 });
    const again = await Lead.findByPk(lead.id);
    expect(again!.budget_amount).toBe('1234567.89');
    expect(again!.telegram_id).toBe(5_000_000_001);
  });

  it('refuses two leads at the same Kanban position at commit time', async () => {
    const a = await org();
    await Lead.create({ org_id: a.id, position: 0 });
    await expect(Lead.create({ org_id: a.id, position: 0 })).rejects.toThrow();
  });

  it('migrates down and up again', async () => {
    const { createSequelize } = await import('../src/connection.js');
    const { Client } = (await import('pg')).default;
    const admin = new Client({ connectionString: process.env.CRM_TEST_SERVER_URL });
    await admin.connect();
    const name = `${process.env.CRM_TEST_DATABASE_NAME}_updown`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.CRM_TEST_SERVER_URL!);
    url.pathname = `/${name}`;
    const other = createSequelize({ url: url.toString() });
    try {
      const migrator = createMigrator(other);
      await migrator.up();
      await migrator.down({ to: 0 });
      const [tables] = await other.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
      expect(tables).toEqual([]);
      await migrator.up();
      expect((await migrator.executed()).length).toBeGreaterThan(0);
    } finally {
      await other.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
