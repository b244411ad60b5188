import type { TransactionTotals } from '@crm/contracts';
import { Router } from 'express';
import { transactionTotals } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import { parseListQuery } from '../http/ra-query.js';
import { transactionsResource } from '../resources/definitions.js';
import { filterWhere } from '../resources/router.js';

/** Money records beyond plain REST: totals under the list's filter, summed by the server. */
export function transactionsRouter() {
  const router = Router();
  router.get('/totals', requireStaff(), async (req, res) => {
    const { filter } = parseListQuery(req.query as Record<string, unknown>, { field: 'id', order: 'ASC' });
    const { status: _status, ...rest } = filter;
    void _status;
    res.json((await transactionTotals(staffOf(req).org_id, filterWhere(transactionsResource, rest))) satisfies TransactionTotals);
  });
  return router;
}
