import { LOCALES } from '@crm/contracts';
import { Router, type Request } from 'express';
import { literal, Op, type Model, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { compiledWhere, findPlain, insertWhere, Organization, selectSql } from '@crm/database';
import { countUpTo, DomainError, destroyRecord, insertRecord, notFound, parseInput, saveRecord, searchPage, type StaffClaims } from '@crm/core';
import { requireStaff } from '../auth/middleware.js';
import { contentRange, parseListQuery } from '../http/ra-query.js';
import { plain, type ResourceContext, type ResourceDef } from './resource.js';

/** Where the organization scope is applied for every resource: the one place. */
function scoped(def: ResourceDef, auth: StaffClaims, where: Record<string | symbol, unknown> = {}): WhereOptions {
  // AND-ed, never merged: for organizations the scope column is `id`, which a filter may also name.
  return { [Op.and]: [where, { [def.scope ?? 'org_id']: auth.org_id }, ...(def.visibleTo ? [def.visibleTo(auth)] : [])] };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What joins the search fields of a `searchJoined` resource; never part of a search it matches this way. */
const JOIN = '\u0001';

/** The resource's search fields as one text (named through the model's alias, as its queries name the table): the expression its trigram index is built on. */
function joinedSearchText(def: ResourceDef): string {
  const attributes = def.model.getAttributes() as Record<string, { field?: string }>;
  return def.search.map((name) => `COALESCE("${def.model.name}"."${attributes[name]?.field ?? name}", '')`).join(' || chr(1) || ');
}

export function filterWhere(def: ResourceDef, filter: Record<string, unknown>): Record<string | symbol, unknown> {
  const where: Record<string | symbol, unknown> = {};
  const and: unknown[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue;
    if (key === 'q') {
      if (typeof value !== 'string') throw badFilter(key, 'must be text');
      const pattern = `%${escapeLike(value.trim())}%`;
      and.push(
        def.searchJoined && !pattern.includes(JOIN)
          ? literal(`(${joinedSearchText(def)}) ILIKE ${def.model.sequelize!.escape(pattern)}`)
          : { [Op.or]: def.search.map((field) => ({ [field]: { [Op.iLike]: pattern } })) },
      );
    } else if (def.ruleFilters?.[key]) {
      and.push(def.ruleFilters[key](value));
    } else if (key === 'id' || def.filters.includes(key)) {
      const values = (Array.isArray(value) ? value : [value]).map((v) => filterValue(def, key, v));
      where[key] = Array.isArray(value) ? { [Op.in]: values } : values[0];
    } else {
      const range = /^(.+)_(gte|lte)$/.exec(key);
      if (!range || !def.ranges?.includes(range[1])) throw badFilter(key, `is not a filter of ${def.name}`);
      if (typeof value !== 'string' && typeof value !== 'number') throw badFilter(key, 'must be a number or a date');
      and.push({ [range[1]]: { [range[2] === 'gte' ? Op.gte : Op.lte]: filterValue(def, range[1], value, key) } });
    }
  }
  if (and.length) where[Op.and] = and;
  return where;
}

/**
 * One filter value, checked against its column's type so that nothing the caller sends reaches
 * PostgreSQL as an operator object or a value of the wrong type (those would be 500s, not 400s).
 */
function filterValue(def: ResourceDef, column: string, value: unknown, key = column): unknown {
  if (value === null) return null;
  if (typeof value === 'object') throw badFilter(key, 'must be a value or a list of values');
  const type = def.model.getAttributes()[column]?.type as { key?: string; values?: string[] } | undefined;
  const text = String(value);
  switch (type?.key) {
    case 'INTEGER':
    case 'BIGINT':
      if (!/^-?\d{1,15}$/.test(text) || (type.key === 'INTEGER' && Math.abs(Number(text)) > 2_147_483_647)) throw badFilter(key, 'must be a whole number');
      return Number(text);
    case 'BOOLEAN':
      if (!['true', 'false'].includes(text)) throw badFilter(key, 'must be true or false');
      return text === 'true';
    case 'DECIMAL':
      if (!/^-?\d{1,20}(\.\d{1,10})?$/.test(text)) throw badFilter(key, 'must be a number');
      return text;
    case 'DATE':
    case 'DATEONLY':
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}/.test(value) ||
        Number.isNaN(Date.parse(value)) ||
        new Date(`${value.slice(0, 10)}T00:00:00Z`).toISOString().slice(0, 10) !== value.slice(0, 10)
      )
        throw badFilter(key, 'must be a date YYYY-MM-DD or an ISO timestamp');
      // A plain day of a day column is written as it is (Sequelize would parse and format it again with moment, to the same text).
      if (type.key === 'DATEONLY' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return literal(`'${value}'::date`);
      return value;
    case 'ENUM':
      if (type.values && !type.values.includes(text)) throw badFilter(key, `must be one of ${type.values.join(', ')}`);
      return text;
    default:
      if (text.length > 500) throw badFilter(key, 'is too long');
      return text;
  }
}

const badFilter = (key: string, problem: string) =>
  new DomainError('validation', `Invalid filter: ${key} ${problem}`, { fields: { [`filter.${key}`]: problem } });

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Record');
  return id;
}

