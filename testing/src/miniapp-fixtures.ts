import { ChangeRequest, DailyReport, Document, Organization, Project, Stage, Transaction, User } from '@crm/database';
import { signInitData } from '@crm/core';

let counter = 0;

/** A bot token of the shape Telegram issues, unique per call. */
export const testBotToken = () => `${7_100_000_000 + Math.floor(Math.random() * 1e8)}:AA${Math.random().toString(36).slice(2)}${(counter++).toString(36)}`;

/** Init data as Telegram would sign it for this user with this bot token. */
export function initDataFor(botToken: string, user: { id: number; first_name?: string; language_code?: string }, authDate = Math.floor(Date.now() / 1000)) {
  return signInitData(
    {
      query_id: `AAH${Math.random().toString(36).slice(2, 14)}`,
      user: { first_name: 'Client', language_code: 'en', ...user },
      auth_date: authDate,
      chat_type: 'private',
    },
    botToken,
  );
}

export interface ClientWorld {
  org: Organization;
  botToken: string;
  manager: User;
  client: User;
  otherClient: User;
  project: Project;
  otherProject: Project;
  stages: Stage[];
  pending: ChangeRequest;
  pending2: ChangeRequest;
  approved: ChangeRequest;
}

/**
 * An organization with a bot, a manager, two clients and their projects: the first client's project
 * has stages, payments, expenses, change requests, reports with photos and a voice note, documents.
 */
export async function seedClientWorld(
  orgId: number,
  options: { mediaKeys?: { photos: string[]; voice?: string; document?: string }; locale?: 'ru' | 'en' } = {},
): Promise<ClientWorld> {
  const botToken = testBotToken();
  const org = (await Organization.findByPk(orgId))!;
  await org.update({ bot_token: botToken, bot_id: Number(botToken.split(':')[0]), currency: 'EUR', locale: options.locale ?? 'en' });
  const n = `${Date.now().toString(36)}${counter++}`;
  const manager = await User.create({ org_id: orgId, role: 'manager', name: 'Maria Manager', email: `manager-${n}@example.test` });
  const client = await User.create({
    org_id: orgId,
    role: 'client',
    name: 'Carl Client',
    telegram_id: 500_000_000 + Math.floor(Math.random() * 1e8),
    manager_id: manager.id,
  });
  const otherClient = await User.create({ org_id: orgId, role: 'client', name: 'Olga Other', telegram_id: 600_000_000 + Math.floor(Math.random() * 1e8) });
  const project = await Project.create({
    org_id: orgId,
    client_id: client.id,
    manager_id: manager.id,
    name: 'Flat on Baker Street',
    address: '221B Baker Street',
    budget_total: '10000.00',
  });
  const otherProject = await Project.create({ org_id: orgId, client_id: otherClient.id, manager_id: manager.id, name: 'Other flat', budget_total: '5000.00' });

  const stages = await Stage.bulkCreate([
    { org_id: orgId, project_id: project.id, name: 'Demolition', status: 'done', progress_pct: 100, budget_planned: '1000.00', position: 0 },
    { org_id: orgId, project_id: project.id, name: 'Electrics', status: 'in_progress', progress_pct: 50, budget_planned: '3000.00', position: 1 },
    { org_id: orgId, project_id: project.id, name: 'Tiling', status: 'planned', progress_pct: 0, budget_planned: '4000.00', position: 2 },
  ]);
  // Overall progress weighted by planned budget: (100·1000 + 50·3000 + 0·4000) / 8000 = 31.25 → 31.
  await Transaction.bulkCreate([
    { org_id: orgId, project_id: project.id, amount: '3000.10', type: 'income', category: 'advance' },
    { org_id: orgId, project_id: project.id, amount: '999.99', type: 'income', status: 'rejected' },
    { org_id: orgId, project_id: project.id, amount: '1200.45', type: 'expense', category: 'materials' },
    { org_id: orgId, project_id: project.id, amount: '300.00', type: 'expense', category: 'labour' },
    { org_id: orgId, project_id: otherProject.id, amount: '777.00', type: 'income' },
  ]);
  const approved = await ChangeRequest.create({
    org_id: orgId,
    project_id: project.id,
    title: 'Extra sockets',
    description: 'Four above the worktop',
    amount: '500.00',
    status: 'approved',
    decided_by: client.id,
    decided_at: new Date(Date.now() - 86_400_000),
    created_by: manager.id,
  });
  // The approved change order is already part of the budget: 10000 = 9500 base + 500.
  const pending = await ChangeRequest.create({
    org_id: orgId,
    project_id: project.id,
    title: 'Heated floor',
    description: 'Bathroom, 6 m²',
    amount: '1250.50',
    created_by: manager.id,
  });
  const pending2 = await ChangeRequest.create({
    org_id: orgId,
    project_id: project.id,
    title: 'Ceiling niche',
    description: 'Hidden curtain rail',
    amount: '300.00',
    created_by: manager.id,
  });
  await ChangeRequest.create({ org_id: orgId, project_id: otherProject.id, title: 'Other client request', amount: '99.00', created_by: manager.id });

  const worker = await User.create({ org_id: orgId, role: 'worker', name: 'Walter Worker', telegram_id: 400_000_000 + Math.floor(Math.random() * 1e8) });
  const keys = options.mediaKeys;
  const hourAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  await DailyReport.bulkCreate([
    {
      org_id: orgId,
      project_id: project.id,
      stage_id: stages[1]!.id,
      author_id: worker.id,
      content: 'Cables laid in the kitchen',
      progress_pct: 50,
      media_urls: [
        ...(keys?.photos ?? ['org/0/pending.jpg']).map((key, i) => ({ type: 'photo' as const, key, mime_type: 'image/png', width: 64 + i, height: 48 })),
        { type: 'photo' as const, key: null, file_id: 'not-yet-ingested' },
        ...(keys?.voice ? [{ type: 'voice' as const, key: keys.voice, mime_type: 'audio/ogg', duration: 3 }] : []),
      ],
      created_at: hourAgo(2),
      updated_at: hourAgo(2),
    },
    // Filed later than the report above but dated earlier: the feed orders by time, not by id.
    {
      org_id: orgId,
      project_id: project.id,
      stage_id: stages[0]!.id,
      author_id: worker.id,
      content: 'Walls removed',
      progress_pct: 100,
      created_at: hourAgo(48),
      updated_at: hourAgo(48),
    },
  ]);
  await DailyReport.create({ org_id: orgId, project_id: otherProject.id, content: 'Other client report' });
  await Document.bulkCreate([
    {
      org_id: orgId,
      project_id: project.id,
      title: 'Estimate v2',
      kind: 'estimate',
      url: keys?.document ?? `org/${orgId}/2026/11/estimate.pdf`,
      mime_type: 'application/pdf',
    },
    {
      org_id: orgId,
      project_id: project.id,
      title: 'Contract',
      kind: 'contract',
      url: keys?.document ?? `org/${orgId}/2026/11/contract.pdf`,
      mime_type: 'application/pdf',
    },
    { org_id: orgId, project_id: otherProject.id, title: 'Other contract', kind: 'contract', url: `org/${orgId}/2026/11/other.pdf` },
  ]);
  return { org, botToken, manager, client, otherClient, project, otherProject, stages, pending, pending2, approved };
}
