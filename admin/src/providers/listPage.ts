import type { GetListParams, GetListResult, RaRecord } from 'react-admin';

/**
 * What a list's `Content-Range: <resource> <first>-<last>/<total>` says. The api counts a large
 * firm's lists only up to a cap and then answers `*` (an unknown total, sent only when rows follow
 * the page); react-admin pages such a list by `pageInfo` instead of a total ("1–25 of more than 25").
 */
export function pageOfRange(header: string | null, offset: number): Pick<GetListResult, 'total' | 'pageInfo'> {
  const match = /\/(\d+|\*)\s*$/.exec(header ?? '');
  if (!match) throw new Error('The Content-Range header is missing from the list answer (is it exposed through CORS?)');
  if (match[1] === '*') return { pageInfo: { hasPreviousPage: offset > 0, hasNextPage: true } };
  return { total: Number(match[1]) };
}

type Fetch = (url: string, options?: { headers?: Headers; signal?: AbortSignal }) => Promise<{ headers: Headers; json: unknown }>;

/** getList in the ra-data-simple-rest convention, reading an uncounted total as partial pagination. */
export function listGetter(apiUrl: string, fetchJson: Fetch) {
  return async <R extends RaRecord>(resource: string, params: GetListParams): Promise<GetListResult<R>> => {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 10 };
    const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
    const offset = (page - 1) * perPage;
    const query = new URLSearchParams({
      sort: JSON.stringify([field, order]),
      range: JSON.stringify([offset, offset + perPage - 1]),
      filter: JSON.stringify(params.filter ?? {}),
    });
    const { headers, json } = await fetchJson(`${apiUrl}/${resource}?${query}`, {
      headers: new Headers({ Accept: 'application/json', Range: `${resource}=${offset}-${offset + perPage - 1}` }),
      ...(params.signal ? { signal: params.signal } : {}),
    });
    return { data: json as R[], ...pageOfRange(headers.get('Content-Range'), offset) };
  };
}