/** From this offset on, a page is found by ids first (read from an index alone), then its rows. */
const DEFERRED_OFFSET = 500;

/** Past this many rows (or the end of the page asked for, when deeper) a list says "more than" instead of counting them all. */
const LIST_COUNT_CAP = 1000;

/**
 * One page of a list and the total the Content-Range header reports, in as little work as the
 * page allows:
 * - a page that ends before `limit` tells the total by itself, so nothing is counted;
 * - otherwise the rows are counted up to the cap;
 * - a deep page skips rows in the index (ids only) and reads the 25 rows it shows, not the thousands before them;
 * - a search first collects up to the cap of its matches through the trigram index, in whatever order
 *   is cheapest (ids and sort columns only), and sorts and counts those: when they are all the matches,
 *   that is the page and the total, however the matches lie in list order. Only a search with more
 *   matches than the cap walks the list order, and those are dense enough to fill a page soon
 *   (counted with the page by `count(*) OVER ()`, every match was read and sorted with all its columns,
 *   and the planner walked the whole firm in list order).
 */
async function listPage(
  def: ResourceDef,
  where: WhereOptions,
  order: [string, string][],
  range: { offset: number; limit: number },
  search?: { scope: WhereOptions },
) {
  const { model } = def;
  // Written as SQL once: the page, its count and a deep page's rows all use it.
  where = compiledWhere(model, where);
  const bound = () => countUpTo(model, where, Math.max(LIST_COUNT_CAP, range.offset + range.limit) + 1);
  // The rows of ids found under `where`, read by primary key under `within` (a search's page need not match its text again).
  const byIds = async (ids: number[], within: WhereOptions = where) => {
    const found = ids.length ? await findPlain<Row>(model, { where: { [Op.and]: [within, { id: ids }] } }) : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
  };
  const shallowSearch = search !== undefined && range.offset + range.limit <= LIST_COUNT_CAP;
  if (shallowSearch) {
    const page = await searchPage(def.model, where, order, range, LIST_COUNT_CAP);
    if (page) return { rows: await byIds(page.ids, search.scope), count: page.total ?? (await bound()) };
  }
  let rows: Row[];
  if (range.offset < DEFERRED_OFFSET) {
    rows = await findPlain<Row>(model, { where, order, offset: range.offset, limit: range.limit });
  } else {
    rows = await byIds(
      (await findPlain<{ id: number }>(model, { where, order, offset: range.offset, limit: range.limit, attributes: ['id'] })).map((row) => row.id),
    );
  }
  const complete = rows.length < range.limit && (rows.length > 0 || range.offset === 0);
  // A shallow search that got here has more matches than the cap.
  return { rows, count: complete ? range.offset + rows.length : shallowSearch ? null : await bound() };
}

type Row = Record<string, unknown>;

/** One router serving a resource in the ra-data-simple-rest convention. */
/** The list's order as the caller asked, limited to the resource's sortable fields, ties broken by id. */
function orderOf(def: ResourceDef, sort: { field: string; order: 'ASC' | 'DESC' }): Array<[string, 'ASC' | 'DESC']> {
  if (sort.field !== 'id' && !def.sorts.includes(sort.field)) {
    throw new DomainError('validation', `Cannot sort ${def.name} by ${sort.field}`, { fields: { sort: `unknown field ${sort.field}` } });
  }
  return [[sort.field, sort.order], ...(sort.field === 'id' ? [] : [['id', sort.order] as [string, 'ASC' | 'DESC']])];
}

