// The firm's logo: an admin sets it in Settings, it is checked by its bytes (not its name or declared
// type), kept to 512 KB, served to the firm's own staff only (204 while there is none), and drawn in its PDFs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEstimate, renderEstimatePdf } from '@crm/core';
import { Lead } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

// A 1×1 PNG and the start of a JPEG: what real image files begin with.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

const put = (token: string, org: number, file: Buffer, name = 'logo.png', contentType = 'image/png') =>
  api.http.put(`/api/organizations/${org}/logo`).set(bearer(token)).attach('logo', file, { filename: name, contentType });
const get = (token: string, org: number) =>
  api.http
    .get(`/api/organizations/${org}/logo`)
    .set(bearer(token))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('organization logo', () => {
  it('is set by an admin, served to the firm with its own type, replaced and removed', async () => {
    const a = await api.register();
    expect((await get(a.token, a.org.id)).status).toBe(204);

    const set = await put(a.token, a.org.id, PNG);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ content_type: 'image/png', size: PNG.length });
    const served = await get(a.token, a.org.id);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);

    // A JPEG replaces it, whatever the file is called.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
    expect((await put(a.token, a.org.id, jpeg, 'photo.bin', 'application/octet-stream')).body.content_type).toBe('image/jpeg');
    expect((await get(a.token, a.org.id)).headers['content-type']).toBe('image/jpeg');

    expect((await api.http.delete(`/api/organizations/${a.org.id}/logo`).set(bearer(a.token))).status).toBe(204);
    expect((await get(a.token, a.org.id)).status).toBe(204);
  });

  it('refuses what is not a PNG or JPEG, or too large, naming the logo field, and keeps the old one', async () => {
    const a = await api.register();
    await put(a.token, a.org.id, PNG).expect(200);

    const html = await put(a.token, a.org.id, Buffer.from('<svg onload="alert(1)"></svg>'), 'logo.png', 'image/png');
    expect(html.status).toBe(400);
    expect(html.body.fields).toHaveProperty('logo');
    const large = await put(a.token, a.org.id, Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(600 * 1024)]));
    expect(large.status).toBe(400);
    expect(large.body.fields).toHaveProperty('logo');
    const missing = await api.http.put(`/api/organizations/${a.org.id}/logo`).set(bearer(a.token)).field('note', 'no file');
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toHaveProperty('logo');

    expect(Buffer.compare((await get(a.token, a.org.id)).body as Buffer, PNG)).toBe(0);
  });

  it('belongs to its firm: another firm neither reads nor changes it, and a manager cannot change it', async () => {
    const a = await api.register();
    const b = await api.register();
    await put(a.token, a.org.id, PNG).expect(200);
    expect((await get(b.token, a.org.id)).status).toBe(404);
    expect((await put(b.token, a.org.id, PNG)).status).toBe(404);
    expect((await api.http.delete(`/api/organizations/${a.org.id}/logo`).set(bearer(b.token))).status).toBe(404);
    expect((await get(b.token, b.org.id)).status).toBe(204);

    const manager = await api.http
      .post('/api/users')
      .set(bearer(a.token))
      .send({ name: 'Менеджер', role: 'manager', email: `m-${Date.now()}@logo.test`, password: 'manager horse battery' })
      .expect(201);
    const login = await api.http.post('/api/auth/login').send({ email: manager.body.email, password: 'manager horse battery', organization_id: a.org.id });
    const token = login.body.token as string;
    expect((await get(token, a.org.id)).status).toBe(200);
    expect((await put(token, a.org.id, PNG)).status).toBe(403);
  });

  it('is drawn in the header of the firm’s estimate PDF', async () => {
    const a = await api.register();
    const lead = await Lead.create({ org_id: a.org.id, name: 'Светлана Орлова', position: 0 });
    const estimate = await api.sequelize.transaction((tx) =>
      createEstimate(
        api.sequelize,
        a.org.id,
        null,
        {
          lead_id: lead.id,
          title: 'Ремонт',
          sections: [{ name: 'Кухня', lines: [{ name: 'Покраска стен', unit: 'м²', quantity: '10', unit_price: '400' }] }],
        },
        tx,
      ),
    );
    const images = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
    expect(images((await renderEstimatePdf(estimate)).pdf)).toBe(0);
    await put(a.token, a.org.id, PNG).expect(200);
    expect(images((await renderEstimatePdf(estimate)).pdf)).toBeGreaterThan(0);
  });
});
