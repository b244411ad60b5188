import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lead, Organization, Project, QueryTypes, User, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import {
  DomainError, assignConversation, conversationCounts, createLead, createLogger, listConversations, makeClient, markConversationRead, mergeLeads,
  parseConversationId, removeLead, reopenConversation, resolveConversation, storeInbound, takeConversation, unlinkProjectGroup,
  type ConversationFilter, type InboundMessage, type RecognisedPerson as Person,
} from '@crm/core';

/*
 * The inbox's tab counts are kept by the database with every write (migration 0024). After every
 * step of a random sequence of inbound messages (leads, clients, staff, groups), assignments,
 * hand-offs, resolve and reopen, reads, client links, group links, project managers, lead deletes
 * and merges, run one at a time and then several at once, each count equals the total of the list
 * the tab opens (the list filters the conversations themselves).
 */
let sequelize: Sequelize;
const logger = createLogger('inbox-counts', 'silent');

/** A small seeded generator, so a failing sequence can be replayed with INBOX_SEED. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)] };
}

const TABS: Record<string, (me: number) => ConversationFilter> = {
  mine: (me) => ({ state: 'open', manager_id: me }),
  unassigned: () => ({ state: 'open', manager_id: null }),
  needs_manager: () => ({ state: 'open', needs_manager: true }),
  unread: () => ({ state: 'open', unread: true }),
  all: () => ({ state: 'open' }),
  resolved: () => ({ state: 'resolved' }),
};

/** Each tab's list total; the tabs other than "Mine" are the same for every manager. */
async function recount(orgId: number, me: number, shared?: Record<string, number | null>) {
  const totals: Record<string, number | null> = {};
  for (const [tab, filter] of Object.entries(TABS)) {
    totals[tab] = shared && tab !== 'mine' ? shared[tab]! : (await listConversations(sequelize, orgId, { filter: filter(me), limit: 1000 })).total;
  }
  return totals;
}

async function firm(seed: number) {
  const org = await Organization.create({ name: `Counts ${seed}`, locale: 'en', currency: 'EUR' });
  const staff = await Promise.all(['admin', 'manager', 'manager'].map((role, i) =>
    User.create({ org_id: org.id, role: role as 'admin' | 'manager', name: `Staff ${i}`, email: `s${i}-${seed}@counts.test`, telegram_id: 900_000_000 + seed * 10 + i })));
  const projects = await Promise.all([0, 1, 2].map((i) => Project.create({ org_id: org.id, name: `Flat ${i}`, manager_id: staff[i % 2]!.id, budget_total: '1000.00' })));
  return { org, staff, projects };
}

type World = Awaited<ReturnType<typeof firm>>;

