import { seedStatements } from './lib/scale-seed.mjs';
const { createSequelize, migrate } = await import('../database/dist/index.js');
const { default: pg } = await import('pg');
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await admin.connect();
await admin.query('DROP DATABASE IF EXISTS crm_scale_dev WITH (FORCE)'); await admin.query('CREATE DATABASE crm_scale_dev'); await admin.end();
const url = 'postgres://postgres@127.0.0.1:5432/crm_scale_dev';
const sq = createSequelize({ url, poolMax: 2 }); await migrate(sq); await sq.close();
const c = new pg.Client({ connectionString: url }); await c.connect();
const { sql, sizes } = seedStatements(Number(process.argv[2] ?? 1));
for (const s of sql) { const t = Date.now(); const r = await c.query(s); console.log(Date.now() - t, 'ms', r.rowCount, s.slice(0, 50).replace(/\s+/g, ' ')); }
await c.query('VACUUM ANALYZE'); console.log(sizes); await c.end();
