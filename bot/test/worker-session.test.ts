import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Organization, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { reduceReport, startReport } from '@crm/core';
import { loadSession, saveSession } from '../src/features/worker/session-store.js';

let sequelize: Sequelize;
beforeAll(async () => {
  sequelize = await connectTestDatabase();
});
afterAll(async () => {
  await sequelize.close();
});

describe('worker dialog sessions', () => {
  it('writes only on the version it read, so a concurrent writer cannot be overwritten', async () => {
    const org = await Organization.create({ name: 'Session Remont' });
    const chat = 424242;
    expect(await loadSession(sequelize, org.id, chat)).toEqual({ session: null, version: 0 });
    const first = { nonce: 'abc123', draft: startReport() };
    expect(await saveSession(sequelize, org.id, chat, first, 0)).toBe(true);
    expect(await saveSession(sequelize, org.id, chat, first, 0)).toBe(false); // a second "first write" loses

    const loaded = await loadSession(sequelize, org.id, chat);
    expect(loaded).toEqual({ session: first, version: 1 });
    const a = { nonce: 'abc123', draft: reduceReport(first.draft, { type: 'project', project_id: 5 }).state! };
    expect(await saveSession(sequelize, org.id, chat, a, loaded.version)).toBe(true);
    // A Cancel processed at the same time read the same version: it must not win over the choice.
    expect(await saveSession(sequelize, org.id, chat, null, loaded.version)).toBe(false);
    expect((await loadSession(sequelize, org.id, chat)).session?.draft).toMatchObject({ step: 'choose_stage', project_id: 5 });

    // A row in an old or foreign shape reads as no dialog rather than breaking the chat.
    await sequelize.query(`UPDATE bot_sessions SET state = '{"flow":"something-else"}' WHERE org_id = :org AND chat_id = :chat`, {
      replacements: { org: org.id, chat },
    });
    expect((await loadSession(sequelize, org.id, chat)).session).toBeNull();
  });
});
