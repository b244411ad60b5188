import {
  ChangeRequest,
  ChatMessage,
  DailyReport,
  Document,
  Lead,
  Organization,
  Project,
  ProjectWorker,
  Stage,
  Transaction,
  User,
  type LeadStatus,
  type Sequelize,
  type StageStatus,
} from '@crm/database';
import { generatePassword, hashPassword } from '../auth/password.js';
import { nextPosition } from '../leads/lead.service.js';
import { storageEnv } from '../config/env.js';
import { mediaKey, type Storage } from '../storage/index.js';
import { seedDemoEstimates } from './demo-estimates.js';
import { DEMO_LEADS, DEMO_STAGES } from './demo-data.js';
import { DEMO_PHOTO, demoEstimate, demoPhoto } from './demo-media.js';
import { seedDemoCatalogue } from './demo-catalogue.js';

export interface DemoLogin {
  email: string;
  password: string;
  manager_email: string;
  org_id: number;
}

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number, hour = 10) => {
  const d = new Date(Date.now() - n * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
const isoDay = (n: number) => daysAgo(n).toISOString().slice(0, 10);

export interface DemoSeedOptions {
  /** Media storage: with it, reports carry photos, and the estimates, their PDFs and the contract are made. */
  storage?: Storage;
  /** The organization's storage quota (ORG_STORAGE_QUOTA_MB) the demo's PDFs count against. */
  quotaBytes?: number;
  /** Where the Mini App is served, for the buttons of the estimates sent. */
  publicUrl?: string;
}

/**
 * Seeds the demo organization when the database has no organization at all, so a first start shows
 * a living back office. Answers the admin login (with a freshly generated password) or null.
 * The people, leads and the two running projects are written in one transaction; then the estimates
 * (a measured lead with a sent estimate, a project from an approved one with a change order) are
 * made by the product's own functions, each in its own transactions as a manager's clicks would be.
 */
export async function seedDemoIfEmpty(sequelize: Sequelize, options: DemoSeedOptions = {}): Promise<DemoLogin | null> {
  const { storage } = options;
  const seeded = await seedDemoBase(sequelize, storage);
  if (seeded && storage) {
    const quotaBytes = options.quotaBytes ?? storageEnv.parse({}).ORG_STORAGE_QUOTA_MB * 1024 * 1024;
    await seedDemoEstimates(sequelize, { files: { sequelize, storage, quotaBytes }, public_url: options.publicUrl ?? 'http://localhost:3000' }, seeded.context);
  }
  return seeded?.login ?? null;
}

async function seedDemoBase(sequelize: Sequelize, storage: Storage | undefined) {
  return sequelize.transaction(async (transaction) => {
    // Two processes starting at once must not both seed.
    await sequelize.query('SELECT pg_advisory_xact_lock(7241, 0)', { transaction });
    if (await Organization.count({ transaction })) return null;
    const password = generatePassword();
    const opts = { transaction };

    const org = await Organization.create(
      { name: 'Демо Ремонт', currency: 'RUB', timezone: 'Europe/Moscow', locale: 'ru', hot_budget_threshold: '3000000' },
      opts,
    );
    const admin = await User.create(
      { org_id: org.id, role: 'admin', name: 'Администратор', email: 'admin@demo.local', password_hash: await hashPassword(password) },
      opts,
    );
    await org.update({ owner_id: admin.id }, opts);
    const manager = await User.create(
      {
        org_id: org.id,
        role: 'manager',
        name: 'Мария Менеджер',
        email: 'manager@demo.local',
        password_hash: await hashPassword(password),
        phone: '+79000000001',
      },
      opts,
    );
    const workers = await Promise.all([
      User.create({ org_id: org.id, role: 'worker', name: 'Иван Прораб', phone: '+79000000011' }, opts),
      User.create({ org_id: org.id, role: 'worker', name: 'Пётр Плиточник', phone: '+79000000012' }, opts),
    ]);
    const clients = await Promise.all([
      User.create({ org_id: org.id, role: 'client', name: 'Светлана Орлова', phone: '+79000000021', telegram_id: 900000021, manager_id: manager.id }, opts),
      User.create({ org_id: org.id, role: 'client', name: 'Максим Андреев', phone: '+79000000022', telegram_id: 900000022, manager_id: manager.id }, opts),
    ]);

    const leadIds: Record<string, number> = {};
    for (const [i, demo] of DEMO_LEADS.entries()) {
      const status = demo.status as LeadStatus;
      const client = clients.find((c) => c.name === demo.name);
      const telegramId = client?.telegram_id ?? 800000000 + i;
      const lastAt = daysAgo(demo.days_ago, 9 + (i % 8));
      const lead = await Lead.create(
        {
          org_id: org.id,
          name: demo.name,
          status,
          position: await nextPosition(sequelize, org.id, status, transaction),
          source: demo.source,
          telegram_id: telegramId,
          chat_id: telegramId,
          client_id: client?.id ?? null,
          manager_id: status === 'new' ? null : manager.id,
          work_type: demo.work_type,
          area_m2: demo.area_m2,
          budget_amount: demo.budget,
          budget_currency: demo.budget ? 'RUB' : null,
          address: demo.address ?? null,
          ai_enabled: status === 'new' || status === 'qualified',
          ai_summary: status === 'qualified' ? `${demo.work_type ?? 'ремонт'}, ${demo.area_m2 ?? '?'} м², бюджет ${demo.budget ?? 'не указан'}` : null,
          lost_reason: status === 'lost' ? (demo.name === 'John Davis' ? 'Not our kind of work' : 'Выбрали другую компанию') : null,
          needs_manager: demo.name === 'Роман Захаров',
          hotness: demo.budget && Number(demo.budget) >= 3000000 ? 85 : demo.budget ? 60 : 20,
          unread_count: demo.chat.at(-1)?.[0] === 'in' && demo.days_ago < 3 ? 1 : 0,
          last_message_at: lastAt,
          last_activity_at: lastAt,
          created_at: daysAgo(demo.days_ago + 2),
        },
        opts,
      );
      leadIds[demo.name] = lead.id;
      await ChatMessage.bulkCreate(
        demo.chat.map(([dir, content], k) => ({
          org_id: org.id,
          lead_id: lead.id,
          user_id: client?.id ?? null,
          chat_id: telegramId,
          content,
          kind: 'text',
          direction: dir === 'in' ? ('inbound' as const) : ('outbound' as const),
          status: dir === 'in' ? ('received' as const) : ('sent' as const),
          sender_id: dir === 'out' ? manager.id : null,
          telegram_message_id: 1000 * (i + 1) + k,
          created_at: new Date(lastAt.getTime() - (demo.chat.length - 1 - k) * 7 * 60 * 1000),
        })),
        opts,
      );
    }

    const projects = [
      { client: clients[0], name: 'Квартира на Ленинском, 58 м²', address: 'Ленинский проспект, 42, кв. 17', budget: '2009600.00', progress: DEMO_STAGES },
      {
        client: clients[1],
        name: 'Санузел на Профсоюзной',
        address: 'Профсоюзная, 12, кв. 5',
        budget: '389600.00',
        progress: DEMO_STAGES.slice(0, 3).map(([n, , , b]) => [n, 'in_progress', 40, String(Number(b) / 2)] as [string, StageStatus, number, string]),
      },
    ];
    // Budgets include the approved change request below (9 600), as a decision would have added it.
    for (const [p, spec] of projects.entries()) {
      const project = await Project.create(
        {
          org_id: org.id,
          client_id: spec.client.id,
          lead_id: leadIds[spec.client.name],
          manager_id: manager.id,
          name: spec.name,
          address: spec.address,
          status: 'active',
          budget_total: spec.budget,
          start_date: isoDay(20 - p * 5),
        },
        opts,
      );
      await ProjectWorker.bulkCreate(
        workers.map((w) => ({ project_id: project.id, user_id: w.id, org_id: org.id })),
        opts,
      );
      const stages = await Stage.bulkCreate(
        spec.progress.map(([name, status, pct, planned], position) => ({
          org_id: org.id,
          project_id: project.id,
          name,
          status,
          progress_pct: pct,
          budget_planned: planned,
          position,
        })),
        { ...opts, returning: true },
      );
      const reportTexts = [
        'Демонтаж завершён, мусор вывезен',
        'Проложили кабель, установили подрозетники',
        'Развели трубы водоснабжения',
        'Выровняли стены в комнате',
        'Опрессовка прошла без протечек',
      ];
      // With storage at hand, reports carry photos and the project an estimate, like a real one would.
      const photos = async (k: number) => {
        if (!storage) return [];
        const key = mediaKey(org.id, { contentType: DEMO_PHOTO.mime_type });
        await storage.put(key, demoPhoto(p * 5 + k), { contentType: DEMO_PHOTO.mime_type });
        return [{ type: 'photo' as const, key, mime_type: DEMO_PHOTO.mime_type, width: DEMO_PHOTO.width, height: DEMO_PHOTO.height }];
      };
      const reports = [];
      for (const [k, content] of reportTexts.entries()) {
        const stage = stages[Math.min(k, stages.length - 1)];
        reports.push({
          org_id: org.id,
          project_id: project.id,
          stage_id: stage.id,
          author_id: workers[k % 2].id,
          content,
          progress_pct: stage.progress_pct,
          created_at: daysAgo(5 - k, 17),
          media_urls: await photos(k),
        });
      }
      await DailyReport.bulkCreate(reports, opts);
      if (storage) {
        const key = mediaKey(org.id, { contentType: 'text/plain', ext: 'txt' });
        const body = demoEstimate(
          spec.name,
          spec.progress.map(([name, , , planned]) => [name, planned]),
        );
        await storage.put(key, body, { contentType: 'text/plain; charset=utf-8' });
        await Document.create(
          { org_id: org.id, project_id: project.id, title: 'Смета', kind: 'estimate', url: key, mime_type: 'text/plain', size: body.length },
          opts,
        );
      }
      const expenses: [string, string, string, number][] = [
        ['48500.00', 'materials', 'Кабель, автоматы, подрозетники', 9],
        ['12500.00', 'tools', 'Аренда перфоратора', 8],
        ['86000.00', 'materials', 'Трубы и фитинги', 6],
        ['35000.00', 'labour', 'Вывоз мусора', 11],
        ['7800.50', 'transport', 'Доставка материалов', 4],
      ];
      await Transaction.bulkCreate(
        [
          ...expenses.slice(0, p === 0 ? 5 : 2).map(([amount, category, description, ago]) => ({
            org_id: org.id,
            project_id: project.id,
            stage_id: stages[0].id,
            author_id: workers[0].id,
            amount,
            type: 'expense' as const,
            category,
            description,
            occurred_on: isoDay(ago),
          })),
          {
            org_id: org.id,
            project_id: project.id,
            amount: p === 0 ? '600000.00' : '150000.00',
            type: 'income' as const,
            category: 'advance',
            description: 'Аванс по договору',
            occurred_on: isoDay(20 - p * 5),
          },
        ],
        opts,
      );
      await ChangeRequest.bulkCreate(
        [
          {
            org_id: org.id,
            project_id: project.id,
            title: 'Тёплый пол в ванной',
            description: 'Электрический тёплый пол 4 м² с терморегулятором',
            amount: '38000.00',
            status: 'pending',
            created_by: manager.id,
            sent_at: daysAgo(1),
          },
          {
            org_id: org.id,
            project_id: project.id,
            title: 'Дополнительные розетки на кухне',
            description: '4 розетки над столешницей',
            amount: '9600.00',
            status: 'approved',
            created_by: manager.id,
            decided_by: spec.client.id,
            decided_at: daysAgo(6),
            sent_at: daysAgo(7),
          },
        ],
        opts,
      );
    }
    await seedDemoCatalogue(org.id, transaction);
    const login: DemoLogin = { email: admin.email!, password, manager_email: manager.email!, org_id: org.id };
    return { login, context: { org_id: org.id, manager_id: manager.id, leads: leadIds } };
  });
}
