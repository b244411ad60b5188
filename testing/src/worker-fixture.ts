import { Organization, Project, ProjectWorker, Stage, User, type Sequelize } from '@crm/database';

let counter = 0;

/**
 * Test data for worker flows: an organization with a manager, a worker invited by phone, a
 * project with two stages the worker is assigned to, and a second project they are not.
 */
export async function createWorkerFixture(
  _sequelize: Sequelize,
  options: { timezone?: string; locale?: 'ru' | 'en'; phone?: string; telegram_id?: number | null; client_telegram_id?: number; org?: Organization } = {},
) {
  counter += 1;
  const tag = `${process.pid}-${Date.now()}-${counter}`;
  const org =
    options.org ?? (await Organization.create({ name: `Site works ${tag}`, timezone: options.timezone ?? 'Europe/Moscow', locale: options.locale ?? 'ru' }));
  const manager = await User.create({ org_id: org.id, role: 'manager', name: 'Marina', email: `manager-${tag}@example.com` });
  const worker = await User.create({
    org_id: org.id,
    role: 'worker',
    name: 'Ivan',
    phone: options.phone ?? '+79001234567',
    telegram_id: options.telegram_id ?? null,
  });
  const client = await User.create({
    org_id: org.id,
    role: 'client',
    name: 'Olga',
    telegram_id: options.client_telegram_id ?? 5_000_000 + (process.pid % 1000) * 1000 + counter,
  });
  const project = await Project.create({
    org_id: org.id,
    name: 'Lenina 5, apt 12',
    address: 'Lenina 5',
    manager_id: manager.id,
    client_id: client.id,
    budget_total: '1000000.00',
  });
  const stages = [
    await Stage.create({ org_id: org.id, project_id: project.id, name: 'Demolition', position: 0 }),
    await Stage.create({ org_id: org.id, project_id: project.id, name: 'Plastering', position: 1 }),
  ];
  const otherProject = await Project.create({ org_id: org.id, name: 'Mira 1, office', manager_id: manager.id });
  const otherStage = await Stage.create({ org_id: org.id, project_id: otherProject.id, name: 'Wiring' });
  await ProjectWorker.create({ org_id: org.id, project_id: project.id, user_id: worker.id });
  return { org, manager, worker, client, project, stages, otherProject, otherStage };
}
