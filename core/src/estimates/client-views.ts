import type * as Wire from '@crm/contracts';
import { Estimate, QueryTypes, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import type { ClientScope } from '../miniapp/portal.js';
import type { SignUrl } from '../miniapp/feed.js';
import { estimatesWithContent } from './estimate.service.js';

/**
 * The estimates a client may see in the Mini App: every version sent to them (their lead's or their
 * projects'), never a draft. `latest` marks the version that can still be approved.
 */
export type ClientEstimateSummary = Wire.ClientEstimateSummary<Date>;

const VISIBLE_SQL = `
  SELECT e.id, e.title, e.version, e.status, e.currency, e.total, e.valid_until, e.sent_at, e.approved_at, e.approved_via,
         e.project_id, u.name AS approved_by_name, e.pdf_key,
         NOT EXISTS (SELECT 1 FROM estimates n WHERE n.org_id = e.org_id AND n.status IN ('sent', 'approved') AND n.version > e.version
                       AND ((e.lead_id IS NOT NULL AND n.lead_id = e.lead_id) OR (e.lead_id IS NULL AND n.project_id = e.project_id))) AS latest
    FROM estimates e
    LEFT JOIN leads l ON l.id = e.lead_id AND l.org_id = e.org_id
    LEFT JOIN projects p ON p.id = e.project_id AND p.org_id = e.org_id
    LEFT JOIN users u ON u.id = e.approved_by
    JOIN users c ON c.id = :client_id AND c.org_id = :org_id
   WHERE e.org_id = :org_id AND e.status <> 'draft'
     AND (l.client_id = c.id OR p.client_id = c.id OR (c.telegram_id IS NOT NULL AND l.telegram_id = c.telegram_id))`;

type Row = ClientEstimateSummary & { pdf_key: string | null };

export async function listClientEstimates(sequelize: Sequelize, scope: ClientScope): Promise<ClientEstimateSummary[]> {
  const rows = await sequelize.query<Row>(`${VISIBLE_SQL} ORDER BY e.sent_at DESC NULLS LAST, e.id DESC`, {
    replacements: { ...scope },
    type: QueryTypes.SELECT,
  });
  return rows.map(({ pdf_key: _key, ...row }) => ({ ...row, latest: row.latest && row.status !== 'superseded' }));
}

/** One estimate as the Mini App shows it: sections with lines, totals, status, and a short-lived link to its PDF. */
export async function clientEstimate(
  sequelize: Sequelize,
  scope: ClientScope,
  estimateId: number,
  sign: SignUrl | null,
): Promise<Wire.ClientEstimateView<Date>> {
  const [row] = await sequelize.query<Row>(`${VISIBLE_SQL} AND e.id = :estimateId`, { replacements: { ...scope, estimateId }, type: QueryTypes.SELECT });
  if (!row) throw notFound('Estimate');
  const estimate = (await Estimate.findByPk(estimateId))!;
  // The estimate's content (totals, sections with lines) as the back office reads it; the Mini App reads the same fields.
  const [full] = (await estimatesWithContent([estimate])) as Array<
    Omit<Wire.ClientEstimateView<Date>, keyof ClientEstimateSummary | 'can_approve' | 'pdf_url'>
  >;
  const { pdf_key: key, ...summary } = row;
  const latest = row.latest && row.status !== 'superseded';
  return {
    ...full,
    ...summary,
    latest,
    can_approve: latest && row.status === 'sent',
    pdf_url: key && sign ? await sign(key) : null,
  };
}

/** The client's estimate PDFs for a project's documents (kind "estimate"), newest version first. */
export async function clientEstimateDocuments(sequelize: Sequelize, scope: ClientScope, projectId: number) {
  return sequelize.query<{ id: number; title: string; version: number; status: string; pdf_key: string; sent_at: Date | null }>(
    `SELECT e.id, e.title, e.version, e.status, e.pdf_key, e.sent_at FROM estimates e
      WHERE e.org_id = :org_id AND e.status <> 'draft' AND e.pdf_key IS NOT NULL
        AND (e.project_id = :projectId OR e.lead_id = (SELECT lead_id FROM projects WHERE id = :projectId AND org_id = :org_id))
      ORDER BY e.version DESC, e.id DESC`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT },
  );
}
