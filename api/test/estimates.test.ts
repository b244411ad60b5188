import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Estimate } from '@crm/database';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { seedOrganization, type SeededOrganization } from './fixtures.js';

let api: TestApi;
/** Two firms: `a` works on its estimates, `b` tries to reach them. */
let a: SeededOrganization, b: SeededOrganization;
beforeAll(async () => {
  api = await createTestApi();
  [a, b] = [await seedOrganization(api), await seedOrganization(api)];
});
afterAll(async () => api.close());

const bathroom = {
  name: 'Bathroom',
  length: '2.5',
  width: '1.8',
  height: '2.6',
  openings: [{ width: '0.7', height: '2' }],
  lines: [
    { name: 'Wall tiles', unit: 'm²', quantity_source: 'wall_area', unit_price: '1500' },
    { name: 'Floor tiles', unit: 'm²', quantity_source: 'floor_area', unit_price: '1700.55' },
    { name: 'Skirting', unit: 'm', quantity_source: 'perimeter', unit_price: '99.99' },
    { name: 'Bath installation', unit: 'pcs', quantity: '1', unit_price: '8000' },
  ],
};

describe('estimates: nested CRUD with figures computed by core', () => {
  it('creates an estimate with sections and lines, measures bound to the room, totals exact', async () => {
    const res = await api.http
      .post('/api/estimates')
      .set(a.auth)
      .send({
        lead_id: a.ids.leads,
        title: 'Bathroom',
        discount_type: 'amount',
        discount_value: '1000',
        vat_rate: '20',
        vat_included: true,
        sections: [bathroom],
      });
    expect(res.status).toBe(201);
    // walls: 2 × (2.5 + 1.8) × 2.6 − 0.7 × 2 = 22.36 − 1.4 = 20.96; floor 4.50; perimeter 8.60
    expect(res.body.sections[0]).toMatchObject({ name: 'Bathroom', floor_area: '4.50', wall_area: '20.96', perimeter: '8.60', subtotal: '47952.39' });
    expect(res.body.sections[0].lines.map((l: { quantity: string; total: string }) => [l.quantity, l.total])).toEqual([
      ['20.960', '31440.00'],
      ['4.500', '7652.48'],
      ['8.600', '859.91'],
      ['1.000', '8000.00'],
    ]);
    // net 46952.39; VAT included 20/120 = 7825.40
    expect(res.body).toMatchObject({
      status: 'draft',
      version: 2,
      currency: 'RUB',
      subtotal: '47952.39',
      markup_amount: '0.00',
      discount_amount: '1000.00',
      vat_amount: '7825.40',
      total: '46952.39',
    });
    const list = await api.http
      .get(`/api/estimates?filter=${encodeURIComponent(JSON.stringify({ lead_id: a.ids.leads }))}&sort=${encodeURIComponent('["version","ASC"]')}`)
      .set(a.auth)
      .expect(200);
    expect(list.body.map((e: { version: number }) => e.version)).toEqual([1, 2]);
    expect(list.headers['content-range']).toBe('estimates 0-1/2');
  });

  it('the fixture estimate: markup then VAT on top', async () => {
    const res = await api.http.get(`/api/estimates/${a.ids.estimates}`).set(a.auth).expect(200);
    expect(res.body).toMatchObject({ subtotal: '17106.00', markup_amount: '1710.60', vat_amount: '3763.32', total: '22579.92', valid_until: '2026-12-31' });
    expect(res.body.sections[0].total).toBe('22579.92');
  });

  it('PUT saves the whole nested estimate in place and recomputes', async () => {
    const created = await api.http
      .post('/api/estimates')
      .set(a.auth)
      .send({ lead_id: a.ids.leads, sections: [bathroom] })
      .expect(201);
    const record = created.body;
    const lineIds = record.sections[0].lines.map((l: { id: number }) => l.id);
    record.sections[0].lines.splice(3, 1);
    record.sections[0].lines[0].unit_price = '1600';
    record.sections.push({ name: 'Hall', lines: [{ name: 'Paint', unit: 'l', quantity: '2,5', unit_price: '700' }] });
    record.markup_type = 'amount';
    record.markup_value = '100';
    const put = await api.http.put(`/api/estimates/${record.id}`).set(a.auth).send(record);
    expect(put.status).toBe(200);
    expect(put.body.sections[0].lines.map((l: { id: number }) => l.id)).toEqual(lineIds.slice(0, 3));
    expect(put.body.sections.map((s: { name: string; subtotal: string }) => [s.name, s.subtotal])).toEqual([
      ['Bathroom', '42048.39'],
      ['Hall', '1750.00'],
    ]);
    expect(put.body).toMatchObject({ subtotal: '43798.39', markup_amount: '100.00', total: '43898.39' });
    const again = await api.http.get(`/api/estimates/${record.id}`).set(a.auth).expect(200);
    expect(again.body.sections[1].lines[0]).toMatchObject({ quantity: '2.500', total: '1750.00' });
  });

  it('duplicate makes the next version as a draft with the same content', async () => {
    const dup = await api.http.post(`/api/estimates/${a.ids.estimates}/duplicate`).set(a.auth).expect(201);
    const versions = await Estimate.findAll({ where: { lead_id: a.ids.leads }, order: [['version', 'ASC']] });
    expect(dup.body).toMatchObject({ status: 'draft', version: versions.at(-1)!.version, total: '22579.92', lead_id: a.ids.leads });
    expect(dup.body.sections[0].lines).toHaveLength(2);
    expect(dup.body.sections[0].id).not.toBe((await api.http.get(`/api/estimates/${a.ids.estimates}`).set(a.auth)).body.sections[0].id);
  });

  it('only a draft can be changed or deleted', async () => {
    const dup = await api.http.post(`/api/estimates/${a.ids.estimates}/duplicate`).set(a.auth).expect(201);
    await Estimate.update({ status: 'sent', sent_at: new Date() }, { where: { id: dup.body.id } });
    const put = await api.http.put(`/api/estimates/${dup.body.id}`).set(a.auth).send({ title: 'Changed' });
    expect(put.status).toBe(409);
    expect(put.body.fields).toHaveProperty('status');
    expect((await api.http.delete(`/api/estimates/${dup.body.id}`).set(a.auth)).status).toBe(409);
    const draft = await api.http.post(`/api/estimates/${a.ids.estimates}/duplicate`).set(a.auth).expect(201);
    await api.http.delete(`/api/estimates/${draft.body.id}`).set(a.auth).expect(200);
    expect(await Estimate.count({ where: { id: draft.body.id } })).toBe(0);
  });

  it('bad input answers 400 naming the field, and writes nothing', async () => {
    const before = await Estimate.count({ where: { org_id: a.org.id } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sections: [] }, 'lead_id'],
      [{ lead_id: a.ids.leads, sections: [{ name: '', lines: [] }] }, 'sections.0.name'],
      [{ lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '1', unit_price: 'abc' }] }] }, 'sections.0.lines.0.unit_price'],
      [{ lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '1234567890', unit_price: '1' }] }] }, 'sections.0.lines.0.quantity'],
      [{ lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '1.0001', unit_price: '1' }] }] }, 'sections.0.lines.0.quantity'],
      [
        { lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '1', unit_price: '10000000000000' }] }] },
        'sections.0.lines.0.unit_price',
      ],
      [{ lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '-1', unit_price: '1' }] }] }, 'sections.0.lines.0.quantity'],
      [
        { lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity: '999999999', unit_price: '999999999999' }] }] },
        'sections.0.lines.0.total',
      ],
      [
        { lead_id: a.ids.leads, sections: [{ name: 'A', lines: [{ name: 'x', quantity_source: 'floor_area', unit_price: '1' }] }] },
        'sections.0.lines.0.quantity_source',
      ],
      [{ lead_id: a.ids.leads, sections: [{ name: 'A', length: '10000', width: '1', lines: [] }] }, 'sections.0.length'],
      [
        { lead_id: a.ids.leads, sections: [{ name: 'A', length: '1', width: '1', height: '1', openings: [{ width: '5', height: '2' }], lines: [] }] },
        'sections.0.openings',
      ],
      [{ lead_id: a.ids.leads, vat_rate: '150' }, 'vat_rate'],
      [{ lead_id: a.ids.leads, discount_type: 'percent', discount_value: '120', sections: [bathroom] }, 'discount_value'],
      [{ lead_id: a.ids.leads, markup_type: 'half' }, 'markup_type'],
      [{ lead_id: b.ids.leads }, 'lead_id'],
      [{ project_id: b.ids.projects }, 'project_id'],
      [{ lead_id: a.ids.leads, valid_until: '31.12.2026' }, 'valid_until'],
    ];
    for (const [body, field] of cases) {
      const res = await api.http.post('/api/estimates').set(a.auth).send(body);
      expect({ field, status: res.status, has: Object.keys(res.body.fields ?? {}).includes(field) }).toEqual({ field, status: 400, has: true });
      expect(res.body.fields[field]).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    expect(await Estimate.count({ where: { org_id: a.org.id } })).toBe(before);
  });

  it('calculate answers the figures of an unsaved estimate with the same arithmetic', async () => {
    const res = await api.http
      .post('/api/estimates/calculate')
      .set(a.auth)
      .send({ vat_rate: '20', vat_included: true, discount_type: 'amount', discount_value: '1000', sections: [bathroom] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subtotal: '47952.39', vat_amount: '7825.40', total: '46952.39' });
    expect(res.body.sections[0].lines[2]).toEqual({ quantity: '8.600', total: '859.91' });
    const bad = await api.http
      .post('/api/estimates/calculate')
      .set(a.auth)
      .send({ sections: [{ name: 'A', lines: [{ name: 'x', unit_price: '-5' }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty(['sections.0.lines.0.unit_price']);
  });

  it('another organization sees none of them: 404 by id, empty lists, no duplicates', async () => {
    expect((await api.http.get(`/api/estimates/${a.ids.estimates}`).set(b.auth)).status).toBe(404);
    expect((await api.http.put(`/api/estimates/${a.ids.estimates}`).set(b.auth).send({ title: 'x' })).status).toBe(404);
    expect((await api.http.post(`/api/estimates/${a.ids.estimates}/duplicate`).set(b.auth)).status).toBe(404);
    expect((await api.http.delete(`/api/estimates/${a.ids.estimates}`).set(b.auth)).status).toBe(404);
    const list = await api.http
      .get(`/api/estimates?filter=${encodeURIComponent(JSON.stringify({ lead_id: a.ids.leads }))}`)
      .set(b.auth)
      .expect(200);
    expect(list.body).toEqual([]);
  });
});