const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv'), locale: z.enum(LOCALES).optional() });

export function resourceRouter(def: ResourceDef, deps: Pick<ResourceContext, 'sequelize' | 'sign' | 'publicUrl' | 'queue' | 'logger'>): Router {
  const router = Router();
  const { sequelize } = deps;
  const ctxOf = (req: Request): ResourceContext => ({
    sequelize,
    auth: req.auth as StaffClaims,
    sign: deps.sign,
    publicUrl: deps.publicUrl,
    queue: deps.queue,
    logger: deps.logger,
  });
  const serialize = async (rows: Model[], ctx: ResourceContext) => (def.serialize ? def.serialize(rows, ctx) : rows.map(plain));
  // Reads take plain rows; a resource whose serializer works on model instances gets them built as findAll would.
  const serializeRows = async (rows: Row[], ctx: ResourceContext) => {
    if (!def.serialize) return rows;
    if (def.plainRows) return def.serialize(rows as never, ctx);
    return def.serialize(def.model.bulkBuild(rows as never, { raw: true, isNewRecord: false }), ctx);
  };
  const readers = requireStaff(...(def.readRoles ?? []));
  const writers = requireStaff(...def.writeRoles);

  const findOwn = async (
    req: Request,
    transaction?: Parameters<typeof def.model.findOne>[0] extends infer O ? (O extends { transaction?: infer T } ? T : never) : never,
  ) => {
    const row = await def.model.findOne({
      where: scoped(def, req.auth as StaffClaims, { id: parseId(String(req.params.id)) }),
      transaction,
      lock: transaction ? true : undefined,
    });
    if (!row) throw notFound(`${def.name} #${req.params.id}`);
    return row;
  };

  // Foreign keys in a body must point at rows of the caller's organization; otherwise they name the field.
  const references = Object.entries(def.references ?? {});
  const referenceWhere = (ref: (typeof references)[number][1], value: unknown, auth: StaffClaims) =>
    ({ id: value, org_id: auth.org_id, ...ref.where }) as WhereOptions;
  const checkReferences = async (values: Record<string, unknown>, auth: StaffClaims, transaction: unknown) => {
    for (const [field, ref] of references) {
      const value = values[field];
      if (value === undefined || value === null) continue;
      const found = await ref.model.count({ where: referenceWhere(ref, value, auth), transaction: transaction as never });
      if (!found)
        throw new DomainError('validation', `${field} does not point to a ${ref.label} of your organization`, { fields: { [field]: `unknown ${ref.label}` } });
    }
  };
  // The same checks as conditions of the statement that writes the row.
  const referenceConditions = (values: Record<string, unknown>, auth: StaffClaims) =>
    references
      .filter(([field]) => values[field] !== undefined && values[field] !== null)
      .map(([field, ref]) => {
        const select = selectSql(ref.model, { attributes: [literal('1')], where: referenceWhere(ref, values[field], auth), limit: 1 });
        return `EXISTS (${select.replace(/;\s*$/, '')})`;
      });
  if (def.insert && (def.hooks?.create || def.hooks?.afterWrite)) throw new Error(`${def.name}: insert excludes the create and afterWrite hooks`);

  router.get('/', readers, async (req, res) => {
    const query = parseListQuery(req.query as Record<string, unknown>, def.defaultSort ?? { field: 'id', order: 'DESC' });
    const order = orderOf(def, query.sort);
    const where = scoped(def, req.auth as StaffClaims, filterWhere(def, query.filter));
    const search = typeof query.filter.q === 'string' && query.filter.q.trim() !== '' ? { scope: scoped(def, req.auth as StaffClaims) } : undefined;
    const { rows, count } = await listPage(def, where, order, query.range, search);
    res.set('Content-Range', contentRange(def.name, query.range.offset, rows.length, count));
    res.json(await serializeRows(rows, ctxOf(req)));
  });

  const exporter = def.export;
  if (exporter) {
    // Before `/:id`: the whole filtered list as CSV (Russian Excel's dialect) or XLSX, in the organization's language and clock.
    router.get('/export', readers, async (req, res) => {
      const { format, locale: asked } = parseInput(exportQuery, { format: req.query.format, locale: req.query.locale }, 'Invalid export');
      const query = parseListQuery(req.query as Record<string, unknown>, def.defaultSort ?? { field: 'id', order: 'DESC' });
      const auth = req.auth as StaffClaims;
      const org = await Organization.findByPk(auth.org_id, { attributes: ['locale', 'timezone'] });
      const locale = asked ?? (org?.locale === 'en' ? 'en' : 'ru');
      const file = await exporter(auth.org_id, scoped(def, auth, filterWhere(def, query.filter)), orderOf(def, query.sort), {
        format,
        locale,
        timeZone: org?.timezone ?? 'UTC',
        publicUrl: deps.publicUrl ?? '',
      });
      res.type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
      res.attachment(`${def.exportName?.[locale] ?? def.name}-${new Date().toISOString().slice(0, 10)}.${format}`);
      res.send(file);
    });
  }

  router.get('/:id', readers, async (req, res) => {
    const [row] = await findPlain<Row>(def.model, { where: scoped(def, req.auth as StaffClaims, { id: parseId(String(req.params.id)) }), limit: 1 });
    if (!row) throw notFound(`${def.name} #${req.params.id}`);
    const [json] = await serializeRows([row], ctxOf(req));
    res.json(json);
  });

  router.post('/', writers, async (req, res) => {
    if (!def.create) throw new DomainError('forbidden', def.closed?.create ?? `${def.name} cannot be created here`);
    const ctx = ctxOf(req);
    const values = parseInput(def.create, req.body ?? {}, `Invalid ${def.name}`);
    if (def.insert) {
      const inserted = await insertWhere<Row>(
        def.model,
        def.insert({ ...values, [def.scope ?? 'org_id']: ctx.auth.org_id }, ctx),
        referenceConditions(values, ctx.auth),
      );
      if (!inserted) {
        // Nothing was written: a reference is not the organization's (named by the check), or was deleted meanwhile.
        await checkReferences(values, ctx.auth, undefined);
        throw new DomainError('conflict', `A record this ${def.name} refers to changed meanwhile; try again`);
      }
      const [json] = await serializeRows([inserted], ctx);
      res.status(201).json(json);
      return;
    }
    const row = await sequelize.transaction(async (tx) => {
      await checkReferences(values, ctx.auth, tx);
      const scopedValues = { ...values, [def.scope ?? 'org_id']: ctx.auth.org_id };
      const created = def.hooks?.create ? await def.hooks.create(scopedValues, ctx, tx) : await insertRecord(def.model, scopedValues, tx);
      await def.hooks?.afterWrite?.(created, ctx, tx);
      return created;
    });
    const [json] = await serialize([row], ctx);
    res.status(201).json(json);
  });

  router.put('/:id', writers, async (req, res) => {
    if (!def.update) throw new DomainError('forbidden', def.closed?.update ?? `${def.name} cannot be changed here`);
    const ctx = ctxOf(req);
    const values = parseInput(def.update, req.body ?? {}, `Invalid ${def.name}`);
    const row = await sequelize.transaction(async (tx) => {
      const current = await findOwn(req, tx as never);
      const previous = plain(current);
      await checkReferences(values, ctx.auth, tx);
      if (def.hooks?.update) await def.hooks.update(current, values, ctx, tx);
      else current.set(values as never);
      await saveRecord(current, tx);
      await def.hooks?.afterWrite?.(current, ctx, tx, previous);
      return current;
    });
    const [json] = await serialize([row], ctx);
    res.json(json);
  });

  router.delete('/:id', writers, async (req, res) => {
    if (!def.remove) throw new DomainError('forbidden', def.closed?.remove ?? `${def.name} cannot be deleted`);
    const ctx = ctxOf(req);
    const row = await sequelize.transaction(async (tx) => {
      const current = await findOwn(req, tx as never);
      const [json] = await serialize([current], ctx);
      if (def.hooks?.remove) await def.hooks.remove(current, ctx, tx);
      else await destroyRecord(current, tx);
      await def.hooks?.afterWrite?.(current, ctx, tx);
      return json;
    });
    res.json(row);
  });

  return router;
}
