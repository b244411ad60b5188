// The data set of the scale benchmark, written with generate_series in a few statements: 20
// organizations, the first (the largest) holding ~28 % of the leads and messages.
//
// At factor 1: 100,000 leads, 1,000,000 chat messages (lead threads, one very busy thread, one
// thread silent since long before everything else, and threads of people without a lead),
// 2,000 projects with 12,000 stages and 200,000 transactions, ~4,300 users.

const ORGS = 20;
const BIG_SHARE = 0.278;

const FIRST = [
  'Александр',
  'Мария',
  'Дмитрий',
  'Анна',
  'Сергей',
  'Елена',
  'Андрей',
  'Ольга',
  'Алексей',
  'Наталья',
  'Иван',
  'Татьяна',
  'Михаил',
  'Ирина',
  'Николай',
  'Светлана',
  'Павел',
  'Юлия',
  'Владимир',
  'Екатерина',
  'Артём',
  'Ксения',
  'Максим',
  'Дарья',
  'Игорь',
  'Виктория',
  'Роман',
  'Полина',
  'Евгений',
  'Алина',
];
const LAST = [
  'Смирнов',
  'Иванов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
];
const STREETS = ['Ленина', 'Пушкина', 'Гагарина', 'Советская', 'Мира', 'Садовая', 'Лесная', 'Школьная', 'Набережная', 'Молодёжная'];
const WORK = ['apartment', 'bathroom', 'kitchen', 'cosmetic', 'capital', 'design', 'other'];
const TEXTS = [
  'Здравствуйте! Сколько стоит ремонт ванной?',
  'Добрый день, нужен капитальный ремонт квартиры',
  'Когда сможете приехать на замер?',
  'Пришлите, пожалуйста, смету',
  'Спасибо, подумаем',
  'Площадь около 54 м², новостройка',
  'А материалы входят в стоимость?',
  'Можно в субботу после 12?',
  'Бюджет примерно 900 тысяч',
  'Фото прикрепил',
  'Хорошо, договорились',
  'Перезвоните мне завтра',
];

