// Core is the only writer of domain tables: api, bot and jobs call core for every write and never
// run SQL of their own. The few exceptions are infrastructure, each with its reason.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDomainWrites, scanProcesses, type Finding } from './domain-writes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Justified infrastructure: a file, the kind of finding allowed in it, and why. */
const ALLOWED: Array<{ file: string; rule: Finding['rule']; reason: string }> = [
  { file: 'api/src/routes/health.ts', rule: 'raw-sql', reason: 'health check: SELECT 1 tells whether the database answers' },
  { file: 'bot/src/app.ts', rule: 'raw-sql', reason: 'health check: SELECT 1 tells whether the database answers' },
  { file: 'jobs/src/health.ts', rule: 'raw-sql', reason: 'health check: SELECT 1 tells whether the database answers' },
  {
    file: 'bot/src/intake/journal.ts',
    rule: 'raw-sql',
    reason: "the webhook intake journal (telegram_updates): the bot process's own queue of received updates",
  },
  { file: 'bot/src/intake/journal-writer.ts', rule: 'raw-sql', reason: 'the webhook intake journal (telegram_updates): batched inserts of received updates' },
  {
    file: 'bot/src/features/forget-secret.ts',
    rule: 'raw-sql',
    reason: 'the webhook intake journal (telegram_updates): a one-time secret is blanked in the stored update',
  },
  {
    file: 'bot/src/features/dialog-state.ts',
    rule: 'raw-sql',
    reason: "the bot's dialog state (bot_sessions): where a chat is in a multi-step dialog, versioned",
  },
];

const allowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && a.rule === f.rule);

describe('core is the only writer of domain tables', () => {
  it('api, bot and jobs sources write through core and run no SQL of their own', () => {
    const offending = scanProcesses(root).filter((f) => !allowed(f));
    expect(offending.map((f) => `${f.file}:${f.line} ${f.rule} ${f.text}`)).toEqual([]);
  });

  it('every allow-list entry is still needed and says why', () => {
    const findings = scanProcesses(root);
    for (const entry of ALLOWED) {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(findings.some((f) => f.file === entry.file && f.rule === entry.rule)).toBe(true);
    }
  });

  it('finds writes on models, writes on rows and raw SQL in a source', () => {
    const source = `
      import { Lead, Op, type User } from '@crm/database';
      import { createHash } from 'node:crypto';
      export async function offend(sequelize: any, user: User, res: any, lead: any) {
        await Lead.update({ status: 'won' }, { where: { id: 1 } });
        await Lead.bulkCreate([]);
        await lead.save();
        await user.destroy();
        await lead.increment('unread_count');
        await sequelize.query('SELECT 1');
        await deps.sequelize.query(\`UPDATE leads SET name = 'x' WHERE id = 1\`);
        const where = Lead.sequelize!.literal(\`id IN (SELECT lead_id FROM projects)\`);
        // Not writes: reads, operators, streams and hashes.
        await Lead.findAll({ where: { id: { [Op.in]: [1] } } });
        res.destroy(new Error('x'));
        createHash('sha256').update('x').digest();
        return where;
      }`;
    const found = findDomainWrites('api/src/sample.ts', source).map((f) => `${f.rule} ${f.text}`);
    expect(found).toEqual([
      "model-write Lead.update({ status: 'won' }, { where: { id: 1 } })",
      'model-write Lead.bulkCreate([])',
      'row-write lead.save()',
      'row-write user.destroy()',
      "row-write lead.increment('unread_count')",
      "raw-sql sequelize.query('SELECT 1')",
      "raw-sql deps.sequelize.query(`UPDATE leads SET name = 'x' WHERE id = 1`)",
      'raw-sql `id IN (SELECT lead_id FROM projects)`',
    ]);
  });

  it('fails on an offending source that is not allowed', () => {
    const findings = findDomainWrites(
      'bot/src/features/sample.ts',
      "import { User } from '@crm/database';\nexport const f = () => User.create({ name: 'x' } as never);\n",
    );
    expect(findings.filter((f) => !allowed(f))).toHaveLength(1);
  });
});
