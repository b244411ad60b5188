import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { leadColumnTotals, listLeadSources, moveLead } from '@crm/core';
import { parseListQuery } from '../http/ra-query.js';
import { filterWhere } from '../resources/router.js';
import { leadsResource } from '../resources/definitions.js';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** Lead operations beyond plain REST: the Kanban move is one server call, re-ordering in one transaction. */
export function leadsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  // Column totals for the Kanban, narrowed by the same `filter` as the list it sits beside.
  router.get('/totals', requireStaff(), async (req, res) => {
    const { filter } = parseListQuery(req.query as Record<string, unknown>, { field: 'id', order: 'ASC' });
    const { status: _status, ...rest } = filter;
    void _status;
    res.json(await leadColumnTotals(deps.sequelize, staffOf(req).org_id, filterWhere(leadsResource, rest)));
  });
  // The sources the organization's leads came from (ad deep-link payloads among them), for the list's filter.
  router.get('/sources', requireStaff(), async (req, res) => {
    res.json(await listLeadSources(deps.sequelize, staffOf(req).org_id));
  });
  router.post('/:id/move', requireStaff(), async (req, res) => {
    const lead = await moveLead(deps.sequelize, staffOf(req).org_id, Number(req.params.id) || 0, req.body);
    res.json(lead.get({ plain: true }));
  });
  return router;
}
