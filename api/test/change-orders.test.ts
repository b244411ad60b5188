import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Estimate, Organization, Project, Stage, User } from '@crm/database';
import { createLocalStorage, openJobQueue } from '@crm/core';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { bearer } from '@crm/testing/api';
import { approveEstimateForProject } from '@crm/testing/change-order-fixtures';
import { initDataFor, testBotToken } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
let mediaDir: string;
// Estimates are sent (a PDF in media storage, a message queued) and approved as in the product.
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-change-orders-'));
  const storage = createLocalStorage({ root: mediaDir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: `agenda_change_orders_${process.pid}` });
  api = await createTestApi({ storage, queue: jobs.queue });
});
afterAll(async () => {
  await api?.close();
  await jobs?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

type Auth = ReturnType<typeof bearer>;
interface ContractLine {
  estimate_line_id: number | null;
  added_line_id: number | null;
  name: string;
  quantity: string;
  unit_price: string;
  total: string;
}
interface Contract {
  estimate_id: number;
  total: string;
  sections: Array<{ id: number; name: string; stage_id: number | null; lines: ContractLine[] }>;
}

/** A firm with a client's project made from an approved estimate: kitchen and bathroom, 10% markup, 5% discount, VAT 20% on top. */
async function firm() {
  const { token } = await api.register();
  const auth = bearer(token);
  const ok = async (res: { status: number; body: unknown }, status = 201) => {
    if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, never>;
  };
  const project = await ok(await api.http.post('/api/projects').set(auth).send({ name: 'Flat on Tverskaya', address: 'Tverskaya 7' }));
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await api.http[method.toLowerCase() as 'post'](`/api${url}`)
      .set(auth)
      .send(body as object);
    return ok(res, res.status >= 200 && res.status < 300 ? res.status : 200);
  };
  const { estimate, stages } = await approveEstimateForProject(call as never, project.id, {
    title: 'Flat',
    markup_type: 'percent',
    markup_value: '10',
    discount_type: 'percent',
    discount_value: '5',
    vat_rate: '20',
    sections: [
      {
        name: 'Kitchen',
        lines: [
          { name: 'Tiles', unit: 'm²', quantity: '10', unit_price: '1500' },
          { name: 'Sockets', unit: 'pcs', quantity: '6', unit_price: '450.50' },
        ],
      },
      {
        name: 'Bathroom',
        length: '2',
        width: '1.5',
        height: '2.5',
        lines: [{ name: 'Floor tiles', unit: 'm²', quantity_source: 'floor_area', unit_price: '1700' }],
      },
    ],
  });
  return { auth, project, estimate, stages };
}
type Firm = Awaited<ReturnType<typeof firm>>;

const contractOf = async (auth: Auth, projectId: number) => (await api.http.get(`/api/projects/${projectId}/contract`).set(auth).expect(200)).body as Contract;
const summaryOf = async (auth: Auth, projectId: number) => (await api.http.get(`/api/projects/${projectId}/summary`).set(auth).expect(200)).body.money;
const plannedOf = async (projectId: number) =>
  Object.fromEntries((await Stage.findAll({ where: { project_id: projectId } })).map((s) => [s.name, s.budget_planned]));

describe('change orders built from the approved estimate', () => {
  let f: Firm;
  let contract: Contract;
  beforeAll(async () => {
    f = await firm();
    contract = await contractOf(f.auth, f.project.id);
  });

  it('the contract is the approved estimate, each section with its stage', async () => {
    // 15000 + 2703 + 3 m² × 1700 = 22803; +10% = 25083.30; −5% (1254.165 → 1254.17) = 23829.13; VAT 4765.826 → 4765.83: 28594.96
    expect(contract).toMatchObject({ estimate_id: f.estimate.id, total: '28594.96' });
    expect(contract.sections.map((s) => [s.name, s.stage_id])).toEqual([
      ['Kitchen', f.stages.Kitchen],
      ['Bathroom', f.stages.Bathroom],
    ]);
    expect(contract.sections[1]!.lines[0]).toMatchObject({ quantity: '3.000', total: '5100.00' });
  });

  it('calculate gives the delta from core without saving; the create stores the same amount and its lines', async () => {
    const [kitchen, bathroom] = contract.sections;
    const lines = [
      { action: 'change', estimate_line_id: kitchen!.lines[0]!.estimate_line_id, quantity: '12.5' },
      { action: 'remove', estimate_line_id: kitchen!.lines[1]!.estimate_line_id },
      { action: 'add', section_id: bathroom!.id, name: 'Towel rail', unit: 'pcs', quantity: '1', unit_price: '4999.99' },
    ];
    const calc = await api.http.post('/api/change-requests/calculate').set(f.auth).send({ project_id: f.project.id, lines }).expect(200);
    // lines: +3750 − 2703 + 4999.99 = 6046.99 at line prices; the markup, discount and VAT deltas bring it to the total's difference
    expect(calc.body.figures.delta).toEqual({
      subtotal: '6046.99',
      markup_amount: '604.70',
      discount_amount: '332.58',
      vat_amount: '1263.82',
      total: '7582.93',
    });
    expect(calc.body.amount).toBe('7582.93');
    expect(calc.body.lines.map((l: { delta: string }) => l.delta)).toEqual(['3750.00', '-2703.00', '4999.99']);
    expect(await Estimate.count({ where: { project_id: f.project.id } })).toBe(1);

    const created = await api.http.post('/api/change-requests').set(f.auth).send({ project_id: f.project.id, title: 'Kitchen and bath changes', lines });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amount: '7582.93', status: 'pending', estimate_id: f.estimate.id });
    expect(
      created.body.lines.map((l: Record<string, unknown>) => [l.action, l.name, l.old_quantity, l.new_quantity, l.old_total, l.new_total, l.delta, l.stage_id]),
    ).toEqual([
      ['change', 'Tiles', '10.000', '12.500', '15000.00', '18750.00', '3750.00', f.stages.Kitchen],
      ['remove', 'Sockets', '6.000', null, '2703.00', null, '-2703.00', f.stages.Kitchen],
      ['add', 'Towel rail', null, '1.000', null, '4999.99', '4999.99', f.stages.Bathroom],
    ]);
    // Read back and sent unchanged: the same change order.
    const put = await api.http.put(`/api/change-requests/${created.body.id}`).set(f.auth).send(created.body);
    expect(put.status).toBe(200);
    expect(put.body.amount).toBe('7582.93');
    expect(put.body.lines).toHaveLength(3);
  });

  it('approval raises the contract total and the stage plans by their shares, exactly once', async () => {
    const before = await summaryOf(f.auth, f.project.id);
    const plannedBefore = await plannedOf(f.project.id);
    const [kitchen] = contract.sections;
    const cr = await api.http
      .post('/api/change-requests')
      .set(f.auth)
      .send({
        project_id: f.project.id,
        title: 'More tiles',
        lines: [{ action: 'change', estimate_line_id: kitchen!.lines[0]!.estimate_line_id, quantity: '11' }],
      })
      .expect(201);
    // +1500 at line prices → +1650 markup → −82.50 discount → ×1.2 = 1881.00
    expect(cr.body.amount).toBe('1881.00');
    const decisions = await Promise.all(
      [1, 2, 3].map(() => api.http.post(`/api/change-requests/${cr.body.id}/decision`).set(f.auth).send({ decision: 'approved' })),
    );
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409, 409]);
    const after = await summaryOf(f.auth, f.project.id);
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(cents(after.contract_total) - cents(before.contract_total)).toBe(188100);
    expect(after.change_orders_approved).toBe('1881.00');
    const plannedAfter = await plannedOf(f.project.id);
    expect(cents(plannedAfter.Kitchen!) - cents(plannedBefore.Kitchen!)).toBe(188100);
    expect(plannedAfter.Bathroom).toBe(plannedBefore.Bathroom);
    // The contract now stands with the change: 11 m² of tiles, total up by the amount.
    const now = await contractOf(f.auth, f.project.id);
    expect(now.sections[0]!.lines[0]).toMatchObject({ quantity: '11.000', total: '16500.00' });
    expect(cents(now.total) - cents(contract.total)).toBe(188100);
  });

  it('a change order made before another was approved on the same line is refused as stale, not applied twice', async () => {
    const [, bathroom] = contract.sections;
    const target = { action: 'change', estimate_line_id: bathroom!.lines[0]!.estimate_line_id, unit_price: '1800' };
    const first = await api.http
      .post('/api/change-requests')
      .set(f.auth)
      .send({ project_id: f.project.id, title: 'Dearer tiles', lines: [target] })
      .expect(201);
    const second = await api.http
      .post('/api/change-requests')
      .set(f.auth)
      .send({ project_id: f.project.id, title: 'Dearer tiles again', lines: [target] })
      .expect(201);
    await api.http.post(`/api/change-requests/${first.body.id}/decision`).set(f.auth).send({ decision: 'approved' }).expect(200);
    const planned = await plannedOf(f.project.id);
    const stale = await api.http.post(`/api/change-requests/${second.body.id}/decision`).set(f.auth).send({ decision: 'approved' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/prepared/);
    expect(await plannedOf(f.project.id)).toEqual(planned);
    expect((await api.http.get(`/api/change-requests/${second.body.id}`).set(f.auth).expect(200)).body.status).toBe('pending');
  });

  it('plain title + amount change requests keep working and move no stage', async () => {
    const planned = await plannedOf(f.project.id);
    const cr = await api.http.post('/api/change-requests').set(f.auth).send({ project_id: f.project.id, title: 'Extra socket', amount: '3000' }).expect(201);
    expect(cr.body.lines).toEqual([]);
    await api.http.put(`/api/change-requests/${cr.body.id}`).set(f.auth).send(cr.body).expect(200);
    await api.http.post(`/api/change-requests/${cr.body.id}/decision`).set(f.auth).send({ decision: 'approved' }).expect(200);
    expect(await plannedOf(f.project.id)).toEqual(planned);
  });
});