function steps(world: World, random: ReturnType<typeof generator>) {
  const orgId = world.org.id;
  let telegram = 800_000_000 + world.org.id * 10_000;
  let messageId = 1;
  const managers = [...world.staff.map((s) => s.id), null];
  const write = (person: Person, chat: InboundMessage['chat'], from: number, name: string) => storeInbound({ sequelize, queue: null, logger }, {
    org_id: orgId, chat, person, from: { id: from, first_name: name }, source: 'telegram', name, telegram_message_id: messageId++,
    kind: 'text', content: `hello ${messageId}`, media: [],
  });
  const conversations = async () => (await listConversations(sequelize, orgId, { limit: 1000 })).rows;
  const someConversation = async (kinds = ['lead', 'user', 'group']) => random.pick((await conversations()).filter((c) => kinds.includes(c.kind)));
  const someLead = async (where: Record<string, unknown> = {}) => random.pick(await Lead.findAll({ where: { org_id: orgId, ...where }, order: [['id', 'ASC']] }));
  const allowed = (error: unknown) => {
    // A step picked something another step just changed (merged, deleted, linked): the domain refuses it, nothing changes.
    if (!(error instanceof DomainError)) throw error;
  };

  const all: Record<string, () => Promise<unknown>> = {
    async newLead() {
      telegram += 1;
      await write({ role: 'unknown', user: null, lead: null }, { id: telegram, type: 'private' }, telegram, `Lead ${telegram}`);
    },
    async leadWrites() {
      const lead = await someLead({ client_id: null });
      if (lead?.telegram_id) await write({ role: 'lead', user: null, lead }, { id: Number(lead.chat_id ?? lead.telegram_id), type: 'private' }, Number(lead.telegram_id), lead.name ?? 'x');
    },
    async clientWrites() {
      const client = random.pick(await User.findAll({ where: { org_id: orgId, role: 'client' }, order: [['id', 'ASC']] }));
      if (!client?.telegram_id) return;
      const lead = await Lead.findOne({ where: { org_id: orgId, client_id: client.id }, order: [['id', 'ASC']] });
      await write({ role: 'client', user: client, lead }, { id: Number(client.telegram_id), type: 'private' }, Number(client.telegram_id), client.name);
    },
    async staffWrites() {
      const user = random.pick(world.staff)!;
      await write({ role: user.role, user, lead: null }, { id: Number(user.telegram_id), type: 'private' }, Number(user.telegram_id), user.name);
    },
    async groupWrites() {
      const chat = -(1_000_000 + world.org.id * 100 + Math.floor(random.next() * 4));
      await write({ role: 'unknown', user: null, lead: null }, { id: chat, type: 'group', title: `Group ${chat}` }, telegram + 5000, 'Someone');
    },
    async manualLead() {
      await createLead(sequelize, { org_id: orgId, name: 'From the phone', status: 'new', source: 'manual', phone: null });
    },
    async assign() {
      const c = await someConversation(['lead', 'user']);
      if (c) await assignConversation(sequelize, orgId, parseConversationId(c.id), { manager_id: random.pick(managers) ?? null }).catch(allowed);
    },
    async take() {
      const c = await someConversation();
      if (c) await takeConversation(sequelize, orgId, parseConversationId(c.id), random.pick(world.staff)!.id).catch(allowed);
    },
    async handOff() {
      const lead = await someLead();
      if (lead) await Lead.update({ needs_manager: !lead.needs_manager }, { where: { id: lead.id, org_id: orgId } });
    },
    async resolve() {
      const c = await someConversation();
      if (c) await resolveConversation(sequelize, orgId, parseConversationId(c.id), world.staff[0]!.id).catch(allowed);
    },
    async reopen() {
      const c = random.pick((await listConversations(sequelize, orgId, { filter: { state: 'resolved' }, limit: 1000 })).rows);
      if (c) await reopenConversation(sequelize, orgId, parseConversationId(c.id)).catch(allowed);
    },
    async read() {
      const c = await someConversation();
      if (c) await markConversationRead(sequelize, orgId, parseConversationId(c.id)).catch(allowed);
    },
    async client() {
      const lead = await someLead({ client_id: null });
      if (lead) await makeClient(sequelize, orgId, lead.id).catch(allowed);
    },
    async deleteLead() {
      const lead = await someLead();
      if (lead) await sequelize.transaction((transaction) => removeLead(sequelize, lead, transaction)).catch(allowed);
    },
    async merge() {
      const keep = await someLead();
      const gone = await someLead();
      if (keep && gone) await mergeLeads(sequelize, { org_id: orgId, user_id: world.staff[0]!.id }, keep.id, { merge_id: gone.id }).catch(allowed);
    },
    async linkGroup() {
      const project = random.pick(world.projects)!;
      const [group] = await sequelize.query<{ id: number }>('SELECT id FROM telegram_groups WHERE org_id = :orgId ORDER BY random() LIMIT 1',
        { replacements: { orgId }, type: QueryTypes.SELECT });
      if (!group) return;
      if (random.next() < 0.3) await unlinkProjectGroup(sequelize, orgId, project.id);
      else {
        await sequelize.query(`UPDATE telegram_groups SET project_id = :projectId WHERE id = :id
          AND NOT EXISTS (SELECT 1 FROM telegram_groups o WHERE o.org_id = :orgId AND o.project_id = :projectId)`,
        { replacements: { projectId: project.id, id: group.id, orgId } });
      }
    },
    async projectManager() {
      const project = random.pick(world.projects)!;
      await Project.update({ manager_id: random.pick(managers) ?? null }, { where: { id: project.id, org_id: orgId } });
    },
  };
  return all;
}

