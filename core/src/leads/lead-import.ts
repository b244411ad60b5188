import {
  LEAD_DUPLICATE_MODES,
  LEAD_IMPORT_FIELDS,
  type LeadImportField,
  type LeadImportPreview as LeadImportPreviewOf,
  type LeadImportProgress,
  type LeadImportResult,
  type LeadImportRow as LeadImportRowView,
} from '@crm/contracts';
import { z } from 'zod';
import { LEAD_STATUSES, Lead, Organization, QueryTypes, User, type LeadStatus, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { MONEY_PROBLEMS, readMoney } from '../money/parse-money.js';
import { normalizePhone } from '../phone.js';
import { parseInput } from '../validation.js';
import { publishEvent } from '../events/publish.js';
import {
  cellOf,
  chosenMapping,
  normaliseHeader,
  readSheet,
  readSheetDate,
  refuseInvalidRows,
  sheetPreview,
  suggestMapping,
  type ColumnMapping,
} from '../spreadsheets/index.js';
import { nextPosition } from './lead.service.js';

/**
 * Leads and contacts from another CRM's export (amoCRM and Bitrix24 deals, leads or contacts, as
 * CSV or XLSX): each row becomes a lead card. Earlier fields win a column both could take.
 */
export type { LeadImportProgress, LeadImportResult };
type LeadImportMapping = ColumnMapping<LeadImportField>;

const COMMENT_WORDS = ['примечание', 'примечания', 'комментарий', 'комментарии', 'заметка', 'заметки', 'note', 'notes', 'comment', 'comments'];
const PHONE_WORDS = [
  'рабочий телефон',
  'мобильный телефон',
  'телефон',
  'тел',
  'номер телефона',
  'work phone',
  'mobile phone',
  'phone',
  'phone number',
  'mobile',
  'tel',
];

// Header words as amoCRM and Bitrix24 export them, in Russian and English (compared normalised).
const HEADER_WORDS: Record<LeadImportField, string[]> = {
  phone: PHONE_WORDS,
  // Exports have a work and a mobile phone column: the second is used when the first is empty.
  phone_alt: PHONE_WORDS,
  contact: [
    'основной контакт',
    'полное имя контакта',
    'контакт',
    'контактное лицо',
    'фио',
    'полное имя',
    'клиент',
    'full name',
    'contact',
    'contact name',
    'main contact',
    'client',
  ],
  first_name: ['имя', 'first name', 'given name'],
  last_name: ['фамилия', 'last name', 'surname', 'family name'],
  name: ['название сделки', 'название лида', 'название', 'сделка', 'лид', 'наименование', 'deal name', 'lead name', 'deal', 'lead title', 'title', 'name'],
  budget: ['бюджет', 'сумма', 'сумма сделки', 'стоимость', 'budget', 'amount', 'deal amount', 'opportunity', 'value'],
  status: ['этап сделки', 'этап', 'стадия', 'стадия сделки', 'статус', 'статус лида', 'stage', 'deal stage', 'status', 'lead status'],
  source: ['источник', 'источник лида', 'канал', 'source', 'lead source', 'channel'],
  manager: ['ответственный', 'ответственный менеджер', 'менеджер', 'responsible', 'responsible user', 'assigned to', 'owner', 'manager'],
  address: ['адрес', 'адрес объекта', 'address', 'site address'],
  created_at: [
    'дата создания',
    'дата создания сделки',
    'дата создания лида',
    'создан',
    'создана',
    'created',
    'created at',
    'date created',
    'creation date',
    'created date',
    'date create',
  ],
  // A note and a comment column (or two notes): each non-empty cell becomes a note on the card.
  comment: COMMENT_WORDS,
  comment_alt: COMMENT_WORDS,
};

// Pipeline stage names of amoCRM and Bitrix24 (default and common custom ones) to our statuses;
// the first status whose word a stage name contains wins, so the closing stages come first.
const STAGE_WORDS: Array<[LeadStatus, string[]]> = [
  ['lost', ['не реализ', 'провал', 'отказ', 'некачествен', 'закрыто и не', 'проигр', 'lost', 'junk', 'failed', 'closed lost']],
  ['won', ['успешно', 'успешн', 'выигр', 'оплачен', 'завершен', 'won', 'closed won', 'success', 'converted']],
  ['contract', ['договор', 'принимают решение', 'согласован', 'contract', 'decision', 'negotiation']],
  ['estimate', ['смет', 'расчет', 'кп', 'коммерческое предложение', 'предложение', 'estimate', 'quote', 'proposal']],
  ['measurement', ['замер', 'выезд', 'measurement', 'site visit']],
  ['qualified', ['квалифиц', 'переговоры', 'в работе', 'обработ', 'qualified', 'in progress', 'contacted']],
  ['new', ['новая', 'новый', 'новые', 'первичный контакт', 'неразобран', 'new', 'incoming']],
];

/** A stage name from another CRM as one of our seven statuses; null when nothing matches. */
function statusFromStage(stage: string): LeadStatus | null {
  const text = normaliseHeader(stage);
  if (!text) return null;
  if ((LEAD_STATUSES as readonly string[]).includes(text)) return text as LeadStatus;
  for (const [status, words] of STAGE_WORDS) if (words.some((w) => text.includes(w))) return status;
  return null;
}

/** The first valid phone of a cell that may hold several ("+7 999 …, 8 (495) …"). */
function firstPhone(cell: string, country: string): string | null {
  for (const part of cell.split(/[,;/\n]|\s{2,}/)) {
    const phone = part.trim() ? normalizePhone(part.trim(), country) : null;
    if (phone) return phone;
  }
  return null;
}

const leadImportOptions = z.object({
  mapping: z.partialRecord(z.enum(LEAD_IMPORT_FIELDS), z.number().int().min(0).nullable()).optional(),
  /**
   * A row whose phone an existing lead (or an earlier row) already has: `skip` leaves it out,
   * `update` fills that lead's empty fields from it, `create` makes a second card anyway.
   */
  duplicates: z.enum(LEAD_DUPLICATE_MODES).default('skip'),
  /** The status of rows whose stage is empty or unknown. */
  default_status: z.enum(LEAD_STATUSES).default('new'),
  /** The source of rows without one, so the imported leads can be found in the source filter. */
  default_source: z.string().trim().min(1).max(64).default('import'),
  /** Commit the valid rows and leave the rest out; otherwise any row error refuses the whole file. */
  skip_invalid: z.boolean().default(false),
});
export type LeadImportOptions = z.input<typeof leadImportOptions>;

interface LeadImportValues {
  name: string;
  phone: string | null;
  budget_amount: string | null;
  status: LeadStatus;
  /** A lost lead needs a reason: the other CRM's stage says why ("Закрыто и не реализовано"). */
  lost_reason: string | null;
  source: string;
  manager_id: number | null;
  address: string | null;
  /** When the other CRM created it (ISO); null: now. */
  created_at: string | null;
  /** Its notes and comments, each to become a note on the card. */
  comments: string[];
}

interface LeadImportRow extends LeadImportRowView {
  values: LeadImportValues;
}

/** What an import would do, row by row (the wire's preview, with the values each row would save). */
export type LeadImportPreview = LeadImportPreviewOf<LeadImportRow>;

interface Context {
  country: string;
  timezone: string;
  managers: Map<string, number>;
  leadsByPhone: Map<string, { id: number; name: string }>;
}

async function contextOf(org_id: number): Promise<Context> {
  const org = await Organization.findByPk(org_id, { attributes: ['id', 'country', 'timezone'] });
  if (!org) throw notFound('Organization');
  const staff = await User.findAll({ where: { org_id, role: ['admin', 'manager'], is_active: true }, attributes: ['id', 'name', 'email'] });
  const managers = new Map<string, number>();
  for (const user of staff) {
    managers.set(normaliseHeader(user.name), user.id);
    if (user.email) managers.set(user.email.toLowerCase(), user.id);
  }
  const leads = await Lead.findAll({ where: { org_id }, attributes: ['id', 'name', 'phone'], order: [['id', 'ASC']] });
  const leadsByPhone = new Map<string, { id: number; name: string }>();
  for (const lead of leads) if (lead.phone && !leadsByPhone.has(lead.phone)) leadsByPhone.set(lead.phone, { id: lead.id, name: lead.name });
  return { country: org.country || 'RU', timezone: org.timezone || 'UTC', managers, leadsByPhone };
}

/** Reads the file and shows what the import would do, row by row, without writing anything. */
export async function previewLeadImport(
  org_id: number,
  file: { buffer: Buffer; name?: string },
  rawOptions: LeadImportOptions = {},
): Promise<LeadImportPreview> {
  const options = parseInput(leadImportOptions, rawOptions, 'Invalid import options');
  const sheet = await readSheet(file.buffer, file.name);
  const mapping: LeadImportMapping = chosenMapping(sheet, suggestMapping(sheet.headers, LEAD_IMPORT_FIELDS, HEADER_WORDS), options.mapping);
  const namedBy = (['contact', 'first_name', 'last_name', 'name', 'phone'] as const).filter((f) => mapping[f] !== null && mapping[f] !== undefined);
  if (!namedBy.length) {
    throw new DomainError('validation', 'Map a name or phone column: a lead needs one of them', {
      fields: { 'mapping.contact': 'map a name, contact or phone column' },
    });
  }
  const context = await contextOf(org_id);
  const inFile = new Map<string, number>();
  const rows = sheet.rows.map((cells, i) => readRow(cells, sheet.lines[i]!, mapping, options, context, inFile));
  const count = (action: LeadImportRow['action']) => rows.filter((r) => r.action === action).length;
  return {
    ...sheetPreview(sheet, mapping),
    rows,
    summary: { total: rows.length, create: count('create'), update: count('update'), skip: count('skip'), errors: count('error') },
  };
}

function readRow(
  cells: string[],
  line: number,
  mapping: LeadImportMapping,
  options: z.output<typeof leadImportOptions>,
  context: Context,
  inFile: Map<string, number>,
): LeadImportRow {
  const cell = (field: LeadImportField) => cellOf(cells, mapping[field]).replace(/\s+/g, ' ');
  const raw = Object.fromEntries(LEAD_IMPORT_FIELDS.filter((f) => mapping[f] !== null && mapping[f] !== undefined).map((f) => [f, cell(f)]));
  const errors: LeadImportRow['errors'] = {};
  const notes: LeadImportRow['notes'] = {};

  const phoneText = cell('phone') || cell('phone_alt');
  const phone = phoneText ? firstPhone(phoneText, context.country) : null;
  if (phoneText && !phone) errors[cell('phone') ? 'phone' : 'phone_alt'] = `is not a phone number (${phoneText})`;

  const person = cell('contact') || [cell('first_name'), cell('last_name')].filter(Boolean).join(' ');
  const name = (person || cell('name') || phone || '').slice(0, 200);
  if (!name && !errors.phone) errors[mapping.contact != null ? 'contact' : 'name'] = 'is required: the row has no name and no phone';

  let budget: string | null = null;
  const budgetText = cell('budget');
  if (budgetText) {
    const read = readMoney(budgetText);
    if (!read.ok) errors.budget = `${MONEY_PROBLEMS[read.problem]} (${budgetText})`;
    else if (Number(read.value) > 0) budget = read.value;
  }

  const stage = cell('status');
  let status = stage ? statusFromStage(stage) : null;
  if (stage && !status) notes.status = `unknown stage "${stage}": imported as ${options.default_status}`;
  status ??= options.default_status;

  const managerText = cell('manager');
  const manager_id = managerText ? (context.managers.get(normaliseHeader(managerText)) ?? context.managers.get(managerText.toLowerCase()) ?? null) : null;
  if (managerText && !manager_id) notes.manager = `no active manager named "${managerText}": left unassigned`;

  const createdText = cell('created_at');
  const createdAt = createdText ? readSheetDate(createdText, context.timezone) : null;
  if (createdText && !createdAt) notes.created_at = `not a date "${createdText}": created now`;
  else if (createdAt && createdAt.getTime() > Date.now()) notes.created_at = `"${createdText}" is in the future: created now`;
  // Comments keep their line breaks: only the outer spaces go.
  const comments = (['comment', 'comment_alt'] as const).map((f) => cellOf(cells, mapping[f]).slice(0, 8000)).filter(Boolean);

  const values: LeadImportValues = {
    name,
    phone,
    budget_amount: budget,
    status,
    lost_reason: status === 'lost' ? (stage || 'import').slice(0, 500) : null,
    source: (cell('source') || options.default_source).slice(0, 64),
    manager_id,
    address: cell('address').slice(0, 500) || null,
    created_at: createdAt && !notes.created_at ? createdAt.toISOString() : null,
    comments,
  };

  let duplicate_of: LeadImportRow['duplicate_of'] = null;
  if (phone) {
    const existing = context.leadsByPhone.get(phone);
    const earlier = inFile.get(phone);
    if (existing) duplicate_of = { lead_id: existing.id, line: null, name: existing.name };
    else if (earlier) duplicate_of = { lead_id: null, line: earlier, name: '' };
    else inFile.set(phone, line);
  }
  const action: LeadImportRow['action'] = Object.keys(errors).length
    ? 'error'
    : !duplicate_of || options.duplicates === 'create'
      ? 'create'
      : options.duplicates === 'update' && duplicate_of.lead_id
        ? 'update'
        : 'skip';
  if (action === 'create' && phone && duplicate_of) inFile.set(phone, inFile.get(phone) ?? line);
  return { line, values, raw, errors, notes, action, duplicate_of };
}

const CHUNK = 250;

/** Checks a preview's errors before anything is written (so an HTTP caller can still answer 422). */
export function assertImportable(preview: LeadImportPreview, rawOptions: LeadImportOptions = {}) {
  const options = parseInput(leadImportOptions, rawOptions, 'Invalid import options');
  refuseInvalidRows(preview.rows, options.skip_invalid);
  if (!preview.rows.some((r) => r.action === 'create' || r.action === 'update')) {
    throw new DomainError('validation', 'No row would be imported: every row is a duplicate or has errors', { fields: { file: 'has no new leads' } });
  }
}

/**
 * Imports a previewed file in one transaction, in chunks that report progress: new cards go to the
 * end of their columns with the other CRM's creation date, its notes and comments become notes on
 * the card (by `author_id`, the person importing), duplicates are skipped or fill the existing
 * card's empty fields. Nothing is written when anything fails.
 */
export async function writeLeadImport(
  sequelize: Sequelize,
  org_id: number,
  preview: LeadImportPreview,
  rawOptions: LeadImportOptions = {},
  onProgress?: (progress: LeadImportProgress) => void,
  author_id: number | null = null,
): Promise<LeadImportResult> {
  assertImportable(preview, rawOptions);
  const creates = preview.rows.filter((r) => r.action === 'create');
  const updates = preview.rows.filter((r) => r.action === 'update');
  const total = creates.length + updates.length;
  const currency = await currencyOf(org_id);
  let done = 0;
  onProgress?.({ done, total });
  await sequelize.transaction(async (transaction) => {
    const next = new Map<LeadStatus, number>();
    for (let at = 0; at < creates.length; at += CHUNK) {
      const chunk = creates.slice(at, at + CHUNK).map((r) => r.values);
      const positions: number[] = [];
      for (const v of chunk) {
        if (!next.has(v.status)) next.set(v.status, await nextPosition(sequelize, org_id, v.status, transaction));
        const position = next.get(v.status)!;
        positions.push(position);
        next.set(v.status, position + 1);
      }
      const inserted = await sequelize.query<{ id: number; status: LeadStatus; position: number }>(
        `INSERT INTO leads (org_id, name, phone, budget_amount, budget_currency, status, lost_reason, position, source, manager_id, address, created_at, updated_at, last_activity_at, status_changed_at)
         SELECT :org_id, t.name, t.phone, t.budget::numeric, CASE WHEN t.budget IS NULL THEN NULL ELSE :currency END, t.status::lead_status, t.lost_reason, t.position, t.source, t.manager_id, t.address,
                COALESCE(t.created_at::timestamptz, now()), now(), now(), now()
           FROM unnest(ARRAY[:names]::text[], ARRAY[:phones]::text[], ARRAY[:budgets]::text[], ARRAY[:statuses]::text[], ARRAY[:reasons]::text[], ARRAY[:positions]::int[],
                       ARRAY[:sources]::text[], ARRAY[:managers]::int[], ARRAY[:addresses]::text[], ARRAY[:created]::text[])
                AS t(name, phone, budget, status, lost_reason, position, source, manager_id, address, created_at)
         RETURNING id, status, position`,
        {
          replacements: {
            org_id,
            currency,
            names: chunk.map((v) => v.name),
            phones: chunk.map((v) => v.phone),
            budgets: chunk.map((v) => v.budget_amount),
            statuses: chunk.map((v) => v.status),
            reasons: chunk.map((v) => v.lost_reason),
            positions,
            sources: chunk.map((v) => v.source),
            managers: chunk.map((v) => v.manager_id),
            addresses: chunk.map((v) => v.address),
            created: chunk.map((v) => v.created_at),
          },
          type: QueryTypes.SELECT,
          transaction,
        },
      );
      // A new card is known by its column and place, both unique in the organization.
      const idAt = new Map(inserted.map((row) => [`${row.status}:${row.position}`, row.id]));
      const notes = chunk.flatMap((v, i) => v.comments.map((body) => ({ lead_id: idAt.get(`${v.status}:${positions[i]}`)!, body, created_at: v.created_at })));
      if (notes.length) await writeImportedNotes(sequelize, org_id, author_id, notes, transaction);
      done += chunk.length;
      onProgress?.({ done, total });
    }
    for (let at = 0; at < updates.length; at += CHUNK) {
      const chunk = updates.slice(at, at + CHUNK);
      // Only empty fields are filled: an import never overwrites what the team already knows.
      await sequelize.query(
        `UPDATE leads l SET
            budget_amount = COALESCE(l.budget_amount, t.budget::numeric),
            budget_currency = COALESCE(l.budget_currency, CASE WHEN t.budget IS NULL THEN NULL ELSE :currency END),
            manager_id = COALESCE(l.manager_id, t.manager_id),
            address = COALESCE(NULLIF(l.address, ''), t.address),
            updated_at = now()
           FROM unnest(ARRAY[:ids]::int[], ARRAY[:budgets]::text[], ARRAY[:managers]::int[], ARRAY[:addresses]::text[]) AS t(id, budget, manager_id, address)
          WHERE l.id = t.id AND l.org_id = :org_id`,
        {
          replacements: {
            org_id,
            currency,
            ids: chunk.map((r) => r.duplicate_of!.lead_id),
            budgets: chunk.map((r) => r.values.budget_amount),
            managers: chunk.map((r) => r.values.manager_id),
            addresses: chunk.map((r) => r.values.address),
          },
          transaction,
        },
      );
      done += chunk.length;
      onProgress?.({ done, total });
    }
    // One event for the whole import: boards and lists reload once, not once per card.
    const [first] = await sequelize.query<{ id: number }>('SELECT id FROM leads WHERE org_id = :org_id ORDER BY id DESC LIMIT 1', {
      replacements: { org_id },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (first) await publishEvent(transaction, { org_id, type: 'lead.updated', data: { id: first.id, lead_id: first.id } });
  });
  return { created: creates.length, updated: updates.length, skipped: preview.rows.filter((r) => r.action === 'skip').length, invalid: preview.summary.errors };
}

/** The other CRM's notes as notes on the cards, dated when the card was created there (else now). */
async function writeImportedNotes(
  sequelize: Sequelize,
  org_id: number,
  author_id: number | null,
  notes: Array<{ lead_id: number; body: string; created_at: string | null }>,
  transaction: SqlTransaction,
) {
  await sequelize.query(
    `INSERT INTO notes (org_id, lead_id, author_id, body, created_at, updated_at)
     SELECT :org_id, t.lead_id, :author_id, t.body, COALESCE(t.created_at::timestamptz, now()), COALESCE(t.created_at::timestamptz, now())
       FROM unnest(ARRAY[:leads]::int[], ARRAY[:bodies]::text[], ARRAY[:created]::text[]) AS t(lead_id, body, created_at)`,
    {
      replacements: { org_id, author_id, leads: notes.map((n) => n.lead_id), bodies: notes.map((n) => n.body), created: notes.map((n) => n.created_at) },
      transaction,
    },
  );
}

async function currencyOf(org_id: number): Promise<string> {
  const org = await Organization.findByPk(org_id, { attributes: ['currency'] });
  return org?.currency ?? 'RUB';
}
