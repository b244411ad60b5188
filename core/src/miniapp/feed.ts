import type * as Wire from '@crm/contracts';
import { QueryTypes, type MediaItem, type Sequelize } from '@crm/database';
import { changeOrderLinesFor } from '../change-orders/change-order.service.js';
import { assertClientProject, type ClientScope } from './portal.js';
import { clientEstimateDocuments } from '../estimates/client-views.js';

/** Turns a storage key into a short-lived URL the Mini App can load. */
export type SignUrl = (key: string) => Promise<string>;

export type FeedReport = Wire.FeedReport<Date>;

/** Daily reports of a client's project, newest first, a page after the report `before`; media not yet stored is left out. */
export async function listProjectReports(
  sequelize: Sequelize,
  scope: ClientScope,
  projectId: number,
  sign: SignUrl | null,
  { limit = 20, before }: { limit?: number; before?: number } = {},
): Promise<FeedReport[]> {
  await assertClientProject(sequelize, scope, projectId);
  const rows = await sequelize.query<{
    id: number;
    created_at: Date;
    content: string;
    progress_pct: number | null;
    stage_name: string | null;
    author_name: string | null;
    media_urls: MediaItem[];
    voice_url: string | null;
  }>(
    `SELECT r.id, r.created_at, r.content, r.progress_pct, s.name AS stage_name, u.name AS author_name, r.media_urls, r.voice_url
       FROM daily_reports r
       LEFT JOIN stages s ON s.id = r.stage_id
       LEFT JOIN users u ON u.id = r.author_id
      WHERE r.project_id = :projectId AND r.org_id = :org_id AND (CAST(:before AS INTEGER) IS NULL OR (r.created_at, r.id) < (
              SELECT b.created_at, b.id FROM daily_reports b WHERE b.id = :before AND b.org_id = :org_id AND b.project_id = :projectId))
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT :limit`,
    { replacements: { ...scope, projectId, before: before ?? null, limit: Math.min(Math.max(limit, 1), 50) }, type: QueryTypes.SELECT },
  );
  return Promise.all(
    rows.map(async (row) => {
      const items: MediaItem[] = [...(row.media_urls ?? [])];
      if (row.voice_url && !items.some((m) => m.key === row.voice_url)) items.push({ type: 'voice', key: row.voice_url });
      const media = sign
        ? await Promise.all(
            items
              .filter((m) => m.key)
              .map(async (m) => ({
                type: m.type,
                url: await sign(m.key!),
                mime_type: m.mime_type ?? null,
                width: m.width ?? null,
                height: m.height ?? null,
                duration: m.duration ?? null,
              })),
          )
        : [];
      return {
        id: row.id,
        created_at: row.created_at,
        content: row.content,
        progress_pct: row.progress_pct,
        stage_name: row.stage_name,
        author_name: row.author_name,
        media,
      };
    }),
  );
}

export type ClientChangeRequest = Wire.ClientChangeRequest<Date>;

/** Pending first (oldest first: the order they were asked), then decisions, newest first. */
export async function listProjectChangeRequests(sequelize: Sequelize, scope: ClientScope, projectId: number): Promise<ClientChangeRequest[]> {
  await assertClientProject(sequelize, scope, projectId);
  const requests = await sequelize.query<Omit<ClientChangeRequest, 'lines'>>(
    `SELECT cr.id, cr.title, cr.description, cr.amount, cr.status, cr.created_at, cr.decided_at, cr.decided_by, u.name AS decided_by_name, cr.figures
       FROM change_requests cr LEFT JOIN users u ON u.id = cr.decided_by
      WHERE cr.project_id = :projectId AND cr.org_id = :org_id
      ORDER BY (cr.status = 'pending') DESC,
               CASE WHEN cr.status = 'pending' THEN cr.created_at END ASC,
               cr.decided_at DESC NULLS LAST, cr.id DESC`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT },
  );
  const lines = await changeOrderLinesFor(requests.filter((r) => r.figures).map((r) => r.id));
  return requests.map((request) => ({
    ...request,
    lines: (lines.get(request.id) ?? []).map((l) => ({
      action: l.action,
      section_name: l.section_name,
      name: l.name,
      unit: l.unit,
      old_quantity: l.old_quantity,
      new_quantity: l.new_quantity,
      old_unit_price: l.old_unit_price,
      new_unit_price: l.new_unit_price,
      old_total: l.old_total,
      new_total: l.new_total,
      delta: l.delta,
    })),
  }));
}

export type ClientDocument = Wire.ClientDocument<Date>;

/** Documents (contract, estimate, acts…) with signed links; contract and estimate first. */
export async function listProjectDocuments(sequelize: Sequelize, scope: ClientScope, projectId: number, sign: SignUrl | null): Promise<ClientDocument[]> {
  await assertClientProject(sequelize, scope, projectId);
  const rows = await sequelize.query<Omit<ClientDocument, 'url'> & { key: string }>(
    `SELECT id, title, kind, mime_type, size, created_at, url AS key FROM documents
      WHERE project_id = :projectId AND org_id = :org_id
      ORDER BY array_position(ARRAY['contract','estimate','act','other'], kind), created_at DESC, id DESC`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT },
  );
  const documents = await Promise.all(
    rows.map(async ({ key, ...doc }) => ({
      ...doc,
      source: 'document' as const,
      url: /^https?:\/\//.test(key) ? key : sign ? await sign(key) : null,
    })),
  );
  const estimates = await Promise.all(
    (await clientEstimateDocuments(sequelize, scope, projectId)).map(async (e) => ({
      id: e.id,
      title: `${e.title || '№' + e.id} · v${e.version}`,
      kind: 'estimate',
      mime_type: 'application/pdf',
      size: null,
      created_at: e.sent_at ?? new Date(0),
      source: 'estimate' as const,
      url: sign ? await sign(e.pdf_key) : null,
    })),
  );
  // Contracts first, then estimates (uploaded and sent), acts, the rest.
  const order = ['contract', 'estimate', 'act', 'other'];
  const rank = (kind: string) => (order.indexOf(kind) + order.length + 1) % (order.length + 1);
  return [...documents, ...estimates].sort((a, b) => rank(a.kind) - rank(b.kind) || new Date(b.created_at).getTime() - new Date(a.created_at).getTime());
}