describe('change orders: bad input and other firms', () => {
  it('names the field at fault', async () => {
    const f = await firm();
    const contract = await contractOf(f.auth, f.project.id);
    const line = contract.sections[0]!.lines[0]!;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lines: [{ action: 'grow' }] }, 'lines.0.action'],
      [{ lines: [{ action: 'change', estimate_line_id: line.estimate_line_id, quantity: '-1' }] }, 'lines.0.quantity'],
      [{ lines: [{ action: 'change', estimate_line_id: 2_000_000_000, quantity: '1' }] }, 'lines.0.estimate_line_id'],
      [{ lines: [{ action: 'add', section_id: contract.sections[0]!.id, name: '', unit_price: '1' }] }, 'lines.0.name'],
      [{ lines: [{ action: 'change', estimate_line_id: line.estimate_line_id, quantity: '11' }], amount: '5' }, 'amount'],
      [{}, 'amount'],
    ];
    for (const [body, field] of cases) {
      const res = await api.http
        .post('/api/change-requests')
        .set(f.auth)
        .send({ project_id: f.project.id, title: 'Bad', ...body });
      expect([res.status, Object.keys(res.body.fields ?? {})]).toEqual([400, [field]]);
    }
    const bare = await api.http.post('/api/projects').set(f.auth).send({ name: 'No estimate' }).expect(201);
    const none = await api.http
      .post('/api/change-requests/calculate')
      .set(f.auth)
      .send({ project_id: bare.body.id, lines: [{ action: 'remove', estimate_line_id: line.estimate_line_id }] });
    expect([none.status, Object.keys(none.body.fields)]).toEqual([400, ['project_id']]);
  });

  it('another firm reaches neither the contract, nor the calculation, nor the decision', async () => {
    const f = await firm();
    const other = await firm();
    const contract = await contractOf(f.auth, f.project.id);
    const lines = [{ action: 'remove', estimate_line_id: contract.sections[0]!.lines[0]!.estimate_line_id }];
    const cr = await api.http.post('/api/change-requests').set(f.auth).send({ project_id: f.project.id, title: 'Mine', lines }).expect(201);
    await api.http.get(`/api/projects/${f.project.id}/contract`).set(other.auth).expect(404);
    expect((await api.http.post('/api/change-requests/calculate').set(other.auth).send({ project_id: f.project.id, lines })).status).toBe(400);
    // Its own project with the first firm's estimate line: that line is not in its contract.
    const foreign = await api.http.post('/api/change-requests').set(other.auth).send({ project_id: other.project.id, title: 'Theirs', lines });
    expect([foreign.status, Object.keys(foreign.body.fields)]).toEqual([400, ['lines.0.estimate_line_id']]);
    await api.http.post(`/api/change-requests/${cr.body.id}/decision`).set(other.auth).send({ decision: 'approved' }).expect(404);
    await api.http.get(`/api/change-requests/${cr.body.id}`).set(other.auth).expect(404);
    expect((await api.http.get(`/api/change-requests/${cr.body.id}`).set(f.auth).expect(200)).body.status).toBe('pending');
  });
});

