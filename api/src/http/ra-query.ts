import { z } from 'zod';
import { DomainError, parseInput } from '@crm/core';

/** The list query of ra-data-simple-rest: `sort=["field","ASC"]&range=[0,24]&filter={...}`. */
export interface ListQuery {
  sort: { field: string; order: 'ASC' | 'DESC' };
  range: { offset: number; limit: number };
  filter: Record<string, unknown>;
}

const MAX_PAGE = 1000;

function json(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new DomainError('validation', `${name} must be given once, as JSON`, { fields: { [name]: 'must be JSON' } });
  try {
    return JSON.parse(raw);
  } catch {
    throw new DomainError('validation', `${name} is not valid JSON`, { fields: { [name]: 'must be valid JSON' } });
  }
}

const sortSchema = z.tuple([z.string().min(1), z.enum(['ASC', 'DESC', 'asc', 'desc'])]);
const rangeSchema = z
  .tuple([z.number().int().min(0, 'must not be negative'), z.number().int().min(0, 'must not be negative')])
  .refine(([start, end]) => end >= start, 'end must not be before start')
  .refine(([start, end]) => end - start < MAX_PAGE, `at most ${MAX_PAGE} rows per page`);
const filterSchema = z.record(z.string(), z.unknown());

export function parseListQuery(query: Record<string, unknown>, defaultSort: ListQuery['sort']): ListQuery {
  const sortRaw = json('sort', query.sort);
  const rangeRaw = json('range', query.range);
  const filterRaw = json('filter', query.filter);
  const sort = sortRaw === undefined ? [defaultSort.field, defaultSort.order] : parseInput(sortSchema, sortRaw, 'Invalid sort');
  const [start, end] = rangeRaw === undefined ? [0, 24] : parseInput(rangeSchema, rangeRaw, 'Invalid range');
  const filter = filterRaw === undefined ? {} : parseInput(filterSchema, filterRaw, 'Invalid filter');
  return {
    sort: { field: sort[0], order: String(sort[1]).toUpperCase() as 'ASC' | 'DESC' },
    range: { offset: start, limit: end - start + 1 },
    filter,
  };
}

/**
 * `Content-Range: <resource> <first>-<last>/<total>`. An uncounted total (more rows than were worth
 * counting) is `*`, as RFC 9110 writes an unknown complete length; it is only sent when rows follow the page.
 */
export function contentRange(resource: string, offset: number, rows: number, total: number | null): string {
  const last = rows ? offset + rows - 1 : offset;
  return `${resource} ${offset}-${last}/${total ?? '*'}`;
}
