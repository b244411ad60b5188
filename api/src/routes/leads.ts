import type { LeadColumnTotal, LeadRecord, LeadSourceCount } from '@crm/contracts';
import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { findLeadDuplicates, leadColumnTotals, leadTimeline, listLeadSources, logCall, mergeLeads, moveLead } from '@crm/core';
import { parseListQuery } from '../http/ra-query.js';
import { filterWhere } from '../resources/router.js';
import { leadsResource } from '../resources/definitions.js';
import { requireStaff, staffOf } from '../auth/middleware.js';

const idOf = (raw: unknown) => Number(raw) || 0;

/** Lead operations beyond plain REST: the Kanban move is one server call, re-ordering in one transaction. */
export function leadsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  // Column totals for the Kanban, narrowed by the same `filter` as the list it sits beside.
  router.get('/totals', requireStaff(), async (req, res) => {
    const { filter } = parseListQuery(req.query as Record<string, unknown>, { field: 'id', order: 'ASC' });
    const { status: _status, ...rest } = filter;
    void _status;
    res.json((await leadColumnTotals(deps.sequelize, staffOf(req).org_id, filterWhere(leadsResource, rest))) satisfies LeadColumnTotal[]);
  });
  // The sources the organization's leads came from (ad deep-link payloads among them), for the list's filter.
  router.get('/sources', requireStaff(), async (req, res) => {
    res.json((await listLeadSources(deps.sequelize, staffOf(req).org_id)) satisfies LeadSourceCount[]);
  });
  router.post('/:id/move', requireStaff(), async (req, res) => {
    const staff = staffOf(req);
    const lead = await moveLead(deps.sequelize, staff.org_id, idOf(req.params.id), req.body, staff.sub);
    res.json(lead.get({ plain: true }) satisfies LeadRecord<Date>);
  });
  // The lead card: everything that happened, newest first, paged by `before` (the previous page's `next`).
  router.get('/:id/timeline', requireStaff(), async (req, res) => {
    const before = typeof req.query.before === 'string' && req.query.before ? req.query.before : undefined;
    const limit = typeof req.query.limit === 'string' ? Number(req.query.limit) || undefined : undefined;
    res.json(await leadTimeline(deps.sequelize, staffOf(req).org_id, idOf(req.params.id), { before, limit }));
  });
  router.get('/:id/duplicates', requireStaff(), async (req, res) => {
    res.json(await findLeadDuplicates(deps.sequelize, staffOf(req).org_id, idOf(req.params.id)));
  });
  // The lead in the path stays; `merge_id` is merged into it and disappears.
  router.post('/:id/merge', requireStaff(), async (req, res) => {
    const staff = staffOf(req);
    const lead = await mergeLeads(deps.sequelize, { org_id: staff.org_id, user_id: staff.sub }, idOf(req.params.id), req.body ?? {});
    res.json(lead.get({ plain: true }) satisfies LeadRecord<Date>);
  });
  router.post('/:id/calls', requireStaff(), async (req, res) => {
    const staff = staffOf(req);
    const event = await logCall(deps.sequelize, { org_id: staff.org_id, user_id: staff.sub }, idOf(req.params.id), req.body ?? {});
    res.status(201).json(event.get({ plain: true }));
  });
  return router;
}
