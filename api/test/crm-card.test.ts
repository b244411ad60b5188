import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Lead, Note, Notification, QueryTypes, Task } from '@crm/database';
import { claimTaskReminders, notificationRoute } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function company() {
  const owner = await api.register();
  const auth = bearer(owner.token);
  await api.http.put(`/api/organizations/${owner.org.id}`).set(auth).send({ timezone: 'Asia/Vladivostok' }).expect(200);
  const lead = (await api.http.post('/api/leads').set(auth).send({ name: 'Иван', phone: '+79001112233' }).expect(201)).body;
  return { owner, auth, lead };
}

describe('tasks', () => {
  it('creates, lists, edits, ticks off and deletes a task, its due time on the organization clock', async () => {
    const { owner, auth, lead } = await company();
    const created = await api.http.post('/api/tasks').set(auth).send({ lead_id: lead.id, title: 'Перезвонить', due_local: '2026-12-01T15:30' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Перезвонить', due_local: '2026-12-01T15:30', assignee_id: owner.user.id, lead_name: 'Иван', done: false });
    expect(new Date(created.body.due_at).toISOString()).toBe('2026-12-01T05:30:00.000Z');

    const list = await api.http
      .get('/api/tasks')
      .set(auth)
      .query({ filter: JSON.stringify({ lead_id: lead.id, done: false }) })
      .expect(200);
    expect(list.body.map((t: { id: number }) => t.id)).toEqual([created.body.id]);
    expect(list.headers['content-range']).toBe('tasks 0-0/1');

    // react-admin sends the whole record back: the wall-clock time is what changed.
    const moved = await api.http
      .put(`/api/tasks/${created.body.id}`)
      .set(auth)
      .send({ ...created.body, due_local: '2026-12-02T09:00' })
      .expect(200);
    expect(moved.body.due_local).toBe('2026-12-02T09:00');
    const done = await api.http
      .put(`/api/tasks/${created.body.id}`)
      .set(auth)
      .send({ ...moved.body, done: true })
      .expect(200);
    expect(done.body).toMatchObject({ done: true, done_by: owner.user.id });
    expect(
      (
        await api.http
          .get('/api/tasks')
          .set(auth)
          .query({ filter: JSON.stringify({ done: false }) })
      ).body,
    ).toEqual([]);
    const undone = await api.http.put(`/api/tasks/${created.body.id}`).set(auth).send({ done: false }).expect(200);
    expect(undone.body).toMatchObject({ done: false, done_at: null });
    await api.http.delete(`/api/tasks/${created.body.id}`).set(auth).expect(200);
    expect(await Task.findByPk(created.body.id)).toBeNull();
  });

  it('keeps tasks on a project, and reminds of them the same way, naming the project and linking to it', async () => {
    const { owner, auth } = await company();
    const project = (await api.http.post('/api/projects').set(auth).send({ name: 'Квартира на Ленина', address: 'Ленина, 5' }).expect(201)).body;
    const manager = (
      await api.http
        .post('/api/users')
        .set(auth)
        .send({ name: 'Пётр Прораб', role: 'manager', email: `petr-${owner.org.id}@example.test`, password: 'correct horse battery' })
        .expect(201)
    ).body;
    const due = await api.http
      .post('/api/tasks')
      .set(auth)
      .send({ project_id: project.id, title: 'Заказать плитку', due_local: '2020-01-10T10:00', assignee_id: manager.id });
    expect(due.status).toBe(201);
    expect(due.body).toMatchObject({ project_id: project.id, project_name: 'Квартира на Ленина', lead_id: null, assignee_name: 'Пётр Прораб' });
    const later = await api.http
      .post('/api/tasks')
      .set(auth)
      .send({ project_id: project.id, title: 'Принять работу', due_local: '2099-01-10T10:00' })
      .expect(201);

    const listed = await api.http
      .get('/api/tasks')
      .set(auth)
      .query({ filter: JSON.stringify({ project_id: project.id }), sort: '["due_at","ASC"]' })
      .expect(200);
    expect(listed.body.map((t: { id: number }) => t.id)).toEqual([due.body.id, later.body.id]);
    const foreign = await api.register();
    const refused = await api.http.post('/api/tasks').set(bearer(foreign.token)).send({ project_id: project.id, title: 'x', due_local: '2030-01-01T10:00' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toHaveProperty('project_id');

    // What the reminders job runs for each task at its due time (claimed by id: other tests share the database).
    expect(await claimTaskReminders(api.sequelize, new Date(), { task_id: later.body.id })).toEqual([]);
    const [sent] = await claimTaskReminders(api.sequelize, new Date(), { task_id: due.body.id });
    const reminder = await Notification.findOne({ where: { id: sent!.notification_ids } });
    expect(reminder).toMatchObject({
      user_id: manager.id,
      type: 'task.due',
      title: '⏰ Задача: Заказать плитку',
      body: 'Срок: 10:00, 10.01\nОбъект: Квартира на Ленина',
    });
    expect(notificationRoute(reminder!)).toBe(`/projects/${project.id}/show`);
    expect(await claimTaskReminders(api.sequelize, new Date(), { task_id: due.body.id })).toEqual([]);
  });

  it('groups my open tasks into overdue, today and upcoming on the organization calendar', async () => {
    const { auth, lead } = await company();
    const local = (offsetMinutes: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Vladivostok', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .format(new Date(Date.now() + offsetMinutes * 60_000))
        .replace(' ', 'T');
    await api.http
      .post('/api/tasks')
      .set(auth)
      .send({ lead_id: lead.id, title: 'late', due_local: local(-90) })
      .expect(201);
    await api.http
      .post('/api/tasks')
      .set(auth)
      .send({ lead_id: lead.id, title: 'later', due_local: local(3 * 24 * 60) })
      .expect(201);
    const mine = await api.http.get('/api/tasks/mine').set(auth).expect(200);
    expect(mine.body.time_zone).toBe('Asia/Vladivostok');
    expect(mine.body.overdue.map((t: { title: string }) => t.title)).toEqual(['late']);
    expect(mine.body.upcoming.map((t: { title: string }) => t.title)).toEqual(['later']);
  });

  it('names the field for bad input and keeps tasks inside their organization', async () => {
    const a = await company();
    const b = await company();
    const noDue = await api.http.post('/api/tasks').set(a.auth).send({ lead_id: a.lead.id, title: 'x' });
    expect(noDue.status).toBe(400);
    expect(noDue.body.fields).toHaveProperty('due_local');
    const badDue = await api.http.post('/api/tasks').set(a.auth).send({ title: 'x', due_local: '2026-02-30T10:00' });
    expect(badDue.status).toBe(400);
    expect(badDue.body.fields).toHaveProperty('due_local');
    expect((await api.http.post('/api/tasks').set(a.auth).send({ title: '', due_local: '2026-12-01T10:00' })).body.fields).toHaveProperty('title');
    const foreignLead = await api.http.post('/api/tasks').set(a.auth).send({ lead_id: b.lead.id, title: 'x', due_local: '2026-12-01T10:00' });
    expect(foreignLead.status).toBe(400);
    expect(foreignLead.body.fields).toHaveProperty('lead_id');
    const foreignAssignee = await api.http.post('/api/tasks').set(a.auth).send({ title: 'x', due_local: '2026-12-01T10:00', assignee_id: b.owner.user.id });
    expect(foreignAssignee.body.fields).toHaveProperty('assignee_id');

    const task = (await api.http.post('/api/tasks').set(a.auth).send({ lead_id: a.lead.id, title: 'secret', due_local: '2026-12-01T10:00' }).expect(201)).body;
    await api.http.get(`/api/tasks/${task.id}`).set(b.auth).expect(404);
    await api.http.put(`/api/tasks/${task.id}`).set(b.auth).send({ done: true }).expect(404);
    await api.http.delete(`/api/tasks/${task.id}`).set(b.auth).expect(404);
    expect((await api.http.get('/api/tasks').set(b.auth)).body).toEqual([]);
    expect((await api.http.get('/api/tasks/mine').set(b.auth)).body.overdue).toEqual([]);
    expect((await Task.findByPk(task.id))?.done_at).toBeNull();
  });
});

describe('notes and calls on the lead card', () => {
  it('lets only the author edit a note, and shows notes and calls in the timeline', async () => {
    const { owner, auth, lead } = await company();
    const manager = await api.http
      .post('/api/users')
      .set(auth)
      .send({ name: 'Second', role: 'manager', email: `second-${Date.now()}@example.test`, password: 'correct horse battery' })
      .expect(201);
    const login = await api.http.post('/api/auth/login').send({ email: manager.body.email, password: 'correct horse battery' }).expect(200);
    const note = (await api.http.post('/api/notes').set(auth).send({ lead_id: lead.id, body: 'Хочет тёплый пол' }).expect(201)).body;
    expect(note).toMatchObject({ author_id: owner.user.id, author_name: expect.stringMatching(/^Admin /), mine: true });
    expect((await api.http.put(`/api/notes/${note.id}`).set(bearer(login.body.token)).send({ body: 'чужая правка' })).status).toBe(403);
    expect((await api.http.delete(`/api/notes/${note.id}`).set(bearer(login.body.token))).status).toBe(403);
    await api.http
      .put(`/api/notes/${note.id}`)
      .set(auth)
      .send({ ...note, body: 'Хочет тёплый пол в ванной' })
      .expect(200);
    expect((await Note.findByPk(note.id))?.body).toBe('Хочет тёплый пол в ванной');

    const badCall = await api.http.post(`/api/leads/${lead.id}/calls`).set(auth).send({ outcome: 'maybe' });
    expect(badCall.status).toBe(400);
    expect(badCall.body.fields).toHaveProperty('outcome');
    await api.http.post(`/api/leads/${lead.id}/calls`).set(auth).send({ outcome: 'callback', note: 'просил позвонить вечером' }).expect(201);
    const timeline = await api.http.get(`/api/leads/${lead.id}/timeline`).set(auth).expect(200);
    expect(timeline.body.items.map((i: { kind: string }) => i.kind)).toEqual(['call', 'note']);
    expect(timeline.body.items[0]).toMatchObject({ actor: { id: owner.user.id }, data: { outcome: 'callback' } });
  });
});

describe('lost needs a reason', () => {
  it('refuses the Kanban move, the form and a new lead at lost without a reason, naming lost_reason', async () => {
    const { auth, lead } = await company();
    const move = await api.http.post(`/api/leads/${lead.id}/move`).set(auth).send({ status: 'lost', position: 0 });
    expect(move.status).toBe(400);
    expect(move.body.fields.lost_reason).toMatchObject({ code: 'required' });
    const form = await api.http
      .put(`/api/leads/${lead.id}`)
      .set(auth)
      .send({ ...lead, status: 'lost', lost_reason: '  ' });
    expect(form.status).toBe(400);
    expect(form.body.fields).toHaveProperty('lost_reason');
    expect((await api.http.post('/api/leads').set(auth).send({ name: 'x', status: 'lost' })).body.fields).toHaveProperty('lost_reason');
    expect((await Lead.findByPk(lead.id))?.status).toBe('new');

    const saved = await api.http
      .put(`/api/leads/${lead.id}`)
      .set(auth)
      .send({ ...lead, status: 'lost', lost_reason: 'Дорого' })
      .expect(200);
    expect(saved.body).toMatchObject({ status: 'lost', lost_reason: 'Дорого' });
    const timeline = await api.http.get(`/api/leads/${lead.id}/timeline`).set(auth).expect(200);
    expect(timeline.body.items[0]).toMatchObject({ kind: 'status', data: { from: 'new', to: 'lost', reason: 'Дорого' } });
    // Back to work: the reason leaves the card (the timeline keeps it).
    const back = await api.http.post(`/api/leads/${lead.id}/move`).set(auth).send({ status: 'qualified', position: 0 }).expect(200);
    expect(back.body.lost_reason).toBeNull();
  });
});

describe('duplicates and merge', () => {
  it('warns of a duplicate by phone and merges it in one transaction', async () => {
    const { auth, lead } = await company();
    const twin = (await api.http.post('/api/leads').set(auth).send({ name: 'Иван из Авито', phone: '8 900 111-22-33', source: 'avito' }).expect(201)).body;
    const dups = await api.http.get(`/api/leads/${lead.id}/duplicates`).set(auth).expect(200);
    expect(dups.body).toEqual([expect.objectContaining({ id: twin.id, match: ['phone'] })]);
    await ChatMessage.create({ org_id: lead.org_id, lead_id: twin.id, direction: 'inbound', content: 'привет', status: 'received' });
    await api.http.post('/api/tasks').set(auth).send({ lead_id: twin.id, title: 'Позвонить', due_local: '2026-12-01T10:00' }).expect(201);
    await api.http.post(`/api/chats/lead-${twin.id}/notes`).set(auth).send({ content: 'личная заметка в чате' }).expect(201);

    // A failure at the last step (the timeline row) undoes every move before it.
    await api.sequelize.query(`
      CREATE FUNCTION fail_merge_${twin.id}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'merge fault'; END $$;
      CREATE TRIGGER fail_merge_${twin.id} BEFORE INSERT ON lead_events FOR EACH ROW WHEN (NEW.kind = 'merge' AND NEW.lead_id = ${lead.id}) EXECUTE FUNCTION fail_merge_${twin.id}();`);
    const failed = await api.http.post(`/api/leads/${lead.id}/merge`).set(auth).send({ merge_id: twin.id });
    expect(failed.status).toBe(500);
    await api.sequelize.query(`DROP TRIGGER fail_merge_${twin.id} ON lead_events; DROP FUNCTION fail_merge_${twin.id}();`);
    expect(await Lead.findByPk(twin.id)).not.toBeNull();
    expect(await ChatMessage.count({ where: { lead_id: twin.id } })).toBe(1);
    expect(await Task.count({ where: { lead_id: twin.id } })).toBe(1);

    const merged = await api.http.post(`/api/leads/${lead.id}/merge`).set(auth).send({ merge_id: twin.id }).expect(200);
    expect(merged.body.id).toBe(lead.id);
    await api.http.get(`/api/leads/${twin.id}`).set(auth).expect(404);
    const list = await api.http.get('/api/leads').set(auth).expect(200);
    expect(list.body.map((l: { id: number }) => l.id)).toEqual([lead.id]);
    expect(await ChatMessage.count({ where: { lead_id: lead.id } })).toBe(1);
    expect(await Task.count({ where: { lead_id: lead.id } })).toBe(1);
    const timeline = await api.http.get(`/api/leads/${lead.id}/timeline`).set(auth).expect(200);
    expect(timeline.body.items[0]).toMatchObject({ kind: 'merge', data: { merged: { id: twin.id, name: 'Иван из Авито' } } });
    expect(timeline.body.items.find((i: { kind: string; data: { in_chat?: boolean } }) => i.kind === 'note' && i.data.in_chat)?.data.body).toBe(
      'личная заметка в чате',
    );
    const [moved] = await api.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM conversation_notes WHERE conversation_id = 'lead-${lead.id}'`, {
      type: QueryTypes.SELECT,
    });
    expect(moved!.n).toBe(1);
    expect((await api.http.get(`/api/leads/${lead.id}/duplicates`).set(auth)).body).toEqual([]);
  });

  it('refuses a merge with a missing or foreign lead, naming merge_id', async () => {
    const a = await company();
    const b = await company();
    const self = await api.http.post(`/api/leads/${a.lead.id}/merge`).set(a.auth).send({ merge_id: a.lead.id });
    expect(self.status).toBe(400);
    expect(self.body.fields).toHaveProperty('merge_id');
    const foreign = await api.http.post(`/api/leads/${a.lead.id}/merge`).set(a.auth).send({ merge_id: b.lead.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields).toHaveProperty('merge_id');
    await api.http.post(`/api/leads/${b.lead.id}/merge`).set(a.auth).send({ merge_id: a.lead.id }).expect(404);
    expect(await Lead.findByPk(b.lead.id)).not.toBeNull();
  });
});

describe('pipeline settings', () => {
  it('renames and hides stages per organization, with ru and en defaults and validation naming the field', async () => {
    const { owner, auth } = await company();
    const ru = await api.http.get('/api/pipeline').set(auth).expect(200);
    expect(ru.body.stages.map((s: { many: string }) => s.many)).toEqual([
      'Новые',
      'Квалифицированные',
      'Замеры',
      'Сметы',
      'Договоры',
      'Успешные',
      'Проигранные',
    ]);
    expect((await api.http.get('/api/pipeline?locale=en').set(auth)).body.stages[3]).toMatchObject({ status: 'estimate', one: 'Estimate', many: 'Estimates' });

    const saved = await api.http
      .put('/api/pipeline')
      .set(auth)
      .send({ stages: { measurement: { one: 'Выезд', many: 'Выезды' }, contract: { hidden: true } }, lost_reasons: ['Далеко', 'Дорого'] })
      .expect(200);
    expect(saved.body.stages.find((s: { status: string }) => s.status === 'measurement')).toMatchObject({
      one: 'Выезд',
      many: 'Выезды',
      custom_many: 'Выезды',
    });
    expect(saved.body.stages.find((s: { status: string }) => s.status === 'contract')).toMatchObject({ hidden: true });
    expect((await api.http.get('/api/pipeline?locale=en').set(auth)).body).toMatchObject({ lost_reasons: ['Далеко', 'Дорого'] });

    const hideLost = await api.http
      .put('/api/pipeline')
      .set(auth)
      .send({ stages: { lost: { hidden: true } } });
    expect(hideLost.status).toBe(400);
    expect(hideLost.body.fields).toHaveProperty(['stages.lost.hidden']);
    const long = await api.http
      .put('/api/pipeline')
      .set(auth)
      .send({ stages: { new: { many: 'x'.repeat(61) } } });
    expect(long.body.fields).toHaveProperty(['stages.new.many']);
    expect(
      (
        await api.http
          .put('/api/pipeline')
          .set(auth)
          .send({ stages: { paid: {} } })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.http
          .put('/api/pipeline')
          .set(auth)
          .send({ lost_reasons: [''] })
      ).body.fields,
    ).toHaveProperty(['lost_reasons.0']);

    // Hidden stages keep their leads reachable.
    const hidden = (await api.http.post('/api/leads').set(auth).send({ name: 'В договоре', status: 'contract' }).expect(201)).body;
    await api.http.get(`/api/leads/${hidden.id}`).set(auth).expect(200);
    expect(
      (
        await api.http
          .get('/api/leads')
          .set(auth)
          .query({ filter: JSON.stringify({ status: 'contract' }) })
      ).body,
    ).toHaveLength(1);

    // Only an admin changes it.
    const manager = await api.http
      .post('/api/users')
      .set(auth)
      .send({ name: 'M', role: 'manager', email: `pm-${Date.now()}@example.test`, password: 'correct horse battery' })
      .expect(201);
    const login = await api.http.post('/api/auth/login').send({ email: manager.body.email, password: 'correct horse battery' }).expect(200);
    await api.http.get('/api/pipeline').set(bearer(login.body.token)).expect(200);
    await api.http
      .put('/api/pipeline')
      .set(bearer(login.body.token))
      .send({ lost_reasons: ['x'] })
      .expect(403);
    void owner;
  });
});
