import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { COLUMN_PAGE_SIZE, type ColumnPages, type Lead, type LeadStatus } from './statuses';

export type BoardFilter = Record<string, unknown>;
export type ColumnData = InfiniteData<Lead[], unknown>;

/** Under `leads`, so any lead change (a drop here, a live event from another manager) refetches it. */
export const columnKey = (status: LeadStatus, filter: BoardFilter) => ['leads', 'column', status, filter] as const;
export const totalsKey = (filter: BoardFilter) => ['leads', 'totals', filter] as const;

export const pagesOf = (data: ColumnData | undefined): ColumnPages => data?.pages ?? [];

/**
 * One Kanban column, loaded a page at a time by key: the next page starts after the last card shown,
 * so cards moving meanwhile never repeat or go missing.
 */
export function useLeadColumn(status: LeadStatus, filter: BoardFilter) {
  const dataProvider = useDataProvider();
  return useInfiniteQuery<Lead[], Error, ColumnData, ReturnType<typeof columnKey>, number | null>({
    queryKey: columnKey(status, filter),
    initialPageParam: null as number | null,
    queryFn: async ({ pageParam }) =>
      (
        await dataProvider.getList<Lead>('leads', {
          pagination: { page: 1, perPage: COLUMN_PAGE_SIZE },
          sort: { field: 'position', order: 'ASC' },
          filter: { ...filter, status, ...(pageParam === null ? {} : { position_gte: pageParam }) },
        })
      ).data,
    getNextPageParam: (last) => (last.length < COLUMN_PAGE_SIZE ? undefined : last[last.length - 1].position + 1),
  });
}
