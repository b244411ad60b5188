import { bearer, type TestApi } from '@crm/testing/api';

/** Creates one row of every resource in a fresh organization through the API; answers their ids. */
export async function seedOrganization(api: TestApi) {
  const { token, org, user } = await api.register();
  const auth = bearer(token);
  const post = async (resource: string, body: Record<string, unknown>) => {
    const res = await api.http.post(`/api/${resource}`).set(auth).send(body);
    if (res.status !== 201) throw new Error(`${resource}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number } & Record<string, unknown>;
  };
  const stamp = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  const client = await post('users', { name: 'Client C', role: 'client', phone: `+7999${stamp.slice(-7)}` });
  const lead = await post('leads', { name: 'Lead L', source: 'site', budget_amount: '1500000.50' });
  const project = await post('projects', { name: 'Flat on Lenina', address: 'Lenina 1', client_id: client.id, budget_total: '2000000' });
  const stage = await post('stages', { project_id: project.id, name: 'Demolition', budget_planned: '100000' });
  const report = await post('daily-reports', { project_id: project.id, stage_id: stage.id, content: 'Walls down' });
  const transaction = await post('transactions', {
    project_id: project.id,
    amount: '12500.00',
    type: 'expense',
    category: 'materials',
    occurred_on: '2026-11-20',
  });
  const changeRequest = await post('change-requests', { project_id: project.id, title: 'Extra socket', amount: '3000' });
  const estimate = await post('estimates', {
    lead_id: lead.id,
    title: 'Flat renovation',
    markup_value: '10',
    vat_rate: '20',
    valid_until: '2026-12-31',
    sections: [
      {
        name: 'Kitchen',
        length: '4',
        width: '3',
        height: '2.7',
        openings: [{ width: '0.9', height: '2.1' }],
        lines: [
          { name: 'Tiles', unit: 'm²', quantity_source: 'floor_area', unit_price: '1200.50' },
          { name: 'Sockets', unit: 'pcs', quantity: '6', unit_price: '450' },
        ],
      },
    ],
  });
  const catalogItem = await post('catalog-items', { name: 'Socket installation', unit: 'point', price: '450' });
  const ids: Record<string, number> = {
    organizations: org.id,
    users: client.id,
    leads: lead.id,
    projects: project.id,
    stages: stage.id,
    'daily-reports': report.id,
    transactions: transaction.id,
    'change-requests': changeRequest.id,
    estimates: estimate.id,
    'catalog-items': catalogItem.id,
  };
  return { token, auth, org, user, ids };
}

export type SeededOrganization = Awaited<ReturnType<typeof seedOrganization>>;
