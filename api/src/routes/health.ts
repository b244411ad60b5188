import { Router } from 'express';
import type { Sequelize } from '@crm/database';

export function healthRouter(deps: { sequelize: Sequelize; checks?: Record<string, () => Promise<unknown>> }) {
  const router = Router();
  router.get('/', async (_req, res) => {
    const started = Date.now();
    const report: Record<string, unknown> = {};
    let ok = true;
    try {
      await deps.sequelize.query('SELECT 1');
      report.database = 'ok';
    } catch (error) {
      ok = false;
      report.database = `down: ${(error as Error).message}`;
    }
    for (const [name, check] of Object.entries(deps.checks ?? {})) {
      try {
        report[name] = (await check()) ?? 'ok';
      } catch (error) {
        ok = false;
        report[name] = `down: ${(error as Error).message}`;
      }
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', ...report, took_ms: Date.now() - started });
  });
  return router;
}