/** The highest count each tab reached, so a sequence that never filled a tab fails instead of proving nothing. */
const reached: Record<string, number> = {};

async function expectExact(world: World) {
  let shared: Record<string, number | null> | undefined;
  for (const me of world.staff) {
    const counts = await conversationCounts(sequelize, world.org.id, me.id);
    shared = await recount(world.org.id, me.id, shared);
    expect({ manager: me.id, ...counts }).toEqual({ manager: me.id, ...shared });
    for (const [tab, n] of Object.entries(counts)) reached[tab] = Math.max(reached[tab] ?? 0, n);
  }
}

beforeAll(async () => {
  sequelize = await connectTestDatabase();
});
afterAll(async () => sequelize?.close());

describe('inbox counts', () => {
  it('equal a full recount after every step of a random sequence of inbox writes', async () => {
    const seed = Number(process.env.INBOX_SEED ?? Date.now() % 100_000);
    const world = await firm(seed);
    const random = generator(seed);
    const operations = steps(world, random);
    const names = Object.keys(operations);
    // A start with some of everything, then random steps.
    for (const name of ['newLead', 'newLead', 'groupWrites', 'staffWrites', 'client', 'clientWrites', 'manualLead']) await operations[name]!();
    await expectExact(world);
    const done: string[] = [];
    for (let i = 0; i < 120; i++) {
      const name = random.pick(names)!;
      done.push(name);
      await operations[name]!();
      try {
        await expectExact(world);
      } catch (error) {
        throw new Error(`seed ${seed}, after ${done.join(' → ')}: ${(error as Error).message}`, { cause: error });
      }
    }
    for (const tab of Object.keys(TABS)) expect({ tab, reached: (reached[tab] ?? 0) > 0 }).toEqual({ tab, reached: true });
  }, 300_000);

  it('stay exact when steps run at the same time', async () => {
    const seed = Number(process.env.INBOX_SEED ?? Date.now() % 100_000) + 1;
    const world = await firm(seed);
    const random = generator(seed);
    const operations = steps(world, random);
    const names = Object.keys(operations);
    for (const name of ['newLead', 'newLead', 'newLead', 'groupWrites', 'staffWrites', 'client', 'clientWrites']) await operations[name]!();
    for (let round = 0; round < 12; round++) {
      const batch = Array.from({ length: 6 }, () => random.pick(names)!);
      const outcomes = await Promise.allSettled(batch.map((name) => operations[name]!()));
      // Steps racing for one lead may meet a unique key or a deadlock; whatever commits must be counted exactly.
      for (const outcome of outcomes) if (outcome.status === 'rejected' && !/deadlock|unique|violates/i.test(String(outcome.reason))) throw outcome.reason;
      try {
        await expectExact(world);
      } catch (error) {
        throw new Error(`seed ${seed}, round ${round} (${batch.join(', ')}): ${(error as Error).message}`, { cause: error });
      }
    }
  }, 300_000);

  it('fold their rows without changing the sums', async () => {
    const world = await firm(99_000 + (Date.now() % 1000));
    const operations = steps(world, generator(7));
    for (let i = 0; i < 10; i++) await operations.newLead!();
    const rows = async () => (await sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox_counts WHERE org_id = :orgId',
      { replacements: { orgId: world.org.id }, type: QueryTypes.SELECT }))[0]!.n;
    // Each message into a read conversation and each read of it adds two rows.
    for (let i = 0; i < 200 && await rows() <= 64; i++) await operations[i % 2 ? 'read' : 'leadWrites']!();
    expect(await rows()).toBeGreaterThan(64);
    const before = await recount(world.org.id, world.staff[1]!.id);
    expect(await conversationCounts(sequelize, world.org.id, world.staff[1]!.id)).toEqual(before);
    expect(await rows()).toBeLessThanOrEqual(8 * 4);
    expect(await conversationCounts(sequelize, world.org.id, world.staff[1]!.id)).toEqual(before);
  }, 120_000);
});
