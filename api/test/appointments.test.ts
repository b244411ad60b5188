// Measurement visits over REST: booking in the organization's time zone, the estimator's other
// visits, slots in the past, moving and cancelling, the reminders planned as jobs, and measurements.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lead, LeadMeasurement } from '@crm/database';
import { openJobQueue } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
const table = `agenda_appointments_${process.pid}`;

beforeAll(async () => {
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: table });
  api = await createTestApi({ queue: jobs.queue });
});
afterAll(async () => {
  if (jobs?.store.kind === 'postgres') await jobs.store.pool.query(`DROP TABLE IF EXISTS "${table}"`).catch(() => {});
  await jobs?.close();
  await api?.close();
});

async function firm(timezone = 'Europe/Berlin') {
  const { token, org, user } = await api.register();
  const auth = bearer(token);
  await api.http.put(`/api/organizations/${org.id}`).set(auth).send({ timezone, locale: 'en' }).expect(200);
  const post = async (resource: string, body: Record<string, unknown>) => api.http.post(`/api/${resource}`).set(auth).send(body);
  const worker = (await post('users', { name: 'Pavel Estimator', role: 'worker', phone: `+7999${String(Date.now()).slice(-7)}` })).body;
  const lead = (await post('leads', { name: 'Olga', source: 'site', address: 'Hauptstr. 5' })).body;
  return { auth, org, user, worker, lead, post };
}

const reminderJobs = async (appointmentId: number) => {
  if (jobs.store.kind !== 'postgres') throw new Error('the test runs on the PostgreSQL job store');
  const { rows } = await jobs.store.pool.query<{ data: Record<string, unknown>; next_run_at: Date }>(
    `SELECT data, next_run_at FROM "${table}" WHERE name = 'appointments.reminder' AND (data->>'appointment_id')::int = $1 ORDER BY next_run_at`,
    [appointmentId],
  );
  return rows.map((r) => [r.data.kind, new Date(r.next_run_at).toISOString(), r.data.starts_at]);
};

