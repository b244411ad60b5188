import { describe, expect, it } from '@jest/globals';
import { listGetter, pageOfRange } from './listPage';

describe('a list page from Content-Range', () => {
  it('reads a counted total', () => {
    expect(pageOfRange('leads 0-24/319', 0)).toEqual({ total: 319 });
    expect(pageOfRange('leads 0-0/0', 0)).toEqual({ total: 0 });
  });

  it('reads an uncounted total as more pages to come', () => {
    expect(pageOfRange('leads 0-24/*', 0)).toEqual({ pageInfo: { hasPreviousPage: false, hasNextPage: true } });
    expect(pageOfRange('leads 975-999/*', 975)).toEqual({ pageInfo: { hasPreviousPage: true, hasNextPage: true } });
  });

  it('refuses an answer without the header', () => {
    expect(() => pageOfRange(null, 0)).toThrow(/Content-Range/);
    expect(() => pageOfRange('leads 0-24/NaN', 0)).toThrow(/Content-Range/);
  });

  it('asks in the ra-data-simple-rest convention', async () => {
    const asked: string[] = [];
    const getList = listGetter('/api', async (url) => {
      asked.push(url);
      return { headers: new Headers({ 'Content-Range': 'leads 25-49/*' }), json: [{ id: 1 }] };
    });
    const result = await getList('leads', { pagination: { page: 2, perPage: 25 }, sort: { field: 'name', order: 'ASC' }, filter: { status: 'new' } });
    expect(result).toEqual({ data: [{ id: 1 }], pageInfo: { hasPreviousPage: true, hasNextPage: true } });
    const url = new URL(asked[0]!, 'http://x');
    expect(url.pathname).toBe('/api/leads');
    expect(JSON.parse(url.searchParams.get('range')!)).toEqual([25, 49]);
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['name', 'ASC']);
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ status: 'new' });
  });
});