const arr = (values) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/** Statements in order; `factor` scales leads, messages and transactions. */
export function seedStatements(factor) {
  const leads = Math.max(2000, Math.round(100_000 * factor));
  const messages = Math.max(20_000, Math.round(1_000_000 * factor));
  const transactions = Math.max(4000, Math.round(200_000 * factor));
  const big = Math.round(leads * BIG_SHARE);
  const silentLead = 7; // in the largest organization; its messages come before everyone else's
  const busyLead = 11;
  // Users are numbered per organization: admin, 5 managers, 10 workers, then clients (17, 18, 19… in the first).
  const silentUser = 19;
  return {
    sizes: { leads, messages, transactions, big, silentLead, busyLead, silentUser },
    sql: [
      `INSERT INTO organizations (name, stale_lead_days) SELECT 'Ремонт-Сервис ' || g, 3 + g % 5 FROM generate_series(1, ${ORGS}) g`,
      // Per organization: an admin, 5 managers, 10 workers and 200 clients (half of them without a lead).
      `INSERT INTO users (org_id, role, name, email, phone, telegram_id, telegram_username)
       SELECT o, r.role::user_role,
         (${arr(FIRST)})[1 + (o * 7 + k) % 30] || ' ' || (${arr(LAST)})[1 + (o * 13 + k) % 40],
         CASE WHEN r.role IN ('admin', 'manager') THEN r.role || k || '.org' || o || '@bench.test' END,
         '+7916' || lpad((o * 1000 + r.base + k)::text, 7, '0'),
         CASE WHEN r.role <> 'admin' THEN 700000000 + o * 1000 + r.base + k END,
         CASE WHEN k % 3 = 0 THEN 'u' || o || '_' || r.base + k END
       FROM generate_series(1, ${ORGS}) o
       CROSS JOIN (VALUES ('admin', 0, 1), ('manager', 10, 5), ('worker', 20, 10), ('client', 100, 200)) r(role, base, n)
       CROSS JOIN LATERAL generate_series(1, r.n) k
       ORDER BY o, r.base, k`,
      // Leads: the first ${big} belong to organization 1, the rest round-robin to the others.
      `INSERT INTO leads (org_id, telegram_id, chat_id, manager_id, name, username, phone, status, position, source, ai_summary,
         work_type, area_m2, rooms, budget_amount, budget_currency, address, hotness, unread_count, needs_manager,
         last_activity_at, created_at, updated_at)
       SELECT s.org, 5000000000 + s.g, 5000000000 + s.g, m.id,
         (${arr(FIRST)})[1 + s.g % 30] || ' ' || (${arr(LAST)})[1 + (s.g / 30) % 40] || CASE WHEN s.g % 30 IN (1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29) THEN 'а' ELSE '' END,
         CASE WHEN s.g % 4 <> 0 THEN 'client' || s.g END,
         CASE WHEN s.g % 5 <> 0 THEN '+7 9' || lpad(((s.g * 7919) % 100000000)::text, 8, '0') END,
         s.status::lead_status, row_number() OVER (PARTITION BY s.org, s.status ORDER BY s.g) - 1,
         (ARRAY['telegram', 'telegram', 'telegram', 'avito', 'site', 'manual'])[1 + s.g % 6],
         CASE WHEN s.g % 5 < 2 THEN 'Хочет ремонт: ' || (${arr(WORK)})[1 + s.g % 7] || ', ' || (30 + s.g % 90) || ' м², бюджет около '
           || (200 + s.g % 3000) || ' тыс., сроки ' || (ARRAY['весной', 'летом', 'осенью', 'как можно скорее'])[1 + s.g % 4] END,
         (${arr(WORK)})[1 + s.g % 7], 30 + s.g % 90, 1 + s.g % 4,
         CASE WHEN s.g % 3 <> 0 THEN (200 + (s.g * 997) % 3000) * 1000 END, 'RUB',
         CASE WHEN s.g % 5 < 3 THEN 'ул. ' || (${arr(STREETS)})[1 + s.g % 10] || ', ' || (1 + s.g % 120) || ', кв. ' || (1 + s.g % 300) END,
         (s.g * 31) % 101, CASE WHEN s.g % 20 = 0 THEN 1 + s.g % 3 ELSE 0 END, s.g % 50 = 0,
         now() - ((s.g * 7919) % 525600) * interval '1 minute',
         now() - (${leads} - s.g) * (interval '400 days' / ${leads}), now()
       FROM (
         SELECT g, CASE WHEN g <= ${big} THEN 1 ELSE 2 + g % ${ORGS - 1} END AS org,
           CASE WHEN g % 100 < 30 THEN 'new' WHEN g % 100 < 48 THEN 'qualified' WHEN g % 100 < 60 THEN 'measurement'
             WHEN g % 100 < 70 THEN 'estimate' WHEN g % 100 < 78 THEN 'contract' WHEN g % 100 < 90 THEN 'won' ELSE 'lost' END AS status
         FROM generate_series(1, ${leads}) g
       ) s
       JOIN (SELECT id, org_id, row_number() OVER (PARTITION BY org_id ORDER BY id) - 1 AS k FROM users WHERE role = 'manager') m
         ON m.org_id = s.org AND m.k = s.g % 5
       ORDER BY s.g`,
      // The silent and the busy lead thread each belong to a client too (their messages without the lead stay in the thread).
      `UPDATE leads l SET client_id = u.id FROM (SELECT id, org_id, row_number() OVER (ORDER BY id) AS k FROM users WHERE org_id = 1 AND role = 'client') u
       WHERE u.org_id = l.org_id AND ((l.id = ${silentLead} AND u.k = 1) OR (l.id = ${busyLead} AND u.k = 2))`,
      // The silent thread: 40 messages, a year before anything else.
      `INSERT INTO chat_messages (org_id, lead_id, direction, content, status, chat_id, created_at, updated_at, read_at)
       SELECT 1, ${silentLead}, CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END::message_direction,
         (${arr(TEXTS)})[1 + g % 12], CASE WHEN g % 2 = 0 THEN 'received' ELSE 'sent' END::delivery_status,
         5000000000 + ${silentLead}, now() - interval '800 days' + g * interval '1 hour', now(), now() - interval '700 days'
       FROM generate_series(1, 40) g`,
      // A client without a lead whose thread went silent just as long ago.
      `INSERT INTO chat_messages (org_id, user_id, direction, content, status, chat_id, created_at, updated_at, read_at)
       SELECT 1, ${silentUser}, CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END::message_direction,
         (${arr(TEXTS)})[1 + g % 12], CASE WHEN g % 2 = 0 THEN 'received' ELSE 'sent' END::delivery_status,
         (SELECT telegram_id FROM users WHERE id = ${silentUser}), now() - interval '790 days' + g * interval '1 hour', now(), now() - interval '700 days'
       FROM generate_series(1, 20) g`,
      // Everyone else's messages, interleaved in time: lead threads (every 300th in the busy one) and,
      // one in 25, the thread of a person without a lead (a manager, or a client without a lead).
      `WITH people AS (
         SELECT id, org_id, telegram_id, row_number() OVER (ORDER BY id) - 1 AS k FROM users u
         WHERE role IN ('manager', 'client') AND id <> ${silentUser} AND NOT EXISTS (SELECT 1 FROM leads l3 WHERE l3.client_id = u.id))
       INSERT INTO chat_messages (org_id, lead_id, user_id, direction, content, status, chat_id, created_at, updated_at, read_at, sent_at)
       SELECT COALESCE(l.org_id, u.org_id), l.id, u.id,
         CASE WHEN s.g % 2 = 0 THEN 'inbound' ELSE 'outbound' END::message_direction,
         (${arr(TEXTS)})[1 + s.g % 12], CASE WHEN s.g % 2 = 0 THEN 'received' ELSE 'sent' END::delivery_status,
         COALESCE(l.chat_id, u.telegram_id), s.at, s.at,
         CASE WHEN s.g % 2 = 0 AND s.g < ${messages - 2000} THEN s.at END, CASE WHEN s.g % 2 = 1 THEN s.at END
       FROM (
         SELECT g, now() - interval '365 days' + g * (interval '365 days' / ${messages}) AS at,
           CASE WHEN g % 25 = 0 THEN NULL WHEN g % 300 = 1 THEN ${busyLead}
             WHEN x = ${silentLead} THEN ${silentLead + 1} ELSE x END AS lead_id,
           CASE WHEN g % 25 = 0 THEN (g / 25) % (SELECT count(*) FROM people) END AS person
         FROM (SELECT g, 1 + ((g::bigint * 2654435761) % ${leads})::int AS x FROM generate_series(1, ${messages}) g) h
       ) s
       LEFT JOIN leads l ON l.id = s.lead_id
       LEFT JOIN people u ON u.k = s.person
       ORDER BY s.g`,
      `UPDATE leads l SET last_message_at = m.at FROM (SELECT lead_id, max(created_at) AS at FROM chat_messages WHERE lead_id IS NOT NULL GROUP BY lead_id) m
       WHERE m.lead_id = l.id`,
      // 100 projects per organization, 6 stages each; the first project of organization 1 is the busiest.
      `INSERT INTO projects (org_id, client_id, manager_id, name, address, status, budget_total, start_date)
       SELECT o, NULL, NULL, 'Квартира, ул. ' || (${arr(STREETS)})[1 + p % 10] || ', ' || p,
         'ул. ' || (${arr(STREETS)})[1 + p % 10] || ', ' || p,
         (CASE WHEN p % 5 = 0 THEN 'done' WHEN p % 7 = 0 THEN 'planning' ELSE 'active' END)::project_status,
         (500 + (p * 37) % 4000) * 1000, current_date - (p * 3)
       FROM generate_series(1, ${ORGS}) o CROSS JOIN generate_series(1, 100) p ORDER BY o, p`,
      `INSERT INTO stages (org_id, project_id, name, status, progress_pct, budget_planned, position)
       SELECT p.org_id, p.id, (ARRAY['Демонтаж', 'Электрика', 'Сантехника', 'Штукатурка', 'Плитка', 'Чистовая отделка'])[k + 1],
         (CASE WHEN k < 2 THEN 'done' WHEN k < 4 THEN 'in_progress' ELSE 'planned' END)::stage_status,
         CASE WHEN k < 2 THEN 100 WHEN k < 4 THEN 50 ELSE 0 END, 100000, k
       FROM projects p CROSS JOIN generate_series(0, 5) k`,
      // Transactions: one in 40 to the busiest project, the rest spread over every project.
      `INSERT INTO transactions (org_id, project_id, amount, type, status, category, description, occurred_on)
       SELECT p.org_id, p.id, (100 + (s.g * 7919) % 90000) / 1.0 + 0.5,
         (CASE WHEN s.g % 5 = 0 THEN 'income' ELSE 'expense' END)::transaction_type,
         (CASE WHEN s.g % 20 = 0 THEN 'rejected' ELSE 'confirmed' END)::transaction_status,
         (ARRAY['materials', 'labour', 'tools', 'transport', 'other'])[1 + s.g % 5], 'Чек №' || s.g, current_date - (s.g % 540)
       FROM (SELECT g, CASE WHEN g % 40 = 0 THEN 1 ELSE 1 + ((g::bigint * 2654435761) % (${ORGS} * 100))::int END AS project_id
             FROM generate_series(1, ${transactions}) g) s
       JOIN projects p ON p.id = s.project_id`,
      `UPDATE projects p SET budget_spent = COALESCE(t.spent, 0) FROM (
         SELECT project_id, SUM(amount) AS spent FROM transactions WHERE type = 'expense' AND status = 'confirmed' GROUP BY project_id) t
       WHERE t.project_id = p.id`,
      `INSERT INTO change_requests (org_id, project_id, title, amount, status, decided_at)
       SELECT p.org_id, p.id, 'Доп. работы ' || k, 15000 * k, (CASE WHEN k = 1 THEN 'pending' ELSE 'approved' END)::change_request_status,
         CASE WHEN k = 2 THEN now() END
       FROM projects p CROSS JOIN generate_series(1, 2) k`,
    ],
  };
}