describe('appointments', () => {
  it('books a visit on the firm clock, prefills the address, moves the lead and plans both reminders', async () => {
    const f = await firm('Europe/Berlin');
    const res = await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-03-30', time: '10:00', duration_minutes: 90 });
    expect(res.status).toBe(201);
    // 30 March 2099 is summer time in Berlin (UTC+2).
    expect(res.body).toMatchObject({
      starts_at: '2099-03-30T08:00:00.000Z',
      ends_at: '2099-03-30T09:30:00.000Z',
      date: '2099-03-30',
      time: '10:00',
      duration_minutes: 90,
      timezone: 'Europe/Berlin',
      address: 'Hauptstr. 5',
      status: 'scheduled',
      lead_name: 'Olga',
      estimator_name: 'Pavel Estimator',
      client_in_telegram: false,
      estimator_in_telegram: false,
    });
    expect((await Lead.findByPk(f.lead.id))!.status).toBe('measurement');
    // 18:00 on the evening before (summer time, 16:00 UTC) and two hours before.
    expect(await reminderJobs(res.body.id)).toEqual([
      ['day_before', '2099-03-29T16:00:00.000Z', '2099-03-30T08:00:00.000Z'],
      ['soon', '2099-03-30T06:00:00.000Z', '2099-03-30T08:00:00.000Z'],
    ]);

    const list = await api.http
      .get('/api/appointments')
      .set(f.auth)
      .query({ filter: JSON.stringify({ lead_id: f.lead.id }) });
    expect(list.headers['content-range']).toBe('appointments 0-0/1');
    const byEstimator = await api.http
      .get('/api/appointments')
      .set(f.auth)
      .query({ filter: JSON.stringify({ estimator_id: f.worker.id, date: '2099-03-30' }) });
    expect(byEstimator.body.map((a: { id: number }) => a.id)).toEqual([res.body.id]);
    const otherDay = await api.http
      .get('/api/appointments')
      .set(f.auth)
      .query({ filter: JSON.stringify({ date: '2099-03-31' }) });
    expect(otherDay.body).toEqual([]);
  });

  it('refuses a double booking of the estimator with 409 naming the field, and a slot in the past with 400', async () => {
    const f = await firm('Europe/Moscow');
    const first = await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-05-12', time: '10:00' });
    expect(first.status).toBe(201);
    const overlap = await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-05-12', time: '10:30' });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({ error: 'conflict', fields: { estimator_id: { code: 'estimator_busy' } } });
    expect(overlap.body.message).toContain('10:00–11:00');
    // Back to back is fine; another estimator at the same time is fine.
    expect((await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-05-12', time: '11:00' })).status).toBe(201);
    expect((await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.user.id, date: '2099-05-12', time: '10:30' })).status).toBe(201);

    const past = await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2020-01-01', time: '10:00' });
    expect(past.status).toBe(400);
    expect(past.body.fields.starts_at).toMatchObject({ code: 'in_past' });
    const noTime = await f.post('appointments', { lead_id: f.lead.id, date: '2099-05-12' });
    expect(noTime.status).toBe(400);
    expect(Object.keys(noTime.body.fields)).toEqual(['time']);
    const client = (await f.post('users', { name: 'A client', role: 'client', phone: '+79991112233' })).body;
    const notEstimator = await f.post('appointments', { lead_id: f.lead.id, estimator_id: client.id, date: '2099-05-13', time: '10:00' });
    expect(notEstimator.status).toBe(400);
    expect(notEstimator.body.fields).toHaveProperty('estimator_id');

    // A cancelled visit frees the estimator's time; a move into a busy slot is refused.
    const cancel = await api.http
      .put(`/api/appointments/${first.body.id}`)
      .set(f.auth)
      .send({ ...first.body, status: 'cancelled' });
    expect(cancel.body.status).toBe('cancelled');
    expect((await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-05-12', time: '10:00' })).status).toBe(201);
    const late = await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-05-12', time: '15:00' });
    const clash = await api.http
      .put(`/api/appointments/${late.body.id}`)
      .set(f.auth)
      .send({ ...late.body, time: '11:30' });
    expect(clash.status).toBe(409);
    expect(
      await api.http
        .delete(`/api/appointments/${late.body.id}`)
        .set(f.auth)
        .then((r) => r.status),
    ).toBe(403);
  });

  it('moving a visit asks the client again, resets its reminder marks and plans new reminders for the new start', async () => {
    const f = await firm('Europe/Moscow');
    const booked = (await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-07-01', time: '12:00' })).body;
    const moved = await api.http
      .put(`/api/appointments/${booked.id}`)
      .set(f.auth)
      .send({ ...booked, date: '2099-07-02', time: '09:00', status: 'confirmed' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ starts_at: '2099-07-02T06:00:00.000Z', status: 'scheduled', reminded_day_before_at: null });
    expect(await reminderJobs(booked.id)).toEqual([
      ['day_before', '2099-06-30T15:00:00.000Z', '2099-07-01T09:00:00.000Z'],
      ['soon', '2099-07-01T07:00:00.000Z', '2099-07-01T09:00:00.000Z'],
      ['day_before', '2099-07-01T15:00:00.000Z', '2099-07-02T06:00:00.000Z'],
      ['soon', '2099-07-02T04:00:00.000Z', '2099-07-02T06:00:00.000Z'],
    ]);
  });

  it('serves an estimator’s measurements on the lead; they cannot be written over REST', async () => {
    const f = await firm();
    const visit = (await f.post('appointments', { lead_id: f.lead.id, estimator_id: f.worker.id, date: '2099-01-10', time: '10:00' })).body;
    await LeadMeasurement.create({
      org_id: f.org.id,
      lead_id: f.lead.id,
      appointment_id: visit.id,
      author_id: f.worker.id,
      notes: 'kitchen 3 x 4',
      rooms: [{ name: 'kitchen', length: '3', width: '4', height: null }],
      media: [{ type: 'photo', file_id: 'f1', file_unique_id: 'u1', key: null }],
    });
    const list = await api.http
      .get('/api/measurements')
      .set(f.auth)
      .query({ filter: JSON.stringify({ lead_id: f.lead.id }) });
    expect(list.body).toEqual([
      expect.objectContaining({
        author_name: 'Pavel Estimator',
        rooms: [{ name: 'kitchen', length: '3', width: '4', height: null }],
        media: [expect.objectContaining({ type: 'photo', pending: true, url: null })],
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('f1');
    expect((await api.http.get(`/api/appointments/${visit.id}`).set(f.auth)).body.measurements).toBe(1);
    expect((await f.post('measurements', { lead_id: f.lead.id })).status).toBe(403);
  });
});