describe('the client sees the lines in the Mini App', () => {
  it('lists each added, removed and changed line with old → new and its delta, and approves from there', async () => {
    const f = await firm();
    const botToken = testBotToken();
    const project = (await Project.findByPk(f.project.id))!;
    await Organization.update({ bot_token: botToken, bot_id: Number(botToken.split(':')[0]), currency: 'EUR' }, { where: { id: project.org_id } });
    const client = await User.create({
      org_id: project.org_id,
      role: 'client',
      name: 'Carl Client',
      telegram_id: 800_000_000 + Math.floor(Math.random() * 1e8),
    });
    await project.update({ client_id: client.id });
    const contract = await contractOf(f.auth, f.project.id);
    const [kitchen, bathroom] = contract.sections;
    const cr = await api.http
      .post('/api/change-requests')
      .set(f.auth)
      .send({
        project_id: f.project.id,
        title: 'Changes',
        lines: [
          { action: 'change', estimate_line_id: kitchen!.lines[0]!.estimate_line_id, unit_price: '1600' },
          { action: 'remove', estimate_line_id: kitchen!.lines[1]!.estimate_line_id },
          { action: 'add', section_id: bathroom!.id, name: 'Mirror', unit: 'pcs', quantity: '2', unit_price: '350' },
        ],
      })
      .expect(201);
    const session = await api.http
      .post('/api/miniapp/session')
      .send({ init_data: initDataFor(botToken, { id: Number(client.telegram_id) }), org_id: project.org_id })
      .expect(200);
    const asClient = bearer(session.body.token);
    const list = await api.http.get(`/api/miniapp/projects/${f.project.id}/change-requests`).set(asClient).expect(200);
    const [mine] = list.body;
    expect(mine).toMatchObject({ id: cr.body.id, amount: cr.body.amount, status: 'pending' });
    expect(mine.lines).toEqual([
      {
        action: 'change',
        section_name: 'Kitchen',
        name: 'Tiles',
        unit: 'm²',
        old_quantity: '10.000',
        new_quantity: '10.000',
        old_unit_price: '1500.00',
        new_unit_price: '1600.00',
        old_total: '15000.00',
        new_total: '16000.00',
        delta: '1000.00',
      },
      {
        action: 'remove',
        section_name: 'Kitchen',
        name: 'Sockets',
        unit: 'pcs',
        old_quantity: '6.000',
        new_quantity: null,
        old_unit_price: '450.50',
        new_unit_price: null,
        old_total: '2703.00',
        new_total: null,
        delta: '-2703.00',
      },
      {
        action: 'add',
        section_name: 'Bathroom',
        name: 'Mirror',
        unit: 'pcs',
        old_quantity: null,
        new_quantity: '2.000',
        old_unit_price: null,
        new_unit_price: '350.00',
        old_total: null,
        new_total: '700.00',
        delta: '700.00',
      },
    ]);
    expect(mine.figures.delta.subtotal).toBe('-1003.00');
    expect(mine.figures.delta.total).toBe(cr.body.amount);
    const before = await plannedOf(f.project.id);
    await api.http.post(`/api/miniapp/change-requests/${cr.body.id}/decision`).set(asClient).send({ decision: 'approved' }).expect(200);
    const after = await plannedOf(f.project.id);
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(Object.keys(after).reduce((sum, name) => sum + cents(after[name]!) - cents(before[name]!), 0)).toBe(cents(cr.body.amount));
  });
});
